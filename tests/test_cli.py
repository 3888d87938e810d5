"""The command line, in-process through main() and as real processes."""
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

REDUCED = str(ROOT / "specs" / "inception-3a-reduced.yaml")


def test_json_has_the_documented_keys(run):
    code, out, err = run("analyze", REDUCED, "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert {"schema_version", "name", "input_shape", "output_shape", "layers", "totals"} <= set(document)
    layer_keys = {"path", "name", "kind", "input_shape", "output_shape", "weights", "bias", "params",
                  "non_trainable", "macs", "flops", "formula"}
    assert all(layer_keys <= set(layer) for layer in document["layers"])
    assert set(document["totals"]) >= {"weights", "bias", "params", "non_trainable", "macs", "flops", "activations"}
    # Szegedy et al. 2014, table 1: the reduced inception (3a) has 163,328 weights, 28·28·163,328 MACs
    assert document["totals"]["weights"] == 163_328
    assert document["totals"]["flops"] == 2 * 128_049_152
    assert document["output_shape"] == [28, 28, 256]


def test_json_shorthand_and_stdin(run):
    code, out, _ = run("analyze", "-", "--json", stdin="input: 6x6x32\nlayers: [conv: {filters: 1, kernel: 1, bias: false}]\n")
    assert code == 0
    # Ng's lesson "Network in Network and 1×1 convolutions": one 1×1×32 filter on 6×6×32 has 32 weights, gives 6×6×1
    document = json.loads(out)
    assert (document["totals"]["weights"], document["output_shape"]) == (32, [6, 6, 1])


def test_batch_scales_macs_and_activations_not_params(run):
    one = json.loads(run("analyze", REDUCED, "--json")[1])
    eight = json.loads(run("analyze", REDUCED, "--json", "--batch", "8")[1])
    assert eight["totals"]["params"] == one["totals"]["params"]
    assert eight["totals"]["macs"] == 8 * one["totals"]["macs"]
    assert eight["totals"]["activations"] == 8 * one["totals"]["activations"]


def test_dtype_sets_the_bytes_per_activation(run):
    document = json.loads(run("analyze", REDUCED, "--json", "--dtype", "float16")[1])
    assert document["totals"]["activation_bytes"] == 2 * document["totals"]["activations"]


def test_csv_is_one_row_per_layer_and_totals_only_when_asked(run):
    # tidy for data tools: summing a column gives the total, once
    document = json.loads(run("analyze", REDUCED, "--json")[1])
    code, out, _ = run("analyze", REDUCED, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["path"] for row in rows] == [layer["path"] for layer in document["layers"]]
    assert {row["row"] for row in rows} == {"layer"} and {row["spec"] for row in rows} == {document["name"]}
    for column in ("weights", "bias", "params", "macs", "flops", "activations"):
        assert sum(int(row[column]) for row in rows) == document["totals"][column]
    code, out, _ = run("analyze", REDUCED, "--format", "csv", "--totals")
    *layers, total = list(csv.DictReader(io.StringIO(out)))
    assert total["row"] == "total" and total["path"] == ""
    assert int(total["weights"]) == sum(int(row["weights"]) for row in layers) == 163_328  # Szegedy et al. 2014


def test_markdown_is_a_table_with_a_total_row(run):
    code, out, _ = run("analyze", REDUCED, "-f", "markdown")
    assert code == 0
    assert "| **total** |  | 28×28×192 | 28×28×256 |  | 163,328 |" in out


def test_table_shows_the_formula_behind_each_number(run):
    code, out, _ = run("analyze", REDUCED)
    assert code == 0
    assert "weights 3×3×96×128 = 110,592" in out  # Szegedy et al. 2014: the reduced module's 3×3 branch
    assert "MACs 28×28×128 × 3×3×96 = 86,704,128" in out
    assert "channels 64 + 128 + 32 + 32 = 256" in out
    assert "\x1b[" not in out  # piped output is plain text


def test_bad_spec_is_one_line_and_exit_2(run, write_spec):
    path = write_spec("input: 8x8x3\nlayers:\n  - conv: {filters: 8, kernal: 3}\n")
    code, out, err = run("analyze", str(path))
    assert code == 2 and out == ""
    assert err == f"cnncalc: error: {path}:3:24: conv: conv has no setting `kernal`; did you mean `kernel`?\n"


def test_missing_file(run):
    code, _, err = run("analyze", "no-such-spec.yaml")
    assert (code, err) == (2, "cnncalc: error: no-such-spec.yaml: no such file\n")


def test_usage_error_exits_2(run):
    code, _, err = run("analyze", REDUCED, "--format", "xml")
    assert code == 2 and "'xml' is not one of" in err


def _subprocess(*args, stdin=""):
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, env=env,
                          cwd=ROOT.parent, timeout=60)


