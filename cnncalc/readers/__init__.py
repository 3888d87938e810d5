"""Model files read as specs: a Keras model's config (`model.to_json()`, or a `.keras` file) and an
ONNX model. Each reader gives a spec document, which cnncalc reads as it reads a spec's YAML.
Weights' values are never read."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cnncalc.errors import Location, SpecError
from cnncalc.spec.nodes import Limits


def input_shape(shape: list[Any], name: str, args: dict[str, None]) -> str | list[object]:
    """A model's input (channels last, no batch axis) as a spec writes it: `224x224x3`, or where the
    model leaves a size open, the spec's own required args in its place (`[$height, $width, 3]`),
    given by --set height=224 --set width=224 (added to `args`)."""
    if all(isinstance(size, int) and not isinstance(size, bool) and size > 0 for size in shape):
        return "x".join(map(str, shape))
    image = len(shape) == 3 and isinstance(shape[-1], int)
    written: list[object] = []
    for axis, size in enumerate(shape):
        if isinstance(size, int) and not isinstance(size, bool) and size > 0:
            written.append(size)
            continue
        arg = ("height", "width")[axis] if image and axis < 2 else f"{name}_axis{axis + 1}".replace("/", "_")
        args[arg] = None
        written.append(f"${arg}")
    return written


def unused_name(name: str, names: set[str]) -> str:
    """`name`, or `name_2`, `name_3` ... where a layer has it already (a spec's names are unique); kept
    in `names`."""
    chosen, number = name, 1
    while chosen in names:
        number += 1
        chosen = f"{name}_{number}"
    names.add(chosen)
    return chosen


def is_model(path: str) -> bool:
    """A file cnncalc reads as a model: by its suffix (a `.json` file that is a spec is read as a spec)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return _json_is_keras(path)
    return suffix in (".keras", ".h5", ".onnx")


def _json_is_keras(path: str) -> bool:
    try:
        with open(path, "rb") as stream:
            start = stream.read(4096)
    except OSError:
        return False
    return b'"class_name"' in start and b'"config"' in start


def operator_text(kind: str) -> str:
    """A layer class or operator type as the `op` of an uncounted layer: letters, digits and _ . : > -."""
    from cnncalc.layers import OPERATOR_MARKS

    kept = "".join(character if character.isascii() and (character.isalnum() or character in OPERATOR_MARKS) else "_"
                   for character in kind)[:100]
    return kept if kept[:1].isalpha() else f"Op{kept}"[:100]


def document_of(path: str, limits: Limits = Limits()) -> dict[str, Any]:
    """The spec document of a model file; what stops it being read is a SpecError naming the file.
    Its config may be as large as a spec's text (Limits.max_bytes, which follows --max-layers)."""
    from cnncalc.readers.keras import spec_of

    if limits.unknown not in ("error", "zero"):
        raise ValueError(f"Limits.unknown is 'error' or 'zero', not {limits.unknown!r}")
    suffix = Path(path).suffix.lower()
    if suffix == ".onnx":
        return _onnx_document(path, limits)
    if suffix == ".h5":
        raise SpecError("is an HDF5 file (Keras 2's model.save); cnncalc reads a model's architecture from "
                        "model.to_json() or a .keras file", Location(path))
    import json  # here, not at the top: every spec's reading asks is_model, and only models need these

    from cnncalc.spec import read_path_text

    text = _keras_zip_config(path, limits.max_bytes) if suffix == ".keras" else read_path_text(path, limits)
    try:
        model = json.loads(text)
    except json.JSONDecodeError as error:
        raise SpecError(f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
                        Location(path)) from None
    except RecursionError:
        raise SpecError("nests its JSON too deeply to be a model's config", Location(path)) from None
    if not isinstance(model, dict):
        raise SpecError("is not a Keras model's config: it is JSON, but not an object", Location(path))
    return _guarded(lambda: spec_of(model, path, limits.unknown == "zero"), path, "a Keras model's config")


MAX_ONNX = 4 * 2**30  # bytes: ONNX's own limit for one file with its weights (protobuf's 2 GiB, twice over)


def _onnx_document(path: str, limits: Limits) -> dict[str, Any]:
    try:
        import onnx
    except ImportError:
        raise SpecError("reading an ONNX file needs the onnx package: pip install 'cnncalc[onnx]'",
                        Location(path)) from None
    from google.protobuf.message import DecodeError

    from cnncalc.readers.onnx import read_model, spec_of

    try:
        with open(path, "rb") as stream:
            start = stream.read(1)
            stream.seek(0, 2)
            size = stream.tell()
    except OSError as error:
        raise SpecError(f"cannot be read: {error.strerror or error}", Location(path)) from None
    if start in (b"{", b"["):
        raise SpecError("is JSON, not an ONNX model (a Keras config is read from a .json file)", Location(path))
    if start == b"P":
        raise SpecError("is a zip, not an ONNX model (a Keras model saved by model.save is read from a .keras file)",
                        Location(path))
    if size > MAX_ONNX:
        raise SpecError(f"is larger than {MAX_ONNX:,} bytes, more than ONNX itself writes in one file", Location(path))
    try:
        model = read_model(path, limits)  # the weights' dimensions, never their values
    except (DecodeError, ValueError, RuntimeError, OSError) as error:
        raise SpecError(f"is not an ONNX model ({error})".replace("\n", " "), Location(path)) from None
    if not model.graph.node:
        raise SpecError("is not an ONNX model: it holds no graph", Location(path))
    if len(model.graph.node) > limits.max_layers:
        raise SpecError(f"has {len(model.graph.node):,} operators, more than the {limits.max_layers:,} layers a spec "
                        "may have (--max-layers)", Location(path))
    return _guarded(lambda: spec_of(model, path, limits.unknown == "zero"), path, "an ONNX model")


DAMAGE = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, UnicodeError, RecursionError)


def _guarded(read: Callable[[], dict[str, Any]], path: str, what: str) -> dict[str, Any]:
    """What a reader makes of a file; a file damaged in a way its checks did not foresee is still one
    located line, never a traceback."""
    try:
        return read()
    except SpecError:
        raise
    except DAMAGE as error:
        raise SpecError(f"is not {what} cnncalc can read: {type(error).__name__}: {error}".replace("\n", " ")[:300],
                        Location(path)) from None


def _keras_zip_config(path: str, most: int) -> str:
    """The config.json of a .keras file (a zip), never its weights."""
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("config.json")
            if info.file_size > most:
                raise SpecError(f"holds a config.json of {info.file_size:,} bytes, more than the {most:,} a spec may "
                                "have (it follows --max-layers)", Location(path))
            with archive.open(info) as stream:
                raw = stream.read(most + 1)  # the size a zip declares is not proof
            if len(raw) > most:
                raise SpecError(f"holds a config.json of more than {most:,} bytes, the limit for a spec (it follows "
                                "--max-layers)", Location(path))
    except KeyError:
        raise SpecError("is a zip without config.json, so not a .keras file", Location(path)) from None
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError) as error:
        raise SpecError(f"is not a .keras file (a zip that Keras' model.save writes): {error}", Location(path)) from None
    except OSError as error:
        raise SpecError(f"cannot be read: {error.strerror or error}", Location(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError("holds a config.json that is not UTF-8 text", Location(path)) from None
