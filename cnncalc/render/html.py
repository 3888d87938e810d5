"""HTML: one self-contained page (no network access, system fonts, light or dark as the reader's
system is set) with the network drawn as boxes, blocks that fold, bars of where the cost goes, the
sortable table, the totals in words; a comparison side by side on one scale; a sweep's points and
a survey of other tools' counts as charts."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from html import escape
from importlib.resources import files
from fractions import Fraction
from math import log10, prod
from typing import NamedTuple

from cnncalc.errors import visible
from cnncalc.fields import LayerField, count, formula_text, memory, shape_text
from cnncalc.render.diagram import group_label, label_lines
from cnncalc.render.view import (
    ComparisonView,
    ConventionsView,
    Options,
    ReportView,
    SweepView,
    cell,
    ends_text,
    human,
    report_view,
)
from cnncalc.report import DTYPE_BYTES, LayerReport, Report

OPEN_BOXES = 400  # past this many boxes, the deepest blocks start folded, as many levels as it takes
PART = 200  # a long flow of boxes is drawn in parts of this many, each laid out only when scrolled to
METRICS = (("macs", "MACs"), ("params", "params"), ("memory", "activation memory"))
JOINS = {"add": " + ", "multiply": " ⊙ ", "concat": " ‖ "}


def _text(text: str) -> str:
    """Text from a spec, as the page may show it: no markup, no control characters."""
    return escape(visible(text, prose=True))


def _path_text(path: str) -> str:
    """A path that may break after each `/` on a narrow screen."""
    return _text(path).replace("/", "/<wbr>")


def _formula(layer: LayerReport, drawing_formulas: bool = True) -> str:
    """A layer's formulas, a line each (for a tooltip, or a block that keeps its line breaks)."""
    if not drawing_formulas:
        return ""
    return "\n".join(_text(line) for line in formula_text(layer.formula(), "\n").splitlines())


@lru_cache(maxsize=1)
def _asset(name: str) -> str:
    return files("cnncalc.render").joinpath(name).read_text(encoding="utf-8")


def _page(title: str, body: Iterable[str]) -> Iterator[str]:
    yield ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           '<meta name="generator" content="cnncalc">\n'
           f"<title>{_text(title)}</title>\n<style>\n{_asset('page.css')}</style>\n</head>\n<body>\n")
    yield from body
    yield f"<script>\n{_asset('page.js')}</script>\n</body>\n</html>\n"


def _paragraphs(*lines: str) -> str:
    return "".join(f"<p>{_text(line)}</p>\n" for line in lines if line)


def _summary(lines: Iterable[str]) -> str:
    return '<ul class="summary">\n' + "".join(f"<li>{_text(line)}</li>\n" for line in lines) + "</ul>\n"


def _metric_controls(label: str = "Scale by") -> str:
    buttons = "".join(f'<button type="button" data-scale-by="{key}" aria-pressed="{str(key == "macs").lower()}">'
                      f"{name}</button>" for key, name in METRICS)
    return f'<div class="controls"><span>{label}</span><span class="choice" role="group">{buttons}</span></div>\n'


# --- the network as boxes -----------------------------------------------------------------------


def _memory(layer: LayerReport, report: Report) -> int:
    return layer.activations * DTYPE_BYTES[report.dtype]


class Scale(NamedTuple):
    """The largest layer and the largest network on the page, by each metric (MACs, params,
    activation memory): a box's colour is its share of the one, a network's bar of the other."""

    layer: tuple[int, int, int]
    network: tuple[int, int, int]

    @classmethod
    def of(cls, reports: Iterable[Report]) -> Scale:
        layer = network = (1, 1, 1)
        for report in reports:
            totals = report.totals
            network = _most(network, (totals.macs, totals.params, totals.activation_bytes))
            for row in report.layers:
                layer = _most(layer, (row.macs, row.params, _memory(row, report)))
        return cls(layer, network)

    def style(self, values: tuple[int, int, int]) -> str:
        """A layer's shares of the largest layer, as the page's style reads them."""
        return ";".join(f"--{key}:{min(1.0, value / most):.3f}" for (key, _), value, most in zip(METRICS, values, self.layer))


def _most(first: tuple[int, int, int], second: tuple[int, int, int]) -> tuple[int, int, int]:
    return (max(first[0], second[0]), max(first[1], second[1]), max(first[2], second[2]))


