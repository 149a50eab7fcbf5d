"""Live updates on one node (SQLite, events in-process): an open request page shows a reply made elsewhere, a
queue a new request, the home page a new notification, all without a reload; an open event stream does not hold
up the server's shutdown."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

import conftest
import helpers
import live
from helpers import ADMIN_EMAIL, ADMIN_PASSWORD, AGENT_EMAIL, AGENT_PASSWORD, page_excerpt, sign_in, visible, wait


@pytest.fixture(scope="module")
def api(server) -> tuple[str, str]:
    """The server's base URL and an administrator's API token (made with `liaison token create`)."""
    env = dict(os.environ, LIAISON_DATA_DIR=str(server.log_path.parent), LIAISON_BCRYPT_COST="4",
               LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@e2e.test")
    return server.base_url, live.token(conftest._binary(), env, ADMIN_EMAIL, "live updates")


def _open_live(driver, url: str) -> None:
    """Opens a page and waits until its event stream is open; marks the document, so that a reload shows."""
    driver.get(url)
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-live-state") == "open")
    driver.execute_script("window.__liveSamePage = true;")


def _same_page(driver) -> bool:
    return driver.execute_script("return window.__liveSamePage === true;")


def test_an_open_request_page_shows_a_reply_made_elsewhere(driver, api):
    base, token = api
    _, request = live.request_for_new_customer(base, token, "无锡实时测试有限公司", "实时更新的请求")
    sign_in(driver, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    _open_live(driver, f"{base}/requests/{request}")
    draft = driver.find_element(By.ID, "reply-body")
    draft.send_keys("写到一半的答复")

    status, _ = live.call(base, token, "POST", f"/api/v1/requests/{request}/messages",
                          {"body": "另一位同事的答复", "visibility": "public"})
    assert status == 201

    wait(driver).until(lambda d: "另一位同事的答复" in d.find_element(By.CSS_SELECTOR, "ol.conversation").text)
    assert _same_page(driver), "the page was reloaded"
    assert driver.find_element(By.ID, "reply-body").get_attribute("value") == "写到一半的答复", "the draft was lost"
    new = driver.find_elements(By.CSS_SELECTOR, "ol.conversation li.live-new")
    assert len(new) == 1 and "另一位同事的答复" in new[0].text, page_excerpt(driver)
    # The public reply opened the request: the status in the page head followed.
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".pagehead .tag.status-open"))
    assert _same_page(driver)

    # A change of priority elsewhere reaches the head and the form of the actions (nobody was editing it).
    status, _ = live.call(base, token, "PATCH", f"/api/v1/requests/{request}", {"priority": "urgent"})
    assert status == 200
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".pagehead .tag.priority-urgent"))
    wait(driver).until(lambda d: d.find_element(By.ID, "priority").get_attribute("value") == "urgent")
    assert _same_page(driver)
    assert driver.find_element(By.ID, "reply-body").get_attribute("value") == "写到一半的答复"


def test_a_queue_shows_a_new_request(driver, api):
    base, token = api
    sign_in(driver, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    _open_live(driver, f"{base}/requests?view=all")
    live.request_for_new_customer(base, token, "常州实时测试有限公司", "队列里的新请求")
    wait(driver).until(lambda d: "队列里的新请求" in d.find_element(By.CSS_SELECTOR, "table.queue").text)
    assert _same_page(driver), "the page was reloaded"


def test_the_home_page_shows_a_new_notification(driver, api):
    base, token = api
    _, request = live.request_for_new_customer(base, token, "镇江实时测试有限公司", "请同事看看")
    sign_in(driver, base, AGENT_EMAIL, AGENT_PASSWORD)
    _open_live(driver, base + "/")
    status, _ = live.call(base, token, "POST", f"/api/v1/requests/{request}/messages",
                          {"body": "@Alice Agent 请看看这个请求", "visibility": "internal"})
    assert status == 201
    panel = lambda d: d.find_elements(By.CSS_SELECTOR, "section.notifications")  # noqa: E731
    wait(driver).until(lambda d: panel(d) and "请同事看看" in panel(d)[0].text)
    assert _same_page(driver), "the page was reloaded"


def test_an_open_event_stream_does_not_hold_up_shutdown():
    binary = conftest._binary()
    data_dir = Path(tempfile.mkdtemp(prefix="liaison-e2e-live-stop-"))
    port = conftest._free_port()
    env = dict(os.environ, LIAISON_DATA_DIR=str(data_dir), LIAISON_PORT=str(port), LIAISON_HOST="127.0.0.1",
               LIAISON_BCRYPT_COST="4", LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@e2e.test")
    server = conftest._start(binary, env, data_dir, port)
    try:
        stream = live.EventStream(server.base_url, live.token(binary, env, ADMIN_EMAIL, "stop"))
        ended = threading.Event()

        def read_to_the_end():
            try:
                while stream.response.readline():
                    pass
            finally:
                ended.set()

        threading.Thread(target=read_to_the_end, daemon=True).start()
        started = time.monotonic()
        server.process.terminate()
        code = server.process.wait(timeout=20)
        assert code == 0, server.log_path.read_text(errors="replace")
        assert time.monotonic() - started < 10, "the stream held up the shutdown"
        assert ended.wait(timeout=5), "the stream did not end"
        stream.close()
    finally:
        conftest._stop(server.process)
        shutil.rmtree(data_dir, ignore_errors=True)
