"""Draw docs/report.png, the README's picture of the seed's report: the seed loaded into a scratch ledger,
its report as of 2024-05-01 opened in headless Chromium, Russia's veto clicked, the window saved.

    .venv/bin/python -m scripts.screenshot docs/report.png      (make screenshot; scripts/browser-deps first)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from ledger import Ledger
from scripts.chromium import open_browser

ROOT = Path(__file__).resolve().parents[1]


def main(target: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="ledger-screenshot-"))
    try:
        with Ledger.open(f"sqlite:///{work / 'ledger.db'}") as ledger:
            ledger.load(ROOT / "seeds")
            page = ledger.write_report(work / "report.html", as_of="2024-05-01")
        driver = open_browser(work / "profile", size=(1280, 1180))
        try:
            driver.get(page.as_uri())
            driver.find_element(
                By.CSS_SELECTOR, 'svg.timeline g.mark[data-type="VetoCast"][data-date="2024-03-28"] .glyph'
            ).click()
            driver.execute_script("window.scrollTo(0, 0)")
            target.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(target))
        finally:
            driver.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{target}: {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/report.png"))
