"""`cnncalc sweep` and cnncalc.sweep(): grids of a spec's args, the papers' tables out of one command,
the Pareto front, budgets, invalid points, streaming and processes."""
import csv
import io
import itertools
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnncalc
from cnncalc import api
from cnncalc.errors import SpecError
from cnncalc.report import Totals
from cnncalc.sweeps import Condition, Point, axis_values, pareto_front, sorted_points
from tests.conftest import ROOT

# Unpadded 3×3 convolutions (each takes 2 off the size) and a 2×2 pooling, its resolution and width
# as args: a resolution of 6 or less leaves the pooling nothing to pool.
UNPADDED = ROOT / "specs" / "unpadded.yaml"


def _json(run, *args):
    code, out, err = run("sweep", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def _by_args(document):
    return {tuple(point["args"].values()): point for point in document["points"]}


# --- the papers' tables --------------------------------------------------------------------------


def test_the_width_multiplier_reproduces_howard_2017_table_6(run):
    # Howard et al. 2017, table 6, "1.0 / 0.75 / 0.5 / 0.25 MobileNet-224": 569 / 325 / 149 / 41 million
    # mult-adds and 4.2 / 2.6 / 1.3 / 0.5 million parameters, printed to the million and the 0.1 million
    document = _json(run, "mobilenet_v1", "--set", "alpha=1,0.75,0.5,0.25")
    points = document["points"]
    assert [point["args"]["alpha"] for point in points] == [1, 0.75, 0.5, 0.25]
    assert [round(point["totals"]["macs"] / 1e6) for point in points] == [569, 325, 149, 41]
    assert [round(point["totals"]["params"] / 1e5) / 10 for point in points] == [4.2, 2.6, 1.3, 0.5]
    # and the preset's figures, quoted for each alpha, agree at their precision, each at its own point
    assert all(len(point["published"]) == 2 and all(figure["difference"] == 0 for figure in point["published"])
               for point in points)


def test_the_resolution_reproduces_howard_2017_table_7_but_for_160(run):
    # Howard et al. 2017, table 7, "1.0 MobileNet-224 / 192 / 160 / 128": 569 / 418 / 290 / 186 million
    # mult-adds. Three are the count rounded to the million; at 160 the count is 290,675,200, which
    # rounds to 291: that figure alone was cut, not rounded (docs/sweep.md)
    document = _json(run, "mobilenet_v1", "--set", "resolution=224,192,160,128")
    macs = [point["totals"]["macs"] for point in document["points"]]
    assert [round(value / 1e6) for value in macs] == [569, 418, 291, 186]
    assert [math.floor(value / 1e6) for value in macs] == [568, 418, 290, 186]
    differences = [[figure["difference"] for figure in point["published"] if figure["quantity"] == "macs"]
                   for point in document["points"]]
    assert differences[0] == differences[1] == differences[3] == [0]
    assert differences[2][0] == pytest.approx(290_675_200 / 290e6 - 1)
    # the parameters do not depend on the resolution: 4.2 million at every one (table 7)
    assert {point["totals"]["params"] for point in document["points"]} == {document["points"][0]["totals"]["params"]}


def test_the_table_shows_both_tables_whole_at_80_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("sweep", "mobilenet_v1", "--set", "alpha=1,0.75,0.5,0.25")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    for point in api.sweep("mobilenet_v1", {"alpha": [1, 0.75, 0.5, 0.25]}).points:
        assert f"{point.totals.macs:,}" in out and f"{point.totals.params:,}" in out
    assert "569 million mult-adds ✓" in out and "Howard et al. 2017, table 6" in out


def test_torchvision_resnets_are_points_of_one_preset():
    # torchvision's model table (Params, and GFLOPS, which are multiply-adds): resnet50 25,557,032 and
    # 4.09; resnet101 44,549,160 and 7.80; resnet152 60,192,808 and 11.51; wide_resnet50_2 68,883,240 and
    # 11.40; wide_resnet101_2 126,886,696 and 22.75. Their `layers` and `width_per_group` are the args.
    table = {(6, 4, 64): (25_557_032, 4.09), (23, 4, 64): (44_549_160, 7.80), (36, 8, 64): (60_192_808, 11.51),
             (6, 4, 128): (68_883_240, 11.40), (23, 4, 128): (126_886_696, 22.75)}
    points = cnncalc.sweep("resnet", [{"blocks3": b3, "blocks2": b2, "width": width} for b3, b2, width in table])
    for point, (params, gmacs) in zip(points, table.values()):
        assert point.totals.params == params
        assert round(point.totals.macs / 1e9, 2) == gmacs
        assert [difference for _, _, difference in point.published] == [0, 0]


# --- the grid ----------------------------------------------------------------------------------------


def test_a_grid_is_every_combination_the_last_arg_fastest_or_paired_with_zip(run):
    document = _json(run, "mobilenet_v1", "--set", "alpha=1,0.5", "--set", "resolution=224,128")
    assert [list(point["args"].values()) for point in document["points"]] == [[1, 224], [1, 128], [0.5, 224], [0.5, 128]]
    assert [point["point"] for point in document["points"]] == [1, 2, 3, 4]
    document = _json(run, "mobilenet_v1", "--set", "alpha=1,0.5", "--set", "resolution=224,128", "--zip")
    assert [list(point["args"].values()) for point in document["points"]] == [[1, 224], [0.5, 128]]
    code, _, err = run("sweep", "mobilenet_v1", "--set", "alpha=1,0.5", "--set", "resolution=224", "--zip")
    assert code == 2 and "alpha 2, resolution 1" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("text, values", [
    ("128:224:32", [128, 160, 192, 224]),  # the end is in when a step lands on it
    ("128:200:32", [128, 160, 192]),  # and out when none does
    ("224:128:-32", [224, 192, 160, 128]),
    ("0.25:1:0.25", [0.25, 0.5, 0.75, 1]),  # exact: 0.25 four times is 1, not 0.9999…
    ("0.1:0.3:0.1", [0.1, 0.2, 0.3]),
    ("1:4", [1, 2, 3, 4]),
    ("1,0.75,relu", [1, 0.75, "relu"]),
    ("7", [7]),
    ("1,2:4", [1, 2, 3, 4]),  # a range in a list (YAML alone would read 2:4 as 124, sexagesimal)
    ("1e2,2.5e-1", [100, 0.25]),  # numbers as written, whole ones as ints

])
def test_values_of_an_arg(text, values):
    assert axis_values(text) == values
    assert [type(value) for value in axis_values(text)] == [type(value) for value in values]


@pytest.mark.parametrize("text, said", [
    ("1:10:0", "step of 0"), ("10:1:1", "is empty"), ("1:2000000", "has more than"),
    ("1,,2", "empty value between commas"), ("[1, 2]", "separated by commas"), ("~", "is not a value"),
    ("", "gives no values"), (":1", "is not a range"), ("nan:1", "is not a range"), ("1:2:3:4", "is not a range"),
    ("1:99999999999999999999999:1", "larger than the largest"), ("1e400", "larger than the largest"),
    ("1e999999999", "larger than the largest"), ("0:1:1e-30", "has more than"),
])
def test_values_that_are_not_a_list_or_a_range(text, said, run):
    with pytest.raises(ValueError, match=said):
        axis_values(text)
    code, out, err = run("sweep", "mobilenet_v1", "--set", f"alpha={text}")
    assert (code, out) == (2, "") and said in err and len(err.splitlines()) == 1


def test_names_are_checked_before_any_point(run, write_spec):
    code, _, err = run("sweep", "mobilenet_v1", "--set", "alpah=1,0.5")
    assert code == 2 and "no arg `alpah`; did you mean `alpha`?" in err
    code, _, err = run("sweep", str(write_spec("input: 8x8x3\nlayers: [relu]\n")), "--set", "width=1,2")
    assert code == 2 and "args: none" in err
    code, _, err = run("sweep", "inception-3a", "--set", "width=1")
    assert code == 2 and "variants" in err
    code, _, err = run("sweep", "mobilenet_v1")
    assert code == 2 and "--set NAME=VALUES" in err
    code, _, err = run("sweep", "mobilenet_v1", "--set", "alpha=1,0.5", "--sort", "mac")
    assert code == 2 and "did you mean `macs`?" in err
    code, _, err = run("sweep", "mobilenet_v1", "--set", "alpha=1:100000:0.0001", "--max-points", "1000")
    assert code == 2 and "more than 1,000 values" in err
    code, _, err = run("sweep", "mobilenet_v1", "--set", "alpha=1:500", "--set", "resolution=1:500", "--max-points", "1000")
    assert code == 2 and "the grid has 250,000 points, more than the limit of 1,000" in err


# --- invalid points --------------------------------------------------------------------------------


def test_an_invalid_point_says_why_in_its_row_and_the_sweep_goes_on(run):
    path = UNPADDED
    code, out, err = run("sweep", str(path), "--set", "resolution=4,16,32", "--json")
    assert code == 0 and "1 of 3 points make no network" in err
    document = json.loads(out)
    invalid, *valid = document["points"]
    assert invalid["valid"] is False and invalid["totals"] is None
    assert invalid["error"].startswith(f"{path}:")  # located: the file, the line, the layer
    assert all(point["valid"] for point in valid) and document["invalid"] == 1 and document["first"] == 2
    # by hand: 16×16 → 14×14×16 → 12×12×32 → 6×6 → 4×4×64
    assert valid[0]["output_shape"] == [4, 4, 64]
    code, out, _ = run("sweep", str(path), "--set", "resolution=4,16,32")
    assert "invalid: " in out and str(path) in out


def test_strict_stops_at_the_first_invalid_point(run):
    path = UNPADDED
    code, out, err = run("sweep", str(path), "--set", "resolution=16,4,2", "--strict")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and "point 2 (resolution=4)" in err and f"{path}:" in err
    with pytest.raises(SpecError, match="point 2"):
        list(cnncalc.sweep(path, {"resolution": [16, 4, 2]}, strict=True))


# --- choosing points -------------------------------------------------------------------------------


def test_where_sort_and_pareto_choose_among_the_points(run):
    everything = _json(run, "mobilenet_v1", "--set", "alpha=1,0.75,0.5,0.25", "--set", "resolution=224:128:-32")
    budget = _json(run, "mobilenet_v1", "--set", "alpha=1,0.75,0.5,0.25", "--set", "resolution=224:128:-32",
                   "--where", "macs < 300M and params >= 1e6", "--sort", "-macs")
    kept = [point for point in everything["points"]
            if point["totals"]["macs"] < 300e6 and point["totals"]["params"] >= 1e6]
    assert [point["point"] for point in budget["points"]] == \
        [point["point"] for point in sorted(kept, key=lambda point: -point["totals"]["macs"])]
    assert budget["swept"] == 16 and budget["where"] == "macs < 300M and params >= 1e6"
    # ratios stay against the grid's first point, whatever is shown
    assert budget["first"] == 1 and budget["points"][0]["ratios"]["macs"] == pytest.approx(
        budget["points"][0]["totals"]["macs"] / everything["points"][0]["totals"]["macs"])
    front = _json(run, "mobilenet_v1", "--set", "alpha=1,0.75,0.5,0.25", "--set", "resolution=224:128:-32",
                  "--where", "macs > 50M", "--pareto")
    # the width sets the params and both set the MACs: past 50 million MACs, alpha 0.5 at 160 beats the rest
    assert [point["args"] for point in front["points"]] == [{"alpha": 0.5, "resolution": 160}]
    assert front["pareto"] == ["macs", "params"]


def test_a_bare_pareto_and_one_with_keys(run):
    bare = _json(run, "mobilenet_v1", "--pareto", "--set", "alpha=1,0.5")
    keyed = _json(run, "mobilenet_v1", "--set", "alpha=1,0.5", "--pareto", "macs,activations")
    assert bare["pareto"] == ["macs", "params"] and keyed["pareto"] == ["macs", "activations"]
    code, _, err = run("sweep", "mobilenet_v1", "--set", "alpha=1,0.5", "--pareto=macs")
    assert code == 2 and "two keys or more" in err


def _point(index, values, keys=("macs", "params")):
    figures = dict(zip(keys, values))
    totals = Totals(weights=0, bias=0, params=figures.get("params", 0), non_trainable=0, macs=figures.get("macs", 0),
                    activations=figures.get("activations", 0), activation_bytes=0)
    return Point(index, (("i", index),), totals, depth=figures.get("depth", 0))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 6)), max_size=30), st.booleans())
