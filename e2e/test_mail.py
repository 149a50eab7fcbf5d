"""A request by mail from start to finish: a customer's GBK-encoded message handed over by a relay opens a request,
an agent answers it in the browser, the answer goes out through a real SMTP server threaded to the customer's
message, and the customer's reply to it (without the request's tag in its subject) joins the same request."""

from __future__ import annotations

import base64
import email
import email.policy
import email.utils
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from selenium.webdriver.common.by import By

import conftest
import live
from helpers import ADMIN_EMAIL, page_excerpt, sign_in, submit_and_wait_for_new_page, visible, wait

MAILBOX = "support@liaison.example"
CONTACT_EMAIL = "wang.fang@customer.example"
CUSTOMER_MESSAGE_ID = "c1@customer.example"
SUBJECT = "打印机卡纸"
CUSTOMER_TEXT = "您好，三楼的打印机又卡纸了，换了新纸也一样，请派人来看看。"
REPLY_TEXT = "王女士您好，维修工程师今天下午两点到三楼处理卡纸问题。"
ANSWER_TEXT = "谢谢，下午两点有人在，请直接来三楼。"

AGENT = "mail.desk@e2e.test"
AGENT_PASSWORD = "Queue-Passw0rd!"
RELAY = "relay@e2e.test"

# How long the job runner may take to hand a queued reply to the SMTP server.
DELIVERY_TIMEOUT = 30


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class Inbox:
    """What the SMTP server took, in order; `handle_DATA` is aiosmtpd's hook."""

    port: int = 0
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 Ok: queued"

    def wait_for(self, recipient: str, text: str, timeout: float = DELIVERY_TIMEOUT) -> list[Received]:
        """The messages taken for `recipient` whose plain text holds `text`, once there is at least one."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                taken = list(self.messages)
            found = [m for m in taken
                     if recipient in (address.lower() for address in m.rcpt_tos) and text in _plain_text(m.data)]
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"the SMTP server received no message for {recipient} saying {text!r} within "
                                     f"{timeout}s (it received {len(taken)}, for {[m.rcpt_tos for m in taken]})")
            time.sleep(0.2)


def _plain_text(data: bytes) -> str:
    part = email.message_from_bytes(data, policy=email.policy.default).get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


@pytest.fixture(scope="module")
def smtp():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, keeping every message it takes."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox(port=port)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, decode_data=False, auth_require_tls=False)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def api(server) -> tuple[str, str, dict[str, str]]:
    """The server's base URL, an administrator's API token (made with `liaison token create`) and the environment
    that command line runs with, for the service account's token."""
    env = dict(os.environ, LIAISON_DATA_DIR=str(server.log_path.parent), LIAISON_BCRYPT_COST="4",
               LIAISON_LOG_LEVEL="warning", LIAISON_ADMIN_EMAIL="boot@e2e.test")
    return server.base_url, live.token(conftest._binary(), env, ADMIN_EMAIL, "mail"), env


def _created(base: str, token: str, path: str, payload: dict) -> dict:
    status, body = live.call(base, token, "POST", path, payload)
    assert status == 201, f"POST {path} answered {status}: {body}"
    return body


def _post_mail(base: str, token: str, raw: bytes) -> tuple[int, dict]:
    """Hands one received message to `POST /api/v1/mail/inbound`, as a relay does."""
    request = urllib.request.Request(base + "/api/v1/mail/inbound", data=raw, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "message/rfc822"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body)
        except ValueError:
            return error.code, {"body": body.decode(errors="replace")}


