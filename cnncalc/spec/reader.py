"""Validate located YAML data into spec nodes: defaults, blocks and their arguments, repeat, paths,
and every mistake reported with its place."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from cnncalc.errors import Location, SpecError
from cnncalc.layers import KINDS, REQUIRED, Shape
from cnncalc.spec.nodes import (
    GROUPS,
    JOINS,
    Block,
    Branch,
    Group,
    Join,
    Layer,
    Limits,
    Node,
    Published,
    Spec,
    Suite,
    layer_node,
    strided,
)
from cnncalc.lesson import problem as lesson_problem
from cnncalc.spec.source import YamlList, YamlMap

MAX_ERRORS = 20

# --- the reader ------------------------------------------------------------------------------

_ARG = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")
_SPEC_KEYS = ("name", "description", "input", "defaults", "blocks", "layers", "family", "published")
_SUITE_ONLY_KEYS = ("variants", "source", "lesson", "ratios")
_ITEM_KEYS = ("name", "repeat")


_LOOKS_TYPED = re.compile(r"[-+]?(\.?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.inf|\.nan)|true|false|yes|no|on|off|"
                          r"null|~", re.IGNORECASE)


SHOWN = 120  # characters of a value that an error message quotes at most
_NOTHING = object()


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str) and _LOOKS_TYPED.fullmatch(value):
        return f'"{value}" (text, in quotes)'
    return str(value)


def show(value: object, limit: int = SHOWN) -> str:
    """A value as the user wrote it in YAML, for messages: at most `limit` characters, however large
    or deep the value (it is walked without recursion, and only as far as it is shown); text that
    would read as a number or a truth value is quoted, so that "3" is not taken for 3."""
    pieces: list[str] = []
    size = 0
    stack: list[list] = []  # [iterator, closing bracket, first item still to come]
    current: object = value
    while size <= limit:
        if current is not _NOTHING:
            if isinstance(current, list):
                pieces.append("[")
                stack.append([iter(current), "]", True])
            elif isinstance(current, dict):
                pieces.append("{")
                stack.append([iter(current.items()), "}", True])
            else:
                pieces.append(_scalar(current)[:limit + 1])
            size += len(pieces[-1])
        if not stack:
            break
        frame = stack[-1]
        item = next(frame[0], _NOTHING)
        if item is _NOTHING:
            pieces.append(frame[1])
            size += 1
            stack.pop()
            current = _NOTHING
            continue
        if not frame[2]:
            pieces.append(", ")
            size += 2
        frame[2] = False
        if frame[1] == "}":
            key, item = item
            pieces.append(f"{_scalar(key)[:limit + 1]}: ")
            size += len(pieces[-1])
        current = item
    text = "".join(pieces)
    return text if size <= limit else text[:limit] + "…"


def listed(items, limit: int = 8) -> str:
    """`a, b, c`, or the first few and how many more."""
    items = list(items)
    shown = ", ".join(show(item, 40) for item in items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


def _kind_of(value: object) -> str:
    names = {list: "a list", dict: "a mapping", str: "text", int: "a number", float: "a number", bool: "true/false"}
    return next((name for type_, name in names.items() if isinstance(value, type_)), type(value).__name__)


# What users paste from frameworks and papers, normalized (lower case, no `_`, no `2d`).
_KIND_ALIASES = {
    "convolution": "conv", "conv1d": "conv", "conv3d": "conv", "separableconv": "conv", "depthwiseconv": "conv",
    "convtranspose": "conv_transpose", "deconv": "conv_transpose", "deconvolution": "conv_transpose",
    "linear": "dense", "fc": "dense", "fullyconnected": "dense", "innerproduct": "dense",
    "bn": "batchnorm", "batchnormalization": "batchnorm", "norm": "batchnorm",
    "maxpooling": "maxpool", "averagepooling": "avgpool", "avgpooling": "avgpool", "pool": "maxpool",
    "globalaveragepooling": "global_avgpool", "gap": "global_avgpool", "globalmaxpooling": "global_maxpool",
    "adaptiveavgpool": "adaptive_avgpool", "adaptivemaxpool": "adaptive_maxpool",
    "add": "residual", "shortcut": "residual", "skip": "residual", "concatenate": "concat", "cat": "concat",
    "multiply": "scale", "se": "scale", "squeezeexcitation": "scale", "sequence": "sequential", "block": "sequential",
    "localresponsenorm": "lrn", "reshape": "flatten", "hardswish": "hard_swish", "hardsigmoid": "hard_sigmoid",
    "leakyrelu": "leaky_relu",
}


# Setting names of PyTorch and Keras, and what cnncalc calls them; () where cnncalc needs none.
_SETTING_ALIASES: dict[str, tuple[str, ...]] = {
    "out_channels": ("filters",), "kernel_size": ("kernel",), "out_features": ("units",), "strides": ("stride",),
    "dilation_rate": ("dilation",), "pool_size": ("kernel",), "use_bias": ("bias",), "p": ("rate",),
    "in_channels": (), "in_features": (), "num_features": (), "input_shape": (), "input_dim": (),
}


def _suggest_kind(word: object, choices) -> str:
    normal = re.sub(r"[_\s-]|2d$|1d$|3d$", "", str(word).lower())
    alias = _KIND_ALIASES.get(normal) or _KIND_ALIASES.get(normal.replace("2d", ""))
    if alias is None:
        alias = next((choice for choice in choices if re.sub(r"[_-]", "", choice) == normal), None)
    return f"; did you mean `{alias}`?" if alias else _did_you_mean(word, choices)


def _closest(word: object, choices) -> str | None:
    import difflib  # only mistakes need it

    text = str(word)
    if len(text) > 100:  # no word that long is a misspelling, and comparing it would take long
        return None
    close = difflib.get_close_matches(text, list(choices), n=1)
    return close[0] if close else None


def _did_you_mean(word: object, choices) -> str:
    close = _closest(word, choices)
    return f"; did you mean `{close}`?" if close else ""


def parse_shape(value: object) -> Shape:
    """`28x28x192`, `28×28×192`, `[28, 28, 192]` or a bare channel count."""
    if isinstance(value, bool):
        raise ValueError("must be a shape such as 28x28x192")
    if isinstance(value, int):
        parts: list = [value]
    elif isinstance(value, str):
        parts = [part.strip() for part in re.split(r"[x×X*]", value)]
        if not all(part.isdigit() for part in parts):
            raise ValueError("must be a shape such as 28x28x192 (H x W x C, channels last)")
        parts = [int(part) for part in parts]
    elif isinstance(value, list) and value:
        parts = list(value)
    else:
        raise ValueError("must be a shape such as 28x28x192 or a list [28, 28, 192]")
    if len(parts) > 4:
        raise ValueError(f"has {len(parts)} axes; cnncalc takes up to 3 spatial axes and channels")
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, int) or part < 1:
            raise ValueError("must have whole numbers ≥ 1 on every axis")
    return tuple(parts)


class _SpecReader:
    def __init__(self, file: str, limits: Limits, layers: list[int] | None = None):
        self.file = file
        self.limits = limits
        self.problems: list[SpecError] = []
        self.blocks: dict[str, Block] = {}
        self.defaults: dict[str, object] = {}
        self.kind_defaults: dict[str, dict[str, object]] = {}
        self.rank = 0
        self.layers = layers if layers is not None else [0]  # layers read so far in the whole document
        self.expanding: list[str] = []
        self.parsed: dict[tuple, tuple] = {}
        self.resolved: dict[tuple[int, int], tuple] = {}  # (list, args) -> the list with its $args put in
        self.holds_args: dict[int, tuple] = {}  # list -> whether any `$arg` is inside it

    # errors are collected so that one run reports every independent mistake
    def fail(self, message: str, mark: tuple[int, int] | None, path: str = "") -> None:
        line, column = mark if mark else (None, None)
        self.problems.append(SpecError(message, Location(self.file, line, column, path)))
        if len(self.problems) >= MAX_ERRORS:
            raise self._collected()

    def _collected(self) -> SpecError:
        self.problems.sort(key=lambda problem: (problem.location.line or 0, problem.location.column or 0))
        first = self.problems[0]
        if len(self.problems) == 1:
            return first
        return SpecError(first.message, first.location, tuple(self.problems[1:]))

    def read(self, document: object) -> Suite:
        if not isinstance(document, dict):
            found = "empty" if document is None else _kind_of(document)
            raise SpecError(
                f"a spec is a mapping with `input` and `layers`; this file is {found}", Location(self.file, 1, 1)
            )
        if "variants" not in document:
            spec = self._read_spec(document, _SPEC_KEYS + ("source",))
            suite = Suite(spec.name, spec.description, "", spec.source, (spec,), self.file, True, self.layers[0])
        else:
            suite = self._read_variants(document)
        if self.problems:
            raise self._collected()
        return suite

    def _read_variants(self, document: dict) -> Suite:
        top = getattr(document, "mark", None)
        marks = getattr(document, "marks", {})
        self._check_keys(document, _SPEC_KEYS + _SUITE_ONLY_KEYS, "a spec", "", top, "top-level key")
        name = self._text(document, "name", self.limits.max_name)
        description, lesson, source = (self._text(document, key) for key in ("description", "lesson", "source"))
        ratios = document.get("ratios", True)
        if not isinstance(ratios, bool):
            self.fail(f"`ratios` must be true or false; received {show(ratios)}", marks.get("ratios"))
        variants = document["variants"]
        if not isinstance(variants, list) or not variants:
            self.fail("`variants` must be a list of specs, each with a `name` and what it changes", marks.get("variants"))
            return Suite(name, description, lesson, source, (), self.file)
        shared = {key: value for key, value in document.items() if key not in _SUITE_ONLY_KEYS + ("name", "description")}
        specs = []
        for index, variant in enumerate(variants, start=1):
            variant_mark = getattr(variant, "mark", None) or _item_mark(variants, index - 1, top)
            if not isinstance(variant, dict):
                self.fail(f"variant {index} must be a mapping such as {{name: ..., layers: [...]}}", variant_mark)
                continue
            if "preset" in variant:
                specs.extend(self._preset_variant(variant, variant_mark))
                continue
            merged = YamlMap({**shared, "name": f"{name} {index}", **variant})
            merged.mark = variant_mark
            merged.marks = {**marks, **getattr(variant, "marks", {})}
            merged.key_marks = {**getattr(document, "key_marks", {}), **getattr(variant, "key_marks", {})}
            reader = _SpecReader(self.file, self.limits, self.layers)
            reader.problems = self.problems
            specs.append(reader._read_spec(merged, _SPEC_KEYS + ("source",)))
        problem = lesson_problem(lesson, len(specs)) if lesson and specs else None
        if problem:
            self.fail(f"`lesson` {problem}", marks.get("lesson"))
        return Suite(name, description, lesson, source, tuple(specs), self.file, ratios is not False, self.layers[0])

    def _preset_variant(self, variant: dict, mark) -> list[Spec]:
        """A variant that is a built-in preset, by name: `{preset: alexnet, name: AlexNet}`."""
        from cnncalc import presets

        self._check_keys(variant, ("preset", "name"), "a preset variant", "", mark, "key")
        try:
            suite = presets.load(variant["preset"])
        except SpecError as error:
            self.fail(error.message, mark)
            return []
        self.layers[0] += suite.layer_count
        if self.layers[0] > self.limits.max_layers:
            self.fail(f"more than {self.limits.max_layers:,} layers (the limit; raise it with --max-layers)", mark)
            raise self._collected()
        name = self._text(variant, "name", self.limits.max_name) if "name" in variant else None
        return [spec._replace(name=name or spec.name) for spec in suite.specs]

    def _text(self, document: dict, key: str, limit: int | None = None) -> str:
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

    def _read_spec(self, document: dict, allowed: tuple[str, ...]) -> Spec:
        top = getattr(document, "mark", None)
        marks = getattr(document, "marks", {})
        misspelt = self._check_keys(document, allowed, "a spec", "", top, "top-level key")
        if "name" not in document:
            document = {**document, "name": Path(self.file).stem if self.file != "<spec>" else "spec"}
        name, family = (self._text(document, key, self.limits.max_name) for key in ("name", "family"))
        description, source = (self._text(document, key) for key in ("description", "source"))
        input_shape: Shape = (1, 1)
        if "input" not in document:
            if "input" not in misspelt:
                self.fail("a spec needs `input`, e.g. `input: 28x28x192` (H x W x C)", top)
        else:
            try:
                input_shape = parse_shape(document["input"])
            except ValueError as error:
                self.fail(f"`input` {error}; received {show(document['input'])}", marks.get("input"))
            else:
                if any(size > self.limits.max_size for size in input_shape):
                    self.fail(f"`input` has an axis larger than the limit {self.limits.max_size:,}", marks.get("input"))
        self.rank = len(input_shape) - 1
        self._read_defaults(document.get("defaults"), marks.get("defaults"))
        self._read_blocks(document.get("blocks"), marks.get("blocks"))
        layers: tuple[Node, ...] = ()
        if "layers" not in document:
            if "layers" not in misspelt:
                self.fail("a spec needs `layers`, a list of layers", top)
        else:
            layers = self._sequence(document["layers"], marks.get("layers"), "", {}, 0, "layers")
        published = self._read_published(document.get("published"), marks.get("published"))
        return Spec(name, input_shape, layers, self.file, description, source, family, published)

    def _read_published(self, raw: object, mark) -> tuple[Published, ...]:
        if raw is None:
            return ()
        keys = ("quote", "quantity", "value", "where", "means")
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.fail("`published` must be a list of {quote, quantity, value, where, means}", mark)
            return ()
        figures = []
        from cnncalc.figures import parse_figure

        for item in raw:
            where = getattr(item, "mark", mark)
            self._check_keys(item, keys, "a published figure", "", where, "key")
            texts = {key: self._text(item, key) for key in keys}
            if texts["quantity"] not in ("macs", "flops", "params"):
                self.fail("a published figure's `quantity` is macs, flops or params", where)
                continue
            try:
                parse_figure(texts["value"])
            except ValueError as error:
                self.fail(f"a published figure's `value` {error}", getattr(item, "marks", {}).get("value", where))
                continue
            figures.append(Published(**texts))
        return tuple(figures)

    def _read_defaults(self, raw: object, mark) -> None:
        if raw is None:
            return
        if not isinstance(raw, dict):
            self.fail("`defaults` must be a mapping such as {bias: false}", mark)
            return
        known_fields = {key for kind in KINDS.values() for key in kind.settings}
        for key, value in raw.items():
            where = _key_mark(raw, key, mark)
            if key in KINDS:
                if not isinstance(value, dict):
                    self.fail(f"`defaults: {key}:` must be a mapping of {key} settings", where)
                    continue
                for setting in value:
                    if setting not in KINDS[key].settings:
                        hint = _did_you_mean(setting, KINDS[key].settings)
                        self.fail(f"{key} has no setting `{setting}`{hint}", where)
                self.kind_defaults[key] = dict(value)
            elif key in known_fields:
                self.defaults[key] = value
            else:
                self.fail(f"unknown default `{key}`{_did_you_mean(key, known_fields | set(KINDS))}", where)

    def _read_blocks(self, raw: object, mark) -> None:
        if raw is None:
            return
        if not isinstance(raw, dict):
            self.fail("`blocks` must be a mapping of block name to {args, layers}", mark)
            return
        for name, body in raw.items():
            where = _key_mark(raw, name, mark)
            if not isinstance(name, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_-]*$", name) or \
                    len(name) > self.limits.max_name:
                self.fail(f"block name {show(name, 40)} must be a word (letters, digits, _ and -) of at most "
                          f"{self.limits.max_name} characters", where)
                continue
            if name in KINDS or name in JOINS or name in GROUPS:
                self.fail(f"block name `{name}` is already a layer kind; choose another", where)
                continue
            if not isinstance(body, dict) or "layers" not in body:
                self.fail(f"block `{name}` must be a mapping with `layers` (and optional `args`)", where)
                continue
            for key in body:
                if key not in ("args", "layers", "description"):
                    self.fail(f"block `{name}` has unknown key `{key}`{_did_you_mean(key, ('args', 'layers'))}", where)
            args = body.get("args") or {}
            if isinstance(args, list) and all(isinstance(arg, str) for arg in args):
                args = {arg: None for arg in args}
            if not isinstance(args, dict):
                self.fail(f"`args` of block `{name}` must be a mapping of name to default", where)
                args = {}
            for arg in args:
                if not isinstance(arg, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", arg):
                    self.fail(f"block `{name}` has an arg named {show(arg)}; arg names are words (letters, digits, _)", where)
            args = {arg: value for arg, value in args.items() if isinstance(arg, str)}
            defaults = {arg: REQUIRED if value is None else value for arg, value in args.items()}
            self.blocks[name] = Block(defaults, body["layers"], Location(self.file, *(where or (None, None))))

    # --- layers ---------------------------------------------------------------------------

    def _sequence(self, raw: object, mark, parent: str, env: dict, nesting: int, what: str) -> tuple[Node, ...]:
        if nesting > self.limits.max_nesting:
            self.fail(f"blocks and branches nested deeper than {self.limits.max_nesting} levels "
                      "(the limit; raise it with --max-nesting)", mark, parent)
            return ()
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.fail(f"`{what}` must be a list of layers", mark, parent)
            return ()
        items = []  # (kind, settings, name, mark) after repeat is unrolled
        for index, item in enumerate(raw):
            item_mark = getattr(item, "mark", None) or _item_mark(raw, index, mark)
            entry = self._split_item(item, item_mark, parent, env)
            if entry is None:
                continue
            kind, settings, name, repeat = entry
            items.extend([(kind, settings, name, item_mark)] * repeat)
        self.layers[0] += len(items)
        if self.layers[0] > self.limits.max_layers:
            self.fail(f"more than {self.limits.max_layers:,} layers (the limit; raise it with --max-layers)", mark, parent)
            raise self._collected()
        bases = [name if name is not None else kind for kind, _, name, _ in items]
        totals = Counter(bases)
        seen: Counter = Counter()
        nodes = []
        for (kind, settings, name, item_mark), base in zip(items, bases):
            seen[base] += 1
            segment = f"{base}[{seen[base]}]" if totals[base] > 1 else base
            path = f"{parent}/{segment}" if parent else segment
            node = self._node(kind, settings, name, item_mark, path, env, nesting)
            if node is not None:
                nodes.append(node)
        return tuple(nodes)

    def _split_item(self, item: object, mark, parent: str, env: dict):
        """One list item -> (kind, settings, name, repeat), or None after reporting it. Only what is
        read here is resolved: nested layers resolve their own `$args` when their turn comes."""
        if isinstance(item, str):
            item = self._resolve(item, env, mark, parent)
        if isinstance(item, str):
            kind, settings, extra = item, None, {}
        elif isinstance(item, dict) and item:
            kinds = [key for key in item if key not in _ITEM_KEYS]
            if len(kinds) != 1:
                shown = listed(item) or "nothing"
                first, *others = kinds or [None]
                hint = ""
                if others and item[first] is None and first in KINDS and all(key in KINDS[first].settings for key in others):
                    hint = f"; indent {', '.join(f'`{key}`' for key in others)} under `{first}:` to make them its settings"
                self.fail(f"a layer is one kind mapped to its settings, e.g. `conv: {{filters: 64, kernel: 3}}`; "
                          f"found keys {shown}{hint}", mark, parent)
                return None
            kind = kinds[0]
            settings = item[kind]
            extra = {key: item[key] for key in _ITEM_KEYS if key in item}
        else:
            self.fail(f"a layer is a kind name or a mapping such as `conv: {{filters: 64, kernel: 3}}`; found {show(item)}", mark, parent)
            return None
        if not isinstance(kind, str) or not (kind in KINDS or kind in JOINS or kind in GROUPS or kind in self.blocks):
            choices = [*KINDS, *JOINS, *GROUPS, *self.blocks]
            where = f"{parent}/{kind}" if parent else str(kind)
            self.fail(f"unknown layer kind `{show(kind)}`{_suggest_kind(kind, choices)}", mark, where)
            return None
        if isinstance(settings, dict):
            extra.update({key: settings[key] for key in _ITEM_KEYS if key in settings})
            original = settings
            settings = YamlMap({key: value for key, value in settings.items() if key not in _ITEM_KEYS})
            settings.mark = getattr(original, "mark", mark)
            settings.marks = getattr(original, "marks", {})
            settings.key_marks = getattr(original, "key_marks", {})
        name = self._resolve(extra.get("name"), env, mark, parent)
        if name is not None and (not isinstance(name, (str, int)) or isinstance(name, bool) or "/" in str(name)):
            self.fail("`name` must be text without `/`", mark, parent)
            name = None
        elif name is not None and len(str(name)) > self.limits.max_name:
            self.fail(f"`name` is longer than {self.limits.max_name} characters", mark, parent)
            name = None
        repeat = self._resolve(extra.get("repeat", 1), env, mark, parent)
        if isinstance(repeat, bool) or not isinstance(repeat, int) or repeat < 0:
            self.fail(f"`repeat` must be a whole number ≥ 0; received {show(repeat)}", mark, parent)
            return None
        if repeat > self.limits.max_layers:
            self.fail(f"`repeat: {repeat:,}` is past the limit of {self.limits.max_layers:,} layers "
                      "(raise it with --max-layers)", mark, parent)
            return None
        return kind, settings, None if name is None else str(name), repeat

    def _node(self, kind: str, settings, name, mark, path: str, env: dict, nesting: int) -> Node | None:
        location = Location(self.file, *mark, path) if mark else Location(self.file, path=path)
        if kind in JOINS:
            return self._join(kind, settings, name, mark, location, env, nesting)
        if kind in GROUPS:
            if isinstance(settings, dict):
                self._check_keys(settings, ("layers",), kind, path, mark)
                settings = settings.get("layers")
            nodes = self._sequence(settings, mark, path, env, nesting + 1, kind)
            return Group(kind, nodes, location, name)
        if kind in self.blocks:
            return self._block_use(kind, settings, name, mark, location, env, nesting)
        return self._layer(kind, settings, name, mark, location, env)

    def _check_keys(self, settings: dict, allowed, kind: str, path: str, mark, what: str = "setting") -> set[str]:
        """Report unknown keys; return the known keys they look like misspellings of."""
        suggested = set()
        for key in settings:
            if key not in allowed:
                where = _key_mark(settings, key, mark)
                alias = _SETTING_ALIASES.get(key) if what == "setting" else None
                if alias == ():
                    self.fail(f"{kind} has no {what} `{show(key)}`: cnncalc takes the input's size from the layer "
                              "before; leave it out", where, path)
                    continue
                if alias and alias[0] in allowed:
                    suggested.add(alias[0])
                    self.fail(f"{kind} has no {what} `{show(key)}`; cnncalc calls it `{alias[0]}`", where, path)
                    continue
                close = _closest(key, allowed)
                if close:
                    suggested.add(close)
                hint = f"; did you mean `{close}`?" if close else ""
                self.fail(f"{kind} has no {what} `{show(key)}`{hint}", where, path)
        return suggested

    def _layer(self, kind: str, settings, name, mark, location: Location, env: dict) -> Layer | None:
        """A layer node; `repeat` copies of one item, and every use of one block, parse it once."""
        memo_key = (kind, _content(settings), id(env))
        entry = self.parsed.get(memo_key)
        # the entry holds the raw objects, so their ids cannot be reused by others while it exists
        if entry is None or entry[1] is not env or (entry[0] is not settings and memo_key[1][0] == "id"):
            entry = (settings, env, self._parse_layer(kind, settings, mark, location.path, env))
            self.parsed[memo_key] = entry
        parsed = entry[2]
        return None if parsed is None else Layer(kind, parsed.settings, location, name, parsed.key)

    def _parse_layer(self, kind: str, settings, mark, path: str, env: dict) -> Layer | None:
        fields = KINDS[kind].settings
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            self.fail(f"the settings of {kind} must be a mapping such as {{key: value}}; received {show(settings)}", mark, path)
            return None
        problems_before = len(self.problems)
        misspelt = self._check_keys(settings, fields, kind, path, mark)
        values = {}
        for key, field_ in fields.items():
            where = settings.marks.get(key, mark) if isinstance(settings, YamlMap) else mark
            if key in settings:
                raw = self._resolve(settings[key], env, where, path)
            elif key in self.kind_defaults.get(kind, {}):
                raw = self.kind_defaults[kind][key]
            elif key in self.defaults:
                raw = self.defaults[key]
            elif field_.default is REQUIRED:
                if key in misspelt:
                    continue
                self.fail(f"{kind} needs `{key}`{': ' + field_.help if field_.help else ''}", mark, path)
                continue
            else:
                raw = field_.default
            if raw is None and field_.default is not REQUIRED:
                raw = field_.default  # null means the default
                if raw is None:
                    values[key] = None
                    continue
            try:
                values[key] = field_.parse(raw, self.rank)
            except ValueError as error:
                self.fail(f"`{key}` {error}; received {show(raw)}", where, path)
                continue
            if _too_large(values[key], self.limits.max_size):
                self.fail(f"`{key}` is larger than the limit {self.limits.max_size:,}", where, path)
        if len(self.problems) > problems_before:
            return None
        return layer_node(kind, values, Location(self.file, path=path))

    def _join(self, kind: str, settings, name, mark, location: Location, env: dict, nesting: int) -> Join | None:
        path = location.path
        shortcut: object = None
        if kind == "concat":
            if isinstance(settings, dict):
                self._check_keys(settings, ("branches",), kind, path, mark)
                settings = settings.get("branches")
            if not isinstance(settings, list) or not settings:
                self.fail("concat takes a list of branches, each a list of layers ([] for the input itself)", mark, path)
                return None
            branches = []
            for index, branch in enumerate(settings, start=1):
                label = f"branch[{index}]"
                branch_mark = getattr(branch, "mark", None) or _item_mark(settings, index - 1, mark)
                if not isinstance(branch, list):
                    branch = _one_item_list(branch, branch_mark)
                nodes = self._sequence(branch, branch_mark, f"{path}/{label}", env, nesting + 1, label)
                branches.append(Branch(nodes, label))
            return Join(kind, JOINS[kind], tuple(branches), location, name)
        if isinstance(settings, dict):
            allowed = ("layers", "shortcut") if kind == "residual" else ("layers",)
            self._check_keys(settings, allowed, kind, path, mark)
            shortcut = settings.get("shortcut")
            settings = settings.get("layers")
        body = Branch(self._sequence(settings, mark, path, env, nesting + 1, kind), "")
        if kind == "scale":
            return Join(kind, JOINS[kind], (Branch((), ""), body), location, name)
        shortcut = self._resolve(shortcut, env, mark, path)
        if shortcut is None or shortcut == "identity":
            return Join(kind, JOINS[kind], (body, Branch((), "shortcut")), location, name)
        if shortcut == "auto":
            auto = Branch((), "shortcut", auto=True, strided=strided(body.nodes))
            return Join(kind, JOINS[kind], (body, auto), location, name)
        nodes = self._sequence(shortcut, mark, f"{path}/shortcut", env, nesting + 1, "shortcut")
        return Join(kind, JOINS[kind], (body, Branch(nodes, "shortcut")), location, name)

    def _block_use(self, kind: str, settings, name, mark, location: Location, env: dict, nesting: int) -> Group | None:
        block = self.blocks[kind]
        path = location.path
        if kind in self.expanding:
            cycle = " → ".join([*self.expanding[self.expanding.index(kind):], kind])
            self.fail(f"block `{kind}` uses itself ({cycle})", mark, path)
            return None
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            self.fail(f"block `{kind}` takes a mapping of its args; received {show(settings)}", mark, path)
            return None
        bound = {}
        for arg, value in settings.items():
            if arg not in block.args:
                where = _key_mark(settings, arg, mark)
                known = ", ".join(block.args) or "none"
                self.fail(f"block `{kind}` has no arg `{arg}`{_did_you_mean(arg, block.args)} (its args: {known})", where, path)
                continue
            bound[arg] = self._resolve(value, env, mark, path)
        missing = [arg for arg, default in block.args.items() if arg not in bound and default is REQUIRED]
        for arg in missing:
            self.fail(f"block `{kind}` needs arg `{arg}`", mark, path)
        if missing:
            return None
        for arg, default in block.args.items():
            bound.setdefault(arg, default)
        self.expanding.append(kind)
        try:
            block_mark = (block.location.line, block.location.column) if block.location.line else None
            nodes = self._sequence(block.layers, block_mark, path, bound, nesting + 1, kind)
        finally:
            self.expanding.pop()
        return Group(kind, nodes, location, name)

    def _resolve(self, value: object, env: dict, mark, path: str) -> object:
        """Replace `$arg` by the value of the block's argument, inside lists too."""
        if isinstance(value, str):
            match = _ARG.match(value)
            if match:
                arg = match.group(1)
                if arg not in env:
                    known = ", ".join(env) or "none here"
                    self.fail(f"`${arg}` is not an arg of this block{_did_you_mean(arg, env)} (args: {known})", mark, path)
                    return None
                return env[arg]
        elif isinstance(value, list) and env and self._holds_args(value):
            key = (id(value), id(env))
            entry = self.resolved.get(key)
            if entry is None:  # the entry holds the objects, so that their ids stay theirs
                entry = self.resolved[key] = (value, env, self._resolved_list(value, env, mark, path))
            return entry[2]
        return value

    def _holds_args(self, value: list) -> bool:
        """Whether `$arg` text is anywhere inside the list: a list shared through YAML aliases and used
        by a thousand blocks is looked through once, and never copied unless it holds an arg."""
        entry = self.holds_args.get(id(value))
        if entry is None:
            found, stack = False, [value]
            while stack and not found:
                for item in stack.pop():
                    if isinstance(item, list):
                        stack.append(item)
                    elif isinstance(item, str) and _ARG.match(item):
                        found = True
                        break
            entry = self.holds_args[id(value)] = (value, found)
        return entry[1]

    def _resolved_list(self, value: list, env: dict, mark, path: str) -> YamlList:
        """A copy of the list with each `$arg` replaced, at any depth, without recursion."""
        def copy(source: list) -> YamlList:
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
                    target.append(self._resolve(item, env, mark, path) if isinstance(item, str) else item)
        return root


def _key_mark(mapping: dict, key: object, fallback):
    return mapping.key_marks.get(key, fallback) if isinstance(mapping, YamlMap) else fallback


def _item_mark(items: list, index: int, fallback):
    return items.marks[index] if isinstance(items, YamlList) else fallback


def _one_item_list(item: object, mark) -> YamlList:
    items = YamlList([item])
    items.mark, items.marks = mark, [mark]
    return items


def _content(settings: object) -> tuple:
    """A key for settings by value where they are plain (the same text written many times), else
    by identity."""
    if isinstance(settings, dict):
        try:
            key = ("value", *((name, type(value), value) for name, value in settings.items()))  # true ≠ 1 ≠ 1.0
            hash(key)
            return key
        except TypeError:
            pass
    return ("id", id(settings))


def _too_large(value: object, limit: int) -> bool:
    """Whether a parsed setting (a number, or a tuple of numbers or of pairs) passes the limit."""
    if type(value) is int:
        return value > limit
    if isinstance(value, tuple):
        for item in value:
            if (type(item) is int and item > limit) or (isinstance(item, tuple) and max(item) > limit):
                return True
    return False