def test_the_pareto_front_is_the_points_none_beats(vectors, three):
    keys = ("macs", "params", "activations") if three else ("macs", "params")
    points = [_point(index, vector, keys) for index, vector in enumerate(vectors)]

    def beats(one, other):
        a, b = [tuple(point.value(key) for key in keys) for point in (one, other)]
        return a != b and all(x <= y for x, y in zip(a, b))

    brute = [point for point in points if not any(beats(other, point) for other in points)]
    assert pareto_front(points, keys) == brute


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 9)), min_size=1, max_size=20),
       st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), st.integers(0, 400), st.integers(0, 9))
def test_a_condition_keeps_what_python_would(vectors, operator, macs, depth):
    points = [_point(index, vector, ("macs", "depth")) for index, vector in enumerate(vectors)]
    condition = Condition(f"macs {operator} {macs} or depth == {depth} and macs >= 0", ["i"])
    compare = {"<": int.__lt__, "<=": int.__le__, ">": int.__gt__, ">=": int.__ge__, "==": int.__eq__,
               "!=": int.__ne__}[operator]
    assert [condition(point) for point in points] == \
        [compare(point.value("macs"), macs) or (point.depth == depth and point.value("macs") >= 0) for point in points]


@pytest.mark.parametrize("text, said", [
    ("macs <", "comparisons joined by"), ("< 3", "needs a value on each side"), ("macs 300M", "missing"),
    ("macs < lots", "a key nor an arg"), ("macs = 3", "write `==`"), ("$alpah < 1", "`alpha`"),
    ("macs", "comparisons joined by"), ("mac < 3", "did you mean `macs`?"), ("macs < 3 and", "comparisons joined by"),
])
def test_a_condition_that_cannot_be_read_is_one_line(text, said, run):
    code, out, err = run("sweep", "mobilenet_v1", "--set", "alpha=1,0.5", "--where", text)
    assert (code, out) == (2, "") and said in err and len(err.splitlines()) == 1


