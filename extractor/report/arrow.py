"""The report's figures from JSON Lines and Parquet targets, counted with Arrow compute.

Both are read as one Arrow table of the record's schema (``sinks.parquet.record_schema``, so
JSON Lines parse without guessing types line by line), only the columns the charts need;
nested lists are flattened (``list_flatten``) and counted with ``value_counts`` and
``group_by``: no Python loop over records.
"""

from __future__ import annotations

from pathlib import Path

from extractor.report import ATTENDEE_BINS, TOP, Counts, Figures, Summary, attendee_bin_labels, charts, named_codes

COLUMNS = ("persons", "provinces", "dates", "attendee_count", "projects", "online", "event")


def _read_records(target: str, kind: str):
    import pyarrow as pa

    from extractor.sinks.parquet import record_schema

    schema = record_schema()
    wanted = [name for name in COLUMNS if name in schema.names]
    if kind == "parquet":
        import pyarrow.dataset as ds

        return ds.dataset(target, format="parquet").to_table(columns=wanted)
    import pyarrow.json as pj

    if Path(target).stat().st_size == 0:
        return pa.table({name: pa.array([], schema.field(name).type) for name in wanted})
    options = pj.ParseOptions(explicit_schema=pa.schema([schema.field(n) for n in wanted]),
                              unexpected_field_behavior="ignore")
    return pj.read_json(target, parse_options=options).select(wanted)


def _read_error_kinds(target: str, kind: str):
    """The ``kind`` column of the target's error records (an empty array when there are none)."""
    import pyarrow as pa

    from extractor.sinks.jsonl import errors_path

    suffix = ".parquet" if kind == "parquet" else ".jsonl"
    path = errors_path(Path(target), suffix)
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return pa.array([], pa.string())
    if kind == "parquet":
        import pyarrow.dataset as ds

        return ds.dataset(path, format="parquet").to_table(columns=["kind"])["kind"]
    import pyarrow.json as pj

    options = pj.ParseOptions(explicit_schema=pa.schema([("kind", pa.string())]), unexpected_field_behavior="ignore")
    return pj.read_json(path, parse_options=options)["kind"]


def _counts(values, top: int | None = TOP, by_value: bool = False) -> Counts:
    """(value, count) of the non-null ``values``: the ``top`` most frequent (ties by value), or
    every value in order of value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pc.drop_null(values)
    if len(values) == 0:
        return []
    counted = pa.table({"value": values}).group_by("value").aggregate([("value", "count")])
    keys = [("value", "ascending")] if by_value else [("value_count", "descending"), ("value", "ascending")]
    counted = counted.sort_by(keys)
    if top is not None:
        counted = counted.slice(0, top)
    return list(zip(map(str, counted["value"].to_pylist()), counted["value_count"].to_pylist(), strict=True))


def _flat(column, *fields: str):
    """The values of a list-of-structs column's field, every row's list flattened (``fields``
    walk nested lists: ("roles", "text") reads persons' roles' texts)."""
    import pyarrow.compute as pc

    values = pc.list_flatten(column)
    for name in fields[:-1]:
        values = pc.list_flatten(pc.struct_field(values, name))
    return pc.struct_field(values, fields[-1])


def _has_event(table, name: str) -> bool:
    import pyarrow.compute as pc

    return "event" in table.column_names and pc.count(pc.struct_field(table["event"], name)).as_py() > 0


def _event(table, name: str):
    import pyarrow.compute as pc

    return pc.struct_field(table["event"], name)


def _first_months(dates):
    """Each post's first dated mention's month ("YYYY-MM")."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parents = pc.list_parent_indices(dates)
    flat = _flat(dates, "date")
    dated = pc.is_valid(flat)
    firsts = (pa.table({"post": pc.filter(parents, dated), "date": pc.filter(flat, dated)})
              .group_by("post", use_threads=False).aggregate([("date", "first")]))
    return pc.utf8_slice_codeunits(firsts["date_first"], 0, 7)


def _chairs(table):
    """The full name of each event's chair (``event.chair`` indexes the record's persons)."""
    import pyarrow.compute as pc

    persons = table["persons"].combine_chunks()
    chair = _event(table, "chair")
    rows = pc.indices_nonzero(pc.is_valid(chair))
    flat_index = pc.add(pc.take(persons.offsets, rows), pc.take(chair, rows))
    return pc.take(pc.struct_field(persons.flatten(), "full_name"), flat_index)


def _province_labels(codes, names):
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(codes, names, " ")


def _modes(table):
    import pyarrow.compute as pc

    if _has_event(table, "mode"):
        return _counts(pc.fill_null(_event(table, "mode"), "unknown"), None, by_value=True)
    online = int(pc.sum(pc.is_valid(table["online"])).as_py() or 0)
    return [("in person", table.num_rows - online), ("online", online)]


def _attendees(table) -> Counts:
    import numpy as np
    import pyarrow.compute as pc

    values = pc.drop_null(pc.struct_field(table["attendee_count"], "value")).to_numpy()
    values = values[values >= ATTENDEE_BINS[0]]
    bins = np.bincount(np.digitize(values, ATTENDEE_BINS) - 1, minlength=len(ATTENDEE_BINS))
    return list(zip(attendee_bin_labels(), map(int, bins), strict=True))


def summarize(target: str, kind: str) -> Summary:
    import pyarrow.compute as pc

    table = _read_records(target, kind)
    provinces = table["provinces"]
    event = {name: _has_event(table, name) for name in ("date", "host_province", "chair", "mode", "type")}
    figures = Figures(
        months=_counts(pc.utf8_slice_codeunits(_event(table, "date"), 0, 7) if event["date"]
                       else _first_months(table["dates"]), None, by_value=True),
        provinces=(named_codes(_counts(_event(table, "host_province"), None)) if event["host_province"] else
                   _counts(_province_labels(_flat(provinces, "code"), _flat(provinces, "name_en")), None)),
        modes=_modes(table),
        platforms=_counts(pc.struct_field(table["online"], "platform")),
        roles=_counts(_flat(table["persons"], "roles", "text")),
        people=_counts(_chairs(table) if event["chair"] else _flat(table["persons"], "full_name")),
        attendees=_attendees(table),
        projects=_counts(_flat(table["projects"], "name")),
        event_types=_counts(_event(table, "type")) if event["type"] else [],
        month_from_event=event["date"], province_from_event=event["host_province"],
        mode_from_event=event["mode"], chair_from_event=event["chair"],
    )
    failed = _counts(_read_error_kinds(target, kind), None)
    return Summary(target, table.num_rows, failed, charts(figures))
