"""Helpers for the live update tests: an API token from the command line, JSON calls, and reading a
`text/event-stream`."""

from __future__ import annotations

import http.client
import json
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def token(binary: Path, env: dict[str, str], email: str, name: str) -> str:
    result = subprocess.run([str(binary), "token", "create", "--user", email, "--name", name],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def call(base: str, token: str, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            return response.status, (json.loads(body) if body else {})
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, (json.loads(body) if body else {})


def request_for_new_customer(base: str, token: str, customer: str, subject: str) -> tuple[str, str]:
    """A customer and a request of it; answers (customer id, request id)."""
    status, made = call(base, token, "POST", "/api/v1/customers", {"name": customer})
    assert status == 201, made
    status, request = call(base, token, "POST", "/api/v1/requests", {
        "customerId": made["id"], "kind": "issue", "priority": "normal", "subject": subject, "body": "请尽快处理"})
    assert status == 201, request
    return made["id"], request["id"]


class EventStream:
    """`GET /api/v1/events` read as it comes: `open` returns once the `ready` event arrived."""

    def __init__(self, base: str, token: str):
        parsed = urllib.parse.urlparse(base)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        self.connection.request("GET", "/api/v1/events",
                                headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"})
        self.response = self.connection.getresponse()
        assert self.response.status == 200, self.response.read()
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        first = self.next(time.monotonic() + 30)
        assert first and first["event"] == "ready", first

    def next(self, deadline: float) -> dict | None:
        """The next event ({"event", "id", "data"}), skipping comments; None when the stream ended."""
        event: dict = {}
        while time.monotonic() < deadline:
            line = self.response.readline()
            if not line:
                return None
            text = line.decode().rstrip("\n")
            if text == "":
                if "event" in event:
                    return event
                event = {}
            elif text.startswith(":") or text.startswith("retry:"):
                continue
            else:
                field, _, value = text.partition(": ")
                event[field] = json.loads(value) if field == "data" else value
        raise AssertionError("no event in time")

    def until(self, accept, timeout: float = 30) -> list[dict]:
        """The events up to and including the first that `accept` takes."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            event = self.next(deadline)
            assert event is not None, f"the stream ended after {seen}"
            seen.append(event)
            if accept(event):
                return seen

    def close(self) -> None:
        self.connection.close()
