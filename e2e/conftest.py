"""Fixtures for the browser tests: a Liaison server on a free port with a fresh data folder, and Chrome."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

import helpers

REPO = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT = 60


def _binary() -> Path:
    return Path(os.environ.get("LIAISON_BIN") or REPO / ".build" / "debug" / "liaison")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


BINARY_BUSY_TIMEOUT = 120


def _retry_while_binary_busy(start):
    """Runs `start()`, retrying while the binary is being rebuilt (ETXTBSY) or briefly missing mid-link."""
    deadline = time.monotonic() + BINARY_BUSY_TIMEOUT
    while True:
        try:
            return start()
        except OSError as error:
            busy = error.errno in (errno.ETXTBSY, errno.ENOENT)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(1)


def _create_user(binary: Path, env: dict[str, str], *arguments: str) -> None:
    result = _retry_while_binary_busy(lambda: subprocess.run(
        [str(binary), "user", "create", *arguments],
        env=env, capture_output=True, text=True, timeout=120,
    ))
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or "Created" not in result.stdout:
        pytest.fail(
            f"`liaison user create {' '.join(arguments)}` failed (exit {result.returncode}):\n{output}",
            pytrace=False,
        )


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen
    log_path: Path

    def death_notice(self) -> str | None:
        """Why the server is gone, or None while it runs."""
        code = self.process.poll()
        if code is None:
            return None
        if code < 0:
            how = f"was killed by {signal.Signals(-code).name}"
        elif code == 0:
            how = "stopped with status 0 (a graceful shutdown: something sent it SIGTERM or SIGINT)"
        else:
            how = f"exited with status {code}"
        log = self.log_path.read_text(errors="replace").strip() or "(empty)"
        return f"the liaison server at {self.base_url} {how} during the test session; server log:\n{log}"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _start(binary: Path, env: dict[str, str], data_dir: Path, port: int) -> Server:
    """Creates the test people, starts `liaison serve` and waits until /healthz answers 200."""
    _create_user(binary, env, "--email", helpers.ADMIN_EMAIL, "--name", helpers.ADMIN_NAME,
                 "--role", "admin", "--password", helpers.ADMIN_PASSWORD)
    _create_user(binary, env, "--email", helpers.AGENT_EMAIL, "--name", helpers.AGENT_NAME,
                 "--role", "agent", "--password", helpers.AGENT_PASSWORD, "--locale", "en")
    _create_user(binary, env, "--email", helpers.SWITCHER_EMAIL, "--name", helpers.SWITCHER_NAME,
                 "--role", "admin", "--password", helpers.SWITCHER_PASSWORD)
    _create_user(binary, env, "--email", helpers.LOCKED_EMAIL, "--name", helpers.LOCKED_NAME,
                 "--role", "agent", "--password", helpers.LOCKED_PASSWORD)

    log_path = data_dir / "server.log"
    with open(log_path, "wb") as log:  # the child keeps its own copy of the descriptor
        process = _retry_while_binary_busy(lambda: subprocess.Popen(
            [str(binary), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        ))
    server = Server(base_url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)

    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not _healthy(server.base_url + "/healthz"):
        if process.poll() is not None:
            pytest.fail(f"liaison serve exited with status {process.returncode} before answering; server log:\n"
                        f"{log_path.read_text(errors='replace')}", pytrace=False)
        if time.monotonic() > deadline:
            _stop(process)
            log_text = log_path.read_text(errors="replace")
            print(log_text)
            pytest.fail(f"{server.base_url}/healthz did not answer 200 within {SERVER_START_TIMEOUT}s; "
                        f"server log:\n{log_text}", pytrace=False)
        time.sleep(0.2)
    return server


@contextlib.contextmanager
def serving():
    """Starts `liaison serve` against a fresh data folder and yields it (base URL, process, log); stops it and
    removes the data folder afterwards unless LIAISON_E2E_KEEP=1."""
    binary = _binary()
    if not binary.exists():
        pytest.fail(f"Liaison binary not found at {binary} (build it, or set LIAISON_BIN)", pytrace=False)

    data_dir = Path(tempfile.mkdtemp(prefix="liaison-e2e-"))
    port = _free_port()
    env = dict(os.environ)
    env.update(
        LIAISON_DATA_DIR=str(data_dir),
        LIAISON_PORT=str(port),
        LIAISON_HOST="127.0.0.1",
        LIAISON_BCRYPT_COST="4",
        LIAISON_LOG_LEVEL="warning",
        LIAISON_ADMIN_EMAIL="boot@e2e.test",
        LIAISON_DEFAULT_LOCALE="zh-Hans",
    )
    process = None
    try:
        started = _start(binary, env, data_dir, port)
        process = started.process
        yield started
    finally:
        if process is not None:
            _stop(process)
        if os.environ.get("LIAISON_E2E_KEEP") == "1":
            print(f"\nkept data folder and server log in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    """The server most browser tests share; a module that needs a server no other test has touched overrides
    this fixture with its own `serving()`."""
    with serving() as started:
        yield started


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return server.base_url


@pytest.fixture(scope="session")
def _browser():
    problem = helpers.browser_problem()
    if problem:
        if helpers.strict():
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    browser = helpers.new_driver()
    yield browser
    browser.quit()


@pytest.fixture
def driver(_browser, server):
    """The shared Chrome, with every cookie removed so each test starts as a new, signed-out visitor.

    Also checks that the server is still running before and after each test, so that a server that crashed
    (or was killed from outside) is reported as such rather than as a puzzling browser error.
    """
    if notice := server.death_notice():
        pytest.fail(notice, pytrace=False)
    _browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _browser.get("about:blank")
    yield _browser
    _browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    if notice := server.death_notice():
        pytest.fail(notice, pytrace=False)
