"""Graphviz's dot: the network as a directed graph (render/diagram.py), a box per row with its kind,
output and cost, each edge labelled with the shape it carries, blocks and joins as clusters.
`dot -Tsvg` draws it."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from cnncalc.errors import visible
from cnncalc.render.diagram import Diagram, Node, diagrams, nested, no_network
from cnncalc.render.view import ComparisonView, ConventionsView, Options, ReportView, SweepView


def _escaped(text: str) -> str:
    """Text inside a dot string: backslashes and quotes escaped, & written as Graphviz's &amp;."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def _quoted(text: str) -> str:
    return '"' + _escaped(text) + '"'


def _graph(pictures: Sequence[Diagram], title: str) -> Iterator[str]:
    yield f"digraph {_quoted(visible(title))} {{\n"
    yield '  graph [rankdir=TB, fontname="Helvetica", fontsize=11];\n'
    yield '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];\n'
    yield '  edge [fontname="Helvetica", fontsize=9];\n'
    for number, picture in enumerate(pictures):
        indent = "  "
        if len(pictures) > 1:  # each network in a cluster of its own
            yield f"  subgraph cluster_{number} {{\n    label={_quoted(picture.title)};\n"
            indent = "    "
        yield from _nodes(picture, indent)
        if len(pictures) > 1:
            yield "  }\n"
    for picture in pictures:
        for edge in picture.edges:
            yield f"  {edge.source} -> {edge.target} [label={_quoted(edge.label)}];\n"
    yield "}\n"


def _nodes(picture: Diagram, indent: str) -> Iterator[str]:
    """The nodes, each group a cluster inside the clusters that hold it."""
    def node_line(node: Node) -> str:
        label = "\\n".join(map(_escaped, node.lines))
        return f'{node.id} [label="{label}"{", shape=oval" if node.shape == "oval" else ""}];'

    def group_lines(group: str, label: str) -> tuple[str, str]:
        return f"subgraph cluster_{group} {{ label={_quoted(label)};", "}"

    return nested(picture, indent, node_line, group_lines)


def report(view: ReportView, options: Options) -> Iterable[str]:
    return _graph(diagrams([view], options), view.report.name)


def comparison(view: ComparisonView, options: Options) -> Iterable[str]:
    return _graph(diagrams([view], options), view.comparison.name or "comparison")


def several(views: Sequence[ReportView | ComparisonView], options: Options) -> Iterable[str]:
    return _graph(diagrams(views, options), "networks")


def conventions(view: ConventionsView, options: Options) -> Iterable[str]:
    raise no_network(view, "dot")


def sweep(view: SweepView, options: Options) -> Iterable[str]:
    raise no_network(view, "dot")
