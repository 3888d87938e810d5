"""What the reading of one spec file shares: its name, its limits, the mistakes found so far (one
run reports every independent mistake) and the layers read so far (the limit spans every variant)."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Optional

from cnncalc.errors import Location, SpecError
from cnncalc.spec.messages import SETTING_ALIASES, SETTING_HINTS, closest, show
from cnncalc.spec.nodes import Limits
from cnncalc.spec.source import YamlList, YamlMap

if TYPE_CHECKING:
    from cnncalc.spec.expansion import Expansions

Mark = Optional[tuple[int, int]]  # line and column, where known
MAX_ERRORS = 20


class Context:
    def __init__(self, file: str, limits: Limits, given: Mapping[str, object] | None = None,
                 expansions: Expansions | None = None):
        self.file = file
        self.expansions = expansions  # blocks expanded in earlier readings of the same document, for reuse
        self.limits = limits
        self.given: Mapping[str, object] = given or {}  # values for the spec's `args`, from its reader
        self.problems: list[SpecError] = []
        self.layers_read = 0

    def fail(self, message: str, mark: Mark, path: str = "") -> None:
        line, column = mark if mark else (None, None)
        self.problems.append(SpecError(message, Location(self.file, line, column, path)))
        if len(self.problems) >= MAX_ERRORS:
            raise self.collected()

    def collected(self) -> SpecError:
        """The mistakes found, as one error: the first in the file, carrying the others. The same
        mistake met at several places (a bad value given once and used many times) is said once."""
        self.problems.sort(key=_place)
        seen: dict[str, int] = {}
        for problem in self.problems:
            seen[problem.message] = seen.get(problem.message, 0) + 1
        kept = []
        for problem in self.problems:
            times = seen.pop(problem.message, 0)
            if times > 1:
                problem = SpecError(f"{problem.message} (and at {times - 1} more place{'s' if times > 2 else ''})",
                                    problem.location)
            if times:
                kept.append(problem)
        self.problems = kept
        first = self.problems[0]
        if len(self.problems) == 1:
            return first
        return SpecError(first.message, first.location, tuple(self.problems[1:]))

    def count_layers(self, count: int, mark: Mark, path: str = "") -> None:
        """Add layers to those read; past the limit, reading stops here."""
        self.layers_read += count
        if self.layers_read > self.limits.max_layers:
            self.fail(f"more than {self.limits.max_layers:,} layers (the limit; raise it with --max-layers)", mark, path)
            raise self.collected()

    def check_keys(self, settings: Mapping[object, object], allowed: Collection[str], kind: str, path: str, mark: Mark,
                   what: str = "setting") -> set[str]:
        """Report unknown keys; return the known keys they look like misspellings of."""
        suggested = set()
        for key in settings:
            if key in allowed:
                continue
            where = key_mark(settings, key, mark)
            meaning = SETTING_HINTS.get((kind, key)) if isinstance(key, str) else None
            if meaning:
                self.fail(f"{kind} has no {what} `{show(key)}`: {meaning}", where, path)
                continue
            alias = SETTING_ALIASES.get(key) if what == "setting" and isinstance(key, str) else None
            if alias == ():
                self.fail(f"{kind} has no {what} `{show(key)}`: cnncalc takes the input's size from the layer "
                          "before; leave it out", where, path)
                continue
            if alias and alias[0] in allowed:
                suggested.add(alias[0])
                self.fail(f"{kind} has no {what} `{show(key)}`; cnncalc calls it `{alias[0]}`", where, path)
                continue
            close = closest(key, allowed)
            if close:
                suggested.add(close)
            hint = f"; did you mean `{close}`?" if close else ""
            self.fail(f"{kind} has no {what} `{show(key)}`{hint}", where, path)
        return suggested

    def text(self, document: Mapping[object, object], key: str, limit: int | None = None) -> str:
        """A text value of a spec (a name, a description), or "" after reporting what is wrong with it."""
        value = document.get(key, "")
        where = getattr(document, "marks", {}).get(key)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(f"`{key}` must be text", where)
            return ""
        text = str(value)
        limit = limit or self.limits.max_text
        if len(text) > limit:
            self.fail(f"`{key}` is longer than {limit:,} characters", where)
            return text[:limit]
        return text


def _place(problem: SpecError) -> tuple[int, int]:
    """Where a problem is, to sort by: its line, then its column (0 where not known)."""
    location = problem.location or Location()
    return location.line or 0, location.column or 0


def key_mark(mapping: Mapping[object, object], key: object, fallback: Mark) -> Mark:
    return mapping.key_marks.get(key, fallback) if isinstance(mapping, YamlMap) else fallback


def item_mark(items: list[object], index: int, fallback: Mark) -> Mark:
    return items.marks[index] if isinstance(items, YamlList) else fallback


def one_item_list(item: object, mark: Mark) -> YamlList:
    items = YamlList([item])
    items.mark, items.marks = mark, [mark]
    return items
