"""Debian's headless Chromium, driven through its chromedriver by selenium: for the report's browser test
and `make screenshot`. `scripts/browser-deps` installs both packages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
# Without the networking flags Chromium waits on services it cannot reach on a closed network.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def missing() -> str | None:
    """Why the browser cannot run here, or None."""
    absent = [str(p) for p in (CHROMIUM, DRIVER) if not p.exists()]
    return f"{' and '.join(absent)} not installed (scripts/browser-deps installs them)" if absent else None


def open_browser(profile: Path, size: tuple[int, int] = (1400, 1000)) -> WebDriver:
    """A headless Chromium with a fresh profile folder, keeping the page's console messages (`get_log("browser")`)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--window-size={size[0]},{size[1]}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(60)
    return driver
