"""At any terminal width the table prints every number whole: columns give way (or rows stack), never
a figure. Each check compares the text with the figures of the same run in JSON."""
import json
import re

import pytest

from cnncalc import presets
from cnncalc.render.text import cell_width, wrap
from tests.conftest import ROOT

WIDTHS = [60, 80, 100, 120, 200, None]  # None: into a pipe, no COLUMNS
TARGETS = [*presets.names(), *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "specs").glob("*.yaml"))]


def whole(number: int, text: str) -> bool:
    """Whether `number`, written with thousands separators, stands in `text` uncut."""
    return re.search(rf"(?<![\d,.]){re.escape(f'{number:,}')}(?![\d,])", text) is not None


def table_lines(text: str) -> list[str]:
    """The lines of the first table in the text, after its rule; None where the rows are stacked."""
    lines = text.splitlines()
    rule = next((index for index, line in enumerate(lines) if line.startswith(" ─")), None)
    return None if rule is None else lines[rule + 1:]


def check_layer_rows(document: dict, text: str, width) -> None:
    """Each layer's row, in order, holds its output shape, params and MACs whole, on one line (the
    columns that never give way); where the rows are stacked, in the lines under the row's name."""
    lines = table_lines(text)
    if lines is None:
        return check_stacked_rows(document, text, width)
    cursor = 0
    for layer in document["layers"]:
        shape = "×".join(map(str, layer["output_shape"]))
        while cursor < len(lines) and not (
                shape in lines[cursor] and whole(layer["params"], lines[cursor]) and whole(layer["macs"], lines[cursor])):
            cursor += 1
        assert cursor < len(lines), (width, layer["path"], "row not found whole, in order")
        cursor += 1
    total = document["totals"]
    assert any(whole(total["params"], line) and whole(total["macs"], line) for line in lines[cursor:]), width


def check_stacked_rows(document: dict, text: str, width) -> None:
    lines = text.splitlines()
    cursor = 0
    for layer in document["layers"]:
        shape = "×".join(map(str, layer["output_shape"]))
        while cursor < len(lines) and f"output {shape}" not in lines[cursor]:
            cursor += 1
        assert cursor < len(lines), (width, layer["path"], "stacked row not found, in order")
        block = []
        for line in lines[cursor:cursor + 4]:
            if block and "output " in line:
                break
            block.append(line)
        block_text = "\n".join(block)
        assert f"params {layer['params']:,}" in block_text and f"MACs {layer['macs']:,}" in block_text, \
            (width, layer["path"], block)
        cursor += 1


def check_comparison_rows(document: dict, text: str, width) -> None:
    """Each spec's figures whole in the row of their metric, in every block of columns."""
    lines = text.splitlines()
    for label, name in (("weights", "weights"), ("params", "params"), ("MACs", "macs"), ("FLOPs", "flops")):
        rows = " ".join(line for line in lines if line.startswith(f"  {label} "))
        for spec in document["specs"]:
            assert whole(spec["totals"][name], rows), (width, spec["name"], label)


@pytest.mark.parametrize("target", TARGETS)
def test_every_number_is_whole_at_every_width(target, run, monkeypatch):
    command = ["analyze", str(ROOT / target)] if target.endswith(".yaml") else ["preset", target]
    code, out, _ = run(*command, "--json")
    document = json.loads(out)
    for width in WIDTHS:
        if width is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", str(width))
        code, text, err = run(*command)
        assert (code, err) == (0, "")
        if width is not None:
            too_wide = [line for line in text.splitlines() if cell_width(line) > width]
            assert not too_wide, (width, too_wide[:3])
        if "specs" in document:
            check_comparison_rows(document, text, width)
        else:
            check_layer_rows(document, text, width)


