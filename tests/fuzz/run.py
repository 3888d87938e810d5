"""An in-process fuzz run: random but repeatable mutations of the example specs and lesson presets through
cnncalc.load, cnncalc.analyze and every renderer. Every input must give output or a SpecError whose
lines name the file; anything else is a failure, printed with the case that caused it.

    python tests/fuzz/run.py --cases 100000 --series 1    # CI runs this (a few minutes)
    python tests/fuzz/run.py --cases 2000000 --series 7   # a longer run, by hand

The same series gives the same cases, so a failure is reproduced by its series and case number; a
case that failed is worth keeping in tests/fuzz/found/, which the test suite replays.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Pieces that reach the corners of YAML and of the spec language.
TOKENS = [
    b"{", b"}", b"[", b"]", b":", b",", b"-", b" ", b"\n", b"\n  ", b"\t", b"&a ", b"*a", b"<<: *a", b"!!int ",
    b"!!bool ", b"!!float ", b"!!timestamp ", b"!!binary ", b"!!set ", b"!!python/none ", b"~", b"null", b"true",
    b"0", b"-1", b"1e400", b"2.5", b"1099511627777", b"99999999999999999999", b"repeat: 100", b"repeat: 0",
    b"$x", b"$", b"name: a/b", b"name: \x1b[2J", b"\x00", b"\xff", b"\xe2\x80\xae", b"'", b'"', b"#", b"%", b"|",
    b">", b"padding: same", b"stride: 0", b"groups: 3", b"kernel: [1, 2, 3]", b"filters: 1", b"conv_transpose",
    b"concat", b"residual", b"scale", b"sequential", b"shortcut: auto", b"variants:", b"{preset: alexnet}",
    b"{preset: ../x}", b"published: [{quote: q, quantity: macs, value: 0, where: w}]", b"{macs#9}", b"{x@1 fewer}",
    b"lesson: ", b"ratios: false", b"output_size: 3", b"ceil_mode: true", b"dilation: 2", b"output_padding: 1",
    b"upsample: {scale: 2}", b"mode: bilinear", b"mode: trilinear", b"scale: [2, 3]",
    b"args: {alpha: 0.5, c: 8}", b"$alpha * 2", b"floor($c / 3)", b" // 0", b"make_divisible($c, 8)", b"(((", b")",
    b"64 * 2", b"max(8, $c)", b"round(", b"trainable: false", b"trainable: 1", b"groupnorm: {groups: 3}", b"layernorm", b"instancenorm: {affine: true}", b"separable_conv: {filters: 4, kernel: 3}", b"depthwise_conv: {kernel: 3}", b"pad: {padding: 2, mode: reflect}", b"max_unpool: {kernel: 2}", b"layer_scale", b"prelu: {slopes: per_element}", b"pixel_shuffle: {factor: 2}", b"reshape: {shape: [-1, 4]}", b"normalization", b"rescaling: {scale: 0.5}", b"from: stem", b"name: stem", b"add: {from: [stem, x]}", b"concat: {from: [a, b]}", b"inputs: {a: 8x8x3, b: 8x8x3}", b"outputs: [stem]", b"shares: stem", b"crop: {by: 1}", b"99999999999999999999 * 99999999999999999999", b"{preset: mobilenet_v1, args: {alpha: 0.25}}",
    b"devices: [{id: d, peak: {float32: 1e12}, bandwidth: 1e9, source: s}]", b"devices: [{id: t4}]",
]


# Blocks used by name inside others and a block chosen by an arg, which a sweep must read again
# whenever an arg any of them reads changes
BLOCKS_BY_NAME = b"""args: {width: 8, which: inner, n: 1}
input: 8x8x3
blocks:
  inner: {layers: [conv: {filters: $width, kernel: 1}]}
  other: {args: {k: 3}, layers: [conv: {filters: $width * 2, kernel: $k, padding: 1}]}
  outer: {layers: [inner, {residual: {layers: [inner]}}, {other: {repeat: $n}}]}
  chooser: {layers: [$which]}
