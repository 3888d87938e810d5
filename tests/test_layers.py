"""Each layer rule against a case worked by hand; the comment on each case says where it comes from."""
import pytest

from cnncalc import SpecError, analyze, from_dict
from cnncalc.layers import KINDS, same_padding
from cnncalc.receptive import UNKNOWN


def one_layer(input_shape, layer):
    """Analyze a spec of one layer and return its row."""
    report = analyze(from_dict({"input": list(input_shape), "layers": [layer]}))
    (row,) = report.layers
    return row


CONV_CASES = [
    # (input, settings, output, weights, bias, macs, source)
    ((6, 6, 1), {"filters": 1, "kernel": 1, "bias": False}, (6, 6, 1), 1, 0, 36,
     "Ng, 1×1 lesson: 6×6×1 input times one 1×1×1 filter"),
    ((6, 6, 32), {"filters": 1, "kernel": 1, "bias": False}, (6, 6, 1), 32, 0, 36 * 32,
     "Ng, 1×1 lesson: one 1×1×32 filter on 6×6×32 sums 32 products per cell"),
    ((28, 28, 192), {"filters": 32, "kernel": 1, "bias": False}, (28, 28, 32), 6_144, 0, 28 * 28 * 32 * 192,
     "Ng, 1×1 lesson: 28×28×192, 32 filters 1×1, 1×1×192×32 = 6,144"),
    ((28, 28, 192), {"filters": 192, "kernel": 1, "bias": False}, (28, 28, 192), 192 * 192, 0, 28 * 28 * 192 * 192,
     "Ng, 1×1 lesson: 1×1 conv with 192 filters keeps 28×28×192"),
    ((200, 200, 50), {"filters": 20, "kernel": 1, "bias": False}, (200, 200, 20), 1_000, 0, 200 * 200 * 20 * 50,
     "Prakash 2016, One by One: 200×200×50 with 20 filters of 1×1 gives 200×200×20"),
    ((7, 9, 16), {"filters": 8, "kernel": 1, "stride": 2, "bias": False}, (4, 5, 8), 128, 0, 4 * 5 * 8 * 16,
     "window arithmetic: 1×1 stride 2 gives ⌈H/2⌉×⌈W/2⌉, no extra weights"),
    ((256, 256, 3), {"filters": 512, "kernel": 3, "padding": "same"}, (256, 256, 512), 13_824, 512,
     256 * 256 * 512 * 27, "Brownlee 2019 (Keras summary): Conv2D(512, 3×3, same) has 14,336 params"),
    ((256, 256, 512), {"filters": 64, "kernel": 7, "padding": "same", "bias": False}, (256, 256, 64),
     1_605_632, 0, 256 * 256 * 64 * 7 * 7 * 512, "Brownlee 2019: 7×7×512×64 = 1,605,632 weights"),
    ((112, 112, 32), {"filters": 32, "kernel": 3, "padding": 1, "groups": 32, "bias": False}, (112, 112, 32),
     288, 0, 112 * 112 * 32 * 9, "MobileNet (Howard et al. 2017, §3.1): depthwise has Dk·Dk·M weights"),
    ((32, 32, 8), {"filters": 8, "kernel": 3, "dilation": 2, "bias": False}, (28, 28, 8), 576, 0, 28 * 28 * 8 * 72,
     "out = ⌊(32 − 2·(3−1) − 1)/1⌋ + 1 = 28, the dilation formula in PyTorch's Conv2d docs"),
    ((100, 16), {"filters": 32, "kernel": 3}, (98, 32), 1_536, 32, 98 * 32 * 48,
     "1-D (a TCN layer, a question under Brownlee's tutorial): 3·16·32 weights, 98 positions"),
    ((16, 112, 112, 3), {"filters": 64, "kernel": 3, "padding": 1}, (16, 112, 112, 64), 5_184, 64,
     16 * 112 * 112 * 64 * 81, "3-D (C3D conv1a, Tran et al. 2015): 3×3×3×3×64 weights"),
    ((17, 17, 768), {"filters": 192, "kernel": [1, 7], "padding": [0, 3], "bias": False}, (17, 17, 192),
     7 * 768 * 192, 0, 17 * 17 * 192 * 7 * 768, "Inception-v3's asymmetric 1×7 conv (Szegedy et al. 2015)"),
    ((8, 8, 4), {"filters": 2, "kernel": 3, "padding": [[0, 2], [1, 1]], "bias": False}, (8, 8, 2), 72, 0,
     8 * 8 * 2 * 36, "per-axis [before, after] padding: ⌊(8 + 2 − 3)/1⌋ + 1 = 8 on both axes"),
]


