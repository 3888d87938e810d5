"""Whole networks against published figures: torchvision's model table for the presets that mirror
torchvision (its "GFLOPS" column counts multiply-adds), hand-worked formulas for the others."""
import pytest

from cnncalc import analyze, folded, presets


def report(name):
    (spec,) = presets.load(name).specs
    return analyze(spec)


# torchvision.models documentation, "Table of all available classification weights":
# exact parameter counts ("Params") and multiply-adds in G, rounded ("GFLOPS").
TORCHVISION = [
    ("alexnet", 61_100_840, "0.71"),
    ("vgg16", 138_357_544, "15.47"),
    ("googlenet", 6_624_904, "1.50"),
    ("resnet18", 11_689_512, "1.81"),
    ("resnet50", 25_557_032, "4.09"),
    ("mobilenet_v2", 3_504_872, "0.30"),
    ("squeezenet1_1", 1_235_496, "0.35"),
    ("efficientnet_b0", 5_288_548, "0.39"),
    ("convnext_tiny", 28_589_128, "4.46"),
]


@pytest.mark.parametrize("name, params, gmacs", TORCHVISION, ids=[row[0] for row in TORCHVISION])
def test_torchvision_presets_match_the_published_table(name, params, gmacs):
    result = report(name)
    assert result.totals.params == params
    assert f"{result.totals.macs / 1e9:.2f}" == gmacs
    assert result.input_shape == (224, 224, 3) and result.output_shape == (1000,)


def test_exact_macs_of_torchvision_and_of_the_paper_s_resnet50():
    # the exact counts behind torchvision's model table (4.09, 0.71 and 1.50 GFLOPS, which are MACs),
    # and ResNet-50 v1 (He et al. 2015), whose downsampling strides in the first 1×1
    assert report("resnet50").totals.macs == 4_089_184_256
    assert report("alexnet").totals.macs == 714_188_480
    assert report("googlenet").totals.macs == 1_498_376_192
    v1 = report("resnet50-v1")
    assert (v1.totals.params, v1.totals.macs) == (25_557_032, 3_857_973_248)


@pytest.mark.parametrize("name, depth", [
    ("alexnet", 8), ("alexnet-caffe", 8),  # "8 layers" (Krizhevsky et al. 2012; the CSDN essay on 1×1 convolutions)
    ("googlenet", 22), ("googlenet-caffe", 22),  # "22 layers deep when counting only layers with parameters"
    ("vgg16", 16), ("resnet18", 18), ("resnet50", 50), ("resnet50-v1", 50),  # the names say so
])
def test_depth_counts_weighted_layers_on_the_longest_path_as_the_papers_do(name, depth):
    assert report(name).depth == depth


def conv(k, c_in, c_out, groups=1, bias=True):
    return k * k * c_in // groups * c_out + (c_out if bias else 0)


def test_alexnet_caffe_by_hand():
    # bvlc_alexnet: conv2, conv4, conv5 in two groups; 6·6·256 = 9,216 features into fc6
    params = (conv(11, 3, 96) + conv(5, 96, 256, 2) + conv(3, 256, 384) + conv(3, 384, 384, 2)
              + conv(3, 384, 256, 2) + 9216 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000)
    macs = (55 * 55 * 96 * 11 * 11 * 3 + 27 * 27 * 256 * 5 * 5 * 48 + 13 * 13 * 384 * 3 * 3 * 256
            + 13 * 13 * 384 * 3 * 3 * 192 + 13 * 13 * 256 * 3 * 3 * 192 + 9216 * 4096 + 4096 * 4096 + 4096 * 1000)
    result = report("alexnet-caffe")
    assert (result.totals.params, result.totals.macs) == (params, macs) == (60_965_224, 724_406_816)


INCEPTIONS = {  # Szegedy et al. 2014, table 1: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj
    "3a": (192, 64, 96, 128, 16, 32, 32), "3b": (256, 128, 128, 192, 32, 96, 64),
    "4a": (480, 192, 96, 208, 16, 48, 64), "4b": (512, 160, 112, 224, 24, 64, 64),
    "4c": (512, 128, 128, 256, 24, 64, 64), "4d": (512, 112, 144, 288, 32, 64, 64),
    "4e": (528, 256, 160, 320, 32, 128, 128), "5a": (832, 256, 160, 320, 32, 128, 128),
    "5b": (832, 384, 192, 384, 48, 128, 128),
}
SIDE = {"3": 28, "4": 14, "5": 7}


def inception_weights(c_in, c1, c3r, c3, c5r, c5, pool, k5=5):
    return c_in * c1 + c_in * c3r + 9 * c3r * c3 + c_in * c5r + k5 * k5 * c5r * c5 + c_in * pool


