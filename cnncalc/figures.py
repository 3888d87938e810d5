"""Figures as papers and tools print them (4.12G, 3.8 × 10⁹, 138 million, 4,120,000,000 MACs): read by
a small scanner into an exact value and the interval its stated precision stands for."""
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, Union

if TYPE_CHECKING:
    from collections.abc import Callable
    from fractions import Fraction

    Exact = Union[int, Fraction]  # an int where the value is whole: most figures need no fractions module

MAX_LENGTH = 64  # characters of a figure's text
MAX_EXPONENT = 30  # figures from 10⁻³⁰ to 10³⁰
_LETTERS = {"k": 3, "m": 6, "g": 9, "t": 12}  # either case: tools print 4.12G, 4.12 GMac, 25.6M, 512k
_WORDS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_UNITS = ("flop", "flops", "mac", "macs", "params", "param", "parameters", "multiply-adds", "mult-adds", "madds",
          "madd", "multiply-accumulates", "fma", "fmas", "ops")
NOT_A_FIGURE = "is not a figure: write it as 4.12G, 4.12e9, 4120000000, 3.8 × 10⁹ or 25.6M params"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


class Figure(NamedTuple):
    """A quoted figure and the interval it stands for at its stated precision: 4.12 G is
    [4.115, 4.125) × 10⁹. Values are exact."""

    text: str
    value: "Exact"
    low: "Exact"
    high: "Exact"
    scale: int = 0  # the power of ten the figure was written in
    unit: str = ""  # the word after the number, if any: FLOPs, params

    def interval(self) -> str:
        if not self.scale:
            return f"[{_plain(self.low)}, {_plain(self.high)})"
        from fractions import Fraction

        superscript = str(self.scale).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
        factor = Fraction(10) ** self.scale
        return f"[{_plain(self.low / factor)}, {_plain(self.high / factor)}) × 10{superscript}"

    def number(self) -> int | float:
        """The value as JSON holds it: an int where it is whole."""
        return as_number(self.value)


def as_number(value: "Exact") -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def relative(count: int, value: "Exact") -> float:
    """(count − value) / value, rounded once."""
    return float((count - value) / value)


def _scaled(mantissa: int, power: int) -> "Exact":
    """mantissa × 10^power."""
    if power >= 0:
        return int(mantissa * 10**power)
    from fractions import Fraction

    return Fraction(mantissa, 10**-power)


def _plain(value: "Exact") -> str:
    return f"{value.numerator:,}" if value.denominator == 1 else f"{float(value):,.10g}"


@lru_cache(maxsize=1024)  # a spec quotes a few figures, read again with every reading of it
def parse_figure(text: str) -> Figure:
    """`4.12G`, `4.12e9`, `4120000000`, `4,120,000,000`, `3.8 GFLOPs`, `3.8 × 10^9`, `3.8 × 10⁹`,
    `138 million parameters`. Raises ValueError with what is wrong, in the user's terms."""
    if len(text) > MAX_LENGTH:
        raise ValueError(f"is longer than {MAX_LENGTH} characters; write it as 4.12G, 4.12e9 or 4120000000")
    scanner = _Scanner(text)
    digits, decimals = scanner.number()
    exponent = scanner.exponent()
    scanner.space()
    unit = ""
    word = scanner.word()
    if word:
        lowered = word.lower()
        if lowered in _WORDS:
            exponent += _WORDS[lowered]
            scanner.space()
            unit = scanner.word()
        elif lowered[0] in _LETTERS and (len(word) == 1 or lowered[1:] in _UNITS):
            exponent += _LETTERS[lowered[0]]
            unit = word[1:]
            if not unit:
                scanner.space()
                unit = scanner.word()
        else:
            unit = word
    scanner.space()
    if not scanner.done() or (unit and unit.lower() not in _UNITS):
        raise ValueError(NOT_A_FIGURE)
    if abs(exponent) > MAX_EXPONENT:
        raise ValueError("is outside 10⁻³⁰ to 10³⁰, the range of figures cnncalc reads")
    mantissa, power = int(digits + decimals), exponent - len(decimals)
    value = _scaled(mantissa, power)
    if value <= 0 or value > 10**MAX_EXPONENT:
        raise ValueError("must be greater than 0 and at most 10³⁰")
    if not (decimals or exponent):
        return Figure(text, value, value, value + 1, unit=unit)  # a whole number is exact
    # half a unit of the last digit either side: (10 × mantissa ∓ 5) × 10^(power − 1)
    return Figure(text, value, _scaled(10 * mantissa - 5, power - 1), _scaled(10 * mantissa + 5, power - 1), exponent,
                  unit)


