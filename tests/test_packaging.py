"""What a package index and a packager see: the declared bounds are the tested ones, the version is
written once, and the licence and type marker ship with the code."""
import re
import sysconfig
from importlib import metadata

import pytest

import cnncalc
from tests.conftest import ROOT


def declared_lower_bounds() -> dict[str, str]:
    """name -> lowest allowed version, from pyproject.toml's dependencies and extras."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    code = "\n".join(line.split("#")[0] for line in text.splitlines())
    bounds = {name.lower(): version for name, version in re.findall(r'"([A-Za-z0-9_.-]+)>=([0-9.]+)', code)}
    bounds.pop("setuptools")  # the build backend, not installed with cnncalc
    return bounds


def test_ci_pins_exactly_the_lowest_versions_pyproject_allows():
    pinned = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([0-9.]+)$", (ROOT / ".ci" / "lowest.txt").read_text(),
                             re.MULTILINE))
    declared = declared_lower_bounds()
    assert {"typer", "rich", "pyyaml", "pytest", "hypothesis"} <= set(declared)
    def release(version: str) -> tuple[int, ...]:
        numbers = [int(part) for part in version.split(".")]
        while numbers and numbers[-1] == 0:
            numbers.pop()
        return tuple(numbers)

    assert {name.lower(): release(version) for name, version in pinned.items()} == \
        {name: release(version) for name, version in declared.items()}


def test_every_upper_cap_has_its_reason_beside_it():
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.search(r'"[A-Za-z0-9_.-]+[^"]*<[0-9]', line):
            comments = [earlier for earlier in lines[max(0, index - 4):index] if earlier.strip().startswith("#")]
            assert comments, f"an upper cap without a reason: {line.strip()}"


def installed():
    """cnncalc as installed in this environment's site-packages (not the egg-info a build leaves in
    the checkout)."""
    found = list(metadata.distributions(name="cnncalc", path=[sysconfig.get_paths()["purelib"]]))
    if not found:
        pytest.skip("cnncalc is not installed in this environment")
    return found[0]


def test_the_version_is_written_once():
    assert installed().version == cnncalc.__version__
    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_licence_and_the_type_marker_ship_with_the_package():
    files = {str(path).replace("\\", "/") for path in installed().files or ()}
    if not any(path.endswith("cnncalc/cli.py") for path in files):
        pytest.skip("an editable install: the wheel's files are not listed")
    assert any(path.endswith("/LICENSE") for path in files)
    assert "cnncalc/py.typed" in files
    assert {f"cnncalc/presets/{path.name}" for path in (ROOT / "cnncalc" / "presets").glob("*.yaml")} <= files
    assert {"cnncalc/render/page.css", "cnncalc/render/page.js"} <= files


def test_every_module_of_the_checkout_is_installed():
    """A package left out of pyproject.toml's list installs without its modules (the readers once did)."""
    files = {str(path).replace("\\", "/") for path in installed().files or ()}
    if not any(path.endswith("cnncalc/cli.py") for path in files):
        pytest.skip("an editable install: the wheel's files are not listed")
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "cnncalc").rglob("*.py")}
    assert modules - files == set()


def test_every_package_is_in_pyproject_s_list():
    """What the test above checks after an install, checked in the checkout, where the tests run."""
    listed = set(re.search(r'^packages = \[(.*)\]$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
                           re.MULTILINE)[1].replace('"', "").replace(" ", "").split(","))
    packages = {path.parent.relative_to(ROOT).as_posix().replace("/", ".") for path in (ROOT / "cnncalc").rglob("__init__.py")}
    assert packages == listed
