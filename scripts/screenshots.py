"""Screenshots of both pages for the README: docs/img/show.png and docs/img/report.png.

Usage: python scripts/screenshots.py [--out docs/img]

The review page is of examples/meeting_post.txt; the report is of a SQLite target that
``extract batch`` writes from the corpus's posts (all splits) in a temporary folder. Both
pages are opened in Debian's headless Chromium (``scripts/headless.py``); Thai needs a Thai
font on the machine (Debian: ``apt-get install fonts-thai-tlwg``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.headless import chrome

EXAMPLE = ROOT / "examples" / "meeting_post.txt"
SIZES = {"show": (1400, 1000), "report": (1400, 1500)}
SETTLE = 1.0  # seconds for plotly to draw before the picture is taken


def extract(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "extractor", *args], cwd=ROOT, check=False, capture_output=True)


def shoot(page: Path, png: Path, size: tuple[int, int], hover: str | None = None) -> None:
    """A picture of ``page``, with the mouse over the first element ``hover`` selects (CSS)."""
    from selenium.webdriver.common.action_chains import ActionChains

    with chrome(*size) as browser:
        browser.get(page.as_uri())
        if hover:
            ActionChains(browser).move_to_element(browser.find_element("css selector", hover)).perform()
        time.sleep(SETTLE)
        browser.save_screenshot(str(png))
    print(f"{png} ({png.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        show, target, report = Path(tmp) / "show.html", Path(tmp) / "corpus.sqlite", Path(tmp) / "report.html"
        extract("show", str(EXAMPLE), "-o", str(show))
        extract("batch", str(ROOT / "corpus"), "--out", str(target), "--jobs", "2", "--no-progress")
        extract("report", str(target), "-o", str(report))
        shoot(show, args.out / "show.png", SIZES["show"], hover="#text mark.f-roles")  # a role: whose it is
        shoot(report, args.out / "report.png", SIZES["report"])


if __name__ == "__main__":
    main()
