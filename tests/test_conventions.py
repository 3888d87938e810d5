"""Every other tool's count: the rules read from each tool's source, checked on worked figures (one
block and ResNet-50, every tool's count worked out from its rules) and on the figures the tools
publish in their READMEs, tests and docs."""
import csv
import io
import json

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cnncalc import analyze, loads, presets
from cnncalc.conventions import BY_ID, CONVENTIONS, parse_figure, read, survey
from cnncalc.figures import relative


def preset(name):
    return analyze(presets.load(name).specs[0])


# conventions.md, "Worked check 1: one block, every tool" (ptflops 0.7.2 to 0.7.4 as 0.7.5): conv 64→64, 3×3, padding 1, bias on,
# on 56×56×64, then batchnorm and relu
ONE_BLOCK = {
    "cnncalc": 115_605_504, "torch": 231_211_008, "torchinfo": 115_806_336, "fvcore": 116_006_912,
    "fvcore-train": 116_609_024, "ptflops": 116_609_024, "ptflops-0.7": 116_609_024, "ptflops-legacy": 116_408_320,
    "ptflops-aten": 115_806_208, "thop": 116_408_320, "calflops": 232_013_824, "torchprofile": 115_806_208,
}
# conventions.md, "Worked check 2: torchvision ResNet-50 at 224" (ptflops 0.7.2 to 0.7.4 differ from 0.7.5 only
# on transposed convolutions, so their figures are the same here)
RESNET50 = {
    "cnncalc": 4_089_184_256, "torch": 8_178_368_512, "torchinfo": 4_089_238_376, "fvcore": 4_111_512_576,
    "fvcore-train": 4_144_854_528, "ptflops": 4_132_436_968, "ptflops-0.7": 4_132_436_968,
    "ptflops-legacy": 4_121_925_096,
    "ptflops-aten": 4_089_185_256, "thop": 4_133_742_592, "calflops": 8_211_108_352, "torchprofile": 4_100_300_288,
}


@pytest.mark.parametrize("convention_id", sorted(ONE_BLOCK))
def test_one_block_for_every_tool(convention_id):
    block = analyze(loads("input: 56x56x64\nlayers:\n  - conv: {filters: 64, kernel: 3, padding: 1}\n"
                          "  - batchnorm\n  - relu\n"))
    assert read(block, BY_ID[convention_id]).value == ONE_BLOCK[convention_id]


@pytest.mark.parametrize("convention_id", sorted(RESNET50))
def test_resnet50_for_every_tool(convention_id):
    assert read(preset("resnet50"), BY_ID[convention_id]).value == RESNET50[convention_id]


def test_every_convention_is_checked():
    assert set(BY_ID) == set(RESNET50) | {"keras"}


@pytest.mark.parametrize("network, convention_id, printed", [
    ("resnet18", "ptflops", "1.83 GMac"),  # ptflops README
    ("vgg16", "ptflops", "15.52 GMac"),  # ptflops README
    ("resnet50", "ptflops", "4.13 GMac"),  # ptflops README
    ("resnet50", "ptflops-aten", "4.09 GMac"),  # ptflops README, aten backend
    ("alexnet", "calflops", "1.43 GFLOPS"),  # calflops README table
    ("resnet50", "torchinfo", "4.09 G"),  # torchinfo tests/test_output/resnet50.out: 8.18 G at batch 2
    ("resnet50", "fvcore-train", "4.145 G"),  # MMEngine docs
])
def test_published_rounded_figures(network, convention_id, printed):
    convention = BY_ID[convention_id]
    assert convention.as_printed(read(preset(network), convention).value) == printed


def test_torchinfo_at_batch_2_prints_8_18_G():
    # torchinfo's own tests/test_output/resnet50.out summarizes ResNet-50 at batch 2: 8.18 G
    spec = presets.load("resnet50").specs[0]
    assert f"{read(analyze(spec, batch=2), BY_ID['torchinfo']).value / 1e9:.2f}" == "8.18"


