"""Read a YAML spec into located, validated layer nodes. Of cnncalc, only this package knows YAML
(spec/source.py); spec/document.py checks what it read (the top level; spec/expansion.py the layers,
spec/settings.py each layer's settings), spec/nodes.py holds the result."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from cnncalc._gc import collector_paused
from cnncalc.errors import Location, SpecError
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
    projection_shortcut,
    strided,
)
from cnncalc.spec.document import parse_shape, read_suite
from cnncalc.spec.messages import show
from cnncalc.spec.source import parse_yaml

if TYPE_CHECKING:
    from typing import BinaryIO

__all__ = [
    "GROUPS", "JOINS", "Block", "Given", "Branch", "Group", "Join", "Layer", "Limits", "Node", "Published", "Spec", "Suite",
    "decoded", "from_dict", "layer_node", "read_document", "read_limited", "read_path_text", "load_bytes", "load_path", "load_suite_bytes", "load_suite_path", "load_suite_text",
    "load_text", "parse_shape", "projection_shortcut", "show", "strided",
]


def read_document(text: str, file: str = "<spec>") -> object:
    """The YAML of a spec as plain located data, not yet checked: for a look at its top-level keys."""
    return parse_yaml(text, file, Limits())


Given = Optional[Mapping[str, object]]  # values for a spec's own `args` (`--set alpha=0.75`)


def load_path(path: str | Path, limits: Limits = Limits(), *, args: Given = None) -> Spec:
    """The one spec in a file (a file of variants is refused: use load_suite_path)."""
    return _single(load_suite_path(path, limits, args=args))


def load_text(text: str, file: str = "<spec>", limits: Limits = Limits(), *, args: Given = None) -> Spec:
    return _single(load_suite_text(text, file, limits, args=args))


def load_bytes(raw: bytes, file: str = "<spec>", limits: Limits = Limits(), *, args: Given = None) -> Spec:
    return _single(load_suite_bytes(raw, file, limits, args=args))


def from_dict(document: object, file: str = "<spec>", limits: Limits = Limits(), *, args: Given = None) -> Spec:
    """Validate a spec given as plain Python data (as YAML would give it)."""
    with collector_paused():
        return _single(read_suite(document, file, limits, args))


def load_suite_path(path: str | Path, limits: Limits = Limits(), *, args: Given = None) -> Suite:
    """A spec file, or a model file (a Keras model's config: cnncalc/readers) read as the spec it is."""
    from cnncalc import readers

    if readers.is_model(str(path)):
        return load_suite_document(readers.document_of(str(path), limits), str(path), limits, args=args)
    return load_suite_text(read_path_text(path, limits), str(path), limits, args=args)


def load_suite_document(document: object, file: str = "<spec>", limits: Limits = Limits(), *,
                        args: Given = None) -> Suite:
    """A spec, or a file of variants, given as plain Python data (as YAML would give it)."""
    with collector_paused():
        return read_suite(document, file, limits, args)


def read_path_text(path: str | Path, limits: Limits = Limits()) -> str:
    """A spec file's text (or any YAML file cnncalc reads), at most the limit's worth; what stops it
    being read is a SpecError naming the file."""
    file = str(path)
    try:
        with open(path, "rb") as stream:
            raw_bytes = read_limited(stream, limits, file)
    except FileNotFoundError:
        raise SpecError(f"no such file{_similar_file(Path(path))}", Location(file)) from None
    except IsADirectoryError:
        raise SpecError("is a directory, not a spec file", Location(file)) from None
    except OSError as error:
        raise SpecError(f"cannot be read: {error.strerror or error}", Location(file)) from None
    return decoded(raw_bytes, file, limits)


def decoded(raw: bytes, file: str, limits: Limits = Limits()) -> str:
    """Bytes of a spec as text: within the limit, UTF-8 (a byte-order mark allowed)."""
    if len(raw) > limits.max_bytes:
        raise SpecError(f"is larger than {limits.max_bytes:,} bytes, the limit for a spec (it follows --max-layers)",
                        Location(file))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpecError(f"is not UTF-8 text (byte {error.start} cannot be decoded)", Location(file)) from None


def read_limited(stream: BinaryIO, limits: Limits, file: str) -> bytes:
    """At most the limit's worth of bytes from a file, a device or a pipe; past it, an error."""
    raw = stream.read(limits.max_bytes + 1)
    if len(raw) > limits.max_bytes:
        raise SpecError(f"is larger than {limits.max_bytes:,} bytes, the limit for a spec (it follows --max-layers)",
                        Location(file))
    return raw


def load_suite_bytes(raw: bytes, file: str = "<spec>", limits: Limits = Limits(), *, args: Given = None) -> Suite:
    return load_suite_text(decoded(raw, file, limits), file, limits, args=args)


def load_suite_text(text: str, file: str = "<spec>", limits: Limits = Limits(), *, args: Given = None) -> Suite:
    if len(text) > limits.max_bytes:
        raise SpecError(f"is larger than {limits.max_bytes:,} characters, the limit for a spec (it follows "
                        "--max-layers)", Location(file))
    with collector_paused():
        return read_suite(parse_yaml(text, file, limits), file, limits, args)


def _similar_file(path: Path) -> str:
    """`; did you mean `specs/resnet-bottleneck.yaml`?` for a near miss beside the missing file."""
    import difflib
    from itertools import islice

    try:  # a look at the first thousand names only: a folder may be huge
        siblings = [entry.name for entry in islice(path.parent.iterdir(), 1000)] if path.parent.is_dir() else []
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, siblings, n=1, cutoff=0.8)
    return f"; did you mean `{path.parent / close[0] if str(path.parent) != '.' else close[0]}`?" if close else ""


def _single(suite: Suite) -> Spec:
    if len(suite.specs) != 1:
        raise SpecError(f"holds {len(suite.specs)} variants; load it as a suite to get them all", Location(suite.file))
    return suite.specs[0]
