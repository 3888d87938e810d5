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


def figures(document: dict) -> tuple[list[int], list[str]]:
    """The integers and shapes the table must show whole, from the JSON of the same command."""
    numbers, shapes = [], []
    if "specs" in document:  # a comparison: each spec's totals in its column
        for spec in document["specs"]:
            totals = spec["totals"]
            numbers += [totals[name] for name in ("weights", "params", "macs", "flops")]
            shapes += ["×".join(map(str, spec["output_shape"]))]
        return numbers, shapes
    totals = document["totals"]
    numbers += [totals[name] for name in ("weights", "bias", "params", "macs", "flops", "activations")]
    for layer in document["layers"]:  # output, params and MACs are columns that never give way
        numbers += [layer["params"], layer["macs"]]
        shapes.append("×".join(map(str, layer["output_shape"])))
    return numbers, shapes


@pytest.mark.parametrize("target", TARGETS)
def test_every_number_is_whole_at_every_width(target, run, monkeypatch):
    command = ["analyze", str(ROOT / target)] if target.endswith(".yaml") else ["preset", target]
    code, out, _ = run(*command, "--json")
    numbers, shapes = figures(json.loads(out))
    for width in WIDTHS:
        if width is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", str(width))
        code, text, err = run(*command)
        assert (code, err) == (0, "")
        assert "…" not in text
        if width is not None:
            too_wide = [line for line in text.splitlines() if cell_width(line) > width]
            assert not too_wide, (width, too_wide[:3])
        cut = [number for number in numbers if not whole(number, text)]
        assert not cut, (width, cut[:5])
        assert all(shape in text for shape in shapes), width


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
    assert whole(8_178_368_512, out)  # FLOPs = 2 × 4,089,184,256 MACs (torchvision's 4.09 GFLOPS table)
    code, _, err = run("preset", "resnet50", "--columns", "macs,nonsense")
    assert code == 2 and "no column `nonsense`; choose from layer, kind" in err


def test_too_narrow_for_any_table_stacks_each_row(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    code, out, _ = run("analyze", str(ROOT / "specs" / "resnet-bottleneck.yaml"), "--no-formulas")
    assert code == 0 and "…" not in out
    # He et al. 2015, figure 5: the bottleneck's 3×3 layer, 56·56·64 · 3·3·64 MACs
    assert whole(115_605_504, out) and whole(69_632, out)


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
