"""YAML text to mappings and lists that know where each value was written: the only code of
cnncalc that knows YAML."""
from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from cnncalc.errors import Location, SpecError
from cnncalc.spec.nodes import Limits

if TYPE_CHECKING:
    from typing import Protocol

    from cnncalc.spec.context import Mark

    class _Loader(Protocol):
        """What _Builder asks of PyYAML's SafeLoader or CSafeLoader, whose stubs leave most of it untyped."""

        def get_event(self) -> yaml.Event | None: ...
        def peek_event(self) -> yaml.Event | None: ...
        def check_event(self, *choices: type[yaml.Event]) -> bool: ...
        def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str: ...
        def construct_object(self, node: yaml.Node) -> object: ...

_BaseLoader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class YamlMap(dict[object, object]):
    """A mapping read from YAML, with the line and column of itself (mark), of each value (marks)
    and of each key (key_marks)."""

    __slots__ = ("mark", "marks", "key_marks")
    mark: Mark
    marks: dict[object, Mark]
    key_marks: dict[object, Mark]


class YamlList(list[object]):
    """A list read from YAML, with the line and column of itself and of each item."""

    __slots__ = ("mark", "marks")
    mark: Mark
    marks: list[Mark]


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Open:
    """A mapping or list being built from parser events."""

    __slots__ = ("value", "anchor", "size", "pending_key", "merges", "event")

    def __init__(self, value: YamlMap | YamlList, anchor: str | None, event: yaml.Event) -> None:
        self.value, self.anchor, self.size, self.event = value, anchor, 1, event
        self.pending_key: object = _NO_KEY
        self.merges: list[YamlMap] = []


_NO_KEY = object()
_MERGE_KEY = object()  # the `<<` of a YAML merge

# Untagged scalars as read in this process: (text, implicit) -> value. What a plain scalar means
# depends on its text alone, and the values are immutable (numbers, text, booleans, null, dates).
_plain_scalars: dict[tuple[str, object], object] = {}
_PLAIN_LIMIT = 10_000
_PLAIN_LENGTH = 100  # characters: longer texts are read each time, not kept


