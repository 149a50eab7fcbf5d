"""The customer portal in a real browser: a contact accepts its invitation, signs in, opens a request with a file, an
agent answers, the contact reads the answer and rates it; and a contact of another customer who types the first
one's request number in the address bar is told "not found"."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

import conftest
import live
from helpers import (
    ADMIN_EMAIL,
    page_excerpt,
    path_of,
    submit_and_wait_for_new_page,
    visible,
    wait_for_path,
)

PASSWORD = "Portal-Passw0rd!"


@pytest.fixture(scope="module")
def server():
    """A server of this module's own: an invitation hands its link back only while no mailbox is active, and other
    modules add mailboxes to the shared one."""
    with conftest.serving() as started:
        yield started


@pytest.fixture(scope="module")
def api(server) -> tuple[str, str]:
    env = dict(os.environ, LIAISON_DATA_DIR=str(server.log_path.parent), LIAISON_BCRYPT_COST="4",
               LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@e2e.test")
    return server.base_url, live.token(conftest._binary(), env, ADMIN_EMAIL, "portal")


def _created(base: str, token: str, path: str, payload: dict) -> dict:
    status, body = live.call(base, token, "POST", path, payload)
    assert status == 201, f"POST {path} answered {status}: {body}"
    return body


def _submit(driver, css: str) -> None:
    button = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    submit_and_wait_for_new_page(driver, button)


def _invite(base: str, token: str, customer: str, name: str, email: str) -> str:
    contact = _created(base, token, "/api/v1/contacts", {"customerId": customer, "name": name, "email": email})
    invitation = _created(base, token, f"/api/v1/contacts/{contact['id']}/portal-invitation", {"scope": "own"})
    assert invitation["mailed"] is False and invitation["link"], invitation
    return urlparse(invitation["link"]).path


def _accept(driver, base: str, link: str) -> None:
    driver.get(base + link)
    visible(driver, "#password").send_keys(PASSWORD)
    driver.find_element(By.ID, "confirm").send_keys(PASSWORD)
    _submit(driver, "form.form button[type=submit]")
    wait_for_path(driver, "/portal")


def _sign_out(driver) -> None:
    _submit(driver, ".usermenu form button[type=submit]")


def test_a_contact_opens_a_request_reads_the_answer_and_rates_it(driver, api):
    base, token = api
    customer = _created(base, token, "/api/v1/customers", {"name": "杭州门户测试有限公司"})
    link = _invite(base, token, customer["id"], "周婷", "zhou.ting@portal-e2e.test")

    # The invitation sets the password and signs the contact in to its (still empty) portal.
    _accept(driver, base, link)
    assert "/customers" not in driver.page_source
    # Used once: the same link now says so.
    driver.get(base + link)
    assert visible(driver, ".alert-error").text, page_excerpt(driver)
    driver.get(base + "/portal")

    # A new request with a file.
    visible(driver, ".pagehead a.button.primary").click()
    wait_for_path(driver, "/portal/requests/new")
    visible(driver, "#subject").send_keys("门禁系统无法刷卡")
    driver.find_element(By.ID, "body").send_keys("今天上午起所有门禁卡都无法识别。")
    with tempfile.NamedTemporaryFile("wb", suffix=".pdf", delete=False) as handle:
        handle.write(b"%PDF-1.7\n% portal e2e\n")
        file_path = handle.name
    try:
        driver.find_element(By.ID, "file").send_keys(file_path)
        _submit(driver, "form.form button[type=submit]")
    finally:
        Path(file_path).unlink(missing_ok=True)
    assert re.match(r"/portal/requests/\d+$", path_of(driver)), page_excerpt(driver)
    request_path = path_of(driver)
    number = int(request_path.rsplit("/", 1)[1])
    assert "门禁系统无法刷卡" in visible(driver, "main h1").text
    assert Path(file_path).name in driver.page_source

    # Staff answer publicly, note internally, and resolve it.
    status, listing = live.call(base, token, "GET", "/api/v1/portal/requests")
    assert status == 403, listing  # staff have no portal
    status, found = live.call(base, token, "GET", f"/api/v1/requests?customerId={customer['id']}")
    assert status == 200 and found["items"], found
    request_id = found["items"][0]["id"]
    _created(base, token, f"/api/v1/requests/{request_id}/messages", {"body": "已派工程师上门检查读卡器。"})
    _created(base, token, f"/api/v1/requests/{request_id}/messages",
             {"body": "内部：怀疑批次问题", "visibility": "internal"})
    status, body = live.call(base, token, "PATCH", f"/api/v1/requests/{request_id}", {"status": "resolved"})
    assert status == 200, body

    # The contact sees the answer (and never the note) and rates the request.
    driver.get(base + request_path)
    conversation = visible(driver, "ol.conversation").text
    assert "已派工程师上门检查读卡器。" in conversation
    assert "怀疑批次问题" not in driver.page_source
    visible(driver, "#rating-comment").send_keys("响应很快")
    _submit(driver, "#rating button[value='5']")
    assert path_of(driver) == request_path
    assert "5" in visible(driver, ".flash").text or "5" in driver.page_source
    status, rated = live.call(base, token, "GET", f"/api/v1/requests/{request_id}")
    assert rated["satisfaction"] == 5, rated

    # A contact of another customer types this request's number in the address bar.
    _sign_out(driver)
    other = _created(base, token, "/api/v1/customers", {"name": "宁波另一家公司"})
    other_link = _invite(base, token, other["id"], "陆明", "lu.ming@other-e2e.test")
    _accept(driver, base, other_link)
    driver.get(base + f"/portal/requests/{number}")
    heading = visible(driver, "main h1").text
    assert "门禁系统无法刷卡" not in driver.page_source
    assert heading, page_excerpt(driver)
    assert "404" in driver.title or "找不到" in driver.page_source or "not found" in driver.page_source.lower(), \
        page_excerpt(driver)
    _sign_out(driver)


def test_the_portal_fits_a_phone(driver, api):
    base, token = api
    customer = _created(base, token, "/api/v1/customers", {"name": "手机屏幕测试公司"})
    link = _invite(base, token, customer["id"], "小屏", "phone@portal-e2e.test")
    driver.set_window_size(375, 812)
    try:
        _accept(driver, base, link)
        for path in ("/portal", "/portal/requests/new", "/portal/profile"):
            driver.get(base + path)
            visible(driver, "main h1")
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} is {overflow}px wider than a 375px phone"
        _sign_out(driver)
    finally:
        driver.set_window_size(1280, 900)
