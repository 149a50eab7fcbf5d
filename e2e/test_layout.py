"""Every main staff page at a phone's width (375 px) and a laptop's (1366 px), in both languages: nothing wider than
the window (no sideways scrolling) and, on the phone, no tap target under 40 px. Screenshots of each go to
$LIAISON_SCREENSHOTS (a temporary folder by default) for a person to look at."""

from __future__ import annotations

import os
import tempfile

import pytest

from helpers import ADMIN_EMAIL, ADMIN_PASSWORD, page_excerpt, sign_in, switch_locale, visible

PAGES = ["/", "/requests", "/requests/new", "/customers", "/customers/new", "/search?q=%E6%B5%8B%E8%AF%95", "/people",
         "/departments", "/audit", "/account", "/admin/calendars", "/admin/mailboxes", "/admin/mailboxes/new",
         "/notifications", "/notifications/preferences", "/admin/mail/quarantine", "/admin/webhooks", "/admin/robots",
         "/announcements", "/announcements/new", "/admin/settings", "/public", "/public/feedback", "/surveys",
         "/surveys/new"]

# Controls a phone user taps: links in the navigation, buttons, fields.
TAP_TARGETS = """
return Array.from(document.querySelectorAll('button, .button, select, input:not([type=hidden]):not([type=checkbox])'
    + ':not([type=radio]):not(.file-native), .mainnav.open a'))
  .filter(el => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden')
  .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height])
  .filter(([_, h]) => h > 0 && h < 39.5);
"""


@pytest.mark.parametrize("locale", ["zh-Hans", "en"])
def test_main_pages_fit_a_phone_and_a_laptop(driver, base_url, locale):
    folder = os.environ.get("LIAISON_SCREENSHOTS") or tempfile.mkdtemp(prefix="liaison-screens-")
    os.makedirs(folder, exist_ok=True)
    sign_in(driver, base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    switch_locale(driver, locale)
    try:
        for width in (375, 1366):
            driver.set_window_size(width, 900)
            for path in PAGES:
                driver.get(base_url + path)
                visible(driver, "main")
                wide = driver.execute_script("return document.documentElement.scrollWidth")
                inner = driver.execute_script("return window.innerWidth")
                name = f"{locale}-{width}-{path.strip('/').split('?')[0].replace('/', '-') or 'home'}.png"
                driver.save_screenshot(os.path.join(folder, name))
                assert wide <= inner, f"{path} at {width} px scrolls sideways ({wide} > {inner}): {page_excerpt(driver)}"
                if width == 375:
                    small = driver.execute_script(TAP_TARGETS)
                    assert not small, f"{path}: tap targets under 40 px: {small[:5]}"
    finally:
        driver.set_window_size(1280, 900)
        switch_locale(driver, "zh-Hans")
