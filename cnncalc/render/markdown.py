"""Markdown output: a GitHub table of the layers and the totals in words; the same content as the
terminal table, every column of it."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from cnncalc.errors import visible
from cnncalc.fields import PER_LAYER, LayerField, count, formula_text, once_per_result, shape_text
from cnncalc.render.view import (
    ComparisonView,
    ConventionsView,
    Options,
    ReportView,
    SweepView,
    cell,
    ends_text,
    one_after_another,
)

if TYPE_CHECKING:
    from cnncalc.report import LayerReport


def _escaped(value: object) -> str:
    return visible(str(value)).replace("|", "\\|")


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(map(_escaped, cells)) + " |"


def _line(text: str) -> str:
    return visible(text, prose=True)


ROWS_AT_ONCE = 2000  # table rows written into one piece of the output


def report(view: ReportView, options: Options) -> Iterator[str]:
    report = view.report
    columns = view.columns
    ends = ends_text(report)
    lines = [f"## {_line(report.name)}", "",
             *([_line(report.description), ""] if report.description else []),
             _line(ends[:1].upper() + ends[1:] + "."), "",
             _row(column.header for column in columns),
             _row("---:" if column.number else "---" for column in columns)]
    yield "\n".join(lines) + "\n"
    rows = iter(_layer_rows(view))
    while batch := list(islice(rows, ROWS_AT_ONCE)):
        yield "".join(batch)
    lines = [_row(f"**{column.total(report)}**" if column.key == "path" else column.total(report)
                  for column in columns), ""]
    lines.extend(f"- {_line(line)}" for line in view.summary)
    yield "\n".join(lines) + "\n"


CELL_KEYS = ("counted", "time", "time_share", "bound")  # cells the view gives per row, not the layer


def _layer_rows(view: ReportView) -> Iterator[str]:
    """Each row's line; the cells outside PER_LAYER, equal for the layers of one rule result, are
    escaped once for them all."""
    columns = view.columns
    own = [column.key in PER_LAYER for column in columns]

    def text_of(layer: LayerReport, column: LayerField) -> str:
        if column.key == "path":
            return f"`{layer.path}`"
        if column.key == "formula":
            return formula_text(layer.formula(), "<br>")
        return column.text(layer, view.report) if column.text is not None else ""

    shared = once_per_result(lambda layer: ["" if mine else _escaped(text_of(layer, column))
                                            for column, mine in zip(columns, own)])
    for index, layer in enumerate(view.rows):
        cells = shared(layer)
        yield "| " + " | ".join((_escaped(cell(view, column, index) if column.key in CELL_KEYS else
                                          text_of(layer, column)) if mine else text)
                                for column, mine, text in zip(columns, own, cells)) + " |\n"


def comparison(view: ComparisonView, options: Options) -> list[str]:
    names = [report.name for report in view.comparison.reports]
    title = view.comparison.name or " vs ".join(names)
    lines = [f"## {_line(title)}", "",
             *([_line(view.comparison.description), ""] if view.comparison.description else []),
             _row(["", *(name + (" (baseline)" if index == view.comparison.baseline and view.show_ratios else "")
                         for index, name in enumerate(names))]),
             _row(["---", *(["---:"] * len(names))])]
    for row in view.rows:
        if row.ratios is None or not view.show_ratios:
            lines.append(_row([row.label, *row.cells]))
        else:
            lines.append(_row([row.label, *(f"{value}<br>{ratio}" for value, ratio in zip(row.cells, row.ratios))]))
    if view.by_layer is not None:
        lines += ["", _row(["layer", *(f"{name} params · MACs" for name in names)]),
                  _row(["---", *(["---:"] * len(names))])]
        for path, layers in view.by_layer:
            lines.append(_row([f"`{path}`", *("—" if layer is None else f"{count(layer.params)} · {count(layer.macs)}"
                                              for layer in layers)]))
    lines.append("")
    lines.extend(_line(note) for note in view.notes)
    return ["\n".join(lines) + "\n"]


def conventions(view: ConventionsView, options: Options) -> list[str]:
    lines = [f"## {_line(view.survey.name)}: what each tool would print", "",
             _row(["id", "tool", "label", "count", "as printed", "× cnncalc", "params", "where it differs"]),
             _row(["---", "---", "---", "---:", "---:", "---:", "---:", "---"])]
    for row in view.rows:
        value = "" if row.value is None else count(row.value)
        note = row.note + (f" (bug: {row.bug})" if row.bug else "")
        lines.append(_row([f"`{row.id}`", f"{row.tool} {row.versions}", row.label, value, row.as_printed,
                           row.ratio, count(row.params), note]))
    lines += ["", view.footer, *(f"- {_line(warning)}" for warning in view.warnings)]
    if view.match_lines:
        lines += ["", *map(_line, view.match_lines)]
    return ["\n".join(lines) + "\n"]


def sweep(view: SweepView, options: Options) -> Iterator[str]:
    sweep = view.sweep
    lines = [f"## {_line(sweep.name)}", "", *([_line(sweep.description), ""] if sweep.description else []),
             _row(column.header for column in view.columns),
             _row("---:" if column.number else "---" for column in view.columns)]
    yield "\n".join(lines) + "\n"
    rows = (_row(f"{cell} ({ratio})" if ratio else cell for cell, ratio in zip(cells, ratios))
            for cells, ratios in zip(view.cells, view.ratios))
    while batch := list(islice(rows, ROWS_AT_ONCE)):
        yield "\n".join(batch) + "\n"
    yield "\n" + "\n\n".join(_line(note) for note in view.notes) + "\n"


def several(views: Sequence[ReportView | ComparisonView], options: Options) -> Iterator[str]:
    return one_after_another(views, options, report, comparison)
