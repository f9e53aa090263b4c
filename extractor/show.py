"""``extract show``: one post's review page, a self-contained HTML file that works offline.

The post's text (for HTML input, the article text the spans index into) with every value of
the record marked on its span, the record as a table beside it, and the record's warnings.
The page is ``templates/show.html`` with ``show.css`` and ``show.js`` inlined into it (Jinja2,
autoescaping on: the text, the values and the path are escaped, so a post holding
``<script>`` shows it as text). Nothing is fetched when it opens.

Overlapping values stay readable: marks nest (a province inside a venue is a mark inside a
mark, each underlined at its own depth), and a value that crosses another's end is cut into
fragments that share its id; only its first fragment (``data-part="0"``) carries the label.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from importlib import resources

import schemas
from extractor import doc_spans

# What the table calls each field (in the record's order); the labels come from doc_spans.
FIELD_TITLES = {
    "persons": "Persons",
    "roles": "Roles",
    "organizations": "Organizations",
    "provinces": "Provinces",
    "times": "Times",
    "dates": "Dates",
    "attendee_count": "Attendee count",
    "projects": "Projects",
    "venue": "Venue",
    "online": "Online",
    "event": "Event",
}


@dataclass
class Value:
    """One value of the record as the page shows it."""

    id: str
    field: str
    label: str
    start: int
    end: int
    text: str
    value: str  # the normalized value, one line
    details: list[tuple[str, str]] = field(default_factory=list)  # shown on hover / selection


def page_values(record: schemas.MeetingReport) -> list[Value]:
    """Every value of the record (as ``doc_spans.values``: one per field and span), with details."""
    details = _details(record)
    english = {p.code: p.name_en for p in record.provinces}
    return [
        Value(f"v{i}", f, doc_spans.FIELD_LABELS[f], span.start, span.end, span.text,
              f"{value} {english[value]}" if f == "provinces" else value,
              details.get((f, span.start, span.end), []))
        for i, (f, span, value) in enumerate(doc_spans.values(record))
    ]


def _add(details: dict, key_field: str, span: schemas.Span, pairs: list[tuple[str, object]]) -> None:
    rows = details.setdefault((key_field, span.start, span.end), [])
    for name, value in pairs:
        if value is not None and (name, str(value)) not in rows:
            rows.append((name, str(value)))


def _sourced(item) -> list[tuple[str, object]]:
    return [("source", item.source), ("confidence", f"{item.confidence:.2f}")]


def _details(r: schemas.MeetingReport) -> dict[tuple[str, int, int], list[tuple[str, str]]]:
    """(field, start, end) -> what a reviewer checks the value against; a span two values
    share (a role two persons hold) lists both."""
    d: dict = {}
    for p in r.persons:
        for m in p.mentions:
            _add(d, "persons", m, [("full name", p.full_name), ("title", p.title), ("given name", p.first_name),
                                   ("surname", p.last_name), *_sourced(p)])
        for role in p.roles:
            _add(d, "roles", role.span, [("role of", p.full_name), ("organization", role.organization),
                                         *_sourced(role)])
    for o in r.organizations:
        for m in o.mentions:
            _add(d, "organizations", m, [("name", o.name), *_sourced(o)])
    for p in r.provinces:
        for m in p.mentions:
            _add(d, "provinces", m, [("code", p.code), ("English name", p.name_en), ("Thai name", p.name_th)])
    for t in r.times:
        _add(d, "times", t.span, [("start (24 h)", t.start), ("end (24 h)", t.end)])
    for x in r.dates:
        _add(d, "dates", x.span, [("date (ISO)", x.date or "unknown year"), ("end date (ISO)", x.end_date),
                                  ("year from context", "yes" if x.year_inferred else None)])
    if c := r.attendee_count:
        _add(d, "attendee_count", c.span, [("people", c.value), ("approximate", "yes" if c.approximate else "no")])
    for p in r.projects:
        _add(d, "projects", p.span, [("name", p.name), *_sourced(p)])
    if r.venue:
        _add(d, "venue", r.venue.span, [("venue", r.venue.text)])
    if r.online:
        _add(d, "online", r.online.span, [("platform", r.online.platform)])
        for platform in r.online.platforms:
            _add(d, "online", platform.span, [("platform", platform.name)])
    if (e := r.event) and e.type_span:
        chair = r.persons[e.chair].full_name if e.chair is not None and e.chair < len(r.persons) else None
        _add(d, "event", e.type_span, [("type", e.type), ("chair", chair), ("host province", e.host_province),
                                       ("date (ISO)", e.date), ("time (24 h)", e.time), ("mode", e.mode)])
    return d


@dataclass(order=True)
class _Pending:
    start: int
    neg_end: int
    order: int  # the value's index: ties keep the record's order
    part: int = 0


def marked_text(text: str, values: list[Value]):
    """The text as HTML (``markupsafe.Markup``), every value in ``<mark>`` elements: nested where
    values nest, cut into fragments where one crosses another's end."""
    from markupsafe import Markup, escape

    out: list[str] = []
    pos = 0
    open_marks: list[int] = []  # the ends of the marks open, innermost last
    pending = [_Pending(v.start, -v.end, i) for i, v in enumerate(values)]
    heapq.heapify(pending)

    def emit_to(i: int) -> None:
        nonlocal pos
        if i > pos:
            out.append(str(escape(text[pos:i])))
            pos = i

    def close_to(i: int) -> None:
        while open_marks and open_marks[-1] <= i:
            emit_to(open_marks.pop())
            out.append("</mark>")

    while pending:
        item = heapq.heappop(pending)
        v, end = values[item.order], -item.neg_end
        close_to(item.start)
        emit_to(item.start)
        if open_marks and end > open_marks[-1]:  # crosses the end of the mark it opens in: go on after it
            heapq.heappush(pending, _Pending(open_marks[-1], item.neg_end, item.order, item.part + 1))
            end = open_marks[-1]
        if end <= item.start:
            continue
        out.append(
            f'<mark id="{v.id}-{item.part}" class="f-{v.field}" data-value="{v.id}" data-part="{item.part}" '
            f'data-start="{v.start}" data-end="{v.end}" data-label="{escape(v.label)}" data-depth="{len(open_marks)}" tabindex="0" '
            f'title="{escape(v.label)}: {escape(v.value)}">'
        )
        open_marks.append(end)
    close_to(len(text))
    emit_to(len(text))
    return Markup("".join(out))


def _template(name: str) -> str:
    return resources.files("extractor").joinpath("templates", name).read_text(encoding="utf-8")


def render(text: str, record: schemas.MeetingReport, engine: str) -> str:
    """The review page of one post: ``text`` is what the record's spans index into."""
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    values = page_values(record)
    by_field = {f: [v for v in values if v.field == f] for f in FIELD_TITLES}
    return env.from_string(_template("show.html")).render(
        record=record,
        engine=engine,
        css=_template("show.css"),
        js=_template("show.js"),
        text=marked_text(text, values),
        fields=[(f, FIELD_TITLES[f], doc_spans.FIELD_LABELS[f], by_field[f]) for f in FIELD_TITLES],
        values={v.id: {"label": v.label, "field": FIELD_TITLES[v.field], "text": v.text, "value": v.value,
                       "details": v.details} for v in values},
        n_values=len(values),
    )
