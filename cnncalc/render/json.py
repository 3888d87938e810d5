"""JSON output: the report's to_dict(), stable keys documented in docs/json.md. Indented on a
terminal, one line for a program: compact JSON is written by json's C encoder, four times faster,
and jq reads both. A report's layers are written one by one as they are encoded, so that a report
of 100,000 layers is never held whole as text or as one dictionary."""
from __future__ import annotations

import json
from functools import cache
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

from cnncalc.fields import LAYER_FIELDS, OMIT, PER_LAYER, once_per_result
from cnncalc.render.view import ComparisonView, ConventionsView, Options, ReportView, SweepView
from cnncalc.report import SCHEMA_VERSION

from cnncalc.receptive import ReceptiveField

if TYPE_CHECKING:
    from cnncalc.receptive import Field
    from cnncalc.report import LayerReport


# Characters JSON may hold raw that a terminal would act on (C1 controls, DEL, bidirectional and
# invisible format characters, line separators): written as \u escapes, so the data stays exact.
_UNSAFE = frozenset(map(chr, (*range(0x7F, 0xA0), 0xAD, 0x61C, 0x180E, *range(0x200B, 0x2010), *range(0x2028, 0x202F),
                              *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF, *range(0xFFF9, 0xFFFC), 0xE0001,
                              *range(0xE0020, 0xE0080))))


@cache  # built when first needed: most output is plain
def _escapes() -> dict[int, str]:
    return {ord(character): "".join(f"\\u{code:04x}" for code in _utf16(character)) for character in _UNSAFE}


_encode = json.JSONEncoder(ensure_ascii=False).encode
LAYERS_AT_ONCE = 1000  # layers encoded into one piece of the output


def _safe(text: str) -> str:
    if text.isascii() and "\x7f" not in text:  # isascii() is free on text Python already knows is ASCII
        return text
    return text if _UNSAFE.isdisjoint(text) else text.translate(_escapes())


def _dump(document: object, options: Options) -> str:
    return _safe(json.dumps(document, indent=2 if options.terminal else None, ensure_ascii=False)) + "\n"


def _utf16(character: str) -> tuple[int, ...]:
    code = ord(character)
    if code < 0x10000:
        return (code,)
    code -= 0x10000
    return (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))


def _report_document(view: ReportView, options: Options, layers: bool = True) -> dict[str, object]:
    document = view.report.to_dict(layers=layers)
    if options.depth is not None:
        document["fold_depth"] = options.depth
        document["layers"] = [{**layer.to_dict(), "row": kind} for layer, kind in zip(view.rows, view.row_kinds)]
        if view.times is not None:
            for layer, (seconds, bound) in zip(document["layers"], view.times):  # type: ignore[call-overload]
                layer["seconds"], layer["bound"] = seconds, bound
    if view.counted is not None and options.convention is not None:
        document["convention"] = options.convention.id
        for layer, value in zip(document["layers"], view.counted):  # type: ignore[call-overload]
            layer["counted"] = value
        document["totals"]["counted"] = view.counted_total  # type: ignore[index]
    return document


def report(view: ReportView, options: Options) -> Iterable[str]:
    if options.terminal:  # indented, for a person: a report a person reads is small
        return [_dump(_report_document(view, options), options)]
    return _report_pieces(view, options)


def _report_pieces(view: ReportView, options: Options, end: str = "\n") -> Iterator[str]:
    """The report's JSON as json.dumps writes it, its layers encoded one by one."""
    document = _report_document(view._replace(rows=()), options, layers=False)
    text = json.dumps(document, ensure_ascii=False)
    # the first `"layers": []` is the key's: inside a string its quotes would be escaped
    at = text.index('"layers": []') + len('"layers": [')
    yield _safe(text[:at])
    layers = iter(_layer_texts(view, options))
    first = True
    while batch := list(islice(layers, LAYERS_AT_ONCE)):
        yield ("" if first else ", ") + ", ".join(batch)
        first = False
    yield _safe(text[at:]) + end


