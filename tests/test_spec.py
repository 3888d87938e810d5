"""The spec language: shapes, defaults, paths, joins, blocks, and the exact error for each mistake."""
import re
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnncalc import SpecError, analyze, from_dict, loads
from cnncalc.spec.arguments import argument, is_name, names_in


def run(text):
    return analyze(loads(textwrap.dedent(text), "net.yaml"))


@pytest.mark.parametrize("written, shape", [
    ("28x28x192", (28, 28, 192)),
    ("28×28×192", (28, 28, 192)),
    ("28 x 28 x 192", (28, 28, 192)),
    ("[28, 28, 192]", (28, 28, 192)),
    ("100x16", (100, 16)),
    ("16x112x112x3", (16, 112, 112, 3)),
    ("1024", (1024,)),
])
def test_input_shapes(written, shape):
    assert loads(f"input: {written}\nlayers: []").input_shape == shape


def test_defaults_apply_to_every_kind_with_the_setting_and_yield_to_the_layer():
    result = run("""
        input: 8x8x3
        defaults: {bias: false, conv: {padding: same}}
        layers:
          - conv: {filters: 4, kernel: 3}
          - conv: {filters: 4, kernel: 3, bias: true, padding: 0}
          - flatten
          - dense: {units: 2}
    """)
    first, second, _, dense = result.layers
    assert (first.output_shape, first.bias) == ((8, 8, 4), 0)
    assert (second.output_shape, second.bias) == ((6, 6, 4), 4)
    assert dense.bias == 0


def test_unnamed_layers_get_paths_by_kind_and_named_ones_keep_their_name():
    result = run("""
        input: 8x8x3
        layers:
          - conv: {filters: 4, kernel: 1, name: stem}
          - concat:
              - [conv: {filters: 2, kernel: 1}, relu]
              - []
              - conv: {filters: 2, kernel: 1}
          - relu
          - relu
    """)
    assert [layer.path for layer in result.layers] == [
        "stem", "concat/branch[1]/conv", "concat/branch[1]/relu", "concat/branch[3]/conv", "concat",
        "relu[1]", "relu[2]",
    ]
    # an empty branch is the input itself, as DenseNet's concat needs: 4 + 2 + 2 channels
    assert result.layers[4].output_shape == (8, 8, 8)


def test_layer_name_and_repeat_may_sit_beside_the_kind():
    result = run("""
        input: 8x8x3
        layers:
          - conv: {filters: 3, kernel: 3, padding: 1}
            repeat: 3
            name: body
    """)
    assert [layer.path for layer in result.layers] == ["body[1]", "body[2]", "body[3]"]


def test_scale_multiplies_the_input_channel_wise():
    # torchvision SqueezeExcitation(64, 16): fc1 64·16 + 16, fc2 16·64 + 64 as 1×1 convs
    result = run("""
        input: 56x56x64
        layers:
          - scale:
              - global_avgpool
              - conv: {filters: 16, kernel: 1}
              - relu
              - conv: {filters: 64, kernel: 1}
              - sigmoid
    """)
    assert result.output_shape == (56, 56, 64)
    assert result.totals.params == 64 * 16 + 16 + 16 * 64 + 64
    assert result.layers[-1].kind == "multiply"


def test_residual_auto_shortcut_projects_when_shapes_differ():
    # torchvision ResNet downsample: conv1x1(64, 128, stride 2, no bias) + BatchNorm2d(128)
    result = run("""
        input: 56x56x64
        layers:
          - residual:
              layers: [conv: {filters: 128, kernel: 3, stride: 2, padding: 1, bias: false}]
              shortcut: auto
          - residual:
              layers: [conv: {filters: 128, kernel: 3, padding: 1, bias: false}]
              shortcut: auto
    """)
    paths = [layer.path for layer in result.layers]
    assert paths == ["residual[1]/conv", "residual[1]/shortcut/conv", "residual[1]/shortcut/batchnorm",
                     "residual[1]", "residual[2]/conv", "residual[2]"]
    projection = result.layers[1]
    assert (projection.output_shape, projection.weights, projection.bias) == ((28, 28, 128), 64 * 128, 0)


def test_from_dict_takes_plain_python_data():
    spec = from_dict({"input": [4, 4, 2], "layers": [{"conv": {"filters": 3, "kernel": 1}}]})
    assert analyze(spec).totals.params == 2 * 3 + 3