@pytest.mark.parametrize("input_shape, settings, output, weights, bias, macs, source", CONV_CASES,
                         ids=[case[-1][:40] for case in CONV_CASES])
def test_conv(input_shape, settings, output, weights, bias, macs, source):
    row = one_layer(input_shape, {"conv": settings})
    assert (row.output_shape, row.weights, row.bias, row.macs) == (output, weights, bias, macs)
    assert row.flops == 2 * macs


def test_conv_formula_is_written_as_the_lessons_write_it():
    # Szegedy et al. 2014: the reduced inception's 3×3 branch, 3×3×96×128 = 110,592
    row = one_layer((28, 28, 96), {"conv": {"filters": 128, "kernel": 3, "padding": "same", "bias": False}})
    assert row.formula() == {
        "output": "⌊(28 + 2 − 3)/1⌋ + 1 = 28",
        "weights": "3×3×96×128 = 110,592",
        "macs": "28×28×128 × 3×3×96 = 86,704,128",
    }


@pytest.mark.parametrize("size, kernel, stride, expected", [
    (7, 3, 2, (1, 1)),  # out ⌈7/2⌉ = 4 needs (4−1)·2 + 3 − 7 = 2 padding, split evenly
    (8, 3, 2, (0, 1)),  # out 4 needs 1: TensorFlow puts the odd pixel after
    (224, 7, 2, (2, 3)),  # MobileNet/TF-slim conv1 at 224: (112−1)·2 + 7 − 224 = 5
    (5, 1, 1, (0, 0)),
])
def test_same_padding_follows_tensorflow(size, kernel, stride, expected):
    assert same_padding(size, kernel, stride) == expected


# Keras 3.15.1's count_params() of each layer, built on the input shown (run on 2026-11-25), beside
# the formula of docs/counting.md worked by hand.
DEPTHWISE_CASES = [
    # (input, layer, output, weights, bias, macs)
    ((112, 112, 32), {"separable_conv": {"filters": 64, "kernel": 3, "padding": "same"}}, (112, 112, 64),
     3 * 3 * 32 + 32 * 64, 64, 112 * 112 * 32 * 9 + 112 * 112 * 64 * 32),  # SeparableConv2D(64, 3, "same"): 2,400
    ((112, 112, 64), {"depthwise_conv": {"kernel": 3, "depth_multiplier": 2, "stride": 2, "padding": "same"}},
     (56, 56, 128), 3 * 3 * 64 * 2, 128, 56 * 56 * 128 * 9),  # DepthwiseConv2D(3, depth_multiplier=2, strides=2): 1,280
    ((56, 56, 128), {"separable_conv": {"filters": 16, "kernel": [3, 5], "depth_multiplier": 3, "bias": False}},
     (54, 52, 16), 3 * 5 * 128 * 3 + 384 * 16, 0, 54 * 52 * 384 * 15 + 54 * 52 * 16 * 384),  # (3, 5), m=3: 11,904
]


@pytest.mark.parametrize("input_shape, layer, output, weights, bias, macs", DEPTHWISE_CASES)
def test_depthwise_and_separable_conv_as_keras_counts(input_shape, layer, output, weights, bias, macs):
    row = one_layer(input_shape, layer)
    assert (row.output_shape, row.weights, row.bias, row.macs) == (output, weights, bias, macs)


