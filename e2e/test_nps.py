"""An NPS campaign in a real browser, with a real SMTP server: a sales-capable administrator prepares a survey for
one customer tier, checks who gets it, sends it; the invitation arrives by mail, the contact answers through its
link (a detractor's score, with a comment), and the survey's page shows the score, the chart and the comment, and a
follow-up request exists for the contact."""

from __future__ import annotations

import email
import email.policy
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from aiosmtpd.controller import Controller
from selenium.webdriver.common.by import By

import conftest
import live
from helpers import ADMIN_EMAIL, ADMIN_PASSWORD, page_excerpt, sign_in, submit_and_wait_for_new_page, visible

MAILBOX = "nps@liaison.example"
ASKED = "nps.asked@jingmi.example"
NOT_ASKED = "nps.other@standard.example"
DELIVERY_TIMEOUT = 30


@dataclass
class Inbox:
    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 Ok: queued"

    def text_for(self, recipient: str, timeout: float = DELIVERY_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                found = [data for tos, data in self.messages if recipient in (t.lower() for t in tos)]
            if found:
                message = email.message_from_bytes(found[0], policy=email.policy.default)
                part = message.get_body(preferencelist=("plain",))
                return part.get_content() if part is not None else ""
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail for {recipient} within {timeout}s")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def smtp():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, decode_data=False, auth_require_tls=False)
    controller.start()
    inbox.port = port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def api(server) -> tuple[str, str]:
    env = dict(os.environ, LIAISON_DATA_DIR=str(server.log_path.parent), LIAISON_BCRYPT_COST="4",
               LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@e2e.test")
    return server.base_url, live.token(conftest._binary(), env, ADMIN_EMAIL, "nps")


def _created(base: str, token: str, path: str, payload: dict) -> dict:
    status, body = live.call(base, token, "POST", path, payload)
    assert status == 201, f"POST {path} answered {status}: {body}"
    return body


def _submit(driver, css: str) -> None:
    button = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    submit_and_wait_for_new_page(driver, button)


def test_an_nps_campaign_is_sent_to_one_tier_answered_by_mail_link_and_scored(driver, api, smtp):
    base, admin = api
    # Mail goes through the first mailbox switched on: ours, for this test only.
    status, mailboxes = live.call(base, admin, "GET", "/api/v1/mailboxes")
    assert status == 200, mailboxes
    switched_off = [m["id"] for m in mailboxes.get("items", []) if m.get("active")]
    for mailbox_id in switched_off:
        live.call(base, admin, "PATCH", f"/api/v1/mailboxes/{mailbox_id}", {"active": False})
    queue = _created(base, admin, "/api/v1/departments", {"name": "满意度回访", "code": "NPS"})
    mailbox = _created(base, admin, "/api/v1/mailboxes", {
        "address": MAILBOX, "departmentId": queue["id"], "smtpHost": "127.0.0.1", "smtpPort": smtp.port,
        "smtpSecurity": "none"})
    try:
        key = _created(base, admin, "/api/v1/customers", {"name": "NPS 苏州精密", "tier": "key"})
        other = _created(base, admin, "/api/v1/customers", {"name": "NPS 普通客户", "tier": "standard"})
        _created(base, admin, "/api/v1/contacts", {"customerId": key["id"], "name": "王芳", "emails": [ASKED]})
        _created(base, admin, "/api/v1/contacts", {"customerId": other["id"], "name": "李雷", "emails": [NOT_ASKED]})

        # Prepare the survey for key customers in the browser.
        sign_in(driver, base, ADMIN_EMAIL, ADMIN_PASSWORD)
        driver.get(base + "/surveys/new")
        visible(driver, "#name").send_keys("浏览器净推荐值调查")
        driver.find_element(By.CSS_SELECTOR, "input[name='tiers[]'][value='key']").click()
        _submit(driver, "form.form button[type=submit]")
        assert re.search(r"/surveys/[0-9A-Fa-f-]{36}$", urlparse(driver.current_url).path), page_excerpt(driver)
        survey_path = urlparse(driver.current_url).path

        # Who gets it: the key customer's contact, not the standard one's.
        recipients = visible(driver, "#recipients").text
        assert ASKED in recipients and NOT_ASKED not in recipients, recipients

        # Send (the confirmation answered yes).
        driver.execute_script("window.confirm = function () { return true; };")
        _submit(driver, "#recipients form[action$='/send'] button")
        assert "已发送" in visible(driver, "h1").text, page_excerpt(driver)

        # The invitation arrives; the contact answers through its link.
        text = smtp.text_for(ASKED)
        match = re.search(r"https?://\S+/public/nps/[0-9a-f]{64}", text)
        assert match, text
        link = urlparse(match.group(0)).path
        driver.delete_all_cookies()
        driver.set_window_size(375, 900)  # on a phone, as most contacts open it
        driver.get(base + link)
        assert "您有多大可能向朋友或同事推荐我们？" in visible(driver, "legend").text, page_excerpt(driver)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
        driver.find_element(By.CSS_SELECTOR, "label.nps-score input[value='3']").click()
        driver.find_element(By.ID, "comment").send_keys("<b>交货</b>总是延迟")
        _submit(driver, ".nps-answer form button[type=submit]")
        assert "感谢您的回答" in visible(driver, ".alert-success").text, page_excerpt(driver)
        # The link is used up.
        driver.get(base + link)
        assert "已用于回答" in visible(driver, ".alert").text, page_excerpt(driver)

        # The score, the chart and the comment, escaped, on the survey's page.
        sign_in(driver, base, ADMIN_EMAIL, ADMIN_PASSWORD)
        driver.get(base + survey_path)
        assert visible(driver, "[data-nps]").text == "-100", page_excerpt(driver)
        assert driver.find_elements(By.CSS_SELECTOR, ".nps-chart svg rect")
        assert "<b>交货</b>总是延迟" in visible(driver, ".nps-comments").text
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 375, "the results scroll sideways"

        # The detractor's answer opened a feedback request for the contact.
        status, requests = live.call(base, admin, "GET", "/api/v1/requests?status=all&kind=feedback")
        assert status == 200, requests
        assert any(r.get("customerId") == key["id"] for r in requests.get("items", [])), requests
    finally:
        driver.set_window_size(1366, 900)
        live.call(base, admin, "PATCH", f"/api/v1/mailboxes/{mailbox['id']}", {"active": False})
        for mailbox_id in switched_off:
            live.call(base, admin, "PATCH", f"/api/v1/mailboxes/{mailbox_id}", {"active": True})
