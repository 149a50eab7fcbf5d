"""The public site: a published announcement appears on /public and in the Atom feed, and a visitor sends feedback
through the form (no sign-in) and sees its request number; the pages fit a phone."""

from __future__ import annotations

import time
import urllib.request
import xml.etree.ElementTree as ET

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import helpers

ATOM = "{http://www.w3.org/2005/Atom}"


def _publish_announcement(driver, base_url: str, title_zh: str, title_en: str) -> str:
    helpers.sign_in(driver, base_url, helpers.ADMIN_EMAIL, helpers.ADMIN_PASSWORD)
    driver.get(base_url + "/announcements/new")
    helpers.visible(driver, "#titleZh").send_keys(title_zh)
    driver.find_element(By.ID, "bodyZh").send_keys("本周六 **02:00** 起维护两小时。<script>alert(1)</script>")
    driver.find_element(By.ID, "titleEn").send_keys(title_en)
    driver.find_element(By.ID, "bodyEn").send_keys("Two hours of maintenance from **02:00** on Saturday.")
    Select(driver.find_element(By.ID, "kind")).select_by_value("maintenance")
    Select(driver.find_element(By.ID, "audience")).select_by_value("public")
    helpers.submit_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
    path = helpers.path_of(driver)
    assert path.startswith("/announcements/"), f"saving the announcement led to {driver.current_url}"
    helpers.submit_and_wait_for_new_page(driver, helpers.visible(driver, "button[data-action=submit]"))
    assert helpers.path_of(driver) == path
    return path.rsplit("/", 1)[-1]


def test_a_published_announcement_appears_on_the_public_site_and_in_the_feed(driver, base_url):
    announcement = _publish_announcement(driver, base_url, "周六凌晨系统维护", "Maintenance early on Saturday")
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})

    driver.get(base_url + "/public")
    link = helpers.visible(driver, f"a[href='/public/announcements/{announcement}']")
    assert "周六凌晨系统维护" in link.text
    helpers.submit_and_wait_for_new_page(driver, link)
    assert helpers.h1_text(driver) == "周六凌晨系统维护"
    body = driver.find_element(By.CSS_SELECTOR, "article .notes")
    assert body.find_element(By.TAG_NAME, "strong").text == "02:00"
    assert "<script>" in body.text and not body.find_elements(By.TAG_NAME, "script")

    with urllib.request.urlopen(base_url + "/public/feed.atom?lang=en", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.read())
    assert feed.tag == ATOM + "feed"
    entries = feed.findall(ATOM + "entry")
    titles = [entry.findtext(ATOM + "title") for entry in entries]
    assert "Maintenance early on Saturday" in titles
    entry = entries[titles.index("Maintenance early on Saturday")]
    href = entry.find(ATOM + "link").get("href")
    assert href == f"{base_url}/public/announcements/{announcement}", href


def test_a_visitor_sends_feedback_and_sees_its_number(driver, base_url):
    driver.set_window_size(375, 900)
    try:
        driver.get(base_url + "/public/feedback")
        helpers.visible(driver, "#name").send_keys("韩梅梅")
        driver.find_element(By.ID, "company").send_keys("星河贸易")
        driver.find_element(By.ID, "email").send_keys("meimei@xinghe.example.cn")
        driver.find_element(By.ID, "message").send_keys("希望发票上能加英文抬头。<b>谢谢</b>")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        assert wide <= 375, f"the feedback form is {wide}px wide on a 375px phone"
        assert not driver.find_element(By.ID, "website").is_displayed()
        time.sleep(3.5)  # people take longer than the form's minimum to write
        helpers.submit_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
        number = helpers.visible(driver, "[data-request-number]").text
        assert number.startswith("R-") and len(number) == 8, number
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 375
    finally:
        driver.set_window_size(1366, 900)


def test_a_form_sent_faster_than_a_person_writes_is_refused_clearly(driver, base_url):
    driver.get(base_url + "/public/feedback")
    helpers.visible(driver, "#name").send_keys("robot")
    driver.find_element(By.ID, "email").send_keys("robot@example.com")
    driver.find_element(By.ID, "message").send_keys("buy now")
    helpers.submit_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
    alert = helpers.visible(driver, ".alert-error")
    assert "过快" in alert.text, alert.text
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-request-number]")