def test_a_depthwise_conv_is_a_conv_with_a_group_per_channel():
    # PyTorch writes it nn.Conv2d(C, C·m, k, groups=C); both give the same row
    depthwise = one_layer((28, 28, 24), {"depthwise_conv": {"kernel": 5, "depth_multiplier": 2, "padding": 2}})
    grouped = one_layer((28, 28, 24), {"conv": {"filters": 48, "kernel": 5, "padding": 2, "groups": 24}})
    assert depthwise.counts == grouped.counts


def test_a_separable_conv_formula_says_both_of_its_parts():
    row = one_layer((8, 8, 4), {"separable_conv": {"filters": 6, "kernel": 3}})
    assert row.formula() == {
        "output": "⌊(8 + 0 − 3)/1⌋ + 1 = 6", "depthwise weights": "3×3×1×4 = 36", "pointwise weights": "4×6 = 24",
        "depthwise macs": "6×6×4 × 3×3 = 1,296", "pointwise macs": "6×6×6 × 4 = 864", "bias": "6"}


def test_conv_transpose():
    # PyTorch ConvTranspose2d docs: out = (n−1)·s − 2p + d·(k−1) + output_padding + 1 = 6·2 − 2 + 3 + 1 = 14
    row = one_layer((7, 7, 64), {"conv_transpose": {"filters": 32, "kernel": 4, "stride": 2, "padding": 1}})
    assert row.output_shape == (14, 14, 32)
    assert row.weights == 4 * 4 * 64 * 32 and row.bias == 32
    assert row.macs == 7 * 7 * 64 * 4 * 4 * 32  # every input value meets every tap of every filter


@pytest.mark.parametrize("input_shape, kind, settings, output, source", [
    ((112, 112, 64), "maxpool", {"kernel": 3, "stride": 2, "ceil_mode": True}, (56, 56, 64),
     "torchvision GoogLeNet maxpool1: ⌈(112 − 3)/2⌉ + 1 = 56"),
    ((112, 112, 64), "maxpool", {"kernel": 3, "stride": 2}, (55, 55, 64), "the same without ceil_mode: 55"),
    ((112, 112, 64), "maxpool", {"kernel": 3, "stride": 2, "padding": 1}, (56, 56, 64), "torchvision ResNet"),
    ((5, 5, 1), "maxpool", {"kernel": 2, "stride": 2, "padding": 1, "ceil_mode": True}, (3, 3, 1),
     "PyTorch drops a last window starting in the padding: ⌈(5+2−2)/2⌉+1 = 4 → 3"),
    ((28, 28, 192), "maxpool", {"kernel": 3, "stride": 1, "padding": "same"}, (28, 28, 192),
     "Szegedy et al. 2014: inception's 3×3 max-pool, stride 1, same"),
    ((13, 13, 256), "avgpool", {"kernel": 2}, (6, 6, 256), "stride defaults to the kernel"),
    ((7, 7, 2048), "global_avgpool", {}, (1, 1, 2048), "torchvision AdaptiveAvgPool2d(1)"),
    ((13, 13, 256), "adaptive_avgpool", {"output_size": 6}, (6, 6, 256), "torchvision AlexNet avgpool"),
    ((7, 7, 512), "flatten", {}, (25_088,), "VGG: 7·7·512 = 25,088 features"),
    ((28, 28, 116), "channel_shuffle", {"groups": 2}, (28, 28, 116), "ShuffleNetV2"),
    ((28, 28, 116), "channel_slice", {"start": 58, "stop": 116}, (28, 28, 58), "ShuffleNetV2 channel split"),
    ((28, 28, 64), "dropout", {}, (28, 28, 64), "identity at inference"),
    ((55, 55, 96), "lrn", {"size": 5}, (55, 55, 96), "AlexNet's local response normalization keeps the shape"),
    ((7, 7, 8), "identity", {}, (7, 7, 8), "passes its input through"),
    ((7, 7, 512), "global_maxpool", {}, (1, 1, 512), "torchvision AdaptiveMaxPool2d(1)"),
    ((14, 14, 512), "adaptive_maxpool", {"output_size": 7}, (7, 7, 512), "windows of 2, stride 2"),
])
def test_shape_only_layers(input_shape, kind, settings, output, source):
    row = one_layer(input_shape, {kind: settings})
    assert row.output_shape == output
    assert (row.params, row.macs) == (0, 0)


