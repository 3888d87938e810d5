"""Bytes moved and arithmetic intensity, from hand formulas: a layer reads its weights (once for the
batch) and its input, and writes its output; a layer that changes no value moves nothing."""
import pytest

from cnncalc import analyze, from_dict
from cnncalc.layers import ACTIVATIONS, KINDS

# One layer of each kind that takes an 8×8×4 input
SAMPLES = {
    "conv": {"filters": 8, "kernel": 3, "padding": 1}, "conv_transpose": {"filters": 4, "kernel": 2, "stride": 2},
    "depthwise_conv": {"kernel": 3, "padding": 1}, "separable_conv": {"filters": 8, "kernel": 3, "padding": 1},
    "dense": {"units": 10}, "maxpool": {"kernel": 2}, "avgpool": {"kernel": 2}, "global_avgpool": {},
    "global_maxpool": {}, "adaptive_avgpool": {"output_size": 2}, "adaptive_maxpool": {"output_size": 2},
    "batchnorm": {}, "groupnorm": {"groups": 2}, "layernorm": {}, "instancenorm": {}, "layer_scale": {},
    "rescaling": {}, "normalization": {}, "prelu": {}, "pixel_shuffle": {"factor": 2},
    "pixel_unshuffle": {"factor": 2}, "max_unpool": {"kernel": 2}, "crop": {"by": 1}, "pad": {"padding": 1},
    "lrn": {}, "channel_shuffle": {"groups": 2}, "channel_slice": {"stop": 2}, "upsample": {"scale": 2},
    "flatten": {}, "reshape": {"shape": [-1, 4]}, "dropout": {}, "identity": {},
    "uncounted": {"op": "DepthToSpace", "shape": [16, 16, 1], "params": 3},
    **{activation: {} for activation in ACTIVATIONS},
}
MOVE_NOTHING = {"flatten", "reshape", "dropout", "identity"}


def _report(layers, batch=1, dtype="float32", input_shape="8x8x4"):
    return analyze(from_dict({"input": input_shape, "layers": layers}), batch=batch, dtype=dtype)


def test_every_kind_has_a_sample():
    assert set(SAMPLES) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_kind_moves_its_weights_once_and_its_input_and_output_per_sample(kind):
    # batch 3 at float16 (2 bytes a value): weights and statistics once, 3 inputs read, 3 outputs written
    (row,) = _report([{kind: SAMPLES[kind]}], batch=3, dtype="float16").layers
    stored = row.counts.params + row.counts.non_trainable
    inputs, outputs = 8 * 8 * 4, 1
    for size in row.output_shape:
        outputs *= size
    expected = 0 if kind in MOVE_NOTHING else 2 * stored + 3 * 2 * inputs + 3 * 2 * outputs
    assert row.moved_bytes == expected
    assert row.intensity == (row.flops / expected if expected else None)


def test_a_convolution_by_hand():
    # 3×3 conv, 4 → 8 channels with bias, on 8×8: (3·3·4·8 + 8) weights, 8·8·4 in, 8·8·8 out, 4 bytes each
    (conv,) = _report([{"conv": SAMPLES["conv"]}]).layers
    assert conv.moved_bytes == 4 * (3 * 3 * 4 * 8 + 8) + 4 * 8 * 8 * 4 + 4 * 8 * 8 * 8 == 4_256
    assert conv.intensity == 2 * (8 * 8 * 8 * 3 * 3 * 4) / 4_256  # 36,864 FLOPs over 4,256 bytes


def test_a_batchnorm_reads_its_four_values_per_channel():
    # γ, β, running mean and variance per channel, then the input, then the output
    (norm,) = _report([{"batchnorm": {}}]).layers
    assert norm.moved_bytes == 4 * (4 * 4) + 4 * 256 + 4 * 256
    assert norm.intensity == 0


def test_joins_read_every_input():
    report = _report([{"residual": {"layers": [{"conv": {"filters": 4, "kernel": 1, "bias": False}}]}}])
    conv, add = report.layers
    assert add.kind == "add" and add.moved_bytes == 4 * (256 + 256) + 4 * 256  # the conv's output and the shortcut
    report = _report([{"concat": [[{"conv": {"filters": 2, "kernel": 1, "bias": False}}], []]}])
    *_, concat = report.layers
    assert concat.moved_bytes == 4 * (8 * 8 * 2 + 8 * 8 * 4) + 4 * 8 * 8 * 6


def test_shared_weights_are_read_where_they_are_counted():
    layers = [{"conv": {"filters": 4, "kernel": 1, "bias": False}, "name": "a"},
              {"conv": {"filters": 4, "kernel": 1, "bias": False}, "shares": "a"}]
    first, second = _report(layers).layers
    assert first.moved_bytes == 4 * 16 + 4 * 256 + 4 * 256
    assert second.moved_bytes == 4 * 256 + 4 * 256


def test_totals_folded_blocks_and_rows_add_up():
    from cnncalc import folded, presets

    report = analyze(presets.load("resnet50").specs[0])
    assert report.totals.moved_bytes == sum(layer.moved_bytes for layer in report.layers)
    assert sum(row.moved_bytes for row in folded(report, 1)) == report.totals.moved_bytes
    assert report.totals.intensity == report.totals.flops / report.totals.moved_bytes


def test_depthwise_moves_as_much_as_it_computes_and_a_large_3x3_computes_far_more():
    # the roofline lesson (Williams, Waterman and Patterson 2009): a 3×3 depthwise conv on 56×56×128
    # does 9 multiply-adds per output value for 4 bytes read and 4 written; a 3×3 conv 128 → 128
    # does 9·128 of them
    depthwise, = _report([{"depthwise_conv": {"kernel": 3, "padding": 1, "bias": False}}],
                         input_shape="56x56x128").layers
    conv, = _report([{"conv": {"filters": 128, "kernel": 3, "padding": 1, "bias": False}}],
                    input_shape="56x56x128").layers
    values = 56 * 56 * 128
    assert depthwise.intensity == 2 * 9 * values / (4 * 9 * 128 + 8 * values)
    assert conv.intensity == 2 * 9 * 128 * values / (4 * 9 * 128 * 128 + 8 * values)
    assert depthwise.intensity < 3 < 100 < conv.intensity
