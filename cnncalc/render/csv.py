"""CSV output, tidy for data tools: one row per layer (analyze), or per spec (compare), every row
with the header's fields; totals only with --totals, in a row whose `row` says so."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from cnncalc.errors import visible
from cnncalc.fields import CSV_FIELDS, METRIC_KEYS, PER_LAYER, flat, flat_record, metric, once_per_result
from cnncalc.receptive import ReceptiveField
from cnncalc.render.view import ComparisonView, ConventionsView, Options, ReportView, SweepView

if TYPE_CHECKING:
    from cnncalc.receptive import Field
    from cnncalc.report import LayerReport

LAYER_COLUMNS = ("spec", "row", *(field.key for field in CSV_FIELDS))
SPEC_COLUMNS = ("spec", "file", "baseline", "input_shape", "output_shape", "bias", *METRIC_KEYS,
                "rf_size", "rf_stride", "rf_padding")


ROWS_AT_ONCE = 2000  # rows written into one piece of the output


def _lines(header: Sequence[str], lines: Iterator[str]) -> Iterator[str]:
    yield _line(header) + "\n"
    while batch := list(islice(lines, ROWS_AT_ONCE)):
        yield "".join(batch)


def _write(header: Sequence[str], rows: Iterable[Sequence[object]], options: Options) -> Iterator[str]:
    """The CSV text, a few thousand rows at a time; fields are exact, but on a terminal text from a
    spec is shown, not obeyed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    rows = iter(rows)
    while batch := list(islice(rows, ROWS_AT_ONCE)):
        if options.terminal:
            batch = [[visible(value) if isinstance(value, str) else value for value in row] for row in batch]
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def _counted_column(options: Options) -> list[str]:
    return [f"counted_{options.convention.id}"] if options.convention is not None else []


def _layer_rows(view: ReportView, options: Options) -> Iterator[list[object]]:
    report = view.report
    for index, (layer, kind) in enumerate(zip(view.rows, view.row_kinds)):
        yield [report.name, kind, *flat_record(layer).values(), *([view.counted[index]] if view.counted else []),
               *(view.times[index] if view.times else ())]
    if options.totals:
        totals = report.totals
        values = {"spec": report.name, "row": "total", "input_shape": flat(report.input_shape),
                  "output_shape": flat(report.output_shape), "weights": totals.weights, "bias": totals.bias,
                  "params": totals.params, "non_trainable": totals.non_trainable, "macs": totals.macs,
                  "flops": totals.flops, "activations": totals.activations, "weight_bytes": totals.weight_bytes,
                  "input_bytes": sum(layer.input_bytes for layer in report.layers),
                  "output_bytes": totals.activation_bytes, "moved_bytes": totals.moved_bytes,
                  "intensity": "" if totals.intensity is None else f"{totals.intensity:.6g}"}
        yield [values.get(key, "") for key in LAYER_COLUMNS] + ([view.counted_total] if view.counted is not None else []) \
            + ([report.seconds, ""] if view.times else [])


# CSV_FIELDS are the layer's place (path, name, kind, depth, inputs), what equal layers share, its
# receptive field (rf_size, rf_stride, rf_padding) and the formula, shared too.
_SHARED = tuple(field for field in CSV_FIELDS if field.key not in PER_LAYER)


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _line(values: Sequence[object]) -> str:
    """One line of CSV as csv.writer writes it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)  # "\n" in a field is quoted as it is the terminator
    return buffer.getvalue()[:-1]


def _field(text: str) -> str:
    return _line([text]) if _NEEDS_QUOTES.search(text) else text


def _shared_text(layer: LayerReport) -> tuple[str, str]:
    *values, formula = ((field.flat or field.value)(layer) for field in _SHARED)  # type: ignore[misc]
    return _line(values), _field(str(formula))


def _field_text(field: Field | None) -> str:
    if not isinstance(field, ReceptiveField):
        return ",,"
    return ",".join(flat(values, True) for values in field)


def _plain_lines(view: ReportView) -> Iterator[str]:
    """Each layer's line, as csv.writer writes flat_record(); what equal layers share is written once."""
    spec = _field(view.report.name)
    shared = once_per_result(_shared_text)
    fields: dict[Field | None, str] = {}
    for layer in view.rows:
        values, formula = shared(layer)
        field = layer.receptive_field
        field_text = fields.get(field)
        if field_text is None:
            field_text = fields[field] = _field_text(field)
        name = layer.name
        yield (f"{spec},layer,{_field(layer.path)},{'' if name is None else _field(name)},{layer.kind},"
               f"{len(layer.scope)},{_field(';'.join(layer.inputs))},{'true' if layer.trainable else 'false'},"
               f"{'' if layer.shared_with is None else _field(layer.shared_with)},{values},{field_text},{formula}\n")


def report(view: ReportView, options: Options) -> Iterator[str]:
    """One row per layer; with a device, each one's least `seconds` on it and its `bound`."""
    plain = view.counted is None and view.times is None and not options.terminal and not options.totals
    if view.rows is view.report.layers and plain:
        return _lines(LAYER_COLUMNS, _plain_lines(view))
    times = ["seconds", "bound"] if view.times is not None else []
    return _write([*LAYER_COLUMNS, *_counted_column(options), *times], _layer_rows(view, options), options)


