#!/usr/bin/env python3
"""Kills `liaison serve` with SIGKILL while it takes writes, restarts it, and checks that nothing acknowledged is lost.

Each cycle sends --writes creates (POST /api/v1/requests) and replies (POST /api/v1/requests/{id}/messages) from
several threads, each with the token of one of several people, and kills the server with SIGKILL once a seeded,
random number of them has been acknowledged, while the other threads' writes are in flight. Then:

  * `liaison audit verify` on the killed server's data must say OK;
  * the server must start again and take the rest of the cycle's writes;
  * every write acknowledged with a 2xx, in this cycle and all before it, must be there with its content: each
    request by id (subject, customer, first message) and each reply in its request's conversation (by id, with its
    body); GET /api/v1/audit/verify must say ok.

Writes that were not acknowledged may or may not be there. The next cycle writes to the same server.
The seed is printed; LIAISON_CRASH_SEED=<seed> (or --seed) replays the same kill points and write mix.
Runs against SQLite in a throwaway folder, or against PostgreSQL when LIAISON_DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from liaisontest import Client, Server  # noqa: E402

PEOPLE = [  # email, name, role: several people, so that the writes come from several tokens and audit actors
    ("crash-admin@crash.test", "崩溃测试管理员", "admin"),
    ("crash-lead@crash.test", "Crash Supervisor", "supervisor"),
    ("crash-agent1@crash.test", "王客服", "agent"),
    ("crash-agent2@crash.test", "Agent Two", "agent"),
]
PASSWORD = "Crash-Test-Passw0rd!"


class Ledger:
    """What the server acknowledged, across cycles."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: dict[str, dict] = {}  # id -> subject, body, customerId
        self.messages: dict[str, dict] = {}  # id -> requestId, body
        self.request_ids: list[str] = []


