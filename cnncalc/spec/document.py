"""A spec file's top level: one spec or a list of variants, its input, defaults, blocks and
published figures; its layers are read by spec/expansion.py."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cnncalc.errors import Location, SpecError
from cnncalc.layers import KINDS, REQUIRED, Shape
from cnncalc.lesson import problem as lesson_problem
from cnncalc.spec.arguments import Resolver, is_name
from cnncalc.spec.context import Context, Mark, item_mark, key_mark
from cnncalc.spec.expansion import Expander
from cnncalc.spec.messages import did_you_mean, kind_of, show
from cnncalc.spec.nodes import GROUPS, JOINS, Block, Limits, Node, Published, Spec, Suite
from cnncalc.spec.settings import Defaults, SettingsReader
from cnncalc.spec.source import YamlMap

if TYPE_CHECKING:
    from cnncalc.devices import Device
    from cnncalc.spec.expansion import Expansions

SPEC_KEYS = ("name", "description", "input", "inputs", "outputs", "args", "defaults", "blocks", "layers", "family",
             "published", "source", "devices", "$schema")  # $schema: the JSON Schema an editor checks the spec with (cnncalc schema)
SUITE_ONLY_KEYS = ("variants", "lesson", "ratios")  # and `source`, which a single spec has too


def read_suite(document: object, file: str, limits: Limits, args: Mapping[str, object] | None = None,
               expansions: Expansions | None = None) -> Suite:
    """Located YAML data (spec/source.py) or plain Python data into a checked suite of specs; every
    independent mistake is reported at once, in one SpecError. `args` gives values to the spec's
    own `args` (a spec that does not have one of them leaves it be). `expansions`, kept from one
    reading of the document to the next (with other args), saves expanding its blocks again."""
    context = Context(file, limits, args, expansions)
    if not isinstance(document, dict):
        found = "empty" if document is None else kind_of(document)
        raise SpecError(f"a spec is a mapping with `input` and `layers`; this file is {found}", Location(file, 1, 1))
    if "variants" not in document:
        spec = _read_spec(context, document)
        suite = Suite(spec.name, spec.description, "", spec.source, (spec,), file, True, context.layers_read)
    else:
        suite = _read_variants(context, document)
    if context.problems:
        raise context.collected()
    return suite


def _read_variants(context: Context, document: dict[object, object]) -> Suite:
    top = getattr(document, "mark", None)
    marks = getattr(document, "marks", {})
    context.check_keys(document, SPEC_KEYS + SUITE_ONLY_KEYS, "a spec", "", top, "top-level key")
    name = context.text(document, "name", context.limits.max_name)
    description, lesson, source = (context.text(document, key) for key in ("description", "lesson", "source"))
    ratios = document.get("ratios", True)
    if not isinstance(ratios, bool):
        context.fail(f"`ratios` must be true or false; received {show(ratios)}", marks.get("ratios"))
    variants = document["variants"]
    if not isinstance(variants, list) or not variants:
        context.fail("`variants` must be a list of specs, each with a `name` and what it changes", marks.get("variants"))
        return Suite(name, description, lesson, source, (), context.file)
    not_shared = SUITE_ONLY_KEYS + ("source", "name", "description")
    shared = {key: value for key, value in document.items() if key not in not_shared}
    specs: list[Spec] = []
    for index, variant in enumerate(variants, start=1):
        variant_mark = getattr(variant, "mark", None) or item_mark(variants, index - 1, top)
        if not isinstance(variant, dict):
            context.fail(f"variant {index} must be a mapping such as {{name: ..., layers: [...]}}", variant_mark)
            continue
        if "preset" in variant:
            specs.extend(_preset_variant(context, variant, variant_mark))
            continue
        merged = YamlMap({**shared, "name": f"{name} {index}", **variant})
        merged.mark = variant_mark
        merged.marks = {**marks, **getattr(variant, "marks", {})}
        merged.key_marks = {**getattr(document, "key_marks", {}), **getattr(variant, "key_marks", {})}
        shared_args, variant_args = shared.get("args"), variant.get("args")
        given = context.given
        if isinstance(shared_args, dict) and isinstance(variant_args, dict):
            for arg in variant_args:
                if arg not in shared_args:
                    known = [str(key) for key in shared_args]
                    context.fail(f"variant {index} gives a value to `{show(arg, 40)}`, which is not an arg of the spec"
                                 f"{did_you_mean(str(arg), known)} (args: {', '.join(known)})",
                                 key_mark(variant_args, arg, variant_mark))
            merged["args"] = _merged_mapping(shared_args, variant_args)  # a variant gives values to them
            # what a variant sets is its own: --set gives values to the args it leaves at their defaults
            context.given = {arg: value for arg, value in given.items() if arg not in variant_args}
        try:
            specs.append(_read_spec(context, merged))
        finally:
            context.given = given
    problem = lesson_problem(lesson, len(specs)) if lesson and specs else None
    if problem:
        context.fail(f"`lesson` {problem}", marks.get("lesson"))
    return Suite(name, description, lesson, source, tuple(specs), context.file, ratios is not False,
                 context.layers_read)


def _preset_variant(context: Context, variant: dict[object, object], mark: Mark) -> list[Spec]:
    """A variant that is a built-in preset, by name: `{preset: alexnet, name: AlexNet}`."""
    from cnncalc import presets

    context.check_keys(variant, ("preset", "name", "args"), "a preset variant", "", mark, "key")
    given = variant.get("args") or {}
    if not isinstance(given, dict) or not all(isinstance(key, str) for key in given):
        context.fail("a preset variant's `args` must be a mapping of the preset's args to values", mark)
        return []
    try:
        suite = presets.load(variant["preset"], given)
    except SpecError as error:
        context.fail(error.message, mark)
        return []
    unknown = [arg for arg in given if all(arg not in dict(spec.args) for spec in suite.specs)]
    for arg in unknown:
        known = sorted({key for spec in suite.specs for key, _ in spec.args})
        context.fail(f"preset `{variant['preset']}` has no arg `{show(arg, 40)}`{did_you_mean(arg, known)} "
                     f"(its args: {', '.join(known) or 'none'})", key_mark(given, arg, mark))
    if unknown:
        return []
    context.count_layers(suite.layer_count, mark)
    name = context.text(variant, "name", context.limits.max_name) if "name" in variant else None
    return [spec._replace(name=name or spec.name) for spec in suite.specs]


def _read_spec(context: Context, document: dict[object, object]) -> Spec:
    top = getattr(document, "mark", None)
    marks = getattr(document, "marks", {})
    misspelt = context.check_keys(document, SPEC_KEYS, "a spec", "", top, "top-level key")
    if "name" not in document:
        document = {**document, "name": Path(context.file).stem if context.file != "<spec>" else "spec"}
    name, family = (context.text(document, key, context.limits.max_name) for key in ("name", "family"))
    description, source = (context.text(document, key) for key in ("description", "source"))
    declared = _read_args(context, document.get("args"), marks.get("args"))
    values = {arg: context.given.get(arg, default) for arg, default in declared.items()}
    missing = [arg for arg, value in values.items() if value is REQUIRED]
    if len(missing) == 1:
        context.fail(f"the spec needs a value for its arg `{missing[0]}`: give it with --set {missing[0]}=VALUE, or "
                     "in a variant's `args`", marks.get("args"))
    elif missing:
        named = ", ".join(f"`{arg}`" for arg in missing[:-1]) + f" and `{missing[-1]}`"
        settings = " ".join(f"--set {arg}=VALUE" for arg in missing)
        context.fail(f"the spec needs values for its args {named}: give them with {settings}, or in a variant's "
                     "`args`", marks.get("args"))
    if missing:  # its layers would only repeat the same mistake
        return Spec(name, (1,), (), context.file)
    resolver = Resolver(context, values)
    reported = len(context.problems)
    if "input" in document and values:  # `input: [$resolution, $resolution, 3]`
        document = {**document, "input": resolver.resolve(document["input"], values, marks.get("input"), "")}
    inputs = _read_inputs(context, document, marks, resolver, values)
    input_shape: Shape = inputs[0][1] if inputs else (1, 1)
    if len(context.problems) > reported or inputs:
        pass  # what is wrong with the input is said already, or the inputs are named
    elif "input" not in document:
        if "input" not in misspelt:
            context.fail("a spec needs `input`, e.g. `input: 28x28x192` (H x W x C), or named `inputs`", top)
    else:
        try:
            input_shape = parse_shape(document["input"])
        except ValueError as error:
            context.fail(f"`input` {error}; received {show(document['input'])}", marks.get("input"))
        else:
            if any(size > context.limits.max_size for size in input_shape):
                context.fail(f"`input` has an axis larger than the limit {context.limits.max_size:,}", marks.get("input"))
    defaults = _read_defaults(context, document.get("defaults"), marks.get("defaults"))
    blocks = _read_blocks(context, document.get("blocks"), marks.get("blocks"))
    expander = Expander(context, resolver, SettingsReader(context, resolver, len(input_shape) - 1, defaults), blocks)
    layers: tuple[Node, ...] = ()
    if "layers" not in document:
        if "layers" not in misspelt:
            context.fail("a spec needs `layers`, a list of layers", top)
    else:
        layers = expander.sequence(document["layers"], marks.get("layers"), "", values, 0, "layers")
    published = _read_published(context, document.get("published"), marks.get("published"), declared, values)
    set_here = [f"{arg}={value}" for arg, value in values.items() if arg in context.given and value != declared[arg]]
    if set_here:
        name = f"{name} ({', '.join(set_here)})"
    outputs = document.get("outputs", [])
    outputs = [outputs] if isinstance(outputs, str) else outputs
    if not isinstance(outputs, list) or not all(isinstance(output, str) for output in outputs):
        context.fail("`outputs` names the layers (or inputs) whose tensors the network gives: a list of names",
                     marks.get("outputs"))
        outputs = []
    devices = _read_devices(context, document.get("devices"), marks.get("devices"))
    return Spec(name, input_shape, layers, context.file, description, source, family, published,
                tuple(values.items()), inputs, tuple(outputs), expander.reads_by_name or bool(inputs or outputs),
                devices)


def _read_devices(context: Context, raw: object, mark: Mark) -> tuple[Device, ...]:
    """`devices:`, the spec's own devices for --device, written as devices.yaml writes them."""
    if raw is None:
        return ()
    from cnncalc.devices import read_devices

    try:
        return tuple(read_devices(raw, context.file, builtin_ids=False).values())
    except SpecError as error:
        for problem in (error, *error.others):
            where = problem.location
            located = where is not None and where.line is not None and where.column is not None
            context.fail(problem.message, (where.line, where.column) if located else mark)  # type: ignore[arg-type,union-attr]
        return ()