def _spec_rows(view: ComparisonView) -> list[list[object]]:
    comparison = view.comparison
    timed = _timed(view)
    rows = []
    for index, report in enumerate(comparison.reports):
        field = report.receptive_field
        from cnncalc.receptive import ReceptiveField

        row: list[object] = [
            report.name, report.file, view.show_ratios and index == comparison.baseline, flat(report.input_shape),
            flat(report.output_shape), report.totals.bias, *(metric(report, name) for name in METRIC_KEYS),
            *((flat(values, True) for values in field) if isinstance(field, ReceptiveField) else ("", "", ""))]
        if view.counted is not None:
            row.append(view.counted[index])
        if timed:
            row.append("" if report.seconds is None else report.seconds)
        for name in METRIC_KEYS:
            ratio = comparison.ratio(index, name) if view.show_ratios else None
            row.append("" if ratio is None else f"{float(ratio):.6g}")
        rows.append(row)
    return rows


def _timed(view: ComparisonView) -> bool:
    """Whether the specs were set on devices: a `seconds` column then follows the counts."""
    return any(report.roofline is not None for report in view.comparison.reports)


def _spec_header(options: Options, timed: bool = False) -> list[str]:
    return [*SPEC_COLUMNS, *_counted_column(options), *(["seconds"] if timed else []),
            *(f"{name}_ratio" for name in METRIC_KEYS)]


def comparison(view: ComparisonView, options: Options) -> Iterator[str]:
    """One row per spec, with each metric's ratio to the baseline (blank where the specs stand
    alone); with by_layer, one row per layer of every spec instead (match them by `path`)."""
    if view.by_layer is not None:
        from cnncalc.render.view import report_view

        rows = (row for report in view.comparison.reports
                for row in _layer_rows(report_view(report, options._replace(depth=None, totals=False)), options))
        return _write([*LAYER_COLUMNS, *_counted_column(options)], rows, options)
    return _write(_spec_header(options, _timed(view)), _spec_rows(view), options)


def conventions(view: ConventionsView, options: Options) -> Iterator[str]:
    """One row per tool; with a figure to match, whether and how near each tool's count or
    parameters give it (`match`: count, params or empty; `difference`), and the rows of other
    networks of the family that give it."""
    header = ["network", "id", "tool", "versions", "label", "value", "params", "note"]
    matched = {(match.network, match.id): match for match in view.matches}
    if view.match_lines:
        header += ["match", "difference"]
    rows = []
    for row in view.rows:
        line: list[object] = [view.survey.name, row.id, row.tool, row.versions, row.label,
                              "" if row.value is None else row.value, row.params, row.note]
        if view.match_lines:
            match = matched.pop((view.survey.name, row.id), None)
            line += [match.quantity, match.difference] if match else ["", ""]
        rows.append(line)
    for match in matched.values():  # readings of another network of the family
        rows.append([match.network, match.id, "", "", "", match.value if match.quantity == "count" else "",
                     match.value if match.quantity == "params" else "", "", match.quantity, match.difference])
    return _write(header, rows, options)


def sweep(view: SweepView, options: Options) -> Iterator[str]:
    """One row per point: its number (from 1, in the grid's order), its args, whether it makes a
    network and why not, its figures, and their ratios to the first point."""
    from cnncalc.render.view import arg_header
    from cnncalc.sweeps import KEYS, RATIO_KEYS

    sweep = view.sweep
    header = ["point", *map(arg_header, sweep.axes), "valid", "input_shape", "output_shape", *KEYS,
              *(f"{key}_ratio" for key in RATIO_KEYS), "error"]
    if len(set(header)) < len(header):  # an arg named as another column (point, valid, error): $ marks them all
        header = ["point", *(f"${axis}" for axis in sweep.axes), *header[1 + len(sweep.axes):]]

    def rows() -> Iterator[list[object]]:
        for point in sweep.points:
            given = dict(point.args)
            ratios = [sweep.ratio(point, key) for key in RATIO_KEYS]
            yield [point.number, *(given[axis] for axis in sweep.axes), point.valid, flat(point.input_shape),
                   flat(point.output_shape), *("" if point.value(key) is None else point.value(key) for key in KEYS),
                   *("" if ratio is None else f"{float(ratio):.6g}" for ratio in ratios), point.error]

    return _write(header, rows(), options)


def several(views: Sequence[ReportView | ComparisonView], options: Options) -> Iterator[str]:
    """Several documents in one table: their layers, one row each, where all are single networks;
    otherwise one row per spec of all of them (a network stands as a spec of its own)."""
    from cnncalc.render.view import comparison_view
    from cnncalc.report import compare

    if all(isinstance(view, ReportView) for view in views):
        layer_rows = (row for view in views for row in _layer_rows(view, options))  # type: ignore[arg-type]
        return _write([*LAYER_COLUMNS, *_counted_column(options)], layer_rows, options)
    rows = []
    for view in views:
        if isinstance(view, ReportView):
            view = comparison_view(compare([view.report], ratios=False), options._replace(by_layer=False))
        rows += _spec_rows(view)
    return _write(_spec_header(options), rows, options)
