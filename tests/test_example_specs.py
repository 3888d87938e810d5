"""The example specs in specs/ give the figures of the 1×1 lessons and their papers exactly."""
import pytest

from cnncalc import analyze, load
from tests.conftest import ROOT


def report(name):
    return analyze(load(ROOT / "specs" / f"{name}.yaml"))


def test_inception_3a_reduced():
    # the CSDN essay on 1×1 convolutions and Szegedy et al. 2014: 1·1·192·64 + (1·1·192·96 + 3·3·96·128)
    # + (1·1·192·16 + 5·5·16·32) = 157,184, plus the pool projection 1·1·192·32 = 6,144
    result = report("inception-3a-reduced")
    assert result.totals.weights == 157_184 + 6_144 == 163_328
    assert result.output_shape == (28, 28, 64 + 128 + 32 + 32)
    assert result.totals.macs == 28 * 28 * 163_328 == 128_049_152
    assert result.totals.bias == 0


def test_inception_3a_naive():
    # the CSDN essay: 12,288 + 221,184 + 153,600 = 387,072 weights; 64 + 128 + 32 + 192 = 416 channels
    result = report("inception-3a-naive")
    assert result.totals.weights == 387_072
    assert result.output_shape == (28, 28, 416)
    assert result.totals.macs == 28 * 28 * 387_072 == 303_464_448


def test_resnet_bottleneck():
    # He et al. 2015, figure 5: 1×1 256→64, 3×3 64→64, 1×1 64→256 = 16,384 + 36,864 + 16,384 = 69,632;
    # on 56×56, 56·56·69,632 = 218,365,952 MACs
    result = report("resnet-bottleneck")
    assert result.totals.weights == 69_632
    assert result.totals.macs == 218_365_952
    assert result.output_shape == (56, 56, 256)


def test_projection_block():
    # by hand: 3·3·64·64 + 3·3·64·128 + 1·1·64·128 weights, batchnorm 2·(64 + 128 + 128) γ/β,
    # dense 128·10 + 10
    result = report("projection-block")
    assert result.totals.weights == 36_864 + 73_728 + 8_192 + 1_280
    assert result.totals.params == 36_864 + 73_728 + 8_192 + 2 * (64 + 128 + 128) + 1_290
    assert result.totals.non_trainable == 2 * (64 + 128 + 128)
    assert result.output_shape == (10,)
    paths = [layer.path for layer in result.layers]
    assert paths == [
        "residual/conv[1]", "residual/batchnorm[1]", "residual/relu", "residual/conv[2]",
        "residual/batchnorm[2]", "residual/shortcut/conv", "residual/shortcut/batchnorm", "residual",
        "global_avgpool", "flatten", "dense",
    ]


@pytest.mark.parametrize("path", sorted((ROOT / "specs").glob("*.yaml")), ids=lambda path: path.name)
def test_every_example_spec_analyzes(path):
    result = analyze(load(path))
    assert result.layers


def test_squeeze_and_excitation_block():
    # torchvision SqueezeExcitation(64, 16): fc1 64·16 + 16 and fc2 16·64 + 64 as 1×1 convs;
    # two 3×3 convs 3·3·64·64 each; two batchnorms 2·64 each
    result = report("se-block")
    assert result.totals.params == 2 * 36_864 + 2 * 128 + (64 * 16 + 16) + (16 * 64 + 64)
    assert result.output_shape == (56, 56, 64)
    assert "residual/scale" in [layer.path for layer in result.layers]


def test_shufflenet_unit_splits_and_shuffles_channels():
    # torchvision shufflenet_v2_x1_0 stage2 unit: 1×1 58→58, depthwise 3×3 (3·3·1·58), 1×1 58→58, 3 batchnorms
    result = report("shufflenet-unit")
    assert result.totals.weights == 58 * 58 + 9 * 58 + 58 * 58
    assert result.totals.params == result.totals.weights + 3 * 2 * 58
    assert result.output_shape == (28, 28, 116)


def test_inception_v3_asymmetric_kernels():
    # Szegedy et al. 2015 (Inception-v3), Mixed_6b with c7 = 128: 1×7 and 7×1 kernels keep 17×17
    result = report("inception-v3-7x7")
    weights = (768 * 192 + 768 * 128 + 7 * 128 * 128 + 7 * 128 * 192
               + 768 * 128 + 7 * 128 * 128 * 3 + 7 * 128 * 192 + 768 * 192)
    assert result.totals.weights == weights
    assert result.output_shape == (17, 17, 768)


def test_unet_skip_connections():
    # by hand: double convs 3·3·1·16 + 3·3·16·16, 3·3·16·32 + 3·3·32·32, 3·3·32·64 + 3·3·64·64, transposed
    # 2·2·64·32 and 2·2·32·16, decoder double convs 3·3·64·32 + 3·3·32·32 and 3·3·32·16 + 3·3·16·16, a 1×1 16→2
    result = report("unet-small")
    weights = (9 * 16 + 9 * 16 * 16 + 9 * 16 * 32 + 9 * 32 * 32 + 9 * 32 * 64 + 9 * 64 * 64 + 4 * 64 * 32 + 4 * 32 * 16
               + 9 * 64 * 32 + 9 * 32 * 32 + 9 * 32 * 16 + 9 * 16 * 16 + 16 * 2)
    assert result.totals.weights == weights
    assert result.output_shape == (64, 64, 2)
