"""Devices and roofline times (Williams, Waterman and Patterson 2009): a layer takes at least
max(FLOPs / peak, bytes moved / bandwidth) on a device, the figures from its vendor's document."""
import json
import re

import pytest

from cnncalc import api
from cnncalc.devices import DTYPES, builtin, roofline
from cnncalc.errors import SpecError

ASKED = {"h100-sxm", "h100-pcie", "a100-40gb", "a100-80gb", "l4", "t4", "v100", "rtx-4090", "rtx-3090",
         "jetson-orin-nano", "jetson-agx-orin", "apple-m2-gpu", "apple-m3-gpu", "raspberry-pi-5", "x86-server-core",
         "x86-laptop-core"}


def test_every_device_names_its_source_and_gives_dense_figures():
    devices = builtin()
    assert ASKED <= set(devices)
    for device in devices.values():
        assert re.search(r"\((19|20)\d\d\)|\b20\d\d\)", device.source), device.id  # a document and its year
        assert device.peak and set(device.peak) <= set(DTYPES) and device.bandwidth > 0
        if "sparsity" in device.source:  # the datasheet prints sparse figures: these are halved, and say so
            assert "halved" in device.notes or "dense" in device.notes or "dense/sparse" in device.source, device.id


def test_a_convolution_on_a_t4_by_hand():
    # ResNet's 3×3 conv, 64 → 64 channels on 56×56, at float16 on a T4 (NVIDIA's T4 datasheet, 2019:
    # mixed-precision 65 TFLOPS, 320 GB/s). FLOPs 2·56·56·64·3·3·64 = 231,211,008; bytes 2·(3·3·64·64)
    # weights + 2·56·56·64 in + 2·56·56·64 out = 876,544. 231,211,008 / 65e12 = 3.557 µs of compute
    # against 876,544 / 320e9 = 2.739 µs of memory: bound by compute, 3.557 µs at the least
    (report,) = api.analyze(_one("conv: {filters: 64, kernel: 3, padding: 1, bias: false}"), dtype="float16",
                            device="t4")
    (conv,) = report.layers
    assert (conv.flops, conv.moved_bytes) == (231_211_008, 876_544)
    seconds, bound = report.layer_time(conv)
    assert bound == "compute" and seconds == pytest.approx(231_211_008 / 65e12)
    assert report.seconds == pytest.approx(3.557e-6, rel=1e-3)


def _one(layer):
    """A spec of one layer on 56×56×64."""
    from cnncalc.api import SpecText

    return SpecText(f"input: 56x56x64\nlayers: [{layer}]\n")


def test_the_same_layer_at_batch_1_on_a_raspberry_pi_is_bound_by_compute_and_a_relu_by_memory():
    # Raspberry Pi 5: 153.6 GFLOP/s at float32 (4 Cortex-A76 cores × 2.4 GHz × 2 pipes × 4 lanes × 2),
    # 17.1 GB/s; a ReLU on 56×56×64 does no FLOPs and moves 2·4·56·56·64 bytes
    (report,) = api.analyze(_one("conv: {filters: 64, kernel: 3, padding: 1, bias: false}"), device="raspberry-pi-5")
    (conv,) = report.layers
    assert report.layer_time(conv) == (pytest.approx(231_211_008 / 153.6e9), "compute")
    (report,) = api.analyze(_one("relu"), device="raspberry-pi-5")
    (relu,) = report.layers
    assert relu.moved_bytes == 2 * 4 * 56 * 56 * 64
    assert report.layer_time(relu) == (pytest.approx(2 * 4 * 56 * 56 * 64 / 17.1e9), "memory")