layers: [outer, chooser, {concat: [[inner], [$which]]}]
"""


def starting_points() -> list[bytes]:
    """The example specs and the smaller presets; those with args of their own (which a sweep goes
    over) once more, so that a fifth of the cases start from one."""
    from cnncalc import presets

    small = [name for name in presets.names() if len(presets.text(name)) < 3000]
    corpus = [path.read_bytes() for path in sorted((ROOT / "specs").glob("*.yaml"))] + \
        [presets.text(name).encode() for name in small]
    with_args = [text for text in corpus if b"\nargs:" in text] + \
        [presets.text(name).encode() for name in ("mobilenet_v1", "resnet")] + [BLOCKS_BY_NAME]
    return corpus + with_args * max(1, len(corpus) // (4 * len(with_args)))


def mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        action = rng.random()
        at = rng.randint(0, len(data))
        if action < 0.35:
            data[at:at] = rng.choice(TOKENS)
        elif action < 0.55 and data:
            del data[at:at + rng.randint(1, 12)]
        elif action < 0.7 and data:
            data[at:at + 1] = bytes([rng.randint(0, 255)])
        elif action < 0.85:
            lines = bytes(data).split(b"\n")
            line = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines) + 1), lines[line])
            data = bytearray(b"\n".join(lines))
        else:
            start = rng.randint(0, len(data))
            piece = bytes(data[start:start + rng.randint(1, 40)])
            data[at:at] = piece
    return bytes(data)


def check(data: bytes) -> None:
    from cnncalc import SpecError, analyze
    from cnncalc.render import FORMATS, render
    from cnncalc.render.view import Options
    from cnncalc.report import compare
    from cnncalc.spec import Limits, load_suite_bytes

    try:
        suite = load_suite_bytes(data, "fuzz.yaml", Limits(max_layers=2_000))
        reports = [analyze(spec) for spec in suite.specs]
    except SpecError as error:
        assert all(line.startswith("fuzz.yaml") for line in error.lines()), error.lines()
        assert all("\n" not in line for line in error.lines()), error.lines()
        return
    from cnncalc.api import on_device

    for format_ in FORMATS:
        for report in reports:
            text = render(report, format_.name, Options(width=60))
            if format_.name == "html":  # nothing from the spec becomes markup
                assert text.count("<script") == 1 and text.count("<details") == text.count("</details>"), report.name
            render(report, format_.name, Options(depth=1, receptive_field=True))
            render(on_device(report, "t4"), format_.name, Options(width=60, depth=2))
        if len(reports) > 1:
            render(compare(reports, ratios=suite.ratios), format_.name, Options(by_layer=True, width=80))
    if len(reports) == 1 and reports[0].args:
        check_sweep(data, dict(reports[0].args))


def check_sweep(data: bytes, args: dict[str, object]) -> None:
    """A sweep reads the spec again at each point, keeping the blocks it expanded: each point must
    count what reading the spec afresh with its values counts, or fail alike."""
    from cnncalc import SpecError, analyze
    from cnncalc.render import FORMATS, render
    from cnncalc.render.view import Options
    from cnncalc.spec import Limits, load_suite_bytes
    from cnncalc.sweeps import Reader, chosen, sweep

    limits = Limits(max_layers=2_000)
    name, value = next(iter(args.items()))
    values = [value, value * 2 if isinstance(value, (int, float)) and not isinstance(value, bool) else value, 0]
    reader = Reader(data.decode("utf-8-sig"), "fuzz.yaml", limits)
    for point in sweep(reader, {name: values}):
        try:
            fresh = load_suite_bytes(data, "fuzz.yaml", limits, args=dict(point.args)).specs[0]
            report = analyze(fresh, receptive_field=False)
        except SpecError as error:
            assert not point.valid and point.error == "\n".join(error.lines()), (point, error.lines())
            continue
        assert (point.totals, point.depth) == (report.totals, report.depth), (point, report.totals)
    try:
        shown = chosen(reader, {name: values}, pareto=("macs", "params"), where="macs >= 0", sort="-params")
    except SpecError as error:  # no point makes a network, or an arg's values that cannot be traded off
        assert all("\n" not in line for line in error.lines()), error.lines()
        return
    for format_ in FORMATS:
        try:
            render(shown, format_.name, Options(width=60))
        except SpecError as error:  # a diagram format: a sweep has no layers to draw
            assert format_.name in ("dot", "mermaid"), error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--series", type=int, default=1,
                        help="which series of cases: the same number gives the same cases")
    options = parser.parse_args()
    rng = random.Random(options.series)
    corpus = starting_points()
    start = time.monotonic()
    for case in range(1, options.cases + 1):
        data = mutate(rng, rng.choice(corpus))
        try:
            check(data)
        except Exception as error:  # noqa: BLE001 -- a failure to report, with its case
            print(f"failure at case {case} of series {options.series}: {type(error).__name__}: {error}", file=sys.stderr)
            print(repr(data[:2000]), file=sys.stderr)
            sys.exit(1)
    print(f"fuzz: {options.cases:,} cases of series {options.series} in {time.monotonic() - start:.0f} s, no failure")


if __name__ == "__main__":
    main()