def test_dense():
    # torchvision AlexNet classifier[6]: Linear(4096, 1000) has 4,097,000 params
    row = one_layer((4096,), {"dense": {"units": 1000}})
    assert (row.output_shape, row.weights, row.bias, row.macs) == ((1000,), 4_096_000, 1000, 4_096_000)


def test_dense_on_a_map_acts_on_the_last_axis():
    # Keras Dense on a 4×4×8 map: one 8→3 product per position, 16·8·3 MACs
    row = one_layer((4, 4, 8), {"dense": {"units": 3, "bias": False}})
    assert (row.output_shape, row.weights, row.macs) == ((4, 4, 3), 24, 16 * 24)


def test_one_by_one_conv_equals_dense_on_a_one_by_one_map():
    # Lin et al. 2013: "no fully connected layers, only 1×1 convolutions": same weights N·M and MACs
    conv = one_layer((1, 1, 512), {"conv": {"filters": 1000, "kernel": 1}})
    dense = one_layer((1, 1, 512), {"dense": {"units": 1000}})
    assert (conv.weights, conv.bias, conv.macs) == (dense.weights, dense.bias, dense.macs) == (512_000, 1000, 512_000)


def test_batchnorm():
    # PyTorch BatchNorm2d(64): weight and bias trainable (128), running mean and var buffers (128)
    row = one_layer((56, 56, 64), {"batchnorm": {}})
    assert (row.weights, row.bias, row.params, row.non_trainable, row.macs) == (0, 0, 128, 128, 0)


@pytest.mark.parametrize("kind", sorted(kind for kind, entry in KINDS.items() if entry.summary == "activation"))
def test_activations_keep_the_shape_and_cost_nothing(kind):
    row = one_layer((7, 7, 3), kind)
    assert (row.output_shape, row.params, row.macs) == ((7, 7, 3), 0, 0)


@pytest.mark.parametrize("input_shape, layer, message", [
    ((4, 4, 3), {"conv": {"filters": 8, "kernel": 7}},
     "kernel 7×7 does not fit spatial axis 1: it reaches 7, but the input is 4 + padding 0 = 4"),
    ((8, 8, 6), {"conv": {"filters": 8, "kernel": 1, "groups": 4}},
     "groups=4 must divide both the input channels (6) and filters (8)"),
    ((64,), {"conv": {"filters": 8, "kernel": 1}}, "conv needs spatial axes, but its input 64 is flat"),
    ((8, 8, 6), {"channel_slice": {"start": 4, "stop": 9}}, "needs start < stop ≤ 6 input channels; got 4..9"),
    ((8, 8, 6), {"channel_shuffle": {"groups": 4}}, "groups=4 must divide the channels (6)"),
    ((7, 7, 4), {"conv_transpose": {"filters": 4, "kernel": 3, "stride": 2, "output_padding": 2}},
     "output_padding must be smaller than the stride or the dilation"),
])
def test_rule_errors(input_shape, layer, message):
    with pytest.raises(SpecError) as caught:
        one_layer(input_shape, layer)
    assert caught.value.message == message
    assert caught.value.location.path == next(iter(layer))


@pytest.mark.parametrize("input_shape, settings, output, source", [
    ((2, 2, 1), {"scale": 2}, (4, 4, 1), "PyTorch's nn.Upsample docs: a 1×1×2×2 input, scale_factor=2, gives 4×4"),
    ((28, 28, 64), {"scale": [2, 3], "mode": "bicubic"}, (56, 84, 64), "output = input × scale_factor, per axis"),
    ((13, 13, 256), {"output_size": [26, 39], "mode": "bilinear"}, (26, 39, 256), "PyTorch's size: the output's size"),
    ((100, 16), {"scale": 4, "mode": "linear"}, (400, 16), "1-D: PyTorch's mode='linear' on N×C×L"),
    ((8, 16, 16, 4), {"scale": 2, "mode": "trilinear"}, (16, 32, 32, 4), "3-D: mode='trilinear' on N×C×D×H×W"),
    ((8, 8, 3), {"scale": 2, "align_corners": True, "mode": "bilinear"}, (16, 16, 3), "align_corners moves no size"),
    ((8, 8, 3), {"scale": 2.0}, (16, 16, 3), "PyTorch's scale_factor=2.0, as its users write it"),
])
def test_upsample(input_shape, settings, output, source):
    row = one_layer(input_shape, {"upsample": settings})
    assert row.output_shape == output
    assert (row.params, row.macs) == (0, 0)  # interpolation multiplies no weights
    assert row.counts.operation in KINDS["upsample"].operations
    assert row.counts.operation == f"upsample_{settings.get('mode', 'nearest')}{len(input_shape) - 1}d"


