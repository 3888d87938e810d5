"""The spec language as JSON Schema (draft-07), made from the layer kinds and their settings
(cnncalc/layers.py), for editors: yaml-language-server (VS Code, Neovim, JetBrains) completes and
checks a spec that names it. The package ships it as spec-schema.json; `cnncalc schema` prints it."""
from __future__ import annotations

import json

from cnncalc.layers import ACCEPTS, KINDS, REQUIRED, LayerKind, Setting
from cnncalc.spec.nodes import GROUPS, JOINS

FILE_NAME = "spec-schema.json"

COMPUTED = {"$ref": "#/definitions/computed"}
ITEM_KEYS = {key: {"$ref": f"#/definitions/{key}"} for key in ("name", "repeat", "trainable", "from", "shares")}
DEFINITIONS = {
    # text that is worked out (docs/spec.md): an argument, or a number with an operator
    "computed": {"type": "string", "pattern": r"\$|[0-9].*[-+*/%(]|[-+*/%(].*[0-9]",
                 "description": "worked out: $arg, or arithmetic such as $width * 2 or floor($c * $alpha)"},
    "name": {"type": ["string", "integer"], "description": "the layer's name in its path, instead of its kind"},
    "repeat": {"anyOf": [{"type": "integer", "minimum": 0}, COMPUTED], "description": "written this many times"},
    "trainable": {"anyOf": [{"type": "boolean"}, COMPUTED],
                  "description": "false: its parameters, and those of all inside it, are frozen"},
    "from": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}],
             "description": "the input or earlier layer it reads, by name or path, instead of the one before"},
    "shares": {"type": "string", "description": "the earlier layer, block or group whose weights it uses: its "
                                                "parameters count once, its multiply-adds each time it runs"},
}


def _setting(setting: Setting) -> dict[str, object]:
    schema: dict[str, object] = {"anyOf": [ACCEPTS[setting.parse], COMPUTED, {"type": "null"}]}
    if setting.help:
        schema["description"] = setting.help
    if setting.default is not REQUIRED and setting.default is not None:
        schema["default"] = list(setting.default) if isinstance(setting.default, tuple) else setting.default
    return schema


def _kind(name: str, kind: LayerKind) -> dict[str, object]:
    settings = {"type": "object", "properties": {**{key: _setting(setting) for key, setting in kind.settings.items()},
                                                 **ITEM_KEYS},
                "additionalProperties": False}
    return {"type": "object", "description": kind.summary,
            "properties": {name: {"anyOf": [settings, {"type": "null"}]}, **ITEM_KEYS},
            "required": [name], "additionalProperties": False}


def _wrapped(name: str, keys: dict[str, object], description: str) -> dict[str, object]:
    """A join or group: its list as the value, or a mapping of its keys."""
    mapping = {"type": "object", "properties": {**keys, **ITEM_KEYS}, "additionalProperties": False}
    return {"type": "object", "description": description,
            "properties": {name: {"anyOf": [keys[next(iter(keys))], mapping]}, **ITEM_KEYS},
            "required": [name], "additionalProperties": False}


def spec_schema() -> dict[str, object]:
    layers = {"$ref": "#/definitions/layers"}
    branch = {"anyOf": [layers, {"$ref": "#/definitions/item"}]}
    known = [*KINDS, *JOINS, *GROUPS]
    items = [
        {"type": "string", "description": "a layer kind with nothing to set (relu), or a block with its defaults"},
        *(_kind(name, kind) for name, kind in KINDS.items()),
        _wrapped("residual", {"layers": layers, "shortcut": {"anyOf": [{"enum": ["identity", "auto"]}, layers, COMPUTED]}},
                 "output = layers(x) + x (the shortcut: identity, auto, or layers)"),
        _wrapped("concat", {"branches": {"type": "array", "items": branch, "minItems": 1}},
                 "branches side by side, their outputs stacked along channels"),
        _wrapped("scale", {"layers": layers}, "the input times the layers' output (a squeeze-excite gate)"),
        *({"type": "object", "description": f"{join} of the tensors `from` names",
           "properties": {join: {"anyOf": [{"type": "null"}, {"type": "object", "properties": ITEM_KEYS,
                                                             "additionalProperties": False}]}, **ITEM_KEYS},
           "required": [join], "additionalProperties": False} for join in ("add", "multiply", "concat")),
        *(_wrapped(group, {"layers": layers}, "layers under one path") for group in GROUPS),
        {"type": "object", "description": "a use of a block defined under `blocks`, mapped to its args",
         "propertyNames": {"not": {"enum": known}},
         "additionalProperties": {"anyOf": [{"type": "object"}, {"type": "null"}]}},
    ]
    text = {"type": ["string", "number"]}
    shape = {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1},
                       {"type": "array", "items": {"anyOf": [{"type": "integer", "minimum": 1}, COMPUTED]},
                        "minItems": 1, "maxItems": 4}],
             "description": "H x W x C, channels last: 28x28x192, [28, 28, 192], 100x16 or 1024"}
    args = {"anyOf": [{"type": "object"}, {"type": "array", "items": {"type": "string"}}],
            "description": "arguments and their defaults, seen as $name; ~ (null) makes one required"}
    published = {"type": "array", "items": {
        "type": "object", "required": ["quote", "quantity", "value", "where"], "additionalProperties": False,
        "properties": {"quote": text, "quantity": {"enum": ["macs", "flops", "params"]}, "value": text,
                       "where": text, "means": text, "args": {"type": "object"}}}}
    spec_keys: dict[str, object] = {
        "$schema": {"type": "string"}, "name": text, "description": text, "source": text, "family": text,
        "input": shape, "args": args,
        "inputs": {"type": "object", "additionalProperties": shape, "description": "named inputs, each read by `from`"},
        "outputs": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                    "description": "the layers whose tensors the network gives, by name"},
        "defaults": {"type": "object", "description": "settings for every kind that has them, or per kind"},
        "blocks": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["layers"], "additionalProperties": False,
            "properties": {"args": args, "layers": layers, "description": text}}},
        "layers": layers, "published": published,
        "devices": {"type": "array", "description": "devices of its own for --device, as `cnncalc devices --format json`",
                    "items": {"type": "object", "required": ["id", "peak", "bandwidth", "source"],
                              "additionalProperties": False,
                              "properties": {"id": {"type": "string"}, "name": text, "source": text, "notes": text,
                                             "bandwidth": {"type": ["number", "string"]},
                                             "peak": {"type": "object", "additionalProperties": {
                                                 "type": ["number", "string"]}}}}},
    }
    variant = {"anyOf": [
        {"type": "object", "required": ["preset"], "additionalProperties": False,
         "properties": {"preset": {"type": "string"}, "name": text, "args": {"type": "object"}}},
        {"type": "object", "properties": spec_keys, "additionalProperties": False},
    ]}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cnncalc spec",
        "description": "A network as layers, for cnncalc (docs/spec.md)",
        "type": "object",
        "properties": {**spec_keys, "variants": {"type": "array", "items": variant, "minItems": 1},
                       "lesson": text, "ratios": {"type": "boolean"}},
        "additionalProperties": False,
        "definitions": {"layers": {"type": "array", "items": {"$ref": "#/definitions/item"}},
                        "item": {"anyOf": items}, **DEFINITIONS},
    }


def schema_text() -> str:
    return json.dumps(spec_schema(), indent=1, ensure_ascii=False) + "\n"
