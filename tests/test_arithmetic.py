"""Arithmetic in specs and a spec's own arguments: exact values, the rounding networks use, errors
at the character, and values given by --set, by a variant or by a spec that uses a preset."""
import json
import subprocess
import sys
import textwrap
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc import SpecError, analyze, api, from_dict, loads, presets
from cnncalc.spec.expressions import MAX_BRACKETS, MAX_LENGTH, ExpressionError, evaluate


def value(text, **args):
    def lookup(name, at):
        if name not in args:
            raise ExpressionError(f"no ${name}", at)
        return args[name]

    return evaluate(text, lookup)


@pytest.mark.parametrize("text, expected", [
    ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("2 - 3 - 4", -5),  # precedence and left to right
    ("7 // 2", 3), ("-7 // 2", -4), ("7 % 3", 1),  # // floors, as Python's
    ("64 * 0.75", 48), ("1 / 3 * 3", 1), ("0.1 + 0.2", Fraction(3, 10)),  # exact: decimals as written
    ("round(2.5)", 2), ("round(3.5)", 4), ("round(2.6)", 3),  # halves to even, as Python's round
    ("ceil(2.1)", 3), ("floor(-2.1)", -3), ("min(3, 1, 2)", 1), ("max(3, 1, 2)", 3),
    ("$c // 4", 16), ("$c * $alpha", 48), ("floor($c * $alpha / 10)", 4),
])
def test_expressions_by_hand(text, expected):
    assert value(text, c=64, alpha=0.75) == expected


def reference_make_divisible(v, divisor, min_value=None):
    # torchvision.models._utils._make_divisible (from TensorFlow's MobileNet code), as written there
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4000), st.sampled_from([1, 2, 4, 8, 16]))
def test_make_divisible_is_torchvision_s(quarters, divisor):
    # quarters: values a float holds exactly, so the reference's float arithmetic is exact too
    assert value(f"make_divisible({quarters} / 4, {divisor})") == reference_make_divisible(quarters / 4, divisor)


def test_make_divisible_examples_of_mobilenet_widths():
    # MobileNet-v2 at width 0.35 rounds 32 × 0.35 = 11.2 to 16, not 8: 8 is more than 10 % below
    assert value("make_divisible(32 * 0.35, 8)") == 16
    assert value("make_divisible(24 * 0.75, 8)") == 24  # 18 rounds down to 16, which is 11 % below: up
    assert value("make_divisible(96 * 1.4, 8)") == 136  # 134.4


@pytest.mark.parametrize("text, message, at", [
    ("$width ** 2", "`*` where a number, `$arg` or `(` was expected", 9),
    ("$width *", "ends early: a number, `$arg` or `(` is missing", 9),
    ("($width * 2", "`)` is missing to close the bracket at character 1; found the end", 12),
    ("$width 2", "`2` where an operator or the end was expected", 8),
    ("$width / (2 - 2)", "`/` by zero", 8),
    ("$width.real", "cannot read `.`", 7),
    ("__import__(1)", "`__import__` is not a function here", 1),
    ("round(2.5, 1)", "`round` takes 1 value; it was given 2", 1),
    ("min(1)", "`min` takes 2 to 20 values; it was given 1", 1),
    ("$name * 2", "`$name` is text, not a number", 1),
    ("$flag + 1", "`$flag` is true or false, not a number", 1),
    ("10000000000000000000000 * 100000000000000000000", "reaches a value past 40 digits", 25),
])
def test_mistakes_are_told_at_their_character(text, message, at):
    with pytest.raises(ExpressionError) as caught:
        value(text, width=64, name="conv", flag=True)
    assert caught.value.message.startswith(message) and caught.value.at == at


def test_expressions_are_bounded():
    with pytest.raises(ExpressionError, match=f"longer than {MAX_LENGTH}"):
        value("1 + " * 60 + "1")
    with pytest.raises(ExpressionError, match="nests brackets"):
        value("(" * (MAX_BRACKETS + 1) + "1" + ")" * (MAX_BRACKETS + 1))
    assert value("(" * MAX_BRACKETS + "1" + ")" * MAX_BRACKETS) == 1


def run(text, **given):
    return analyze(loads(textwrap.dedent(text), "net.yaml", args=given or None))


WIDTHS = """
    input: [$resolution, $resolution, 3]
    args: {alpha: 1, resolution: 32}
    blocks:
      unit:
        args: {out: 16, width: $alpha * 2}
        layers: [conv: {filters: floor($out * $alpha), kernel: 1}, conv: {filters: $width, kernel: 1}]
    layers:
      - conv: {filters: "make_divisible(32 * $alpha, 8)", kernel: 3, stride: 2, padding: 1}
      - unit: {out: 64}
"""


