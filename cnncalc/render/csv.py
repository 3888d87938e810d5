"""CSV output: one row per layer, then a total row; shapes written 28x28x192."""
from __future__ import annotations

import csv
import io

from cnncalc.render.common import counted_by_row, formula_text, rows_of
from cnncalc.report import Report

COLUMNS = ("path", "kind", "input_shape", "output_shape", "filter_shape", "filters", "weights", "bias",
           "params", "non_trainable", "macs", "flops", "activations", "formula")


def _shape(dims) -> str:
    return "x".join(map(str, dims)) if dims else ""


def report(report: Report, depth: int | None = None, convention=None, receptive_field: bool = False,
           **_: object) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows = rows_of(report, depth)
    extra = [] if convention is None else counted_by_row(report, rows, convention)
    writer.writerow([*COLUMNS, *([convention.id] if convention else []),
                     *(("rf_size", "rf_stride", "rf_padding") if receptive_field else ())])
    for index, layer in enumerate(rows):
        fields = () if not receptive_field else (
            ("", "", "") if layer.receptive_field is None else tuple(_shape(values) for values in layer.receptive_field))
        writer.writerow((layer.path, layer.kind, _shape(layer.input_shape), _shape(layer.output_shape),
                         _shape(layer.filter_shape), layer.filters or "", layer.weights, layer.bias,
                         layer.params, layer.non_trainable, layer.macs, layer.flops, layer.activations,
                         formula_text(layer, "; "), *extra[index:index + 1], *fields))
    totals = report.totals
    writer.writerow(("total", "", _shape(report.input_shape), _shape(report.output_shape), "", "",
                     totals.weights, totals.bias, totals.params, totals.non_trainable, totals.macs,
                     totals.flops, totals.activations, "FLOPs = 2 × MACs", *([sum(extra)] if convention else [])))
    return buffer.getvalue()


def comparison(comparison, by_layer: bool = False, **_: object) -> str:
    """One row per metric, a column per spec and a column per spec's ratio to the baseline;
    with by_layer, one row per aligned layer path instead."""
    from cnncalc.report import METRICS, aligned_layers, metric

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [report.name for report in comparison.reports]
    if by_layer:
        writer.writerow(["path", *(f"{name} {column}" for name in names for column in ("params", "macs"))])
        for path, layers in aligned_layers(comparison):
            writer.writerow([path, *(value for layer in layers
                                     for value in (("", "") if layer is None else (layer.params, layer.macs)))])
        return buffer.getvalue()
    writer.writerow(["metric", *names, *(f"{name} ratio" for name in names)])
    writer.writerow(["input", *(_shape(report.input_shape) for report in comparison.reports)])
    writer.writerow(["output", *(_shape(report.output_shape) for report in comparison.reports)])
    for name in METRICS:
        values = [metric(report, name) for report in comparison.reports]
        ratios = [comparison.ratio(index, name) for index in range(len(values))]
        writer.writerow([name, *values, *("" if ratio is None else f"{float(ratio):.6g}" for ratio in ratios)])
    for index, name in enumerate(("rf_size", "rf_stride", "rf_padding")):
        writer.writerow([name, *("" if report.receptive_field is None else _shape(report.receptive_field[index])
                                 for report in comparison.reports)])
    return buffer.getvalue()


def conventions(survey, **_: object) -> str:
    from cnncalc.render.common import survey_rows

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "tool", "versions", "label", "value", "params", "note"])
    for row in survey_rows(survey):
        writer.writerow([row["id"], row["tool"], row["versions"], row["label"],
                         "" if row["value"] is None else row["value"], row["params"], row["note"]])
    return buffer.getvalue()
