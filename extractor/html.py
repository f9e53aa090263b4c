"""HTML -> article text: a saved page or a WordPress export of one post.

Menus, sidebars, footers, scripts and share buttons are dropped; the article (headline and
body) is kept, one block element a line, so that spans index this text.
"""

from __future__ import annotations

import html as html_lib
import re

from selectolax.lexbor import LexborHTMLParser

from extractor.errors import TooLargeError
from extractor.limits import MAX_HTML_DEPTH

HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|\?xml|head|body|article|rss)\b", re.I | re.S)
# An element and its end tag are found by two searches, never by one lazy ".*?" pattern: that
# tried every opening tag against the rest of the file (quadratic on an export with many
# unclosed ones).
WXR_ITEM = (re.compile(r"<item\b", re.I), re.compile(r"</item>", re.I))
WXR_TITLE = (re.compile(r"<title>", re.I), re.compile(r"</title>", re.I))
WXR_CONTENT = (re.compile(r"<content:encoded>", re.I), re.compile(r"</content:encoded>", re.I))
# Tags that open an element the parser keeps open until its end tag: void elements and those
# whose end tag may be left out ("<p>", "<li>") are closed by the parser and do not nest.
OPEN_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,30})\b[^<>]{0,4096}?(/?)>")
SELF_CLOSING = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
})
CDATA = re.compile(r"^\s*<!\[CDATA\[(.*)\]\]>\s*$", re.S)
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")

# Order matters: the first selector that matches is the article.
ARTICLE_SELECTORS = (
    "article",
    "[itemprop=articleBody]",
    ".entry-content",
    ".post-content",
    ".article-content",
    "main",
    "#content",
    ".content",
    "body",
)
TITLE_SELECTORS = ("h1.entry-title", "h1.post-title", "h1")
CHROME = (
    "script, style, noscript, template, nav, aside, form, iframe, svg, button, "
    ".sidebar, #sidebar, .widget, .menu, .share, .sharedaddy, .social, .breadcrumb, "
    ".comments, #comments, .navigation, .post-navigation, .related, .tags"
)
BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "figure", "figcaption", "hr",
    "pre", "dd", "dt", "dl", "main", "td", "th",
}


def looks_like_html(text: str) -> bool:
    """True when the text starts like an HTML page or a WordPress export."""
    return bool(HTML_START.match(text[:2048]))


def html_to_text(markup: str, path: str | None = None) -> str:
    """The article text of a page, one block a line.

    >>> html_to_text("<html><nav>เมนู</nav><article><h1>ข่าว</h1><p>นาย<b>สมชาย</b></p></article></html>")
    'ข่าว\\nนายสมชาย'
    """
    if "<content:encoded>" in markup:
        markup = _wordpress_item(markup)
    if (depth := nesting_depth(markup)) > MAX_HTML_DEPTH:
        raise TooLargeError(f"the page nests {depth:,} elements, more than the {MAX_HTML_DEPTH:,} read", path)
    tree = LexborHTMLParser(markup)
    for node in tree.css(CHROME):
        node.decompose()
    article = next((n for sel in ARTICLE_SELECTORS if (n := tree.css_first(sel)) is not None), None)
    if article is None:
        return ""
    if article.tag != "article":  # outside an <article>, site headers and footers are chrome
        for node in article.css("header, footer"):
            if node.css_first("h1") is None:
                node.decompose()
    parts: list[str] = []
    title = _title_outside(tree, article)
    if title:
        parts.append(title + "\n")
    _walk(article, parts)
    lines = (SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def nesting_depth(markup: str) -> int:
    """How many elements the page holds open at once, at most (an upper bound: tags the
    parser would close on its own count as open).

    >>> nesting_depth("<div><p>a<div><br></div></div>")
    2
    """
    depth = deepest = 0
    for m in OPEN_TAG.finditer(markup):
        if m.group(2).lower() in SELF_CLOSING or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _element(tags: tuple[re.Pattern, re.Pattern], text: str) -> tuple[int, int, int, int] | None:
    """(start, inner start, inner end, end) of the first element with its end tag after it."""
    opened = tags[0].search(text)
    closed = tags[1].search(text, opened.end()) if opened else None
    if closed is None:
        return None
    return opened.start(), opened.end(), closed.start(), closed.end()


def _wordpress_item(markup: str) -> str:
    item = _element(WXR_ITEM, markup)
    scope = markup[item[0] : item[3]] if item else markup
    title = _element(WXR_TITLE, scope)
    content = _element(WXR_CONTENT, scope)
    body = scope[content[1] : content[2]] if content else ""
    if m := CDATA.match(body):
        body = m.group(1)
    else:
        body = html_lib.unescape(body)
    head = f"<h1>{html_lib.escape(_cdata(scope[title[1] : title[2]]))}</h1>" if title else ""
    # WordPress keeps paragraphs as blank lines, not <p>.
    body = re.sub(r"\n\s*\n", "<br>", body)
    return f"<html><body><article>{head}{body}</article></body></html>"


def _cdata(value: str) -> str:
    m = CDATA.match(value)
    return m.group(1) if m else html_lib.unescape(value)


def _title_outside(tree: LexborHTMLParser, article) -> str:
    if article.css_first("h1") is not None:
        return ""
    for sel in TITLE_SELECTORS:
        node = tree.css_first(sel)
        if node is not None:
            return node.text(deep=True).strip()
    return ""


def _walk(node, parts: list[str]) -> None:
    """The text under ``node`` in document order, a line break around each block element.
    A stack, not recursion: a page may nest deeper than Python's recursion limit."""
    stack = [(node.child, False)]  # (next node to visit, whether its parent was a block)
    while stack:
        child, parent_block = stack.pop()
        if child is None:
            if parent_block:
                parts.append("\n")
            continue
        stack.append((child.next, parent_block))
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag not in ("-comment", "_comment"):
            block = tag in BLOCKS
            if block:
                parts.append("\n")
            stack.append((child.child, block))
