"""The built-in presets: YAML specs shipped in this folder, read like any user's file."""
from __future__ import annotations

import re
from pathlib import Path

from cnncalc.errors import Location, SpecError
from cnncalc.report import Comparison, metric

# The presets are files of this package; a plain path (not importlib.resources, which costs a
# quarter of cnncalc's start-up) reads them from a wheel, an sdist or a checkout alike.
_FOLDER = Path(__file__).resolve().parent


def names() -> list[str]:
    return sorted(entry.stem for entry in _FOLDER.glob("*.yaml"))


def closest(name: str) -> str | None:
    """The preset a mistyped name most likely meant, if any is close."""
    import difflib

    close = difflib.get_close_matches(name, names(), n=1)
    return close[0] if close else None


def text(name: str) -> str:
    """The preset's YAML, as shipped: what `cnncalc preset NAME --show-spec` prints."""
    entry = _FOLDER / f"{name}.yaml"
    if not entry.is_file():
        close = closest(name)
        hint = f"; did you mean `{close}`?" if close else ""
        raise SpecError(f"no preset named `{name}`{hint} (`cnncalc presets` lists them)", Location(name))
    return entry.read_text(encoding="utf-8")


def load(name: str, limits=None):
    """The preset's suite of specs, loaded as `preset:NAME` so that errors say where they are."""
    from cnncalc.spec import Limits, load_suite_text

    return load_suite_text(text(name), f"preset:{name}", limits or Limits())


_PLACEHOLDER = re.compile(r"\{(\w+)([@#])(\d+)(?:/(\d+))?( fewer| more)?\}")


def fill_lesson(template: str, comparison: Comparison) -> str:
    """Put computed figures into a lesson line. {weights#2} is variant 2's weights; {weights@2} its
    ratio to the baseline (0.406) and {weights@2/3} its ratio to variant 3; a trailing ` fewer` or
    ` more` says it the way a person does: "2.46× fewer", "2.10× more"."""
    from fractions import Fraction

    count = len(comparison.reports)

    def value(number: str, name: str) -> int:
        if not 1 <= int(number) <= count:
            raise SpecError(f"the lesson names variant {number}, but there are {count}")
        return metric(comparison.reports[int(number) - 1], name)

    def figure(match: re.Match) -> str:
        name, sign, number, other, phrase = match.groups()
        if name == "branch_fields":
            return branch_fields(comparison.reports[int(number) - 1])
        if sign == "#":
            return f"{value(number, name):,}"
        base = value(other, name) if other else metric(comparison.reports[comparison.baseline], name)
        if not base:
            return "n/a"
        ratio = Fraction(value(number, name), base)
        if not phrase:
            return f"{float(ratio):.3f}"
        if ratio == 1:
            return "the same number of"
        return f"{float(1 / ratio):.2f}× fewer" if ratio < 1 else f"{float(ratio):.2f}× more"

    return _PLACEHOLDER.sub(figure, " ".join(template.split()))


def branch_fields(report) -> str:
    """`1, 3, 5 and 3 pixels`: the receptive field of each path into the first join."""
    join = next((layer for layer in report.layers if layer.branch_fields), None)
    if join is None or any(field is None for field in join.branch_fields):
        return "n/a"
    sizes = ["×".join(map(str, field[0])) if len(set(field[0])) > 1 else str(field[0][0]) for field in join.branch_fields]
    return (", ".join(sizes[:-1]) + " and " + sizes[-1] if len(sizes) > 1 else sizes[0]) + " pixels"


def _top(name: str) -> dict:
    from cnncalc.spec import read_document

    return read_document(text(name), f"preset:{name}") or {}


def summaries() -> list[tuple[str, str]]:
    """(name, one-line description) of every preset, for `cnncalc presets`."""
    return [(name, str(_top(name).get("description", ""))) for name in names()]


def family(spec_family: str) -> list[str]:
    """The presets that are variants of one network (`family: resnet50` in their YAML)."""
    if not spec_family:
        return []
    return [name for name in names() if _top(name).get("family") == spec_family]
