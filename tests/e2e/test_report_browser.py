"""The seed's report in a real browser: Debian's headless Chromium, driven through its chromedriver.

`make test` (and so CI) installs both with scripts/browser-deps when they are missing. Where they are not
installed the tests skip, saying why; under CI (CI set) a missing browser fails them instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ledger import Ledger
from scripts import chromium
from tests.conftest import SEEDS

AS_OF = "2024-05-01"
VETO = "vote.S/2024/255/veto/RUS"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ledger]:
    folder = tmp_path_factory.mktemp("browser")
    ledger = Ledger.open(f"sqlite:///{folder / 'ledger.db'}")
    ledger.load(SEEDS)
    return ledger.write_report(folder / "report.html", as_of=AS_OF), ledger


@pytest.fixture(scope="module")
def browser(page: tuple[Path, Ledger]) -> Iterator[Any]:
    why = chromium.missing()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run under CI: {why}")
        pytest.skip(why)
    profile = Path(tempfile.mkdtemp(prefix="ledger-chromium-"))
    driver = chromium.open_browser(profile)
    try:
        driver.get(page[0].resolve().as_uri())
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_the_page_loads_without_a_console_error(browser: Any) -> None:
    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    assert browser.execute_script("return document.readyState") == "complete"


def test_the_dprk_panels_bar_ends_on_2024_04_30_after_the_veto(browser: Any) -> None:
    from selenium.webdriver.common.by import By

    bars = browser.find_elements(By.CSS_SELECTOR, 'svg.timeline rect.mandate[data-panel="dprk-panel"]')
    assert bars and {b.get_attribute("data-end") for b in bars} == {"2024-04-30"}
    for bar in bars:  # drawn, and its end lies after the veto's mark on the same chart
        svg = bar.find_element(By.XPATH, "ancestor::*[local-name()='svg']")
        veto = svg.find_element(By.CSS_SELECTOR, f'g.mark[data-event-id="{VETO}"] .glyph')
        end = browser.execute_script("const b = arguments[0].getBBox(); return b.x + b.width;", bar)
        at = browser.execute_script("const b = arguments[0].getBBox(); return b.x + b.width / 2;", veto)
        assert bar.is_displayed() and end > at


def test_malis_panel_bar_ends_with_its_regimes_last_day_in_force_and_its_title_says_why(browser: Any) -> None:
    from selenium.webdriver.common.by import By

    bars = browser.find_elements(By.CSS_SELECTOR, 'svg.timeline rect.mandate[data-panel="mali-panel"]')
    assert bars
    for bar in bars:  # drawn to the same right edge as its regime's bar, the day before the termination
        svg = bar.find_element(By.XPATH, "ancestor::*[local-name()='svg']")
        regime = svg.find_element(By.CSS_SELECTOR, 'rect.regime[data-regime="mali-regime"]')
        ends = browser.execute_script(
            "return Array.from(arguments).map(r => { const b = r.getBBox(); return b.x + b.width; });", bar, regime)
        titles = browser.execute_script(
            "return Array.from(arguments).map(r => r.querySelector('title').textContent);", bar, regime)
        assert bar.is_displayed() and abs(ends[0] - ends[1]) < 0.01
        assert titles[0].endswith("mandate 2017-09-05 to 2023-09-30, cut short by its regime's termination on "
                                  "2023-09-01: last day 2023-08-31 (terminated)")
        assert titles[1].endswith(": established 2017-09-05, terminated 2023-09-01 (last day in force 2023-08-31)")


def test_russias_veto_is_marked_on_2024_03_28(browser: Any) -> None:
    from selenium.webdriver.common.by import By

    marks = browser.find_elements(By.CSS_SELECTOR, 'svg.timeline g.mark[data-type="VetoCast"][data-date="2024-03-28"]')
    assert marks and all(m.get_attribute("data-event-id") == VETO and m.is_displayed() for m in marks)


def test_clicking_a_mark_shows_its_quote_source_and_locator(browser: Any, page: tuple[Path, Ledger]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    entry = next(e for e in page[1].as_of(AS_OF).timeline if e.event_id == VETO)
    quotes = [q for q in (entry.quote, *(c.get("quote") for c in entry.details.get("also_cited") or [])) if q]
    assert quotes  # its words, from its source or a second one
    details = browser.find_element(By.ID, "details")
    assert not details.is_displayed()
    browser.find_element(By.CSS_SELECTOR, f'svg.timeline g.mark[data-event-id="{VETO}"] .glyph').click()
    WebDriverWait(browser, 10).until(lambda _: details.is_displayed())
    said = " ".join(details.text.split())
    assert all(" ".join(q.split()) in said for q in quotes)
    assert details.find_element(By.CSS_SELECTOR, '[data-field="source"]').text.startswith(entry.source or "?")
    assert details.find_element(By.CSS_SELECTOR, '[data-field="locator"]').text == entry.locator
    assert details.find_element(By.CSS_SELECTOR, '[data-field="on"]').text == "2024-03-28"


def test_a_mark_reached_with_the_keyboard_shows_its_fact_too(browser: Any, page: tuple[Path, Ledger]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    other = next(e for e in page[1].as_of(AS_OF).timeline if e.type == "StatementIssued" and e.quote)
    mark = browser.find_element(By.CSS_SELECTOR, f'svg.timeline g.mark[data-event-id="{other.event_id}"]')
    browser.execute_script("arguments[0].focus()", mark)
    mark.send_keys(Keys.ENTER)
    said = browser.find_element(By.CSS_SELECTOR, '#details [data-field="event_id"]').text
    assert said == other.event_id


def test_visible_labels_do_not_overlap_as_the_browser_draws_them(browser: Any) -> None:
    # (a hidden label shows over the others only while its mark is hovered, focused or selected)
    boxes = browser.execute_script("""
        return Array.from(document.querySelectorAll('svg.timeline')).map(svg =>
          Array.from(svg.querySelectorAll('text.label:not(.hidden)'))
            .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }));
    """)
    assert any(boxes)
    for chart in boxes:
        for i, a in enumerate(chart):
            for b in chart[i + 1 :]:
                apart = a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5
                assert apart, (a, b)
