"""CSV output, tidy for data tools: one row per layer (analyze), or per spec (compare), every row
with the header's fields; totals only with --totals, in a row whose `row` says so."""
from __future__ import annotations

import csv
import io

from cnncalc.render.common import counted_by_row, rows_of
from cnncalc.report import METRICS, Report, flat, metric, records

LAYER_COLUMNS = ("spec", "row", "path", "name", "kind", "depth", "input_shape", "output_shape", "filter_shape",
                 "filters", "weights", "bias", "params", "non_trainable", "macs", "flops", "activations",
                 "rf_size", "rf_stride", "rf_padding", "formula")


def _layer_rows(report: Report, depth: int | None, convention) -> list[list]:
    layers = rows_of(report, depth)
    extra = counted_by_row(report, layers, convention) if convention is not None else []
    return [[report.name, *(row[key] for key in LAYER_COLUMNS[1:]), *extra[index:index + 1]]
            for index, row in enumerate(records(report, layers))]


def _total_row(report: Report, convention) -> list:
    totals = report.totals
    values = {"spec": report.name, "row": "total", "input_shape": flat(report.input_shape),
              "output_shape": flat(report.output_shape), "weights": totals.weights, "bias": totals.bias,
              "params": totals.params, "non_trainable": totals.non_trainable, "macs": totals.macs,
              "flops": totals.flops, "activations": totals.activations}
    row = [values.get(key, "") for key in LAYER_COLUMNS]
    if convention is not None:
        from cnncalc.conventions import read

        row.append(read(report, convention).value)
    return row


def _write(header, rows, terminal: bool = False) -> str:
    """The CSV text; fields are exact, but on a terminal text from a spec is shown, not obeyed."""
    if terminal:
        from cnncalc.errors import visible

        rows = [[visible(value) if isinstance(value, str) else value for value in row] for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _counted_column(convention) -> list[str]:
    return [f"counted_{convention.id}"] if convention is not None else []


def report(report: Report, depth: int | None = None, convention=None, totals: bool = False, pretty: bool = False,
           **_: object) -> str:
    rows = _layer_rows(report, depth, convention)
    if totals:
        rows.append(_total_row(report, convention))
    return _write([*LAYER_COLUMNS, *_counted_column(convention)], rows, pretty)


SPEC_COLUMNS = ("spec", "file", "baseline", "input_shape", "output_shape", "bias", *METRICS,
                "rf_size", "rf_stride", "rf_padding")


def comparison(comparison, by_layer: bool = False, convention=None, pretty: bool = False, **_: object) -> str:
    """One row per spec, with each metric's ratio to the baseline (blank where the specs stand
    alone); with by_layer, one row per layer of every spec instead (match them by `path`)."""
    if by_layer:
        rows = [row for report in comparison.reports for row in _layer_rows(report, None, convention)]
        return _write([*LAYER_COLUMNS, *_counted_column(convention)], rows, pretty)
    return _write(_spec_header(convention), _spec_rows(comparison, convention), pretty)


def _spec_header(convention) -> list[str]:
    return [*SPEC_COLUMNS, *_counted_column(convention), *(f"{name}_ratio" for name in METRICS)]


def _spec_rows(comparison, convention) -> list[list]:
    ratios = comparison.ratios and len(comparison.reports) > 1
    rows = []
    for index, report in enumerate(comparison.reports):
        field = report.receptive_field
        row = [report.name, report.file, ratios and index == comparison.baseline, flat(report.input_shape),
               flat(report.output_shape), report.totals.bias, *(metric(report, name) for name in METRICS),
               *((flat(values, True) for values in field) if field else ("", "", ""))]
        if convention is not None:
            from cnncalc.conventions import read

            row.append(read(report, convention).value)
        for name in METRICS:
            ratio = comparison.ratio(index, name) if ratios else None
            row.append("" if ratio is None else f"{float(ratio):.6g}")
        rows.append(row)
    return rows


def several(items, depth: int | None = None, convention=None, totals: bool = False, pretty: bool = False,
            **_: object) -> str:
    """Several documents in one table: their layers, one row each, where all are single networks;
    otherwise one row per spec of all of them (a network stands as a spec of its own)."""
    from cnncalc.report import Comparison, compare

    if not any(isinstance(item, Comparison) for item in items):
        rows = []
        for item in items:
            rows += _layer_rows(item, depth, convention)
            if totals:
                rows.append(_total_row(item, convention))
        return _write([*LAYER_COLUMNS, *_counted_column(convention)], rows, pretty)
    rows = []
    for item in items:
        rows += _spec_rows(item if isinstance(item, Comparison) else compare([item], ratios=False), convention)
    return _write(_spec_header(convention), rows, pretty)


def conventions(survey, pretty: bool = False, **_: object) -> str:
    from cnncalc.render.common import survey_rows

    rows = [[row["id"], row["tool"], row["versions"], row["label"], "" if row["value"] is None else row["value"],
             row["params"], row["note"]] for row in survey_rows(survey)]
    return _write(["id", "tool", "versions", "label", "value", "params", "note"], rows, pretty)