@pytest.mark.parametrize("input_shape, settings, message", [
    ((8, 8, 3), {}, "upsample needs `scale` (a whole factor per axis) or `output_size` (the output's size)"),
    ((8, 8, 3), {"scale": 2, "output_size": 16}, "upsample takes `scale` or `output_size`, not both"),
    ((8, 8, 3), {"size": 2}, "upsample has no setting `size`: write `scale` for a factor per axis (Keras' size) or "
                             "`output_size` for the output's size (PyTorch's size)"),
    ((8, 8, 3), {"scale_factor": 2}, "upsample has no setting `scale_factor`; cnncalc calls it `scale`"),
    ((8, 8, 3), {"scale": 1.5}, "`scale` must be a whole factor ≥ 1 per axis; for any other size give "
                                "`output_size`; received 1.5"),
    ((8, 3), {"scale": 2, "mode": "bilinear"}, "`mode` bilinear interpolates 2 spatial axes, but the spec's input "
                                               "has 1: write `linear` or `nearest`; received bilinear"),
    ((8, 8, 3), {"scale": 2, "mode": "bilinaer"}, "`mode` must be one of: nearest, linear, bilinear, bicubic, "
                                                  "trilinear (did you mean `bilinear`?); received bilinaer"),
    ((8, 8, 3), {"scale": 2, "align_corners": True}, "align_corners applies to linear, bilinear, bicubic and "
                                                     "trilinear; PyTorch refuses it with nearest"),
    ((8, 8, 3), {"scale": [2, 0]}, "`scale` must be a whole factor ≥ 1 per axis; for any other size give "
                                   "`output_size`; received [2, 0]"),
])
def test_upsample_mistakes(input_shape, settings, message):
    with pytest.raises(SpecError) as caught:
        one_layer(input_shape, {"upsample": settings})
    assert caught.value.message == message


@pytest.mark.parametrize("layer, params", [
    # PyTorch's own parameters: GroupNorm(8, 32) and LayerNorm(32) hold weight and bias of 32 each;
    # InstanceNorm2d(32) holds none unless affine=True; Keras' GroupNormalization(8) and
    # LayerNormalization() on 32 channels: 64
    ({"groupnorm": {"groups": 8}}, 64), ({"groupnorm": {"groups": 8, "affine": False}}, 0),
    ("layernorm", 64), ({"layernorm": {"affine": False}}, 0),
    ("instancenorm", 0), ({"instancenorm": {"affine": True}}, 64),
])
def test_normalizations_keep_the_shape_and_learn_two_values_per_channel_with_affine(layer, params):
    row = one_layer((8, 8, 32), layer)
    assert (row.output_shape, row.params, row.non_trainable, row.macs) == ((8, 8, 32), params, 0, 0)


def test_groupnorm_groups_must_divide_the_channels():
    with pytest.raises(SpecError, match=r"groups=5 must divide the channels \(32\)"):
        one_layer((8, 8, 32), {"groupnorm": {"groups": 5}})


