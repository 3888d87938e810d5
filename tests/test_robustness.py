"""Bad input of every sort ends in located, one-line errors and exit code 2; never a traceback."""
import json
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def alias_bomb() -> str:
    """Nine levels of ten aliases each: a billion `relu`s in 12 lines ("billion laughs")."""
    lines = ["input: 8x8x3", "a0: &a0 [relu, relu, relu, relu, relu, relu, relu, relu, relu, relu]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"{{sequential: {{layers: *a{level - 1}}}}}"] * 10) + "]")
    return "\n".join([*lines, "layers: *a8", ""])


DEEP = "input: 8x8x3\nlayers:\n- " + "{sequential: {layers: [" * 120 + "relu" + "]}}" * 120 + "\n"

# (case, spec text, the exact message after "cnncalc: error: spec.yaml")
BAD = [
    ("empty", "", ":1:1: a spec is a mapping with `input` and `layers`; this file is empty"),
    ("comment only", "# nothing\n", ":1:1: a spec is a mapping with `input` and `layers`; this file is empty"),
    ("a list", "- conv\n", ":1:1: a spec is a mapping with `input` and `layers`; this file is a list"),
    ("a string", "just text\n", ":1:1: a spec is a mapping with `input` and `layers`; this file is text"),
    ("a number", "42\n", ":1:1: a spec is a mapping with `input` and `layers`; this file is a number"),
    ("no input", "layers: [relu]\n", ":1:1: a spec needs `input`, e.g. `input: 28x28x192` (H x W x C), or named `inputs`"),
    ("no layers", "input: 8x8x3\n", ":1:1: a spec needs `layers`, a list of layers"),
    ("input typo", "inptu: 8x8x3\nlayers: [relu]\n", ":1:1: a spec has no top-level key `inptu`; did you mean `input`?"),
    ("input text", "input: 8 by 8\nlayers: []\n",
     ":1:8: `input` must be a shape such as 28x28x192 (H x W x C, channels last); received 8 by 8"),
    ("input zero", "input: 0x8x3\nlayers: []\n", ":1:8: `input` must have whole numbers ≥ 1 on every axis; received 0x8x3"),
    ("input 5-D", "input: 2x2x2x2x2\nlayers: []\n",
     ":1:8: `input` has 5 axes; cnncalc takes up to 3 spatial axes and channels; received 2x2x2x2x2"),
    ("input float", "input: [8.5, 8, 3]\nlayers: []\n",
     ":1:8: `input` must have whole numbers ≥ 1 on every axis; received [8.5, 8, 3]"),
    ("layers a map", "input: 8x8x3\nlayers: {relu: {}}\n", ":2:9: `layers` must be a list of layers"),
    ("tab indent", "input: 8x8x3\nlayers:\n\t- relu\n", ":3:1: YAML syntax error: found character that cannot start any token (a tab: YAML indents with spaces)"),
    ("unclosed list", "input: 8x8x3\nlayers: [relu\n", ":3:1: YAML syntax error: did not find expected ',' or ']'"),
    ("duplicate key", "input: 8x8x3\ninput: 4x4x3\nlayers: []\n", ":2:1: YAML syntax error: duplicate key 'input'"),
    ("python tag", "input: 8x8x3\nlayers: !!python/object/apply:os.system [echo]\n",
     ":2:9: YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed in a spec"),
    ("framework kind name", "input: 8x8x3\nlayers: [Conv2d: {filters: 3, kernel: 1}]\n",
     ":2:10: Conv2d: unknown layer kind `Conv2d`; did you mean `conv`?"),
    ("kind a number", "input: 8x8x3\nlayers: [3]\n",
     ":2:10: a layer is a kind name or a mapping such as `conv: {filters: 64, kernel: 3}`; found 3"),
    ("two kinds in one item", "input: 8x8x3\nlayers:\n  - conv: {filters: 3, kernel: 1}\n    relu:\n",
     ":3:5: a layer is one kind mapped to its settings, e.g. `conv: {filters: 64, kernel: 3}`; found keys conv, relu"),
    ("setting typo", "input: 8x8x3\nlayers: [conv: {filters: 3, kernal: 1}]\n",
     ":2:29: conv: conv has no setting `kernal`; did you mean `kernel`?"),
    ("PyTorch's out_channels", "input: 8x8x3\nlayers: [conv: {out_channels: 3, kernel_size: 1}]\n",
     ":2:17: conv: conv has no setting `out_channels`; cnncalc calls it `filters`"),
    ("PyTorch's in_channels", "input: 8x8x3\nlayers: [conv: {in_channels: 3, filters: 3, kernel: 1}]\n",
     ":2:17: conv: conv has no setting `in_channels`: cnncalc takes the input's size from the layer before; leave it out"),
    ("PyTorch's out_features", "input: 8x8x3\nlayers: [flatten, dense: {out_features: 3}]\n",
     ":2:27: dense: dense has no setting `out_features`; cnncalc calls it `units`"),
    ("missing setting", "input: 8x8x3\nlayers: [conv: {kernel: 1}]\n",
     ":2:10: conv: conv needs `filters`: number of filters (output channels)"),
    ("filters 64.5", "input: 8x8x3\nlayers: [conv: {filters: 64.5, kernel: 1}]\n",
     ":2:26: conv: `filters` must be a whole number ≥ 1; received 64.5"),
    ("filters true", "input: 8x8x3\nlayers: [conv: {filters: true, kernel: 1}]\n",
     ":2:26: conv: `filters` must be a whole number ≥ 1; received true"),
    ("filters text", "input: 8x8x3\nlayers: [conv: {filters: many, kernel: 1}]\n",
     ":2:26: conv: `filters` must be a whole number ≥ 1; received many"),
    ("filters negative", "input: 8x8x3\nlayers: [conv: {filters: -4, kernel: 1}]\n",
     ":2:26: conv: `filters` must be a whole number ≥ 1; received -4"),
    ("filters huge", "input: 8x8x3\nlayers: [conv: {filters: 100000000000000000000, kernel: 1}]\n",
     ":2:26: conv: `filters` is larger than the limit 1,099,511,627,776"),
    ("kernel true", "input: 8x8x3\nlayers: [conv: {filters: 3, kernel: true}]\n",
     ":2:37: conv: `kernel` must be a whole number ≥ 1; received true"),
    ("kernel axes", "input: 8x8x3\nlayers: [conv: {filters: 3, kernel: [3, 3, 3]}]\n",
     ":2:37: conv: `kernel` needs one value per spatial axis (2); received [3, 3, 3]"),
    ("kernel too big", "input: 8x8x3\nlayers: [conv: {filters: 3, kernel: 9}]\n",
     ":2:10: conv: kernel 9×9 does not fit spatial axis 1: it reaches 9, but the input is 8 + padding 0 = 8"),
    ("stride 0", "input: 8x8x3\nlayers: [conv: {filters: 3, kernel: 1, stride: 0}]\n",
     ":2:48: conv: `stride` must be a whole number ≥ 1; received 0"),
    ("padding word", "input: 8x8x3\nlayers: [conv: {filters: 3, kernel: 3, padding: full}]\n",
     ":2:49: conv: `padding` must be valid, same, a whole number ≥ 0, or a list per axis; received full"),
    ("padding triple", "input: 8x8x3\nlayers: [conv: {filters: 3, kernel: 3, padding: [[1, 1, 1], 1]}]\n",
     ":2:49: conv: `padding` per-axis pairs must be [before, after]; received [[1, 1, 1], 1]"),
    ("groups", "input: 8x8x6\nlayers: [conv: {filters: 8, kernel: 1, groups: 4}]\n",
     ":2:10: conv: groups=4 must divide both the input channels (6) and filters (8)"),
    ("conv on flat", "input: 8x8x3\nlayers: [flatten, conv: {filters: 3, kernel: 1}]\n",
     ":2:19: conv: conv needs spatial axes, but its input 192 is flat"),
    ("settings a list", "input: 8x8x3\nlayers: [conv: [3, 1]]\n",
     ":2:10: conv: the settings of conv must be a mapping such as {key: value}; received [3, 1]"),
    ("dropout rate", "input: 8x8x3\nlayers: [dropout: {rate: 2}]\n",
     ":2:26: dropout: `rate` must be a number from 0 up to 1; received 2"),
    ("activation name", "input: 8x8x3\nlayers: [conv: {filters: 3, kernel: 1, activation: relu7}]\n",
     ":2:52: conv: `activation` must be one of: elu, gelu, hard_sigmoid, hard_swish, leaky_relu, mish, relu, "
     "relu6, selu, sigmoid, silu, softmax, swish, tanh; received relu7"),
    ("bias text", "input: 8x8x3\nlayers: [dense: {units: 3, bias: maybe}]\n",
     ":2:34: dense: `bias` must be true or false; received maybe"),
    ("concat empty", "input: 8x8x3\nlayers: [concat: []]\n",
     ":2:10: concat: concat takes a list of branches, each a list of layers ([] for the input itself)"),
    ("concat shapes", "input: 8x8x3\nlayers:\n  - concat:\n      - [maxpool: {kernel: 2}]\n      - []\n",
     ":3:5: concat: concat cannot join branch[1] (4×4×3) and branch[2] (8×8×3): all but the channel axis must match"),
    ("residual shapes", "input: 8x8x3\nlayers: [residual: [conv: {filters: 4, kernel: 1}]]\n",
     ":2:10: residual: residual cannot add the layers' output 8×8×4 to the shortcut's 8×8×3; "
     "give `shortcut: auto` (a strided 1×1 conv and batchnorm), or `shortcut:` layers that end in 8×8×4"),
    ("scale shapes", "input: 8x8x4\nlayers: [scale: [global_avgpool, conv: {filters: 3, kernel: 1}]]\n",
     ":2:10: scale: scale cannot multiply the input 8×8×4 by the branch's 1×1×3: the branch must end in 8×8×4 or 1×1×4"),
    ("shortcut typo", "input: 8x8x3\nlayers: [residual: {layers: [relu], shortcuts: auto}]\n",
     ":2:37: residual: residual has no setting `shortcuts`; did you mean `shortcut`?"),
    ("repeat negative", "input: 8x8x3\nlayers: [relu: {repeat: -1}]\n", ":2:10: `repeat` must be a whole number ≥ 0; received -1"),
    ("repeat huge", "input: 8x8x3\nlayers: [relu: {repeat: 1000000000}]\n",
     ":2:10: `repeat: 1,000,000,000` is past the limit of 100,000 layers (raise it with --max-layers)"),
    ("name with slash", "input: 8x8x3\nlayers: [relu: {name: a/b}]\n", ":2:10: `name` must be text without `/`"),
    ("default typo", "input: 8x8x3\ndefaults: {bais: false}\nlayers: []\n", ":2:12: unknown default `bais`; did you mean `bias`?"),
    ("kind default typo", "input: 8x8x3\ndefaults: {conv: {padd: 1}}\nlayers: []\n",
     ":2:12: conv has no setting `padd`; did you mean `padding`?"),
    ("block arg unknown", "input: 8x8x3\nblocks:\n  b: {args: {width: 3}, layers: [conv: {filters: $width, kernel: 1}]}\n"
     "layers: [b: {widht: 2}]\n", ":4:14: b: block `b` has no arg `widht`; did you mean `width`? (its args: width)"),
    ("block arg missing", "input: 8x8x3\nblocks:\n  b: {args: [n], layers: [conv: {filters: $n, kernel: 1}]}\nlayers: [b]\n",
     ":4:10: b: block `b` needs arg `n`"),
    ("block $ref unknown", "input: 8x8x3\nblocks:\n  b: {args: [n], layers: [conv: {filters: $m, kernel: 1}]}\n"
     "layers: [b: {n: 2}]\n", ":3:43: b/conv: `$m` is not an arg of this block (args: n)"),
    ("block uses itself", "input: 8x8x3\nblocks:\n  b: {layers: [b]}\nlayers: [b]\n", ":3:16: b/b: block `b` uses itself (b → b)"),
    ("blocks in a cycle", "input: 8x8x3\nblocks:\n  a: {layers: [b]}\n  b: {layers: [a]}\nlayers: [a]\n",
     ":4:16: a/b/a: block `a` uses itself (a → b → a)"),
    ("block name typo", "input: 8x8x3\nblocks:\n  bottleneck: {layers: [relu]}\nlayers: [botleneck]\n",
     ":4:10: botleneck: unknown layer kind `botleneck`; did you mean `bottleneck`?"),
    ("alias bomb", alias_bomb(),
     ": expands to more than 5,000,000 values through YAML aliases (*name); the limit follows --max-layers (100,000)"),
    ("YAML nested 500 deep", "input: 8x8x3\nlayers: " + "[" * 500 + "]" * 500 + "\n",
     ":2:428: the YAML is nested more than 420 levels deep (the limit follows --max-nesting)"),
    ("alias loop", "input: 8x8x3\nlayers: &a [sequential: {layers: *a}]\n",
     ":2:34: a YAML alias refers to a node that contains it"),
    ("set tag", "input: 8x8x3\nlayers: !!set {relu}\n", ":2:9: YAML tag tag:yaml.org,2002:set is not allowed in a spec"),
    ("blocks nested 120 deep", DEEP,
     ":3:2303: …" + "/".join(["sequential"] * 101)[-159:] + ": blocks and branches nested deeper than 100 levels "
     "(the limit; raise it with --max-nesting)"),
    ("variants empty", "name: v\nvariants: []\n", ":2:11: `variants` must be a list of specs, each with a `name` and what it changes"),
    ("variant not a mapping", "name: v\ninput: 8x8x3\nvariants: [3]\n",
     ":3:12: variant 1 must be a mapping such as {name: ..., layers: [...]}"),
]