BAD_SPECS = [
    # (spec text, the exact first line of the error)
    ("input: 28x28x3\nlayers:\n  - conv: {filter: 64, kernel: 3}\n",
     "net.yaml:3:12: conv: conv has no setting `filter`; did you mean `filters`?"),
    ("input: 28x28x3\nlayers:\n  - convv: {filters: 64, kernel: 3}\n",
     "net.yaml:3:5: convv: unknown layer kind `convv`; did you mean `conv`?"),
    ("input: 28x28x3\nlayers:\n  - conv: {kernel: 3}\n",
     "net.yaml:3:5: conv: conv needs `filters`: number of filters (output channels)"),
    ("input: 28x28x3\nlayers:\n  - conv: {filters: 64.5, kernel: 3}\n",
     "net.yaml:3:21: conv: `filters` must be a whole number ≥ 1; received 64.5"),
    ("input: 28x28x3\nlayers:\n  - conv: {filters: 0, kernel: 3}\n",
     "net.yaml:3:21: conv: `filters` must be a whole number ≥ 1; received 0"),
    ("input: 28x28x3\nlayers:\n  - conv: {filters: 8, kernel: true}\n",
     "net.yaml:3:32: conv: `kernel` must be a whole number ≥ 1; received true"),
    ("input: 28x28x3\nlayers:\n  - conv: {filters: 8, kernel: [3, 3, 3]}\n",
     "net.yaml:3:32: conv: `kernel` needs one value per spatial axis (2); received [3, 3, 3]"),
    ("input: 28x28x3\nlayers:\n  - conv: {filters: 8, kernel: 3, padding: full}\n",
     "net.yaml:3:44: conv: `padding` must be valid, same, a whole number ≥ 0, or a list per axis; received full"),
    ("input: 28x28x3\nlayers:\n  - conv: {filters: 64, kernel: 3\n",
     "net.yaml:4:1: YAML syntax error: did not find expected ',' or '}'"),
    ("input: 4x4x3\nlayers:\n  - conv: {filters: 8, kernel: 7}\n",
     "net.yaml:3:5: conv: kernel 7×7 does not fit spatial axis 1: it reaches 7, but the input is 4 + padding 0 = 4"),
    ("input: 4x4x6\nlayers:\n  - conv: {filters: 8, kernel: 1, groups: 4}\n",
     "net.yaml:3:5: conv: groups=4 must divide both the input channels (6) and filters (8)"),
    ("input: 8x8x6\nlayers:\n  - concat:\n    - [conv: {filters: 4, kernel: 1, stride: 2}]\n    - []\n",
     "net.yaml:3:5: concat: concat cannot join branch[1] (4×4×4) and branch[2] (8×8×6): "
     "all but the channel axis must match"),
    ("input: 8x8x6\nlayers:\n  - residual: [conv: {filters: 4, kernel: 1}]\n",
     "net.yaml:3:5: residual: residual cannot add the layers' output 8×8×4 to the shortcut's 8×8×6; "
     "give `shortcut: auto` (a strided 1×1 conv and batchnorm), or `shortcut:` layers that end in 8×8×4"),
    ("input: 8x8x6\nlayers:\n  - residual: [conv_transpose: {filters: 6, kernel: 2, stride: 2}]\n",
     "net.yaml:3:5: residual: residual cannot add the layers' output 16×16×6 to the shortcut's 8×8×6; "
     "give `shortcut:` layers that end in 16×16×6"),
    ("input: 8x8x6\nlayers:\n  - residual: {layers: [conv: {filters: 4, kernel: 1}], shortcut: [relu]}\n",
     "net.yaml:3:5: residual: residual cannot add the layers' output 8×8×4 to the shortcut's 8×8×6; "
     "make the `shortcut:` layers end in 8×8×4"),
    ("", "net.yaml:1:1: a spec is a mapping with `input` and `layers`; this file is empty"),
    ("- conv\n", "net.yaml:1:1: a spec is a mapping with `input` and `layers`; this file is a list"),
    ("layers: []\n", "net.yaml:1:1: a spec needs `input`, e.g. `input: 28x28x192` (H x W x C), or named `inputs`"),
    ("input: 28x28\n", "net.yaml:1:1: a spec needs `layers`, a list of layers"),
    ("input: 28xx3\nlayers: []\n",
     "net.yaml:1:8: `input` must be a shape such as 28x28x192 (H x W x C, channels last); received 28xx3"),
    ("input: 8x8x3\nlayer: []\n", "net.yaml:2:1: a spec has no top-level key `layer`; did you mean `layers`?"),
    ("input: 8x8x3\ndefaults: {biass: false}\nlayers: []\n",
     "net.yaml:2:12: unknown default `biass`; did you mean `bias`?"),
    ("input: 8x8x3\nlayers:\n  - conv: {filters: 8, kernel: 1}\n    pool: 2\n",
     "net.yaml:3:5: a layer is one kind mapped to its settings, e.g. `conv: {filters: 64, kernel: 3}`; "
     "found keys conv, pool"),
    ("input: 8x8x3\nlayers:\n  - 42\n",
     "net.yaml:3:5: a layer is a kind name or a mapping such as `conv: {filters: 64, kernel: 3}`; found 42"),
    ("input: 8x8x3\nlayers:\n  - relu: {inplace: true}\n", "net.yaml:3:12: relu: relu has no setting `inplace`"),
    ("input: 8x8x3\nlayers:\n  - conv: {filters: 8, kernel: 1, filters: 9}\n",
     "net.yaml:3:35: YAML syntax error: duplicate key 'filters'"),
    ("input: 8x8x3\nlayers:\n  - dense: {units: 4, repeat: -1}\n",
     "net.yaml:3:5: `repeat` must be a whole number ≥ 0; received -1"),
]