class _Scanner:
    """A cursor over the text; every step reads at most what it needs, so any input takes time in
    proportion to its length."""

    def __init__(self, text: str):
        self.text = text.strip()
        self.at = 0

    def done(self) -> bool:
        return self.at >= len(self.text)

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def space(self) -> None:
        while self.peek() == " ":
            self.at += 1

    def digits(self) -> str:
        start = self.at
        while self.peek().isdigit() and self.peek().isascii():
            self.at += 1
        return self.text[start:self.at]

    def number(self) -> tuple[str, str]:
        """Digits, in groups of three after commas if commas are used, then a decimal point and digits."""
        whole = self.digits()
        if whole and self.peek() == ",":
            while self.peek() == ",":
                self.at += 1
                group = self.digits()
                if len(group) != 3:
                    raise ValueError("has a comma inside a number: a comma separates thousands (4,120,000,000), "
                                     "a point the decimals (4.12)")
                whole += group
        decimals = ""
        if self.peek() == ".":
            self.at += 1
            decimals = self.digits()
        if not (whole or decimals):
            raise ValueError(NOT_A_FIGURE)
        return whole or "0", decimals

    def exponent(self) -> int:
        """`e9`, `E-3` right after the number, or `× 10^9`, `x 10⁹`, `* 10**9` after a space."""
        if self.peek() in ("e", "E") and self.at + 1 < len(self.text) and \
                (self.text[self.at + 1].isdigit() or self.text[self.at + 1] in "+-"):
            self.at += 1
            return self.signed(self.digits)
        mark = self.at
        self.space()
        if self.peek() in ("×", "x", "X", "*"):
            self.at += 1
            if self.peek() == "*":
                self.at += 1
            self.space()
            if self.text.startswith("10", self.at):
                self.at += 2
                if self.peek() in ("^", "*"):
                    self.at += 1 + (self.peek() == "*" and self.text[self.at + 1:self.at + 2] == "*")
                    return self.signed(self.digits)
                superscript = self.superscript()
                if superscript is not None:
                    return superscript
        self.at = mark
        return 0

    def signed(self, read: "Callable[[], str]") -> int:
        sign = -1 if self.peek() == "-" else 1
        if self.peek() in "+-" and self.peek():
            self.at += 1
        digits = read()
        if not digits:
            raise ValueError("has an exponent without digits: write 4.12e9")
        if len(digits) > 3:
            raise ValueError("is outside 10⁻³⁰ to 10³⁰, the range of figures cnncalc reads")
        return sign * int(digits)

    def superscript(self) -> int | None:
        start = self.at
        while self.peek() and self.peek() in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺":
            self.at += 1
        written = self.text[start:self.at].translate(_SUPERSCRIPTS)
        if not written:
            return None
        sign = -1 if written[0] == "-" else 1
        digits = written.lstrip("+-")
        if not digits.isdigit() or len(digits) > 3:
            raise ValueError("has a power of ten without digits: write 10⁹ or 10^9")
        return sign * int(digits)

    def word(self) -> str:
        start = self.at
        while self.peek().isalpha() or self.peek() == "-":
            self.at += 1
        return self.text[start:self.at]
