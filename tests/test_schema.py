"""The spec language as JSON Schema, for editors: shipped with the package, made from the layer
kinds, and holding every spec cnncalc ships or shows."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from cnncalc import loads, presets
from cnncalc.layers import KINDS
from cnncalc.schema import FILE_NAME, schema_text, spec_schema

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "cnncalc" / FILE_NAME
VALIDATOR = Draft7Validator(spec_schema())


def test_the_shipped_schema_is_the_one_made_from_the_layer_kinds(overwrite):
    if overwrite and SHIPPED.read_text(encoding="utf-8") != schema_text():
        SHIPPED.write_text(schema_text(), encoding="utf-8")
    assert SHIPPED.read_text(encoding="utf-8") == schema_text()
    Draft7Validator.check_schema(spec_schema())


def test_it_names_every_kind_and_every_setting():
    items = spec_schema()["definitions"]["item"]["anyOf"]
    named = {key: alternative["properties"][key] for alternative in items if alternative.get("required")
             for key in alternative["required"]}
    assert set(KINDS) <= set(named)
    for kind, entry in KINDS.items():
        settings = next(option for option in named[kind]["anyOf"] if option.get("type") == "object")
        assert set(entry.settings) <= set(settings["properties"]), kind


def specs_shipped_or_shown():
    files = [*(ROOT / "specs").glob("*.yaml"), *(ROOT / "cnncalc" / "presets").glob("*.yaml")]
    found = [(path.name, path.read_text(encoding="utf-8")) for path in files]
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for block in re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL):
            if "input:" in block and ("layers:" in block or "variants:" in block):
                found.append((page.name, block))
    return found


@pytest.mark.parametrize("where, text", specs_shipped_or_shown(), ids=[where for where, _ in specs_shipped_or_shown()])
def test_every_spec_cnncalc_ships_or_shows_is_valid_under_the_schema(where, text):
    errors = [f"{list(error.absolute_path)}: {error.message[:200]}" for error in VALIDATOR.iter_errors(yaml.safe_load(text))]
    assert errors == []


@pytest.mark.parametrize("layer", [
    {"conv": {"filter": 64, "kernel": 3}},  # filters, misspelt
    {"conv": {"filters": 64, "kernel": 3, "padding": "full"}},  # no such padding
    {"batchnorm": {"affine": "yes please"}},
    {"conv": {"filters": 64, "kernel": 3}, "repeat": -1},
])
def test_the_schema_flags_what_cnncalc_refuses(layer):
    assert not VALIDATOR.is_valid({"input": "8x8x3", "layers": [layer]})


def test_a_spec_may_name_its_schema():
    spec = loads(f"$schema: ./{FILE_NAME}\ninput: 8x8x3\nlayers: [relu]\n")
    assert spec.input_shape == (8, 8, 3)


def test_cnncalc_schema_prints_it(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cnncalc", "schema"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == schema_text()
    target = tmp_path / "spec.schema.json"
    subprocess.run([sys.executable, "-m", "cnncalc", "schema", "-o", str(target)], check=True)
    assert target.read_text(encoding="utf-8") == schema_text()
