"""The network as a graph, for the diagram formats (render/dot.py, render/mermaid.py): a node per
row of the report (a layer, a join, or a block folded with --depth) with its kind, output and
cost; an edge from every tensor a row reads, labelled with that tensor's shape; the blocks and
joins that enclose rows as nested groups."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from cnncalc.errors import SpecError, visible
from cnncalc.fields import count, filter_text, shape_text
from cnncalc.render.view import ComparisonView, ConventionsView, Options, ReportView, SweepView
from cnncalc.report import LayerReport


class Node(NamedTuple):
    id: str
    lines: tuple[str, ...]  # the label, a line each: name, kind and filter, output, cost
    groups: tuple[str, ...]  # the ids of the groups it sits in, outermost first
    shape: str = "box"  # box for a row, oval for an input


class Edge(NamedTuple):
    source: str
    target: str
    label: str  # the shape of the tensor it carries


class Diagram(NamedTuple):
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    groups: dict[str, tuple[str, tuple[str, ...]]]  # id -> (label, the groups it sits in)


def diagram(view: ReportView, prefix: str = "", within: tuple[str, ...] = ()) -> Diagram:
    """The report's rows as nodes and what they read as edges; `prefix` keeps the ids of several
    networks in one picture apart, `within` places them all in an outer group."""
    report = view.report
    rows = view.rows
    ids = {row.path: f"{prefix}n{index}" for index, row in enumerate(rows)}
    inputs = report.inputs or (("input", report.input_shape),)
    nodes = [Node(f"{prefix}i{index}", (visible(name), shape_text(shape)), within, "oval")
             for index, (name, shape) in enumerate(inputs)]
    shapes = {f"{prefix}i{index}": shape_text(shape) for index, (_, shape) in enumerate(inputs)}
    sources = {name: f"{prefix}i{index}" for index, (name, _) in enumerate(inputs)}
    groups: dict[str, tuple[str, tuple[str, ...]]] = {}
    group_of: dict[str, str] = {}  # a block's path -> its group's id
    for row in rows:
        group_ids: list[str] = []
        own = (row.path,) if row.path in report.containers and view.rows is report.layers else ()  # a join's merge
        for path in (*row.scope, *own):
            group = group_of.get(path)
            if group is None:
                group = group_of[path] = f"{prefix}g{len(group_of)}"
                groups[group] = (group_label(path, report.containers.get(path, "")), (*within, *group_ids))
            group_ids.append(group)
        nodes.append(Node(ids[row.path], label_lines(row), (*within, *group_ids)))
    # the edges come from the layers themselves: in a folded view, every tensor a block's layers read
    # from outside the block, labelled with the shape of that tensor
    layer_shapes = {layer.path: shape_text(layer.output_shape) for layer in report.layers}
    edges = []
    for layer in report.layers:
        target = _row_of(layer.path, ids)
        for source in layer.inputs:
            source_id = sources.get(source) or _row_of(source, ids)
            if source_id is not None and target is not None and source_id != target:
                edges.append(Edge(source_id, target, shapes[source_id] if source in sources else layer_shapes.get(source, "")))
    folded = rows is not report.layers
    return Diagram(visible(report.name), tuple(nodes), tuple(dict.fromkeys(edges)) if folded else tuple(edges), groups)


def nested(picture: Diagram, indent: str, node_line: Callable[[Node], str],
           group_lines: Callable[[str, str], tuple[str, str]]) -> Iterator[str]:
    """The picture's nodes, each group around the nodes and groups inside it: `node_line` writes a
    node, `group_lines(id, label)` a group's opening and closing lines."""
    children: dict[str | None, list[str]] = {}
    for group_id, (_, outer) in picture.groups.items():
        children.setdefault(outer[-1] if outer else None, []).append(group_id)
    placed: dict[str | None, list[str]] = {}
    for node in picture.nodes:
        placed.setdefault(node.groups[-1] if node.groups else None, []).append(node_line(node))
    stack: list[tuple[str | None, int, bool]] = [(None, 0, True)]  # (group, depth, opening)
    while stack:  # depth first, without recursion: groups may nest as deep as the spec allows
        group, depth, opening = stack.pop()
        pad = indent + "  " * depth
        if not opening:
            yield f"{pad}{group_lines(group or '', '')[1]}\n"
            continue
        if group is not None:
            yield f"{pad}{group_lines(group, picture.groups[group][0])[0]}\n"
        inner = pad + ("  " if group is not None else "")
        for line in placed.get(group, []):
            yield f"{inner}{line}\n"
        if group is not None:
            stack.append((group, depth, False))
        for child in reversed(children.get(group, [])):
            stack.append((child, depth + (group is not None), True))


def group_label(path: str, kind: str) -> str:
    """A block's or join's name, and its kind where the name does not say it: `layer1`, `concat`,
    `stage (residual)`."""
    name = visible(path.rpartition("/")[2])
    return name + (f" ({kind})" if kind and kind not in ("block", "sequential", name.split("[")[0]) else "")


def _row_of(path: str, ids: dict[str, str]) -> str | None:
    """The node of a path: its own row, or the folded block that holds it."""
    while path:
        if path in ids:
            return ids[path]
        path = path.rpartition("/")[0]
    return None


def label_lines(row: LayerReport) -> tuple[str, ...]:
    """Its name (the kind alone where the name is the kind), the filter, the output, the cost."""
    name = visible(row.path.rpartition("/")[2])
    kind = row.kind + (f" {filter_text(row)}" if row.filter_shape else "")
    cost = " · ".join(part for part in (f"{count(row.macs)} MACs" if row.macs else "",
                                        f"{count(row.params)} params" if row.params else "") if part)
    first = kind if name == row.kind else f"{name} · {kind}"
    return tuple(line for line in (first, shape_text(row.output_shape), cost) if line)


def diagrams(views: Sequence[ReportView | ComparisonView], options: Options) -> list[Diagram]:
    """Every network of several documents: a report's, and each spec's of a comparison."""
    from cnncalc.render.view import report_view

    found = []
    for index, view in enumerate(views):
        reports = [view.report] if isinstance(view, ReportView) else list(view.comparison.reports)
        for number, report in enumerate(reports):
            inner = view if isinstance(view, ReportView) else \
                report_view(report, options._replace(columns=None, convention=None))
            found.append(diagram(inner, f"s{index}_{number}_"))
    return found


def no_network(view: ConventionsView | SweepView, format_name: str) -> SpecError:
    what = "a survey of other tools' counts" if isinstance(view, ConventionsView) else "a sweep's points"
    return SpecError(f"--format {format_name} draws a network's layers; this is {what}: use table, json, csv "
                     "or markdown")
