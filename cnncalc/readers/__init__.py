"""Model files read as specs: a Keras model's config (`model.to_json()`, or a `.keras` file). Each
reader gives a spec document, which cnncalc reads as it reads a spec's YAML, so a model's report is
exactly the report of the spec `cnncalc import` writes. Weights are never read."""
from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

from cnncalc.errors import Location, SpecError
from cnncalc.spec.nodes import Limits


def is_model(path: str) -> bool:
    """A file cnncalc reads as a model: by its suffix (a `.json` file that is a spec is read as a spec)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return _json_is_keras(path)
    return suffix in (".keras", ".h5")


def _json_is_keras(path: str) -> bool:
    try:
        with open(path, "rb") as stream:
            start = stream.read(4096)
    except OSError:
        return False
    return b'"class_name"' in start and b'"config"' in start


def document_of(path: str, limits: Limits = Limits()) -> dict[str, Any]:
    """The spec document of a model file; what stops it being read is a SpecError naming the file.
    Its config may be as large as a spec's text (Limits.max_bytes, which follows --max-layers)."""
    from cnncalc.readers.keras import spec_of

    suffix = Path(path).suffix.lower()
    if suffix == ".h5":
        raise SpecError("is an HDF5 file (Keras 2's model.save); cnncalc reads a model's architecture from "
                        "model.to_json() or a .keras file", Location(path))
    text = _keras_zip_config(path, limits.max_bytes) if suffix == ".keras" else _read(path, limits)
    try:
        model = json.loads(text)
    except json.JSONDecodeError as error:
        raise SpecError(f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
                        Location(path)) from None
    except RecursionError:
        raise SpecError("nests its JSON too deeply to be a model's config", Location(path)) from None
    if not isinstance(model, dict):
        raise SpecError("is not a Keras model's config: it is JSON, but not an object", Location(path))
    return spec_of(model, path)


def _read(path: str, limits: Limits) -> str:
    from cnncalc.spec import read_path_text

    return read_path_text(path, limits)


def _keras_zip_config(path: str, most: int) -> str:
    """The config.json of a .keras file (a zip), never its weights."""
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