def test_args_named_as_keys_stay_apart_from_the_figures(run):
    # efficientnet_b0's arg `depth` scales the blocks; the key `depth` is the network's depth
    fresh = {scale: api.preset("efficientnet_b0", args={"depth": scale}) for scale in (1, 1.2)}
    code, out, _ = run("sweep", "efficientnet_b0", "--set", "depth=1,1.2", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["$depth"] for row in rows] == ["1", "1.2"]
    assert [int(row["depth"]) for row in rows] == [fresh[1].depth, fresh[1.2].depth]
    assert rows[1]["depth_ratio"] == f"{fresh[1.2].depth / fresh[1].depth:.6g}"
    kept = _json(run, "efficientnet_b0", "--set", "depth=1,1.2", "--where", f"depth > {fresh[1].depth}")
    assert [point["args"] for point in kept["points"]] == [{"depth": 1.2}]
    kept = _json(run, "efficientnet_b0", "--set", "depth=1,1.2", "--where", "$depth < 1.1")
    assert [point["args"] for point in kept["points"]] == [{"depth": 1}]


def test_args_not_swept_choose_and_order_by_their_value_here(run):
    # `resolution` keeps its default, 224, at every point; `$width` is the arg
    document = _json(run, "resnet", "--set", "width=64,32", "--sort", "$width", "--where", "resolution == 224",
                     "--pareto", "params,resolution")
    assert [point["args"] for point in document["points"]] == [{"width": 32}]
    document = _json(run, "resnet", "--set", "width=64,32", "--sort", "resolution")
    assert [point["args"]["width"] for point in document["points"]] == [64, 32]  # ties keep the grid's order


