"""Lesson lines: text under a comparison whose figures are placeholders, filled from the analysis.
{weights#2} is variant 2's weights; {weights@2} its ratio to the baseline (0.406), {weights@2/3} its
ratio to variant 3, and a trailing ` fewer` or ` more` says it as a person does: "2.46× fewer"."""
from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnncalc.report import Comparison, Report

@cache  # compiled when a lesson is first read
def placeholder() -> re.Pattern[str]:
    return re.compile(r"\{(\w+)([@#])(\d+)(?:/(\d+))?( fewer| more)?\}")
FIGURES = ("weights", "params", "non_trainable", "macs", "flops", "activations", "activation_bytes", "depth",
           "weighted_layers", "channels", "branch_fields")


def problem(template: str, variants: int) -> str | None:
    """What is wrong with a lesson's placeholders for this many variants, or None: checked when the
    file is read, so that filling it in cannot fail."""
    for match in placeholder().finditer(template):
        name, sign, number, other, _ = match.groups()
        if name not in FIGURES:
            return f"names `{name}` in {match.group(0)}; the figures are {', '.join(FIGURES)}"
        if name == "branch_fields" and (sign != "#" or other):
            return f"gives {match.group(0)}; write {{branch_fields#N}}"
        for index in (number, other):
            if index is not None and not 1 <= int(index) <= variants:
                return f"names variant {index} in {match.group(0)}, but there are {variants}"
    return None


def fill(template: str, comparison: Comparison) -> str:
    """The lesson with its figures put in (the template was checked by problem())."""
    from fractions import Fraction

    from cnncalc.fields import metric, ratio_text

    def value(number: str, name: str) -> int:
        return metric(comparison.reports[int(number) - 1], name)

    def figure(match: re.Match[str]) -> str:
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
        said = ratio_text(ratio)
        return "the same number of" if said == "same" else said

    return placeholder().sub(figure, " ".join(template.split()))


def branch_fields(report: Report) -> str:
    """`1, 3, 5 and 3 pixels`: the receptive field of each path into the first join."""
    fields = next((layer.branch_fields for layer in report.layers if layer.branch_fields), None)
    if fields is None:
        return "n/a"
    from cnncalc.receptive import ReceptiveField

    known = [field for field in fields if isinstance(field, ReceptiveField)]
    if len(known) < len(fields):
        return "n/a"  # a path that sees the whole input, or no single field
    sizes = ["×".join(map(str, field.size)) if len(set(field.size)) > 1 else str(field.size[0]) for field in known]
    return (", ".join(sizes[:-1]) + " and " + sizes[-1] if len(sizes) > 1 else sizes[0]) + " pixels"
