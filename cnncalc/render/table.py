"""The terminal table: laid out by render/text.py to fit the terminal's width, never cutting a number.
Only whether the terminal takes colour is asked of rich, and only when it might."""
from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from itertools import islice
from typing import IO

from cnncalc.errors import visible
from cnncalc.fields import PER_LAYER, count, once_per_result, shape_text
from cnncalc.render import text
from cnncalc.render.text import Column, Line, Row
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

NESTING_SHOWN = 12  # levels of nesting indented when the width is unlimited
LINES_AT_ONCE = 5000  # table lines written into one piece of the output


def color_enabled(stream: IO[str]) -> bool:
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


def tree(paths: Sequence[str], containers: Mapping[str, str]) -> list[tuple[str, str, int | None, int]]:
    """(label, kind, index of the row or None, depth) per line: a block, a join and each branch of a
    join open with a line naming them, so that what follows reads as their content; a join's own
    row, the merge, closes it one level in, with an empty label for the caller to fill."""
    lines: list[tuple[str, str, int | None, int]] = []
    opened: set[str] = set()
    for index, path in enumerate(paths):
        parent, _, last = path.rpartition("/")
        if parent and parent not in opened:  # an open parent's own parents are open
            segments = path.split("/")
            for depth in range(1, len(segments)):
                prefix = "/".join(segments[:depth])
                if prefix not in opened:
                    opened.add(prefix)
                    lines.append((visible(segments[depth - 1]), containers.get(prefix, ""), None, depth - 1))
        depth = path.count("/")
        if path in opened:  # its branches were listed above it
            lines.append(("", "", index, depth + 1))
        else:
            lines.append((visible(last), "", index, depth))
    return lines


