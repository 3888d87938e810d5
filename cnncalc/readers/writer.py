"""A spec document written as YAML a person can read and edit: the top keys one to a line, each layer
one line in flow style (`- conv: {filters: 64, kernel: [3, 3], name: conv1}`), a `sequential` with
its layers indented under it. Reading the text again gives the same document."""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import yaml


def _flow(value: Any) -> str:
    """A value in YAML's flow style, on one line: mappings and lists put together here, each scalar as
    PyYAML writes it (quoted where it must be), once per distinct scalar."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(key)}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return _scalar(value)


@lru_cache(maxsize=4096, typed=True)  # typed: 1, 1.0 and true are three scalars
def _scalar(value: Any) -> str:
    text: str = yaml.safe_dump([value], default_flow_style=True, width=2**31, allow_unicode=True)
    return text.strip()[1:-1]  # the list around it, which keeps a plain value from ending its document


PER_AXIS = ("kernel", "stride", "dilation", "padding", "output_padding", "scale", "output_size", "by")  # one value for all


def _short(value: Any) -> Any:
    """[3, 3] as 3, [[1, 1], [1, 1]] as 1: what is the same on every axis, once."""
    if isinstance(value, list) and value and all(item == value[0] for item in value):
        first = value[0]
        if isinstance(first, list) and len(first) == 2 and first[0] == first[1]:
            return first[0]
        return first if not isinstance(first, list) else value
    return value


def _tidy(kind: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings as a person writes them: a value the same on every axis once, and none that is
    its kind's default (a pool's stride equal to its kernel, padding 0)."""
    from cnncalc.layers import KINDS

    known = KINDS[kind].settings if kind in KINDS else {}
    tidy = {}
    for key, value in settings.items():
        if key in PER_AXIS:
            value = _short(value)
        if key == "padding" and value == 0:
            value = "valid"
        default = known[key].default if key in known else None
        if key in known and value == default and isinstance(value, bool) == isinstance(default, bool):
            continue  # 1 is not true
        if key == "stride" and known.get("stride") is not None and known["stride"].default is None and \
                value == _short(settings.get("kernel")):
            continue
        tidy[key] = value
    return tidy


LISTS = {"sequential": "layers", "residual": "layers", "scale": "layers", "concat": "branches"}  # layers in block style


def _nested(kind: str, settings: Mapping[str, Any], indent: int) -> Iterator[str]:
    """A group or join with its layers under it, its name and the like beside its kind:

        - name: layer1
          sequential:
            - conv: {filters: 64, kernel: 1}
    """
    pad = " " * indent
    beside = [f"{_flow(key)}: {_flow(value)}" for key, value in settings.items() if key not in ("layers", "shortcut",
                                                                                              "branches")]
    for number, line in enumerate([*beside, f"{_flow(kind)}:"]):
        yield f"{pad}{'- ' if number == 0 else '  '}{line}\n"
    if kind == "concat":
        for branch in settings["branches"]:
            lines = list(_layers(branch, indent + 6))
            if not lines:
                yield f"{pad}    - []\n"
                continue
            lines[0] = f"{pad}    - {lines[0][indent + 6:]}"
            yield from lines
    elif "shortcut" in settings:
        for key in ("layers", "shortcut"):
            yield f"{pad}    {key}:\n"
            yield from _layers(settings[key], indent + 6)
    else:
        yield from _layers(settings["layers"], indent + 4)


def _layers(items: Sequence[Mapping[str, Any]], indent: int) -> Iterator[str]:
    pad = " " * indent
    for item in items:
        ((kind, settings),) = item.items()
        if kind in LISTS and isinstance(settings, dict) and LISTS[kind] in settings:
            yield from _nested(kind, settings, indent)
        elif settings:
            yield f"{pad}- {_flow(kind)}: {_flow(_tidy(kind, settings))}\n"
        else:
            yield f"{pad}- {_flow(kind)}\n"


def spec_text(document: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """The document as a spec file: `header` lines as comments first."""
    lines = [f"# {line}\n" for line in header]
    for key, value in document.items():
        if key == "layers":
            lines.append("layers:\n")
            lines.extend(_layers(value, 2))
        else:
            lines.append(f"{_flow(key)}: {_flow(value)}\n")
    return "".join(lines)
