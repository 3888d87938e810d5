"""How fast cnncalc is on this machine, measured the way a user runs it: start-up, the whole
command on 100,000 layers with its output written, library throughput, scaling, sweeps, and the
HTML report of 10,000 layers written and opened in a browser (where a Chromium is installed).

    python benchmarks/run.py            # everything, several minutes
    python benchmarks/run.py --quick    # fewer runs and smaller specs, for a first look
    python benchmarks/run.py --peers    # also torchinfo, fvcore, ptflops and thop, where installed

Run it from an environment where cnncalc is installed (the README's set-up). It writes
benchmarks/results/latest.json and prints a short table; docs/performance.md records a run.
Every figure is the median of several runs, with the spread (min to max) beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
CNNCALC = shutil.which("cnncalc", path=str(Path(PYTHON).parent)) or shutil.which("cnncalc")


def summary(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": len(samples)}


def wall_time(command: list[str], runs: int) -> dict:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - start)
    return summary(samples)


def paired(command: list[str], baseline: list[str], runs: int) -> dict:
    """The command and a baseline run in turn, the ratio taken pair by pair: a machine whose speed
    drifts moves both of a pair alike."""
    times, ratios = [], []
    for _ in range(runs):
        ours = wall_time(command, 1)["median"]
        theirs = wall_time(baseline, 1)["median"]
        times.append(ours)
        ratios.append(ours / theirs)
    return {**summary(times), "ratio": statistics.median(ratios)}


FLOOR = [PYTHON, "-c", "import typer, yaml"]  # what any run of cnncalc must import


def startup(runs: int) -> dict:
    """A fresh process each time, against the floor, and the table against JSON."""
    results: dict = {"floor: python -c 'import typer, yaml'": wall_time(FLOOR, runs)}
    json_command = [CNNCALC, "preset", "resnet50", "--format", "json"]
    for label, args in (("preset resnet50 --format json", ["preset", "resnet50", "--format", "json"]),
                        ("preset resnet50 (table)", ["preset", "resnet50"]),
                        ("--help", ["--help"])):
        results[label] = paired([CNNCALC, *args], FLOOR, runs)
    results["table against JSON, ResNet-50"] = paired([CNNCALC, "preset", "resnet50"], json_command, runs)
    return results


def throughput(seconds: float) -> dict:
    """Analyses per second in this process, on one core; a first (cold) analysis against the
    arithmetic it cannot avoid."""
    import yaml

    from cnncalc import analyze, from_dict, presets
    from cnncalc.spec import load_suite_text

    spec = presets.load("resnet50").specs[0]
    text = presets.text("resnet50")
    document = yaml.safe_load(text)

    def rate(work) -> dict:
        rates = []
        for _ in range(5):
            count, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds / 5:
                work()
                count += 1
            rates.append(count / (time.perf_counter() - start))
        return summary(rates)

    return {
        "analyze a loaded ResNet-50 spec, per second": rate(lambda: analyze(spec)),
        "the same without receptive fields, per second": rate(lambda: analyze(spec, receptive_field=False)),
        "load ResNet-50 from YAML text and analyze, per second": rate(lambda: analyze(load_suite_text(text).specs[0])),
        "build ResNet-50 from Python dicts and analyze, per second": rate(lambda: analyze(from_dict(document))),
        "cold": cold_analysis(spec),
    }


def cold_analysis(spec) -> dict:
    """A first analysis, every cache emptied, against the floor: the integer products any count of
    this network must make (each layer's output size, MACs and parameters), in plain Python."""
    from math import prod

    from cnncalc import analyze, engine, fields, receptive

    report = analyze(spec)
    work = [(layer.output_shape, layer.counts.filter_shape or (1,), layer.counts.filters) for layer in report.layers]

    def arithmetic() -> int:
        total = 0
        for output, window, filters in work:
            total += prod(output) * prod(window) + prod(window) * filters
        return total

    samples, floors = [], []
    for _ in range(50):
        for cached in (engine.rule_result, receptive.moved, receptive.joined, fields.field_text):
            cached.cache_clear()
        start = time.perf_counter()
        analyze(spec)
        samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        arithmetic()
        floors.append(time.perf_counter() - start)
    cold, floor = statistics.median(samples), statistics.median(floors)
    return {"cold_seconds": cold, "floor_seconds": floor, "ratio": cold / floor}


# --- generated specs of N layers --------------------------------------------------------------

def plain_written(layers: int) -> str:
    body = "".join("  - conv: {filters: 16, kernel: 3, padding: 1}\n" if index % 2 == 0 else "  - relu\n"
                   for index in range(layers))
    return f"input: 32x32x16\nlayers:\n{body}"


def plain_repeat(layers: int) -> str:
    return ("input: 32x32x16\nlayers:\n  - sequential:\n      layers: [conv: {filters: 16, kernel: 3, padding: 1}, relu]\n"
            f"      repeat: {layers // 2}\n")


def nested_residuals(layers: int) -> str:
    """Residual blocks nested 50 deep, each level adding a conv and a batchnorm, repeated."""
    depth = 50
    inner = "[conv: {filters: 16, kernel: 3, padding: 1}, batchnorm]"
    for _ in range(depth - 1):
        inner = "[conv: {filters: 16, kernel: 3, padding: 1}, batchnorm, residual: " + inner + "]"
    per_nest = 3 * depth  # conv, batchnorm and the add of each level
    return f"input: 32x32x16\nlayers:\n  - residual: {inner}\n    repeat: {max(1, layers // per_nest)}\n"


def wide_concats(layers: int) -> str:
    """Concats of 100 branches of two layers each, one after another."""
    branches = ", ".join(["[conv: {filters: 1, kernel: 1}, relu]"] * 100)
    per_concat = 201
    return (f"input: 16x16x100\nlayers:\n  - sequential:\n      layers: [concat: [{branches}]]\n"
            f"      repeat: {max(1, layers // per_concat)}\n")


GENERATORS = {"plain, written out": plain_written, "plain, via repeat": plain_repeat,
              "nested residuals": nested_residuals, "wide concats": wide_concats}

MEASURE_ONE = """
import json, resource, sys, time
from cnncalc import analyze
from cnncalc.spec import Limits, load_suite_text
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
spec = load_suite_text(text, "generated.yaml", Limits(max_layers=10**6, max_nesting=200)).specs[0]
loaded = time.perf_counter()
report = analyze(spec)
done = time.perf_counter()
print(json.dumps({"layers": len(report.layers), "load": loaded - start, "analyze": done - loaded,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scaling(sizes: list[int], runs: int) -> dict:
    """Each case in a fresh process, so that its peak memory is its own."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, generate in GENERATORS.items():
            for size in sizes:
                path = Path(folder) / "spec.yaml"
                path.write_text(generate(size), encoding="utf-8")
                samples = []
                for _ in range(runs):
                    output = subprocess.run([PYTHON, "-c", MEASURE_ONE, str(path)], capture_output=True, text=True,
                                            check=True).stdout
                    samples.append(json.loads(output))
                totals = [sample["load"] + sample["analyze"] for sample in samples]
                layers = samples[0]["layers"]
                results[f"{name}, {size:,}"] = {
                    "layers": layers,
                    "seconds": summary(totals),
                    "load_seconds": statistics.median(sample["load"] for sample in samples),
                    "analyze_seconds": statistics.median(sample["analyze"] for sample in samples),
                    "microseconds_per_layer": 1e6 * statistics.median(totals) / layers,
                    "peak_rss_mb": max(sample["peak_rss_mb"] for sample in samples),
                }
    return results


def formats(layers: int, runs: int) -> dict:
    """The command a user runs on a large spec, output written to a file, in each format: its time
    and its peak memory, for a spec written out line by line and one made with `repeat`."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for shape, generate in (("written out", plain_written), ("with repeat", plain_repeat)):
            spec = Path(folder) / "spec.yaml"
            spec.write_text(generate(layers), encoding="utf-8")
            for name, suffix in (("json", "json"), ("csv", "csv"), ("markdown", "md"), ("table", "txt")):
                command = [CNNCALC, "analyze", str(spec), "--max-layers", "1000000",
                           "-o", str(Path(folder) / f"out.{suffix}")]
                samples = [process(command) for _ in range(runs)]
                results[f"{shape}, {name}"] = {"seconds": summary([sample[0] for sample in samples]),
                                               "peak_rss_mb": max(sample[1] for sample in samples)}
    return {"layers": layers, "formats": results}


def process(command: list[str], stdin: Path | None = None) -> tuple[float, float, int]:
    """One whole process: its seconds, its own peak memory in MB (wait4's figure), its exit code.
    Its input comes from a file, so that this process holds nothing large the child would count."""
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as source:
        child = subprocess.Popen(command, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, child.returncode


def hostile_cases(folder: Path) -> dict[str, tuple[list[str], Path | None]]:
    """The worst inputs a probe found on 2026-11-24, as commands: each must end within 1 s and 100 MB."""
    anchors = ["&a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]"] + [f"&a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]"
                                                    for level in range(1, 6)]
    specs = {
        "transposed convolutions growing past every size": "input: 2x2x1\nlayers:\n  - conv_transpose: "
            "{filters: 1, kernel: 1000, stride: 1000}\n    repeat: 20\n",
        "a 531,441-value alias passed to a block 4,000 times": "input: 8x8x3\nblocks:\n  b:\n    args: {x: 1}\n"
            f"    layers: [relu]\n    description: [{', '.join(anchors)}]\nlayers:\n  - b: {{x: *a5}}\n    repeat: 4000\n",
        "40 variants of 30,000 layers": "name: many\ninput: 8x8x3\nvariants:\n" + "".join(
            f"  - {{name: v{index}, layers: [relu: {{repeat: 30000}}]}}\n" for index in range(40)),
        "1,000 variants of resnet50": "name: many\nvariants:\n" + "".join(
            f"  - {{preset: resnet50, name: r{index}}}\n" for index in range(1000)),
        "a list nested 400 deep": "input: 8x8x3\nlayers: [conv: {filters: 3, kernel: " + "[" * 400 + "]" * 400 + "}]\n",
        "an error quoting a 59,049-value alias": "input: 8x8x3\nlayers:\n  - sequential: {name: [" +
            ", ".join(anchors[:5]) + "], layers: []}\n  - conv: {filters: 3, kernel: *a4}\n",
    }
    cases: dict[str, tuple[list[str], Path | None]] = {}
    for index, (name, text) in enumerate(specs.items()):
        path = folder / f"hostile{index}.yaml"
        path.write_text(text, encoding="utf-8")
        cases[name] = ([CNNCALC, "analyze", str(path), "--format", "csv"], None)
    big = folder / "big.yaml"
    with open(big, "w", encoding="utf-8") as stream:
        stream.write("input: 8x8x3\nlayers:\n")
        for _ in range(55):
            stream.write("  - relu\n" * 100_000)
    cases["a spec of 50 MB"] = ([CNNCALC, "analyze", str(big)], None)
    cases["/dev/zero as a spec"] = ([CNNCALC, "analyze", "/dev/zero"], None)
    cases["50 MB on standard input"] = ([CNNCALC, "analyze", "-"], big)
    cases["--match with 3,000 spaces"] = ([CNNCALC, "conventions", "resnet50", "--match", " " * 3000 + "1"], None)
    cases["--match 1e99999999"] = ([CNNCALC, "conventions", "resnet50", "--match", "1e99999999"], None)
    return cases


def hostile(runs: int) -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, (command, stdin) in hostile_cases(Path(folder)).items():
            samples = [process(command, stdin) for _ in range(runs)]
            results[name] = {"seconds": summary([sample[0] for sample in samples]),
                             "peak_rss_mb": max(sample[1] for sample in samples), "exit": samples[0][2]}
    return results


PEERS = {  # each counts torchvision's ResNet-50 at 224×224, as a fresh process; where installed
    "torchinfo": "import torchvision, torchinfo; torchinfo.summary(torchvision.models.resnet50(), "
                 "input_size=(1, 3, 224, 224), verbose=0)",
    "fvcore": "import torch, torchvision; from fvcore.nn import FlopCountAnalysis; "
              "FlopCountAnalysis(torchvision.models.resnet50().eval(), torch.zeros(1, 3, 224, 224)).total()",
    "ptflops": "import torchvision; from ptflops import get_model_complexity_info; "
               "get_model_complexity_info(torchvision.models.resnet50(), (3, 224, 224), print_per_layer_stat=False)",
    "thop": "import torch, torchvision; from thop import profile; "
            "profile(torchvision.models.resnet50(), inputs=(torch.zeros(1, 3, 224, 224),), verbose=False)",
}


def peers(runs: int) -> dict:
    """The same ResNet-50 count through each peer tool that is installed here (never a dependency),
    paired run by run with cnncalc's: how many times slower it is, and its peak memory."""
    results = {}
    ours = [CNNCALC, "preset", "resnet50", "--format", "json"]
    for name, code in PEERS.items():
        if subprocess.run([PYTHON, "-c", f"import torch, torchvision, {name}"], capture_output=True).returncode:
            results[name] = None
            continue
        timing = paired([PYTHON, "-c", code], ours, runs)
        results[name] = {"seconds": timing["median"], "times_cnncalc": timing["ratio"],
                         "peak_rss_mb": process([PYTHON, "-c", code])[1]}
    return results


# ResNet-50's family around its size, as `cnncalc sweep` runs it: 1,000 points of stages 2 and 3's
# blocks (2 to 5 and 2 to 11: 16 blocks on average, as ResNet-50 has) and its width (16 to 208)
SWEEP_1000 = ["sweep", "resnet", "--set", "blocks2=2:5", "--set", "blocks3=2:11", "--set", "width=16:208:8"]
# 10,000 points, one process against two
SWEEP_10000 = ["sweep", "resnet", "--set", "blocks2=1:10", "--set", "blocks3=1:20", "--set", "width=16:160:16",
               "--set", "blocks4=2:6"]


def pages(layers: int, runs: int) -> dict:
    """The HTML report of a large spec of each shape: the whole command writing it (target: 2 s), and,
    where a Chromium is installed, the seconds until the page has loaded in it (target: 3 s)."""
    sys.path.insert(0, str(HERE.parent))
    from tests.browser import Browser, BrowserError, find_browser

    executable = find_browser()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        try:
            browser = Browser(executable, timeout=120) if executable else None
        except (BrowserError, OSError) as error:  # the other figures still count
            print(f"pages: the browser would not start ({error}); not opened", file=sys.stderr)
            browser = None
        try:
            if browser is not None:
                browser.size(1280, 800)
            for shape, generate in GENERATORS.items():
                spec, page = Path(folder) / "spec.yaml", Path(folder) / "page.html"
                spec.write_text(generate(layers), encoding="utf-8")
                command = [CNNCALC, "analyze", str(spec), "-o", str(page)]
                samples = [process(command) for _ in range(runs)]
                opened = summary([browser.open(page) for _ in range(runs)]) if browser is not None else None
                results[shape] = {"seconds": summary([sample[0] for sample in samples]),
                                  "peak_rss_mb": max(sample[1] for sample in samples),
                                  "megabytes": page.stat().st_size / 1e6, "opened": opened}
        finally:
            if browser is not None:
                browser.close()
    return {"layers": layers, "browser": executable, "pages": results}


LARGE_ONNX = """
import sys, onnx
from onnx import TensorProto, helper
values = 125_000_000  # 500 MB of float32
weight = helper.make_tensor("w", TensorProto.FLOAT, [values // 1000, 1000], vals=bytes(4 * values), raw=True)
graph = helper.make_graph([helper.make_node("Gemm", ["x", "w"], ["y"], transB=1)], "large",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1000])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], [weight])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), sys.argv[1])
"""


def models(runs: int) -> dict:
    """Model files read as specs, the whole command to a JSON file: ResNet-50 as Keras' config and as an
    ONNX graph (tests/fixtures), and a 500 MB ONNX file whose weights are in it (target: 0.3 s)."""
    import gzip

    fixtures = HERE.parent / "tests" / "fixtures"
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        keras = Path(folder) / "resnet50.json"
        keras.write_bytes(gzip.decompress((fixtures / "keras" / "ResNet50.json.gz").read_bytes()))
        output = ["--format", "json", "-o", str(Path(folder) / "out.json")]
        results["ResNet-50, Keras' config"] = wall_time([CNNCALC, "analyze", str(keras), *output], runs)
        if subprocess.run([PYTHON, "-c", "import onnx"], capture_output=True).returncode:
            return results  # the onnx extra is not installed here
        results["ResNet-50, ONNX graph"] = wall_time([CNNCALC, "analyze", str(fixtures / "onnx" / "resnet50.onnx"),
                                                      *output], runs)
        large = Path(folder) / "large.onnx"
        subprocess.run([PYTHON, "-c", LARGE_ONNX, str(large)], check=True)  # in a process of its own: its 500 MB
        samples = [process([CNNCALC, "analyze", str(large), *output]) for _ in range(runs)]
        results["a 500 MB ONNX file, weights inside"] = {**summary([sample[0] for sample in samples]),
                                                        "peak_rss_mb": max(sample[1] for sample in samples)}
    return results


def sweeps(runs: int, large: bool) -> dict:
    """Whole sweeps, their CSV written to a file; the large one in one process and in two (--jobs 2)."""
    with tempfile.TemporaryDirectory() as folder:
        output = ["-o", str(Path(folder) / "sweep.csv")]
        results = {"1,000 points of ResNet-50's family, one process": wall_time([CNNCALC, *SWEEP_1000, *output], runs)}
        if large:
            one = [CNNCALC, *SWEEP_10000, *output]
            results["10,000 points, one process"] = wall_time(one, max(1, runs // 3))
            results["10,000 points, --jobs 2"] = paired([*one, "--jobs", "2"], one, max(1, runs // 3))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and no 100,000-layer cases")
    parser.add_argument("--hostile", action="store_true", help="only the worst inputs found, as whole processes")
    parser.add_argument("--peers", action="store_true", help="also torchinfo, fvcore, ptflops and thop, where installed")
    options = parser.parse_args()
    if CNNCALC is None:
        sys.exit("cnncalc is not installed in this environment; see the README's set-up")
    if options.hostile:
        print_hostile(hostile(3))
        return
    runs = 5 if options.quick else 15
    sizes = [1_000, 10_000] if options.quick else [1_000, 10_000, 100_000]
    results = {
        "date": date.today().isoformat(),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count()},
        "startup": startup(runs),
        "throughput": throughput(2.0 if options.quick else 10.0),
        "scaling": scaling(sizes, 1 if options.quick else 3),
        "formats": formats(20_000 if options.quick else 100_000, 1 if options.quick else 3),
        "hostile": hostile(1 if options.quick else 3),
        "sweeps": sweeps(3 if options.quick else 5, large=not options.quick),
        "pages": pages(10_000, 3 if options.quick else 5),
        "models": models(3 if options.quick else 5),
        "peers": peers(3) if options.peers else None,
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)


def print_table(results: dict) -> None:
    print(f"cnncalc benchmark, {results['date']}, Python {results['machine']['python']}, "
          f"{results['machine']['cpus']} CPUs ({results['machine']['platform']})\n")
    print("start-up (fresh process)                     median       spread          × floor, paired")
    for label, row in results["startup"].items():
        ratio = f"{row['ratio']:.2f}×" if "ratio" in row else ""
        print(f"  {label:42s} {1000 * row['median']:7.1f} ms  {1000 * row['min']:6.1f}–{1000 * row['max']:<6.1f} ms  {ratio}")
    print("\nlibrary throughput (one core)                             median        spread")
    for label, row in results["throughput"].items():
        if label != "cold":
            print(f"  {label:55s} {row['median']:8.0f}/s  {row['min']:.0f}–{row['max']:.0f}")
    cold = results["throughput"]["cold"]
    print(f"  a first ResNet-50 analysis, caches empty: {1e6 * cold['cold_seconds']:.0f} µs, "
          f"{cold['ratio']:.1f}× its arithmetic ({1e6 * cold['floor_seconds']:.0f} µs)")
    print("\nscaling                               layers    seconds   µs/layer   load / analyze    peak RSS")
    for label, row in results["scaling"].items():
        print(f"  {label:34s} {row['layers']:8,d} {row['seconds']['median']:9.3f} {row['microseconds_per_layer']:9.2f}"
              f"   {row['load_seconds']:6.3f} / {row['analyze_seconds']:6.3f}  {row['peak_rss_mb']:7.0f} MB")
    layers = results["formats"]["layers"]
    print(f"\nthe whole command on {layers:,} layers, written to a file     median       spread     peak RSS")
    for label, row in results["formats"]["formats"].items():
        seconds = row["seconds"]
        print(f"  {label:50s} {seconds['median']:6.2f} s  {seconds['min']:5.2f}–{seconds['max']:<5.2f} s  "
              f"{row['peak_rss_mb']:5.0f} MB")
    print_hostile(results["hostile"])
    print("\nsweeps, the whole command, CSV written to a file            median       spread   × one process")
    for label, row in results["sweeps"].items():
        ratio = f"{row['ratio']:.2f}×" if "ratio" in row else ""
        print(f"  {label:55s} {row['median']:6.2f} s  {row['min']:5.2f}–{row['max']:<5.2f} s  {ratio}")
    layers = results["pages"]["layers"]
    print(f"\nthe HTML report of {layers:,} layers: written (target 2 s)          size   peak RSS   opened (target 3 s)")
    for label, row in results["pages"]["pages"].items():
        opened = f"{row['opened']['median']:6.2f} s" if row["opened"] else "no browser here"
        print(f"  {label:42s} {row['seconds']['median']:6.2f} s  {row['megabytes']:5.1f} MB  {row['peak_rss_mb']:5.0f} MB"
              f"   {opened}")
    print("\nmodel files, the whole command to a JSON file                median       spread")
    for label, row in results["models"].items():
        memory_used = f"   {row['peak_rss_mb']:5.0f} MB" if "peak_rss_mb" in row else ""
        print(f"  {label:55s} {row['median']:6.2f} s  {row['min']:5.2f}–{row['max']:<5.2f} s{memory_used}")
    if results["peers"] is None:
        print("\npeers: not measured (--peers measures those installed; none is ever a dependency)")
        return
    print("\nResNet-50 through each peer, a fresh process       seconds   × cnncalc   peak RSS")
    for name, row in results["peers"].items():
        if row is None:
            print(f"  {name:48s} not installed here")
        else:
            print(f"  {name:48s} {row['seconds']:7.2f}   {row['times_cnncalc']:7.0f}×   {row['peak_rss_mb']:5.0f} MB")


def print_hostile(results: dict) -> None:
    print("\nworst inputs found, each a whole process (target: 1 s, 100 MB)    seconds   peak RSS   exit")
    for label, row in results.items():
        print(f"  {label:62s} {row['seconds']['median']:7.2f}   {row['peak_rss_mb']:5.0f} MB   {row['exit']:4d}")


if __name__ == "__main__":
    main()
