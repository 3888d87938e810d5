"""The graph form: layers that read any earlier layer, joins of named tensors, several inputs and
outputs; and the same network written nested and as a graph gives the same counts."""
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc import SpecError, analyze, from_dict, loads


def run(text):
    return analyze(loads(textwrap.dedent(text), "net.yaml"))


PYRAMID = """
    inputs: {image: 64x64x3, extra: 8x8x16}
    layers:
      - conv: {filters: 32, kernel: 3, stride: 2, padding: 1, name: c2}
      - conv: {filters: 64, kernel: 3, stride: 2, padding: 1, name: c3}
      - conv: {filters: 32, kernel: 1, name: lateral3}
      - upsample: {scale: 2, name: top_down}
      - conv: {filters: 32, kernel: 1, from: c2, name: lateral2}
      - add: {from: [top_down, lateral2], name: p2}
      - conv: {filters: 16, kernel: 2, stride: 2, from: lateral3, name: p4}
      - concat: {from: [p4, extra], name: fused}
    outputs: [p2, fused]
"""


def test_a_graph_reads_named_tensors_and_gives_named_outputs():
    result = run(PYRAMID)
    rows = {row.path: row for row in result.layers}
    assert rows["lateral2"].input_shape == (32, 32, 32) and rows["lateral2"].inputs == ("c2",)
    assert rows["p2"].inputs == ("top_down", "lateral2") and rows["p2"].output_shape == (32, 32, 32)
    assert rows["fused"].inputs == ("p4", "extra") and rows["fused"].output_shape == (8, 8, 32)
    assert rows["c2"].inputs == ("image",)
    assert result.outputs == (("p2", (32, 32, 32)), ("fused", (8, 8, 32)))
    assert result.inputs == (("image", (64, 64, 3)), ("extra", (8, 8, 16)))
    # by hand: 3·3·3·32 + 32; 3·3·32·64 + 64; 1·1·64·32 + 32; 1·1·32·32 + 32; 2·2·32·16 + 16
    assert result.totals.params == 896 + 18_496 + 2_080 + 1_056 + 2_064
    assert result.depth == 4  # c2, c3, lateral3 and p4 on the longest path, the one to fused


def test_graph_output_in_every_format():
    from cnncalc.render import render

    result = run(PYRAMID)
    assert "inputs image 64×64×3, extra 8×8×16 → outputs p2 32×32×32, fused 8×8×32" in render(result, "table")
    import json

    document = json.loads(render(result, "json"))
    assert document["outputs"] == [{"name": "p2", "shape": [32, 32, 32]}, {"name": "fused", "shape": [8, 8, 32]}]


@pytest.mark.parametrize("text, message", [
    ("input: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 1, name: a}\n  - conv: {filters: 4, kernel: 1, from: b}\n",
     "net.yaml:4:5: conv: `from: b` names no input or earlier layer"),
    ("input: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 1, from: later}\n  - relu: {name: later}\n",
     "net.yaml:3:5: conv: `from: later` names no input or earlier layer"),
    ("input: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 1, name: stem}\n  - relu: {from: stme}\n",
     "`from: stme` names no input or earlier layer; did you mean `stem`?"),
    ("input: 8x8x3\nlayers:\n  - relu: {name: a}\n  - add: {from: [a]}\n",
     "net.yaml:4:5: add: add of named tensors is written `add: {from: [a, b]}`"),
    ("input: 8x8x3\nlayers:\n  - relu: {name: a}\n  - relu: {name: b}\n  - relu: {from: [a, b]}\n",
     "relu reads one tensor; `from` names 2"),
    ("input: 8x8x3\ninputs: {x: 8x8x3}\nlayers: []\n", "net.yaml:2:9: a spec has `input` or named `inputs`, not both"),
    ("input: 8x8x3\nlayers: [relu]\noutputs: [nothing]\n", "`outputs: nothing` names no input or earlier layer"),
    ("input: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 1, name: a}\n  - relu: {name: b}\n"
     "  - conv: {filters: 5, kernel: 1, from: b, name: c}\n  - add: {from: [a, c]}\n",
     "net.yaml:6:5: add: add cannot add `a` (8×8×4) and `c` (8×8×5): they must have the same shape"),
    ("input: 8x8x3\nlayers:\n  - relu: {name: a}\n  - conv: {filters: 2, kernel: 1, name: g}\n  - multiply: {from: [a, g]}\n",
     "multiply cannot scale `a` (8×8×3) by `g` (8×8×2): it must be 8×8×3 or 1×1×3"),
])
def test_graph_mistakes_are_located(text, message):
    with pytest.raises(SpecError) as caught:
        analyze(loads(text, "net.yaml"))
    assert message in caught.value.lines()[0]