def test_python_dash_m_runs_analyze_as_a_real_process():
    result = _subprocess("-m", "cnncalc", "analyze", REDUCED, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["weights"] == 163_328


def test_bad_input_as_a_real_process_has_no_traceback():
    result = _subprocess("-m", "cnncalc", "analyze", "-", stdin="input: 8x8x3\nlayers: [conv: {filters: 8}]\n")
    assert result.returncode == 2
    assert result.stderr == "cnncalc: error: <stdin>:2:10: conv: conv needs `kernel`: kernel size, one number or one per axis\n"


def test_json_path_does_not_import_rich():
    # typer's tests/test_rich_import.py does the same for typer itself
    result = _subprocess("-X", "importtime", "-m", "cnncalc", "analyze", REDUCED, "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["totals"]["weights"] == 163_328  # rendered
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "cnncalc.render.view" in imported
    assert not {name for name in imported if name == "rich" or name.startswith("rich.")}


def test_a_json_run_imports_only_what_it_uses():
    # start-up (docs/performance.md): a network with published figures, no device named, needs
    # neither the fractions module (its figures are whole) nor the devices
    result = _subprocess("-X", "importtime", "-m", "cnncalc", "preset", "resnet50", "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["published"]  # its figures were compared
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "cnncalc.figures" in imported
    assert not imported & {"fractions", "decimal", "cnncalc.devices", "cnncalc.conventions", "rich"}


def test_help_imports_none_of_the_library():
    # start-up (docs/performance.md): `cnncalc --help` reads no spec, so loads no reader, rule or renderer
    result = _subprocess("-X", "importtime", "-m", "cnncalc", "--help")
    assert result.returncode == 0 and "preset" in result.stdout
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert not {name for name in imported if name.startswith("cnncalc.")} - {"cnncalc.cli", "cnncalc.errors", "cnncalc.render"}


def test_every_name_the_package_offers_is_there():
    # each is imported when first used; a fresh process, so that none is imported already
    code = ("import cnncalc, cnncalc.render, json; print(json.dumps([[name for name in cnncalc.__all__ if "
            "callable(getattr(cnncalc, name))], cnncalc.spec.__name__, cnncalc.render.view_of.__name__, "
            "set(cnncalc.__all__) <= set(dir(cnncalc))]))")
    result = _subprocess("-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [__import__("cnncalc").__all__, "cnncalc.spec", "view_of", True]


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "cnncalc"
    if not script.exists():
        pytest.skip("cnncalc is not installed beside this interpreter")
    result = subprocess.run([str(script), "analyze", REDUCED, "--format", "csv"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("spec,row,path,name,kind,")


def test_preset_inception_3a_is_the_main_job(run):
    code, out, err = run("preset", "inception-3a")
    assert (code, err) == (0, "")
    # the CSDN essay on 1×1 convolutions and Szegedy et al. 2014, table 1: 387,072 vs 157,184 vs 163,328
    # weights, 416 vs 256 channels
    for figure in ("387,072", "157,184", "163,328", "28×28×416", "28×28×256", "303,464,448", "128,049,152",
                   "2.46× fewer", "2.37× fewer"):
        assert figure in out
    assert 'closer to two fifths than to "about a third"' in " ".join(out.split())


def test_preset_json_is_a_comparison(run):
    code, out, _ = run("preset", "resnet-bottleneck", "--json")
    document = json.loads(out)
    assert set(document) >= {"schema_version", "specs", "ratios", "lesson", "baseline"}
    assert [spec["totals"]["weights"] for spec in document["specs"]] == [1_179_648, 69_632]
    assert round(1 / document["ratios"]["weights"][1], 2) == 16.94  # He et al. 2015, figure 5: 1,179,648 / 69,632


def test_preset_show_spec_prints_yaml_that_analyzes_the_same(run, write_spec):
    code, out, _ = run("preset", "inception-5x5", "--show-spec")
    assert code == 0 and out.startswith("name: inception-5x5")
    copied = json.loads(run("analyze", str(write_spec(out)), "--json")[1])
    shipped = json.loads(run("preset", "inception-5x5", "--json")[1])
    assert [spec["totals"] for spec in copied["specs"]] == [spec["totals"] for spec in shipped["specs"]]


def test_presets_lists_every_preset_with_a_description(run):
    code, out, _ = run("presets")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(line.split()[0] for line in lines)
    assert any(line.startswith("inception-3a ") and "naive vs 1×1-reduced" in line for line in lines)


def test_unknown_preset_suggests_the_closest(run):
    code, _, err = run("preset", "inception3a")
    assert (code, err) == (2, "cnncalc: error: inception3a: no preset named `inception3a`; did you mean "
                              "`inception-3a`? (`cnncalc presets` lists them)\n")


def test_compare_two_files_with_baseline_and_by_layer(run):
    naive = str(ROOT / "specs" / "inception-3a-naive.yaml")
    code, out, _ = run("compare", naive, REDUCED, "--baseline", "2", "--by-layer", "--json")
    document = json.loads(out)
    assert document["baseline"] == 1
    assert document["ratios"]["weights"][0] == 387_072 / 163_328
    paths = [row["path"] for row in document["by_layer"]]
    assert paths.index("concat/branch[4]/maxpool") < paths.index("concat/branch[4]/conv") < paths.index("concat")
    only_reduced = next(row for row in document["by_layer"] if row["path"] == "concat/branch[4]/conv")
    assert only_reduced["layers"][0] is None and only_reduced["layers"][1]["weights"] == 6_144


def test_compare_says_when_inputs_differ(run, write_spec):
    small = write_spec("input: 14x14x192\nlayers: [conv: {filters: 32, kernel: 1}]\n", "small.yaml")
    code, out, _ = run("compare", REDUCED, str(small))
    assert "the specs have different inputs" in out


def test_compare_bad_baseline(run):
    code, _, err = run("compare", REDUCED, REDUCED, "--baseline", "3")
    assert (code, err) == (2, "cnncalc: error: the baseline must be between 1 and 2, the number of specs\n")


@pytest.mark.parametrize("command", [["preset", "inception-3a"], ["compare", REDUCED, REDUCED], ["presets"]])
def test_each_command_runs_as_a_real_process(command):
    result = _subprocess("-m", "cnncalc", *command)
    assert result.returncode == 0, result.stderr
    assert result.stdout and not result.stderr


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("environment, terminal, painted", [
    ({}, False, False),                     # into a pipe or a file: plain text
    ({}, True, True),                       # on a terminal: painted
    ({"NO_COLOR": "1"}, True, False),       # https://no-color.org
    ({"TERM": "dumb"}, True, False),
    ({"FORCE_COLOR": "1"}, False, True),    # https://force-color.org, as rich reads it
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
])
def test_colour_follows_the_terminal_and_the_variables_rich_reads(environment, terminal, painted, monkeypatch):
    from cnncalc import analyze, load
    from cnncalc.render import render
    from cnncalc.render.table import color_enabled
    from cnncalc.render.view import Options

    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert color_enabled(_Terminal() if terminal else io.StringIO()) is painted
    report = analyze(load(REDUCED))
    assert ("\x1b[" in render(report, "table", Options(color=painted, width=120))) is painted


def test_piped_table_output_loads_no_rich():
    result = _subprocess("-X", "importtime", "-m", "cnncalc", "analyze", REDUCED)
    assert result.returncode == 0 and "\x1b[" not in result.stdout
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "cnncalc.render.text" in imported  # the table's layout was reached
    assert not {name for name in imported if name == "rich" or name.startswith("rich.")}


# --- habits of a command-line tool ----------------------------------------------------------------


def test_short_help_and_version(run):
    from cnncalc import __version__

    assert run("-h")[:2] == run("--help")[:2] and "Usage: cnncalc" in run("-h")[1]
    for command in ("analyze", "compare", "preset", "conventions", "presets"):
        code, out, _ = run(command, "-h")
        assert code == 0 and "Usage: cnncalc " + command in out
    assert run("-V")[:2] == (0, f"cnncalc {__version__}\n")


def test_shell_completion_is_offered():
    result = _subprocess("-m", "cnncalc", "--show-completion", "bash")
    assert result.returncode == 0 and "complete" in result.stdout and "cnncalc" in result.stdout.lower()
    completing = subprocess.run([sys.executable, "-m", "cnncalc", "preset", "inc"], capture_output=True, text=True,
                                env={**os.environ, "_CNNCALC_COMPLETE": "complete_bash", "COMP_WORDS": "cnncalc preset inc",
                                     "COMP_CWORD": "2"}, timeout=60)
    assert completing.stdout.split() == ["inception-3a", "inception-5x5"]


def help_examples(command: str) -> list[str]:
    result = _subprocess("-m", "cnncalc", command, "--help")
    return [line.strip() for line in result.stdout.split("Examples:")[1].splitlines() if line.strip()]


@pytest.mark.parametrize("command", ["analyze", "compare", "preset", "conventions"])
def test_the_examples_in_each_help_run(command, tmp_path):
    import shutil

    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    examples = help_examples(command)
    assert 2 <= len(examples) <= 3
    for example in examples:
        assert example.startswith(f"cnncalc {command} ")
        arguments = example.removeprefix("cnncalc ")
        result = subprocess.run(["bash", "-c", f"{shlex_quote(sys.executable)} -m cnncalc {arguments}"], cwd=tmp_path,
                                capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
        assert (result.returncode, result.stderr) == (0, ""), example


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


# Szegedy et al. 2014, table 1: the reduced module's 163,328 weights, its 1×1 branch's 1·1·192·64 = 12,288
@pytest.mark.parametrize("name, first, figure", [
    ("out.json", "{", '"weights": 163328'), ("out.csv", "spec,row,path", ",12288,"),
    ("out.md", "## inception-3a reduced", "163,328"), ("out.txt", "inception-3a reduced: GoogLeNet", "163,328"),
])
def test_output_file_takes_its_format_from_the_suffix(name, first, figure, run, tmp_path):
    code, out, err = run("analyze", REDUCED, "-o", str(tmp_path / name))
    assert (code, out, err) == (0, "", "")
    written = (tmp_path / name).read_text(encoding="utf-8")
    assert written.startswith(first) and figure in written and "\x1b[" not in written


def test_an_explicit_format_wins_over_the_suffix_and_a_bad_path_is_one_line(run, tmp_path):
    assert run("analyze", REDUCED, "--format", "json", "-o", str(tmp_path / "x.txt"))[0] == 0
    assert json.loads((tmp_path / "x.txt").read_text())["totals"]["weights"] == 163_328
    code, out, err = run("analyze", REDUCED, "-o", str(tmp_path / "missing" / "x.json"))
    assert (code, out) == (2, "") and err == f"cnncalc: error: {tmp_path / 'missing' / 'x.json'}: cannot be written: " \
                                              "No such file or directory\n"


def test_analyze_reports_each_of_several_files(run, tmp_path, monkeypatch):
    naive = str(ROOT / "specs" / "inception-3a-naive.yaml")
    code, out, _ = run("analyze", naive, REDUCED)
    assert "inception-3a naive: GoogLeNet" in out and "inception-3a reduced: GoogLeNet" in out
    documents = json.loads(run("analyze", naive, REDUCED, "--json")[1])
    assert [document["totals"]["weights"] for document in documents] == [387_072, 163_328]  # Szegedy et al. 2014
    rows = list(csv.DictReader(io.StringIO(run("analyze", naive, REDUCED, "-f", "csv")[1])))
    assert {row["spec"] for row in rows} == {"inception-3a naive", "inception-3a reduced"}
    assert sum(int(row["weights"]) for row in rows) == 387_072 + 163_328
    monkeypatch.chdir(ROOT)
    quoted = json.loads(run("analyze", "specs/inception-3a-*.yaml", "--json")[1])  # a glob the shell left alone
    assert [document["name"] for document in quoted] == ["inception-3a naive", "inception-3a reduced"]


def test_every_problem_of_several_files_is_reported(run, write_spec):
    bad = write_spec("input: 8x8x3\nlayers: [conv: {filters: 3}]\n")
    code, out, err = run("analyze", str(bad), "no-such.yaml")
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"cnncalc: error: {bad}:2:10: conv: conv needs `kernel`: kernel size, one number or "
                                "one per axis", "cnncalc: error: no-such.yaml: no such file"]


def test_a_mistyped_preset_or_file_name_is_suggested(run, tmp_path, monkeypatch):
    assert run("analyze", "resnet5O")[2] == ("cnncalc: error: resnet5O: no such file, and no preset of that name; "
                                            "did you mean the preset `resnet50`?\n")
    monkeypatch.chdir(ROOT)
    assert run("analyze", "specs/resnet-botleneck.yaml")[2] == ("cnncalc: error: specs/resnet-botleneck.yaml: no such "
                                                               "file; did you mean `specs/resnet-bottleneck.yaml`?\n")


def test_presets_list_fits_the_terminal(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    lines = run("presets")[1].splitlines()
    assert max(len(line) for line in lines) <= 60 and lines[0].startswith("1x1-basics ")


# --- data tools -------------------------------------------------------------------------------------


@pytest.mark.parametrize("arguments", [
    ("analyze", REDUCED, "--format", "csv"),
    ("analyze", REDUCED, "--format", "csv", "--totals", "--convention", "fvcore"),
    ("preset", "resnet50", "--format", "csv", "--depth", "2", "--totals"),
    ("preset", "inception-3a", "--format", "csv"),
    ("compare", "resnet50", "vgg16", "--format", "csv", "--convention", "thop"),
    ("compare", "resnet50", "vgg16", "--format", "csv", "--by-layer"),
    ("conventions", "resnet50", "--format", "csv"),
])
def test_every_csv_row_has_the_headers_fields(arguments, run):
    code, out, _ = run(*arguments)
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows and {len(row) for row in rows} == {len(header)}


def test_compare_csv_is_one_row_per_spec_with_ratios(run):
    rows = list(csv.DictReader(io.StringIO(run("preset", "resnet-bottleneck", "-f", "csv")[1])))
    assert [row["spec"] for row in rows] == ["plain", "bottleneck"]
    # He et al. 2015, figure 5: 69,632 against 1,179,648 weights
    assert [int(row["weights"]) for row in rows] == [1_179_648, 69_632]
    assert float(rows[1]["weights_ratio"]) == pytest.approx(69_632 / 1_179_648)
    assert rows[0]["baseline"] == "True"


def test_report_rows_are_flat_records_that_add_up():
    from cnncalc import analyze, load

    report = analyze(load(REDUCED))
    rows = report.rows()
    assert len({tuple(row) for row in rows}) == 1  # the same keys in every row
    assert all(isinstance(value, (int, str)) or value is None for row in rows for value in row.values())
    for name in ("weights", "params", "macs", "flops", "activations", "moved_bytes"):
        assert sum(row[name] for row in rows) == getattr(report.totals, name)
    folded = analyze(cnncalc_preset("resnet50")).rows(depth=1)
    assert {row["row"] for row in folded} == {"layer", "block"}


def cnncalc_preset(name):
    from cnncalc import presets

    return presets.load(name).specs[0]


def test_published_figures_are_numbers_in_json(run):
    document = json.loads(run("preset", "resnet50", "--json")[1])
    first = document["published"][0]
    # He et al. 2015, table 1: "3.8 × 10⁹ FLOPs" for ResNet-50
    assert (first["quote"], first["value"]) == ("3.8 × 10⁹ FLOPs", 3_800_000_000)
    assert first["low"] == 3_750_000_000 and first["high"] == 3_850_000_000


def test_lessons_whose_variants_stand_alone_show_no_ratios(run):
    code, out, _ = run("preset", "1x1-basics")
    assert "baseline" not in out and "× more" not in out and "no ratios between them" in out
    assert json.loads(run("preset", "1x1-basics", "--json")[1])["ratios"] is None


@pytest.mark.parametrize("ratio, words", [
    (163_328 / 387_072, "2.37× fewer"),      # Szegedy et al. 2014: the reduced inception (3a) against the naive
    (1_179_648 / 69_632, "16.9× more"),      # He et al. 2015: plain against bottleneck
    (1.004, "same"), (0.996, "same"), (2, "2× more"), (0.5, "2× fewer"),
    (40_000_000 / 36, "1,111,111× more"), (0, "none"), (None, "n/a"),
])
def test_a_ratio_is_said_once_as_a_person_says_it(ratio, words):
    from cnncalc.fields import ratio_text

    assert ratio_text(ratio) == words


def test_the_table_opens_every_block_join_and_branch_before_its_layers(run):
    code, out, _ = run("analyze", str(ROOT / "specs" / "unet-small.yaml"), "--no-formulas")
    lines = out.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(" ─")) + 1
    tree = []
    for line in lines[start:start + 11]:
        indent, label = re.match(r"  ( *)(\S+)", line).groups()
        tree.append((len(indent) // 2, label))
    assert tree == [(0, "double_conv[1]"), (1, "conv[1]"), (1, "relu[1]"), (1, "conv[2]"), (1, "relu[2]"),
                    (0, "concat"), (1, "branch[2]"), (2, "maxpool"), (2, "double_conv[1]"), (3, "conv[1]"),
                    (3, "relu[1]")]
    merge = next(line for line in lines if re.match(r"  {3}concat +concat +\d", line))  # the outer join closes it
    assert "64×64×32" in merge


def test_a_write_that_fails_after_the_file_opened_exits_4(run, tmp_path):
    # /dev/full opens and then refuses every write (ENOSPC), as a full disk does
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    code, out, err = run("preset", "inception-3a", "--format", "json", "-o", "/dev/full")
    assert code == 4 and err.startswith("cnncalc: error: /dev/full: cannot write the output: No space left on device")


def test_show_spec_says_set_is_for_reading(run):
    code, out, err = run("preset", "mobilenet_v1", "--show-spec", "--set", "alpha=0.5")
    assert code == 0 and out.startswith("name: mobilenet_v1")
    assert err.startswith("cnncalc: note: --show-spec prints the preset as written")


def test_set_gives_values_to_a_spec_read_from_stdin(run):
    # a 1×1 conv from 3 channels to w filters, with bias: (3 + 1)·w params
    spec = "args: {w: 4}\ninput: 8x8x3\nlayers: [conv: {filters: $w, kernel: 1}]\n"
    for command in (["analyze", "-"], ["compare", "-"], ["conventions", "-"]):
        code, out, err = run(*command, "--set", "w=8", "--json", stdin=spec)
        assert (code, err) == (0, ""), command
        document = json.loads(out)
        totals = document["specs"][0]["totals"] if "specs" in document else document.get("totals")
        if totals is not None:
            assert totals["params"] == (3 + 1) * 8
    code, out, _ = run("sweep", "-", "--set", "w=4,8", "--json", stdin=spec)
    assert [point["totals"]["params"] for point in json.loads(out)["points"]] == [(3 + 1) * 4, (3 + 1) * 8]