def test_mobilenet_v2_on_a_t4_depthwise_layers_are_bound_by_memory():
    # Sandler et al. 2018's depthwise 3×3 convolutions do 9 multiply-adds per value they read and
    # write: 4.5 FLOPs per byte at float16 or less, far under the T4's 203 (65 TFLOPS / 320 GB/s)
    report = api.preset("mobilenet_v2", dtype="float16", device="t4")
    depthwise = [layer for layer in report.layers if layer.kind == "conv" and layer.filter_shape == (3, 3, 1)]
    pointwise = [layer for layer in report.layers if layer.kind == "conv" and layer.filter_shape[:2] == (1, 1)]
    assert len(depthwise) == 17 and {report.layer_time(layer)[1] for layer in depthwise} == {"memory"}
    # the 1×1 convolutions reach 58 FLOPs per byte at most, under the tensor cores' ridge: memory too
    assert max(layer.intensity for layer in pointwise) < report.roofline.ridge
    # at float32 (8.1 TFLOPS, ridge 25) and a batch of 32, most of them are bound by compute instead
    report = api.preset("mobilenet_v2", dtype="float32", batch=32, device="t4")
    pointwise = [layer for layer in report.layers if layer.kind == "conv" and layer.filter_shape[:2] == (1, 1)]
    assert sum(report.layer_time(layer)[1] == "compute" for layer in pointwise) > len(pointwise) / 2


def test_the_1x1_lesson_on_a_device_reductions_cut_macs_more_than_time():
    # inception (3a): the reduced module does 2.37× fewer multiply-adds but moves almost as many bytes,
    # so on a T4 at float16, bound by memory, it is far less than 2.37× faster
    lesson = api.preset("inception-3a", dtype="float16", device="t4")
    naive, _, reduced = lesson.reports
    assert naive.totals.macs / reduced.totals.macs == pytest.approx(2.37, abs=0.01)
    assert 1 < naive.seconds / reduced.seconds < 1.5


def test_a_device_without_that_dtype_and_a_misspelt_device_are_one_line(run):
    code, out, err = run("preset", "resnet50", "--device", "t4", "--dtype", "float64")
    assert (code, out) == (2, "") and "no float64 peak" in err and len(err.splitlines()) == 1
    code, _, err = run("preset", "resnet50", "--device", "a100")
    assert code == 2 and "did you mean" in err and len(err.splitlines()) == 1
    with pytest.raises(SpecError):
        roofline("t4", "bfloat16")


def test_json_and_csv_carry_each_layer_s_time_and_the_totals(run):
    code, out, _ = run("preset", "resnet50", "--device", "a100-40gb", "--json")
    document = json.loads(out)
    seconds = [layer["seconds"] for layer in document["layers"]]
    assert document["roofline"]["seconds"] == pytest.approx(sum(seconds))
    assert document["roofline"]["images_per_second"] == pytest.approx(1 / sum(seconds))
    assert {layer["bound"] for layer in document["layers"]} <= {"compute", "memory", ""}
    assert document["roofline"]["device"]["id"] == "a100-40gb"
    code, out, _ = run("preset", "resnet50", "--device", "a100-40gb", "--format", "csv")
    header = out.splitlines()[0].split(",")
    assert header[-2:] == ["seconds", "bound"]
    code, out, _ = run("preset", "resnet50", "--device", "a100-40gb", "--depth", "1", "--json")
    folded = json.loads(out)["layers"]
    assert sum(layer["seconds"] for layer in folded) == pytest.approx(sum(seconds))


def test_the_table_says_what_the_bound_assumes_and_fits_80_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("preset", "mobilenet_v2", "--device", "t4", "--dtype", "float16", "--depth", "2")
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 80
    assert "lower bound, not a measurement" in out and "bound by memory" in out


def test_devices_lists_every_device_in_every_format(run):
    code, out, _ = run("devices", "--json")
    assert {device["id"] for device in json.loads(out)} == set(builtin())
    code, out, _ = run("devices", "--format", "csv")
    assert out.splitlines()[0].startswith("id,name,float64")
    code, out, _ = run("devices")
    assert all(f"{device}:" in out for device in ASKED)


def test_efficiency_scales_the_peaks_and_is_said(run, monkeypatch):
    # at 50 % of the T4's 8.1 TFLOPS a compute-bound layer takes twice as long: 231,211,008 / 4.05e12
    (report,) = api.analyze(_one("conv: {filters: 64, kernel: 3, padding: 1, bias: false}"),
                            device=api.OnDevice("t4", efficiency=0.5))
    assert report.seconds == pytest.approx(231_211_008 / 4.05e12)
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("preset", "resnet50", "--device", "t4", "--efficiency", "compute=0.6", "--depth", "1")
    assert code == 0 and "60 % of its peak compute and 100 % of its bandwidth" in out
    for wrong in ("0", "1.5", "speed=0.5", "x"):
        code, out, err = run("preset", "resnet50", "--device", "t4", "--efficiency", wrong)
        assert (code, out) == (2, "") and "--efficiency" in err and len(err.splitlines()) == 1


