"""Receptive fields (Araujo, Norris and Sim, "Computing Receptive Fields of Convolutional Neural
Networks", Distill 2019): size r, effective stride j and effective padding p per spatial axis."""
import json

import pytest

from cnncalc import analyze, load, loads, presets
from cnncalc.receptive import TRANSPOSED, WHOLE
from tests.conftest import ROOT


def field(text):
    return analyze(loads(text)).receptive_field


# google-research/receptive_field, RECEPTIVE_FIELD_TABLE.md: (end point, size, stride, padding),
# for specs in tests/receptive_field/ written to mirror the TF-slim networks
@pytest.mark.parametrize("network, size, stride, padding", [
    ("alexnet_v2", 195, 32, 64),  # at pool5
    ("vgg_16", 212, 32, 90),  # at pool5
    ("mobilenet_v1", 315, 32, 126),  # at Conv2d_13_pointwise, TF `same` padding at 224
    ("inception_v3", 1311, 32, 618),  # at Mixed_7c
])
def test_published_receptive_fields(network, size, stride, padding):
    report = analyze(load(ROOT / "tests" / "receptive_field" / f"{network}.yaml"))
    assert report.receptive_field == ((size, size), (stride, stride), (padding, padding))
    assert report.warnings == ()


def test_hand_worked_stack():
    # r: 1 → 1 + 2·1 = 3 (3×3) → 3 + 1·1 = 4 (2×2 pool, j becomes 2) → 4 + 2·2 = 8 (3×3); p: 0 → 1 → 1 → 1 + 1·2 = 3
    assert field("input: 32x32x3\nlayers:\n  - conv: {filters: 8, kernel: 3, padding: 1}\n"
                 "  - maxpool: {kernel: 2}\n  - conv: {filters: 8, kernel: 3, padding: 1}\n") == ((8, 8), (2, 2), (3, 3))


def test_dilated_conv():
    # kernel 3, dilation 4: r = 1 + (3 − 1)·4 = 9; padding 4 before
    assert field("input: 32x32x3\nlayers: [conv: {filters: 8, kernel: 3, dilation: 4, padding: 4}]\n") == \
        ((9, 9), (1, 1), (4, 4))


def test_asymmetric_kernel_pair():
    # 1×7 then 7×1 (Inception-v3): each widens one axis by 6, together a 7×7 field
    one = field("input: 17x17x8\nlayers: [conv: {filters: 8, kernel: [1, 7], padding: [0, 3]}]\n")
    assert one == ((1, 7), (1, 1), (0, 3))
    both = field("input: 17x17x8\nlayers:\n  - conv: {filters: 8, kernel: [1, 7], padding: [0, 3]}\n"
                 "  - conv: {filters: 8, kernel: [7, 1], padding: [3, 0]}\n")
    assert both == ((7, 7), (1, 1), (3, 3))


def test_one_and_three_dimensional():
    # a TCN of three 3-tap layers with dilations 1, 2, 4: r = 1 + 2 + 4 + 8 = 15
    tcn = "input: 100x16\nlayers:\n" + "".join(f"  - conv: {{filters: 16, kernel: 3, dilation: {d}}}\n" for d in (1, 2, 4))
    assert field(tcn) == ((15,), (1,), (0,))
    # C3D's first conv and pool: 3×3×3, then a 1×2×2 pool of stride 1×2×2
    c3d = "input: 16x112x112x3\nlayers:\n  - conv: {filters: 64, kernel: 3, padding: 1}\n  - maxpool: {kernel: [1, 2, 2]}\n"
    assert field(c3d) == ((3, 4, 4), (1, 2, 2), (1, 1, 1))


def test_whole_input_after_global_pooling_and_the_document_keeps_the_last_spatial_field():
    report = analyze(loads("input: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 3}\n  - global_avgpool\n"
                           "  - flatten\n  - dense: {units: 2}\n"))
    assert [layer.receptive_field for layer in report.layers] == [((3, 3), (1, 1), (0, 0)), WHOLE, WHOLE, WHOLE]
    assert report.receptive_field == ((3, 3), (1, 1), (0, 0))