class Group:
    """A block or join of the report and what it holds, in order; built once, then written."""

    __slots__ = ("path", "kind", "items", "depth", "layers", "macs", "params", "memory", "last", "reads")

    def __init__(self, path: str, kind: str, depth: int):
        self.path, self.kind, self.depth = path, kind, depth
        self.items: list[LayerReport | Group] = []
        self.layers = self.macs = self.params = self.memory = 0
        self.last = ""  # the path of its last layer: what the layer after it reads
        self.reads: dict[str, None] = {}  # the tensors from outside it that its layers read, in order


def tree(report: Report) -> Group:
    """The report's layers under the blocks and joins that hold them (a join's own row last in it)."""
    root = Group("", "", 0)
    stack = [root]
    for layer in report.layers:
        owners = (*layer.scope, layer.path) if layer.path in report.containers else layer.scope
        depth = 0
        while depth < len(owners) and depth + 1 < len(stack) and stack[depth + 1].path == owners[depth]:
            depth += 1
        del stack[depth + 1:]
        for path in owners[depth:]:
            group = Group(path, report.containers.get(path, "block"), len(stack))
            stack[-1].items.append(group)
            stack.append(group)
        stack[-1].items.append(layer)
        memory_ = _memory(layer, report)
        for group in stack[1:]:
            inside = group.path + "/"
            for source in layer.inputs:
                if not source.startswith(inside) and source != group.path:
                    group.reads[source] = None
        for group in stack:
            group.layers += 1
            group.macs += layer.macs
            group.params += layer.params
            group.memory += memory_
            group.last = layer.path
    return root


class _Drawing(NamedTuple):
    report: Report
    scale: Scale
    open_below: int  # blocks nested at most this deep start unfolded
    shapes: dict[str, str]  # a tensor's path (or input name) -> its shape
    formulas: bool = True
    outputs: frozenset[str] = frozenset()  # the names of the spec's outputs, where it names them


def _unfolded_levels(root: Group) -> int:
    """How many levels of blocks start unfolded: all where the boxes are few, else the most that keep
    them under OPEN_BOXES (an outermost level always)."""
    shown = 0  # boxes and folded blocks seen with every level so far unfolded
    level, groups = 1, [root]
    while groups:
        inner = [item for group in groups for item in group.items if isinstance(item, Group)]
        shown += sum(len(group.items) for group in groups) - len(inner)
        if shown + len(inner) > OPEN_BOXES and level > 1:
            return level - 1
        level, groups = level + 1, inner
    return level


def _drawing(report: Report, root: Group, scale: Scale, options: Options) -> _Drawing:
    open_below = options.depth if options.depth is not None else _unfolded_levels(root)
    inputs = report.inputs or (("input", report.input_shape),)
    shapes = {name: shape_text(shape) for name, shape in inputs}
    shapes.update((layer.path, shape_text(layer.output_shape)) for layer in report.layers)
    return _Drawing(report, scale, open_below, shapes, options.formulas,
                    frozenset(name for name, _ in report.outputs) if len(report.outputs) > 1 else frozenset())


def diagram(report: Report, scale: Scale, options: Options, root: Group | None = None) -> Iterator[str]:
    """The network: its inputs, then each layer a box and each block a group that folds."""
    root = root or tree(report)
    drawing = _drawing(report, root, scale, options)
    inputs = report.inputs or (("input", report.input_shape),)
    yield '<div class="diagram"><div class="flow">\n'
    yield '<div class="branches">' + "".join(
        f'<div class="box input"><b>{_text(name)}</b><br>{shape_text(shape)}</div>' for name, shape in inputs) + "</div>\n"
    yield from _flow(root.items, inputs[0][0], drawing)
    yield "</div></div>\n"


def _relative(source: str, reader: str) -> str:
    """A source's path as seen from the layer that reads it: `a/flatten` from `b/...`'s sibling."""
    common = 0
    for mine, theirs in zip(source.split("/"), reader.split("/")[:-1]):
        if mine != theirs:
            break
        common += 1
    return "/".join(source.split("/")[common:]) or source