@pytest.mark.parametrize("text, message", BAD_SPECS, ids=[message.split(": ", 2)[-1][:50] for _, message in BAD_SPECS])
def test_bad_spec_gives_one_located_line(text, message):
    with pytest.raises(SpecError) as caught:
        analyze(loads(text, "net.yaml"))
    assert caught.value.lines()[0] == message


def test_every_independent_problem_is_reported():
    text = "input: 8x8x3\nlayers:\n  - conv: {filters: 0, kernel: 1}\n  - dense: {unit: 3}\n  - poool\n"
    with pytest.raises(SpecError) as caught:
        loads(text, "net.yaml")
    assert caught.value.lines() == [
        "net.yaml:3:21: conv: `filters` must be a whole number ≥ 1; received 0",
        "net.yaml:4:13: dense: dense has no setting `unit`; did you mean `units`?",
        "net.yaml:5:5: poool: unknown layer kind `poool`; did you mean `maxpool`?",
    ]


BLOCKS = """
    input: 56x56x64
    blocks:
      basic:
        args: {out: 64, stride: 1}
        layers:
          - residual:
              layers:
                - conv: {filters: $out, kernel: 3, stride: $stride, padding: 1, bias: false}
                - batchnorm
              shortcut: auto
          - relu
      stage:
        args: [out, count]
        layers:
          - basic: {out: $out, stride: 2}
          - basic: {out: $out, repeat: $count}
    layers:
      - basic
      - stage: {out: 128, count: 2, name: layer2}
"""


def test_blocks_with_arguments_repeat_and_nesting():
    result = run(BLOCKS)
    assert result.output_shape == (28, 28, 128)
    paths = [layer.path for layer in result.layers]
    assert paths[:4] == ["basic/residual/conv", "basic/residual/batchnorm", "basic/residual", "basic/relu"]
    assert "layer2/basic[1]/residual/shortcut/conv" in paths
    assert "layer2/basic[3]/residual/conv" in paths and "layer2/basic[4]/residual/conv" not in paths
    # by hand: 3·3·64·64 + (3·3·64·128 + 1·1·64·128) + 2 · 3·3·128·128
    assert result.totals.weights == 36_864 + 73_728 + 8_192 + 2 * 147_456


def test_depth_folds_blocks_into_one_row_each():
    from cnncalc import folded

    result = run(BLOCKS)
    top = folded(result, 1)
    assert [(row.path, row.kind) for row in top] == [("basic", "basic"), ("layer2", "stage")]
    assert sum(row.params for row in top) == result.totals.params
    assert top[1].input_shape == (56, 56, 64) and top[1].output_shape == (28, 28, 128)
    second = folded(result, 2)
    assert [row.path for row in second][:3] == ["basic/residual", "basic/relu", "layer2/basic[1]"]
    assert sum(row.macs for row in second) == result.totals.macs


def test_repeat_zero_leaves_the_layer_out():
    result = run("input: 8x8x3\nlayers:\n  - relu: {repeat: 0}\n  - flatten\n")
    assert [layer.path for layer in result.layers] == ["flatten"]


def test_sequential_groups_layers_under_a_name():
    result = run("input: 8x8x3\nlayers:\n  - sequential: {name: features, layers: [relu, flatten]}\n")
    assert [layer.path for layer in result.layers] == ["features/relu", "features/flatten"]


