"""A throwaway `liaison serve` and a small JSON client, for scripts/test-crash and scripts/fuzz-fields.

Standard library only, so that these scripts run wherever Python 3.9+ does. The server listens on 127.0.0.1 on a
free port, keeps its data in a folder of its own (and, when LIAISON_DATABASE_URL is set, its database there), and
appends everything it prints to server.log in that folder, across restarts.
"""

from __future__ import annotations

import errno
import http.client
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 90
# Lines a Swift process prints when it traps (force unwrap, precondition, overflow, fatalError).
CRASH_MARKERS = ("Fatal error", "fatal error", "runtime failure", "Illegal instruction", "Segmentation fault",
                 "Trace/breakpoint trap", "Current stack trace", "Assertion failed", "Precondition failed")


def binary() -> Path:
    return Path(os.environ.get("LIAISON_BIN") or REPO / ".build" / "debug" / "liaison")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _retry_while_busy(start):
    """Runs `start()`, retrying for a while when the binary is being relinked (ETXTBSY) or briefly missing."""
    deadline = time.monotonic() + 120
    while True:
        try:
            return start()
        except OSError as error:
            if error.errno not in (errno.ETXTBSY, errno.ENOENT) or time.monotonic() > deadline:
                raise
            time.sleep(1)


class Server:
    """One `liaison serve` on a data folder; can be started again after a stop or a kill."""

    def __init__(self, data_dir: Path, **env: str):
        self.data_dir = Path(data_dir)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.data_dir / "server.log"
        self.process: subprocess.Popen | None = None
        self.env = dict(os.environ)
        self.env.update(LIAISON_DATA_DIR=str(self.data_dir), LIAISON_PORT=str(self.port), LIAISON_HOST="127.0.0.1",
                        LIAISON_BCRYPT_COST="4", LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@liaison.test")
        self.env.update(env)

    # --- command line -------------------------------------------------------------------------------------------

    def cli(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        result = _retry_while_busy(lambda: subprocess.run(
            [str(binary()), *arguments], env=self.env, capture_output=True, text=True, timeout=180))
        if check and result.returncode != 0:
            raise RuntimeError(f"`liaison {' '.join(arguments)}` exited {result.returncode}:\n"
                               f"{result.stdout}{result.stderr}")
        return result

    def create_user(self, email: str, name: str, role: str, password: str) -> None:
        self.cli("user", "create", "--email", email, "--name", name, "--role", role, "--password", password)

    def create_token(self, email: str, name: str) -> str:
        return self.cli("token", "create", "--user", email, "--name", name).stdout.strip().splitlines()[-1]

    # --- process ------------------------------------------------------------------------------------------------

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:  # the child keeps its own descriptor
            log.write(f"--- liaison serve started at {time.strftime('%H:%M:%S')} ---\n".encode())
            log.flush()
            self.process = _retry_while_busy(lambda: subprocess.Popen(
                [str(binary()), "serve"], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL))
        deadline = time.monotonic() + START_TIMEOUT
        while not self.healthy():
            if self.process.poll() is not None:
                raise RuntimeError(f"liaison serve exited with status {self.process.returncode} before answering:\n"
                                   f"{self.log_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"{self.base}/healthz did not answer within {START_TIMEOUT}s:\n{self.log_tail()}")
            time.sleep(0.1)

    def healthy(self) -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            connection.close()
            return status == 200
        except OSError:
            return False

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """kill -9: no shutdown handlers, no flushing, like a power cut for the process."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode

    def exit_description(self) -> str:
        code = self.process.poll() if self.process else None
        if code is None:
            return "still running"
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exited with status {code}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        shown = [line if len(line) <= 400 else line[:400] + "…" for line in text.splitlines()[-lines:]]
        return "\n".join(shown) or "(empty server log)"

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def crash_lines(self, since: int = 0) -> list[str]:
        """Lines of the log written after byte offset `since` that show the process trapping."""
        try:
            with open(self.log_path, "rb") as log:
                log.seek(since)
                text = log.read().decode(errors="replace")
        except OSError:
            return []
        return [line.strip() for line in text.splitlines() if any(marker in line for marker in CRASH_MARKERS)]


class Client:
    """One keep-alive HTTP/1.1 connection with a bearer token; not thread-safe (one per thread)."""

    def __init__(self, port: int, token: str, timeout: float = 30):
        self.port = port
        self.token = token
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict[str, bytes | str] | None = None,
             content_type: str | None = "application/json") -> tuple[int, dict[str, str], bytes]:
        """Sends one request; raises OSError / http.client.HTTPException when no answer arrives."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        connection = self.connection
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            if not any(name.lower() == "authorization" for name in (headers or {})):
                connection.putheader("Authorization", f"Bearer {self.token}")
            connection.putheader("Accept", "application/json")
            if body is not None:
                if content_type:
                    connection.putheader("Content-Type", content_type)
                connection.putheader("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
            answer_headers = {name.lower(): value for name, value in response.getheaders()}
            if answer_headers.get("connection", "").lower() == "close":
                self.close()
            return response.status, answer_headers, data
        except BaseException:
            self.close()
            raise

    def json(self, method: str, path: str, payload=None) -> tuple[int, object]:
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        status, _, data = self.send(method, path, body)
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, data.decode(errors="replace")