def test_a_user_s_devices_file(run, tmp_path):
    # a device of the user's: 2 TFLOP/s at float16 from 25.6 GB/s, its ridge 2e12 / 25.6e9 = 78
    path = tmp_path / "mine.yaml"
    path.write_text("- id: my-npu\n  name: My NPU\n  peak: {float16: 2e12, int8: 4e12}\n  bandwidth: 25.6e9\n"
                    "  source: the vendor's sheet (2025)\n", encoding="utf-8")
    code, out, err = run("preset", "resnet50", "--devices", str(path), "--device", "my-npu", "--dtype", "float16",
                         "--json")
    assert code == 0, err
    roofline = json.loads(out)["roofline"]
    assert roofline["device"]["name"] == "My NPU" and roofline["device"]["ridge"] == pytest.approx(2e12 / 25.6e9)
    for text, said in (("- id: x\n  peak: {float32: -1}\n  bandwidth: 1e9\n  source: s\n", "from 1 to"),
                       ("- id: x\n  peak: {float32: 1e-320}\n  bandwidth: 1e9\n  source: s\n", "from 1 to"),
                       ("- id: x\n  peak: {float32: " + "9" * 401 + "}\n  bandwidth: 1e9\n  source: s\n", "from 1 to"),
                       ("- id: x\n  peak: {float32: true}\n  bandwidth: 1e9\n  source: s\n", "from 1 to"),
                       ("- id: x\n  name: {a: 1}\n  peak: {float32: 1e9}\n  bandwidth: 1e9\n  source: s\n", "text"),
                       ("- id: x\n  peak: {float32: 1e9}\n  bandwidth: 1e9\n", "needs `source`"),
                       ("- id: x\n  peak: {fp32: 1e9}\n  bandwidth: 1e9\n  source: s\n", "FLOP/s by dtype"),
                       ("{}\n", "devices are a list")):
        path.write_text(text, encoding="utf-8")
        code, out, err = run("preset", "resnet50", "--devices", str(path), "--device", "x")
        assert (code, out) == (2, "") and said in err and str(path) in err and len(err.splitlines()) == 1


def test_compare_sets_every_spec_on_every_device():
    comparison = api.compare("mobilenet_v2", "resnet50", device=["t4", "jetson-orin-nano"])
    assert [report.name for report in comparison.reports] == [
        "mobilenet_v2 on t4", "mobilenet_v2 on jetson-orin-nano", "resnet50 on t4", "resnet50 on jetson-orin-nano"]
    alone = {(name, device): api.preset(name, device=device).seconds for name in ("mobilenet_v2", "resnet50")
             for device in ("t4", "jetson-orin-nano")}
    assert sorted(report.seconds for report in comparison.reports) == sorted(alone.values())


def test_a_sweep_on_a_device_has_each_point_s_time(run):
    document = _json_of(run, "sweep", "mobilenet_v1", "--set", "alpha=1,0.5", "--device", "t4", "--sort", "seconds")
    for point in document["points"]:
        report = api.preset("mobilenet_v1", args=point["args"], device="t4")
        assert point["seconds"] == pytest.approx(report.seconds)
    assert [point["args"]["alpha"] for point in document["points"]] == [0.5, 1]
    code, out, err = run("sweep", "mobilenet_v1", "--set", "alpha=1,0.5", "--where", "seconds < 1")
    assert (code, out) == (2, "") and "--device" in err