def test_a_name_inside_a_block_is_seen_inside_it_and_the_block_s_name_outside():
    result = run("""
        input: 8x8x4
        blocks:
          unit:
            layers:
              - conv: {filters: 4, kernel: 1, name: inner}
              - relu
              - add: {from: [inner, relu]}
        layers:
          - unit: {name: first}
          - unit: {name: second}
          - concat: {from: [first, second]}
    """)
    assert result.layers[2].inputs == ("first/inner", "first/relu")
    assert result.output_shape == (8, 8, 8)


@st.composite
def chains(draw):
    """A stack of residual units, each a few 3×3 or 1×1 convs that keep the channels."""
    units = draw(st.lists(st.lists(st.sampled_from([1, 3]), min_size=1, max_size=3), min_size=1, max_size=4))
    return draw(st.sampled_from([4, 8])), units


@settings(max_examples=60, deadline=None)
@given(chains())
def test_a_network_written_nested_and_as_a_graph_counts_the_same(case):
    channels, units = case
    nested, graph = [], []
    for index, kernels in enumerate(units):
        convs = [{"conv": {"filters": channels, "kernel": k, "padding": k // 2}} for k in kernels]
        nested.append({"residual": convs})
        graph.extend(convs[:-1])
        graph.append({**convs[-1], "name": f"body{index}"})
        graph.append({"add": {"from": [f"body{index}", f"sum{index - 1}" if index else "input"], "name": f"sum{index}"}})
    one = analyze(from_dict({"input": f"12x12x{channels}", "layers": nested}))
    two = analyze(from_dict({"input": f"12x12x{channels}", "layers": graph}))
    assert (one.totals, one.output_shape, one.depth, one.receptive_field) == \
           (two.totals, two.output_shape, two.depth, two.receptive_field)


def test_a_layer_called_twice_counts_its_weights_once_and_its_work_twice():
    result = run("""
        input: 8x8x4
        layers:
          - conv: {filters: 4, kernel: 3, padding: 1, name: c}
          - relu
          - conv: {filters: 4, kernel: 3, padding: 1, shares: c}
    """)
    # by hand: 3·3·4·4 + 4 parameters, once; 8·8·4 · 3·3·4 multiply-adds, twice
    assert result.totals.params == 148 and result.totals.macs == 2 * 9_216
    assert [row.shared_with for row in result.layers] == [None, None, "c"]


@pytest.mark.parametrize("text, message", [
    ("  - conv: {filters: 4, kernel: 3, padding: 1, name: c}\n  - conv: {filters: 8, kernel: 3, padding: 1, shares: c}\n",
     "`shares: c`: conv (conv, 288 weights) cannot use the weights of c (conv, 144 weights)"),
    ("  - conv: {filters: 4, kernel: 1, name: c}\n  - sequential: {layers: [conv: {filters: 4, kernel: 1}, relu], shares: c}\n",
     "`shares: c` needs an earlier layer, block or group with the same layers (1 there, 2 here)"),
    ("  - conv: {filters: 4, kernel: 1, shares: nothing}\n", "`shares: nothing` names no input or earlier layer"),
])
def test_sharing_needs_the_same_layers(text, message):
    with pytest.raises(SpecError) as caught:
        analyze(loads("input: 8x8x4\nlayers:\n" + text, "net.yaml"))
    assert message in caught.value.lines()[0]


def test_joins_of_named_tensors_take_any_number_of_them():
    result = run("input: 8x8x4\nlayers: [relu: {name: a}, relu: {name: b}, relu: {name: c}, add: {from: [a, b, c]}]\n")
    assert result.layers[-1].inputs == ("a", "b", "c") and result.output_shape == (8, 8, 4)


def test_a_name_given_twice_is_not_read_by_guess():
    with pytest.raises(SpecError, match="`from: a` names more than one layer here"):
        run("input: 8x8x4\nlayers: [relu: {name: a}, relu: {name: a}, relu: {from: a}]\n")


def test_an_input_nothing_reads_is_warned_about():
    result = run("inputs: {image: 8x8x3, unused: 4}\nlayers: [relu]\n")
    assert "input `unused` is read by no layer" in result.warnings


def test_a_folded_block_that_shares_says_whose_weights_and_holds_none():
    from cnncalc import folded

    result = run("""
        inputs: {first: 8x8x1, second: 8x8x1}
        blocks:
          tower:
            layers: [conv: {filters: 4, kernel: 3}, relu]
        layers:
          - tower: {name: a}
          - tower: {name: b, from: second, shares: a}
    """)
    a, b = folded(result, 1)
    assert (a.params, a.shared_with, b.params, b.shared_with) == (40, None, 0, "a")  # 3·3·1·4 + 4, once
    assert a.weight_bytes == 40 * 4 and a.inputs == ("first",) and b.inputs == ("second",)


@pytest.mark.parametrize("text, message", [
    # settings are read for the spec's input; a layer that sees another rank says so, never miscounts
    ("input: 28x28x1\nlayers: [reshape: {shape: [784, 1]}, conv: {filters: 8, kernel: 3}]\n",
     "conv's `kernel` is read for 2 spatial axes, those of the spec's first input, but its input here, 784×1, has 1"),
    ("input: 28x28x16\nlayers: [reshape: {shape: [7, 7, 4, 64]}, conv: {filters: 8, kernel: 3}]\n",
     "but its input here, 7×7×4×64, has 3"),
    ("inputs: {signal: 100x4, image: 32x32x3}\nlayers: [conv: {filters: 8, kernel: 3, from: image}]\n",
     "conv's `kernel` is read for 1 spatial axis"),
])
def test_a_layer_seeing_another_rank_than_the_spec_s_input_is_an_error(text, message):
    with pytest.raises(SpecError, match=message):
        analyze(loads(text))


def test_a_gate_without_spatial_axes_multiplies_a_map():
    result = run("inputs: {image: 8x8x16, gate: 16}\nlayers: [multiply: {from: [image, gate]}]\n")
    assert result.output_shape == (8, 8, 16)


def test_a_folded_block_names_the_block_it_shares_even_nested():
    from cnncalc import folded

    result = run("""
        input: 8x8x4
        blocks:
          b:
            layers: [conv: {filters: 4, kernel: 1}]
        layers:
          - sequential: {name: stage, layers: [b, relu]}
          - b: {shares: stage/b}
    """)
    assert [(row.path, row.shared_with) for row in folded(result, 1)] == [("stage", None), ("b", "stage/b")]


def test_sharing_is_refused_where_there_are_no_weights_or_other_ones():
    with pytest.raises(SpecError, match="add of named tensors has no weights to share"):
        run("input: 8x8x4\nlayers: [relu: {name: a}, relu: {name: b}, add: {from: [a, b], shares: a}]\n")
    # two separable convs with the same counts but other shapes: 3·3·8 + 8·16 = 200 = 3·3·10 + 10·11
    with pytest.raises(SpecError, match="cannot use the weights of"):
        run("""
            inputs: {x: 8x8x8, y: 8x8x10}
            layers:
              - separable_conv: {filters: 16, kernel: 3, padding: 1, bias: false, name: s}
              - separable_conv: {filters: 11, kernel: 3, padding: 1, bias: false, from: y, shares: s}
        """)


def test_values_for_args_need_a_spec_still_to_read():
    from cnncalc import api

    with pytest.raises(SpecError, match="args give values to a spec as it is read"):
        api.analyze(loads("input: 8x8x3\nargs: {c: 4}\nlayers: [conv: {filters: $c, kernel: 1}]\n"), args={"c": 8})
