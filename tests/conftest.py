import io
import sys
from pathlib import Path

import pytest

from cnncalc.cli import main

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--overwrite", action="store_true", help="Rewrite the golden files from this run.")
    parser.addoption("--screenshots", metavar="DIR", default=None,
                     help="Keep the browser test's screenshots in DIR (docs/images holds those the docs show).")


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


@pytest.fixture
def run(monkeypatch, capsys):
    """Run `cnncalc ARGS` in this process, as the console script would; return (exit code, stdout, stderr)."""

    monkeypatch.delenv("COLUMNS", raising=False)  # piped output is unwrapped unless COLUMNS says otherwise
    monkeypatch.delenv("NO_COLOR", raising=False)

    def cli(*args: str, stdin: str = ""):
        monkeypatch.setattr(sys, "argv", ["cnncalc", *args])
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        code = 0
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return cli