def _gbk_message(subject: str, text: str, message_id: str, extra: str = "") -> bytes:
    """A plain-text message as a Chinese mail program sends it: GBK body in base64, the subject an RFC 2047 word."""
    encoded_subject = "=?GBK?B?" + base64.b64encode(subject.encode("gbk")).decode() + "?="
    sender = "=?GBK?B?" + base64.b64encode("王芳".encode("gbk")).decode() + "?="
    body = base64.encodebytes(text.encode("gbk")).decode()
    head = (
        f"From: {sender} <{CONTACT_EMAIL}>\r\n"
        f"To: {MAILBOX}\r\n"
        f"Subject: {encoded_subject}\r\n"
        f"Date: {email.utils.formatdate(localtime=True)}\r\n"
        f"Message-ID: <{message_id}>\r\n"
        f"{extra}"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=GBK\r\n"
        "Content-Transfer-Encoding: base64\r\n"
    )
    return (head + "\r\n" + body.replace("\n", "\r\n")).encode("ascii")


def _ids(header: str | None) -> list[str]:
    return re.findall(r"<[^<>\s]+>", header or "")


def _conversation(driver) -> str:
    return visible(driver, "ol.conversation").text


def test_a_mailed_request_is_answered_by_mail_and_the_customers_reply_joins_it(driver, api, smtp):
    """Checks, with a real SMTP server: a relay's GBK message opens a request whose page shows its Chinese subject
    and text; an agent's public reply is sent to the contact with the request's tag in the subject, its own
    Message-ID and In-Reply-To/References pointing at the customer's message, and the page then says it was sent;
    the customer's answer to that reply, whose subject lost the tag, joins the same request and shows on its page."""
    base, admin, cli_env = api

    queue = _created(base, admin, "/api/v1/departments", {"name": "打印机报修", "code": "PRN"})
    _created(base, admin, "/api/v1/mailboxes", {
        "address": MAILBOX, "departmentId": queue["id"],
        "smtpHost": "127.0.0.1", "smtpPort": smtp.port, "smtpSecurity": "none"})
    customer = _created(base, admin, "/api/v1/customers", {"name": "苏州邮件测试有限公司"})
    _created(base, admin, "/api/v1/contacts", {"customerId": customer["id"], "name": "王芳", "email": CONTACT_EMAIL})
    _created(base, admin, "/api/v1/users", {
        "email": AGENT, "name": "邮件坐席", "roles": ["agent"], "departmentId": queue["id"],
        "password": AGENT_PASSWORD, "locale": "zh-Hans"})
    _created(base, admin, "/api/v1/users", {"email": RELAY, "name": "邮件中继", "roles": ["service"]})
    # A service account's token is made on the server, as for a mail relay.
    relay = live.token(conftest._binary(), cli_env, RELAY, "relay")

    # The customer writes in.
    status, intake = _post_mail(base, relay, _gbk_message(SUBJECT, CUSTOMER_TEXT, CUSTOMER_MESSAGE_ID))
    assert status == 202, (status, intake)
    assert intake.get("outcome") == "opened" and intake.get("requestId"), intake
    request_id = intake["requestId"]
    status, request = live.call(base, admin, "GET", f"/api/v1/requests/{request_id}")
    assert status == 200, request
    assert request.get("customerId") == customer["id"], request
    assert request.get("queueId") == queue["id"], request
    number = request["number"]
    assert re.fullmatch(r"R-\d{6}", number), request

    # The agent sees it, in Chinese, and answers publicly.
    sign_in(driver, base, AGENT, AGENT_PASSWORD)
    driver.get(f"{base}/requests/{request_id}")
    heading = visible(driver, "main h1").text
    assert heading == f"{number} {SUBJECT}", page_excerpt(driver)
    assert CUSTOMER_TEXT in _conversation(driver), page_excerpt(driver)
    visible(driver, "#reply-body").send_keys(REPLY_TEXT)
    assert driver.find_element(By.CSS_SELECTOR, "input[name=visibility][value=public]").is_selected()
    button = driver.find_element(By.CSS_SELECTOR, "#reply form button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    submit_and_wait_for_new_page(driver, button)
    assert REPLY_TEXT in _conversation(driver), page_excerpt(driver)

    # The reply reaches the SMTP server, threaded to the customer's message.
    try:
        mailed = smtp.wait_for(CONTACT_EMAIL, REPLY_TEXT)
    except AssertionError as error:
        _, messages = live.call(base, admin, "GET", f"/api/v1/requests/{request_id}/messages")
        states = [m.get("mail", {}).get("state") for m in messages.get("items", [])]
        raise AssertionError(f"{error}; the request's mail states: {states}") from None
    assert len(mailed) == 1, [m.data[:300] for m in mailed]
    sent = mailed[0]
    assert [address.lower() for address in sent.rcpt_tos] == [CONTACT_EMAIL], sent.rcpt_tos
    reply = email.message_from_bytes(sent.data, policy=email.policy.default)
    assert CONTACT_EMAIL in str(reply["To"]).lower(), reply["To"]
    assert MAILBOX in str(reply["From"]).lower(), reply["From"]
    assert f"[{number}]" in str(reply["Subject"]), reply["Subject"]
    assert SUBJECT in str(reply["Subject"]), reply["Subject"]
    assert _ids(reply["In-Reply-To"]) == [f"<{CUSTOMER_MESSAGE_ID}>"], reply["In-Reply-To"]
    assert f"<{CUSTOMER_MESSAGE_ID}>" in _ids(reply["References"]), reply["References"]
    own_ids = _ids(reply["Message-ID"])
    assert len(own_ids) == 1 and own_ids[0] != f"<{CUSTOMER_MESSAGE_ID}>", reply["Message-ID"]
    reply_id = own_ids[0]

    # After a reload the reply says it was sent (the job records the server's answer just after it got it).
    def delivery_tag():
        driver.get(f"{base}/requests/{request_id}")
        visible(driver, "ol.conversation")
        for item in driver.find_elements(By.CSS_SELECTOR, "ol.conversation li.message"):
            if REPLY_TEXT in item.text:
                tags = item.find_elements(By.CSS_SELECTOR, ".tag.delivery")
                return tags[0] if tags else None
        raise AssertionError(f"the reply is not on the request page: {page_excerpt(driver, 1200)!r}")

    deadline = time.monotonic() + 10
    tag = delivery_tag()
    while (tag is None or "delivery-sent" not in tag.get_attribute("class")) and time.monotonic() < deadline:
        time.sleep(0.5)
        tag = delivery_tag()
    assert tag is not None, page_excerpt(driver, 1200)
    assert "delivery-sent" in tag.get_attribute("class"), tag.get_attribute("outerHTML")
    assert tag.text.strip() in ("已发送", "Sent"), tag.get_attribute("outerHTML")

    # The customer answers from Outlook: In-Reply-To the reply, the subject without the tag.
    answer = _gbk_message(f"答复: {SUBJECT}", ANSWER_TEXT, "c2@customer.example",
                          extra=f"In-Reply-To: {reply_id}\r\nReferences: <{CUSTOMER_MESSAGE_ID}> {reply_id}\r\n")
    status, intake = _post_mail(base, relay, answer)
    assert status == 202, (status, intake)
    assert intake.get("outcome") == "joined", intake
    assert intake.get("requestId") == request_id, intake
    # It was matched by its In-Reply-To, not by its sender and subject: the audit entry of its receipt says so.
    status, entries = live.call(base, admin, "GET", f"/api/v1/audit?recordType=mail&recordId={intake['sha256']}")
    assert status == 200, entries
    received = [entry for entry in entries["items"] if entry["action"] == "mail.receive"]
    assert len(received) == 1, entries
    assert received[0]["changes"].get("notes", {}).get("matchedBy") == "inReplyTo", received[0]

    driver.get(f"{base}/requests/{request_id}")
    wait(driver).until(lambda d: ANSWER_TEXT in d.find_element(By.CSS_SELECTOR, "ol.conversation").text)
    texts = [item.text for item in driver.find_elements(By.CSS_SELECTOR, "ol.conversation li.message.customer")]
    assert any(CUSTOMER_TEXT in text for text in texts) and any(ANSWER_TEXT in text for text in texts), texts