def test_keras_params_add_the_batchnorm_statistics():
    # Keras' "Total params" = trainable + non-trainable (BN moving mean and variance)
    reading = read(preset("resnet50"), BY_ID["keras"])
    assert reading.value is None
    assert reading.params == 25_557_032 + 53_120


def test_calflops_flops_are_not_twice_its_macs():
    # conventions.md: calflops prints MACs equal to cnncalc's, and FLOPs that are not 2 × MACs
    report = preset("resnet50")
    assert read(report, BY_ID["calflops"]).value != 2 * report.totals.macs


@pytest.mark.parametrize("text, low, high", [
    ("4.12G", 4.115e9, 4.125e9), ("4.12e9", 4.115e9, 4.125e9), ("3.8 GFLOPs", 3.75e9, 3.85e9),
    ("4120000000", 4.12e9, 4.12e9 + 1), ("4,120,000,000", 4.12e9, 4.12e9 + 1), ("3.8 × 10^9", 3.75e9, 3.85e9),
    ("715M", 714.5e6, 715.5e6),
])
def test_figures_are_read_at_their_stated_precision(text, low, high):
    figure = parse_figure(text)
    assert (figure.low, figure.high) == pytest.approx((low, high))


@given(st.integers(0, 10**6), st.integers(0, 4), st.integers(-30, 30), st.integers(0, 10**9))
def test_a_figure_is_exact_and_its_interval_is_half_a_unit_of_its_last_digit(whole, decimals, exponent, count):
    digits = str(whole).rjust(decimals + 1, "0")
    text = f"{digits[:len(digits) - decimals]}.{digits[len(digits) - decimals:]}e{exponent}" if decimals else f"{whole}e{exponent}"
    value = Fraction(whole) / 10**decimals * Fraction(10) ** exponent
    assume(0 < value <= 10**30)
    figure = parse_figure(text)
    half = Fraction(1, 2) * Fraction(10) ** (exponent - decimals)
    assert (figure.value, figure.low, figure.high) == ((value, value, value + 1) if not (decimals or exponent)
                                                       else (value, value - half, value + half))
    assert relative(count, figure.value) == float(Fraction(count) / value - 1)  # rounded once, as Fraction does


def test_an_unreadable_figure_is_an_error():
    with pytest.raises(ValueError):
        parse_figure("about four billion")


def test_match_names_the_tool_behind_a_figure():
    variants = (preset("resnet50-v1"),)
    found = survey(preset("resnet50"), variants, "4.12G").found
    assert [(match.reading.convention.id, match.inside) for match in found] == [("ptflops-legacy", True)]
    found = survey(preset("resnet50"), variants, "4.145G").found
    assert [match.reading.convention.id for match in found] == ["fvcore-train"]
    # the paper's 3.8 × 10⁹: no tool gives it for v1.5; the nearest is v1's multiply-adds, 1.5 % above
    (nearest,) = survey(preset("resnet50"), variants, "3.8G").found
    assert (nearest.reading.network, nearest.inside) == ("resnet50-v1", False)
    assert f"{100 * nearest.difference:+.1f}" == "+1.5"


def test_cli_match(run):
    code, out, _ = run("conventions", "resnet50", "--match", "3.8G")
    assert code == 0
    assert ("no known convention gives 3.8G at its precision [3.75, 3.85) × 10⁹; the nearest is cnncalc on "
            "resnet50-v1: 3,857,973,248 (3.86 G), +1.5 % from it") in " ".join(out.split())


