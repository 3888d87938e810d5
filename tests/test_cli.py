"""The command line, in-process through main() and as real processes."""
import csv
import io
import json
import os
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


def test_csv_rows_add_up_to_the_total_row(run):
    code, out, _ = run("analyze", REDUCED, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    *layers, total = rows
    assert total["path"] == "total"
    for column in ("weights", "params", "macs", "flops"):
        assert sum(int(row[column]) for row in layers) == int(total[column])
    assert total["weights"] == "163328"


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
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "cnncalc.render.common" in imported  # the renderers were reached
    assert not {name for name in imported if name == "rich" or name.startswith("rich.")}


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "cnncalc"
    if not script.exists():
        pytest.skip("cnncalc is not installed beside this interpreter")
    result = subprocess.run([str(script), "analyze", REDUCED, "--format", "csv"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("path,kind,")


def test_preset_inception_3a_is_the_main_job(run):
    code, out, err = run("preset", "inception-3a")
    assert (code, err) == (0, "")
    # the CSDN essay on 1×1 convolutions and Szegedy et al. 2014, table 1: 387,072 vs 157,184 vs 163,328
    # weights, 416 vs 256 channels
    for figure in ("387,072", "157,184", "163,328", "28×28×416", "28×28×256", "303,464,448", "128,049,152",
                   "0.406× (2.46× fewer)", "0.422× (2.37× fewer)"):
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
    assert (code, err) == (2, "cnncalc: error: --baseline must be between 1 and 2, the number of specs\n")


@pytest.mark.parametrize("command", [["preset", "inception-3a"], ["compare", REDUCED, REDUCED], ["presets"]])
def test_each_command_runs_as_a_real_process(command):
    result = _subprocess("-m", "cnncalc", *command)
    assert result.returncode == 0, result.stderr
    assert result.stdout and not result.stderr


def test_colour_only_when_asked_and_no_color_is_respected(monkeypatch):
    from cnncalc import analyze, load
    from cnncalc.cli import _color
    from cnncalc.render import renderer

    report = analyze(load(REDUCED))
    assert "\x1b[" in renderer("table").report(report, color=True, width=120)
    assert "\x1b[" not in renderer("table").report(report, color=False, width=120)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", "1")
    assert _color() is False
    monkeypatch.delenv("NO_COLOR")
    assert _color() is True
