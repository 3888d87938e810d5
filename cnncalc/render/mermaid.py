"""Mermaid: the network as a flowchart (render/diagram.py), which GitHub and many documentation
sites draw from a ```mermaid block: a box per row with its kind, output and cost, each edge
labelled with the shape it carries, blocks and joins as subgraphs."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from cnncalc.render.diagram import Diagram, Node, diagrams, nested, no_network
from cnncalc.render.view import ComparisonView, ConventionsView, Options, ReportView, SweepView

# Characters Mermaid reads inside a label, written as its entity codes (# first: it starts them)
_ENTITIES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("|", "#124;"), ("`", "#96;"),
             ("%", "#37;"), ("&", "#38;"))  # % starts a %%{directive}%%, & an HTML entity


def _text(text: str) -> str:
    for character, entity in _ENTITIES:
        text = text.replace(character, entity)
    return text


def _chart(pictures: Sequence[Diagram]) -> Iterator[str]:
    yield "flowchart TD\n"
    for number, picture in enumerate(pictures):
        if len(pictures) > 1:  # each network in a subgraph of its own
            yield f'  subgraph net{number} ["{_text(picture.title)}"]\n'
        yield from _nodes(picture, "    " if len(pictures) > 1 else "  ")
        if len(pictures) > 1:
            yield "  end\n"
    for picture in pictures:
        for edge in picture.edges:
            yield f"  {edge.source} -->|{_text(edge.label)}| {edge.target}\n"


def _nodes(picture: Diagram, indent: str) -> Iterator[str]:
    """The nodes, each group a subgraph inside the subgraphs that hold it."""
    def node_line(node: Node) -> str:
        label = "<br/>".join(_text(line) for line in node.lines)
        opening, closing = ("([", "])") if node.shape == "oval" else ("[", "]")
        return f'{node.id}{opening}"{label}"{closing}'

    def group_lines(group: str, label: str) -> tuple[str, str]:
        return f'subgraph {group} ["{_text(label)}"]', "end"

    return nested(picture, indent, node_line, group_lines)


def report(view: ReportView, options: Options) -> Iterable[str]:
    return _chart(diagrams([view], options))


def comparison(view: ComparisonView, options: Options) -> Iterable[str]:
    return _chart(diagrams([view], options))


def several(views: Sequence[ReportView | ComparisonView], options: Options) -> Iterable[str]:
    return _chart(diagrams(views, options))


def conventions(view: ConventionsView, options: Options) -> Iterable[str]:
    raise no_network(view, "mermaid")


def sweep(view: SweepView, options: Options) -> Iterable[str]:
    raise no_network(view, "mermaid")
