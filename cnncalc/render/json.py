"""JSON output: the report's to_dict(), stable keys documented in docs/json.md. Indented on a
terminal, one line for a program: compact JSON is written by json's C encoder, four times faster,
and jq reads both."""
from __future__ import annotations

import json
import re
from collections.abc import Sequence

from cnncalc.render.view import ComparisonView, ConventionsView, Options, ReportView
from cnncalc.report import SCHEMA_VERSION

# Characters JSON may hold raw that a terminal would act on (C1 controls, DEL, bidirectional and
# invisible format characters, line separators): written as \u escapes, so the data stays exact.
_UNSAFE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
                     "\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]")


def _dump(document: object, options: Options) -> str:
    text = json.dumps(document, indent=2 if options.terminal else None, ensure_ascii=False)
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(lambda match: "".join(f"\\u{code:04x}" for code in _utf16(match.group())), text)
    return text + "\n"


def _utf16(character: str) -> tuple[int, ...]:
    code = ord(character)
    if code < 0x10000:
        return (code,)
    code -= 0x10000
    return (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))


def _report_document(view: ReportView, options: Options) -> dict[str, object]:
    document = view.report.to_dict()
    if options.depth is not None:
        document["fold_depth"] = options.depth
        document["layers"] = [{**layer.to_dict(), "row": kind} for layer, kind in zip(view.rows, view.row_kinds)]
    if view.counted is not None and options.convention is not None:
        document["convention"] = options.convention.id
        for layer, value in zip(document["layers"], view.counted):  # type: ignore[call-overload]
            layer["counted"] = value
        document["totals"]["counted"] = view.counted_total  # type: ignore[index]
    return document


def report(view: ReportView, options: Options) -> str:
    return _dump(_report_document(view, options), options)


def _comparison_document(view: ComparisonView, options: Options) -> dict[str, object]:
    from cnncalc.render.view import report_view

    document = view.comparison.to_dict()
    if options.convention is not None:
        document["convention"] = options.convention.id
        document["specs"] = [_report_document(report_view(report, options._replace(depth=None)), options)
                             for report in view.comparison.reports]
    if view.by_layer is not None:
        document["by_layer"] = [{"path": path, "layers": [None if layer is None else layer.to_dict() for layer in layers]}
                                for path, layers in view.by_layer]
    return document


def comparison(view: ComparisonView, options: Options) -> str:
    return _dump(_comparison_document(view, options), options)


def conventions(view: ConventionsView, options: Options) -> str:
    rows = []
    for row in view.rows:
        entry = {"id": row.id, "tool": row.tool, "versions": row.versions, "label": row.label, "value": row.value,
                 "params": row.params, "by_kind": row.by_group, "note": row.note, "bug": row.bug,
                 "source": row.source}
        rows.append(entry)
    document: dict[str, object] = {"schema_version": SCHEMA_VERSION, "name": view.survey.name, "conventions": rows}
    figure = view.survey.figure
    if figure is not None:
        from cnncalc.figures import as_number

        document["match"] = {
            "figure": figure.text, "value": figure.number(), "low": as_number(figure.low),
            "high": as_number(figure.high),
            "within_precision": bool(view.survey.found and view.survey.found[0].inside),
            "rows": [match._asdict() for match in view.matches],
        }
    return _dump(document, options)


def several(views: Sequence[ReportView | ComparisonView], options: Options) -> str:
    """Reports and comparisons of several files: a JSON list of their documents, in order."""
    return _dump([_report_document(view, options) if isinstance(view, ReportView) else _comparison_document(view, options)
                  for view in views], options)
