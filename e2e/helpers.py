"""Shared helpers for the browser tests: locating Chrome, building a driver, and small page actions."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

# How long to wait for a page to load or an element to appear, in seconds.
WAIT = 15

ADMIN_EMAIL = "admin@e2e.test"
ADMIN_NAME = "测试管理员"
ADMIN_PASSWORD = "E2e-Passw0rd!"

AGENT_EMAIL = "agent@e2e.test"
AGENT_NAME = "Alice Agent"
# The password policy refuses passwords that contain the email's local part ("agent"), so the
# password suggested in the brief ("Agent-Passw0rd!") cannot be used.
AGENT_PASSWORD = "Alice-Passw0rd!"

# A dedicated administrator for the language test: switching language while signed in saves the
# choice on the person, which must not leak into the other tests' expectations.
SWITCHER_EMAIL = "switcher@e2e.test"
SWITCHER_NAME = "语言切换员"
SWITCHER_PASSWORD = "Switch-Passw0rd!"

# A throwaway account that the lockout test locks.
LOCKED_EMAIL = "locked@e2e.test"
LOCKED_NAME = "Lockout Target"
LOCKED_PASSWORD = "Throwaway-Passw0rd!"


def strict() -> bool:
    return os.environ.get("LIAISON_TEST_STRICT") == "1"


def _find(env: str, default: str, *names: str) -> str | None:
    explicit = os.environ.get(env)
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    if os.access(default, os.X_OK):
        return default
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_path() -> str | None:
    return _find("CHROME_BIN", "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def chromedriver_path() -> str | None:
    return _find("CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver")


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium and chromedriver are both present."""
    missing = []
    if chromium_path() is None:
        missing.append("Chromium (looked for $CHROME_BIN, /usr/bin/chromium, chromium on PATH)")
    if chromedriver_path() is None:
        missing.append("chromedriver (looked for $CHROMEDRIVER, /usr/bin/chromedriver, chromedriver on PATH)")
    if not missing:
        return None
    problem = "browser tests need " + " and ".join(missing)
    return problem if strict() else problem + "; set LIAISON_TEST_STRICT=1 to fail instead of skip"


def new_driver() -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path() or "/usr/bin/chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=zh-CN",
        "--no-first-run",
        "--no-default-browser-check",
    ):
        options.add_argument(argument)
    # Headless Chrome otherwise announces English; the tests expect a Chinese-speaking visitor unless
    # they switch language themselves.
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service(chromedriver_path() or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


# --- page helpers -------------------------------------------------------------------------------


def page_excerpt(driver: WebDriver, limit: int = 400) -> str:
    """The start of the page's visible text, for failure messages."""
    try:
        text = driver.find_element(By.TAG_NAME, "body").text
    except Exception:  # noqa: BLE001 - best effort only
        text = driver.page_source
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "")


def path_of(driver: WebDriver) -> str:
    return urlparse(driver.current_url).path


def wait(driver: WebDriver, timeout: float = WAIT) -> WebDriverWait:
    # Transient errors while a document is being replaced (stale nodes, inspector errors) mean "not yet".
    return WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,))


def wait_for_path(driver: WebDriver, path: str, timeout: float = WAIT) -> None:
    try:
        wait(driver, timeout).until(lambda d: path_of(d) == path)
    except TimeoutException:
        raise AssertionError(
            f"expected the browser to reach {path!r}, but it is on {driver.current_url!r} "
            f"(title {driver.title!r}); page text: {page_excerpt(driver)!r}"
        ) from None


def visible(driver: WebDriver, css: str, timeout: float = WAIT) -> WebElement:
    try:
        return wait(driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))
    except TimeoutException:
        raise AssertionError(
            f"no visible element {css!r} on {driver.current_url!r} (title {driver.title!r}); "
            f"page text: {page_excerpt(driver)!r}"
        ) from None


def html_lang(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "html").get_attribute("lang") or ""


def _new_document_loaded(driver: WebDriver) -> bool:
    try:
        return bool(driver.execute_script(
            "return window.__e2eOldPage === undefined && document.readyState === 'complete'"))
    except WebDriverException:
        return False  # the document is being replaced right now; ask again


def submit_and_wait_for_new_page(driver: WebDriver, button: WebElement, timeout: float = WAIT) -> None:
    """Clicks a submit button and waits until a new document has replaced the current one and finished loading.

    The old document is marked with a window property that a fresh page does not have; this is more reliable
    than waiting for an element to go stale while Chrome swaps documents.
    """
    before = driver.current_url
    driver.execute_script("window.__e2eOldPage = true;")
    button.click()
    try:
        wait(driver, timeout).until(_new_document_loaded)
    except TimeoutException:
        raise AssertionError(
            f"submitting the form on {before!r} did not load a new page; now on {driver.current_url!r}"
        ) from None


def open_sign_in(driver: WebDriver, base_url: str) -> None:
    driver.get(base_url + "/sign-in")
    wait_for_path(driver, "/sign-in")
    visible(driver, "form.form #email")


def submit_sign_in(driver: WebDriver, email: str, password: str) -> None:
    """Fills in and submits the sign-in form on the current page, then waits for the response page."""
    email_field = visible(driver, "form.form #email")
    email_field.clear()
    email_field.send_keys(email)
    password_field = driver.find_element(By.ID, "password")
    password_field.clear()
    password_field.send_keys(password)
    submit_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))


def sign_in(driver: WebDriver, base_url: str, email: str, password: str) -> None:
    """Signs in from the sign-in page and waits for the home page."""
    open_sign_in(driver, base_url)
    submit_sign_in(driver, email, password)
    if path_of(driver) != "/":
        errors = driver.find_elements(By.ID, "signin-error")
        shown = errors[0].text if errors else "(no #signin-error element)"
        raise AssertionError(
            f"signing in as {email} should land on '/', but the browser is on {driver.current_url!r}; "
            f"error shown: {shown!r}"
        )
    visible(driver, "main h1")


def h1_text(driver: WebDriver) -> str:
    return visible(driver, "main h1").text.strip()


def nav_labels(driver: WebDriver) -> list[str]:
    visible(driver, "nav#mainnav")
    return [link.text.strip() for link in driver.find_elements(By.CSS_SELECTOR, "nav#mainnav a")]


def locale_button(driver: WebDriver, code: str) -> WebElement:
    return visible(driver, f"form.langswitch button[name=locale][value='{code}']")


def switch_locale(driver: WebDriver, code: str) -> None:
    submit_and_wait_for_new_page(driver, locale_button(driver, code))