def test_cli_json(run):
    code, out, _ = run("conventions", "resnet50", "--json")
    document = json.loads(out)
    assert document["schema_version"] == 3 and document["name"] == "resnet50"
    rows = {row["id"]: row for row in document["conventions"]}
    assert {key for key in rows["fvcore"]} >= {"id", "tool", "label", "value", "params", "by_kind", "note"}
    assert rows["fvcore"]["by_kind"]["batchnorm"] == 22_227_968  # 2 per input element of every batchnorm
    assert rows["keras"]["value"] is None  # it prints no count of work
    assert {row_id: row["value"] for row_id, row in rows.items() if row_id != "keras"} == RESNET50
    code, out, _ = run("conventions", "resnet50", "--match", "4.12G", "--json")
    document = json.loads(out)
    assert len(document["conventions"]) == len(RESNET50) + 1  # every tool, as in every format
    assert [(row["id"], row["network"]) for row in document["match"]["rows"]] == [("ptflops-legacy", "resnet50")]


def test_cli_convention_column(run):
    code, out, _ = run("preset", "resnet50", "--convention", "fvcore", "--json")
    document = json.loads(out)
    assert document["convention"] == "fvcore"
    assert document["totals"]["counted"] == RESNET50["fvcore"]
    assert sum(layer["counted"] for layer in document["layers"]) == RESNET50["fvcore"]
    code, _, err = run("preset", "resnet50", "--convention", "flops")
    assert code == 2 and err.startswith("cnncalc: error: no convention `flops`; did you mean `ptflops`? choose "
                                        "from cnncalc, torch")
    assert "keras" not in err  # it prints no count of work
    assert run("preset", "resnet50", "--convention", "FVCORE", "--json")[0] == 0
    code, _, err = run("preset", "resnet50", "--convention", "keras")
    assert code == 2 and "prints no count of work" in err


def test_conventions_docs_table_is_the_data(overwrite):
    from cnncalc.conventions import rules_markdown
    from tests.conftest import ROOT

    page = ROOT / "docs" / "conventions.md"
    text = page.read_text(encoding="utf-8")
    if overwrite:  # the rules run from the table's header to the notes under it
        start, end = text.index("| kind | `cnncalc`"), text.index("\n\nNotes on the odd entries:")
        text = text[:start] + rules_markdown().rstrip("\n") + text[end:]
        page.write_text(text, encoding="utf-8")
    assert rules_markdown() in text


def test_every_tool_decides_every_layer_kind_and_says_where_it_read_it():
    # no silent zero: a kind added to cnncalc without a decision per tool fails here
    from cnncalc.conventions import GROUP_OF, GROUPS, QUANTITIES
    from cnncalc.engine import MERGES
    from cnncalc.layers import KINDS

    operations = {operation for kind, entry in KINDS.items() for operation in entry.operations or (kind,)}
    assert set(GROUP_OF) == operations | set(MERGES)
    assert sum(len(kinds) for kinds in GROUPS.values()) == len(GROUP_OF)  # each kind in one group
    for convention in CONVENTIONS:
        assert convention.source and convention.versions and convention.label
        assert set(convention.rules) == set(GROUPS), convention.id
        for rule in convention.rules.values():
            assert rule.where and all(quantity in QUANTITIES for _, quantity in rule.cost)


# A transposed convolution, 10×10×8 → 20×20×16 (kernel 3, stride 2, padding 1, output padding 1, bias):
# M at the input's size = 10·10·8 · 3·3·16 = 115,200; W = 3·3·8·16 = 1,152 at each of 20·20 outputs = 460,800;
# 20·20·16 = 6,400 bias outputs. Each tool's rule as read in its source (docs/conventions.md).
TRANSPOSED = {
    "cnncalc": 115_200, "torch": 2 * 115_200, "fvcore": 115_200, "fvcore-train": 115_200,
    "ptflops": 115_200 + 6_400,  # 0.7.5: conv_flops_counter_hook(transpose=True), the input's size
    "ptflops-0.7": 460_800 + 6_400, "ptflops-legacy": 460_800 + 6_400,  # before 0.7.5: the output's size
    "ptflops-aten": 115_200 + 6_400,
    "torchinfo": (1_152 + 16) * 400,  # (W + B) per output position
    "thop": 460_800,  # count_convNd: output elements × C_in/g × kernel
    "torchprofile": 6_400 * 8 * 9,  # C_out ≠ C_in: output elements × C_in × kernel
    "calflops": None,  # not reproduced: it divides by the groups twice
}