def _edge(path: str, sources: Sequence[str], previous: str, drawing: _Drawing) -> str:
    """The arrow into a box or a block, labelled with the shape it carries; dashed, and naming its
    sources, where that is not what is drawn above it."""
    shapes = drawing.shapes
    if path in drawing.report.containers and len(sources) > 1:  # a join of the branches above
        joiner = JOINS.get(drawing.report.containers[path], ", ")
        return f'<div class="edge">{joiner.join(shapes.get(source, "") for source in sources)}</div>\n'
    if list(sources) == [previous] or not sources:
        return f'<div class="edge">{shapes.get(previous, "")}</div>\n'
    said = ", ".join(f"{_text(_relative(source, path))} {shapes.get(source, '')}" for source in sources)
    return f'<div class="edge far">from {said}</div>\n'


def _box(layer: LayerReport, drawing: _Drawing, join: bool = False) -> str:
    report = drawing.report
    first, output = label_lines(layer)[:2]
    title = _formula(layer, drawing.formulas)
    style = drawing.scale.style((layer.macs, layer.params, _memory(layer, report)))
    cost = "".join(f'<br><span class="cost">{count(value)} {unit}</span>'
                   for value, unit in ((layer.macs, "MACs"), (layer.params, "params")) if value)
    if layer.shared_with is not None and (layer.counts.weights or layer.counts.other_params):
        cost += f'<br><span class="cost">weights of {_text(_relative(layer.shared_with, layer.path))}</span>'
    if layer.path in drawing.outputs or layer.name in drawing.outputs:
        cost += '<br><span class="output">an output</span>'
    return (f'<div class="box{" join" if join else ""}" data-path="{escape(layer.path)}" style="{style}" '
            f'title="{title}"><b>{_text(first)}</b><br>{output}{cost}</div>\n')


def _flow(items: Sequence[LayerReport | Group], previous: str, drawing: _Drawing,
          entered: Sequence[str] | None = None) -> Iterator[str]:
    """Boxes and blocks one under another, an arrow into each; `entered`: in a block, what the arrow
    drawn above the block carries, which its first box does not repeat."""
    for index, item in enumerate(items):
        if index % PART == 0 and len(items) > PART:
            yield ('</div>\n' if index else "") + '<div class="flow part">\n'
        sources = list(item.reads) if isinstance(item, Group) else list(item.inputs)
        if not (index == 0 and entered is not None and sources in (list(entered), [])):
            yield _edge(item.path, sources, previous, drawing)
        if isinstance(item, Group):
            yield from _group(item, previous, drawing)
            previous = item.last
        else:
            yield _box(item, drawing)
            previous = item.path
    if len(items) > PART:
        yield "</div>\n"


def _branch_key(path: str, join: str) -> str:
    """The branch of a join a path is in: `branch[2]` of `concat/branch[2]/conv`, `` for the main path."""
    inside = path[len(join) + 1:]
    return inside.split("/")[0] if "/" in inside else ""


def _share(part: int, whole: int) -> str:
    return f" ({100 * part / whole:.1f}\u00a0%)" if whole else ""


def _group(group: Group, previous: str, drawing: _Drawing) -> Iterator[str]:
    opened = " open" if group.depth < drawing.open_below else ""
    totals = drawing.report.totals
    yield (f'<details class="group" data-path="{escape(group.path)}" data-layers="{group.layers}"{opened}><summary>'
           f'<b>{escape(group_label(group.path, group.kind))}</b> · {group.layers:,} '
           f'layer{"s" if group.layers != 1 else ""} · {count(group.macs)} MACs{_share(group.macs, totals.macs)} · '
           f'{count(group.params)} params{_share(group.params, totals.params)} · '
           f'out {drawing.shapes.get(group.last, "")}</summary>\n')
    join = group.items[-1] if group.items and not isinstance(group.items[-1], Group) and \
        group.items[-1].path == group.path else None
    if join is None:
        yield '<div class="flow">\n'
        yield from _flow(group.items, previous, drawing, entered=list(group.reads))
        yield "</div>\n"
    else:  # the branches side by side, then the join
        branches: dict[str, list[LayerReport | Group]] = {}
        for item in group.items[:-1]:
            branches.setdefault(_branch_key(item.path, group.path), []).append(item)
        # in the order the join reads them; a tensor from before the join is a skip (an identity branch)
        order = list(dict.fromkeys(_branch_key(source, group.path) if source.startswith(group.path + "/")
                                   else f"\0{source}" for source in join.inputs))
        order += [key for key in branches if key not in order]
        yield '<div class="branches">\n'
        for key in order:
            if key.startswith("\0"):
                source = key[1:]
                said = "identity" if source == previous else f"from {_text(_relative(source, join.path))}"
                label = "identity" if group.kind == "concat" else "skip"
                yield (f'<div class="flow branch skip"><div class="label">{label}</div>'
                       f'<div class="edge far">{said} {drawing.shapes.get(source, "")}</div></div>\n')
                continue
            label = f'<div class="label">{_text(key)}</div>' if key else ""
            yield f'<div class="flow branch">{label}\n'
            yield from _flow(branches.get(key, []), previous, drawing)
            yield "</div>\n"
        yield '</div>\n<div class="flow">\n'
        yield _edge(join.path, join.inputs, previous, drawing)
        yield _box(join, drawing, join=True)
        yield "</div>\n"
    yield "</details>\n"