def _read_inputs(context: Context, document: Mapping[object, object], marks: Mapping[object, Mark],
                 resolver: Resolver, values: dict[str, object]) -> tuple[tuple[str, Shape], ...]:
    """`inputs: {image: 224x224x3, metadata: 10}`: named inputs, read by `from:`, the first before
    the first layer."""
    raw = document.get("inputs")
    if raw is None:
        return ()
    where = marks.get("inputs")
    if "input" in document:
        context.fail("a spec has `input` or named `inputs`, not both", where)
        return ()
    if not isinstance(raw, dict) or not raw:
        context.fail("`inputs` maps each input's name to its shape: `inputs: {image: 224x224x3, metadata: 10}`",
                     where)
        return ()
    inputs = []
    for name, written in raw.items():
        place = getattr(raw, "marks", {}).get(name, where)
        if not isinstance(name, str) or "/" in name or len(name) > context.limits.max_name:
            context.fail(f"an input's name must be text without `/`; received {show(name, 40)}", place)
            continue
        try:
            shape = parse_shape(resolver.resolve(written, values, place, "") if values else written)
        except ValueError as error:
            context.fail(f"input `{name}` {error}; received {show(written)}", place)
            continue
        if any(size > context.limits.max_size for size in shape):
            context.fail(f"input `{name}` has an axis larger than the limit {context.limits.max_size:,}", place)
            continue
        inputs.append((name, shape))
    return tuple(inputs)