def test_ptflops_counts_relu6_once_and_relu_twice():
    # pytorch_ops.py relu_flops_counter_hook for both; F.relu is patched (so nn.ReLU is counted twice),
    # F.hardtanh, which nn.ReLU6 calls, is not: MobileNetV2's ReLU6 layers count once
    block = analyze(loads("input: 4x4x2\nlayers: [relu, relu6]\n"))
    assert read(block, BY_ID["ptflops"]).by_group == {"relu": 2 * 32, "relu6": 32}
    assert read(block, BY_ID["calflops"]).by_group == {"relu": 32}  # calflops patches F.relu, not F.hardtanh


def test_a_parameter_count_is_matched_too_and_said_to_be_one(run):
    # 25.6M is how torchvision's table and most papers print ResNet-50's 25,557,032 parameters;
    # Keras' summary adds batchnorm's running statistics: 25,610,152, also 25.6M
    code, out, _ = run("conventions", "resnet50", "--match", "25.6M")
    lines = " ".join(out.split()).split("25.6M at its precision is ")[1]
    assert lines.startswith("[25.55, 25.65) × 10⁶; a parameter count, given by:")
    assert "25,557,032" in lines and "params of keras on resnet50" in lines
    document = json.loads(run("conventions", "resnet50", "--match", "25.6M params", "--json")[1])
    assert {row["quantity"] for row in document["match"]["rows"]} == {"params"}
    assert json.loads(run("conventions", "resnet50", "--match", "25.6M FLOPs", "--json")[1])["match"]["rows"] == []


