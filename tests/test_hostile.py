"""Specs and options made to break cnncalc: each ends in output or one located line and exit 2, within
bounded time and memory, reading no file the user did not name, with nothing raw on the terminal.
The cases are those a probe on 2026-11-24 found; the time and memory bounds here are generous
(benchmarks/run.py --hostile measures them), so that a test fails on a return of unbounded work,
never on a slow machine."""
import json
import os
import resource
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT


def cnncalc(*args, stdin=b"", env=None, stdout=subprocess.PIPE, shell=None, timeout=60):
    """A real cnncalc process: (exit code, stdout, stderr, seconds, peak MB of its memory)."""
    command = shell if shell else [sys.executable, "-m", "cnncalc", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    result = subprocess.run(command, input=stdin, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, timeout=timeout,
                            env={**os.environ, "NO_COLOR": "1", **(env or {})}, shell=isinstance(command, str))
    seconds = time.monotonic() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    out = result.stdout.decode("utf-8", "replace") if result.stdout is not None else ""
    return result.returncode, out, result.stderr.decode("utf-8", "replace"), seconds, peak


def one_error(err: str, prefix: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), err[:500]
    return lines[0]


# --- sizes that grow past every limit ------------------------------------------------------------


def test_strided_transposed_convolutions_stop_at_the_size_limit(write_spec):
    # each layer multiplies the map by 1,000: the third would hold 4 × 10¹⁸ values
    path = write_spec("input: 2x2x1\nlayers:\n  - conv_transpose: {filters: 1, kernel: 1000, stride: 1000}\n"
                      "    repeat: 20\n")
    code, out, err, seconds, _ = cnncalc("analyze", str(path), "--json")
    line = one_error(err, f"cnncalc: error: {path}:3:5: conv_transpose[3]: conv_transpose would output "
                          "2000000000×2000000000×1")
    assert code == 2 and out == "" and "past the limit of 281,474,976,710,656 values" in line


@pytest.mark.parametrize("format_name", ["table", "json", "csv", "markdown"])
def test_the_largest_allowed_sizes_print_in_every_format(format_name, run, write_spec, monkeypatch):
    # 2²⁰ × 2²⁰ × 2⁸ = 2⁴⁸ values, the most a tensor may hold; a 3×3 conv over it
    path = write_spec("input: 1048576x1048576x256\nlayers: [conv: {filters: 256, kernel: 3, padding: same}]\n")
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run("analyze", str(path), "--format", format_name)
    assert (code, err) == (0, "")
    macs = 2**40 * 256 * 3 * 3 * 256  # output positions × filters × one filter
    assert str(macs) in out.replace(",", "")


def test_a_batch_past_its_limit_is_a_usage_error(run):
    code, _, err = run("preset", "resnet50", "--batch", str(2**41))
    assert code == 2 and err.startswith("cnncalc: error: Invalid value for '--batch'")


# --- expansion without bound ---------------------------------------------------------------------


def aliased_list(levels: int = 6) -> str:
    """A list of 9**levels values in a few lines, by YAML aliases (531,441 for 6)."""
    anchors = ["&a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    anchors += [f"&a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, levels)]
    return "[" + ", ".join(anchors) + "]"


def test_a_list_argument_from_aliases_is_not_copied_for_each_use(write_spec):
    # 531,441 values passed to a block used 4,000 times: copied per use, two billion values
    path = write_spec("input: 8x8x3\nblocks:\n  b:\n    args: {x: 1}\n    layers: [relu]\n"
                      f"    description: {aliased_list()}\nlayers:\n  - b: {{x: *a5}}\n    repeat: 4000\n")
    code, out, err, seconds, peak = cnncalc("analyze", str(path), "--format", "csv")
    assert (code, err) == (0, "") and out.count("\n") == 1 + 4000
    assert seconds < 20 and peak < 400


def test_the_layer_limit_counts_every_variant_of_a_file(write_spec):
    path = write_spec("name: many\ninput: 8x8x3\nvariants:\n" +
                      "".join(f"  - {{name: v{index}, layers: [relu: {{repeat: 30000}}]}}\n" for index in range(40)))
    code, out, err, seconds, _ = cnncalc("analyze", str(path))
    one_error(err, f"cnncalc: error: {path}:7:24: more than 100,000 layers")
    assert code == 2 and seconds < 20