# --- where the cost goes --------------------------------------------------------------------------


def _values(macs: int, params: int, memory_: int) -> str:
    return (f'<span class="value"><span class="macs">{count(macs)}</span><span class="params">{count(params)}</span>'
            f'<span class="memory">{memory(memory_)}</span></span>')


def _bar(index: int, name: str, macs: int, params: int, memory_: int, totals: tuple[int, int, int],
         formula: str = "") -> str:
    widths = ";".join(f"--{key}:{100 * value / total if total else 0:.2f}%"
                      for (key, _), value, total in zip(METRICS, (macs, params, memory_), totals))
    more = f'<div class="formula">{formula}</div>' if formula else ""
    return (f'<li data-index="{index}" data-macs="{macs}" data-params="{params}" data-memory="{memory_}">'
            f'<span class="name">{name}</span><span class="bar"><i style="{widths}"></i></span>'
            f"{_values(macs, params, memory_)}{more}</li>\n")


def cost_chart(report: Report, root: Group, formulas: bool = True) -> Iterator[str]:
    totals = (report.totals.macs, report.totals.params, report.totals.activation_bytes)
    blocks = any(isinstance(item, Group) for item in root.items)
    yield (f'<div class="chart" data-order="network" data-macs="{totals[0]}" data-params="{totals[1]}" '
           f'data-memory="{totals[2]}">\n<div class="controls"><span>Show</span><span class="choice" role="group">'
           f'<button type="button" data-view="layers" aria-pressed="{str(not blocks).lower()}">per layer</button>'
           f'<button type="button" data-view="blocks" aria-pressed="{str(blocks).lower()}">per block</button></span>'
           '<span class="choice" role="group">'
           '<button type="button" data-order="network" aria-pressed="true">network order</button>'
           '<button type="button" data-order="sorted" aria-pressed="false">largest first</button></span>'
           f'{"<span class=note>(tap a layer for its formula)</span>" if formulas else ""}</div>\n')
    yield f'<ol class="bars" data-view="layers"{" hidden" if blocks else ""}>\n'
    for index, layer in enumerate(report.layers):
        yield _bar(index, _path_text(layer.path), layer.macs, layer.params, _memory(layer, report), totals,
                   _formula(layer, formulas))
    yield "</ol>\n"
    yield f'<ol class="bars" data-view="blocks"{"" if blocks else " hidden"}>\n'
    for index, item in enumerate(root.items):
        if isinstance(item, Group):
            yield _bar(index, f"{_path_text(item.path)} <span class='note'>({item.layers:,} layers)</span>", item.macs,
                       item.params, item.memory, totals)
        else:
            yield _bar(index, _path_text(item.path), item.macs, item.params, _memory(item, report), totals,
                       _formula(item, formulas))
    yield "</ol>\n</div>\n"


# --- the table ------------------------------------------------------------------------------------