def _layer_texts(view: ReportView, options: Options) -> Iterator[str]:
    """Each row's JSON object; the fields it shares with equal layers are encoded once."""
    if view.rows is not view.report.layers or view.counted is not None or view.times is not None:
        # folded, with another tool's count, or with times on a device: each row on its own
        for index, (row, kind) in enumerate(zip(view.rows, view.row_kinds)):
            record = row.to_dict()
            if options.depth is not None:
                record["row"] = kind
            if view.counted is not None:
                record["counted"] = view.counted[index]
            if view.times is not None:
                record["seconds"], record["bound"] = view.times[index]
            yield _safe(_encode(record))
        return
    shared = once_per_result(_shared_text)
    field_texts: dict[Field | None, str] = {}

    def field_text(field: Field | None) -> str:  # a layer that keeps its input's size keeps its field
        text = field_texts.get(field)
        if text is None:
            text = field_texts[field] = _field_text(field)
        return text

    # text from the spec (names, paths) is made safe where it is written; each shared part once
    for layer in view.rows:
        name, line, branches = layer.name, layer.line, layer.branch_fields
        yield (f'{{"path": {_text(layer.path)}, '
               f'"name": {"null" if name is None else _text(name)}, '
               f'"kind": {encode_basestring(layer.kind)}, "depth": {len(layer.scope)}, '
               f'"line": {"null" if line is None else line}, '
               f'"inputs": [{", ".join(map(_text, layer.inputs))}], '
               f'"trainable": {"true" if layer.trainable else "false"}, '
               f'"shared_with": {"null" if layer.shared_with is None else _text(layer.shared_with)}, {shared(layer)}, '
               f'"receptive_field": {field_text(layer.receptive_field)}'
               + ("" if branches is None else
                  f', "branch_receptive_fields": [{", ".join(map(field_text, branches))}]') + "}")


def _text(text: str) -> str:
    return _safe(encode_basestring(text))


_SHARED_FIELDS = tuple(field for field in LAYER_FIELDS if field.value is not None and field.key not in PER_LAYER)


def _shared_text(layer: LayerReport) -> str:
    """`"input_shape": [...], ... "formula": {...}`: the fields equal layers share, in their order."""
    record = {field.key: field.value(layer) for field in _SHARED_FIELDS}  # type: ignore[misc]
    return _safe(_encode({key: value for key, value in record.items() if value is not OMIT})[1:-1])


def _field_text(field: Field | None) -> str:
    if not isinstance(field, ReceptiveField):
        return "null"
    size, stride, padding = field
    return (f'{{"size": [{", ".join(map(str, size))}], "stride": [{", ".join(map(str, stride))}], '
            f'"padding": [{", ".join(map(str, padding))}]}}')


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


def comparison(view: ComparisonView, options: Options) -> list[str]:
    return [_dump(_comparison_document(view, options), options)]


def conventions(view: ConventionsView, options: Options) -> list[str]:
    rows = []
    for row in view.rows:
        entry = {"id": row.id, "tool": row.tool, "versions": row.versions, "label": row.label, "value": row.value,
                 "params": row.params, "by_kind": row.by_group, "note": row.note, "bug": row.bug,
                 "source": row.source}
        rows.append(entry)
    document: dict[str, object] = {"schema_version": SCHEMA_VERSION, "name": view.survey.name, "conventions": rows,
                                   "warnings": list(view.survey.warnings)}
    figure = view.survey.figure
    if figure is not None:
        from cnncalc.figures import as_number

        document["match"] = {
            "figure": figure.text, "value": figure.number(), "low": as_number(figure.low),
            "high": as_number(figure.high),
            "within_precision": bool(view.survey.found and view.survey.found[0].inside),
            "rows": [match._asdict() for match in view.matches],
        }
    return [_dump(document, options)]


def sweep(view: SweepView, options: Options) -> Iterable[str]:
    """The sweep's to_dict(), its points written a thousand at a time."""
    sweep = view.sweep
    if options.terminal:
        return [_dump(sweep.to_dict(), options)]
    return _sweep_pieces(view)


def _sweep_pieces(view: SweepView) -> Iterator[str]:
    sweep = view.sweep
    head = _safe(json.dumps(sweep.to_dict(points=False), ensure_ascii=False))
    yield head[:-2]  # the document up to its list of points, which is last
    points = iter(sweep.points)
    separator = ""
    while batch := list(islice(points, LAYERS_AT_ONCE)):
        yield separator + ", ".join(_safe(json.dumps(sweep.point_dict(point), ensure_ascii=False)) for point in batch)
        separator = ", "
    yield "]}\n"


def several(views: Sequence[ReportView | ComparisonView], options: Options) -> Iterable[str]:
    """Reports and comparisons of several files: a JSON list of their documents, in order."""
    if options.terminal:
        return [_dump([_report_document(view, options) if isinstance(view, ReportView) else
                       _comparison_document(view, options) for view in views], options)]
    return _several_pieces(views, options)


def _several_pieces(views: Sequence[ReportView | ComparisonView], options: Options) -> Iterator[str]:
    yield "["
    for index, view in enumerate(views):
        if index:
            yield ", "
        if isinstance(view, ReportView):
            yield from _report_pieces(view, options, end="")
        else:
            yield _safe(json.dumps(_comparison_document(view, options), ensure_ascii=False))
    yield "]\n"