BAD_BLOCKS = [
    ("blocks:\n  b:\n    args: {out: 8}\n    layers: [conv: {filters: $out, kernel: 1}]\nlayers:\n  - b: {outs: 4}\n",
     "net.yaml:7:9: b: block `b` has no arg `outs`; did you mean `out`? (its args: out)"),
    ("blocks:\n  b:\n    args: [out]\n    layers: [conv: {filters: $out, kernel: 1}]\nlayers:\n  - b\n",
     "net.yaml:7:5: b: block `b` needs arg `out`"),
    ("blocks:\n  b:\n    args: {out: 8}\n    layers: [conv: {filters: $width, kernel: 1}]\nlayers:\n  - b\n",
     "net.yaml:5:30: b/conv: `$width` is not an arg of this block (args: out)"),
    ("blocks:\n  a:\n    layers: [b]\n  b:\n    layers: [a]\nlayers:\n  - a\n",
     "net.yaml:6:14: a/b/a: block `a` uses itself (a → b → a)"),
    ("blocks:\n  conv:\n    layers: [relu]\nlayers: []\n",
     "net.yaml:3:3: block name `conv` is already a layer kind; choose another"),
    ("blocks:\n  b:\n    layer: [relu]\nlayers: []\n",
     "net.yaml:3:3: block `b` must be a mapping with `layers` (and optional `args`)"),
]


@pytest.mark.parametrize("text, message", BAD_BLOCKS, ids=[message.split(": ", 2)[-1][:40] for _, message in BAD_BLOCKS])
def test_bad_blocks(text, message):
    with pytest.raises(SpecError) as caught:
        loads("input: 8x8x3\n" + text, "net.yaml")
    assert caught.value.lines()[0] == message


@pytest.mark.parametrize("first, second", [("1", "true"), ("1", "1.0"), ("true", "1")])
def test_equal_looking_settings_are_still_checked_one_by_one(first, second):
    # settings written many times are parsed once; `true`, `1` and `1.0` must not pass for each other
    text = f"input: 8x8x3\nlayers:\n  - conv: {{filters: 4, kernel: 1, bias: {first}}}\n  - conv: {{filters: 4, kernel: 1, bias: {second}}}\n"
    with pytest.raises(SpecError):
        loads(text)
    text = f"input: 8x8x3\nlayers:\n  - conv: {{filters: {first}, kernel: 1}}\n  - conv: {{filters: {second}, kernel: 1}}\n"
    if "1" in (first, second) and {first, second} != {"1"}:
        with pytest.raises(SpecError):
            loads(text)


NAME_TEXT = st.text(st.sampled_from("aZ_-$09 x×\n\u0131\u212a"), max_size=8)  # ı and K (Kelvin): not ASCII


@given(NAME_TEXT, st.booleans())
def test_a_name_is_a_word_of_ascii_letters_digits_and_underscores(text, hyphen):
    # the grammar of docs/spec.md: an arg's name is [A-Za-z_][A-Za-z0-9_]*, a block's may hold - too;
    # `$name` is read as the patterns cnncalc read it with before, a final newline allowed (`|` in YAML)
    pattern = r"[A-Za-z_][A-Za-z0-9_-]*" if hyphen else r"[A-Za-z_][A-Za-z0-9_]*"
    assert is_name(text, hyphen) == bool(re.fullmatch(pattern, text))
    match = re.match(r"^\$([A-Za-z_][A-Za-z0-9_]*)$", text)
    assert argument(text) == (match.group(1) if match else None)
    assert names_in(text) == re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", text)


def test_an_arg_written_as_a_yaml_block_scalar_is_read():
    # `|` keeps the text's final newline: `$act` is the arg all the same
    text = "input: 8x8x3\nargs: {act: relu}\nlayers:\n  - conv:\n      filters: 8\n      kernel: 3\n      activation: |\n        $act\n"
    written = text.replace("args: {act: relu}\n", "").replace("|\n        $act\n", "relu\n")
    assert analyze(loads(text)).totals == analyze(loads(written)).totals
    assert [layer.counts for layer in analyze(loads(text)).layers] == [layer.counts for layer in analyze(loads(written)).layers]


@pytest.mark.parametrize("name", ["width\n", "wïdth", "1x", "-a"])
def test_an_arg_name_that_is_not_a_word_is_refused(name):
    with pytest.raises(SpecError, match="arg names are words"):
        from_dict({"input": "8x8x3", "args": {name: 1}, "layers": ["relu"]})