def test_the_layer_limit_counts_the_layers_of_preset_variants(write_spec):
    path = write_spec("name: many\nvariants:\n" + "".join(f"  - {{preset: resnet50, name: r{index}}}\n"
                                                         for index in range(1000)))
    code, _, err, seconds, _ = cnncalc("analyze", str(path))
    assert code == 2 and "more than 100,000 layers" in err and seconds < 20


def test_a_deeply_nested_list_gives_a_short_message_not_a_recursion_error(run, write_spec):
    path = write_spec("input: 8x8x3\nlayers: [conv: {filters: 3, kernel: " + "[" * 400 + "]" * 400 + "}]\n")
    code, _, err = run("analyze", str(path), "--max-nesting", "200")
    line = one_error(err, f"cnncalc: error: {path}:2:37: conv: `kernel` needs one value per spatial axis")
    assert code == 2 and len(line) < 300


def test_an_error_quoting_an_aliased_value_quotes_a_bounded_excerpt(write_spec):
    # a 1 MB spec: its value, expanded through an alias, would make a message of gigabytes
    path = write_spec("input: 8x8x3\nlayers:\n  - sequential: {name: " + aliased_list(5) + ", layers: []}\n"
                      "  - conv: {filters: 3, kernel: *a4}\n")
    code, _, err, seconds, peak = cnncalc("analyze", str(path))
    assert code == 2 and "Traceback" not in err and len(err) < 2000 and seconds < 20 and peak < 400


def test_folding_with_a_convention_is_linear_in_the_layers(monkeypatch):
    from cnncalc import analyze, conventions
    from cnncalc.render.view import counted_by_row
    from cnncalc.report import folded
    from cnncalc.spec import load_text

    report = analyze(load_text("input: 8x8x3\nlayers:\n  - sequential: {layers: [conv: {filters: 3, kernel: 1}, relu]}"
                               "\n    repeat: 5000\n"))
    fvcore = conventions.BY_ID["fvcore"]
    total = conventions.read(report, fvcore).value
    calls = []
    original = conventions.counted
    monkeypatch.setattr(conventions, "counted", lambda convention, layer: calls.append(1) or original(convention, layer))
    assert sum(counted_by_row(report, folded(report, 1), fvcore)) == total
    assert len(calls) == len(report.layers)  # once per layer, not once per layer per row


def test_compare_by_layer_places_each_path_once():
    from cnncalc import analyze
    from cnncalc.report import aligned_layers, compare
    from cnncalc.spec import load_text

    report = analyze(load_text("input: 8x8x3\nlayers: [relu: {repeat: 50000}]\n"))
    start = time.monotonic()
    aligned = aligned_layers(compare([report, report]))
    assert len(aligned) == 50_000 and time.monotonic() - start < 20  # quadratic, it took minutes


# --- numbers from text ---------------------------------------------------------------------------


@pytest.mark.parametrize("figure, message", [
    (" " * 3000 + "1", "is longer than 64 characters"),
    ("1e400", "is outside 10⁻³⁰ to 10³⁰"),
    ("1e99999999", "is outside 10⁻³⁰ to 10³⁰"),
    ("0", "must be greater than 0"),
    ("4,12G", "has a comma inside a number"),
])
def test_figures_out_of_range_or_unreadable_are_refused_at_once(figure, message, run):
    start = time.monotonic()
    code, _, err = run("conventions", "resnet50", "--match", figure)
    assert code == 2 and message in err and time.monotonic() - start < 10


def test_a_published_figure_of_zero_is_a_located_error(run, write_spec):
    path = write_spec("input: 8x8x3\nlayers: [relu]\npublished:\n  - {quote: x, quantity: macs, value: 0, where: y}\n")
    code, _, err = run("analyze", str(path))
    assert (code, err) == (2, f"cnncalc: error: {path}:4:39: a published figure's `value` must be greater than 0 "
                              "and at most 10³⁰\n")


