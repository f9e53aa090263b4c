"""extract show: the review page of one post, checked as HTML and in headless Chromium."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser

import pytest

import extractor
from extractor.decode import read_path
from extractor.show import Value, marked_text, render
from scripts.headless import browser_paths, chrome
from tests.conftest import CORPUS, ROOT

EXAMPLE = ROOT / "examples" / "meeting_post.txt"
HOSTILE = ('นายสมชาย ใจดี <script>window.hacked = 1</script> ผู้ว่าราชการจังหวัดขอนแก่น '
           'ประชุม "</textarea><img src=x onerror=window.hacked=2>" เวลา 09.00 น. & <!-- --> ')
HTML_POST = next(iter(sorted(CORPUS.glob("*/*.html"))), None)


def record_values(record_json: dict) -> set[tuple[str, int, int, str]]:
    """(field, start, end, text) of every span in the record, found by walking its JSON (not
    with the code the page uses): what the page must mark, once each."""
    found = set()

    def walk(field: str, node) -> None:
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys():
                found.add((field, node["start"], node["end"], node["text"]))
            for key, value in node.items():
                walk("roles" if key == "roles" else field, value)  # a person's roles are a field of their own
        elif isinstance(node, list):
            for value in node:
                walk(field, value)

    for field, node in record_json.items():
        if field != "source":
            walk(field, node)
    return found


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.issue(13)
@pytest.mark.parametrize("text", [HOSTILE])
def test_show_escapes_hostile_text_and_fetches_nothing(text):
    page = render(text, extractor.extract(text), "hybrid")
    tags = _tags(page)
    assert [t for t, _ in tags if t == "script"] == ["script", "script"]  # the page's own two
    assert not [t for t, _ in tags if t in ("img", "textarea", "link", "iframe")]
    assert not [a for _, attrs in tags for k, a in attrs.items() if k in ("src", "href") and a]
    assert "window.hacked = 1" in page.replace("&lt;", "<")  # shown as text


@pytest.mark.issue(13)
@pytest.mark.parametrize("spans, text", [
    ([(0, 10), (2, 5)], "nested"),      # one inside another
    ([(0, 6), (3, 10)], "crossing"),    # the second crosses the first's end: two fragments
    ([(0, 4), (0, 4), (4, 8)], "same"),  # two values on one span, then one touching it
])
def test_show_marks_overlapping_values_readably(spans, text):
    source = "abcdefghijklmnop"
    values = [Value(f"v{i}", "persons", "PERSON", a, b, source[a:b], source[a:b]) for i, (a, b) in enumerate(spans)]
    html = str(marked_text(source, values))
    marks = [attrs for tag, attrs in _tags(html) if tag == "mark"]
    assert sorted(m["data-value"] for m in marks if m["data-part"] == "0") == [v.id for v in values]
    import re

    assert re.sub("<[^>]+>", "", html) == source  # the text is whole, in order
    assert html.count("<mark") == html.count("</mark>")


@pytest.mark.issue(13)
@pytest.mark.parametrize("stdin", [False, True])
def test_show_cli_writes_beside_the_input_or_to_stdout(tmp_path, stdin):
    post = tmp_path / "post.txt"
    post.write_bytes(EXAMPLE.read_bytes())
    args = [sys.executable, "-m", "extractor", "show", "-" if stdin else str(post)]
    done = subprocess.run(args, input=post.read_bytes() if stdin else None, capture_output=True, check=True, cwd=ROOT)
    page = done.stdout.decode("utf-8") if stdin else (tmp_path / "post.txt.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "มหาสารคาม" in page
    assert (tmp_path / "post.txt.html").exists() != stdin


needs_browser = pytest.mark.skipif(browser_paths() is None, reason="no chromium / chromedriver (apt-get install "
                                                                   "chromium chromium-driver)")

PAGE_STATE = """
const marks = [...document.querySelectorAll('#text mark')];
return {
  text: document.getElementById('text').textContent,
  heads: marks.filter(m => m.dataset.part === '0').map(m => [m.className.slice(2), +m.dataset.start, +m.dataset.end]),
  pieces: marks.map(m => [m.dataset.value, m.dataset.start, m.dataset.end,
                          [...m.childNodes].filter(n => n.nodeType === 3 || n.tagName === 'MARK')
                            .map(n => n.textContent).join('')]),
  hacked: window.hacked || null,
};
"""


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("selenium")
    with chrome() as driver:
        yield driver


def _console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@needs_browser
@pytest.mark.issue(13)
@pytest.mark.parametrize("post", [EXAMPLE, HTML_POST, "hostile"], ids=["example", "html", "hostile"])
def test_show_page_in_chromium_marks_each_value_once(browser, tmp_path, post):
    if post == "hostile":
        text, record = HOSTILE, extractor.extract(HOSTILE)
    else:
        text, record = read_path(post).text, extractor.extract_file(post)
    page = tmp_path / "page.html"
    page.write_text(render(text, record, "hybrid"), encoding="utf-8")
    browser.get(page.as_uri())
    state = browser.execute_script(PAGE_STATE)
    assert _console_errors(browser) == []
    assert state["hacked"] is None
    assert state["text"] == text.replace("\r\n", "\n")  # the HTML parser turns CRLF into LF
    wanted = {(f, a, b) for f, a, b, _ in record_values(record.model_dump(mode="json"))}
    assert sorted(map(tuple, state["heads"])) == sorted(wanted)  # exactly one labelled mark per value
    for value_id in {p[0] for p in state["pieces"]}:  # a value cut into fragments still reads whole
        start, end = next((int(p[1]), int(p[2])) for p in state["pieces"] if p[0] == value_id)
        fragments = browser.execute_script(
            "return [...document.querySelectorAll('mark[data-value=\"' + arguments[0] + '\"]')]"
            ".map(m => m.textContent)", value_id)
        assert text[start:end] in "".join(fragments)


@needs_browser
@pytest.mark.issue(13)
@pytest.mark.parametrize("field, shown", [
    ("provinces", ["TH-44", "Maha Sarakham"]),
    ("roles", ["นายวรพล ศรีสุวรรณ"]),  # the person the role belongs to
    ("dates", ["2023-03-14"]),
    ("times", ["09:30"]),
])
def test_show_page_hover_shows_the_normalized_value(browser, tmp_path, field, shown):
    from selenium.webdriver.common.action_chains import ActionChains

    record = extractor.extract_file(EXAMPLE)
    page = tmp_path / "page.html"
    page.write_text(render(read_path(EXAMPLE).text, record, "hybrid"), encoding="utf-8")
    browser.get(page.as_uri())
    mark = browser.find_element("css selector", f"#text mark.f-{field}")
    ActionChains(browser).move_to_element(mark).perform()
    detail = browser.find_element("id", "detail").text
    assert all(s in detail for s in shown), detail
    assert _console_errors(browser) == []