def test_a_sweep_where_no_point_makes_a_network_is_the_spec_s_error(run, write_spec):
    typo = write_spec("args: {w: 4}\ninput: 8x8x3\nlayers:\n  - conv: {filter: $w, kernel: 1}\n")
    code, out, err = run("sweep", str(typo), "--set", "w=4,8")
    assert (code, out) == (2, "") and "every point fails" in err and "did you mean `filters`?" in err
    assert err.count("cnncalc: error:") == 1


def test_counts_stay_exact_when_the_blocks_kept_are_dropped(monkeypatch):
    from cnncalc.spec.expansion import Expansions

    monkeypatch.setattr(Expansions, "MAX_LAYERS", 60)  # dropped every few blocks
    grid = {"blocks3": [1, 2, 6], "width": [32, 64]}
    for point in cnncalc.sweep("resnet", grid):
        (report,) = api.analyze("resnet", args=dict(point.args))
        assert point.totals == report.totals


# Blocks used by name inside others, and a block chosen by an arg: an expansion kept from one
# point must depend on every arg any of them reads
NESTED = {
    "args": {"width": 8, "which": "inner"}, "input": "8x8x3",
    "blocks": {"inner": {"layers": [{"conv": {"filters": "$width", "kernel": 1}}]},
               "other": {"layers": [{"conv": {"filters": "$width", "kernel": 3, "padding": 1}}]},
               "outer": {"layers": ["inner", {"residual": {"layers": ["inner"]}}]},
               "chooser": {"layers": ["$which"]}},
    "layers": ["outer", "chooser"],
}


