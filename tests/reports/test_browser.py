"""The HTML report opened in headless Chromium: markup in names is text, no script runs.

Needs Debian's ``chromium``. Locally the test skips without it; with ``CI=true`` it fails, so
CI cannot pass without having run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cnscd_core.reports import render_report
from cnscd_core.rollup import Report

from .builders import IMG_NAME, SCRIPT_NAME

ORIGINAL_TITLE = (
    "Báo cáo kết quả hoạt động của Tổ công nghệ số cộng đồng · Tỉnh Sơn La · quý III năm 2026"
)


@pytest.fixture
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("chromium is not installed; CI must install it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def dump_dom(chromium: str, page: Path, profile: Path) -> str:
    """The DOM after the page loaded and its scripts (if any) ran, serialised by Chromium."""
    result = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return result.stdout.decode("utf-8")


class _Text(HTMLParser):
    """The document's text and title, and the names of the elements it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_title = tag == "title" and not self.title

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)


def parse(dom: str) -> _Text:
    parser = _Text()
    parser.feed(dom)
    return parser


def test_the_browser_checks_can_see_a_script_run(chromium: str, tmp_path: Path) -> None:
    """Control: a page whose script does run changes its title (so the next test means it)."""
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>before</title></head><body>"
        "<script>document.title='pwned'</script></body></html>",
        encoding="utf-8",
    )
    assert parse(dump_dom(chromium, page, tmp_path / "profile")).title == "pwned"


def test_names_with_markup_are_text_in_the_browser(
    chromium: str, report: Report, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    render_report(report, "html", page)
    dom = parse(dump_dom(chromium, page, tmp_path / "profile"))
    text = "".join(dom.text)
    assert SCRIPT_NAME in text  # the literal "<script>..." is shown as text
    assert IMG_NAME.replace("  ", " ") in text
    assert "chưa có thành viên phụ trách <b>" in text
    assert dom.title == ORIGINAL_TITLE  # neither the script nor the onerror handler ran
    assert "script" not in dom.tags and "img" not in dom.tags
    assert "svg" in dom.tags and "table" in dom.tags
