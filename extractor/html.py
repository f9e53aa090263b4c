"""HTML -> article text: a saved page or a WordPress export of one post.

Menus, sidebars, footers, scripts and share buttons are dropped; the article (headline and
body) is kept, one block element a line, so that spans index this text.
"""

from __future__ import annotations

import html as html_lib
import re

from selectolax.lexbor import LexborHTMLParser

HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|\?xml|head|body|article|rss)\b", re.I | re.S)
WXR_ITEM = re.compile(r"<item\b.*?</item>", re.S | re.I)
WXR_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
WXR_CONTENT = re.compile(r"<content:encoded>(.*?)</content:encoded>", re.S | re.I)
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


def html_to_text(markup: str) -> str:
    """The article text of a page, one block a line.

    >>> html_to_text("<html><nav>เมนู</nav><article><h1>ข่าว</h1><p>นาย<b>สมชาย</b></p></article></html>")
    'ข่าว\\nนายสมชาย'
    """
    if "<content:encoded>" in markup:
        markup = _wordpress_item(markup)
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


def _wordpress_item(markup: str) -> str:
    item = WXR_ITEM.search(markup)
    scope = item.group(0) if item else markup
    title = WXR_TITLE.search(scope)
    content = WXR_CONTENT.search(scope)
    body = content.group(1) if content else ""
    if m := CDATA.match(body):
        body = m.group(1)
    else:
        body = html_lib.unescape(body)
    head = f"<h1>{html_lib.escape(_cdata(title.group(1)))}</h1>" if title else ""
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
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag not in ("-comment", "_comment"):
            block = tag in BLOCKS
            if block:
                parts.append("\n")
            _walk(child, parts)
            if block:
                parts.append("\n")
        child = child.next
