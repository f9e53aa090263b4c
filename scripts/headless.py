"""Debian's headless Chromium, driven by Selenium through Debian's chromedriver: for the
browser tests (``tests/test_pages.py``) and the README's screenshots (``scripts/screenshots.py``).

Nothing is downloaded: the browser and its driver are the system's (``apt-get install chromium
chromium-driver``, as ``.ci/run`` does); Selenium is told where they are, so its own manager
never looks for a browser build of its own.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
DRIVER = "chromedriver"
WINDOW = (1400, 1000)


def browser_paths() -> tuple[str, str] | None:
    """(browser, driver) from PATH, or None when either is missing."""
    browser = next((p for p in map(shutil.which, BROWSERS) if p), None)
    driver = shutil.which(DRIVER)
    return (browser, driver) if browser and driver else None


@contextmanager
def chrome(width: int = WINDOW[0], height: int = WINDOW[1]):
    """A headless Chromium session that keeps the page's console messages (``get_log("browser")``)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = browser_paths()
    if paths is None:
        raise RuntimeError("no chromium and chromedriver on PATH: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(paths[1]))
    try:
        yield driver
    finally:
        driver.quit()
