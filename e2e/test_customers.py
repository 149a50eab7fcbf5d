"""A customer's life in the browser: create it, log a call with the keyboard, find it by a Chinese word."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    page_excerpt,
    sign_in,
    submit_and_wait_for_new_page,
    visible,
    wait,
)


def test_create_a_customer_log_a_call_and_find_it(driver, base_url):
    sign_in(driver, base_url, ADMIN_EMAIL, ADMIN_PASSWORD)

    driver.get(base_url + "/customers/new")
    visible(driver, "#name").send_keys("苏州测试精密机械有限公司")
    driver.find_element(By.CSS_SELECTOR, "#classification option[value=confidential]").click()
    submit_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
    heading = visible(driver, "h1").text
    assert "苏州测试精密机械有限公司" in heading, page_excerpt(driver)
    assert "保密" in heading, "the classification shows next to the name"

    # The quick log form: type, then Ctrl+Enter from the notes field saves it.
    visible(driver, "#log-subject").send_keys("讨论退款方案")
    body = driver.find_element(By.ID, "log-body")
    body.send_keys("客户希望**本周内**完成退款。")
    driver.execute_script("window.__e2eOldPage = true;")
    body.send_keys(Keys.CONTROL, Keys.ENTER)
    wait(driver).until(lambda d: d.execute_script("return window.__e2eOldPage === undefined"))
    timeline = visible(driver, "#timeline").text
    assert "讨论退款方案" in timeline, page_excerpt(driver)
    assert "沟通已记录" in visible(driver, ".flash").text

    # The search box on every page finds the call by a two-character Chinese word.
    search = visible(driver, "#global-search")
    search.send_keys("退款")
    driver.execute_script("window.__e2eOldPage = true;")
    search.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: d.execute_script("return window.__e2eOldPage === undefined"))
    results = visible(driver, "ol.results").text
    assert "讨论退款方案" in results, page_excerpt(driver)

    # The interaction page renders the Markdown note safely.
    driver.find_element(By.LINK_TEXT, "讨论退款方案").click()
    strong = visible(driver, ".notes strong")
    assert strong.text == "本周内"