def test_a_narrow_terminal_says_what_it_left_out(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run("analyze", str(ROOT / "specs" / "resnet-bottleneck.yaml"))
    note = " ".join(line.strip() for line in out.split("not shown at 60 columns:")[1].splitlines()[:3])
    assert note.startswith("kind, input, filter, bias, FLOPs, MACs %.") and "--columns" in note
    # the formulas are not lost: they go under their rows (He et al. 2015: the 3×3 of the bottleneck)
    assert "weights 3×3×64×64 = 36,864" in out
    monkeypatch.setenv("COLUMNS", "200")
    assert "not shown" not in run("analyze", str(ROOT / "specs" / "resnet-bottleneck.yaml"))[1]


def test_columns_chosen_by_name_are_never_left_out(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert "FLOPs" not in run("preset", "resnet50", "--no-formulas")[1].split("total")[0]  # left out at 80 ...
    code, out, _ = run("preset", "resnet50", "--columns", "input,flops,params,bias")  # ... unless chosen
    lines = out.splitlines()
    header = lines[next(index for index, line in enumerate(lines) if line.startswith(" ─")) - 1]
    assert header.split() == ["layer", "input", "FLOPs", "params", "bias"]
    # torchvision's conv1: 112·112·64 · 7·7·3 = 118,013,952 MACs, so 236,027,904 FLOPs, in its own row
    assert re.match(r"  conv1 +224×224×3 +236,027,904 +9,408 +0$", table_lines(out)[0])
    code, _, err = run("preset", "resnet50", "--columns", "macs,mac")
    assert code == 2 and "no column `mac`; did you mean `macs`? choose from path, kind" in err
    code, _, err = run("preset", "resnet50", "--columns", "MACs")  # as the table's header writes it
    assert code == 2 and "no column `MACs`; did you mean `macs`?" in err


def test_too_narrow_for_any_table_stacks_each_row(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    code, out, _ = run("analyze", str(ROOT / "specs" / "resnet-bottleneck.yaml"), "--no-formulas")
    assert code == 0 and max(cell_width(line) for line in out.splitlines()) <= 30
    lines = [line.strip() for line in out.splitlines()]
    # He et al. 2015, figure 5: the bottleneck's 3×3 layer, 3·3·64·64 weights, 56·56·64 · 3·3·64 MACs
    at = lines.index("conv[2]")
    assert lines[at + 1:at + 4] == ["output 56×56×64", "params 36,864", "MACs 115,605,504"]


def rules(text: str) -> int:
    """How many tables the text holds: each has one rule under its header."""
    return sum(1 for line in text.splitlines() if line.startswith(" ─"))


@pytest.mark.parametrize("count", [2, 3, 4])
def test_compare_two_to_four_specs_is_one_table_at_80_columns(count, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    names = ["resnet18", "resnet50", "vgg16", "alexnet"][:count]
    code, out, _ = run("compare", *names)
    assert rules(out) == 1  # a single block of columns
    assert max(cell_width(line) for line in out.splitlines()) <= 80
    for document in json.loads(run("compare", *names, "--json")[1])["specs"]:
        assert whole(document["totals"]["macs"], out) and whole(document["totals"]["params"], out)


def test_compare_many_specs_wraps_into_blocks(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    names = ["resnet18", "resnet50", "resnet50-v1", "vgg16", "alexnet", "alexnet-caffe", "googlenet", "mobilenet_v2"]
    code, out, _ = run("compare", *names)
    assert code == 0 and rules(out) >= 2
    assert max(cell_width(line) for line in out.splitlines()) <= 80
    for document in json.loads(run("compare", *names, "--json")[1])["specs"]:
        assert whole(document["totals"]["flops"], out)


def test_wide_characters_count_twice():
    # the CSDN essay's title, cited in the inception lesson: nine Chinese characters of two columns each
    assert cell_width("吴恩达深度学习:1*1卷积") == 2 * 9 + 4
    assert all(cell_width(line) <= 20 for line in wrap("an essay, 吴恩达深度学习:1*1卷积 on CSDN, cited", 20))


def test_a_number_is_never_broken_across_lines():
    assert wrap("MACs 1,234,567,890", 8) == ["MACs", "1,234,567,890"]