REUSED_BLOCK = """
    input: 8x8x4
    blocks:
      unit:
        args: {out: 4}
        layers: [conv: {filters: $out, kernel: 3, padding: 1}, relu]
    layers:
      - unit
      - sequential: {name: deeper, layers: [unit, unit: {out: 4, name: named}]}
      - unit: {repeat: 2}
"""


def test_a_block_used_again_with_the_same_arguments_is_placed_and_counted_at_each_use():
    # a block used again with the same arguments reads as the first use did; each use keeps its own path
    result = run(REUSED_BLOCK)
    assert [layer.path for layer in result.layers] == [
        "unit[1]/conv", "unit[1]/relu", "deeper/unit/conv", "deeper/unit/relu", "deeper/named/conv",
        "deeper/named/relu", "unit[2]/conv", "unit[2]/relu", "unit[3]/conv", "unit[3]/relu"]
    assert result.totals.weights == 5 * 3 * 3 * 4 * 4  # five uses of a 3×3 conv, 4 channels to 4
    # the limit counts what every use reads: 4 items, the group's 2, and 2 layers in each of 5 uses
    from cnncalc.spec import Limits, load_text

    load_text(textwrap.dedent(REUSED_BLOCK), "net.yaml", Limits(max_layers=16))
    with pytest.raises(SpecError, match="unit\\[3\\]: more than 15 layers"):
        load_text(textwrap.dedent(REUSED_BLOCK), "net.yaml", Limits(max_layers=15))
    # nested deeper, a use may pass the nesting limit that the first use stayed within
    with pytest.raises(SpecError, match="nested deeper than 1 levels") as caught:
        load_text(textwrap.dedent(REUSED_BLOCK), "net.yaml", Limits(max_nesting=1))
    assert caught.value.location.path.startswith("deeper/unit")


def test_a_join_or_group_repeated_or_aliased_is_placed_and_counted_at_each_use():
    result = run("""
        input: 8x8x4
        layers:
          - residual: &unit [conv: {filters: 4, kernel: 3, padding: 1}, relu]
            repeat: 2
          - residual: *unit
          - sequential: {name: tail, layers: [relu], repeat: 2}
    """)
    assert [(layer.path, layer.line) for layer in result.layers] == [
        ("residual[1]/conv", 4), ("residual[1]/relu", 4), ("residual[1]", 4),
        ("residual[2]/conv", 4), ("residual[2]/relu", 4), ("residual[2]", 4),
        ("residual[3]/conv", 4), ("residual[3]/relu", 4), ("residual[3]", 6),
        ("tail[1]/relu", 7), ("tail[2]/relu", 7)]
    assert result.totals.weights == 3 * 3 * 3 * 4 * 4  # three 3×3 convs, 4 channels to 4
    assert [result.containers[path] for path in ("residual[2]", "tail[2]")] == ["residual", "sequential"]


def test_what_one_spec_reads_does_not_carry_into_the_next():
    # layers written alike in two specs are parsed once in the process; the specs' defaults, input
    # rank and limits still decide each one
    conv = {"conv": {"filters": 2, "kernel": 3}}
    with_defaults = from_dict({"input": "8x8x1", "defaults": {"bias": False}, "layers": [conv]})
    plain = from_dict({"input": "8x8x1", "layers": [conv]})
    sequence = from_dict({"input": "8x1", "layers": [conv]})
    assert analyze(with_defaults).totals.bias == 0
    assert analyze(plain).totals.bias == 2
    assert analyze(sequence).layers[0].filter_shape == (3, 1)  # kernel 3 over one spatial axis, 1 channel
    from cnncalc.spec import Limits

    with pytest.raises(SpecError, match="larger than the limit 2"):
        from_dict({"input": "8x8x1", "layers": [conv]}, limits=Limits(max_size=2))


def test_yaml_anchors_and_merge_keys_work_as_in_any_yaml():
    # `<<: *base` copies the anchored settings; keys written beside it win
    result = run("""
        input: 8x8x3
        layers:
          - conv: &base {filters: 8, kernel: 3}
          - conv: {<<: *base, padding: 1}
          - conv: {<<: *base, filters: 4}
          - relu: {name: <<}
    """)
    assert [layer.weights for layer in result.layers[:3]] == [3 * 3 * 3 * 8, 3 * 3 * 8 * 8, 3 * 3 * 8 * 4]
    assert result.layers[3].path == "<<"