# --- internal errors on user text ----------------------------------------------------------------


@pytest.mark.parametrize("lesson, message", [
    ("{macs#9}", "`lesson` names variant 9 in {macs#9}, but there are 2"),
    ("{macs@1/3 fewer}", "`lesson` names variant 3 in {macs@1/3 fewer}, but there are 2"),
    ("{speed#1}", "`lesson` names `speed` in {speed#1}; the figures are weights, params"),
    ("{branch_fields@1}", "`lesson` gives {branch_fields@1}; write {branch_fields#N}"),
])
def test_lesson_placeholders_are_checked_when_the_file_is_read(lesson, message, run, write_spec):
    path = write_spec(f"name: v\ninput: 8x8x3\nlesson: \"{lesson}\"\n"
                      "variants: [{name: a, layers: [relu]}, {name: b, layers: [relu]}]\n")
    code, _, err = run("analyze", str(path))
    assert code == 2 and err.startswith(f"cnncalc: error: {path}:3:9: {message}")


def test_a_ratio_against_zero_in_a_lesson_reads_n_a(run, write_spec):
    path = write_spec("name: v\ninput: 8x8x3\nlesson: \"{weights@2 fewer}\"\n"
                      "variants: [{name: a, layers: [relu]}, {name: b, layers: [relu]}]\n")
    code, out, _ = run("analyze", str(path))
    assert code == 0 and "\nn/a\n" in out


@pytest.mark.parametrize("tagged, name", [("!!int four", "!!int"), ("!!bool maybe", "!!bool"), ("!!float x", "!!float"),
                                          ("!!timestamp x", "!!timestamp")])
def test_a_yaml_tag_on_a_value_it_cannot_read_is_a_located_error(tagged, name, run, write_spec):
    path = write_spec(f"input: 8x8x3\nlayers: [conv: {{filters: {tagged}, kernel: 1}}]\n")
    code, _, err = run("analyze", str(path))
    assert (code, err) == (2, f"cnncalc: error: {path}:2:26: YAML tag {name} cannot read {tagged.split()[1]}\n")


def test_folding_with_a_batch_works(run):
    code, out, err = run("preset", "resnet50", "--depth", "1", "--batch", "2", "--json")
    assert (code, err) == (0, "")
    # torchvision's ResNet-50: 4,089,184,256 MACs per image
    assert json.loads(out)["totals"]["macs"] == 2 * 4_089_184_256


def test_a_preset_name_too_long_for_a_file_name_is_no_preset(run):
    code, _, err = run("preset", "a" * 300)
    assert code == 2 and "no preset named" in err and len(err) < 400


# --- files the user did not name -----------------------------------------------------------------