def test_a_spec_s_args_reach_its_input_layers_blocks_and_block_defaults():
    result = run(WIDTHS)
    assert result.input_shape == (32, 32, 3)
    assert [layer.output_shape[-1] for layer in result.layers] == [32, 64, 2]
    half = run(WIDTHS, alpha=0.5, resolution=64)
    # make_divisible(16, 8) = 16; floor(64 × 0.5) = 32; 0.5 × 2 = 1
    assert half.input_shape == (64, 64, 3)
    assert [layer.output_shape[-1] for layer in half.layers] == [16, 32, 1]
    assert half.name == "net (alpha=0.5, resolution=64)"  # what was set shows in the name


def test_a_value_that_must_be_whole_and_is_not_is_an_error_not_a_floor():
    with pytest.raises(SpecError) as caught:
        run("input: 8x8x3\nargs: {c: 64}\nlayers:\n  - conv: {filters: $c / 3, kernel: 1}\n")
    assert caught.value.lines() == [
        "net.yaml:4:21: conv: `filters` must be a whole number ≥ 1; `$c / 3` gives 21.3333 (`//` rounds down)"]


def test_an_expression_with_a_comma_in_a_yaml_mapping_gets_a_hint():
    with pytest.raises(SpecError) as caught:
        run("input: 8x8x3\nlayers:\n  - conv: {filters: max(8, 4), kernel: 1}\n")
    assert "YAML ends a value at a comma inside {...}: put the expression in quotes" in caught.value.lines()[0]


def test_what_is_wrong_with_an_expression_is_said_once():
    with pytest.raises(SpecError) as caught:
        run("input: 8x8x3\nargs: {c: 8}\nlayers:\n  - conv: {filters: $c +, kernel: 1}\n")
    assert caught.value.lines() == ["net.yaml:4:21: conv: `$c +`: ends early: a number, `$arg` or `(` is missing "
                                    "(character 5)"]


@pytest.mark.parametrize("text, given, message", [
    ("args: {c: ~}\nlayers: []", {}, "net.yaml:2:7: the spec needs a value for its arg `c`"),
    ("args: [c]\nlayers: []", {}, "net.yaml:2:7: the spec needs a value for its arg `c`"),
    ("args: {2c: 1}\nlayers: []", {}, "net.yaml:2:8: the spec has an arg named 2c"),
    ("layers:\n  - conv: {filters: $c, kernel: 1}", {}, "`$c` is not an arg of this spec (args: none here)"),
])
def test_mistakes_with_a_spec_s_args(text, given, message):
    with pytest.raises(SpecError) as caught:
        loads("input: 8x8x3\n" + text, "net.yaml", args=given)
    assert message in caught.value.lines()[0]


def test_a_value_for_an_arg_no_spec_has_is_an_error_naming_the_close_one():
    with pytest.raises(SpecError, match=r"no spec here has an arg `alhpa`; did you mean `alpha`\?"):
        api.analyze("mobilenet_v1", args={"alhpa": 0.5})
    with pytest.raises(SpecError, match="no spec here has an arg `alpha`"):
        api.preset("resnet50", args={"alpha": 0.5})


def test_variants_give_values_to_the_args_they_share():
    suite = _variants_spec()
    assert [analyze(spec).output_shape for spec in suite.specs[:2]] == [(8, 8, 4), (8, 8, 8)]


def _variants_spec():
    from cnncalc.spec import load_suite_text

    return load_suite_text(textwrap.dedent("""
        input: 8x8x3
        args: {width: 8}
        layers: [conv: {filters: $width, kernel: 1}]
        variants:
          - {name: narrow, args: {width: 4}}
          - {name: wide}
          - {preset: mobilenet_v1, name: MobileNet 0.25, args: {alpha: 0.25}}
    """), "net.yaml")


def test_a_variant_may_use_a_preset_with_values_for_its_args():
    suite = _variants_spec()
    quarter = analyze(suite.specs[2])
    assert suite.specs[2].name == "MobileNet 0.25"
    assert quarter.layers[0].output_shape == (112, 112, 8)  # floor(32 × 0.25)


def test_published_figures_hold_for_the_values_they_were_published_for():
    one = presets.load("mobilenet_v1").specs[0]
    three_quarters = presets.load("mobilenet_v1", {"alpha": 0.75}).specs[0]
    assert [figure.quote for figure in one.published] == ["569 million mult-adds", "4.2 million parameters"]
    assert [figure.quote for figure in three_quarters.published] == ["325 million mult-adds", "2.6 million parameters"]
    assert presets.load("mobilenet_v1", {"alpha": 0.6}).specs[0].published == ()  # none was published for it


def cnncalc(*args):
    return subprocess.run([sys.executable, "-m", "cnncalc", *args], capture_output=True, text=True)


@pytest.mark.parametrize("assignment, message", [
    ("alpha", "--set takes NAME=VALUE, as --set alpha=0.75; received alpha"),
    ("2a=1", "--set takes NAME=VALUE"),
    ("alpha=[1, 2]", "--set alpha= needs one value, a number or a word"),
    ("alpha=", "--set alpha= needs one value"),
])
def test_set_mistakes_are_one_line_and_exit_2(assignment, message):
    result = cnncalc("preset", "mobilenet_v1", "--set", assignment)
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and result.stdout == "" and len(lines) == 1
    assert lines[0].startswith(f"cnncalc: error: {message}")