def test_a_count_cnncalc_does_not_reproduce_is_shown_as_such_never_as_zero(run):
    # ptflops ≥ 0.7.1 reaches LocalResponseNorm through the tensor operations it calls: not reproduced,
    # so AlexNet as Caffe builds it (two LRN layers) has no ptflops total; in every format it says so
    code, out, err = run("preset", "alexnet-caffe", "--convention", "ptflops", "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["totals"]["counted"] is None
    lrn = [layer["counted"] for layer in document["layers"] if layer["kind"] == "lrn"]
    assert len(lrn) == 2 and lrn == [None, None]
    assert all(layer["counted"] is not None for layer in document["layers"] if layer["kind"] == "conv")
    for extra in ((), ("--depth", "1")):
        for format_ in ("table", "markdown", "csv", "json"):
            code, out, err = run("preset", "alexnet-caffe", "--convention", "ptflops", "--format", format_, *extra)
            assert code == 0 and "internal error" not in err, (format_, extra, err)
    code, out, _ = run("preset", "alexnet-caffe", "--convention", "ptflops", "--columns", "counted")
    assert "—" in out
    assert "—: cnncalc does not reproduce ptflops's count of lrn: ptflops reaches LocalResponseNorm" in out  # says why
    code, out, _ = run("compare", "alexnet-caffe", "alexnet", "--convention", "ptflops", "--format", "csv")
    caffe, torchvision = list(csv.DictReader(io.StringIO(out)))
    assert caffe["counted_ptflops"] == "" and int(torchvision["counted_ptflops"]) > 0
    code, out, _ = run("compare", "alexnet-caffe", "alexnet", "--convention", "ptflops")
    counted_row = next(line for line in out.splitlines() if line.lstrip().startswith("ptflops"))
    assert "—" in counted_row and " 0 " not in f" {counted_row} "


# Upsampling, worked from each tool's rules (docs/conventions.md), on 10×10×8: nearest ×2 (20·20·8 = 3,200
# outputs), bilinear ×2 (40·40·8 = 12,800), bicubic to 50×50 (20,000).
UPSAMPLED_2D = {
    "cnncalc": 0, "torch": 0, "torchinfo": 0, "ptflops-aten": 0,  # no weights; no handler for interpolation
    "fvcore": 3_200 + 4 * 12_800, "fvcore-train": 3_200 + 4 * 12_800,  # nearest2d 1, bilinear2d 4; bicubic unsupported
    "ptflops": 2 * (3_200 + 12_800 + 20_000), "ptflops-0.7": 2 * (3_200 + 12_800 + 20_000),  # hook + F.interpolate
    "ptflops-legacy": 3_200 + 12_800 + 20_000,  # upsample_flops_counter_hook only
    "thop": 3_200 + 11 * 12_800 + (224 + 35) * 20_000,  # calculate_upsample: 1, 11, 224 + 35 per output
    "torchprofile": 4 * 12_800,  # nearest2d costs nothing, bilinear2d 4, bicubic has no handler
    "calflops": None,  # not reproduced
}


# batchnorm without affine (PyTorch's affine=False) on 10×10×8, 800 input elements, from each tool's
# rule for it (docs/conventions.md); with affine each doubles it, or adds one per element (training).
PLAIN_BATCHNORM = {
    "cnncalc": 0, "torch": 0, "ptflops-aten": 0,  # no weights; no handler
    "torchinfo": 0,  # calculate_macs counts parameters, and it has none
    "fvcore": 800, "fvcore-train": 4 * 800,  # batchnorm_flop_jit: 1 per element in eval, norm_flop_counter 4 in training
    "ptflops": 800, "ptflops-0.7": 800, "ptflops-legacy": 800,  # bn_flops_counter_hook: the input's elements
    "thop": 2 * 800,  # count_normalization: calculate_norm, 2 per element, not doubled
    "calflops": 800,  # _batch_norm_flops_compute: 1 per element
    "torchprofile": 0,  # _norm: 0 without affine
}


# groupnorm, layernorm and instancenorm on 10×10×8 (800 elements), each with and without affine, from
# each tool's rule (docs/conventions.md): the first three with affine, the last three without.
NORMALIZED = {
    "cnncalc": 0, "torch": 0, "ptflops-aten": 0,
    "torchinfo": 3 * 16,  # calculate_macs: the parameters (2 × 8 each) of those that have them
    "fvcore": 3 * 5 * 800 + 3 * 4 * 800, "fvcore-train": 3 * 5 * 800 + 3 * 4 * 800,  # norm_flop_counter: 5, or 4
    "ptflops": (2 + 1 + 2) * 800 + (1 + 1 + 1) * 800,  # bn_flops_counter_hook: LayerNorm has no `affine`
    "ptflops-0.7": (2 + 1 + 2) * 800 + (1 + 1 + 1) * 800,
    "ptflops-legacy": None,  # LayerNorm: no hook in 0.6.8, counted in 0.7.0
    "thop": (4 + 4) * 800 + (2 + 2) * 800,  # count_normalization for LayerNorm and InstanceNorm; GroupNorm unseen
    "calflops": 3 * 5 * 800 + 3 * 4 * 800,  # F.group_norm, F.layer_norm, F.instance_norm patched: 5, or 4
    "torchprofile": 3 * 800,  # _norm: the output's elements with affine, else 0
}


WORKED = {  # layers, their output, and each tool's count
    "normalizations": ("[groupnorm: {groups: 2}, layernorm, instancenorm: {affine: true}, "
                       "groupnorm: {groups: 2, affine: false}, layernorm: {affine: false}, instancenorm]",
                       (10, 10, 8), NORMALIZED),
    "batchnorm without affine": ("[batchnorm: {affine: false}]", (10, 10, 8), PLAIN_BATCHNORM),
    "transposed": ("[conv_transpose: {filters: 16, kernel: 3, stride: 2, padding: 1, output_padding: 1}]",
                   (20, 20, 16), TRANSPOSED),
    "upsampled": ("[{upsample: {scale: 2}}, {upsample: {scale: 2, mode: bilinear}}, "
                  "{upsample: {output_size: 50, mode: bicubic}}]", (50, 50, 8), UPSAMPLED_2D),
}


@pytest.mark.parametrize("case, convention_id", [(case, tool) for case in WORKED for tool in sorted(WORKED[case][2])])
def test_worked_layers_under_each_tool(case, convention_id):
    layers, output_shape, expected = WORKED[case]
    report = analyze(loads(f"input: 10x10x8\nlayers: {layers}\n"))
    assert report.output_shape == output_shape
    reading = read(report, BY_ID[convention_id])
    assert reading.value == expected[convention_id]
    if reading.value is None:
        assert reading.unreproduced.startswith(("transposed conv: ", "upsample", "layernorm: "))


def test_batchnorm_without_affine_as_fvcore_tests_it():
    # fvcore, tests/test_flop_count.py test_batchnorm: BatchNorm1d(10, affine=False) in eval on a batch of
    # 10 counts 10 · 10; BatchNorm2d(10, affine=False), left in training, on 10 × 10 × 5 × 5 counts 4 per element
    flat = analyze(loads("input: 10\nlayers: [batchnorm: {affine: false}]\n"), batch=10)
    assert read(flat, BY_ID["fvcore"]).value == 10 * 10
    planar = analyze(loads("input: 5x5x10\nlayers: [batchnorm: {affine: false}]\n"), batch=10)
    assert read(planar, BY_ID["fvcore-train"]).value == 4 * 10 * 10 * 5 * 5
    # PyTorch's BatchNorm2d(10, affine=False) has no parameters, only its two running statistics per channel
    (row,) = planar.layers
    assert (row.params, row.non_trainable) == (0, 2 * 10)


def test_upsampling_in_one_and_three_dimensions():
    # 16×4: nearest ×2 (32·4 = 128 outputs), linear ×2 (64·4 = 256); fvcore and torchprofile handle 2-D only
    line = analyze(loads("input: 16x4\nlayers: [{upsample: {scale: 2}}, {upsample: {scale: 2, mode: linear}}]\n"))
    assert {tool: read(line, BY_ID[tool]).value for tool in ("fvcore", "torchprofile", "thop", "ptflops")} == {
        "fvcore": 0, "torchprofile": 0, "thop": 128 + 5 * 256, "ptflops": 2 * (128 + 256)}
    # thop's count_upsample takes trilinear for a zero op
    volume = analyze(loads("input: 4x4x4x2\nlayers: [{upsample: {scale: 2, mode: trilinear}}]\n"))
    assert read(volume, BY_ID["thop"]).value == 0 and read(volume, BY_ID["ptflops-legacy"]).value == 8 * 8 * 8 * 2


def test_upsampling_figures_the_tools_test_themselves():
    # fvcore, tests/test_flop_count.py test_upsample: F.interpolate of a 2×2×2×2 input, bilinear ×2: 2**4 * 4 * 4
    batch_of_two = analyze(loads("input: 2x2x2\nlayers: [{upsample: {scale: 2, mode: bilinear}}]\n"), batch=2)
    assert read(batch_of_two, BY_ID["fvcore"]).value == 2**4 * 4 * 4
    # ptflops, tests/common_test.py test_func_interpolate_args: F.interpolate of 3×10×10 to 20×20 counts 1,200;
    # an nn.Upsample module calls F.interpolate, so its hook adds as many again
    module = analyze(loads("input: 10x10x3\nlayers: [{upsample: {output_size: 20, mode: bilinear}}]\n"))
    assert read(module, BY_ID["ptflops"]).value == 1_200 + 1_200


def test_frozen_layers_as_torchinfo_tests_them():
    # torchinfo, tests/torchinfo_xl_test.py test_frozen_layers: torchvision's ResNet-18 with its first 30
    # parameters frozen (conv1, bn1, layer1 and layer2) on 64×64: "Total params: 11,689,512", "Trainable
    # params: 11,006,440", "Non-trainable params: 683,072", "Total mult-adds (M): 148.57"
    # (tests/test_output/frozen_layers.out)
    import yaml

    from cnncalc import from_dict, presets

    document = yaml.safe_load(presets.text("resnet18"))
    document["input"] = "64x64x3"
    conv1, bn1, _, _, layer1, layer2, *_ = document["layers"]
    for item in (conv1, bn1, layer1, layer2):
        item[next(iter(item))]["trainable"] = False
    report = analyze(from_dict(document))
    totals = report.totals
    assert (totals.params, totals.params - totals.frozen, totals.frozen) == (11_689_512, 11_006_440, 683_072)
    assert f"{read(report, BY_ID['torchinfo']).value / 1e6:.2f}" == "148.57"



def test_a_reflection_padded_block_as_torchinfo_tests_it():
    # torchinfo, tests/fixtures/models.py ReuseReLU and tests/test_output/too_many_relus.out: a batch of
    # 4 × 4 × 64 × 64 through ReflectionPad2d(3) (4, 4, 70, 70), a 1×1 conv to 1 channel and batchnorm,
    # then three 1×1 convs with stride 2 and padding 1, each doubling the channels, with batchnorm:
    # "Total params: 91", "Total mult-adds (k): 155.54"
    report = analyze(loads("""
input: 64x64x4
layers:
  - pad: {padding: 3, mode: reflect}
  - conv: {filters: 1, kernel: 1}
  - batchnorm
  - relu
  - conv: {filters: 2, kernel: 1, stride: 2, padding: 1}
  - batchnorm
  - relu
  - conv: {filters: 4, kernel: 1, stride: 2, padding: 1}
  - batchnorm
  - relu
  - conv: {filters: 8, kernel: 1, stride: 2, padding: 1}
  - batchnorm
  - relu
"""), batch=4)
    assert report.layers[0].output_shape == (70, 70, 4) and report.output_shape == (11, 11, 8)
    assert report.totals.params == 91
    assert f"{read(report, BY_ID['torchinfo']).value / 1e3:.2f}" == "155.54"


def test_a_layer_scale_is_an_element_wise_product_to_the_tools():
    # torchvision writes it `self.layer_scale * result`: aten::mul, which torchprofile's _mul counts per
    # output element; ptflops patches torch.mul, not the * operator; torchinfo counts weights and biases only
    report = analyze(loads("input: 4x4x8\nlayers: [layer_scale]\n"))
    assert {tool: read(report, BY_ID[tool]).value for tool in ("torchprofile", "ptflops", "torchinfo", "fvcore")} == {
        "torchprofile": 4 * 4 * 8, "ptflops": 0, "torchinfo": 0, "fvcore": 0}


def test_an_autoencoder_with_max_unpool_as_torchinfo_tests_it():
    # torchinfo, tests/fixtures/models.py AutoEncoder and tests/test_output/autoencoder.out: 1 × 3 × 64 × 64
    # through a 3×3 conv to 16 (padding 1) and ReLU, MaxPool2d(2, 2), MaxUnpool2d(2, 2) back to 64×64, and a
    # 3×3 conv to 3 and ReLU: "Total params: 883", "Total mult-adds (M): 3.62"
    report = analyze(loads("""
input: 64x64x3
layers:
  - conv: {filters: 16, kernel: 3, padding: 1}
  - relu
  - maxpool: {kernel: 2}
  - max_unpool: {kernel: 2}
  - conv: {filters: 3, kernel: 3, padding: 1}
  - relu
"""))
    assert report.layers[3].output_shape == (64, 64, 16) and report.output_shape == (64, 64, 3)
    assert report.totals.params == 883
    assert f"{read(report, BY_ID['torchinfo']).value / 1e6:.2f}" == "3.62"
    from cnncalc.receptive import UPSAMPLED

    assert report.receptive_field == UPSAMPLED  # no single field past it, as after an upsampling


def test_prelu_under_each_tool():
    # 10×10×8 (800 values), nn.PReLU(8): ptflops hooks it as a ReLU and, from 0.7.2, patches F.prelu,
    # which the module calls; calflops' _prelu_flops_compute counts its input; torchinfo its 8 slopes
    report = analyze(loads("input: 10x10x8\nlayers: [prelu: {slopes: per_channel}]\n"))
    values = {tool: read(report, BY_ID[tool]).value for tool in
              ("ptflops", "ptflops-legacy", "calflops", "torchinfo", "fvcore", "torchprofile", "thop")}
    assert values == {"ptflops": 1_600, "ptflops-legacy": 800, "calflops": 800, "torchinfo": 8, "fvcore": 0,
                      "torchprofile": 0, "thop": None}


def test_keras_preprocessing_is_not_guessed_for_pytorch_tools():
    report = analyze(loads("input: 8x8x3\nlayers: [rescaling: {scale: 0.5}, normalization]\n"))
    assert read(report, BY_ID["cnncalc"]).value == 0
    assert read(report, BY_ID["torchinfo"]).value is None  # shown as —, never as 0
    assert read(report, BY_ID["keras"]).params == 2 * 3 + 1  # Total params: the Normalization's 7


def test_a_siamese_network_as_torchinfo_tests_it():
    # torchinfo, tests/fixtures/models.py SiameseNets and tests/test_output/siamese_net.out: two 1 × 1 × 88 × 88
    # inputs through the same convs, pooling and fc1, |x1 − x2| (an element-wise join, here an add: neither
    # counts anything), dropout, fc2 and a sigmoid: "Total params: 2,251,585", "Total mult-adds (G): 1.06",
    # the second tower's layers "(recursive)"
    report = analyze(loads("""
inputs: {x1: 88x88x1, x2: 88x88x1}
blocks:
  tower:
    layers:
      - conv: {filters: 64, kernel: 10}
      - relu
      - maxpool: {kernel: 2}
      - conv: {filters: 128, kernel: 7}
      - relu
      - maxpool: {kernel: 2}
      - conv: {filters: 128, kernel: 4}
      - relu
      - maxpool: {kernel: 2}
      - conv: {filters: 256, kernel: 4}
      - relu
      - maxpool: {kernel: 2}
      - flatten
      - dense: {units: 4096}
layers:
  - tower: {name: left}
  - tower: {name: right, from: x2, shares: left}
  - add: {from: [left, right]}
  - dropout
  - dense: {units: 1}
  - sigmoid
"""))
    assert report.totals.params == 2_251_585
    assert f"{read(report, BY_ID['torchinfo']).value / 1e9:.2f}" == "1.06"
    assert sum(1 for row in report.layers if row.shared_with and row.counts.weights) == 5  # torchinfo's "(recursive)" rows
    assert sum(row.params for row in report.layers) == report.totals.params  # a shared row holds none of its own


def test_frozen_layers_as_keras_and_torchinfo_print_them(run):
    # Keras 3.15.1 (run on 2026-11-25): Conv2D(16, 3) and BatchNormalization with trainable = False, then
    # global average pooling and Dense(10), on 32×32×3: trainable 170, non-trainable 512, total 682
    spec = ("input: 32x32x3\nlayers:\n  - sequential:\n      trainable: false\n"
            "      layers: [conv: {filters: 16, kernel: 3}, batchnorm, relu]\n  - global_avgpool\n  - flatten\n"
            "  - dense: {units: 10}\n")
    code, out, _ = run("conventions", "-", stdin=spec)
    text = " ".join(out.split())
    assert code == 0
    assert "torchinfo prints Trainable params 170 and Non-trainable params 480" in text  # 448 + 32 frozen
    assert "Keras' model.summary() Trainable params 170 and Non-trainable params 512" in text
