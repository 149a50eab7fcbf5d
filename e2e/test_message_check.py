"""The message check as an agent meets it: typing a reply marks the leftover placeholder and the vague promise in
the text as they are typed; another customer's name is refused at the send; a warning goes through only when
confirmed with a reason; a precise reply goes at once."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from helpers import ADMIN_EMAIL, ADMIN_PASSWORD, page_excerpt, sign_in, visible, wait
from test_requests import _pick, _submit


def _new_customer(driver, base_url, name: str, contact: str | None = None) -> None:
    driver.get(base_url + "/customers/new")
    visible(driver, "#name").send_keys(name)
    _submit(driver, "form.form button[type=submit]")
    if contact:
        driver.get(driver.current_url.rstrip("/") + "/contacts/new")
        visible(driver, "#name").send_keys(contact)
        _submit(driver, "form.form button[type=submit]")


def test_a_reply_is_checked_as_it_is_typed_and_at_the_send(driver, base_url):
    sign_in(driver, base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    _new_customer(driver, base_url, "常州检查测试有限公司", "顾敏")
    _new_customer(driver, base_url, "星河检查科技有限公司")
    driver.get(f"{base_url}/requests/new")
    _pick(driver, "#customerId", "常州检查", "常州检查测试有限公司")
    _pick(driver, "#contactId", "", "顾敏")
    visible(driver, "#subject").send_keys("报表导出失败")
    driver.find_element(By.ID, "body").send_keys("导出月报时提示错误。")
    _submit(driver, "form.form button[type=submit]")

    # As it is typed: the placeholder and the vague promise are marked in the text, each with its message.
    box = visible(driver, "#reply-body")
    box.send_keys("{{客户名}}您好，我们会尽快处理。")
    panel = driver.find_element(By.ID, "reply-check")
    wait(driver).until(lambda d: panel.is_displayed() and len(panel.find_elements(By.CSS_SELECTOR, "mark.finding")) >= 2)
    marked = [m.text for m in panel.find_elements(By.CSS_SELECTOR, "mark.finding")]
    assert "{{客户名}}" in marked and "尽快" in marked, marked
    assert panel.find_elements(By.CSS_SELECTOR, "mark.finding.block"), "the placeholder blocks"
    # An internal note is not checked: choosing it clears the panel.
    driver.find_element(By.CSS_SELECTOR, "input[name=visibility][value=internal]").click()
    wait(driver).until(lambda d: not panel.is_displayed())
    driver.find_element(By.CSS_SELECTOR, "input[name=visibility][value=public]").click()
    wait(driver).until(lambda d: panel.is_displayed())

    # Another customer's name is refused at the send, whatever is ticked; nothing is sent.
    box.clear()
    box.send_keys("顾工您好，星河检查科技上周也遇到同样的问题，已经修复。")
    _submit(driver, "#reply form button[type=submit]")
    refused = visible(driver, ".message-check.refused")
    assert "星河检查科技" in refused.text, page_excerpt(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, "input[name=confirmWarnings]")
    public = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ol.conversation li:not(.internal)")]
    assert not any("星河检查科技" in text for text in public), page_excerpt(driver)

    # A warning needs the confirmation and a reason; then it goes.
    box = visible(driver, "#reply-body")
    box.clear()
    box.send_keys("顾工您好，我们会尽快处理。")
    _submit(driver, "#reply form button[type=submit]")
    visible(driver, ".message-check.refused")
    driver.find_element(By.CSS_SELECTOR, "input[name=confirmWarnings]").click()
    visible(driver, "#override-reason").send_keys("先告知客户已受理")
    _submit(driver, "#reply form button[type=submit]")
    public = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ol.conversation li:not(.internal)")]
    assert any("我们会尽快处理" in text for text in public), page_excerpt(driver)

    # A precise reply goes at once.
    visible(driver, "#reply-body").send_keys("顾工您好，导出问题已修复，请刷新后再试。")
    _submit(driver, "#reply form button[type=submit]")
    public = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ol.conversation li:not(.internal)")]
    assert any("导出问题已修复" in text for text in public), page_excerpt(driver)
