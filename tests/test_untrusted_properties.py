"""Properties over text a user or a downloaded spec may hold: lesson templates, published figures,
YAML tags and command-line options. Whatever it is, the answer is output or a located SpecError (exit
2 on the command line), never an internal error."""
import json
import subprocess
import sys
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnncalc import SpecError, analyze
from cnncalc.figures import parse_figure
from cnncalc.lesson import fill
from cnncalc.report import compare
from cnncalc.spec import load_suite_text
from tests.conftest import ROOT

SOME = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = st.sampled_from(["weights", "params", "macs", "flops", "channels", "depth", "branch_fields", "speed", "x", ""])
PLACEHOLDER = st.builds(lambda name, sign, number, other, phrase: f"{{{name}{sign}{number}{other}{phrase}}}",
                        NAMES, st.sampled_from(["#", "@", "", "!"]), st.integers(0, 12).map(str),
                        st.sampled_from(["", "/1", "/2", "/9", "/"]), st.sampled_from(["", " fewer", " more", " less"]))
TEMPLATE = st.lists(st.one_of(PLACEHOLDER, st.text(max_size=12)), max_size=5).map("".join)


@SOME
@given(TEMPLATE, st.integers(1, 3))
def test_a_lesson_template_reads_and_fills_or_is_a_located_error(template, count):
    variants = ", ".join(f"{{name: v{index}, layers: [conv: {{filters: {index}, kernel: 1}}]}}"
                         for index in range(1, count + 1))
    text = f"name: lesson\ninput: 4x4x2\nlesson: {json.dumps(template)}\nvariants: [{variants}]\n"
    try:
        suite = load_suite_text(text, "lesson.yaml")
    except SpecError as error:
        assert all(line.startswith("lesson.yaml") for line in error.lines())
        return
    filled = fill(suite.lesson, compare([analyze(spec) for spec in suite.specs]))
    assert isinstance(filled, str) and "\n" not in filled


FIGURE_TEXT = st.one_of(
    st.text(max_size=80),
    st.builds(lambda digits, decimals, scale, unit: f"{digits}{decimals}{scale}{unit}",
              st.integers(0, 10**40).map(str), st.sampled_from(["", ".5", ".", ".123", ",000"]),
              st.sampled_from(["", "e9", "E-3", "e400", " × 10⁹", " x 10^12", "G", "k", " million", "M", "e"]),
              st.sampled_from(["", " FLOPs", " params", " GMac", "Mac", " apples"])),
)


@SOME
@given(FIGURE_TEXT)
def test_a_figure_is_read_exactly_or_refused_with_a_reason(text):
    try:
        figure = parse_figure(text)
    except ValueError as error:
        assert str(error)
        return
    assert isinstance(figure.value, (int, Fraction)) and 0 < figure.value <= 10**30  # exact: never a float
    assert figure.low <= figure.value < figure.high


@SOME
@given(FIGURE_TEXT)
def test_a_published_figure_of_any_text_is_compared_or_a_located_error(text):
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    spec = (f'input: 8x8x3\nlayers: [conv: {{filters: 4, kernel: 3}}]\n'
            f'published: [{{quote: q, quantity: macs, value: "{quoted}", where: w}}]\n')
    try:
        suite = load_suite_text(spec, "published.yaml")
    except SpecError as error:
        assert all(line.startswith("published.yaml") for line in error.lines())
        return
    report = analyze(suite.specs[0])
    ((figure, counted, difference),) = report.against_published()
    assert counted == 6 * 6 * 4 * 3 * 3 * 3 and isinstance(difference, float)
    report.to_dict()


TAGS = st.sampled_from(["!!int", "!!float", "!!bool", "!!null", "!!str", "!!timestamp", "!!binary", "!!set", "!!map",
                        "!!seq", "!!omap", "!!pairs", "!!python/none", "!local", "!", "!!merge", "!!value"])
VALUES = st.sampled_from(["four", "4", "maybe", "true", "x", "2020-01-01", "", "~", "[1]", "{a: 1}", "AAAA", "1e400"])


@SOME
@given(TAGS, VALUES, st.sampled_from(["filters", "kernel", "name", "repeat", "input"]))
def test_a_yaml_tag_anywhere_gives_a_result_or_a_located_error(tag, value, where):
    layer = f"conv: {{filters: 4, kernel: 1, {where}: {tag} {value}}}" if where != "input" else "relu"
    spec = f"input: {tag + ' ' + value if where == 'input' else '8x8x3'}\nlayers: [{layer}]\n"
    try:
        for loaded in load_suite_text(spec, "tagged.yaml").specs:
            analyze(loaded)
    except SpecError as error:
        assert all(line.startswith("tagged.yaml") for line in error.lines())


OPTIONS = st.lists(st.one_of(
    st.tuples(st.just("--depth"), st.sampled_from(["0", "1", "3", "-1", "x", "99999999999999999999"])),
    st.tuples(st.just("--batch"), st.sampled_from(["1", "2", "0", str(2**41), "1e3"])),
    st.tuples(st.just("--columns"), st.sampled_from(["", ",", "macs", "mac", "layer,formula,rf", "counted"])),
    st.tuples(st.just("--format"), st.sampled_from(["table", "json", "csv", "markdown", "xml"])),
    st.tuples(st.just("--convention"), st.sampled_from(["fvcore", "FVCORE", "keras", "nope"])),
    st.tuples(st.just("--dtype"), st.sampled_from(["float16", "int4"])),
    st.tuples(st.just("--baseline"), st.sampled_from(["1", "2", "9"])),
    st.tuples(st.sampled_from(["--rf", "--no-formulas", "--totals", "--by-layer", "--json"])),
), max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["analyze", "preset"]), OPTIONS)
def test_any_options_give_output_or_a_usage_error_never_an_internal_one(command, options):
    arguments = [command, "resnet18" if command == "preset" else str(ROOT / "specs" / "unet-small.yaml")]
    arguments += [part for option in options for part in option]
    result = subprocess.run([sys.executable, "-m", "cnncalc", *arguments], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert result.returncode in (0, 2), (arguments, result.stderr)
    assert all(line.startswith("cnncalc: ") for line in result.stderr.splitlines()), result.stderr