def test_blocks_used_by_name_or_chosen_by_an_arg_are_read_again_when_their_args_change():
    points = list(cnncalc.sweep(NESTED, {"width": [8, 16], "which": ["inner", "other"]}))
    for point in points:
        report = cnncalc.analyze(cnncalc.from_dict(NESTED, args=dict(point.args)))
        assert point.totals == report.totals
    # by hand, width 16 with `other`: a 1×1 conv 3 → 16 ((3 + 1)·16 weights and biases), the residual's
    # 1×1 16 → 16 ((16 + 1)·16), then the 3×3 16 → 16 ((9·16 + 1)·16)
    assert points[3].totals.params == 4 * 16 + 17 * 16 + 145 * 16


def test_a_reader_given_again_follows_the_batch_and_dtype_asked():
    from cnncalc.sweeps import Reader

    reader = Reader.of("mobilenet_v1")
    swept = api.sweep(reader, {"alpha": [1]}, batch=8, dtype="float16")
    assert (swept.batch, swept.dtype) == (8, "float16")
    assert swept.points[0].totals.macs == 8 * 568_740_352  # Howard et al. 2017, table 6: 569 million per image


def test_one_value_given_alone_is_one_point_not_its_letters():
    points = list(cnncalc.sweep(NESTED, {"which": "other", "width": 16}))
    assert [point.args for point in points] == [(("which", "other"), ("width", 16))]


def test_points_before_one_that_names_no_arg_come_out_first_in_processes_too():
    points = cnncalc.sweep("mobilenet_v1", [{"alpha": 0.5}, {"alpah": 0.25}], jobs=2)
    assert next(points).totals.macs == 149_497_088  # Howard et al. 2017, table 6: 149 million mult-adds
    with pytest.raises(SpecError, match="did you mean `alpha`"):
        next(points)


def test_the_command_and_the_library_share_one_limit_of_points():
    import inspect

    from cnncalc import cli, sweeps

    default = inspect.signature(cli.sweep).parameters["max_points"].default
    assert default == sweeps.MAX_POINTS


def test_chained_comparisons_and_figures_as_papers_write_them():
    points = [_point(index, (macs, 0)) for index, macs in enumerate((50e6, 150e6, 400e6))]
    assert [Condition("100M <= macs < 0.3G", [])(point) for point in points] == [False, True, False]
    assert [Condition("macs == 1.5e8", [])(point) for point in points] == [False, True, False]
    assert [Condition("macs < 100M OR macs > 300M AND params >= 0", [])(point) for point in points] == \
        [True, False, True]


def test_sorting_by_an_arg_or_a_key_highest_first():
    points = [_point(index, (macs, 0)) for index, macs in enumerate((3, 1, 2))]
    assert [point.number for point in sorted_points(points, "macs")] == [1, 2, 0]
    assert [point.number for point in sorted_points(points, "-macs")] == [0, 2, 1]
    assert [point.number for point in sorted_points(points, "-i")] == [2, 1, 0]


# --- the library: streaming, processes, the same counts as analyze ------------------------------------


def test_the_first_record_arrives_before_the_last_point_is_analyzed():
    asked = []

    def endless():
        for resolution in itertools.count(32, 32):
            asked.append(resolution)
            yield {"resolution": resolution}

    points = cnncalc.sweep("mobilenet_v1", endless())
    first = next(points)
    assert first.args == (("resolution", 32),) and asked == [32]
    assert [point.number for point in itertools.islice(points, 3)] == [2, 3, 4]
    points.close()


