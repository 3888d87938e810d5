from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--overwrite", action="store_true", help="Rewrite the golden files from this run.")


@pytest.fixture
def overwrite(request) -> bool:
    return request.config.getoption("--overwrite")


@pytest.fixture
def write_spec(tmp_path):
    """Write YAML text to a file and return its path."""

    def write(text: str, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
