"""Two `liaison serve` nodes on one PostgreSQL database: what one writes the other serves, concurrent writes on
both keep one intact audit chain, a file stored through one downloads through the other, recurring jobs run once
per slot however many nodes schedule them, and live updates travel between them (LISTEN/NOTIFY): a reply posted
through one node reaches the event stream and the open request page of the other. Run by scripts/test-two-nodes,
which provides the database."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

import conftest
import helpers
import live

DATABASE_URL = os.environ.get("LIAISON_NODES_DATABASE_URL", "")
PSQL = os.environ.get("LIAISON_NODES_PSQL", "")
pytestmark = pytest.mark.skipif(not DATABASE_URL, reason="needs a PostgreSQL database: run scripts/test-two-nodes")


def _call(base: str, token: str, method: str, path: str, body: bytes | None = None,
          content_type: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _json(base: str, token: str, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
    status, body = _call(base, token, method, path, json.dumps(payload).encode() if payload is not None else None)
    return status, (json.loads(body) if body else {})


def _psql(query: str) -> str:
    result = subprocess.run([*shlex.split(PSQL), "-At", "-c", query], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _start_node(binary: Path, env: dict[str, str], name: str) -> tuple[subprocess.Popen, str, Path]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"liaison-node-{name}-"))
    port = conftest._free_port()
    node_env = dict(env, LIAISON_DATA_DIR=str(data_dir), LIAISON_PORT=str(port))
    log_path = data_dir / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(binary), "serve"], env=node_env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + conftest.SERVER_START_TIMEOUT
    while not conftest._healthy(base + "/healthz"):
        assert process.poll() is None, f"node {name} exited:\n{log_path.read_text(errors='replace')}"
        assert time.monotonic() < deadline, f"node {name} did not answer:\n{log_path.read_text(errors='replace')}"
        time.sleep(0.2)
    return process, base, data_dir


@pytest.fixture(scope="module")
def cluster():
    """Nodes a and b on the one database, and an administrator's token: yields (bases, token)."""
    binary = conftest._binary()
    env = dict(os.environ)
    env.update(LIAISON_DATABASE_URL=DATABASE_URL, LIAISON_HOST="127.0.0.1", LIAISON_BCRYPT_COST="4",
               LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@e2e.test", LIAISON_JOB_POLL_SECONDS="1")
    cli_dir = tempfile.mkdtemp(prefix="liaison-node-cli-")
    cli_env = dict(env, LIAISON_DATA_DIR=cli_dir)
    conftest._create_user(binary, cli_env, "--email", helpers.ADMIN_EMAIL, "--name", helpers.ADMIN_NAME,
                          "--role", "admin", "--password", helpers.ADMIN_PASSWORD)
    token = live.token(binary, cli_env, helpers.ADMIN_EMAIL, "nodes")
    nodes = []
    try:
        nodes = [_start_node(binary, env, "a"), _start_node(binary, env, "b")]
        yield [base for _, base, _ in nodes], token
    finally:
        for process, _, data_dir in nodes:
            conftest._stop(process)
            shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(cli_dir, ignore_errors=True)


def test_two_nodes_share_one_database(cluster):
    bases, token = cluster
    # Writes on both nodes at once: every one lands, and the audit chain stays one chain.
    created: list[str] = []
    failures: list[str] = []

    def write(worker: int):
        for index in range(12):
            base = bases[(worker + index) % 2]
            status, body = _json(base, token, "POST", "/api/v1/customers", {"name": f"节点客户{worker}-{index}"})
            if status == 201:
                created.append(body["id"])
            else:
                failures.append(f"{base}: {status} {body}")

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[:3]
    assert len(created) == 48

    for base in bases:
        status, listing = _json(base, token, "GET", "/api/v1/customers?limit=100")
        assert status == 200
        assert set(created) <= {item["id"] for item in listing["items"]}, base
        status, verdict = _json(base, token, "GET", "/api/v1/audit/verify")
        assert status == 200 and verdict["ok"] is True, verdict

    # A file stored through node A (in the database, as PostgreSQL installations store them) downloads
    # through node B.
    content = b"%PDF-1.7\n" + "两个节点共享的文件".encode()
    name = urllib.parse.quote("合同.pdf")
    status, body = _call(bases[0], token, "POST", f"/api/v1/customers/{created[0]}/attachments?filename={name}",
                         content, content_type="application/octet-stream")
    assert status == 201, body
    attachment = json.loads(body)["id"]
    status, downloaded = _call(bases[1], token, "GET", f"/api/v1/attachments/{attachment}")
    assert status == 200 and downloaded == content

    # Both nodes schedule the recurring jobs and poll for work: each slot is queued once (one row per kind and
    # slot) and claimed by one node only (a second claim would count a second attempt).
    deadline = time.monotonic() + 30
    kinds = ("sessions.expire", "audit.anchor", "sla.sweep", "calendars.holidayCheck")
    while _psql("SELECT COUNT(DISTINCT kind) FROM jobs WHERE status = 'succeeded' AND kind IN "
                f"({', '.join(repr(kind) for kind in kinds)})") != str(len(kinds)):
        assert time.monotonic() < deadline, _psql("SELECT kind, unique_key, status, attempts FROM jobs")
        time.sleep(0.5)
    rows = _psql("SELECT kind, unique_key, attempts FROM jobs WHERE status = 'succeeded'").splitlines()
    assert rows and all(row.endswith("|1") for row in rows), rows


def test_a_reply_through_one_node_reaches_the_event_stream_of_the_other(cluster):
    (a, b), token = cluster
    _, request = live.request_for_new_customer(a, token, "节点事件客户", "两个节点之间的事件")
    on_b = live.EventStream(b, token)
    try:
        status, message = live.call(a, token, "POST", f"/api/v1/requests/{request}/messages",
                                    {"body": "经节点 A 的答复", "visibility": "public"})
        assert status == 201, message
        seen = on_b.until(lambda event: event["data"].get("messageId") == message["id"])
        told = seen[-1]
        assert told["event"] == "messageAdded" and told["data"]["requestId"] == request, seen
        assert told["id"], "every event has an id"
        # Node B tells its stream once (its own listening connection hears node A's NOTIFY), and node A's own
        # streams hear their node's events the same way.
        on_a = live.EventStream(a, token)
        try:
            status, second = live.call(a, token, "POST", f"/api/v1/requests/{request}/messages",
                                       {"body": "第二次答复", "visibility": "internal"})
            assert status == 201, second
            assert on_a.until(lambda event: event["data"].get("messageId") == second["id"])[-1]["event"] == "messageAdded"
            after = on_b.until(lambda event: event["data"].get("messageId") == second["id"])
            assert [e["data"].get("messageId") for e in after].count(second["id"]) == 1
            assert message["id"] not in [e["data"].get("messageId") for e in after], "an event came twice"
        finally:
            on_a.close()
    finally:
        on_b.close()


def test_a_page_served_by_one_node_shows_a_reply_made_through_the_other(cluster):
    problem = helpers.browser_problem()
    if problem:
        if helpers.strict():
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    (a, b), token = cluster
    _, request = live.request_for_new_customer(a, token, "节点页面客户", "页面实时更新")
    driver = helpers.new_driver()
    try:
        helpers.sign_in(driver, b, helpers.ADMIN_EMAIL, helpers.ADMIN_PASSWORD)
        driver.get(f"{b}/requests/{request}")
        helpers.wait(driver).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-live-state") == "open")
        driver.execute_script("window.__liveSamePage = true;")
        status, _ = live.call(a, token, "POST", f"/api/v1/requests/{request}/messages",
                              {"body": "节点 A 上写的答复", "visibility": "public"})
        assert status == 201
        helpers.wait(driver, 30).until(
            lambda d: "节点 A 上写的答复" in d.find_element(By.CSS_SELECTOR, "ol.conversation").text)
        assert driver.execute_script("return window.__liveSamePage === true;"), "the page was reloaded"
    finally:
        driver.quit()
