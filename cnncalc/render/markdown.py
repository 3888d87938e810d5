"""Markdown output: a GitHub table of the layers and the totals in words."""
from __future__ import annotations

from cnncalc.render.common import (
    comparison_notes,
    comparison_rows,
    count,
    filter_text,
    formula_text,
    rows_of,
    shape,
    share,
    summary_lines,
)
from cnncalc.report import Report, aligned_layers

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


def comparison(comparison, by_layer: bool = False, **_: object) -> str:
    names = [report.name for report in comparison.reports]
    title = comparison.name or " vs ".join(names)
    lines = [f"## {title}", "", *([comparison.description, ""] if comparison.description else []),
             _row(["", *(name + (" (baseline)" if i == comparison.baseline and len(names) > 1 else "")
                         for i, name in enumerate(names))]),
             _row(["---", *(["---:"] * len(names))])]
    for label, cells, ratios in comparison_rows(comparison):
        if ratios is None or len(names) == 1:
            lines.append(_row([label, *cells]))
        else:
            lines.append(_row([label, *(f"{cell}<br>{ratio}" for cell, ratio in zip(cells, ratios))]))
    if by_layer:
        lines += ["", _row(["layer", *(f"{name} params · MACs" for name in names)]),
                  _row(["---", *(["---:"] * len(names))])]
        for path, layers in aligned_layers(comparison):
            lines.append(_row([f"`{path}`", *("—" if layer is None else f"{count(layer.params)} · {count(layer.macs)}"
                                              for layer in layers)]))
    lines.append("")
    lines.extend(comparison_notes(comparison))
    return "\n".join(lines) + "\n"