@pytest.mark.parametrize("settings, output", [
    ({"padding": 3, "mode": "reflect"}, (70, 70, 4)),  # PyTorch's ReflectionPad2d(3) on 64×64: 70×70
    ({"padding": [[0, 1], [2, 0]]}, (65, 66, 4)),  # ZeroPad2d((2, 0, 0, 1)): left 2, top 0, bottom 1
    ({"padding": [1, 2], "mode": "replicate"}, (66, 68, 4)),  # Keras' ZeroPadding2D((1, 2)) shape, replicated
])
def test_pad_grows_each_axis_and_learns_nothing(settings, output):
    row = one_layer((64, 64, 4), {"pad": settings})
    assert (row.output_shape, row.params, row.macs) == (output, 0, 0)


def test_a_pad_moves_the_receptive_field_as_a_conv_s_padding_would():
    padded = analyze(from_dict({"input": "16x16x1", "layers": [{"pad": {"padding": 1}},
                                                               {"conv": {"filters": 1, "kernel": 3}}]}))
    inline = analyze(from_dict({"input": "16x16x1", "layers": [{"conv": {"filters": 1, "kernel": 3, "padding": 1}}]}))
    assert padded.receptive_field == inline.receptive_field


def test_a_reflection_pad_must_be_smaller_than_its_axis():
    # PyTorch: "Padding size should be less than the corresponding input dimension"
    with pytest.raises(SpecError, match="reflect pads spatial axis 1 by 4, which must be smaller than its size 4"):
        one_layer((4, 8, 1), {"pad": {"padding": 4, "mode": "reflect"}})


def test_layer_scale_learns_one_value_per_channel():
    # torchvision's CNBlock: layer_scale = nn.Parameter(torch.ones(dim, 1, 1) * 1e-6), dim values
    row = one_layer((7, 7, 768), "layer_scale")
    assert (row.output_shape, row.params, row.macs, row.formula()["scale"]) == ((7, 7, 768), 768, 0, "768 = 768")


@pytest.mark.parametrize("settings, output", [
    ({"kernel": 2}, (64, 64, 16)),  # PyTorch's MaxUnpool2d(2, 2) on 32×32: (32 − 1)·2 + 2 = 64
    ({"kernel": 3, "stride": 2, "padding": 1}, (63, 63, 16)),  # (32 − 1)·2 − 2 + 3 = 63
    ({"kernel": 2, "output_size": 65}, (65, 65, 16)),  # within a stride of 64, as MaxUnpool2d allows
])
def test_max_unpool(settings, output):
    row = one_layer((32, 32, 16), {"max_unpool": settings})
    assert (row.output_shape, row.params, row.macs) == (output, 0, 0)


def test_max_unpool_output_size_must_be_within_a_stride():
    # torch.nn.functional._unpool_output_size: min_size < size < max_size, a stride either side
    with pytest.raises(SpecError, match="an output_size there must be within 1 of it"):
        one_layer((32, 32, 16), {"max_unpool": {"kernel": 2, "output_size": 66}})


@pytest.mark.parametrize("slopes, params", [
    ("one", 1),  # PyTorch's nn.PReLU(): num_parameters=1
    ("per_channel", 16),  # nn.PReLU(16); Keras' PReLU(shared_axes=[1, 2]) on 8×8×16
    ("per_element", 8 * 8 * 16),  # Keras' PReLU() on 8×8×16: alpha of shape (8, 8, 16)
])
def test_prelu_slopes(slopes, params):
    row = one_layer((8, 8, 16), {"prelu": {"slopes": slopes}})
    assert (row.output_shape, row.params, row.macs) == ((8, 8, 16), params, 0)


def test_pixel_shuffle_and_its_inverse():
    # PyTorch's docs: PixelShuffle(3) takes (1, 9, 4, 4) to (1, 1, 12, 12); PixelUnshuffle(3) back
    shuffled = one_layer((4, 4, 9), {"pixel_shuffle": {"factor": 3}})
    unshuffled = one_layer((12, 12, 1), {"pixel_unshuffle": {"factor": 3}})
    assert (shuffled.output_shape, unshuffled.output_shape) == ((12, 12, 1), (4, 4, 9))
    with pytest.raises(SpecError, match="needs channels divisible by 9; the input has 8"):
        one_layer((4, 4, 8), {"pixel_shuffle": {"factor": 3}})
    with pytest.raises(SpecError, match="needs every spatial size divisible by 3"):
        one_layer((4, 4, 9), {"pixel_unshuffle": {"factor": 3}})