def test_googlenet_caffe_by_hand():
    weights = 7 * 7 * 3 * 64 + 64 * 64 + 3 * 3 * 64 * 192 + 1024 * 1000
    macs = 112 * 112 * 7 * 7 * 3 * 64 + 56 * 56 * (64 * 64 + 3 * 3 * 64 * 192) + 1024 * 1000
    bias = 64 + 64 + 192 + 1000
    for name, row in INCEPTIONS.items():
        module = inception_weights(*row)
        weights += module
        macs += SIDE[name[0]] ** 2 * module
        bias += row[1] + row[2] + row[3] + row[4] + row[5] + row[6]
    result = report("googlenet-caffe")
    assert (result.totals.weights, result.totals.bias, result.totals.macs) == (weights, bias, macs)
    assert result.totals.params == weights + bias


def test_googlenet_torchvision_uses_3x3_in_the_third_branch():
    # torchvision's GoogLeNet: every conv without bias and with batchnorm (2 γ/β per channel)
    weights = 7 * 7 * 3 * 64 + 64 * 64 + 3 * 3 * 64 * 192 + 1024 * 1000
    channels = 64 + 64 + 192
    for row in INCEPTIONS.values():
        weights += inception_weights(*row, k5=3)
        channels += sum(row[1:])
    result = report("googlenet")
    assert result.totals.weights == weights
    assert result.totals.params == weights + 1000 + 2 * channels


def test_nin_by_hand():
    # Lin et al. 2013, CIFAR-10 model: 5×5 192, cccp 160, 96 | 5×5 192, cccp 192, 192 | 3×3 192, cccp 192, 10
    params = (conv(5, 3, 192) + conv(1, 192, 160) + conv(1, 160, 96) + conv(5, 96, 192) + conv(1, 192, 192)
              + conv(1, 192, 192) + conv(3, 192, 192) + conv(1, 192, 192) + conv(1, 192, 10))
    result = report("nin")
    assert result.totals.params == params == 966_986
    assert result.output_shape == (10,)
    assert [row.output_shape for row in folded(result, 1)][:6] == [
        (32, 32, 96), (16, 16, 96), (16, 16, 96), (16, 16, 192), (8, 8, 192), (8, 8, 192)]


def test_resnet50_depth_1_shows_one_row_per_stage():
    rows = folded(report("resnet50"), 1)
    assert [row.path for row in rows] == ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3",
                                          "layer4", "avgpool", "flatten", "fc"]
    assert [row.output_shape for row in rows[4:8]] == [(56, 56, 256), (28, 28, 512), (14, 14, 1024), (7, 7, 2048)]


def test_resnet50_full_depth_has_every_layer_under_its_block_path():
    paths = [row.path for row in report("resnet50").layers]
    assert "layer3/bottleneck[4]/residual/conv[2]" in paths
    assert "layer2/bottleneck[1]/residual/shortcut/conv" in paths
    assert "layer2/bottleneck[2]/residual/shortcut/conv" not in paths
    assert sum(path.endswith("/residual") for path in paths) == 16


def test_googlenet_vs_alexnet_lesson():
    # the CSDN essay on 1×1 convolutions: "about 1/12 of AlexNet's parameters"; the real ratios are 9.22× (torchvision) and 8.71× (Caffe)
    suite = presets.load("googlenet-vs-alexnet")
    params = {spec.name: analyze(spec).totals.params for spec in suite.specs}
    assert f"{params['AlexNet'] / params['GoogLeNet']:.2f}" == "9.22"
    assert f"{params['AlexNet (Caffe)'] / params['GoogLeNet (Caffe)']:.2f}" == "8.71"


def test_preset_specs_stay_short():
    # issue: "ResNet-50 in about 60 lines, not 500"
    assert len(presets.text("resnet50").splitlines()) <= 70


@pytest.mark.parametrize("name, quote, relation", [
    ("resnet50", "3.8 × 10⁹ FLOPs", "+7.6"),  # the paper's figure is v1's multiply-adds
    ("resnet50-v1", "3.8 × 10⁹ FLOPs", "+1.5"),  # v1 itself: 3.86 × 10⁹, which the paper prints as 3.8
    ("resnet18", "1.8 × 10⁹ FLOPs", "same"),
    ("googlenet", "1.5 billion multiply-adds", "same"),
    ("googlenet-caffe", "1.5 billion multiply-adds", "+5.5"),
    ("alexnet-caffe", "60 million parameters", "+1.6"),
    ("vgg16", "138 million parameters", "same"),
    ("mobilenet_v2", "300 million multiply-adds", "+0.3"),
    ("mobilenet_v2", "3.4 million parameters", "+3.1"),
])
def test_published_figures_and_how_cnncalc_relates_to_them(name, quote, relation):
    rows = {figure.quote: difference for figure, _, difference in report(name).against_published()}
    assert (f"{100 * rows[quote]:+.1f}" if rows[quote] else "same") == relation


