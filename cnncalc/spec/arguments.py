"""A block's arguments: `$arg` written in its layers, replaced by the value the block was given."""
from __future__ import annotations

from typing import TypeGuard

from cnncalc.spec.context import Context, Mark
from cnncalc.spec.messages import did_you_mean, show
from cnncalc.spec.source import YamlList


def is_name(text: object, hyphen: bool = False) -> TypeGuard[str]:
    """Whether text is a word of ASCII letters, digits and _ (and -, where `hyphen`) that starts with a
    letter or _: an arg's name, or with `hyphen` a block's."""
    if not isinstance(text, str) or not text.isascii() or not (text[:1].isalpha() or text[:1] == "_"):
        return False
    rest = text.replace("_", "")
    if hyphen:
        rest = rest.replace("-", "")
    return not rest or rest.isalnum()


def argument(text: str) -> str | None:
    """The name in `$name`, where that is the whole text (a YAML block scalar's one final newline
    aside): an argument of the block the text is in."""
    name = text[1:-1] if text.endswith("\n") else text[1:]
    return name if text[:1] == "$" and is_name(name) else None


def names_in(text: str) -> list[str]:
    """Every `$name` written in text, as in `$width * 4`."""
    names = []
    for after in text.split("$")[1:]:
        end = 0
        while end < len(after) and (after[end] == "_" or (after[end].isascii() and after[end].isalnum())):
            end += 1
        if end and not after[0].isdigit():
            names.append(after[:end])
    return names

def looks_computed(text: str) -> bool:
    """Whether text without `$` reads as arithmetic (`64 * 2`, `max(8, 4)`) rather than as a word
    or a shape (`same`, `relu6`, `28x28x192`)."""
    return any(character.isdigit() for character in text) and any(character in "+-*/%(" for character in text)


Arguments = dict[str, object]  # a block's args and the values given to them; {} outside blocks


class Resolver:
    """Puts arguments in, and remembers what it did: a list shared through YAML aliases and used by a
    thousand blocks is looked through once, and never copied unless it holds an argument."""

    def __init__(self, context: Context, spec_args: Arguments | None = None):
        self.context = context
        self.spec_args: Arguments = {} if spec_args is None else spec_args  # seen inside its blocks too
        self.resolved: dict[tuple[int, int], tuple[object, object, YamlList]] = {}  # (list, args) -> its copy
        self.holds_args: dict[int, tuple[object, bool]] = {}  # list -> whether any `$arg` is inside it
        self.arithmetic = False  # whether any value has been computed: only then can one be a fraction

    def resolve(self, value: object, args: Arguments, mark: Mark, path: str, exact: bool = False) -> object:
        """The value with `$arg` replaced by the argument's value and arithmetic done, inside lists
        too. A value that is not whole is an exact fraction where `exact` (an argument passed on to a
        block), else a float, as a setting reads it."""
        if isinstance(value, str):
            if "$" not in value:
                return value
            arg = argument(value)
            if arg is not None:
                if arg not in args:
                    self.context.fail(self.unknown(arg, args), mark, path)
                    return None
                value = args[arg]
            else:
                value = self._computed(value, args, mark, path)
            return value if exact else self.as_read(value)
        if isinstance(value, list) and args and self._holds_args(value):
            key = (id(value), id(args))
            entry = self.resolved.get(key)
            if entry is None:  # the entry holds the objects, so that their ids stay theirs
                entry = self.resolved[key] = (value, args, self._resolved_list(value, args, mark, path))
            return entry[2]
        return value

    def unknown(self, arg: str, args: Arguments) -> str:
        where = "this spec" if args is self.spec_args else "this block"
        known = ", ".join(args) or "none here"
        return f"`${arg}` is not an arg of {where}{did_you_mean(arg, args)} (args: {known})"

    def as_read(self, value: object) -> object:
        """A value as a setting reads it: a fraction that is not whole, as a float."""
        if self.arithmetic:
            from fractions import Fraction

            if isinstance(value, Fraction):
                return float(value)
        return value

    def computed(self, text: str, args: Arguments, mark: Mark, path: str) -> object:
        """Text that reads as arithmetic without naming an arg (`64 * 2`), worked out as a setting
        reads it; None after reporting what is wrong."""
        return self.as_read(self._computed(text, args, mark, path))

    def _computed(self, text: str, args: Arguments, mark: Mark, path: str) -> object:
        """`$width * 2` and the like (spec/expressions.py); None after reporting what is wrong."""
        from cnncalc.spec.expressions import ExpressionError, evaluate

        def lookup(name: str, at: int) -> object:
            if name not in args:
                raise ExpressionError(self.unknown(name, args), at)
            return args[name]

        self.arithmetic = True
        try:
            return evaluate(text, lookup)
        except ExpressionError as error:
            given = next((f"; it was given {name}={show(value, 40)} (--set, or a variant's args)"
                          for name, value in self.context.given.items() if error.message.startswith(f"`${name}` is")), "")
            self.context.fail(f"`{show(text, 60)}`: {error.message} (character {error.at}){given}", mark, path)
            return None

    def _holds_args(self, value: list[object]) -> bool:
        entry = self.holds_args.get(id(value))
        if entry is None:
            found, stack = False, [value]
            while stack and not found:
                for item in stack.pop():
                    if isinstance(item, list):
                        stack.append(item)
                    elif isinstance(item, str) and "$" in item:
                        found = True
                        break
            entry = self.holds_args[id(value)] = (value, found)
        return entry[1]

    def _resolved_list(self, value: list[object], args: Arguments, mark: Mark, path: str) -> YamlList:
        """A copy of the list with each `$arg` replaced, at any depth, without recursion."""
        def copy(source: list[object]) -> YamlList:
            target = YamlList()
            target.mark = getattr(source, "mark", mark)
            target.marks = getattr(source, "marks", [mark] * len(source))
            return target

        root = copy(value)
        stack = [(value, root)]
        while stack:
            source, target = stack.pop()
            for item in source:
                if isinstance(item, list):
                    inner = copy(item)
                    stack.append((item, inner))
                    target.append(inner)
                else:
                    target.append(self.resolve(item, args, mark, path) if isinstance(item, str) else item)
        return root
