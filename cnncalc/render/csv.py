"""CSV output, tidy for data tools: one row per layer (analyze), or per spec (compare), every row
with the header's fields; totals only with --totals, in a row whose `row` says so."""
from __future__ import annotations

import csv
import io

from cnncalc.report import METRICS, Report, flat, metric

LAYER_COLUMNS = ("spec", "row", "path", "name", "kind", "depth", "input_shape", "output_shape", "filter_shape",
                 "filters", "weights", "bias", "params", "non_trainable", "macs", "flops", "activations",
                 "rf_size", "rf_stride", "rf_padding", "formula")


def _layer_rows(report: Report, depth: int | None, convention) -> list[list]:
    rows = report.rows(depth)
    extra: list[int] = []
    if convention is not None:
        from cnncalc.render.common import counted_by_row, rows_of

        extra = counted_by_row(report, rows_of(report, depth), convention)
    return [[report.name, *(row[key] for key in LAYER_COLUMNS[1:]), *extra[index:index + 1]]
            for index, row in enumerate(rows)]


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


def _write(header, rows, include_header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if include_header:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def report(report: Report, depth: int | None = None, convention=None, totals: bool = False, header: bool = True,
           **_: object) -> str:
    columns = [*LAYER_COLUMNS, *([f"counted_{convention.id}"] if convention else [])]
    rows = _layer_rows(report, depth, convention)
    if totals:
        rows.append(_total_row(report, convention))
    return _write(columns, rows, header)


SPEC_COLUMNS = ("spec", "file", "baseline", "input_shape", "output_shape", "bias", *METRICS,
                "rf_size", "rf_stride", "rf_padding")


def comparison(comparison, by_layer: bool = False, convention=None, totals: bool = False, header: bool = True,
               **_: object) -> str:
    """One row per spec, with each metric's ratio to the baseline; with by_layer, one row per layer of
    every spec instead (match them by `path`)."""
    if by_layer:
        columns = [*LAYER_COLUMNS, *([f"counted_{convention.id}"] if convention else [])]
        rows = [row for report in comparison.reports for row in _layer_rows(report, None, convention)]
        return _write(columns, rows, header)
    ratios = comparison.ratios and len(comparison.reports) > 1
    columns = [*SPEC_COLUMNS, *([f"counted_{convention.id}"] if convention and convention.counts_work else []),
               *(f"{name}_ratio" for name in (METRICS if ratios else ()))]
    rows = []
    for index, report in enumerate(comparison.reports):
        field = report.receptive_field
        row = [report.name, report.file, index == comparison.baseline, flat(report.input_shape),
               flat(report.output_shape), report.totals.bias, *(metric(report, name) for name in METRICS),
               *((flat(values, True) for values in field) if field else ("", "", ""))]
        if convention is not None and convention.counts_work:
            from cnncalc.conventions import read

            row.append(read(report, convention).value)
        if ratios:
            row += ["" if ratio is None else f"{float(ratio):.6g}"
                    for ratio in (comparison.ratio(index, name) for name in METRICS)]
        rows.append(row)
    return _write(columns, rows, header)


def conventions(survey, **_: object) -> str:
    from cnncalc.render.common import survey_rows

    rows = [[row["id"], row["tool"], row["versions"], row["label"], "" if row["value"] is None else row["value"],
             row["params"], row["note"]] for row in survey_rows(survey)]
    return _write(["id", "tool", "versions", "label", "value", "params", "note"], rows)
