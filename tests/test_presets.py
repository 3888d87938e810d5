"""The lesson presets give every figure of the 1×1 lessons exactly: Ng's "Network in Network and 1×1
convolutions" (2017), Brownlee's "A Gentle Introduction to 1×1 Convolutions to Manage Model Complexity"
(2019), Prakash's "One by One [1 x 1] Convolution" (2016) and the CSDN essay "吴恩达深度学习:1*1卷积"."""
import json
from fractions import Fraction


from cnncalc import analyze, presets
from cnncalc.lesson import fill as fill_lesson
from cnncalc.report import compare, metric
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "presets.json"


def reports(name):
    return {spec.name: analyze(spec) for spec in presets.load(name).specs}


def test_inception_3a():
    # the CSDN essay on 1×1 convolutions: naive 12,288 + 221,184 + 153,600 = 387,072 weights and 416 channels;
    # reduced 157,184 by the text's formula, 163,328 with the pool projection, 256 channels
    by_name = reports("inception-3a")
    naive, text_count, reduced = by_name["naive"], by_name["reduced, as the text counts"], by_name["reduced"]
    assert (naive.totals.weights, naive.output_shape[-1]) == (387_072, 416)
    assert text_count.totals.weights == 157_184
    assert (reduced.totals.weights, reduced.output_shape[-1]) == (163_328, 256)
    assert (naive.totals.macs, reduced.totals.macs) == (303_464_448, 128_049_152)
    # the text's "about a third" is really 0.406, and 0.422 with the pool projection
    assert round(Fraction(157_184, 387_072), 3) == Fraction(406, 1000)
    assert f"{reduced.totals.weights / naive.totals.weights:.3f}" == "0.422"


def test_inception_3a_with_bias():
    # the same modules with bias (+1 per filter): naive 387,296 (+64+128+32) and reduced 163,696 (+64+96+128+16+32+32)
    text = presets.text("inception-3a").replace("defaults: {bias: false}", "defaults: {bias: true}")
    from cnncalc.spec import load_suite_text

    params = {spec.name: analyze(spec).totals.params for spec in load_suite_text(text).specs}
    assert (params["naive"], params["reduced"]) == (387_296, 163_696)


def test_resnet_bottleneck():
    # He et al. 2015, figure 5, and the CSDN essay: 16,384 + 36,864 + 16,384 = 69,632 vs 2 · 589,824 = 1,179,648, ratio 16.94;
    # MACs on 56×56: 218,365,952 vs 3,699,376,128
    by_name = reports("resnet-bottleneck")
    plain, bottleneck = by_name["plain"], by_name["bottleneck"]
    assert (bottleneck.totals.weights, plain.totals.weights) == (69_632, 1_179_648)
    assert f"{plain.totals.weights / bottleneck.totals.weights:.2f}" == "16.94"
    assert (bottleneck.totals.macs, plain.totals.macs) == (218_365_952, 3_699_376_128)


def test_inception_5x5():
    # Ng's lesson "Inception network motivation": 28·28·32·5·5·192 = 120,422,400 MACs;
    # with a bottleneck of 16: 2,408,448 + 10,035,200 = 12,443,648
    alone, bottleneck = reports("inception-5x5").values()
    assert alone.totals.macs == 28 * 28 * 32 * 5 * 5 * 192 == 120_422_400
    assert [layer.macs for layer in bottleneck.layers] == [2_408_448, 10_035_200]
    assert bottleneck.totals.macs == 12_443_648


def test_one_by_one_keras_summary():
    # Brownlee's 1×1 tutorial, as Keras' model.summary() prints it: 14,336 for the 3×3, then 262,656 / 32,832 / 525,312 for the
    # 1×1 with 512 / 64 / 1024 filters; totals 276,992 / 47,168 / 539,648
    by_name = reports("one-by-one")
    expected = {"projection (512)": (262_656, 276_992, (256, 256, 512)),
                "reduction (64)": (32_832, 47_168, (256, 256, 64)),
                "increase (1024)": (525_312, 539_648, (256, 256, 1024))}
    for name, (one_by_one, total, output) in expected.items():
        first, second = by_name[name].layers
        assert (first.params, second.params, by_name[name].totals.params) == (14_336, one_by_one, total)
        assert by_name[name].output_shape == output
        assert second.filter_shape == (1, 1, 512)  # the reader's question: each filter is 1×1×512