class _Builder:
    """Build YamlMap, YamlList and plain scalars straight from the parser's events: no node tree is
    kept (it was most of the memory of a large spec), nothing recurses (how deep a spec may nest is
    our limit, not the Python stack's), and values shared through aliases are counted as often as
    they are used, which refuses "billion laughs"."""

    def __init__(self, loader: _Loader, file: str, limits: Limits):
        self.loader, self.file, self.limits = loader, file, limits
        self.anchors: dict[str, tuple[object, int]] = {}
        self.open_anchors: set[str] = set()
        self.scalars: dict[tuple[str, str], object] = {}
        self.max_values = limits.max_values

    def fail(self, message: str, event: yaml.Event | None) -> SpecError:
        mark = event.start_mark if event is not None else None
        if mark is None:
            return SpecError(message, Location(self.file))
        return SpecError(message, Location(self.file, mark.line + 1, mark.column + 1))

    def scalar(self, event: yaml.ScalarEvent) -> object:
        """Scalars are immutable: `16` or `conv` met a thousand times is resolved and converted once."""
        tag = event.tag
        if tag is None:
            plain_key = (event.value, event.implicit)
            value = _plain_scalars.get(plain_key, self)
            if value is self:
                value = self._tagged(event, self.loader.resolve(yaml.ScalarNode, event.value, event.implicit))
                if len(event.value) <= _PLAIN_LENGTH:
                    if len(_plain_scalars) >= _PLAIN_LIMIT:
                        _plain_scalars.clear()
                    _plain_scalars[plain_key] = value
            return value
        if tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return self._tagged(event, tag)

    def _tagged(self, event: yaml.ScalarEvent, tag: str) -> object:
        if tag == _MERGE_TAG:
            return _MERGE_KEY
        key = (tag, event.value)
        value = self.scalars.get(key, self)
        if value is self:
            # libyaml's marks (CSafeLoader's events) serve a node as well as PyYAML's own
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,  # type: ignore[arg-type]
                                   event.style)
            try:
                value = self.loader.construct_object(node)
            except yaml.YAMLError:
                raise
            except Exception:  # a tag on a value it cannot read: `!!int four`, `!!bool maybe`
                from cnncalc.spec.messages import show

                tag_name = tag.replace("tag:yaml.org,2002:", "!!")
                raise self.fail(f"YAML tag {show(tag_name, 40)} cannot read {show(event.value, 40)}", event) from None
            self.scalars[key] = value
        return value

    def build(self) -> object:
        """The single document's value, None for an empty stream."""
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        max_depth = 4 * self.limits.max_nesting + 20  # a nesting level of the spec takes up to 4 in YAML
        stack: list[_Open] = []
        result = None
        value: object
        mark: Mark
        get_event = loader.get_event
        max_values = self.max_values
        while True:
            event = get_event()
            if event is None:  # the parser ends a stream with its own event; this is for the type checker
                raise self.fail("YAML syntax error: the text ends early", None)
            kind = type(event)
            if kind is yaml.ScalarEvent:
                value, size = self.scalar(event), 1  # type: ignore[arg-type]
                # the parser gives every event its marks; the stubs allow None, for events made by hand
                mark = (event.start_mark.line + 1, event.start_mark.column + 1)  # type: ignore[union-attr]
                if event.anchor is not None:  # type: ignore[attr-defined]
                    self.anchors[event.anchor] = (value, 1)  # type: ignore[attr-defined]
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                if done.merges:
                    self._merge(done)
                if done.anchor is not None:
                    self.open_anchors.discard(done.anchor)
                    self.anchors[done.anchor] = (done.value, done.size)
                value, size, mark = done.value, done.size, done.value.mark
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in self.open_anchors:
                    raise self.fail("a YAML alias refers to a node that contains it", event)
                if event.anchor not in self.anchors:
                    raise self.fail(f"YAML syntax error: found undefined alias {event.anchor!r}", event)
                value, size = self.anchors[event.anchor]
                mark = (event.start_mark.line + 1, event.start_mark.column + 1)  # type: ignore[union-attr]
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                is_map = isinstance(event, yaml.MappingStartEvent)
                if event.tag not in (None, "!", _MAP_TAG if is_map else _SEQ_TAG):
                    raise self.fail(f"YAML tag {event.tag} is not allowed in a spec", event)
                if len(stack) >= max_depth:
                    raise self.fail(f"the YAML is nested more than {max_depth} levels deep (the limit follows "
                                    "--max-nesting)", event)
                container: YamlMap | YamlList
                if is_map:
                    container = YamlMap()
                    container.marks, container.key_marks = {}, {}
                else:
                    container = YamlList()
                    container.marks = []
                container.mark = (event.start_mark.line + 1, event.start_mark.column + 1)  # type: ignore[union-attr]
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                stack.append(_Open(container, event.anchor, event))
                continue
            else:
                raise self.fail("YAML syntax error: unexpected content", event)
            if not stack:
                result = value
                break
            parent = stack[-1]
            parent.size += size
            if parent.size > max_values:
                raise self.too_many()
            container = parent.value
            if value is _MERGE_KEY:
                if isinstance(container, YamlMap) and parent.pending_key is _NO_KEY:
                    parent.pending_key = _MERGE_KEY
                    continue
                value = "<<"  # only a key merges
            if isinstance(container, YamlList):
                container.append(value)
                container.marks.append(mark)
            elif parent.pending_key is _NO_KEY:  # a key
                if value is not None and not isinstance(value, (str, int, float, bool)):
                    raise self.fail("a key must be plain text", event)
                if value in container:
                    raise self.fail(f"YAML syntax error: duplicate key {value!r}", event)
                parent.pending_key = value
                container.key_marks[value] = mark
            else:
                key = parent.pending_key
                parent.pending_key = _NO_KEY
                if key is _MERGE_KEY:
                    self._merge_later(parent, value, event)
                    continue
                container[key] = value
                container.marks[key] = mark
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise self.fail("YAML syntax error: a spec is one YAML document; this file holds more",
                            loader.peek_event())
        return result

    def too_many(self) -> SpecError:
        return SpecError(f"expands to more than {self.limits.max_values:,} values through YAML aliases "
                         f"(*name); the limit follows --max-layers ({self.limits.max_layers:,})", Location(self.file))

    def _merge_later(self, parent: _Open, value: object, event: yaml.Event) -> None:
        """`<<: *base` or `<<: [*a, *b]`: merged when the mapping ends, so that keys written in it win."""
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in sources):
            raise self.fail("YAML syntax error: `<<` merges mappings only", event)
        # a mapping made from a scalar (`!!map text`) is a plain dict, and empty: nothing to merge
        parent.merges.extend(source for source in sources if isinstance(source, YamlMap))

    @staticmethod
    def _merge(done: _Open) -> None:
        container = done.value
        assert isinstance(container, YamlMap)  # only a mapping's keys merge
        for source in done.merges:
            for key, value in source.items():
                if key not in container:
                    container[key] = value
                    container.marks[key] = source.marks.get(key, container.mark)
                    container.key_marks[key] = source.key_marks.get(key, container.mark)


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column:column + 1] if line < len(lines) else ""


def parse_yaml(text: str, file: str, limits: Limits) -> object:
    loader = _BaseLoader(text)
    try:
        return _Builder(loader, file, limits).build()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = error.problem or error.context or "cannot be read"
        if mark and _character_at(text, mark.line, mark.column) == "\t":
            problem += " (a tab: YAML indents with spaces)"
        raise SpecError(f"YAML syntax error: {problem}", where) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, as a NUL
        line = text.count("\n", 0, error.position)
        column = error.position - (text.rfind("\n", 0, error.position) + 1)
        character = chr(error.character) if isinstance(error.character, int) else error.character
        raise SpecError(f"YAML syntax error: character {character!r} is not allowed in YAML",
                        Location(file, line + 1, column + 1)) from None
    except yaml.YAMLError as error:
        raise SpecError(f"YAML syntax error: {str(error).splitlines()[0] if str(error) else 'cannot be read'}",
                        Location(file)) from None
    finally:
        loader.dispose()
