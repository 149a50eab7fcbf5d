"""A request's life in the browser: open it for a customer, watch the SLA countdown, note, reply, resolve; and the
calendar page answering when a target falls due across National Day."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By

from helpers import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    page_excerpt,
    sign_in,
    submit_and_wait_for_new_page,
    visible,
    wait,
)


def _submit(driver, css: str) -> None:
    button = driver.find_element(By.CSS_SELECTOR, css)
    # The sticky header may cover a button near the top after the page jumped to an anchor.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    submit_and_wait_for_new_page(driver, button)


def _pick(driver, css: str, typed: str, wanted: str) -> None:
    """Types into a picker and clicks the suggestion that names `wanted`."""
    field = visible(driver, css)
    field.click()
    field.clear()
    if typed:
        field.send_keys(typed)
    listbox = "#" + field.get_attribute("aria-controls")

    def offered(d):
        for option in d.find_elements(By.CSS_SELECTOR, listbox + " li[role=option]"):
            if wanted in option.text:
                return option
        return False

    wait(driver).until(offered).click()
    assert wanted in field.get_attribute("value"), page_excerpt(driver)


def test_pickers_find_a_customer_by_chinese_pinyin_or_a_contact_and_fill_each_other(driver, base_url):
    sign_in(driver, base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    driver.get(base_url + "/customers/new")
    visible(driver, "#name").send_keys("上海星河科技有限公司")
    visible(driver, "#nameEn").send_keys("Shanghai Galaxy Technology")
    _submit(driver, "form.form button[type=submit]")
    customer_path = driver.current_url
    driver.get(customer_path.rstrip("/") + "/contacts/new")
    visible(driver, "#name").send_keys("沈佳怡")
    _submit(driver, "form.form button[type=submit]")

    # No select lists every customer: the form starts with a field to type in.
    driver.get(base_url + "/requests/new")
    assert not driver.find_element(By.CSS_SELECTOR, "select[name=customerId]").is_displayed()
    for typed in ("星河", "xinghe", "shxh", "galaxy"):
        _pick(driver, "#customerId", typed, "上海星河科技有限公司")
    # Its contacts are offered without a reload.
    _pick(driver, "#contactId", "", "沈佳怡")
    chosen = driver.find_element(By.CSS_SELECTOR, "select[name=contactId]").get_attribute("value")
    assert chosen, page_excerpt(driver)

    # Choosing a contact first chooses its customer too.
    driver.get(base_url + "/requests/new")
    _pick(driver, "#contactId", "shenjia", "沈佳怡")
    customer = driver.find_element(By.CSS_SELECTOR, "#customerId").get_attribute("value")
    assert customer == "上海星河科技有限公司", page_excerpt(driver)
    visible(driver, "#subject").send_keys("接口联调")
    driver.find_element(By.ID, "body").send_keys("请安排接口联调时间。")
    _submit(driver, "form.form button[type=submit]")
    heading = visible(driver, "main h1").text
    assert re.match(r"R-\d{6} 接口联调", heading), page_excerpt(driver)

    # The assignee picker filters the colleagues by pinyin.
    _pick(driver, "#assigneeId", "ceshi", "测试管理员")

    # The audit trail is filtered to a record chosen by name: the record picker follows the record type.
    driver.get(base_url + "/audit")
    assert not driver.find_element(By.CSS_SELECTOR, "#recordId").is_displayed()
    driver.find_element(By.CSS_SELECTOR, "#recordType option[value=customer]").click()
    _pick(driver, "#recordId", "xinghe", "上海星河科技有限公司")
    _submit(driver, "form.filters button[type=submit]")
    chip = visible(driver, ".filter-chip").text
    assert "上海星河科技有限公司" in chip, page_excerpt(driver)
    records = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "table.audit td.which a:not(.small)")]
    assert records and all(text == "上海星河科技有限公司" for text in records), records
    # Another type clears the choice and asks its own lookup.
    driver.find_element(By.CSS_SELECTOR, "#recordType option[value=request]").click()
    assert visible(driver, "#recordId").get_attribute("value") == ""
    _pick(driver, "#recordId", "接口联调", "R-")


def test_open_a_request_note_reply_and_resolve(driver, base_url):
    sign_in(driver, base_url, ADMIN_EMAIL, ADMIN_PASSWORD)

    driver.get(base_url + "/customers/new")
    visible(driver, "#name").send_keys("无锡工单测试有限公司")
    _submit(driver, "form.form button[type=submit]")
    customer_path = driver.current_url
    driver.get(customer_path.rstrip("/") + "/contacts/new")
    visible(driver, "#name").send_keys("蒋文")
    _submit(driver, "form.form button[type=submit]")

    # The customer is found by the pinyin of part of its name, and choosing it offers its contacts at once.
    driver.get(f"{base_url}/requests/new")
    _pick(driver, "#customerId", "wuxi gongdan", "无锡工单测试有限公司")
    _pick(driver, "#contactId", "", "蒋文")
    driver.find_element(By.CSS_SELECTOR, "#kind option[value=complaint]").click()
    driver.find_element(By.CSS_SELECTOR, "#priority option[value=urgent]").click()
    visible(driver, "#subject").send_keys("发票金额错误")
    driver.find_element(By.ID, "body").send_keys("上月发票金额多开了 **1000 元**。")
    _submit(driver, "form.form button[type=submit]")

    heading = visible(driver, "main h1").text
    assert re.match(r"R-\d{6} 发票金额错误", heading), page_excerpt(driver)
    # The live countdown replaced the server-rendered due time with "剩余 …" or "已超时 …".
    countdown = visible(driver, ".facts .countdown")
    wait(driver).until(lambda d: re.search(r"剩余|已超时", countdown.text))
    # Beside it, when the target falls due, in the viewer's time zone, said once.
    due_at = visible(driver, ".facts .due-at").text
    assert "到期" in due_at and re.search(r"\d{1,2}:\d{2}", due_at), page_excerpt(driver)
    assert countdown.text.count("已超时") + due_at.count("已超时") <= 1

    # An internal note looks different from a reply to the customer.
    visible(driver, "#reply-body").send_keys("先核对财务系统")
    driver.find_element(By.CSS_SELECTOR, "input[name=visibility][value=internal]").click()
    _submit(driver, "#reply form button[type=submit]")
    notes = driver.find_elements(By.CSS_SELECTOR, "ol.conversation li.internal")
    assert any("先核对财务系统" in n.text for n in notes), page_excerpt(driver)

    visible(driver, "#reply-body").send_keys("您好，已为您重新开具发票。")
    _submit(driver, "#reply form button[type=submit]")
    public = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ol.conversation li:not(.internal)")]
    assert any("重新开具" in text for text in public), page_excerpt(driver)

    _submit(driver, "form.actions button[value=resolved]")
    assert "已解决" in visible(driver, ".pagehead .tag").text, page_excerpt(driver)

    # The request shows on the customer's timeline.
    driver.get(customer_path)
    assert "发票金额错误" in visible(driver, "#timeline").text, page_excerpt(driver)


def test_the_calendar_page_previews_a_due_time_across_national_day(driver, base_url):
    sign_in(driver, base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    driver.get(base_url + "/admin/calendars")
    visible(driver, "#cal-name").send_keys("杭州办公室")
    _submit(driver, "#new form button[type=submit]")
    assert "杭州办公室" in visible(driver, "main h1").text, page_excerpt(driver)

    start = visible(driver, "#start")
    driver.execute_script("arguments[0].value = '2026-09-30T17:00'", start)
    minutes = driver.find_element(By.ID, "minutes")
    minutes.clear()
    minutes.send_keys("120")
    _submit(driver, "#preview form button[type=submit]")
    assert "2026-10-08 10:00" in visible(driver, "p.result").text, page_excerpt(driver)