@pytest.mark.parametrize("reference", ["{secret}", "../{secret}", "{folder}/{secret}"])
def test_a_preset_variant_is_a_name_never_a_path(reference, run, tmp_path, monkeypatch):
    (tmp_path / "secret.yaml").write_text("name: the secret network\ndescription: PRIVATE-TEXT\ninput: 8x8x3\n"
                                          "layers: [relu]\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    target = reference.format(secret="secret", folder=tmp_path)
    (tmp_path / "sub" / "spec.yaml").write_text(f"name: v\nvariants: [{{preset: {target}}}]\n")
    code, out, err = run("analyze", "spec.yaml")
    assert code == 2 and "PRIVATE-TEXT" not in out + err and "secret network" not in out + err
    assert "no preset named" in err
    assert run("preset", str(tmp_path / "secret"))[0] == 2


# --- the terminal --------------------------------------------------------------------------------

HOSTILE = "\x1b[2J\x1b]0;owned\x07\u202e"  # clear the screen, set the title, reverse the text
HOSTILE_YAML = "\\e[2J\\e]0;owned\\a\\u202e"  # the same, as YAML writes it in double quotes


@pytest.mark.parametrize("format_name", ["table", "markdown"])
def test_text_from_a_spec_reaches_the_terminal_escaped(format_name, run, write_spec):
    spec = (f'name: "n{HOSTILE_YAML}"\ndescription: "d{HOSTILE_YAML}"\nsource: "s{HOSTILE_YAML}"\ninput: 8x8x3\n'
            f'layers: [relu: {{name: "r{HOSTILE_YAML}"}}]\n')
    code, out, err = run("analyze", str(write_spec(spec)), "--format", format_name)
    assert code == 0 and "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b[2J" in out and "\\u202e" in out


def test_json_keeps_the_text_exact_and_csv_too_into_a_file(run, write_spec, tmp_path):
    path = write_spec(f'name: "n{HOSTILE_YAML}"\ninput: 8x8x3\nlayers: [relu]\n')
    code, out, _ = run("analyze", str(path), "--json")
    assert "\x1b" not in out and "\u202e" not in out  # escaped by JSON itself ...
    assert json.loads(out)["name"] == f"n{HOSTILE}"  # ... and exact when read
    run("analyze", str(path), "-o", str(tmp_path / "layers.csv"))
    assert f"n{HOSTILE}" in (tmp_path / "layers.csv").read_text(encoding="utf-8")


def test_a_name_with_a_newline_cannot_forge_an_error_line(run, write_spec):
    path = write_spec('input: 8x8x3\nlayers: ["relu\\ncnncalc: error: forged"]\n')
    code, _, err = run("analyze", str(path))
    assert code == 2 and len(err.splitlines()) == 1 and "\\ncnncalc: error: forged" in err


def test_rich_markup_in_a_name_is_plain_text(run, write_spec):
    code, out, _ = run("analyze", str(write_spec('name: "[/x] [bold]b"\ninput: 8x8x3\nlayers: [relu]\n')))
    assert code == 0 and out.startswith("[/x] [bold]b")


def test_a_nul_in_the_yaml_is_one_located_line(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.yaml").write_bytes(b"input: 8x8x3\nlayers: [relu\x00]\n")
    assert run("analyze", "spec.yaml")[::2] == (2, "cnncalc: error: spec.yaml:2:14: YAML syntax error: character "
                                                   "'\\x00' is not allowed in YAML\n")


# --- streams and the environment -----------------------------------------------------------------


def test_input_is_read_with_a_limit_from_devices_and_stdin():
    code, _, err, seconds, peak = cnncalc("analyze", "/dev/zero")
    assert code == 2 and err.startswith("cnncalc: error: /dev/zero: is larger than 25,600,000 bytes") and peak < 400
    code, _, err, _, _ = cnncalc("analyze", "-", stdin=b"#" * 30_000_000)
    assert code == 2 and err.startswith("cnncalc: error: <stdin>: is larger than 25,600,000 bytes")


def test_a_spec_of_50_mb_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"input: 8x8x3\nlayers:\n" + b"  - relu\n" * 5_500_000)
    code, _, err, seconds, peak = cnncalc("analyze", str(path))
    assert code == 2 and "is larger than" in err and seconds < 20 and peak < 400


@pytest.mark.parametrize("shell, code, message", [
    ("{cnncalc} analyze - <&-", 2, "cnncalc: error: <stdin>: standard input is closed"),
    ("{cnncalc} preset resnet50 >&-", 4, "cnncalc: error: standard output is closed"),
    ("{cnncalc} preset resnet50 > /dev/full", 4, "cnncalc: error: cannot write the output: No space left on device"),
    ("PYTHONIOENCODING=ascii {cnncalc} preset resnet50", 4,
     "cnncalc: error: standard output's encoding (ascii) cannot show '\\xd7'"),
])
def test_output_that_cannot_be_written_is_one_line_and_its_exit_code(shell, code, message):
    if "/dev/full" in shell and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    command = shell.format(cnncalc=f"{sys.executable} -m cnncalc")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == code and result.stderr.startswith(message), result.stderr


def test_an_error_still_exits_2_when_stderr_is_a_closed_pipe():
    command = f"{sys.executable} -m cnncalc analyze no-such.yaml 2> >(exit 0); echo $?"
    result = subprocess.run(["bash", "-c", f"sleep 0.1; {command}"], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "2"
