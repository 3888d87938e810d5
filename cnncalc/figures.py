"""Figures as papers and tools print them (4.12G, 3.8 × 10^9, 4120000000): a value and the
interval its stated precision stands for."""
from __future__ import annotations

import re
from typing import NamedTuple

_FIGURE = re.compile(r"^\s*([0-9]+(?:\.([0-9]+))?)\s*(?:[eE]\s*([+-]?[0-9]+)|(?:\s*(?:×|x|\*)\s*10\^?([+-]?[0-9]+))|([kKMGT]))?"
                     r"\s*([A-Za-z-]*)\s*$")
_SCALES = {"k": 3, "K": 3, "M": 6, "G": 9, "T": 12}


class Figure(NamedTuple):
    """A quoted figure and the interval it stands for at its stated precision: 4.12 G is
    [4.115, 4.125) × 10⁹."""

    text: str
    value: float
    low: float
    high: float
    scale: int = 0  # the power of ten the figure was written in
    unit: str = ""  # the word after the number, if any: GFLOPs, params

    def interval(self) -> str:
        if not self.scale:
            return f"[{self.low:,.10g}, {self.high:,.10g})"
        superscript = str(self.scale).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
        factor = 10**self.scale
        return f"[{self.low / factor:.10g}, {self.high / factor:.10g}) × 10{superscript}"


def parse_figure(text: str) -> Figure:
    """`4.12G`, `4.12e9`, `4120000000`, `3.8 GFLOPs`, `3.8 × 10^9`."""
    match = _FIGURE.match(text.replace(",", ""))
    if not match:
        raise ValueError(f"cannot read {text!r} as a figure; write it as 4.12G, 4.12e9 or 4120000000")
    digits, decimals, exponent, power, letter, unit = match.groups()
    scale = int(exponent or power or 0) + _SCALES.get(letter or "", 0)
    value = float(digits) * 10**scale
    if not (decimals or exponent or power or letter):
        return Figure(text, value, value, value + 1, unit=unit)  # a whole number is exact
    half = 0.5 * 10 ** (scale - len(decimals or ""))
    return Figure(text, value, value - half, value + half, scale, unit)
