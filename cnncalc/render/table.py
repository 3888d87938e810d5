"""The terminal table: laid out by render/text.py to fit the terminal's width, never cutting a number.
Only whether the terminal takes colour is asked of rich, and only when it might."""
from __future__ import annotations

import os

from cnncalc.render import text
from cnncalc.render.columns import chosen
from cnncalc.render.common import (
    comparison_notes,
    comparison_rows,
    count,
    counted_by_row,
    rows_of,
    summary_lines,
    survey_rows,
)
from cnncalc.render.text import Column, Row
from cnncalc.report import Report, aligned_layers


def color_enabled(stream) -> bool:
    """Whether to paint the table: where rich would write escape codes (a terminal, FORCE_COLOR,
    TTY_COMPATIBLE; not TERM=dumb) and NO_COLOR is not set. Into a pipe with none of those set,
    rich is not even imported: its answer there is no."""
    environ = os.environ
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()) and "FORCE_COLOR" not in environ and environ.get("TTY_COMPATIBLE") != "1":
        return False
    from rich.console import Console

    console = Console(file=stream)
    return console.is_terminal and console.color_system is not None and not console.no_color


def _tree(paths: list[str], containers) -> list[tuple[str, str, int | None, int]]:
    """(label, kind, index of the row or None, depth) per line: a block, a join and each branch of a
    join open with a line naming them, so that what follows reads as their content; a join's own
    row, the merge, closes it one level in and is labelled by its kind (None: left to the caller)."""
    lines: list[tuple[str, str, int | None, int]] = []
    opened: set[str] = set()
    for index, path in enumerate(paths):
        segments = [text.visible(segment) for segment in path.split("/")]
        for depth in range(1, len(segments)):
            prefix = "/".join(segments[:depth])
            if prefix not in opened:
                opened.add(prefix)
                lines.append((segments[depth - 1], containers.get(prefix, ""), None, depth - 1))
        if path in opened:  # its branches were listed above it
            lines.append(("", "", index, len(segments)))
        else:
            lines.append((segments[-1], "", index, len(segments) - 1))
    return lines


