"""Pydantic models of the record contract (``../shared/SCHEMA.md``).

The extractor imports this package, never the reverse. Names are fixed by the contract:
models may add fields, never rename or drop them; bump ``SCHEMA_VERSION`` on any change a
consumer would notice.

>>> span = Span(start=0, end=3, text="abc")
>>> span.end - span.start
3
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.3"
# 1.1: source and confidence on roles, organizations and projects; 1.2: online.platforms;
# 1.3: event (type, chair, host province, date, time, mode) and a kind on every date and time.
# SCHEMA.md lists the 1.3 fields under 1.2: our 1.2 had already shipped without them, and a
# consumer must be able to tell a record that has them from one that does not.

__all__ = [
    "SCHEMA_VERSION",
    "Count",
    "DateExpr",
    "Event",
    "MeetingReport",
    "Online",
    "Organization",
    "Person",
    "Platform",
    "Project",
    "Province",
    "Role",
    "Source",
    "Span",
    "TimeExpr",
    "Venue",
    "json_schema",
]

ISO_DATE = r"^\d{4}-\d{2}(-\d{2})?$"
HH_MM = r"^([01]\d|2[0-3]):[0-5]\d$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class Span(_Model):
    """Character offsets into the decoded input text, end exclusive."""

    start: int = Field(ge=0, title="Start offset")
    end: int = Field(ge=0, title="End offset (exclusive)")
    text: str = Field(title="The text between start and end")

    @model_validator(mode="after")
    def _length_matches(self) -> Span:
        if self.end - self.start != len(self.text):
            raise ValueError(f"span {self.start}:{self.end} does not hold {len(self.text)} characters")
        return self


class Source(_Model):
    path: str | None = Field(default=None, title="Path the text was read from")
    encoding: str = Field(title="Encoding the bytes were decoded with")
    format: Literal["text", "html"] = Field(title="Input format")
    n_chars: int = Field(ge=0, title="Characters in the decoded text")


SOURCE = Literal["rule", "model", "both"]


class Role(_Model):
    text: str = Field(title="The position as written")
    organization: str | None = Field(default=None, title="Organization written after the role")
    span: Span
    confidence: float = Field(default=0.9, ge=0.0, le=1.0, title="Confidence 0..1")
    source: SOURCE = Field(default="rule", title="Which engine found the role")


class Person(_Model):
    full_name: str = Field(title="Title + given name + surname, whitespace collapsed")
    title: str | None = Field(default=None, title="Honorific, rank or academic prefix as written")
    first_name: str | None = Field(default=None, title="Given name")
    last_name: str | None = Field(default=None, title="Surname, particles kept")
    roles: list[Role] = Field(default_factory=list, title="Positions, merged over mentions")
    mentions: list[Span] = Field(default_factory=list, title="Every place the person is named")
    confidence: float = Field(ge=0.0, le=1.0, title="Confidence 0..1")
    source: SOURCE = Field(title="Which engine found the person")


class Organization(_Model):
    name: str
    mentions: list[Span] = Field(default_factory=list)
    confidence: float = Field(default=0.9, ge=0.0, le=1.0, title="Confidence 0..1")
    source: SOURCE = Field(default="rule", title="Which engine found the organization")


class Province(_Model):
    name_th: str = Field(title="Canonical Thai name")
    name_en: str = Field(title="English name")
    code: str = Field(pattern=r"^TH-\d{2}$", title="ISO 3166-2 code")
    mentions: list[Span] = Field(default_factory=list)


KIND = Literal["event", "metadata", "other"]
KIND_TITLE = "event: the reported event's; metadata: the page's publish or record stamp; other: anything else"


class TimeExpr(_Model):
    start: str = Field(pattern=HH_MM, title="Start, 24-hour HH:MM")
    end: str | None = Field(default=None, pattern=HH_MM, title="End of a range")
    span: Span
    kind: KIND = Field(default="other", title=KIND_TITLE)


class DateExpr(_Model):
    date: str | None = Field(default=None, pattern=ISO_DATE, title="Gregorian YYYY-MM-DD or YYYY-MM")
    end_date: str | None = Field(default=None, pattern=ISO_DATE, title="End of a range")
    year_inferred: bool = Field(default=False, title="Year taken from context")
    span: Span
    kind: KIND = Field(default="other", title=KIND_TITLE)


class Count(_Model):
    value: int = Field(ge=0)
    approximate: bool = False
    span: Span


class Project(_Model):
    name: str
    span: Span
    confidence: float = Field(default=0.9, ge=0.0, le=1.0, title="Confidence 0..1")
    source: SOURCE = Field(default="rule", title="Which engine found the project")


class Venue(_Model):
    text: str
    span: Span


class Platform(_Model):
    name: str = Field(title="Canonical platform name")
    span: Span


class Online(_Model):
    platform: str | None = Field(default=None, title="Canonical platform name: the first named brand, else the "
                                 "first platform named ('Video Conference' for a generic video link)")
    span: Span
    platforms: list[Platform] = Field(default_factory=list, title="Every platform named, in order of first mention")


EVENT_TYPE = Literal["meeting", "training", "seminar", "inspection", "site_visit", "ceremony", "signing", "other"]


class Event(_Model):
    """The event the post reports."""

    type: EVENT_TYPE = Field(title="What kind of event")
    type_span: Span | None = Field(default=None, title="The words that say so")
    chair: int | None = Field(default=None, ge=0, title="Index into persons: who chaired, led or opened it")
    host_province: str | None = Field(default=None, pattern=r"^TH-\d{2}$",
                                      title="ISO 3166-2 code of the province where it took place")
    date: str | None = Field(default=None, pattern=ISO_DATE, title="The event's own date (a date of kind event)")
    time: str | None = Field(default=None, pattern=HH_MM, title="Its start, 24-hour HH:MM")
    mode: Literal["in_person", "online", "hybrid"] = Field(default="in_person", title="How people took part")


class MeetingReport(_Model):
    """One post as a record: every value carries its span into the decoded text."""

    schema_version: Literal["1.3"] = SCHEMA_VERSION
    doc_id: str = Field(pattern=r"^[0-9a-f]{64}$", title="sha256 hex of the decoded text")
    source: Source | None = None
    persons: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    provinces: list[Province] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    dates: list[DateExpr] = Field(default_factory=list)
    attendee_count: Count | None = None
    projects: list[Project] = Field(default_factory=list)
    venue: Venue | None = None
    online: Online | None = None
    event: Event | None = None
    warnings: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _chair_is_a_person(self) -> MeetingReport:
        if self.event is not None and self.event.chair is not None and self.event.chair >= len(self.persons):
            raise ValueError(f"event.chair {self.event.chair} is no index into {len(self.persons)} persons")
        return self

    def spans(self) -> list[Span]:
        """Every span in the record, for checking them against the text."""
        found: list[Span] = []

        def walk(value: object) -> None:
            if isinstance(value, Span):
                found.append(value)
            elif isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    walk(getattr(value, name))
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(self)
        return found


def json_schema() -> str:
    """The JSON Schema of ``MeetingReport``, as pretty JSON."""
    return json.dumps(MeetingReport.model_json_schema(), ensure_ascii=False, indent=2)