class Cycle:
    """At least `writes` writes from `threads` threads: up to the kill, then the rest against the restarted server."""

    def __init__(self, server: Server, ledger: Ledger, tokens: list[str], customers: list[str], rng: random.Random,
                 seed: int, number: int, writes: int, threads: int):
        self.server, self.ledger, self.tokens, self.customers = server, ledger, tokens, customers
        self.seed, self.number, self.writes, self.threads = seed, number, writes, threads
        # The kill comes after between 10% and 90% of the planned writes were acknowledged.
        self.kill_after = rng.randint(writes // 10, writes * 9 // 10)
        self.worker_rngs = [random.Random(rng.randrange(2**32)) for _ in range(threads)]
        self.quota = [writes // threads + (1 if i < writes % threads else 0) for i in range(threads)]
        self.done = [0] * threads
        self.lock = threading.Lock()
        self.acknowledged = 0
        self.acknowledged_at_kill = 0
        self.creates = 0
        self.replies = 0
        self.sent = 0
        self.sent_at_kill = 0
        self.in_flight = 0
        self.in_flight_at_kill = 0
        self.killing = False  # this phase ends with a kill
        self.stop = threading.Event()
        self.killed_at = 0.0
        self.unexpected: list[str] = []

    def _acknowledge(self) -> None:
        with self.lock:
            self.acknowledged += 1
            if self.killing and self.acknowledged >= self.kill_after and not self.stop.is_set():
                self.stop.set()  # first, so that the other writers take the failures that follow for the kill
                self.acknowledged_at_kill = self.acknowledged
                self.sent_at_kill = self.sent
                self.in_flight_at_kill = self.in_flight - 1  # the write just answered is no longer in flight
                self.server.kill()
                self.killed_at = time.monotonic()

    def _unexpected(self, text: str) -> None:
        with self.lock:
            self.unexpected.append(text)

    def worker(self, index: int) -> None:
        rng = self.worker_rngs[index]
        client = Client(self.server.port, self.tokens[index % len(self.tokens)], timeout=60)
        try:
            while self.done[index] < self.quota[index] and not self.stop.is_set():
                marker = f"{self.seed}-{self.number}-{index}-{self.done[index]}"
                self.done[index] += 1
                with self.ledger.lock:
                    known = len(self.ledger.request_ids)
                    target = self.ledger.request_ids[rng.randrange(known)] if known else None
                create = target is None or rng.random() < 0.4
                if create:
                    payload = {"customerId": rng.choice(self.customers), "kind": rng.choice(["inquiry", "issue"]),
                               "priority": rng.choice(["low", "normal", "high"]), "channel": "email",
                               "subject": f"崩溃测试 {marker}", "body": f"请求正文 {marker}\n\nbody of {marker}"}
                    path = "/api/v1/requests"
                else:
                    # A public reply and an internal note read differently: a reply repeating a note of the same
                    # request would be refused by the message check as internal text copied out.
                    visibility = rng.choice(["public", "internal"])
                    text = f"回复 {marker}: reply of {marker}" if visibility == "public" else f"备注 {marker}: note {marker}"
                    payload = {"body": text, "visibility": visibility}
                    path = f"/api/v1/requests/{target}/messages"
                with self.lock:
                    self.in_flight += 1
                    self.sent += 1
                try:
                    status, answer = client.json("POST", path, payload)
                except Exception as error:  # OSError, or http.client.HTTPException when the answer was cut off
                    if not self.stop.is_set():
                        self._unexpected(f"POST {path} got no answer from a running server: {error!r}")
                    return
                finally:
                    with self.lock:
                        self.in_flight -= 1
                if status not in (200, 201):
                    if not self.stop.is_set():
                        detail = answer.get("detail") if isinstance(answer, dict) else answer
                        self._unexpected(f"POST {path} (write {marker}) answered {status}: {detail}")
                    continue
                if not isinstance(answer, dict) or "id" not in answer:
                    self._unexpected(f"POST {path} answered {status} without an id: {answer}")
                    continue
                with self.ledger.lock:
                    if create:
                        self.ledger.requests[answer["id"]] = {"subject": payload["subject"], "body": payload["body"],
                                                              "customerId": payload["customerId"]}
                        self.ledger.request_ids.append(answer["id"])
                    else:
                        self.ledger.messages[answer["id"]] = {"requestId": target, "body": payload["body"]}
                with self.lock:
                    if create:
                        self.creates += 1
                    else:
                        self.replies += 1
                self._acknowledge()
        finally:
            client.close()

    def run(self, kill: bool) -> None:
        """Writes until the kill (kill=True), or the rest of every thread's quota."""
        self.killing = kill
        self.stop = threading.Event()
        threads = [threading.Thread(target=self.worker, args=(i,), name=f"writer-{i}") for i in range(self.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        if kill and self.server.process.poll() is None:
            # Every planned write was answered before the kill point, which happens only when writes were
            # refused: the kill comes now, with nothing in flight.
            self.stop.set()
            self.acknowledged_at_kill, self.sent_at_kill = self.acknowledged, self.sent
            self.server.kill()
            self.killed_at = time.monotonic()


def verify(server: Server, ledger: Ledger, token: str, parallel: int) -> list[str]:
    """Every acknowledged request and reply, fetched from the restarted server; returns what is wrong."""
    by_request: dict[str, list[tuple[str, dict]]] = {rid: [] for rid in ledger.requests}
    for mid, message in ledger.messages.items():
        by_request.setdefault(message["requestId"], []).append((mid, message))
    local = threading.local()

    def check(request_id: str) -> list[str]:
        if not hasattr(local, "client"):
            local.client = Client(server.port, token)
        client = local.client
        problems = []
        expected = ledger.requests.get(request_id)
        status, found = client.json("GET", f"/api/v1/requests/{request_id}")
        if status != 200:
            return [f"acknowledged request {request_id} is missing after the restart: GET answered {status} {found}"]
        if expected and (found.get("subject") != expected["subject"] or found.get("customerId") != expected["customerId"]):
            problems.append(f"request {request_id} changed: expected subject {expected['subject']!r} customer "
                            f"{expected['customerId']}, found {found.get('subject')!r} {found.get('customerId')}")
        status, listing = client.json("GET", f"/api/v1/requests/{request_id}/messages")
        if status != 200:
            return problems + [f"GET /api/v1/requests/{request_id}/messages answered {status} {listing}"]
        stored = {item["id"]: item for item in listing.get("items", [])}
        if expected and not any(item.get("body") == expected["body"] for item in stored.values()):
            problems.append(f"request {request_id} lost its first message {expected['body']!r}")
        for mid, message in by_request.get(request_id, []):
            item = stored.get(mid)
            if item is None:
                problems.append(f"acknowledged reply {mid} to request {request_id} is missing after the restart")
            elif item.get("body") != message["body"]:
                problems.append(f"reply {mid} changed: expected {message['body']!r}, found {item.get('body')!r}")
        return problems

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        results = list(pool.map(check, list(by_request)))
    problems = [problem for result in results for problem in result]
    status, verdict = Client(server.port, token).json("GET", "/api/v1/audit/verify")
    if status != 200 or not isinstance(verdict, dict) or verdict.get("ok") is not True:
        problems.append(f"GET /api/v1/audit/verify after the restart answered {status}: {verdict}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=5, help="kill and restart this many times (default 5)")
    parser.add_argument("--writes", type=int, default=1000, help="writes planned per cycle (default 1000)")
    parser.add_argument("--threads", type=int, default=8, help="concurrent writers (default 8)")
    parser.add_argument("--seed", type=int, default=None, help="default: $LIAISON_CRASH_SEED, else a random one")
    parser.add_argument("--label", default=None, help="name of the database in the output")
    arguments = parser.parse_args()
    seed = arguments.seed if arguments.seed is not None else int(os.environ.get("LIAISON_CRASH_SEED") or
                                                                  random.SystemRandom().randrange(10**9))
    database = arguments.label or ("PostgreSQL" if os.environ.get("LIAISON_DATABASE_URL") else "SQLite")
    print(f"crash test on {database}: seed {seed} (replay with LIAISON_CRASH_SEED={seed}), {arguments.cycles} "
          f"cycles of {arguments.writes} writes from {arguments.threads} threads", flush=True)
    rng = random.Random(seed)
    data_dir = Path(tempfile.mkdtemp(prefix="liaison-crash-"))
    server = Server(data_dir)
    failures: list[str] = []
    started = time.monotonic()
    try:
        for email, name, role in PEOPLE:
            server.create_user(email, name, role, PASSWORD)
        tokens = [server.create_token(email, "crash test") for email, _, _ in PEOPLE]
        server.start()
        admin = Client(server.port, tokens[0])
        customers = []
        for n in range(6):
            status, body = admin.json("POST", "/api/v1/customers", {"name": f"崩溃测试客户 {seed}-{n}",
                                                                     "tier": rng.choice(["key", "standard"])})
            if status != 201:
                raise RuntimeError(f"creating a customer answered {status}: {body}")
            customers.append(body["id"])
        admin.close()
        ledger = Ledger()
        for number in range(1, arguments.cycles + 1):
            cycle = Cycle(server, ledger, tokens, customers, rng, seed, number, arguments.writes, arguments.threads)
            began = time.monotonic()
            cycle.run(kill=True)
            print(f"cycle {number}: kill -9 after {cycle.acknowledged_at_kill} acknowledged writes (kill point "
                  f"{cycle.kill_after}; {cycle.sent_at_kill} sent, {cycle.in_flight_at_kill} in flight at the kill, "
                  f"{cycle.killed_at - began:.1f}s)", flush=True)
            if cycle.in_flight_at_kill == 0:
                print(f"cycle {number}: note: no other write was in flight at the kill", flush=True)
            verdict = server.cli("audit", "verify", check=False)
            output = (verdict.stdout + verdict.stderr).strip()
            if verdict.returncode != 0 or not verdict.stdout.startswith("OK"):
                failures.append(f"cycle {number}: `liaison audit verify` after the kill exited {verdict.returncode}: "
                                f"{output}")
            print(f"cycle {number}: liaison audit verify after the kill: "
                  f"{output.splitlines()[-1] if output else '(nothing)'}", flush=True)
            log_mark = server.log_size()
            try:
                server.start()
            except RuntimeError as error:
                failures.append(f"cycle {number}: the server did not start again after the kill: {error}")
                break
            cycle.run(kill=False)
            failures += [f"cycle {number}: {problem}" for problem in cycle.unexpected]
            problems = verify(server, ledger, tokens[0], parallel=4)
            failures += [f"cycle {number}: {problem}" for problem in problems]
            print(f"cycle {number}: restarted, wrote the rest ({cycle.sent} sent in the cycle, {cycle.acknowledged} "
                  f"acknowledged: {cycle.creates} creates, {cycle.replies} replies); checked {len(ledger.requests)} "
                  f"requests and {len(ledger.messages)} replies acknowledged so far: "
                  f"{'all there' if not problems else f'{len(problems)} problems'}", flush=True)
            if crash := server.crash_lines(since=log_mark):
                failures.append(f"cycle {number}: the restarted server logged: {crash[:3]}")
        code = server.stop()
        if code not in (0, None):
            failures.append(f"the server stopped with status {code} on SIGTERM at the end")
    except Exception as error:  # noqa: BLE001 - reported as a failure of the run
        failures.append(f"{type(error).__name__}: {error}")
        server.kill()
    finally:
        if server.alive():
            server.kill()
    print(f"crash test on {database}: {time.monotonic() - started:.0f}s, seed {seed}")
    if failures:
        for failure in failures[:50]:
            print(f"FAIL: {failure}")
        if len(failures) > 50:
            print(f"... and {len(failures) - 50} more")
        print(f"--- server log (kept in {data_dir}) ---\n{server.log_tail(30)}")
        return 1
    shutil.rmtree(data_dir, ignore_errors=True)
    print(f"crash test on {database}: every acknowledged write survived {arguments.cycles} kills")
    return 0


if __name__ == "__main__":
    sys.exit(main())