def table(view: ReportView) -> Iterator[str]:
    columns = view.columns
    yield '<div class="table"><table class="sortable">\n<thead><tr>'
    yield "".join(f'<th class="{"num" if column.number else ""}" data-key="{column.key}">{escape(column.header)}</th>'
                  for column in columns)
    yield "</tr></thead>\n<tbody>\n"
    for index, row in enumerate(view.rows):
        cells = []
        for column in columns:
            if column.key == "formula":
                text = "<br>".join(_text(line) for line in formula_text(row.formula(), "\n").splitlines())
            else:
                text = _text(cell(view, column, index))
            cells.append(f'<td class="num"{_sort_key(view, column, index)}>{text}</td>' if column.number
                         else f"<td>{text}</td>")
        yield "<tr>" + "".join(cells) + "</tr>\n"
    yield "</tbody>\n<tfoot><tr>"
    yield "".join(f'<td class="{"num" if column.number else ""}">{_text(column.total(view.report))}</td>'
                  for column in columns)
    yield "</tr></tfoot>\n</table></div>\n"


def _sort_key(view: ReportView, column: LayerField, index: int) -> str:
    """The number a numeric cell sorts by, where its text (627 ns, 2.4 MiB, 56×56×64) is not it."""
    if column.key in ("time", "time_share"):
        value: object = view.times[index][0] if view.times is not None else None
    elif column.key == "counted":
        value = view.counted[index] if view.counted is not None else None
    else:
        value = column.value(view.rows[index]) if column.value is not None else None
    return _sort_attribute(value)


def _sort_attribute(value: object) -> str:
    """data-sort: a number, or a shape's count of values (56×56×64 after 1000)."""
    if isinstance(value, (list, tuple)) and value and all(isinstance(size, int) for size in value):
        value = prod(value)
    return f' data-sort="{float(value)!r}"' if isinstance(value, (int, float, Fraction)) and \
        not isinstance(value, bool) else ""


# --- plots ----------------------------------------------------------------------------------------