def test_set_twice_is_an_error():
    result = cnncalc("preset", "mobilenet_v1", "--set", "alpha=0.5", "--set", "alpha=0.6")
    assert result.returncode == 2 and result.stderr == "cnncalc: error: --set alpha= is given twice; give each arg one value\n"


def test_set_on_the_command_line():
    result = cnncalc("preset", "mobilenet_v1", "--set", "alpha=0.75", "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["name"] == "mobilenet_v1 (alpha=0.75)"
    assert report["args"] == {"alpha": 0.75, "resolution": 224}
    assert round(report["totals"]["macs"] / 1e6) == 325  # Howard et al. 2017, table 6


def test_json_holds_the_args_as_plain_values():
    from cnncalc.render import render

    report = run("input: 8x8x3\nargs: {when: 2001-02-03, big: .inf, c: 4}\nlayers: [conv: {filters: $c, kernel: 1}]\n")
    assert json.loads(render(report, "json"))["args"] == {"when": "2001-02-03", "big": "inf", "c": 4}


VARIANTS_WITH_ARGS = """
    input: 8x8x3
    args: {width: 8}
    layers: [conv: {filters: $width, kernel: 1}]
    variants:
      - {name: narrow, args: {width: 4}}
      - {name: default}
"""


def test_a_variant_s_own_value_wins_over_set_which_fills_the_rest():
    from cnncalc.spec import load_suite_text

    suite = load_suite_text(textwrap.dedent(VARIANTS_WITH_ARGS), "net.yaml", args={"width": 16})
    assert [(spec.name, analyze(spec).output_shape[-1]) for spec in suite.specs] == [
        ("narrow", 4), ("default (width=16)", 16)]


def test_a_variant_giving_a_value_to_an_arg_the_spec_lacks_is_an_error():
    with pytest.raises(SpecError) as caught:
        api.suite_of(_written(VARIANTS_WITH_ARGS.replace("{width: 4}", "{widht: 4}")))
    assert caught.value.lines()[0] == ("net.yaml:6:27: variant 1 gives a value to `widht`, which is not an arg of the "
                                       "spec; did you mean `width`? (args: width)")


def _written(text):
    from cnncalc.spec import load_suite_text

    return load_suite_text(textwrap.dedent(text), "net.yaml")


@pytest.mark.parametrize("text, given, line", [
    ("args: {r: 8}\nlayers: [conv: {filters: flor($r), kernel: 1}]", {},
     "net.yaml:3:26: conv: `flor($r)`: `flor` is not a function here (functions: make_divisible, round, ceil, floor, "
     "min, max); did you mean `floor`? (character 1)"),
    ("args: {r: 8}\nlayers: [conv: {filters: $r * 2, kernel: 1}]", {"r": float("inf")},
     "net.yaml:3:26: conv: `$r * 2`: `$r` is inf, not a finite number (character 1); it was given r=inf (--set, or "
     "a variant's args)"),
])
def test_mistakes_in_values_read_well(text, given, line):
    with pytest.raises(SpecError) as caught:
        loads("input: 8x8x3\n" + text, "net.yaml", args=given)
    assert caught.value.lines() == [line]


def test_a_mistake_in_the_input_is_said_once():
    with pytest.raises(SpecError) as caught:
        loads("input: [$rse, $res, 3]\nargs: {res: 8}\nlayers: []\n", "net.yaml")
    assert len(caught.value.lines()) == 1 and "`$rse` is not an arg of this spec; did you mean `res`?" in str(caught.value)


def test_a_set_no_spec_has_among_several_names_no_file():
    with pytest.raises(SpecError) as caught:
        api.compare("mobilenet_v1", "resnet50", args={"alhpa": 1})
    assert str(caught.value).startswith("no spec here has an arg `alhpa`")


def test_one_bad_value_used_in_many_places_is_said_once():
    with pytest.raises(SpecError) as caught:
        presets.load("efficientnet_b0", {"depth": "abc"})
    lines = caught.value.lines()
    assert len(lines) < 5 and "more place" in " ".join(lines)


def test_preset_values_equal_as_numbers_are_still_told_apart():
    # 1 and True hash alike; a preset read with alpha=1 must not answer for alpha=true
    api.preset("mobilenet_v1", args={"alpha": 1})
    with pytest.raises(SpecError, match="`\\$alpha` is true or false, not a number"):
        api.preset("mobilenet_v1", args={"alpha": True})


def test_per_kind_defaults_that_are_lists_do_not_carry_into_the_next_variant():
    suite = _written("""
        name: k
        layers: [{conv: {filters: 8}}]
        variants:
          - {name: k3, input: 32x32x3, defaults: {conv: {kernel: [3, 3]}}}
          - {name: k5, input: 32x32x3, defaults: {conv: {kernel: [5, 5]}}}
    """)
    assert [analyze(spec).layers[0].filter_shape for spec in suite.specs] == [(3, 3, 3), (5, 5, 3)]
