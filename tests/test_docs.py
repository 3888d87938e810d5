"""Every ```console block in README.md and docs/ is a real run: each `$ command` is run again and
its output must match what the page shows. `pytest --overwrite` rewrites the pages from new runs."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def examples(page: Path):
    """(command, shown output) for every `$ ` line of the page's console blocks."""
    found = []
    for block in BLOCK.findall(page.read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


def run(command: str) -> str:
    bin_dir = str(Path(sys.executable).parent)
    env = {key: value for key, value in os.environ.items() if key not in ("LINES", "FORCE_COLOR")}
    # the pages show what an 80-column terminal shows (README.md says so)
    env.update(COLUMNS="80", NO_COLOR="1", PATH=bin_dir + os.pathsep + env.get("PATH", ""))
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    return result.stdout + result.stderr


CASES = [(page, command, output) for page in PAGES for command, output in examples(page)]


@pytest.mark.parametrize("page, command, shown", CASES,
                         ids=[f"{page.name}: {command[:60]}" for page, command, _ in CASES])
def test_console_example_is_a_real_run(page, command, shown, overwrite):
    if "| jq" in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    if not shutil.which("cnncalc", path=str(Path(sys.executable).parent)):
        pytest.skip("the cnncalc script is not installed beside this interpreter")
    actual = run(command)
    if overwrite and actual != shown:
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(f"$ {command}\n{shown}", f"$ {command}\n{actual}", 1), encoding="utf-8")
        return
    assert actual == shown


MERMAID = re.compile(r"<!-- \$ (cnncalc [^>]*?) -->\n```mermaid\n(.*?)```", re.DOTALL)
DIAGRAMS = [(page, command, shown) for page in PAGES
            for command, shown in MERMAID.findall(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page, command, shown", DIAGRAMS, ids=[f"{page.name}: {command}" for page, command, _ in DIAGRAMS])
def test_each_diagram_is_what_the_command_draws(page, command, shown, overwrite):
    if not shutil.which("cnncalc", path=str(Path(sys.executable).parent)):
        pytest.skip("the cnncalc script is not installed beside this interpreter")
    actual = run(command)
    if overwrite and actual != shown:
        text = page.read_text(encoding="utf-8")
        marker = f"<!-- $ {command} -->\n```mermaid\n"
        page.write_text(text.replace(f"{marker}{shown}```", f"{marker}{actual}```", 1), encoding="utf-8")
        return
    assert actual == shown


def test_the_readme_opens_with_the_two_commands_ci_runs():
    commands = [line[2:] for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("$ ")][:2]
    assert commands[0].endswith("cnncalc preset inception-3a") and "pip install ." in commands[0]
    assert "pip install '.[test]'" in commands[1] and commands[1].endswith("pytest")
    assert "sed -n 's/^\\$ //p'" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_spec_docs_name_every_layer_kind_and_setting():
    from cnncalc.layers import KINDS

    text = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
    for kind, entry in KINDS.items():
        assert f"`{kind}`" in text, kind
        for setting in entry.settings:
            assert f"`{setting}`" in text, (kind, setting)


YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)
SPEC_EXAMPLES = [(page, block) for page in PAGES for block in YAML_BLOCK.findall(page.read_text(encoding="utf-8"))
                 if "input:" in block and ("layers:" in block or "variants:" in block)]


@pytest.mark.parametrize("page, block", SPEC_EXAMPLES, ids=[f"{page.name}: {block.split(chr(10))[0]}" for page, block in SPEC_EXAMPLES])
def test_every_full_spec_in_the_docs_is_valid(page, block):
    from cnncalc import analyze
    from cnncalc.spec import load_suite_text

    for spec in load_suite_text(block, page.name).specs:
        assert analyze(spec).layers


def test_every_json_key_is_documented(run):
    """docs/json.md names every key the JSON output can hold."""
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    documents = [json.loads(run(*args)[1]) for args in (
        ("preset", "resnet50", "--json", "--convention", "fvcore", "--depth", "2"),
        ("preset", "inception-3a", "--json", "--by-layer"),
        ("conventions", "resnet50", "--match", "4.12G", "--json"),
        ("preset", "resnet50", "--json", "--device", "t4", "--depth", "1"),
        ("sweep", "mobilenet_v1", "--set", "alpha=1,0.5", "--set", "resolution=224,0", "--pareto", "--where",
         "macs > 0", "--sort", "macs", "--json"),
    )]

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                if key not in ("formula", "by_kind", "args", "peak"):  # their keys are data: labels, kinds, args, dtypes
                    yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    missing = {key for document in documents for key in keys(document) if f"`{key}`" not in text}
    assert not missing


PYTHON_EXAMPLES = [(page, block) for page in PAGES
                   for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)]


@pytest.mark.parametrize("page, block", PYTHON_EXAMPLES, ids=[page.name for page, _ in PYTHON_EXAMPLES])
def test_each_python_example_prints_what_its_comment_says(page, block, monkeypatch, capsys):
    expected = block.split("# ")[-1].strip()
    monkeypatch.chdir(ROOT)
    exec(compile(block, page.name, "exec"), {"__name__": "__main__"})  # each block is a script
    assert capsys.readouterr().out.strip() == expected


def test_what_users_read_cites_sources_not_the_projects_own_words():
    # the 1×1 lessons are cited by author, title and year; "seed" is a word of the project's, not the reader's
    readable = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "cnncalc").rglob("*.py"),
                *(ROOT / "cnncalc").rglob("*.yaml")]
    found = [f"{path.relative_to(ROOT)}:{number}" for path in readable
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"\bseeds?\b", line, re.IGNORECASE)]
    assert not found


PYCON_BLOCK = re.compile(r"```pycon\n(.*?)```", re.DOTALL)
PYCON_PAGES = [page for page in PAGES if PYCON_BLOCK.search(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", PYCON_PAGES, ids=[page.name for page in PYCON_PAGES])
def test_python_examples_are_real_runs(page, monkeypatch):
    """Every ```pycon block runs as a doctest, in order, sharing one namespace per page: what it
    shows is what the library returns."""
    import doctest

    monkeypatch.chdir(ROOT)
    text = page.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    namespace: dict = {}
    for match in PYCON_BLOCK.finditer(text):
        line = text[:match.start()].count("\n") + 1
        test = parser.get_doctest(match.group(1), namespace, f"{page.name}:{line}", str(page), line)
        runner.run(test, clear_globs=False)
        namespace = test.globs  # the next block sees what this one defined
    assert runner.summarize(verbose=False).failed == 0, "a Python example's output differs (see above)"


def test_python_examples_exist():
    assert any(page.name == "api.md" for page in PYCON_PAGES)


def test_the_architecture_page_names_every_module_and_only_modules_that_exist():
    named = set(re.findall(r"`(cnncalc/[\w/]+\.py)`", (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")))
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "cnncalc").rglob("*.py")}
    assert named - modules == set(), "named on the page but not in the code"
    assert modules - named == set(), "in the code but not on the page"


def test_every_picture_a_page_shows_is_there():
    """The screenshots the browser test keeps (pytest tests/test_browser.py --screenshots docs/images)."""
    for page in PAGES:
        for target in re.findall(r"(?:\]\(|src=\")((?:docs/)?images/[^)\"]+)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), (page.name, target)