def _read_published(context: Context, raw: object, mark: Mark, declared: dict[str, object],
                    values: dict[str, object]) -> tuple[Published, ...]:
    """The figures that hold for the values of the spec's args: a figure's `args` says for which
    values it was published; without them, for the args' defaults."""
    if raw is None:
        return ()
    from cnncalc.figures import parse_figure  # with fractions: only for specs that quote figures

    keys = ("quote", "quantity", "value", "where", "means")
    defaults = {arg: value for arg, value in declared.items() if value is not REQUIRED}
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        context.fail("`published` must be a list of {quote, quantity, value, where, means}", mark)
        return ()
    figures = []
    for item in raw:
        where = getattr(item, "mark", mark)
        context.check_keys(item, (*keys, "args"), "a published figure", "", where, "key")
        texts = {key: context.text(item, key) for key in keys}
        for_args = item.get("args") or {}
        if not isinstance(for_args, dict) or any(arg not in declared for arg in for_args):
            context.fail(f"a published figure's `args` must give values to the spec's args "
                         f"({', '.join(declared) or 'it has none'})", where)
            continue
        if texts["quantity"] not in ("macs", "flops", "params"):
            context.fail("a published figure's `quantity` is macs, flops or params", where)
            continue
        try:
            parse_figure(texts["value"])
        except ValueError as error:
            context.fail(f"a published figure's `value` {error}", getattr(item, "marks", {}).get("value", where))
            continue
        if {**defaults, **for_args} == values:
            figures.append(Published(**texts))
    return tuple(figures)


def _read_args(context: Context, raw: object, mark: Mark) -> dict[str, object]:
    """The spec's own `args`: name -> default (REQUIRED for `~`), seen in its layers and blocks as `$name`."""
    if raw is None:
        return {}
    if isinstance(raw, list) and all(isinstance(arg, str) for arg in raw):
        raw = {arg: None for arg in raw}
    if not isinstance(raw, dict):
        context.fail("`args` must be a mapping of the spec's args to their defaults, e.g. {alpha: 1, resolution: 224}",
                     mark)
        return {}
    declared: dict[str, object] = {}
    for arg, default in raw.items():
        if not is_name(arg) or len(arg) > context.limits.max_name:
            context.fail(f"the spec has an arg named {show(arg, 40)}; arg names are words (letters, digits, _)",
                         key_mark(raw, arg, mark))
            continue
        declared[arg] = REQUIRED if default is None else default
    return declared


