"""A layer's settings checked against its kind's schema (cnncalc.layers), with the spec's defaults
filled in, into a Layer node."""
from __future__ import annotations

from cnncalc.errors import Location
from cnncalc.layers import KINDS, REQUIRED
from cnncalc.spec.arguments import Arguments, Resolver, looks_computed
from cnncalc.spec.context import Context, Mark
from cnncalc.spec.messages import show
from cnncalc.spec.nodes import Layer, layer_node
from cnncalc.spec.source import YamlMap


class Defaults:
    """A spec's `defaults`: for every kind that has the setting, and per kind."""

    def __init__(self, shared: dict[str, object] | None = None, per_kind: dict[str, dict[str, object]] | None = None):
        self.shared = shared or {}
        self.per_kind = per_kind or {}


# Settings parsed by any reader in this process, by everything that decides them: specs written
# one after another (a search writing variants of a design) share their layers' parsing.
SHARED_LIMIT = 100_000
shared_parsed: dict[tuple[object, ...], Layer] = {}


class SettingsReader:
    """One spec's layers: `repeat` copies of one item, and every use of one block with the same
    arguments, are parsed once; settings written by value, once in the process."""

    def __init__(self, context: Context, resolver: Resolver, rank: int, defaults: Defaults):
        self.context = context
        self.resolver = resolver
        self.rank = rank  # spatial axes of the spec's input
        self.defaults = defaults
        self.parsed: dict[tuple[object, ...], tuple[object, Arguments, Layer | None]] = {}
        self.argument_keys: dict[int, tuple[Arguments, tuple[object, ...]]] = {}
        kinds: dict[str, object] = {kind: by_value(values) for kind, values in defaults.per_kind.items()}
        per_kind = None if None in kinds.values() else by_value(kinds)
        shared = by_value(defaults.shared)
        # what decides a parse besides the layer's own settings and arguments; None: not shareable
        self.reading = None if per_kind is None or shared is None else (shared, per_kind, rank, context.limits.max_size)

    def layer(self, kind: str, settings: object, name: str | None, mark: Mark, location: Location,
              args: Arguments, trainable: bool = True) -> Layer | None:
        settings_key = _content(settings)
        # settings that name no `$arg` read the same in every use of every block
        by_identity = settings_key[0] == "id"
        args_key = self._arguments_key(args) if by_identity or _names_an_argument(settings_key) else None
        memo_key = (kind, settings_key, args_key)
        entry = self.parsed.get(memo_key)
        # the entry holds the raw objects, so their ids cannot be reused by others while it exists
        if entry is None or (by_identity and entry[0] is not settings) or \
                (args_key is not None and args_key[0] == "id" and entry[1] is not args):
            shareable = not by_identity and (args_key is None or args_key[0] == "value") and self.reading is not None
            shared_key = (memo_key, self.reading) if shareable else None
            found = shared_parsed.get(shared_key) if shared_key is not None else None
            if found is None:
                found = self._parse(kind, settings, mark, location.path, args)
                if found is not None and shared_key is not None:
                    if len(shared_parsed) >= SHARED_LIMIT:
                        shared_parsed.clear()
                    shared_parsed[shared_key] = found
            entry = (settings, args, found)
            self.parsed[memo_key] = entry
        parsed = entry[2]
        return None if parsed is None else Layer(kind, parsed.settings, location, name, parsed.key, trainable)

    def _arguments_key(self, args: Arguments) -> tuple[object, ...]:
        """A block use's arguments by value where they are plain: the uses of a block with the same
        arguments parse their layers once."""
        entry = self.argument_keys.get(id(args))
        if entry is None or entry[0] is not args:
            entry = self.argument_keys[id(args)] = (args, _content(args))
        return entry[1]

    def _parse(self, kind: str, settings: object, mark: Mark, path: str, args: Arguments) -> Layer | None:
        context = self.context
        schema = KINDS[kind].settings
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            context.fail(f"the settings of {kind} must be a mapping such as {{key: value}}; received {show(settings)}",
                         mark, path)
            return None
        problems_before = len(context.problems)
        misspelt = context.check_keys(settings, schema, kind, path, mark)
        kind_defaults = self.defaults.per_kind.get(kind, {})
        values: dict[str, object] = {}
        for key, setting in schema.items():
            where = settings.marks.get(key, mark) if isinstance(settings, YamlMap) else mark
            if key in settings:
                reported = len(context.problems)
                raw = self.resolver.resolve(settings[key], args, where, path)
                if isinstance(raw, str) and "$" not in raw and looks_computed(raw):  # `filters: 64 * 2`
                    raw = self.resolver.computed(raw, args, where, path)
                if len(context.problems) > reported:  # what is wrong with it is said already
                    continue
            elif key in kind_defaults:
                raw = kind_defaults[key]
            elif key in self.defaults.shared:
                raw = self.defaults.shared[key]
            elif setting.default is REQUIRED:
                if key in misspelt:
                    continue
                context.fail(f"{kind} needs `{key}`{': ' + setting.help if setting.help else ''}", mark, path)
                continue
            else:
                raw = setting.default
            if raw is None and setting.default is not REQUIRED:
                raw = setting.default  # null means the default
                if raw is None:
                    values[key] = None
                    continue
            try:
                values[key] = setting.parse(raw, self.rank)
            except ValueError as error:
                written = settings.get(key)
                if isinstance(written, str) and written != raw and ("$" in written or looks_computed(written)):
                    shown = f"{raw:g}" if isinstance(raw, float) else show(raw)
                    hint = " (`//` rounds down)" if isinstance(raw, float) and "/" in written else ""
                    context.fail(f"`{key}` {error}; `{show(written, 60)}` gives {shown}{hint}", where, path)
                else:
                    context.fail(f"`{key}` {error}; received {show(raw)}", where, path)
                continue
            if _too_large(values[key], context.limits.max_size):
                context.fail(f"`{key}` is larger than the limit {context.limits.max_size:,}", where, path)
        if len(context.problems) > problems_before:
            return None
        return layer_node(kind, values, Location(context.file, path=path))


def _content(settings: object) -> tuple[object, ...]:
    """A key for settings by value where they are plain (the same text written many times), else
    by identity."""
    if settings is None:  # a kind written alone: `relu`
        return ("value",)
    if isinstance(settings, dict):
        try:
            key = ("value", *((name, type(value), value) for name, value in settings.items()))  # true ≠ 1 ≠ 1.0
            hash(key)
            return key
        except TypeError:
            pass
    return ("id", id(settings))


def by_value(values: dict[str, object]) -> tuple[object, ...] | None:
    """Values as one hashable key, where every value is plain; None where one is not."""
    key = _content(values)
    return key if key[0] == "value" else None


def _names_an_argument(settings_key: tuple[object, ...]) -> bool:
    """Whether settings read by value (`_content`) write `$arg` anywhere."""
    return any(isinstance(item, tuple) and isinstance(item[2], str) and "$" in item[2]
               for item in settings_key[1:])


def _too_large(value: object, limit: int) -> bool:
    """Whether a parsed setting (a number, or a tuple of numbers or of pairs) passes the limit."""
    if type(value) is int:
        return value > limit
    if isinstance(value, tuple):
        for item in value:
            if (type(item) is int and item > limit) or (isinstance(item, tuple) and max(item) > limit):
                return True
    return False