class _Axis(NamedTuple):
    low: float
    high: float
    logarithmic: bool
    start: float  # pixels
    end: float

    @classmethod
    def over(cls, values: Sequence[float], start: float, end: float) -> _Axis:
        """Logarithmic where every value is positive and they span more than 20 times, else linear."""
        low, high = min(values, default=0.0), max(values, default=1.0)
        if low > 0 and high / low > 20:
            return cls(low / 1.5, high * 1.5, True, start, end)
        margin = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
        return cls(max(0.0, low - margin) if low >= 0 else low - margin, high + margin, False, start, end)

    def at(self, value: float) -> float:
        if self.logarithmic:
            share = (log10(max(value, self.low)) - log10(self.low)) / (log10(self.high) - log10(self.low))
        else:
            share = (value - self.low) / ((self.high - self.low) or 1.0)
        return self.start + share * (self.end - self.start)

    def ticks(self) -> list[float]:
        if self.logarithmic:
            return [10.0 ** power for power in range(int(log10(self.low)) - 1, int(log10(self.high)) + 2)
                    if self.low <= 10.0 ** power <= self.high]
        rough = (self.high - self.low) / 4
        power = 10.0 ** int(log10(rough) // 1)
        step = next(power * factor for factor in (1, 2, 5, 10) if power * factor >= rough)
        first = -(-self.low // step) * step
        return [first + step * number for number in range(int((self.high - first) // step) + 1)]


def _short(value: float) -> str:
    """A tick's label: 4.09 G, 300 M, 0.5."""
    return human(round(value)) if abs(value) >= 1000 else f"{value:.3g}"


def _plot(points: Sequence[tuple[float, float, str, str]], x_label: str, y_label: str,
          lines: Sequence[Sequence[tuple[float, float]]] = ()) -> str:
    """An SVG scatter plot: each point (x, y, class, title); `lines` drawn as polylines (a roofline)."""
    width, height, left, bottom = 640, 380, 64, 44
    xs = [x for x, _, _, _ in points] + [x for line in lines for x, _ in line]
    ys = [y for _, y, _, _ in points] + [y for line in lines for _, y in line]
    x_axis = _Axis.over(xs, left, width - 12)
    y_axis = _Axis.over(ys, height - bottom, 12)
    parts = [f'<svg class="plot" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(y_label)} against '
             f'{escape(x_label)}">']
    for tick in x_axis.ticks():
        x = x_axis.at(tick)
        parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="12" y2="{height - bottom}"/>'
                     f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{_short(tick)}</text>')
    for tick in y_axis.ticks():
        y = y_axis.at(tick)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - 12}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_short(tick)}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - 12}" y1="{height - bottom}" y2="{height - bottom}"/>'
                 f'<line class="axis" x1="{left}" x2="{left}" y1="12" y2="{height - bottom}"/>'
                 f'<text x="{(left + width) / 2:.0f}" y="{height - 8}" text-anchor="middle">{escape(x_label)}'
                 f'{" (log scale)" if x_axis.logarithmic else ""}</text>'
                 f'<text transform="translate(14 {(height - bottom) / 2:.0f}) rotate(-90)" text-anchor="middle">'
                 f'{escape(y_label)}{" (log scale)" if y_axis.logarithmic else ""}</text>')
    for line in lines:
        coordinates = " ".join(f"{x_axis.at(x):.1f},{y_axis.at(y):.1f}" for x, y in line)
        parts.append(f'<polyline class="roof" points="{coordinates}"/>')
    for x, y, kind, title in points:
        parts.append(f'<circle class="dot {kind}" cx="{x_axis.at(x):.1f}" cy="{y_axis.at(y):.1f}" r="4">'
                     f"<title>{title}</title></circle>")
    parts.append("</svg>\n")
    return "".join(parts)


def roofline_plot(report: Report) -> str:
    """Each layer at its FLOPs per byte and the FLOP/s its least time gives, under the device's roof."""
    roofline = report.roofline
    assert roofline is not None
    points = []
    for layer in report.layers:
        if layer.flops and layer.moved_bytes:
            seconds, bound = report.layer_time(layer)
            points.append((layer.flops / layer.moved_bytes, layer.flops / seconds, bound,
                           f"{_text(layer.path)}: {layer.flops / layer.moved_bytes:.3g} FLOPs/byte, bound by {bound}"))
    if not points:
        return ""
    low = min(min(x for x, _, _, _ in points), roofline.ridge) / 2
    high = max(max(x for x, _, _, _ in points), roofline.ridge) * 2
    roof = [(low, roofline.bandwidth * low), (roofline.ridge, roofline.peak), (high, roofline.peak)]
    return (f"<h3>On {_text(roofline.device.name)} at {escape(roofline.dtype)}</h3>\n"
            f'<p class="note">Each layer with work, at its FLOPs per byte moved and the FLOP/s of its least time; '
            f"the line is the device's roof (ridge at {roofline.ridge:,.1f} FLOPs per byte). Green: bound by "
            "memory.</p>\n" + _plot(points, "FLOPs per byte moved", "FLOP/s", [roof]))


# --- the documents --------------------------------------------------------------------------------


def _report_section(view: ReportView, options: Options, scale: Scale, heading: str = "h1") -> Iterator[str]:
    report = view.report
    root = tree(report)
    yield f'<section class="net" data-metric="macs">\n<{heading}>{_text(report.name)}</{heading}>\n'
    yield _paragraphs(report.description, ends_text(report))
    yield "<h2>The network</h2>\n"
    yield _metric_controls()
    yield ('<p class="note">A box per layer, coloured by its share of the largest layer; an arrow per tensor, with '
           "its shape; a dashed arrow comes from further up. A block folds (tap its line) to its totals, with "
           "their share of the network's.</p>\n")
    yield from diagram(report, scale, options, root)
    yield "<h2>Where the cost goes</h2>\n"
    if not report.layers:
        yield '<p class="note">No layers: nothing costs anything.</p>\n'
    else:
        yield from cost_chart(report, root, options.formulas)
    if report.roofline is not None:
        yield roofline_plot(report)
    yield "<h2>Layers</h2>\n"
    yield from table(view)
    yield "<h2>Totals</h2>\n"
    yield _summary(view.summary)
    yield "</section>\n"


def report(view: ReportView, options: Options) -> Iterator[str]:
    return _page(view.report.name, _report_section(view, options, Scale.of([view.report])))


def _comparison_section(view: ComparisonView, options: Options) -> Iterator[str]:
    comparison = view.comparison
    reports = comparison.reports
    names = [report.name for report in reports]
    yield (f'<section class="comparison" data-metric="macs">\n<h1>{_text(comparison.name or " vs ".join(names))}'
           "</h1>\n")
    yield _paragraphs(comparison.description)
    baseline = comparison.baseline
    yield '<div class="table"><table>\n<thead><tr><th></th>'
    yield "".join(f'<th class="num">{_text(name)}{" (baseline)" if index == baseline and view.show_ratios else ""}</th>'
                  for index, name in enumerate(names))
    yield "</tr></thead>\n<tbody>\n"
    for row in view.rows:
        ratios = row.ratios if row.ratios is not None and view.show_ratios else ("",) * len(row.cells)
        yield f"<tr><td>{_text(row.label)}</td>" + "".join(
            f'<td class="num">{_text(value)}{f"<br><span class=note>{_text(ratio)}</span>" if ratio else ""}</td>'
            for value, ratio in zip(row.cells, ratios)) + "</tr>\n"
    yield "</tbody></table></div>\n"
    yield "".join(f'<p class="note">{_text(note)}</p>\n' for note in view.notes)
    if view.by_layer is not None:
        yield '<h2>Layer by layer</h2>\n<div class="table"><table class="sortable">\n<thead><tr><th>layer</th>'
        yield "".join(f'<th class="num">{_text(name)} params · MACs</th>' for name in names) + "</tr></thead>\n<tbody>\n"
        for path, layers in view.by_layer:
            yield f"<tr><td>{_text(path)}</td>" + "".join(
                '<td class="num">—</td>' if layer is None else f'<td class="num">{count(layer.params)} · {count(layer.macs)}</td>'
                for layer in layers) + "</tr>\n"
        yield "</tbody></table></div>\n"
    yield "<h2>Side by side</h2>\n"
    yield _metric_controls()
    scale = Scale.of(reports)
    yield '<div class="chart" data-order="network"><ol class="bars" data-view="totals">\n'
    for index, report in enumerate(reports):
        yield _bar(index, _text(report.name), report.totals.macs, report.totals.params,
                   report.totals.activation_bytes, scale.network)
    yield "</ol></div>\n"
    yield ('<p class="note">Each network drawn on the same scale: a box\'s colour is its share of the largest '
           "layer of any of them.</p>\n")
    yield '<div class="side-by-side">\n'
    for report in reports:
        yield f"<div><h3>{_text(report.name)}</h3>\n"
        yield from diagram(report, scale, options)
        yield "</div>\n"
    yield "</div>\n"
    for report in reports:
        inner = report_view(report, options._replace(columns=None, convention=None, depth=None))
        yield f"<details><summary>The layers of {_text(report.name)}</summary>\n"
        yield from table(inner)
        yield _summary(inner.summary)
        yield "</details>\n"
    yield "</section>\n"


def comparison(view: ComparisonView, options: Options) -> Iterator[str]:
    return _page(view.comparison.name or " vs ".join(report.name for report in view.comparison.reports),
                 _comparison_section(view, options))


def several(views: Sequence[ReportView | ComparisonView], options: Options) -> Iterator[str]:
    reports = [report for view in views for report in
               ([view.report] if isinstance(view, ReportView) else view.comparison.reports)]
    scale = Scale.of(reports)

    def body() -> Iterator[str]:
        titles = [view.report.name if isinstance(view, ReportView) else
                  view.comparison.name or " vs ".join(report.name for report in view.comparison.reports)
                  for view in views]
        yield '<nav><p class="note">On this page:</p><ol>' + "".join(
            f'<li><a href="#network-{number}">{_text(title)}</a></li>' for number, title in enumerate(titles, 1)) + \
            "</ol></nav>\n"
        for number, view in enumerate(views, 1):
            yield f'<div id="network-{number}">\n'
            if isinstance(view, ReportView):
                yield from _report_section(view, options, scale)
            else:
                yield from _comparison_section(view, options)
            yield "</div>\n"

    return _page(", ".join(report.name for report in reports[:4]) + (", …" if len(reports) > 4 else ""), body())


def _conventions_section(view: ConventionsView) -> Iterator[str]:
    survey = view.survey
    yield f'<section class="survey" data-metric="macs">\n<h1>{_text(survey.name)}: what each tool would print</h1>\n'
    groups = list(dict.fromkeys(group for row in view.rows for group in row.by_group))
    colours = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
               "#bab0ac")  # Tableau's ten: told apart in light and dark
    colour = {group: colours[index % len(colours)] for index, group in enumerate(groups)}
    yield '<div class="legend">' + "".join(f'<span><i style="background:{colour[group]}"></i>{_text(group)}</span>'
                                           for group in groups) + "</div>\n"
    most = max((row.value or 0 for row in view.rows), default=0) or 1
    yield '<ol class="bars" data-view="tools">\n'
    for index, row in enumerate(view.rows):
        label = f"{_text(row.tool)} <span class='note'>{_text(row.versions)} · {_text(row.label)}</span>"
        if row.value is None:
            yield (f'<li data-index="{index}"><span class="name">{label}</span><span class="note">prints no count of '
                   "work</span><span></span></li>\n")
            continue
        pieces = "".join(f'<i style="width:{100 * value / most:.2f}%;background:{colour[group]}" '
                         f'title="{_text(group)}: {count(value)}"></i>' for group, value in row.by_group.items() if value)
        yield (f'<li data-index="{index}" data-value="{row.value}"><span class="name">{label}</span>'
               f'<span class="bar"><span class="stack">{pieces}</span></span>'
               f'<span class="value">{count(row.value)} <span class="note">{_text(row.ratio)}</span></span></li>\n')
    yield "</ol>\n"
    headers = ("id", "tool", "label", "count", "as printed", "× cnncalc", "params", "where it differs")
    numbers = (False, False, False, True, True, True, True, False)
    yield '<div class="table"><table class="sortable">\n<thead><tr>' + "".join(
        f'<th class="{"num" if number else ""}">{header}</th>' for header, number in zip(headers, numbers))
    yield "</tr></thead>\n<tbody>\n"
    for row in view.rows:
        cells = (row.id, f"{row.tool} {row.versions}", row.label, "" if row.value is None else count(row.value),
                 row.as_printed, row.ratio, count(row.params), row.note + (f" (bug: {row.bug})" if row.bug else ""))
        keys = (None, None, None, row.value, row.value, row.value, row.params, None)
        yield "<tr>" + "".join(f'<td class="{"num" if number else ""}"{_sort_attribute(key)}>{_text(text)}</td>'
                               for text, number, key in zip(cells, numbers, keys)) + "</tr>\n"
    yield "</tbody></table></div>\n"
    yield _paragraphs(view.footer, *view.warnings, *view.match_lines)
    yield "</section>\n"