def _json_of(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_spec_s_own_devices(run, tmp_path):
    # a device in the spec itself: 1 TFLOP/s, 10 GB/s; the 3×3 conv 64 → 64 on 56×56 above does
    # 231,211,008 FLOPs over 4·(3·3·64·64 + 2·56·56·64) = 1,753,088 bytes: 132 per byte, over the
    # ridge of 100, so 231 µs of compute
    path = tmp_path / "spec.yaml"
    path.write_text("input: 56x56x64\nargs: {w: 64}\n"
                    "devices: [{id: my-npu, peak: {float32: 1e12}, bandwidth: 10e9, source: 'sheet (2025)'}]\n"
                    "layers: [conv: {filters: $w, kernel: 3, padding: 1, bias: false}]\n", encoding="utf-8")
    (report,) = api.analyze(str(path), device="my-npu")
    assert report.seconds == pytest.approx(231_211_008 / 1e12)
    (point,) = list(cnncalc_sweep(str(path), {"w": [64]}, device="my-npu"))
    assert point.seconds == pytest.approx(231_211_008 / 1e12)
    path.write_text("input: 8x8x3\ndevices: [{id: n, peak: {float32: 0}, bandwidth: 1, source: s}]\nlayers: [relu]\n",
                    encoding="utf-8")
    code, out, err = run("analyze", str(path))
    assert (code, out) == (2, "") and f"{path}:2:" in err and "from 1 to" in err


def cnncalc_sweep(*args, **options):
    import cnncalc

    return cnncalc.sweep(*args, **options)


def test_each_row_s_share_of_the_time(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    code, out, _ = run("preset", "resnet50", "--device", "t4", "--depth", "1", "--columns", "layer,time,time_share")
    shares = [float(cell) for cell in re.findall(r"\b(\d+\.\d)%", out)]
    assert code == 0 and sum(shares) == pytest.approx(100, abs=0.6)  # each rounded to a tenth


def test_every_mistake_in_a_devices_list_is_said_and_a_spec_cannot_pose_as_a_vendor(run, tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("input: 8x8x3\ndevices:\n  - {id: a, peak: {float32: 0}, bandwidth: 1e9, source: s}\n"
                    "  - {id: t4, peak: {float32: 1e12}, bandwidth: 1e9, source: s}\n"
                    "layers: [conv: {filters: -4, kernel: 1}]\n", encoding="utf-8")
    code, out, err = run("analyze", str(path))
    assert (code, out) == (2, "") and len(err.splitlines()) == 3
    assert "from 1 to" in err and "a built-in device's id" in err and "filters" in err


def test_efficiency_and_devices_are_checked_even_without_a_device(run, tmp_path):
    for wrong in ("1e-320", "compute=0.5,compute=0.6"):
        code, out, err = run("preset", "resnet50", "--efficiency", wrong)
        assert (code, out) == (2, "") and "--efficiency" in err
    code, _, err = run("preset", "resnet50", "--devices", str(tmp_path / "missing.yaml"))
    assert code == 2 and "cannot be read" in err
    with pytest.raises(SpecError, match="efficiency"):
        api.preset("resnet50", device=api.OnDevice("t4", efficiency=2.0))
    code, _, err = run("preset", "resnet50", "--device", "t4", "--device", "l4")
    assert code == 2 and "one device" in err


def test_device_text_reaches_the_terminal_escaped(run, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text('- {id: "e\\e[31mx", name: "N\\u202e", peak: {float32: 1e12}, bandwidth: 1e10, source: s}\n',
                    encoding="utf-8")
    code, out, err = run("compare", "resnet18", "mobilenet_v2", "--devices", str(path), "--device", "e\x1b[31mx")
    assert code == 0, err
    assert "\x1b" not in out and "\u202e" not in out


def test_times_are_written_in_the_unit_that_reads_best():
    from cnncalc.render.view import duration

    assert [duration(value) for value in (999.6e-6, 1.5e-3, 2.5e-7, 6710.0)] == ["1 ms", "1.5 ms", "250 ns", "6,710 s"]


def test_markdown_and_rows_carry_the_times(run):
    code, out, _ = run("preset", "resnet50", "--device", "t4", "--format", "markdown", "--depth", "1")
    conv1 = next(line for line in out.splitlines() if line.startswith("| `conv1`"))
    assert "µs" in conv1 and "compute" in conv1
    report = api.preset("resnet50", device="t4")
    rows = report.rows(depth=1)
    assert sum(row["seconds"] for row in rows) == pytest.approx(report.seconds)