def test_reduce_7x7():
    # Brownlee's 1×1 tutorial: 7·7·512·64 = 1,605,632 weights ("about a million"); after a 1×1 to 64, the 7×7 has
    # 7·7·64·64 = 200,704 ("about 200,000")
    direct, reduced = reports("reduce-7x7").values()
    assert direct.totals.weights == 1_605_632
    assert [layer.weights for layer in reduced.layers] == [512 * 64, 200_704]


def test_fc_as_conv():
    # Lin et al. 2013, "Network in Network": a 1×1 conv on a 1×1×N map is a dense N→M layer, same weights and MACs
    dense, conv = reports("fc-as-conv").values()
    for name in ("weights", "bias", "params", "macs"):
        assert getattr(dense.totals, name) == getattr(conv.totals, name)
    assert dense.totals.weights == 1024 * 1000


def test_one_by_one_basics():
    # Ng's lesson and Prakash's "One by One" essay, row by row
    by_name = reports("1x1-basics")
    expected = {
        "6×6×1, one filter": ((6, 6, 1), 1),
        "6×6×32, one filter": ((6, 6, 1), 32),
        "6×6×32, 16 filters": ((6, 6, 16), 32 * 16),
        "192 → 32": ((28, 28, 32), 6_144),
        "192 → 192": ((28, 28, 192), 192 * 192),
        "200×200×50 → 20": ((200, 200, 20), 1_000),
        "192 → 32, stride 2": ((14, 14, 32), 6_144),  # ⌈28/2⌉, no extra weights
    }
    assert {name: (report.output_shape, report.totals.weights) for name, report in by_name.items()} == expected


def test_lesson_lines_carry_the_computed_figures():
    suite = presets.load("inception-3a")
    comparison = compare([analyze(spec) for spec in suite.specs])
    lesson = fill_lesson(suite.lesson, comparison)
    assert "keep 0.406 of the naive module's weights (157,184 against 387,072, 2.46× fewer)" in lesson
    assert "gives 256 channels instead of 416" in lesson
    assert "{" not in lesson


def test_every_preset_lesson_fills():
    for name in presets.names():
        suite = presets.load(name)
        comparison = compare([analyze(spec) for spec in suite.specs])
        assert "{" not in fill_lesson(suite.lesson, comparison), name


def test_compare_ratios_are_against_the_baseline():
    plain, bottleneck = reports("resnet-bottleneck").values()
    comparison = compare([plain, bottleneck])
    assert comparison.ratio(1, "weights") == Fraction(69_632, 1_179_648)
    assert comparison.ratio(0, "weights") == 1
    flipped = compare([plain, bottleneck], baseline=1)
    assert flipped.ratio(0, "weights") == Fraction(1_179_648, 69_632)
    document = comparison.to_dict()
    assert document["ratios"]["weights"] == [1.0, 69_632 / 1_179_648]
    assert [spec["name"] for spec in document["specs"]] == ["plain", "bottleneck"]


def golden_totals():
    return {
        name: {spec.name: {**analyze(spec).totals.to_dict(), "output_shape": list(analyze(spec).output_shape)}
               for spec in presets.load(name).specs}
        for name in presets.names()
    }


def test_golden_totals_of_every_preset(overwrite):
    # The golden file is a tripwire for any change in any preset's numbers; the lesson figures above are
    # the oracle. Rewrite it with `pytest --overwrite` after a deliberate change, and read the diff.
    current = golden_totals()
    if overwrite:
        GOLDEN.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert current == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_each_total_is_the_sum_of_the_layers():
    for name in presets.names():
        for spec in presets.load(name).specs:
            report = analyze(spec)
            for field in ("weights", "bias", "params", "non_trainable", "macs", "activations"):
                assert getattr(report.totals, field) == sum(getattr(layer, field) for layer in report.layers)
            assert metric(report, "flops") == 2 * report.totals.macs


def test_published_figures_are_checked_per_sample_whatever_the_batch():
    # papers and model tables quote one image's multiply-adds: a batch of 8 counts 8 times as many,
    # and agrees with the quote as one image does (torchvision's 4.09 GFLOPS for resnet50)
    from cnncalc import api

    one, eight = api.preset("resnet50"), api.preset("resnet50", batch=8)
    assert eight.totals.macs == 8 * one.totals.macs
    assert eight.against_published() == one.against_published()


def test_memory_past_a_thousand_of_a_unit_keeps_its_separators():
    from cnncalc.fields import memory

    assert memory(38_075 * 2**50 + 2**49) == "38,075.5 PiB"
