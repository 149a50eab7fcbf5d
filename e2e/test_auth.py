"""Sign-in, sign-out, lockout and the language switch, driven through a real browser."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

import helpers
from helpers import (
    ADMIN_EMAIL, ADMIN_NAME, ADMIN_PASSWORD, AGENT_EMAIL, AGENT_NAME, AGENT_PASSWORD, LOCKED_EMAIL,
    LOCKED_PASSWORD, SWITCHER_EMAIL, SWITCHER_NAME, SWITCHER_PASSWORD,
    h1_text, html_lang, locale_button, nav_labels, open_sign_in, path_of, sign_in, submit_and_wait_for_new_page,
    submit_sign_in, switch_locale, visible, wait_for_path,
)

_problem = helpers.browser_problem()
if _problem:
    if helpers.strict():
        pytest.fail(f"LIAISON_TEST_STRICT=1: {_problem}", pytrace=False)
    pytest.skip(_problem, allow_module_level=True)

# One message for every failure, a locked account included, so that the answer does not tell who has an account.
INVALID_ZH = "邮箱或密码不正确，或账户因多次登录失败已被临时锁定。"


def assert_locale_current(driver, code: str) -> None:
    button = locale_button(driver, code)
    assert "current" in (button.get_attribute("class") or "").split(), (
        f"the {code} button of the language switch should carry class 'current' on {driver.current_url}"
    )
    assert button.get_attribute("aria-pressed") == "true", (
        f"the {code} button of the language switch should have aria-pressed='true' on {driver.current_url}"
    )


def test_admin_signs_in_and_lands_on_home(driver, base_url):
    sign_in(driver, base_url, ADMIN_EMAIL, ADMIN_PASSWORD)

    assert path_of(driver) == "/", f"after sign-in the browser should be on '/', not {driver.current_url}"
    greeting = h1_text(driver)
    assert greeting.startswith("你好"), f"home page <h1> should greet in Chinese, got {greeting!r}"
    assert ADMIN_NAME in greeting, f"home page <h1> should name {ADMIN_NAME!r}, got {greeting!r}"
    labels = nav_labels(driver)
    for label in ("首页", "人员", "部门", "审计日志"):
        assert label in labels, f"an administrator's nav#mainnav should list {label!r}; it lists {labels}"


def test_failed_sign_in_shows_error_and_keeps_email(driver, base_url):
    open_sign_in(driver, base_url)
    submit_sign_in(driver, ADMIN_EMAIL, "definitely-not-the-password")

    assert path_of(driver) == "/sign-in", f"a failed sign-in should stay on /sign-in, got {driver.current_url}"
    error = visible(driver, "#signin-error")
    assert error.text.strip() == INVALID_ZH, f"#signin-error should read {INVALID_ZH!r}, got {error.text!r}"
    classes = (error.get_attribute("class") or "").split()
    assert {"alert", "alert-error"} <= set(classes), f"#signin-error should have classes alert alert-error, has {classes}"
    kept = driver.find_element(By.ID, "email").get_attribute("value")
    assert kept == ADMIN_EMAIL, f"the email field should keep {ADMIN_EMAIL!r} after a failure, holds {kept!r}"
    assert driver.find_element(By.ID, "password").get_attribute("value") == "", "the password must not be echoed back"
    assert driver.find_elements(By.CSS_SELECTOR, "nav#mainnav") == [], "a failed sign-in must not show the main nav"


def test_language_switch_signed_out_and_signed_in(driver, base_url):
    # Signed out: the choice lives in a cookie.
    open_sign_in(driver, base_url)
    assert html_lang(driver) == "zh-CN", f"the sign-in page should start in Chinese, <html lang> is {html_lang(driver)!r}"
    assert_locale_current(driver, "zh-Hans")
    assert locale_button(driver, "zh-Hans").text.strip() == "简体中文"
    assert locale_button(driver, "en").text.strip() == "English"

    switch_locale(driver, "en")
    wait_for_path(driver, "/sign-in")
    assert html_lang(driver) == "en", f"after choosing English <html lang> should be 'en', is {html_lang(driver)!r}"
    submit_text = driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").text.strip()
    assert submit_text == "Sign in", f"the sign-in button should read 'Sign in' in English, reads {submit_text!r}"
    assert_locale_current(driver, "en")

    switch_locale(driver, "zh-Hans")
    wait_for_path(driver, "/sign-in")
    assert html_lang(driver) == "zh-CN", f"after choosing Chinese <html lang> should be 'zh-CN', is {html_lang(driver)!r}"
    submit_text = driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").text.strip()
    assert submit_text == "登录", f"the sign-in button should read '登录' in Chinese, reads {submit_text!r}"
    assert_locale_current(driver, "zh-Hans")

    # Signed in: the choice is saved on the person and survives reloads and navigation.
    sign_in(driver, base_url, SWITCHER_EMAIL, SWITCHER_PASSWORD)
    assert h1_text(driver) == f"你好，{SWITCHER_NAME}", f"home should greet in Chinese first, got {h1_text(driver)!r}"

    switch_locale(driver, "en")
    wait_for_path(driver, "/")
    assert html_lang(driver) == "en", f"after choosing English on home <html lang> should be 'en', is {html_lang(driver)!r}"
    assert h1_text(driver) == f"Hello, {SWITCHER_NAME}", f"home <h1> should be English, got {h1_text(driver)!r}"
    assert_locale_current(driver, "en")

    driver.refresh()
    visible(driver, "main h1")
    assert html_lang(driver) == "en", f"English should survive a reload, <html lang> is {html_lang(driver)!r}"
    assert h1_text(driver) == f"Hello, {SWITCHER_NAME}", f"after reload home <h1> is {h1_text(driver)!r}"
    labels = nav_labels(driver)
    expected = ["Home", "Requests", "Customers", "Requirements", "Projects", "Commitments", "Improvements", "Meetings",
                "Announcements", "NPS surveys", "People", "Departments", "SLA", "Mailboxes", "Integrations", "Settings",
                "Audit trail"]
    assert labels[:len(expected)] == expected, f"English nav expected, got {labels}"

    driver.get(base_url + "/people")
    wait_for_path(driver, "/people")
    assert html_lang(driver) == "en", f"/people should be in English, <html lang> is {html_lang(driver)!r}"
    assert h1_text(driver) == "People", f"/people <h1> should be 'People', got {h1_text(driver)!r}"


def test_english_preferring_person_sees_english(driver, base_url):
    # Ask for Chinese by cookie (and by Accept-Language, see helpers.new_driver): the saved preference wins.
    open_sign_in(driver, base_url)
    driver.add_cookie({"name": "liaison_lang", "value": "zh-Hans", "path": "/"})
    driver.refresh()
    visible(driver, "form.form #email")
    assert html_lang(driver) == "zh-CN", f"before sign-in the page should be Chinese, <html lang> is {html_lang(driver)!r}"

    submit_sign_in(driver, AGENT_EMAIL, AGENT_PASSWORD)
    wait_for_path(driver, "/")
    greeting = h1_text(driver)
    assert greeting == f"Hello, {AGENT_NAME}", f"{AGENT_EMAIL} prefers English; home <h1> is {greeting!r}"
    assert html_lang(driver) == "en", f"<html lang> should be 'en' for {AGENT_EMAIL}, is {html_lang(driver)!r}"
    assert_locale_current(driver, "en")


def test_sign_out_returns_to_sign_in(driver, base_url):
    sign_in(driver, base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    sign_out = visible(driver, 'form[action="/sign-out"] button[type=submit]')
    assert sign_out.text.strip() == "退出登录", f"the sign-out button should read '退出登录', reads {sign_out.text!r}"

    submit_and_wait_for_new_page(driver, sign_out)
    wait_for_path(driver, "/sign-in")
    flash = visible(driver, ".flash")
    assert flash.text.strip() == "你已安全退出。", f"the sign-out flash should read '你已安全退出。', reads {flash.text!r}"
    assert driver.find_elements(By.CSS_SELECTOR, "nav#mainnav") == [], "after sign-out the main nav should be gone"

    driver.get(base_url + "/")
    wait_for_path(driver, "/sign-in")
    visible(driver, "form.form #email")
    assert driver.find_elements(By.CSS_SELECTOR, ".flash") == [], "the flash message should be shown only once"


def test_lockout_after_five_failures(driver, base_url):
    open_sign_in(driver, base_url)
    for attempt in range(1, 5):
        submit_sign_in(driver, LOCKED_EMAIL, f"wrong-password-{attempt}")
        message = visible(driver, "#signin-error").text.strip()
        assert message == INVALID_ZH, f"failure {attempt} of 5 should say {INVALID_ZH!r}, said {message!r}"

    submit_sign_in(driver, LOCKED_EMAIL, "wrong-password-5")
    assert path_of(driver) == "/sign-in", f"the 5th failure should stay on /sign-in, got {driver.current_url}"
    message = visible(driver, "#signin-error").text.strip()
    assert message == INVALID_ZH, f"the 5th failure (which locks) should say {INVALID_ZH!r} too, said {message!r}"

    # While locked, even the right password is refused, with the same message.
    submit_sign_in(driver, LOCKED_EMAIL, LOCKED_PASSWORD)
    assert path_of(driver) == "/sign-in", f"a locked account must not sign in; browser is on {driver.current_url}"
    message = visible(driver, "#signin-error").text.strip()
    assert message == INVALID_ZH, f"the correct password during the lock should say {INVALID_ZH!r}, said {message!r}"