# Howard et al. 2017: table 6 (MobileNet-224 at each width multiplier) and table 7 (width 1 at each
# resolution), million mult-adds and million parameters as printed; and the exact parameter counts
# Keras 3.15.1 gives for keras.applications.MobileNet(input_shape=(r, r, 3), alpha=a, weights=None)
# (its trainable and non-trainable weights, summed; run on 2026-11-25 with the jax backend).
MOBILENET_V1 = [
    ({}, "569", "4.2", 4_231_976, 21_888),
    ({"alpha": 0.75}, "325", "2.6", 2_585_560, 16_416),
    ({"alpha": 0.5}, "149", "1.3", 1_331_592, 10_944),
    ({"alpha": 0.25}, "41", "0.5", 470_072, 5_472),
    ({"resolution": 192}, "418", "4.2", 4_231_976, 21_888),
    ({"resolution": 128}, "186", "4.2", 4_231_976, 21_888),
]


@pytest.mark.parametrize("args, million_macs, million_params, keras_trainable, keras_non_trainable", MOBILENET_V1,
                         ids=[str(row[0]) for row in MOBILENET_V1])
def test_mobilenet_v1_width_and_resolution_as_the_paper_and_keras_count(args, million_macs, million_params,
                                                                        keras_trainable, keras_non_trainable):
    result = analyze(presets.load("mobilenet_v1", args).specs[0])
    assert f"{result.totals.macs / 1e6:.0f}" == million_macs
    assert f"{result.totals.params / 1e6:.1f}" == million_params
    assert (result.totals.params, result.totals.non_trainable) == (keras_trainable, keras_non_trainable)
    assert [difference for _, _, difference in result.against_published()] == [0, 0]  # both figures, as printed


def test_mobilenet_v1_at_160_is_where_the_paper_s_rounding_is_not_consistent():
    # table 7 prints 290 million mult-adds at 160; the count rounds to 291 as the tables' other
    # figures are rounded, while truncating it would make the figure at 224 568, not 569
    result = analyze(presets.load("mobilenet_v1", {"resolution": 160}).specs[0])
    assert f"{result.totals.macs / 1e6:.0f}" == "291"
    assert f"{result.totals.macs / 1e6:.1f}" == "290.7"


# torchvision's model table for EfficientNet-B1 to B4 ("Params", and "GFLOPS", which are multiply-adds,
# at the resolution each is evaluated at), against the B0 preset with Tan and Le 2019's width and depth
# coefficients (table 2 and section 4; torchvision's efficientnet_b1 to _b4).
EFFICIENTNETS = [
    ({"depth": 1.1, "resolution": 240}, 7_794_184, "0.69"),
    ({"width": 1.1, "depth": 1.2, "resolution": 288}, 9_109_994, "1.09"),
    ({"width": 1.2, "depth": 1.4, "resolution": 300}, 12_233_232, "1.83"),
    ({"width": 1.4, "depth": 1.8, "resolution": 380}, 19_341_616, "4.39"),
]


@pytest.mark.parametrize("args, params, gmacs", EFFICIENTNETS, ids=["b1", "b2", "b3", "b4"])
def test_efficientnet_scaled_by_its_coefficients_is_torchvision_s(args, params, gmacs):
    result = analyze(presets.load("efficientnet_b0", args).specs[0])
    assert result.totals.params == params
    assert f"{result.totals.macs / 1e9:.2f}" == gmacs


def test_resnet50_fpn_is_resnet50_without_its_classifier_plus_the_pyramid():
    fpn = report("resnet50_fpn")
    # by hand, from Lin et al. 2017 as torchvision builds it: ResNet-50 less its fc (2048·1000 + 1000), a 1×1
    # lateral to 256 with bias from each stage (256, 512, 1024, 2048 channels), a 3×3 conv of 256 with bias on
    # each of the four levels
    laterals = sum(channels * 256 + 256 for channels in (256, 512, 1024, 2048))
    smoothing = 4 * (3 * 3 * 256 * 256 + 256)
    assert fpn.totals.params == report("resnet50").totals.params - (2048 * 1000 + 1000) + laterals + smoothing
    # 800×800 halves to 200 at layer1, then 100, 50, 25; the extra level max-pools 25 with stride 2 to 13
    assert fpn.outputs == (("p2", (200, 200, 256)), ("p3", (100, 100, 256)), ("p4", (50, 50, 256)),
                           ("p5", (25, 25, 256)), ("pool", (13, 13, 256)))


def test_unet_as_ronneberger_et_al_draw_it():
    # Ronneberger et al. 2015, figure 1: 572×572 in, 388×388×2 out; parameters by hand: two unpadded 3×3
    # convs with bias per level, a 2×2 up-convolution with bias halving the channels, a 1×1 conv to 2 classes
    unet = report("unet")
    assert unet.output_shape == (388, 388, 2)

    def conv(k, c_in, c_out):
        return k * k * c_in * c_out + c_out

    widths = (64, 128, 256, 512, 1024)
    down = sum(conv(3, c_in, c) + conv(3, c, c) for c_in, c in zip((1, *widths[:-1]), widths))
    up = sum(conv(2, c * 2, c) + conv(3, c * 2, c) + conv(3, c, c) for c in widths[:-1])
    assert unet.totals.params == down + up + conv(1, 64, 2)