def report(report: Report, depth: int | None = None, color: bool = False, width: int | None = None,
           formulas: bool = True, convention=None, receptive_field: bool = False, columns=None,
           **_: object) -> str:
    rows = rows_of(report, depth)
    shown = chosen(report, rows, columns, formulas, receptive_field, convention)
    layout_columns = [Column(column.header, number=column.number, drop=column.drop,
                             under=column.key == "formula", wrap=column.key in ("formula", "layer"),
                             fold=20 if column.key == "layer" else 0,
                             style="dim" if column.key == "formula" else "") for column in shown]
    deepest = 12 if width is None else max(2, width // 8)  # past this, nesting is not indented further
    table_rows = []
    for label, kind, index, level in _tree([row.path for row in rows], report.containers):
        level = min(level, deepest)
        if index is None:
            cells = [indent(label, level), kind] if len(shown) > 1 and shown[1].key == "kind" else [indent(label, level)]
            table_rows.append(Row(cells, level=level, block=True))
            continue
        layer = rows[index]
        cells = [indent(label or layer.kind, level), *(column.text(layer, report) for column in shown[1:])]
        table_rows.append(Row(cells, level=level))
    footer = Row([column.total(report) for column in shown], style="bold")
    layout = text.table(layout_columns, table_rows, width, footer)
    lines = [*_title(report.name, report.description, width),
             *text.prose(f"input {text_shape(report.input_shape)} → output {text_shape(report.output_shape)}", width),
             text.BLANK, *layout.lines, text.BLANK]
    if layout.left_out:
        lines += text.prose(_left_out(layout.left_out, width), width)
    for line in summary_lines(report):
        lines += text.prose(line, width)
    return text.render(lines, color)


def indent(label: str, level: int) -> str:
    return "  " * level + label


def _title(name: str, description: str, width: int | None) -> list:
    return text.prose(f"{name}: {description}" if description else name, width)


def text_shape(dims) -> str:
    return "×".join(map(str, dims))


def _left_out(headers: list[str], width: int | None, columns_option: bool = True) -> str:
    ways = "--columns, --format csv and --format json" if columns_option else "--format csv and --format json"
    return f"not shown at {width} columns: {', '.join(headers)}. A wider terminal shows them; so do {ways}."


def comparison(comparison, by_layer: bool = False, color: bool = False, width: int | None = None,
               convention=None, **_: object) -> str:
    names = [report.name for report in comparison.reports]
    lines = [*_title(comparison.name or " vs ".join(names), comparison.description, width), text.BLANK]
    metric_rows = comparison_rows(comparison, convention)
    show_ratios = comparison.ratios and len(names) > 1
    headers = [text.visible(name) + (" (baseline)" if index == comparison.baseline and show_ratios else "")
               for index, name in enumerate(names)]
    cells = [[label, *(f"{cell}\n{ratio}" if ratios is not None and show_ratios else cell
                       for cell, ratio in zip(values, ratios or values))]
             for label, values, ratios in metric_rows]
    for block in _blocks(cells, headers, width):
        columns = [Column(""), *(Column(headers[index], number=True) for index in block)]
        rows = [Row([row[0], *(row[index + 1] for index in block)]) for row in cells]
        lines += [*text.table(columns, rows, width).lines, text.BLANK]
    if by_layer:
        lines += [*_by_layer(comparison, names, width), text.BLANK]
    for note in comparison_notes(comparison):
        lines += text.prose(note, width)
    return text.render(lines, color)


def _blocks(cells: list[list[str]], headers: list[str], width: int | None) -> list[list[int]]:
    """The specs' columns in groups that fit the width side by side, as even as they can be; more
    specs wrap into more groups."""
    count = len(headers)
    if width is None:
        return [list(range(count))]
    label = max(text.cell_width(row[0]) for row in cells)
    sizes = [max([text.longest_word(headers[index]),
                  *(text.cell_width(line) for row in cells for line in row[index + 1].split("\n"))])
             for index in range(count)]

    def fits(block: list[int]) -> bool:
        return len(text.MARGIN) + label + sum(len(text.GAP) + sizes[index] for index in block) <= width

    greedy: list[list[int]] = [[]]
    for index in range(count):
        if greedy[-1] and not fits([*greedy[-1], index]):
            greedy.append([])
        greedy[-1].append(index)
    per_block = -(-count // len(greedy))
    even = [list(range(start, min(start + per_block, count))) for start in range(0, count, per_block)]
    return even if len(even) == len(greedy) and all(fits(block) for block in even) else greedy


def _by_layer(comparison, names, width):
    columns = [Column("layer")]
    for name in map(text.visible, names):
        columns += [Column(f"{name} params", number=True), Column(f"{name} MACs", number=True)]
    aligned = aligned_layers(comparison)
    containers = {path: kind for report in comparison.reports for path, kind in report.containers.items()}
    deepest = 12 if width is None else max(2, width // 8)
    rows = []
    for label, _, index, level in _tree([path for path, _ in aligned], containers):
        level = min(level, deepest)
        if index is None:
            rows.append(Row([indent(label, level)], level=level, block=True))
            continue
        path, layers = aligned[index]
        merge = next((layer.kind for layer in layers if layer is not None), "")
        cells = [indent(label or merge, level)]
        for layer in layers:
            cells += ["—", "—"] if layer is None else [count(layer.params), count(layer.macs)]
        rows.append(Row(cells, level=level))
    return [text.Line("by layer: params and MACs", "header"), *text.table(columns, rows, width).lines]


def conventions(survey, color: bool = False, width: int | None = None, **_: object) -> str:
    from cnncalc.render.common import CONVENTION_FOOTER, match_lines

    rows = survey_rows(survey)
    columns = [Column("id"), Column("tool", wrap=True, drop=2), Column("versions", wrap=True, drop=3),
               Column("label", wrap=True, drop=1), Column("count", number=True), Column("as printed", number=True),
               Column("× cnncalc", number=True, drop=4), Column("params", number=True)]
    table_rows = [Row([row["id"], row["tool"], row["versions"], row["label"],
                       "—" if row["value"] is None else count(row["value"]), row["usual"], row["ratio"],
                       count(row["params"])]) for row in rows]
    layout = text.table(columns, table_rows, width)
    lines = [*text.prose(f"{survey.name}: what each tool would print", width), text.BLANK, *layout.lines, text.BLANK]
    if layout.left_out:
        lines += [*text.prose(_left_out(layout.left_out, width, columns_option=False), width), text.BLANK]
    lines.append(text.Line("where each differs from cnncalc:"))
    for row in rows[1:]:
        note = row["note"] + (f". Bug: {row['bug']}" if row["bug"] else "")
        lines += text.prose(f"  {row['id']}: {note}", width, indent="      ")
    lines.append(text.BLANK)
    lines += text.prose(CONVENTION_FOOTER, width)
    if survey.figure is not None:
        lines.append(text.BLANK)
        for line in match_lines(survey):
            lines += text.prose(line, width, indent="    ")
    return text.render(lines, color)


def several(items, **options) -> str:
    """Several documents one after another, a blank line between them."""
    from cnncalc.report import Comparison

    return "\n".join(comparison(item, **options) if isinstance(item, Comparison) else report(item, **options)
                     for item in items)
