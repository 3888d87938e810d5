"""The built-in presets: YAML specs shipped in this folder, read like any user's file."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cnncalc.errors import Location, SpecError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cnncalc.spec import Suite

# The presets are files of this package; a plain path (not importlib.resources, which costs a
# quarter of cnncalc's start-up) reads them from a wheel, an sdist or a checkout alike.
_FOLDER = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def names() -> tuple[str, ...]:
    return tuple(sorted(entry[:-len(".yaml")] for entry in os.listdir(_FOLDER) if entry.endswith(".yaml")))


def closest(name: str) -> str | None:
    """The preset a mistyped name most likely meant, if any is close."""
    import difflib

    close = difflib.get_close_matches(name, names(), n=1)
    return close[0] if close else None


def text(name: object) -> str:
    """The preset's YAML, as shipped: what `cnncalc preset NAME --show-spec` prints. Only the names
    `cnncalc presets` lists are presets: a name is never read as a path."""
    if name not in names():
        from cnncalc.spec import show

        shown = show(name, 60)
        close = closest(str(name)[:100])
        hint = f"; did you mean `{close}`?" if close else ""
        raise SpecError(f"no preset named `{shown}`{hint} (`cnncalc presets` lists them)", Location(shown))
    return (_FOLDER / f"{name}.yaml").read_text(encoding="utf-8")


def load(name: object, args: Mapping[str, object] | None = None) -> Suite:
    """The preset's suite of specs, loaded as `preset:NAME` so that errors say where they are, with
    `args` given to the preset's own args; read once per process and set of values (specs are
    immutable)."""
    text(name)  # an unknown name is an error before anything is cached
    given = tuple(sorted((name, type(value).__name__, value) for name, value in (args or {}).items()))  # 1 ≠ True
    try:
        return _load(name, given)
    except TypeError:  # a value that cannot be a key: read every time
        return _load.__wrapped__(name, given)


@lru_cache(maxsize=256)
def _load(name: object, given: tuple[tuple[str, str, object], ...]) -> Suite:
    from cnncalc.spec import load_suite_text

    return load_suite_text(text(name), f"preset:{name}", args={arg: value for arg, _, value in given})


def _top(name: str) -> Mapping[object, object]:
    from cnncalc.spec import read_document

    document = read_document(text(name), f"preset:{name}")
    return document if isinstance(document, dict) else {}


def summaries() -> list[tuple[str, str]]:
    """(name, one-line description) of every preset, for `cnncalc presets`."""
    return [(name, str(_top(name).get("description", ""))) for name in names()]


def family(spec_family: str) -> list[str]:
    """The presets that are variants of one network (`family: resnet50` in their YAML)."""
    if not spec_family:
        return []
    return [name for name in names() if _top(name).get("family") == spec_family]
