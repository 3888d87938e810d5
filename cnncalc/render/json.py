"""JSON output: the report's to_dict(), stable keys documented in docs/json.md. Indented for a
person (the default, and on a terminal), one line for a program: compact JSON is written by
json's C encoder, four times faster, and jq reads both."""
from __future__ import annotations

import json
import re

from cnncalc.render.common import rows_of
from cnncalc.report import Report


# Characters JSON may hold raw that a terminal would act on (C1 controls, DEL, bidirectional and
# invisible format characters, line separators): written as \u escapes, so the data stays exact.
_UNSAFE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
                     "\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]")


def _dump(document: dict | list, pretty: bool) -> str:
    text = json.dumps(document, indent=2 if pretty else None, ensure_ascii=False)
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(lambda match: "".join(f"\\u{code:04x}" for code in _utf16(match.group())), text)
    return text + "\n"


def _utf16(character: str) -> tuple[int, ...]:
    code = ord(character)
    if code < 0x10000:
        return (code,)
    code -= 0x10000
    return (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))


def _document(report: Report, depth: int | None, convention) -> dict:
    document = report.to_dict()
    rows = rows_of(report, depth)
    if depth is not None:
        document["fold_depth"] = depth
        document["layers"] = [layer.to_dict() for layer in rows]
    if convention is not None:
        from cnncalc.conventions import read
        from cnncalc.render.common import counted_by_row

        document["convention"] = convention.id
        for layer, value in zip(document["layers"], counted_by_row(report, rows, convention)):
            layer["counted"] = value
        document["totals"]["counted"] = read(report, convention).value
    return document


def report(report: Report, depth: int | None = None, pretty: bool = True, convention=None, **_: object) -> str:
    return _dump(_document(report, depth, convention), pretty)


def several(items, pretty: bool = True, depth: int | None = None, convention=None, **_: object) -> str:
    """Reports and comparisons of several files: a JSON list of their documents, in order."""
    from cnncalc.report import Comparison

    return _dump([_comparison_document(item, False, convention) if isinstance(item, Comparison)
                  else _document(item, depth, convention) for item in items], pretty)


def comparison(comparison, by_layer: bool = False, pretty: bool = True, convention=None, **_: object) -> str:
    return _dump(_comparison_document(comparison, by_layer, convention), pretty)


def _comparison_document(comparison, by_layer: bool, convention) -> dict:
    from cnncalc.report import aligned_layers

    document = comparison.to_dict()
    if convention is not None:
        document["convention"] = convention.id
        document["specs"] = [_document(report, None, convention) for report in comparison.reports]
    if by_layer:
        document["by_layer"] = [
            {"path": path, "layers": [None if layer is None else layer.to_dict() for layer in layers]}
            for path, layers in aligned_layers(comparison)
        ]
    return document


def conventions(survey, pretty: bool = True, **_: object) -> str:
    from cnncalc.render.common import survey_rows
    from cnncalc.report import SCHEMA_VERSION

    rows = survey_rows(survey)
    for row in rows:
        del row["usual"], row["ratio"]
        if row["value"] is None:
            del row["value"]
    document = {"schema_version": SCHEMA_VERSION, "name": survey.name, "conventions": rows}
    if survey.figure is not None:
        from cnncalc.figures import as_number

        figure = survey.figure
        found = {match.reading.convention.id for match in survey.found if match.reading.network == survey.name}
        document["conventions"] = [row for row in rows if row["id"] in found]
        document["match"] = {
            "figure": figure.text, "value": figure.number(), "low": as_number(figure.low),
            "high": as_number(figure.high),
            "within_precision": bool(survey.found and survey.found[0].inside),
            "rows": [{"id": match.reading.convention.id, "network": match.reading.network,
                      "quantity": match.quantity, "value": match.value, "difference": match.difference}
                     for match in survey.found],
        }
    return _dump(document, pretty)