def test_reshape_keeps_the_values_and_fills_a_minus_one():
    # Keras' Reshape((16, 64, 3)) on 32×32×3 and PyTorch's view(-1, ...) alike
    assert one_layer((32, 32, 3), {"reshape": {"shape": [16, 64, 3]}}).output_shape == (16, 64, 3)
    assert one_layer((32, 32, 3), {"reshape": {"shape": [-1, 3]}}).output_shape == (1024, 3)
    with pytest.raises(SpecError, match=r"reshape to 16×16×3 needs 768 values; the input 32×32×3 has 3,072"):
        one_layer((32, 32, 3), {"reshape": {"shape": [16, 16, 3]}})


def test_keras_preprocessing_layers():
    # Keras 3.15.1, count_params(): Normalization() adapted on 32×32×3 holds mean (3), variance (3) and
    # count, 7, none trainable; Rescaling(1 / 255) holds nothing (run on 2026-11-25)
    normalized = one_layer((32, 32, 3), "normalization")
    rescaled = one_layer((32, 32, 3), {"rescaling": {"scale": 0.00392156862745098}})
    assert (normalized.params, normalized.non_trainable) == (0, 7)
    assert (rescaled.params, rescaled.non_trainable, rescaled.output_shape) == (0, 0, (32, 32, 3))


def test_crop_cuts_the_edges_and_moves_the_field():
    # Ronneberger et al. 2015, figure 1: the 64×64 map of the fourth level cropped to the 56×56 up-convolution
    row = one_layer((64, 64, 512), {"crop": {"by": 4}})
    assert (row.output_shape, row.params, row.macs) == ((56, 56, 512), 0, 0)
    # Keras' Cropping2D(((1, 2), (0, 3))) on 8×8: 5×5
    assert one_layer((8, 8, 1), {"crop": {"by": [[1, 2], [0, 3]]}}).output_shape == (5, 5, 1)
    with pytest.raises(SpecError, match="crop takes 8 from spatial axis 1, which has only 8"):
        one_layer((8, 8, 1), {"crop": {"by": 4}})
    # a crop of 1 then a 3×3 window centres its field one pixel further in: padding −1 against 1
    cropped = analyze(from_dict({"input": "16x16x1", "layers": [{"crop": {"by": 1}}, {"conv": {"filters": 1, "kernel": 3}}]}))
    assert cropped.receptive_field.padding == (-1, -1)


def test_an_uncounted_layer_gives_the_shape_it_is_told_and_counts_only_the_weights_it_is_told():
    """A layer cnncalc does not know, as a model file is read with --unknown zero: the output shape
    the model gives, as parameters the weights the file holds for it, no work counted."""
    row = one_layer((8, 8, 16), {"uncounted": {"op": "DepthToSpace", "shape": [16, 16, 4], "params": 12}})
    assert (row.output_shape, row.params, row.macs, row.receptive_field) == ((16, 16, 4), 12, 0, UNKNOWN)
    assert row.counts.note.startswith("DepthToSpace, which cnncalc does not know")
    unknown = one_layer((8, 8, 16), {"uncounted": {"op": "Lambda", "shape": [8]}})
    assert unknown.params == 0 and "its parameters unknown" in unknown.counts.note


@pytest.mark.parametrize("settings, message", [
    ({"op": "Lambda"}, "uncounted needs `shape`: its output shape"),
    ({"op": "\x1b[31mred", "shape": [4]}, "must be a layer class or operator type"),
    ({"op": "Lambda", "shape": [0, 4]}, "must be a list of 1 to 4 whole sizes ≥ 1"),
    ({"op": "Lambda", "shape": [4], "params": -1}, "must be a whole number ≥ 0"),
])
def test_an_uncounted_layer_is_told_its_operator_and_shape(settings, message):
    with pytest.raises(SpecError) as caught:
        one_layer((8, 8, 16), {"uncounted": settings})
    assert message in caught.value.message