@pytest.mark.parametrize("case, text, message", BAD, ids=[case for case, _, _ in BAD])
def test_bad_spec_gives_one_located_line_and_exit_2(case, text, message, run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("analyze", "spec.yaml")
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"cnncalc: error: spec.yaml{message}"
    assert "Traceback" not in err


def test_yaml_nested_past_the_parsers_own_limit_is_still_one_located_line(run, tmp_path, monkeypatch):
    # PyYAML 6.0.4's C parser stops at 1,000 levels on its own, before cnncalc's limit
    # is reached; whichever stops first, the user gets one line naming the place, and exit 2
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.yaml").write_text("input: 8x8x3\nlayers: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    code, out, err = run("analyze", "spec.yaml")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert re.match(r"cnncalc: error: spec\.yaml:2:[0-9]+: \S", err)


def test_there_are_at_least_40_cases():
    assert len(BAD) >= 40


@pytest.mark.parametrize("raw, message", [
    (b"\xff\xfe\x00", "is not UTF-8 text (byte 0 cannot be decoded)"),
    (b"input: 8x8x3\nlayers: [r\xe9lu]\n", "is not UTF-8 text (byte 23 cannot be decoded)"),
])
def test_non_utf8(raw, message, run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.yaml").write_bytes(raw)
    assert run("analyze", "spec.yaml")[::2] == (2, f"cnncalc: error: spec.yaml: {message}\n")


def test_a_directory_is_not_a_spec(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    assert run("analyze", "folder")[::2] == (2, "cnncalc: error: folder: is a directory, not a spec file\n")


def test_the_limits_can_be_raised(run):
    spec = "input: 8x8x3\nlayers: [relu: {repeat: 100001}]\n"
    assert run("analyze", "-", "--json", stdin=spec)[0] == 2
    code, out, _ = run("analyze", "-", "--json", "--max-layers", "200000", stdin=spec)
    assert code == 0 and len(json.loads(out)["layers"]) == 100_001
    assert run("analyze", "-", "--max-nesting", "200", stdin=DEEP)[0] == 0


def test_several_errors_are_all_reported(run):
    spec = "input: 8x8x3\nlayers:\n  - conv: {filters: 0, kernel: 1}\n  - Linear: {units: 3}\n  - dense: {unit: 3}\n"
    code, _, err = run("analyze", "-", stdin=spec)
    assert code == 2
    assert err.splitlines() == [
        "cnncalc: error: <stdin>:3:21: conv: `filters` must be a whole number ≥ 1; received 0",
        "cnncalc: error: <stdin>:4:5: Linear: unknown layer kind `Linear`; did you mean `dense`?",
        "cnncalc: error: <stdin>:5:13: dense: dense has no setting `unit`; did you mean `units`?",
    ]


def test_an_internal_error_says_it_is_a_bug_and_exits_3(run, monkeypatch):
    from cnncalc import engine, layers

    def broken(shape, settings):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(layers.KINDS, "relu", layers.LayerKind(broken, {}, "activation"))
    engine.rule_result.cache_clear()
    monkeypatch.setattr(engine, "rule_result", engine.rule_result.__wrapped__)
    code, out, err = run("analyze", "-", stdin="input: 8x8x3\nlayers: [relu]\n")
    assert (code, out) == (3, "")
    assert err.startswith("cnncalc: internal error: ZeroDivisionError: division by zero\nThis is a bug in cnncalc")
    assert "Traceback" not in err


def test_output_into_a_closed_pipe_ends_quietly():
    spec = "input: 8x8x3\nlayers: [relu: {repeat: 20000}]\n"
    command = f"{sys.executable} -m cnncalc analyze - | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], input=spec, capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.stdout == "<stdin>\n"
    assert result.stderr == ""
    assert result.returncode == 0


FOUND = sorted((ROOT / "tests" / "fuzz" / "found").glob("*"))


@pytest.mark.parametrize("path", FOUND, ids=[path.name for path in FOUND])
def test_inputs_the_fuzzer_found_give_located_errors(path, run):
    # tests/fuzz/fuzz_spec.py found these crashing cnncalc; each must now be a plain error
    code, _, err = run("analyze", str(path))
    assert code == 2
    assert all(line.startswith(f"cnncalc: error: {path}") for line in err.splitlines())


def test_a_brief_fuzz_run_finds_nothing():
    # the same target CI runs for 100,000 cases (tests/fuzz/run.py), briefly, on every test run
    import random

    from tests.fuzz.run import check, mutate, starting_points

    rng = random.Random(0)
    corpus = starting_points()
    for _ in range(1500):
        check(mutate(rng, rng.choice(corpus)))
