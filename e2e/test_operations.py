"""Operations from the outside, with the real program: the JSON log of a running server, and `liaison backup` taken
while the server writes, restored with `liaison restore` into another data folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import conftest
import helpers

RFC3339_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def _cli(binary: Path, env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return conftest._retry_while_binary_busy(lambda: subprocess.run(
        [str(binary), *arguments], env=env, capture_output=True, text=True, timeout=180))


def _environment(data_dir: Path, port: int, **settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(LIAISON_DATA_DIR=str(data_dir), LIAISON_PORT=str(port), LIAISON_HOST="127.0.0.1",
               LIAISON_BCRYPT_COST="4", LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@e2e.test")
    env.pop("LIAISON_DATABASE_URL", None)
    env.update(settings)
    return env


def _token(binary: Path, env: dict[str, str]) -> str:
    result = _cli(binary, env, "token", "create", "--user", helpers.ADMIN_EMAIL, "--name", "operations")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def _call(base_url: str, path: str, token: str | None = None, body: dict | None = None) -> int:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_json_log_is_one_object_per_line_with_the_request_fields_and_no_secrets():
    binary = conftest._binary()
    data_dir = Path(tempfile.mkdtemp(prefix="liaison-e2e-log-"))
    port = conftest._free_port()
    env = _environment(data_dir, port, LIAISON_LOG_FORMAT="json", LIAISON_LOG_LEVEL="info")
    server = conftest._start(binary, env, data_dir, port)
    try:
        token = _token(binary, env)
        assert _call(server.base_url, "/api/v1/customers", token, {"name": "杭州某某科技"}) == 201
        assert _call(server.base_url, "/api/v1/customers?q=secret-in-query", token) == 200
        assert _call(server.base_url, "/sign-in?next=%2Fsecret-next") == 200
        assert _call(server.base_url, "/no/such/secret-path") == 404
        conftest._stop(server.process)
        assert server.process.returncode == 0

        text = server.log_path.read_text(errors="replace")
        entries = []
        # The log is standard error; standard output (merged into the same file here) gets only the empty line
        # Vapor prints when told to stop.
        for line in text.splitlines():
            if not line:
                continue
            entry = json.loads(line)  # every line, the server's start and stop included
            assert isinstance(entry, dict), line
            assert RFC3339_MS.match(entry["time"]), line
            assert entry["level"] in ("trace", "debug", "info", "notice", "warning", "error", "critical"), line
            assert isinstance(entry["message"], str), line
            entries.append(entry)
        for secret in (token, "secret-in-query", "secret-next", "secret-path"):
            assert secret not in text, f"{secret} reached the log"
        requests = [entry for entry in entries if "route" in entry]
        routes = {(entry["method"], entry["route"], entry["status"]) for entry in requests}
        assert ("POST", "/api/v1/customers", 201) in routes, routes
        assert ("GET", "/api/v1/customers", 200) in routes, routes
        assert ("GET", "/sign-in", 200) in routes, routes
        assert ("GET", "unmatched", 404) in routes, routes
        for entry in requests:
            assert isinstance(entry["requestId"], str) and isinstance(entry["durationMs"], (int, float)), entry
        signed_in = [entry for entry in requests if entry["route"] == "/api/v1/customers"]
        assert all(isinstance(entry.get("userId"), str) for entry in signed_in), signed_in
        assert any("Server started" in entry["message"] for entry in entries), text[:2000]
    finally:
        conftest._stop(server.process)
        shutil.rmtree(data_dir, ignore_errors=True)


def _customers(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT COUNT(*) FROM customers").fetchone()[0]


def test_a_backup_taken_while_the_server_writes_restores_into_another_data_folder():
    binary = conftest._binary()
    data_dir = Path(tempfile.mkdtemp(prefix="liaison-e2e-backup-"))
    restored_dir = Path(tempfile.mkdtemp(prefix="liaison-e2e-restored-"))
    port = conftest._free_port()
    env = _environment(data_dir, port)
    server = conftest._start(binary, env, data_dir, port)
    stop = threading.Event()
    answers: list[int] = []
    try:
        token = _token(binary, env)

        def write():
            while not stop.is_set():
                answers.append(_call(server.base_url, "/api/v1/customers", token, {"name": f"客户 {len(answers)}"}))

        writer = threading.Thread(target=write)
        writer.start()
        while len(answers) < 20:
            stop.wait(0.01)
        backup = data_dir / "backups" / "today"
        result = _cli(binary, env, "backup", str(backup))
        after = len(answers)
        while len(answers) < after + 20:
            stop.wait(0.01)
        stop.set()
        writer.join(timeout=30)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Backup written" in result.stdout, result.stdout
        assert set(answers) == {201}, set(answers)
        assert sorted(os.listdir(backup)) == ["liaison.sqlite"], os.listdir(backup)
        in_backup = _customers(backup / "liaison.sqlite")
        assert 20 <= in_backup < len(answers)

        help_text = _cli(binary, env, "backup", "--help").stdout
        assert "destination" in help_text and "pg-dump" in help_text, help_text

        other = _environment(restored_dir, conftest._free_port())
        result = _cli(binary, other, "restore", "--from", str(backup))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "audit entries verified" in result.stdout, result.stdout
        verify = _cli(binary, other, "audit", "verify")
        assert verify.returncode == 0 and verify.stdout.startswith("OK"), verify.stdout + verify.stderr
        assert _customers(restored_dir / "liaison.sqlite") == in_backup
    finally:
        stop.set()
        conftest._stop(server.process)
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(restored_dir, ignore_errors=True)
