"""A block's arguments: `$arg` written in its layers, replaced by the value the block was given."""
from __future__ import annotations

import re
from functools import cache

from cnncalc.spec.context import Context, Mark
from cnncalc.spec.messages import did_you_mean
from cnncalc.spec.source import YamlList

@cache  # compiled when a spec first writes `$`
def argument() -> re.Pattern[str]:
    """`$name`: an argument of the block the text is in."""
    return re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")

Arguments = dict[str, object]  # a block's args and the values given to them; {} outside blocks


class Resolver:
    """Puts arguments in, and remembers what it did: a list shared through YAML aliases and used by a
    thousand blocks is looked through once, and never copied unless it holds an argument."""

    def __init__(self, context: Context):
        self.context = context
        self.resolved: dict[tuple[int, int], tuple[object, object, YamlList]] = {}  # (list, args) -> its copy
        self.holds_args: dict[int, tuple[object, bool]] = {}  # list -> whether any `$arg` is inside it

    def resolve(self, value: object, args: Arguments, mark: Mark, path: str) -> object:
        """The value with `$arg` replaced by the argument's value, inside lists too."""
        if isinstance(value, str):
            match = argument().match(value) if value.startswith("$") else None
            if match:
                arg = match.group(1)
                if arg not in args:
                    known = ", ".join(args) or "none here"
                    self.context.fail(f"`${arg}` is not an arg of this block{did_you_mean(arg, args)} (args: {known})",
                                      mark, path)
                    return None
                return args[arg]
        elif isinstance(value, list) and args and self._holds_args(value):
            key = (id(value), id(args))
            entry = self.resolved.get(key)
            if entry is None:  # the entry holds the objects, so that their ids stay theirs
                entry = self.resolved[key] = (value, args, self._resolved_list(value, args, mark, path))
            return entry[2]
        return value

    def _holds_args(self, value: list[object]) -> bool:
        entry = self.holds_args.get(id(value))
        if entry is None:
            found, stack = False, [value]
            while stack and not found:
                for item in stack.pop():
                    if isinstance(item, list):
                        stack.append(item)
                    elif isinstance(item, str) and item.startswith("$") and argument().match(item):
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
