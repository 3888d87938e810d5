"""The terminal table, drawn by rich: the only module that imports it, and only when called."""
from __future__ import annotations

import io

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


JOIN_KINDS = ("concat", "residual", "scale")


def _console(color: bool, width: int | None):
    from rich.console import Console

    return Console(file=io.StringIO(), force_terminal=color, no_color=not color, width=width or 1000,
                   color_system="standard" if color else None, highlight=False, emoji=False)


def _print_wrapped(console, text: str, width: int | None, indent: str = "  ") -> None:
    """Prose under a table: wrapped to the terminal, or to 100 columns when piped."""
    import textwrap

    console.print("\n".join(textwrap.wrap(text, width=min(width or 100, 100), subsequent_indent=indent)))


def _label(layer) -> str:
    """The path below the enclosing block or join, indented by nesting: a tree that reads down."""
    if not layer.scope:
        return layer.path
    return "  " * layer.depth + layer.path[len(layer.scope[-1]) + 1:]


def _print(console) -> str:
    text = console.file.getvalue()
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def report(report: Report, depth: int | None = None, color: bool = False, width: int | None = None,
           formulas: bool = True, convention=None, receptive_field: bool = False, **_: object) -> str:
    from rich import box
    from rich.table import Table

    totals = report.totals
    title = f"{report.name}: input {shape(report.input_shape)} → output {shape(report.output_shape)}"
    if report.description:
        title += f". {report.description}"
    table = Table(box=box.SIMPLE_HEAD, show_footer=True,
                  header_style="bold" if color else "", footer_style="bold" if color else "")
    table.add_column("layer", footer="total")
    table.add_column("kind")
    table.add_column("input", justify="right", footer=shape(report.input_shape))
    table.add_column("output", justify="right", footer=shape(report.output_shape))
    table.add_column("filter", justify="right")
    for label, value in (("weights", totals.weights), ("bias", totals.bias), ("params", totals.params),
                         ("MACs", totals.macs), ("FLOPs", totals.flops)):
        table.add_column(label, justify="right", footer=count(value))
    table.add_column("MACs %", justify="right", footer="100%" if totals.macs else "")
    rows = rows_of(report, depth)
    extra = [] if convention is None else counted_by_row(report, rows, convention)
    if convention is not None:
        table.add_column(f"{convention.id}\n{convention.label}", justify="right", footer=count(sum(extra)))
    if receptive_field:
        for label in ("RF", "RF stride", "RF pad"):
            table.add_column(label, justify="right")
    if formulas:
        table.add_column("formula", style="dim" if color else "", overflow="fold")
    announced: set[str] = set()
    blank = [""] * (len(table.columns) - 2)
    for index, layer in enumerate(rows):
        for depth_index, container in enumerate(layer.scope):
            # a block's layers are listed under a row that names it; a join's own row closes it
            if container not in announced and report.containers.get(container) not in JOIN_KINDS:
                announced.add(container)
                parent = layer.scope[depth_index - 1] if depth_index else ""
                label = container[len(parent) + 1:] if parent else container
                table.add_row("  " * depth_index + label, report.containers[container], *blank)
        cells = [_label(layer), layer.kind,
                 shape(layer.input_shape), shape(layer.output_shape), filter_text(layer), count(layer.weights),
                 count(layer.bias), count(layer.params), count(layer.macs), count(layer.flops),
                 share(layer.macs, totals.macs), *(count(value) for value in extra[index:index + 1]),
                 *(field_text(layer.receptive_field, layer.output_shape) if receptive_field else ())]
        if formulas:
            cells.append(formula_text(layer))
        table.add_row(*cells)
    console = _console(color, width)
    _print_wrapped(console, title, width)
    console.print(table)
    for line in summary_lines(report):
        _print_wrapped(console, line, width)
    return _print(console)


def comparison(comparison, by_layer: bool = False, color: bool = False, width: int | None = None,
               convention=None, **_: object) -> str:
    from rich import box
    from rich.table import Table

    names = [report.name for report in comparison.reports]
    title = comparison.name or " vs ".join(names)
    if comparison.description:
        title += f": {comparison.description}"
    table = Table(box=box.SIMPLE_HEAD, header_style="bold" if color else "")
    table.add_column("")
    for index, name in enumerate(names):
        table.add_column(name + (" (baseline)" if index == comparison.baseline and len(names) > 1 else ""),
                         justify="right")
    for label, cells, ratios in comparison_rows(comparison, convention):
        if ratios is None or len(names) == 1:
            table.add_row(label, *cells)
        else:
            table.add_row(label, *(f"{cell}\n{ratio}" for cell, ratio in zip(cells, ratios)))
    console = _console(color, width)
    _print_wrapped(console, title, width)
    console.print(table)
    if by_layer:
        console.print(_by_layer_table(comparison, names, color))
    for note in comparison_notes(comparison):
        _print_wrapped(console, note, width)
    return _print(console)


def _by_layer_table(comparison, names, color):
    from rich import box
    from rich.table import Table

    table = Table(title="by layer: params · MACs", title_justify="left", box=box.SIMPLE_HEAD,
                  header_style="bold" if color else "")
    table.add_column("layer")
    for name in names:
        table.add_column(f"{name} params", justify="right")
        table.add_column(f"{name} MACs", justify="right")
    for path, layers in aligned_layers(comparison):
        cells = []
        for layer in layers:
            cells += ["—", "—"] if layer is None else [count(layer.params), count(layer.macs)]
        table.add_row(path, *cells)
    return table


def conventions(survey, color: bool = False, width: int | None = None, **_: object) -> str:
    from rich import box
    from rich.table import Table

    from cnncalc.render.common import CONVENTION_FOOTER, match_lines, survey_rows

    rows = survey_rows(survey)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold" if color else "")
    for label, justify in (("id", "left"), ("tool", "left"), ("versions", "left"), ("label", "left"),
                           ("count", "right"), ("as printed", "right"), ("× cnncalc", "right"), ("params", "right")):
        table.add_column(label, justify=justify)
    for row in rows:
        table.add_row(row["id"], row["tool"], row["versions"], row["label"],
                      "—" if row["value"] is None else count(row["value"]), row["usual"], row["ratio"],
                      count(row["params"]))
    console = _console(color, width)
    _print_wrapped(console, f"{survey.name}: what each tool would print", width)
    console.print(table)
    console.print("where each differs from cnncalc:")
    for row in rows[1:]:
        note = row["note"] + (f". Bug: {row['bug']}" if row["bug"] else "")
        _print_wrapped(console, f"  {row['id']}: {note}", width, indent="      ")
    console.print()
    _print_wrapped(console, CONVENTION_FOOTER, width)
    if survey.figure is not None:
        console.print()
        for line in match_lines(survey):
            console.print(line)
    return _print(console)