def test_one_document_per_file():
    with pytest.raises(SpecError) as caught:
        loads("input: 8x8x3\nlayers: []\n---\ninput: 4x4x3\n", "net.yaml")
    assert str(caught.value) == "net.yaml:3:1: YAML syntax error: a spec is one YAML document; this file holds more"


def test_framework_setting_names_point_to_cnncalcs_and_report_nothing_else():
    # kernel_size → kernel and out_channels → filters: "needs `filters`" is not added on top
    with pytest.raises(SpecError) as caught:
        loads("input: 8x8x3\nlayers: [conv: {out_channels: 3, kernel_size: 3, strides: 2}]\n", "net.yaml")
    assert caught.value.lines() == [
        "net.yaml:2:17: conv: conv has no setting `out_channels`; cnncalc calls it `filters`",
        "net.yaml:2:34: conv: conv has no setting `kernel_size`; cnncalc calls it `kernel`",
        "net.yaml:2:50: conv: conv has no setting `strides`; cnncalc calls it `stride`",
    ]


def test_dense_on_a_map_warns_once_that_it_acts_per_position():
    # Keras' Dense on a 7×7×64 map: 64·10 weights, used at 49 positions; PyTorch's nn.Linear needs a flatten first
    report = analyze(loads("input: 7x7x64\nlayers: [dense: {units: 10}, dense: {units: 3}]\n"))
    assert report.totals.macs == 49 * 64 * 10 + 49 * 10 * 3
    (warning,) = report.warnings
    assert warning.startswith("dense[1]: dense acts on the last axis at each of the 7×7 positions of its 7×7×64 input")
    assert "put `flatten` before it" in warning and warning.endswith("1 more dense layer does the same")
    assert analyze(loads("input: 7x7x64\nlayers: [flatten, dense: {units: 10}]\n")).warnings == ()


FROZEN = """
    input: 8x8x4
    defaults: {bias: false}
    blocks:
      unit:
        args: {out: 4}
        layers: [conv: {filters: $out, kernel: 1}, batchnorm]
    layers:
      - conv: {filters: 4, kernel: 3, padding: 1, trainable: false}
      - unit: {trainable: false}
      - unit
      - sequential:
          trainable: false
          layers: [conv: {filters: 4, kernel: 1}, conv: {filters: 4, kernel: 1, trainable: true}]
      - residual: {layers: [conv: {filters: 8, kernel: 1, stride: 2}], shortcut: auto}
        trainable: false
"""


def test_trainable_false_freezes_a_layer_or_everything_written_inside_what_it_is_on():
    result = run(FROZEN)
    frozen = {layer.path for layer in result.layers if not layer.trainable}
    assert frozen == {"conv", "unit[1]/conv", "unit[1]/batchnorm", "sequential/conv[1]", "residual/conv",
                      "residual/shortcut/conv", "residual/shortcut/batchnorm"}  # the projection follows its residual
    # by hand: 3·3·4·4; 1·1·4·4 + 2·4; 1·1·4·4; 1·1·4·8 twice (body, projection) + 2·8
    assert result.totals.frozen == 144 + (16 + 8) + 16 + (32 + 32 + 16)
    assert result.totals.params - result.totals.frozen == (16 + 8) + 16  # unit[2], sequential/conv[2]


def test_the_same_block_frozen_and_not_is_read_as_two():
    result = run(FROZEN)
    assert [layer.trainable for layer in result.layers if layer.path.startswith("unit[")] == [False, False, True, True]


def test_trainable_must_be_true_or_false():
    with pytest.raises(SpecError, match="`trainable` must be true or false; received 1"):
        loads("input: 8x8x3\nlayers:\n  - relu: {trainable: 1}\n")


@pytest.mark.parametrize("written, kind", [
    ("SeparableConv2D", "separable_conv"), ("DepthwiseConv2D", "depthwise_conv"), ("GroupNormalization", "groupnorm"),
    ("LayerNormalization", "layernorm"), ("ZeroPadding2D", "pad"), ("ReflectionPad2d", "pad"), ("Cropping2D", "crop"),
    ("MaxUnpool2d", "max_unpool"), ("PixelShuffle", "pixel_shuffle"), ("Reshape", "reshape"),
])
def test_keras_and_pytorch_names_point_to_the_kind_that_counts_them(written, kind):
    # Keras' and PyTorch's class names, as users paste them
    with pytest.raises(SpecError, match=f"did you mean `{kind}`"):
        loads(f"input: 8x8x4\nlayers: [{written}]\n")
