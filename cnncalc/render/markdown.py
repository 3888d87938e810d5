"""Markdown output: a GitHub table of the layers and the totals in words."""
from __future__ import annotations

from cnncalc.render.common import (
    comparison_notes,
    comparison_rows,
    count,
    counted_by_row,
    field_text,
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


def report(report: Report, depth: int | None = None, convention=None, receptive_field: bool = False,
           **_: object) -> str:
    totals = report.totals
    rows = rows_of(report, depth)
    extra = [] if convention is None else [count(value) for value in counted_by_row(report, rows, convention)]
    header = [*HEADER[:-1], *([f"{convention.id} {convention.label}"] if convention else []),
              *(("RF", "RF stride", "RF pad") if receptive_field else ()), HEADER[-1]]
    lines = [f"## {report.name}", "", f"Input {shape(report.input_shape)}, output {shape(report.output_shape)}.", "",
             _row(header), _row(["---"] * 2 + ["---:"] * (len(header) - 3) + ["---"])]
    for index, layer in enumerate(rows):
        lines.append(_row((f"`{layer.path}`", layer.kind, shape(layer.input_shape), shape(layer.output_shape),
                           filter_text(layer), count(layer.weights), count(layer.bias), count(layer.params),
                           count(layer.macs), count(layer.flops), share(layer.macs, totals.macs),
                           *extra[index:index + 1],
                           *(field_text(layer.receptive_field, layer.output_shape) if receptive_field else ()),
                           formula_text(layer, "<br>"))))
    total_extra = [count(sum(counted_by_row(report, rows, convention)))] if convention else []
    lines.append(_row(("**total**", "", shape(report.input_shape), shape(report.output_shape), "",
                       count(totals.weights), count(totals.bias), count(totals.params), count(totals.macs),
                       count(totals.flops), "100%" if totals.macs else "", *total_extra,
                       *(("", "", "") if receptive_field else ()), "")))
    lines.append("")
    lines.extend(f"- {line}" for line in summary_lines(report))
    return "\n".join(lines) + "\n"


def comparison(comparison, by_layer: bool = False, convention=None, **_: object) -> str:
    names = [report.name for report in comparison.reports]
    title = comparison.name or " vs ".join(names)
    lines = [f"## {title}", "", *([comparison.description, ""] if comparison.description else []),
             _row(["", *(name + (" (baseline)" if i == comparison.baseline and len(names) > 1 else "")
                         for i, name in enumerate(names))]),
             _row(["---", *(["---:"] * len(names))])]
    for label, cells, ratios in comparison_rows(comparison, convention):
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


def conventions(survey, **_: object) -> str:
    from cnncalc.render.common import CONVENTION_FOOTER, match_lines, survey_rows

    lines = [f"## {survey.name}: what each tool would print", "",
             _row(["id", "tool", "label", "count", "as printed", "× cnncalc", "params", "where it differs"]),
             _row(["---", "---", "---", "---:", "---:", "---:", "---:", "---"])]
    for row in survey_rows(survey):
        value = "" if row["value"] is None else count(row["value"])
        note = row["note"] + (f" (bug: {row['bug']})" if row["bug"] else "")
        lines.append(_row([f"`{row['id']}`", f"{row['tool']} {row['versions']}", row["label"], value, row["usual"],
                           row["ratio"], count(row["params"]), note]))
    lines += ["", CONVENTION_FOOTER]
    if survey.figure is not None:
        lines += ["", *match_lines(survey)]
    return "\n".join(lines) + "\n"