def test_processes_stream_an_endless_grid_and_agree_with_one_process():
    grid = [{"alpha": alpha, "resolution": resolution} for alpha in (1, 0.5) for resolution in (224, 160, 0)]
    assert list(cnncalc.sweep("mobilenet_v1", grid, jobs=2)) == list(cnncalc.sweep("mobilenet_v1", grid))
    endless = ({"resolution": resolution} for resolution in itertools.count(32, 32))
    points = cnncalc.sweep("mobilenet_v1", endless, jobs=2)
    assert [point.number for point in itertools.islice(points, 250)] == list(range(1, 251))
    points.close()


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_every_point_counts_as_the_spec_read_with_its_values(data):
    # a sweep reuses the blocks it expanded at earlier points: each point must still count exactly
    # what reading the spec afresh with its values counts
    preset, grid = data.draw(st.sampled_from([
        ("resnet", {"blocks1": [1, 2, 3], "blocks3": [0 + 1, 2, 6], "width": [16, 64, 72], "resolution": [64, 97]}),
        ("efficientnet_b0", {"width": [1, 1.1, 0.5], "depth": [1, 1.2, 0.4], "resolution": [64, 100]}),
        ("mobilenet_v1", {"alpha": [1, 0.75, 0.3], "resolution": [32, 40]}),
    ]))
    points = data.draw(st.lists(st.fixed_dictionaries({name: st.sampled_from(values) for name, values in grid.items()}),
                                min_size=1, max_size=6))
    for point in cnncalc.sweep(preset, points):
        (report,) = api.analyze(preset, args=dict(point.args))
        assert (point.totals, point.depth, point.output_shape) == (report.totals, report.depth, report.output_shape)


def test_a_point_naming_no_arg_of_the_spec_is_refused_not_ignored():
    points = cnncalc.sweep("mobilenet_v1", [{"alpha": 0.5}, {"alpah": 0.25}])
    assert next(points).totals.macs == 149_497_088  # Howard et al. 2017, table 6: 149 million mult-adds
    with pytest.raises(SpecError, match="did you mean `alpha`"):
        next(points)


def test_a_spec_as_plain_data_and_its_layers_read_by_name():
    spec = {"args": {"c": 8}, "input": "8x8x3", "layers": [
        {"conv": {"filters": "$c", "kernel": 1}, "name": "a"}, {"conv": {"filters": "$c", "kernel": 1}, "name": "b"},
        {"add": {"from": ["a", "b"]}}]}
    points = list(cnncalc.sweep(spec, {"c": [8, 16]}))
    # 1×1 convolutions: (3 + 1)·c and (c + 1)·c weights and biases
    assert [point.totals.params for point in points] == [4 * 8 + 9 * 8, 4 * 16 + 17 * 16]


# --- every format ----------------------------------------------------------------------------------


def test_csv_and_markdown_carry_every_point(run):
    path = UNPADDED
    code, out, _ = run("sweep", str(path), "--set", "resolution=4,16", "--set", "width=8,16", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["point"] for row in rows] == ["1", "2", "3", "4"]
    assert [row["valid"] for row in rows] == ["False", "False", "True", "True"]
    # by hand at 16×16, width 8: 3·3·3·8 + 3·3·8·16 + 3·3·16·32 weights and 8 + 16 + 32 biases
    assert rows[2]["params"] == str(3 * 3 * 3 * 8 + 3 * 3 * 8 * 16 + 3 * 3 * 16 * 32 + 8 + 16 + 32)
    assert rows[3]["params_ratio"] == f"{int(rows[3]['params']) / int(rows[2]['params']):.6g}"
    assert rows[0]["error"].startswith(str(path))
    code, out, _ = run("sweep", str(path), "--set", "resolution=4,16", "--format", "markdown")
    assert code == 0 and out.count("\n| ") >= 3 and "invalid:" in out


def test_the_table_never_cuts_a_number_at_any_width(run, monkeypatch):
    for width in (40, 60, 80, 120):
        monkeypatch.setenv("COLUMNS", str(width))
        code, out, _ = run("sweep", "resnet", "--set", "width=64,128", "--set", "blocks3=6,23")
        assert code == 0 and max(len(line) for line in out.splitlines()) <= width
        for point in api.sweep("resnet", {"width": [64, 128], "blocks3": [6, 23]}).points:
            shown = (point.totals.macs, point.totals.params) if "not shown" in out else \
                (point.totals.macs, point.totals.params, point.totals.flops)
            assert all(f" {figure:,}" in out for figure in shown)  # whole, or FLOPs said to be left out
