"""Renderers: one module per output format, each turning a view (render/view.py) into text. A format
is one module with five functions, report(view, options), comparison(view, options),
conventions(view, options), sweep(view, options) and several(views, options), each giving its text in pieces, written as
they come (a large report is never held whole as text), and one line in FORMATS."""
from collections.abc import Iterable, Sequence
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from cnncalc.conventions import Survey
    from cnncalc.render.view import ComparisonView as ComparisonView
    from cnncalc.render.view import Options as Options
    from cnncalc.render.view import ReportView as ReportView
    from cnncalc.render.view import SweepView as SweepView
    from cnncalc.render.view import View as View
    from cnncalc.render.view import view_of as view_of
    from cnncalc.report import Comparison, Report
    from cnncalc.sweeps import Sweep


class Format(NamedTuple):
    name: str
    suffix: str  # a file with this suffix is written in this format (-o layers.csv)
    module: str  # imported when first used, so that JSON never loads what the table needs


FORMATS: tuple[Format, ...] = (
    Format("table", ".txt", "cnncalc.render.table"),
    Format("json", ".json", "cnncalc.render.json"),
    Format("csv", ".csv", "cnncalc.render.csv"),
    Format("markdown", ".md", "cnncalc.render.markdown"),
    Format("dot", ".dot", "cnncalc.render.dot"),
    Format("mermaid", ".mmd", "cnncalc.render.mermaid"),
    Format("html", ".html", "cnncalc.render.html"),
)
BY_NAME = {format_.name: format_ for format_ in FORMATS}
BY_SUFFIX = {format_.suffix: format_ for format_ in FORMATS}


_FROM_VIEW = ("ComparisonView", "Options", "ReportView", "SweepView", "View", "view_of")  # given here too


def __getattr__(name: str) -> object:
    """`from cnncalc.render import Options` and the views, imported when first asked for: `cnncalc
    --help` needs no view."""
    if name not in _FROM_VIEW:
        raise AttributeError(f"module 'cnncalc.render' has no attribute {name!r}")
    value = globals()[name] = getattr(import_module("cnncalc.render.view"), name)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM_VIEW})


def renderer(format_name: str) -> ModuleType:
    if format_name not in BY_NAME:
        raise ValueError(f"unknown format {format_name!r}; choose from {', '.join(BY_NAME)}")
    return import_module(BY_NAME[format_name].module)


def pieces(document: "Report | Comparison | Survey | Sweep", format_name: str,
           options: "Options | None" = None) -> Iterable[str]:
    """A report, a comparison, a survey of conventions or a sweep in one format, as pieces of text
    to write one after another."""
    from cnncalc.render.view import ComparisonView, Options, ReportView, SweepView, View, view_of

    module = renderer(format_name)
    options = Options() if options is None else options
    view: View = view_of(document, options)
    if isinstance(view, ReportView):
        return module.report(view, options)  # type: ignore[no-any-return]
    if isinstance(view, ComparisonView):
        return module.comparison(view, options)  # type: ignore[no-any-return]
    if isinstance(view, SweepView):
        return module.sweep(view, options)  # type: ignore[no-any-return]
    return module.conventions(view, options)  # type: ignore[no-any-return]


def pieces_of_several(documents: "Sequence[Report | Comparison]", format_name: str,
                      options: "Options | None" = None) -> Iterable[str]:
    """Several documents in one output, in pieces: a JSON list, one CSV table, tables one after another."""
    from cnncalc.render.view import Options, view_of

    options = Options() if options is None else options
    return renderer(format_name).several([view_of(document, options) for document in documents],  # type: ignore[no-any-return]
                                         options)


def render(document: "Report | Comparison | Survey | Sweep", format_name: str, options: "Options | None" = None) -> str:
    """A report, a comparison, a survey of conventions or a sweep as text in one format."""
    return "".join(pieces(document, format_name, options))


def render_several(documents: "Sequence[Report | Comparison]", format_name: str,
                   options: "Options | None" = None) -> str:
    """Several documents in one output: a JSON list, one CSV table, tables one after another."""
    return "".join(pieces_of_several(documents, format_name, options))