def _deepest(width: int | None) -> int:
    return NESTING_SHOWN if width is None else max(2, width // 8)


def _indent(label: str, level: int) -> str:
    return "  " * level + label


def _title(name: str, description: str, width: int | None) -> list[Line]:
    return text.prose(f"{name}: {description}" if description else name, width)


def _left_out(headers: list[str], width: int | None, columns_option: bool = True) -> str:
    ways = "--columns, --format csv and --format json" if columns_option else "--format csv and --format json"
    return f"not shown at {width} columns: {', '.join(headers)}. A wider terminal shows them; so do {ways}."


def report(view: ReportView, options: Options) -> Iterator[str]:
    """The report's table and the totals in words, written a few thousand lines at a time."""
    report = view.report
    columns = view.columns
    layout_columns = [Column(column.header, number=column.number, drop=column.drop,
                             under=column.key == "formula", wrap=column.key in ("formula", "path"),
                             fold=20 if column.key == "path" else 0,
                             style="dim" if column.key == "formula" else "") for column in columns]
    deepest = _deepest(options.width)
    with_kind = len(columns) > 1 and columns[1].key == "kind"
    lines_of_tree = tree([row.path for row in view.rows], report.containers)
    # cells outside PER_LAYER, and the kind, are the same for the layers of one kind and rule result:
    # made once for them all
    own = [column.key in PER_LAYER and column.key != "kind" for column in columns[1:]]
    shared = once_per_result(lambda layer: [column.text(layer, report) if column.text and not mine else ""
                                            for column, mine in zip(columns[1:], own)])

    own_columns = [(position, column) for position, (column, mine) in enumerate(zip(columns[1:], own)) if mine]

    def cells_of(index: int) -> list[str]:
        cells = shared(view.rows[index])
        if not own_columns:
            return cells
        cells = cells.copy()
        for position, column in own_columns:
            cells[position] = cell(view, column, index)
        return cells

    def rows() -> Iterator[Row]:
        for label, kind, index, level in lines_of_tree:
            level = min(level, deepest)
            if index is None:
                yield Row([_indent(label, level), kind] if with_kind else [_indent(label, level)], level=level,
                          block=True)
            else:
                yield Row([_indent(label or view.rows[index].kind, level), *cells_of(index)], level=level)

    footer = Row([column.total(report) for column in columns], style="bold")
    table_lines, left_out = text.table_lines(layout_columns, rows, options.width, footer, color=options.color)
    yield text.render([*_title(report.name, report.description, options.width),
                       *text.prose(ends_text(report),
                                   options.width), text.BLANK], options.color)
    while batch := list(islice(table_lines, LINES_AT_ONCE)):
        yield text.render(batch, options.color)
    lines = [text.BLANK]
    if left_out:
        lines += text.prose(_left_out(left_out, options.width), options.width)
    for line in view.summary:
        lines += text.prose(line, options.width)
    yield text.render(lines, options.color)


def comparison(view: ComparisonView, options: Options) -> list[str]:
    names = [report.name for report in view.comparison.reports]
    lines = [*_title(view.comparison.name or " vs ".join(names), view.comparison.description, options.width),
             text.BLANK]
    headers = [visible(name) + (" (baseline)" if index == view.comparison.baseline and view.show_ratios else "")
               for index, name in enumerate(names)]
    cells = [[row.label, *(f"{value}\n{ratio}" if row.ratios is not None and view.show_ratios else value
                           for value, ratio in zip(row.cells, row.ratios or row.cells))]
             for row in view.rows]
    for block in _blocks(cells, headers, options.width):
        columns = [Column(""), *(Column(headers[index], number=True) for index in block)]
        rows = [Row([row[0], *(row[index + 1] for index in block)]) for row in cells]
        lines += [*text.table(columns, rows, options.width).lines, text.BLANK]
    if view.by_layer is not None:
        lines += [*_by_layer(view, names, options.width), text.BLANK]
    for note in view.notes:
        lines += text.prose(note, options.width)
    return [text.render(lines, options.color)]


def _blocks(cells: list[list[str]], headers: list[str], width: int | None) -> list[list[int]]:
    """The specs' columns in groups that fit the width side by side, as even as they can be; more
    specs wrap into more groups."""
    count_ = len(headers)
    if width is None:
        return [list(range(count_))]
    label = max(text.cell_width(row[0]) for row in cells)
    sizes = [max([text.longest_word(headers[index]),
                  *(text.cell_width(line) for row in cells for line in row[index + 1].split("\n"))])
             for index in range(count_)]

    def fits(block: list[int]) -> bool:
        return len(text.MARGIN) + label + sum(len(text.GAP) + sizes[index] for index in block) <= width

    greedy: list[list[int]] = [[]]
    for index in range(count_):
        if greedy[-1] and not fits([*greedy[-1], index]):
            greedy.append([])
        greedy[-1].append(index)
    per_block = -(-count_ // len(greedy))
    even = [list(range(start, min(start + per_block, count_))) for start in range(0, count_, per_block)]
    return even if len(even) == len(greedy) and all(fits(block) for block in even) else greedy


def _by_layer(view: ComparisonView, names: list[str], width: int | None) -> list[Line]:
    assert view.by_layer is not None
    columns = [Column("layer")]
    for name in map(visible, names):
        columns += [Column(f"{name} params", number=True), Column(f"{name} MACs", number=True)]
    containers = {path: kind for report in view.comparison.reports for path, kind in report.containers.items()}
    deepest = _deepest(width)
    rows = []
    for label, _, index, level in tree([path for path, _ in view.by_layer], containers):
        level = min(level, deepest)
        if index is None:
            rows.append(Row([_indent(label, level)], level=level, block=True))
            continue
        _, layers = view.by_layer[index]
        merge = next((layer.kind for layer in layers if layer is not None), "")
        cells = [_indent(label or merge, level)]
        for layer in layers:
            cells += ["—", "—"] if layer is None else [count(layer.params), count(layer.macs)]
        rows.append(Row(cells, level=level))
    return [Line("by layer: params and MACs", "header"), *text.table(columns, rows, width).lines]


def conventions(view: ConventionsView, options: Options) -> list[str]:
    columns = [Column("id"), Column("tool", wrap=True, drop=2), Column("versions", wrap=True, drop=3),
               Column("label", wrap=True, drop=1), Column("count", number=True), Column("as printed", number=True),
               Column("× cnncalc", number=True, drop=4), Column("params", number=True)]
    rows = [Row([row.id, row.tool, row.versions, row.label, "—" if row.value is None else count(row.value),
                 row.as_printed, row.ratio, count(row.params)]) for row in view.rows]
    layout = text.table(columns, rows, options.width)
    lines = [*text.prose(f"{view.survey.name}: what each tool would print", options.width), text.BLANK,
             *layout.lines, text.BLANK]
    if layout.left_out:
        lines += [*text.prose(_left_out(layout.left_out, options.width, columns_option=False), options.width),
                  text.BLANK]
    lines.append(Line("where each differs from cnncalc:"))
    for row in view.rows[1:]:
        note = row.note + (f". Bug: {row.bug}" if row.bug else "")
        lines += text.prose(f"  {row.id}: {note}", options.width, indent="      ")
    lines.append(text.BLANK)
    lines += text.prose(view.footer, options.width)
    for warning in view.warnings:
        lines += text.prose(warning, options.width)
    if view.match_lines:
        lines.append(text.BLANK)
        for line in view.match_lines:
            lines += text.prose(line, options.width, indent="    ")
    return [text.render(lines, options.color)]


def sweep(view: SweepView, options: Options) -> Iterator[str]:
    """One row per point: its args, its figures with their ratios to the first point under them, and
    what the papers published for it, or why it makes no network."""
    sweep = view.sweep
    title = f"{sweep.name}: {sweep.description}" if sweep.description else sweep.name
    columns = [Column(column.header, number=column.number, wrap=not column.number, under=column.key == "note",
                      drop={"flops": 2, "depth": 1}.get(column.key, 0)) for column in view.columns]
    if not any(cells[-1] for cells in view.cells):
        columns.pop()
    rows = [Row([f"{cell}\n{ratio}" if ratio else cell for cell, ratio in zip(cells, ratios)][:len(columns)])
            for cells, ratios in zip(view.cells, view.ratios)]
    layout = text.table(columns, rows, options.width)
    lines = [*text.prose(visible(title, prose=True), options.width), text.BLANK, *layout.lines, text.BLANK]
    if layout.left_out:
        lines += [*text.prose(_left_out(layout.left_out, options.width, columns_option=False), options.width),
                  text.BLANK]
    for note in view.notes:
        lines += text.prose(note, options.width)
    yield text.render(lines, options.color)


def several(views: Sequence[ReportView | ComparisonView], options: Options) -> Iterator[str]:
    return one_after_another(views, options, report, comparison)
