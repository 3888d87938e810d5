"""CSV output: one row per layer, then a total row; shapes written 28x28x192."""
from __future__ import annotations

import csv
import io

from cnncalc.render.common import formula_text, rows_of
from cnncalc.report import Report

COLUMNS = ("path", "kind", "input_shape", "output_shape", "filter_shape", "filters", "weights", "bias",
           "params", "non_trainable", "macs", "flops", "activations", "formula")


def _shape(dims) -> str:
    return "x".join(map(str, dims)) if dims else ""


def report(report: Report, depth: int | None = None, **_: object) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for layer in rows_of(report, depth):
        writer.writerow((layer.path, layer.kind, _shape(layer.input_shape), _shape(layer.output_shape),
                         _shape(layer.filter_shape), layer.filters or "", layer.weights, layer.bias,
                         layer.params, layer.non_trainable, layer.macs, layer.flops, layer.activations,
                         formula_text(layer, "; ")))
    totals = report.totals
    writer.writerow(("total", "", _shape(report.input_shape), _shape(report.output_shape), "", "",
                     totals.weights, totals.bias, totals.params, totals.non_trainable, totals.macs,
                     totals.flops, totals.activations, "FLOPs = 2 × MACs"))
    return buffer.getvalue()
