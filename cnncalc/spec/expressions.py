"""Arithmetic in a spec: `$width * 2`, `$c // 4`, `make_divisible($c * $alpha, 8)`.

A small language read by hand, never by Python's eval: numbers, `$arg`, + - * / // %, brackets
and six functions. Values are exact fractions, so `64 * 0.75` is 48 and `$c / 3` stays a third
until a setting that needs a whole number says it is not one."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from fractions import Fraction
from functools import cache

from cnncalc.spec.messages import kind_of

MAX_LENGTH = 200  # characters of one expression
MAX_BRACKETS = 20  # brackets and calls nested in one expression
MAX_DIGITS = 40  # digits of any value met on the way, whole part or denominator


class ExpressionError(ValueError):
    """What is wrong, and at which character (1-based) of the expression."""

    def __init__(self, message: str, at: int):
        super().__init__(message)
        self.message, self.at = message, at


@cache  # compiled when a spec first writes arithmetic
def _token() -> re.Pattern[str]:
    return re.compile(r"\s*(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|\$(?P<arg>[A-Za-z_][A-Za-z0-9_]*)|"
                      r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<operator>//|[-+*/%(),]))")


def make_divisible(value: Fraction, divisor: Fraction, minimum: Fraction | None = None) -> Fraction:
    """A channel count rounded to a multiple of `divisor`, never below `minimum` (the divisor) nor
    more than 10 % below the value: `_make_divisible` of TensorFlow's MobileNet code, as
    torchvision's MobileNet-v2/v3 and EfficientNet round their widths."""
    if divisor <= 0:
        raise ValueError("make_divisible needs a divisor above 0")
    floor_to = divisor if minimum is None else minimum
    rounded = max(floor_to, math.trunc(value + divisor / 2) // divisor * divisor)
    if rounded < Fraction(9, 10) * value:
        rounded += divisor
    return Fraction(rounded)


def _round(value: Fraction) -> Fraction:
    return Fraction(round(value))  # halves to even, as Python's round: round(2.5) is 2


FUNCTIONS: dict[str, tuple[Callable[..., Fraction], int, int]] = {  # name -> (function, least, most arguments)
    "make_divisible": (make_divisible, 2, 3),
    "round": (_round, 1, 1),
    "ceil": (lambda value: Fraction(math.ceil(value)), 1, 1),
    "floor": (lambda value: Fraction(math.floor(value)), 1, 1),
    "min": (min, 2, 20),
    "max": (max, 2, 20),
}


def number(value: object) -> Fraction | None:
    """An argument's value as an exact number; None if it is not a number. A decimal is taken as
    written (0.1 is a tenth, not the float nearest it)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Fraction):
        return value
    return None


def evaluate(text: str, lookup: Callable[[str, int], object]) -> int | Fraction:
    """The value of `text`: an int where it is whole, else an exact Fraction. `lookup(name, at)`
    gives an argument's value, or raises ExpressionError. Raises ExpressionError."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"is longer than {MAX_LENGTH} characters", 1)
    value = _Parser(text, lookup).whole_expression()
    return value.numerator if value.denominator == 1 else value


class _Parser:
    def __init__(self, text: str, lookup: Callable[[str, int], object]):
        self.text, self.lookup = text, lookup
        self.tokens: list[tuple[str, str, int]] = []  # (kind, text, 1-based position)
        position = 0
        while position < len(text):
            match = _token().match(text, position)
            if match is None or match.end() == position:
                if text[position:].strip() == "":
                    break
                shown = text[position:].lstrip()[:1]
                raise ExpressionError(f"cannot read `{shown}`", len(text) - len(text[position:].lstrip()) + 1)
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind), match.start(kind) + (0 if kind == "arg" else 1)))  # `$` of an arg
            position = match.end()
        self.index = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", "", len(self.text) + 1)

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        self.index += 1
        return token

    def whole_expression(self) -> Fraction:
        value = self.sum()
        kind, text, at = self.peek()
        if kind != "end":
            raise ExpressionError(f"`{text}` where an operator or the end was expected", at)
        return value

    def sum(self) -> Fraction:
        value = self.product()
        while self.peek()[1] in ("+", "-") and self.peek()[0] == "operator":
            _, operator, at = self.take()
            right = self.product()
            value = _bounded(value + right if operator == "+" else value - right, at)
        return value

    def product(self) -> Fraction:
        value = self.unary()
        while self.peek()[0] == "operator" and self.peek()[1] in ("*", "/", "//", "%"):
            _, operator, at = self.take()
            right = self.unary()
            if operator != "*" and right == 0:
                raise ExpressionError(f"`{operator}` by zero", at)
            if operator == "*":
                value = value * right
            elif operator == "/":
                value = value / right
            elif operator == "//":
                value = Fraction(value // right)
            else:
                value = value % right
            value = _bounded(value, at)
        return value

    def unary(self) -> Fraction:
        kind, text, at = self.peek()
        if kind == "operator" and text in ("-", "+"):
            self.take()
            value = self.unary()
            return -value if text == "-" else value
        return self.atom()

    def atom(self) -> Fraction:
        kind, text, at = self.take()
        if kind == "number":
            return _bounded(Fraction(text), at)
        if kind == "arg":
            value = self.lookup(text, at)
            found = number(value)
            if found is None:
                kind = f"{value}, not a finite number" if isinstance(value, float) else f"{kind_of(value)}, not a number"
                raise ExpressionError(f"`${text}` is {kind}", at)
            return _bounded(found, at)
        if kind == "operator" and text == "(":
            self.enter(at)
            value = self.sum()
            self.expect(")", "to close the bracket at character " + str(at))
            self.depth -= 1
            return value
        if kind == "name":
            return self.call(text, at)
        if kind == "end":
            raise ExpressionError("ends early: a number, `$arg` or `(` is missing", at)
        raise ExpressionError(f"`{text}` where a number, `$arg` or `(` was expected", at)

    def call(self, name: str, at: int) -> Fraction:
        if name not in FUNCTIONS:
            import difflib

            close = difflib.get_close_matches(name, list(FUNCTIONS), n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"an argument is written `${name}`"
            raise ExpressionError(f"`{name}` is not a function here (functions: {', '.join(FUNCTIONS)}); {hint}", at)
        function, least, most = FUNCTIONS[name]
        self.expect("(", f"after `{name}`")
        self.enter(at)
        values = [self.sum()]
        while self.peek()[1] == "," and self.peek()[0] == "operator":
            self.take()
            values.append(self.sum())
        self.expect(")", f"to close `{name}(`" + ("; YAML ends a value at a comma inside {...}: put the expression in "
                                                    "quotes" if self.peek()[0] == "end" else ""))
        self.depth -= 1
        if not least <= len(values) <= most:
            wanted = f"{least} value{'s' if least > 1 else ''}" if least == most else f"{least} to {most} values"
            raise ExpressionError(f"`{name}` takes {wanted}; it was given {len(values)}", at)
        try:
            return _bounded(Fraction(function(*values)), at)
        except ValueError as error:
            raise ExpressionError(str(error), at) from None

    def enter(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_BRACKETS:
            raise ExpressionError(f"nests brackets more than {MAX_BRACKETS} deep", at)

    def expect(self, text: str, why: str) -> None:
        kind, found, at = self.take()
        if kind != "operator" or found != text:
            shown = "the end" if kind == "end" else f"`{found}`"
            raise ExpressionError(f"`{text}` is missing {why}; found {shown}", at)


def _bounded(value: Fraction, at: int) -> Fraction:
    limit = 10**MAX_DIGITS
    if abs(value.numerator) >= limit * value.denominator or value.denominator >= limit:
        raise ExpressionError(f"reaches a value past {MAX_DIGITS} digits", at)
    return value

