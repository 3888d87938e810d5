"""Markdown output: a GitHub table of the layers and the totals in words."""
from __future__ import annotations

from cnncalc.render.common import count, filter_text, formula_text, rows_of, shape, share, summary_lines
from cnncalc.report import Report

HEADER = ("layer", "kind", "input", "output", "filter", "weights", "bias", "params", "MACs", "FLOPs",
          "MACs %", "formula")


def _row(cells) -> str:
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


def report(report: Report, depth: int | None = None, **_: object) -> str:
    totals = report.totals
    lines = [f"## {report.name}", "", f"Input {shape(report.input_shape)}, output {shape(report.output_shape)}.", "",
             _row(HEADER), _row(["---"] * 2 + ["---:"] * 9 + ["---"])]
    for layer in rows_of(report, depth):
        lines.append(_row((f"`{layer.path}`", layer.kind, shape(layer.input_shape), shape(layer.output_shape),
                           filter_text(layer), count(layer.weights), count(layer.bias), count(layer.params),
                           count(layer.macs), count(layer.flops), share(layer.macs, totals.macs),
                           formula_text(layer, "<br>"))))
    lines.append(_row(("**total**", "", shape(report.input_shape), shape(report.output_shape), "",
                       count(totals.weights), count(totals.bias), count(totals.params), count(totals.macs),
                       count(totals.flops), "100%" if totals.macs else "", "")))
    lines.append("")
    lines.extend(f"- {line}" for line in summary_lines(report))
    return "\n".join(lines) + "\n"
