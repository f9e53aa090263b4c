"""The record contract: the committed JSON Schema matches the models; spans validate."""

from __future__ import annotations

import json
from pathlib import Path

import pydantic
import pytest

import schemas

SCHEMA_FILE = Path(schemas.__file__).with_name("meeting_report.schema.json")


@pytest.mark.issue(2)
def test_schemas_committed_json_schema_matches_models():
    """Regenerate with: extract schema > schemas/meeting_report.schema.json"""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json.loads(schemas.json_schema())


@pytest.mark.issue(2)
@pytest.mark.parametrize(("start", "end", "text"), [(0, 2, "abc"), (5, 3, "")])
def test_schemas_span_length_must_match(start, end, text):
    with pytest.raises(pydantic.ValidationError):
        schemas.Span(start=start, end=end, text=text)


@pytest.mark.issue(2)
def test_schemas_extra_fields_forbidden():
    with pytest.raises(pydantic.ValidationError):
        schemas.Venue(text="x", span=schemas.Span(start=0, end=1, text="x"), room="1")


@pytest.mark.issue(2)
def test_schemas_province_code_is_iso():
    with pytest.raises(pydantic.ValidationError):
        schemas.Province(name_th="ร้อยเอ็ด", name_en="Roi Et", code="45")