def _merged_mapping(base: dict[object, object], over: dict[object, object]) -> YamlMap:
    merged = YamlMap({**base, **over})
    merged.mark = getattr(over, "mark", getattr(base, "mark", None))
    merged.marks = {**getattr(base, "marks", {}), **getattr(over, "marks", {})}
    merged.key_marks = {**getattr(base, "key_marks", {}), **getattr(over, "key_marks", {})}
    return merged


def _read_defaults(context: Context, raw: object, mark: Mark) -> Defaults:
    defaults = Defaults()
    if raw is None:
        return defaults
    if not isinstance(raw, dict):
        context.fail("`defaults` must be a mapping such as {bias: false}", mark)
        return defaults
    known_settings = {key for kind in KINDS.values() for key in kind.settings}
    for key, value in raw.items():
        where = key_mark(raw, key, mark)
        if key in KINDS:
            if not isinstance(value, dict):
                context.fail(f"`defaults: {key}:` must be a mapping of {key} settings", where)
                continue
            for setting in value:
                if setting not in KINDS[key].settings:
                    hint = did_you_mean(setting, KINDS[key].settings)
                    context.fail(f"{key} has no setting `{setting}`{hint}", where)
            defaults.per_kind[key] = dict(value)
        elif key in known_settings:
            defaults.shared[key] = value
        else:
            context.fail(f"unknown default `{key}`{did_you_mean(key, known_settings | set(KINDS))}", where)
    return defaults


def _read_blocks(context: Context, raw: object, mark: Mark) -> dict[str, Block]:
    blocks: dict[str, Block] = {}
    if raw is None:
        return blocks
    if not isinstance(raw, dict):
        context.fail("`blocks` must be a mapping of block name to {args, layers}", mark)
        return blocks
    max_name = context.limits.max_name
    for name, body in raw.items():
        where = key_mark(raw, name, mark)
        if not is_name(name, hyphen=True) or len(name) > max_name:
            context.fail(f"block name {show(name, 40)} must be a word (letters, digits, _ and -) of at most "
                         f"{max_name} characters", where)
            continue
        if name in KINDS or name in JOINS or name in GROUPS:
            context.fail(f"block name `{name}` is already a layer kind; choose another", where)
            continue
        if not isinstance(body, dict) or "layers" not in body:
            context.fail(f"block `{name}` must be a mapping with `layers` (and optional `args`)", where)
            continue
        for key in body:
            if key not in ("args", "layers", "description"):
                context.fail(f"block `{name}` has unknown key `{key}`{did_you_mean(key, ('args', 'layers'))}", where)
        args = body.get("args") or {}
        if isinstance(args, list) and all(isinstance(arg, str) for arg in args):
            args = {arg: None for arg in args}
        if not isinstance(args, dict):
            context.fail(f"`args` of block `{name}` must be a mapping of name to default", where)
            args = {}
        for arg in args:
            if not is_name(arg):
                context.fail(f"block `{name}` has an arg named {show(arg)}; arg names are words (letters, digits, _)",
                             where)
        defaults = {arg: REQUIRED if value is None else value for arg, value in args.items() if isinstance(arg, str)}
        blocks[name] = Block(defaults, body["layers"], Location(context.file, *(where or (None, None))))
    return blocks


_AXIS_SEPARATORS = str.maketrans("×X*", "xxx")


def parse_shape(value: object) -> Shape:
    """`28x28x192`, `28×28×192`, `[28, 28, 192]` or a bare channel count."""
    if isinstance(value, bool):
        raise ValueError("must be a shape such as 28x28x192")
    parts: list[object]
    if isinstance(value, int):
        parts = [value]
    elif isinstance(value, str):
        texts = [part.strip() for part in value.translate(_AXIS_SEPARATORS).split("x")]
        if not all(text.isdigit() for text in texts):
            raise ValueError("must be a shape such as 28x28x192 (H x W x C, channels last)")
        parts = [int(text) for text in texts]
    elif isinstance(value, list) and value:
        parts = list(value)
    else:
        raise ValueError("must be a shape such as 28x28x192 or a list [28, 28, 192]")
    if len(parts) > 4:
        raise ValueError(f"has {len(parts)} axes; cnncalc takes up to 3 spatial axes and channels")
    sizes = []
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, int) or part < 1:
            raise ValueError("must have whole numbers ≥ 1 on every axis")
        sizes.append(part)
    return tuple(sizes)
