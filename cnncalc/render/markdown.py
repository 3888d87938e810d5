"""Markdown output: a GitHub table of the layers and the totals in words."""
from __future__ import annotations

from cnncalc.render.columns import chosen
from cnncalc.render.common import (
    comparison_notes,
    comparison_rows,
    count,
    formula_text,
    rows_of,
    shape,
    summary_lines,
)
from cnncalc.render.text import visible
from cnncalc.report import Report, aligned_layers


def _row(cells) -> str:
    return "| " + " | ".join(visible(str(cell)).replace("|", "\\|") for cell in cells) + " |"


def _line(text: str) -> str:
    return visible(text, prose=True)


def report(report: Report, depth: int | None = None, convention=None, receptive_field: bool = False,
           formulas: bool = True, columns=None, **_: object) -> str:
    rows = rows_of(report, depth)
    shown = chosen(report, rows, columns, formulas, receptive_field, convention)
    lines = [f"## {_line(report.name)}", "", f"Input {shape(report.input_shape)}, output {shape(report.output_shape)}.", "",
             _row(column.header for column in shown),
             _row("---:" if column.number else "---" for column in shown)]
    for layer in rows:
        lines.append(_row(f"`{layer.path}`" if column.key == "layer" else
                          formula_text(layer, "<br>") if column.key == "formula" else column.text(layer, report)
                          for column in shown))
    lines.append(_row(f"**{column.total(report)}**" if column.key == "layer" else column.total(report)
                      for column in shown))
    lines.append("")
    lines.extend(f"- {_line(line)}" for line in summary_lines(report))
    return "\n".join(lines) + "\n"


def comparison(comparison, by_layer: bool = False, convention=None, **_: object) -> str:
    names = [report.name for report in comparison.reports]
    title = comparison.name or " vs ".join(names)
    show_ratios = comparison.ratios and len(names) > 1
    lines = [f"## {_line(title)}", "", *([_line(comparison.description), ""] if comparison.description else []),
             _row(["", *(name + (" (baseline)" if i == comparison.baseline and show_ratios else "")
                         for i, name in enumerate(names))]),
             _row(["---", *(["---:"] * len(names))])]
    for label, cells, ratios in comparison_rows(comparison, convention):
        if ratios is None or not show_ratios:
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
    lines.extend(_line(note) for note in comparison_notes(comparison))
    return "\n".join(lines) + "\n"


def conventions(survey, **_: object) -> str:
    from cnncalc.render.common import CONVENTION_FOOTER, match_lines, survey_rows

    lines = [f"## {_line(survey.name)}: what each tool would print", "",
             _row(["id", "tool", "label", "count", "as printed", "× cnncalc", "params", "where it differs"]),
             _row(["---", "---", "---", "---:", "---:", "---:", "---:", "---"])]
    for row in survey_rows(survey):
        value = "" if row["value"] is None else count(row["value"])
        note = row["note"] + (f" (bug: {row['bug']})" if row["bug"] else "")
        lines.append(_row([f"`{row['id']}`", f"{row['tool']} {row['versions']}", row["label"], value, row["usual"],
                           row["ratio"], count(row["params"]), note]))
    lines += ["", CONVENTION_FOOTER]
    if survey.figure is not None:
        lines += ["", *map(_line, match_lines(survey))]
    return "\n".join(lines) + "\n"


def several(items, **options) -> str:
    """Several documents one after another, a blank line between them."""
    from cnncalc.report import Comparison

    return "\n".join(comparison(item, **options) if isinstance(item, Comparison) else report(item, **options)
                     for item in items)
