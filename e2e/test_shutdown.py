"""A server told to stop while busy finishes the requests in flight and exits cleanly (status 0)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import conftest
import helpers


def _token(binary: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(binary), "token", "create", "--user", helpers.ADMIN_EMAIL, "--name", "shutdown"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sigterm_under_load_exits_cleanly():
    binary = conftest._binary()
    data_dir = Path(tempfile.mkdtemp(prefix="liaison-e2e-stop-"))
    port = conftest._free_port()
    env = dict(os.environ)
    env.update(LIAISON_DATA_DIR=str(data_dir), LIAISON_PORT=str(port), LIAISON_HOST="127.0.0.1",
               LIAISON_BCRYPT_COST="4", LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@e2e.test")
    server = conftest._start(binary, env, data_dir, port)
    try:
        token = _token(binary, env)
        answered = []
        stop = threading.Event()

        def hammer():
            while not stop.is_set():
                request = urllib.request.Request(
                    f"{server.base_url}/api/v1/customers", headers={"Authorization": f"Bearer {token}"})
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:
                        answered.append(response.status)
                except (urllib.error.URLError, OSError):
                    pass  # refused once the server has stopped listening

        port = int(server.base_url.rsplit(":", 1)[1])
        pipelined = (f"GET /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n"
                     * 20).encode()

        def hang_up():
            # Sends 20 pipelined requests and closes at once: the server goes on handling them for a client that
            # is gone, which its own quiescing does not wait for.
            while not stop.is_set():
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
                        connection.sendall(pipelined)
                except OSError:
                    time.sleep(0.01)

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        threads += [threading.Thread(target=hang_up) for _ in range(8)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        server.process.terminate()
        code = server.process.wait(timeout=30)
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        log = server.log_path.read_text(errors="replace")
        assert answered and set(answered) == {200}, f"answers before the stop: {set(answered)}"
        assert code == 0, f"exit status {code}; server log:\n{log[-3000:]}"
        assert "runtime failure" not in log and "Fatal error" not in log, log[-3000:]
    finally:
        conftest._stop(server.process)
        shutil.rmtree(data_dir, ignore_errors=True)