def conventions(view: ConventionsView, options: Options) -> Iterator[str]:
    return _page(f"{view.survey.name}: what each tool would print", _conventions_section(view))


def _sweep_section(view: SweepView) -> Iterator[str]:
    from cnncalc.sweeps import args_text, pareto_front

    sweep = view.sweep
    yield f'<section class="sweep">\n<h1>{_text(sweep.name)}</h1>\n'
    yield _paragraphs(sweep.description)
    valid = [point for point in sweep.points if point.totals is not None]
    if valid:
        front = {point.number for point in pareto_front(valid)}
        points = [(float(point.figure("macs")), float(point.figure("params")), "front" if point.number in front else "",
                   _text(f"{args_text(point.args)}: {count(point.figure('macs'))} MACs, "
                         f"{count(point.figure('params'))} params")) for point in valid]
        yield ('<h2>MACs against params</h2>\n<p class="note">A dot per point; blue: the points no other beats on '
               "both.</p>\n")
        yield _plot(points, "MACs", "params")
    yield '<div class="table"><table class="sortable">\n<thead><tr>'
    yield "".join(f'<th class="{"num" if column.number else ""}">{_text(column.header)}</th>' for column in view.columns)
    yield "</tr></thead>\n<tbody>\n"
    for point, cells, ratios in zip(sweep.points, view.cells, view.ratios):
        yield "<tr>" + "".join(
            f'<td class="{"num" if column.number else ""}"'
            f'{_sort_attribute(point.value(column.key)) if column.key != "note" else ""}>{_text(text)}'
            f'{f"<br><span class=note>{_text(ratio)}</span>" if ratio else ""}</td>'
            for column, text, ratio in zip(view.columns, cells, ratios)) + "</tr>\n"
    yield "</tbody></table></div>\n"
    yield _paragraphs(*view.notes)
    yield "</section>\n"


def sweep(view: SweepView, options: Options) -> Iterator[str]:
    return _page(view.sweep.name, _sweep_section(view))