def test_unaligned_join_warns_and_shows_the_largest_path():
    # a 2×2 valid conv shifts the centre by half a pixel against the identity path
    report = analyze(loads("input: 8x8x4\nlayers:\n  - residual:\n      - conv: {filters: 4, kernel: 2, padding: [[0, 1], [0, 1]]}\n"))
    assert report.warnings == ("residual: the paths meeting here do not line up: the layers' output has stride 1 and "
                               "centre 0.5, shortcut stride 1 and centre 0; the field shown is the largest path's",)
    assert report.receptive_field == ((2, 2), (1, 1), (0, 0))


def test_aligned_joins_give_no_warning_in_any_preset():
    for name in presets.names():
        for spec in presets.load(name).specs:
            assert analyze(spec).warnings == (), name


def test_inception_branches_see_the_same_centre_with_different_fields():
    for spec in presets.load("inception-3a").specs:
        join = analyze(spec).layers[-1]
        assert [branch[0] for branch in join.branch_fields] == [(1, 1), (3, 3), (5, 5), (3, 3)]
        assert len({(r[0] - 1) / 2 - p[0] for r, _, p in join.branch_fields}) == 1


def test_resnet50_field():
    # 427 pixels at layer4, as commonly computed for torchvision's ResNet-50
    assert analyze(presets.load("resnet50").specs[0]).receptive_field == ((427, 427), (32, 32), (213, 213))


def test_json_always_carries_the_fields(run):
    code, out, _ = run("analyze", str(ROOT / "tests" / "receptive_field" / "vgg_16.yaml"), "--json")
    document = json.loads(out)
    assert document["receptive_field"] == {"size": [212, 212], "stride": [32, 32], "padding": [90, 90]}
    assert document["layers"][0]["receptive_field"] == {"size": [3, 3], "stride": [1, 1], "padding": [1, 1]}


def test_rf_columns_in_the_table_and_csv(run):
    code, out, _ = run("analyze", str(ROOT / "specs" / "inception-v3-7x7.yaml"), "--rf", "--format", "csv")
    header, first, *_ = out.splitlines()
    assert "rf_size,rf_stride,rf_padding" in header
    code, out, _ = run("analyze", str(ROOT / "specs" / "inception-v3-7x7.yaml"), "--rf", "--no-formulas")
    assert "1×7" in out and "RF stride" in out


def test_compare_shows_each_final_field(run):
    code, out, _ = run("compare", "vgg16", "alexnet")
    assert "212/32/90" in out and "195/32/66" in out


def test_the_field_can_be_left_out_for_speed():
    spec = presets.load("resnet50").specs[0]
    without = analyze(spec, receptive_field=False)
    assert without.receptive_field is None
    assert without.totals == analyze(spec).totals


def test_after_a_transposed_conv_the_field_is_not_defined():
    # a U-Net's decoder: the output's field is unknown, not the last field found before the upsampling
    report = analyze(load(ROOT / "specs" / "unet-small.yaml"))
    assert report.output_shape == (64, 64, 2)
    assert report.receptive_field == report.layers[-1].receptive_field == TRANSPOSED


def test_a_lesson_names_branch_fields_only_where_every_path_has_one(write_spec, run):
    # the gate of a squeeze-and-excitation sees the whole input: no size to name for that path
    lesson_spec = write_spec("""
name: gates
lesson: "fields {branch_fields#1}; {branch_fields#2}"
input: 8x8x4
variants:
  - name: gated
    layers:
      - scale: [global_avgpool, {conv: {filters: 4, kernel: 1}}, sigmoid]
  - name: inception
    layers:
      - concat: [[{conv: {filters: 2, kernel: 1}}], [{conv: {filters: 2, kernel: 3, padding: 1}}]]
""")
    code, out, err = run("analyze", str(lesson_spec))
    assert code == 0, err
    assert "fields n/a; 1 and 3 pixels" in " ".join(out.split())


def test_no_field_past_an_upsampling():
    from cnncalc.receptive import UPSAMPLED

    report = analyze(loads("input: 16x16x4\nlayers: [{conv: {filters: 4, kernel: 3}}, {upsample: {scale: 2}}, "
                           "{conv: {filters: 4, kernel: 3}}]\n"))
    assert report.layers[0].receptive_field == ((3, 3), (1, 1), (0, 0))
    assert report.layers[1].receptive_field == report.layers[2].receptive_field == UPSAMPLED
