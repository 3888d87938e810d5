"""Every format of a command carries the same content: the same rows, the same figures, the same
matches. JSON is the oracle each other format is read against."""
import csv
import io
import json
import re

import pytest

from cnncalc.render import FORMATS
from tests.conftest import ROOT

BOTTLENECK = str(ROOT / "specs" / "resnet-bottleneck.yaml")
UNET = str(ROOT / "specs" / "unet-small.yaml")


def outputs(run, *arguments):
    """The command's output in every format, JSON parsed."""
    texts = {format_.name: run(*arguments, "--format", format_.name)[1] for format_ in FORMATS}
    return json.loads(texts.pop("json")), texts


def whole(number: int, text: str) -> bool:
    return re.search(rf"(?<![\d,]){re.escape(f'{number:,}')}(?![\d,])", text) is not None


@pytest.mark.parametrize("arguments", [
    (BOTTLENECK,), (UNET,), (UNET, "--depth", "1"), (BOTTLENECK, "--convention", "ptflops"),
    ("resnet50", "--depth", "2", "--convention", "fvcore"), ("resnet18", "--batch", "4"),
])
def test_one_network_has_the_same_rows_and_figures_in_every_format(arguments, run):
    document, texts = outputs(run, "analyze", *arguments)
    layers = document["layers"]
    rows = list(csv.DictReader(io.StringIO(texts["csv"])))
    assert [row["path"] for row in rows] == [layer["path"] for layer in layers]
    for row, layer in zip(rows, layers):
        assert [int(row[key]) for key in ("params", "macs", "flops")] == [layer[key] for key in ("params", "macs", "flops")]
        if "counted" in layer:
            assert int(row[f"counted_{document['convention']}"]) == layer["counted"]
    markdown_paths = re.findall(r"^\| `([^`]+)` \|", texts["markdown"], re.MULTILINE)
    assert markdown_paths == [layer["path"] for layer in layers]
    table = texts["table"].split(" ─", 1)[1]
    cursor = 0
    for layer in layers:  # each row in order, its figures whole on its line
        lines = table.splitlines()
        while cursor < len(lines) and not (whole(layer["params"], lines[cursor]) and whole(layer["macs"], lines[cursor])):
            cursor += 1
        assert cursor < len(lines), layer["path"]
        cursor += 1
    totals = document["totals"]
    for name in ("weights", "params", "macs", "flops"):
        assert sum(int(row[name]) for row in rows) == totals[name]
        assert whole(totals[name], texts["markdown"]) and whole(totals[name], texts["table"])
    if "counted" in totals:
        assert whole(totals["counted"], texts["table"]) and whole(totals["counted"], texts["markdown"])


@pytest.mark.parametrize("command", [("preset", "inception-3a"), ("compare", "resnet18", "resnet50", "vgg16"),
                                     ("compare", "alexnet", "googlenet", "--convention", "thop")])
def test_a_comparison_has_the_same_specs_and_figures_in_every_format(command, run):
    document, texts = outputs(run, *command)
    specs = document["specs"]
    rows = list(csv.DictReader(io.StringIO(texts["csv"])))
    assert [row["spec"] for row in rows] == [spec["name"] for spec in specs]
    for row, spec in zip(rows, specs):
        for name in ("weights", "params", "macs", "flops", "depth"):
            assert int(row[name]) == spec["totals"].get(name, spec["totals"]["depth"] if name == "depth" else None)
        for text in (texts["table"], texts["markdown"]):
            assert spec["name"] in text
            assert all(whole(spec["totals"][name], text) for name in ("weights", "params", "macs", "flops"))
        if "counted" in spec["totals"]:
            assert int(row[f"counted_{document['convention']}"]) == spec["totals"]["counted"]
            assert whole(spec["totals"]["counted"], texts["table"]) and whole(spec["totals"]["counted"], texts["markdown"])
    if document["lesson"]:
        lesson = " ".join(document["lesson"].split())
        assert lesson[:40] in " ".join(texts["table"].split()) and lesson[:40] in " ".join(texts["markdown"].split())


def test_layers_side_by_side_are_the_same_in_every_format(run):
    document, texts = outputs(run, "compare", "resnet50", "resnet50-v1", "--by-layer")
    rows = list(csv.DictReader(io.StringIO(texts["csv"])))
    for index, spec in enumerate(document["specs"]):
        paths = [row["path"] for row in rows if row["spec"] == spec["name"]]
        assert paths == [entry["path"] for entry in document["by_layer"] if entry["layers"][index] is not None]
    differing = [entry for entry in document["by_layer"] if entry["layers"][0]["macs"] != entry["layers"][1]["macs"]]
    for entry in differing:  # the layers that differ show both figures in the table and markdown
        for text in (texts["table"], texts["markdown"]):
            assert whole(entry["layers"][0]["macs"], text) and whole(entry["layers"][1]["macs"], text)


@pytest.mark.parametrize("match", [None, "4.12G", "25.6M", "3.8 GFLOPs"])
def test_conventions_and_their_matches_are_the_same_in_every_format(match, run):
    command = ("conventions", "resnet50", *(("--match", match) if match else ()))
    document, texts = outputs(run, *command)
    rows = list(csv.DictReader(io.StringIO(texts["csv"])))
    for convention in document["conventions"]:
        own = next(row for row in rows if row["id"] == convention["id"] and row["network"] == "resnet50")
        assert (int(own["value"]) if own["value"] else None) == convention["value"]
        assert int(own["params"]) == convention["params"]
        for text in (texts["table"], texts["markdown"]):
            assert convention["id"] in text and whole(convention["params"], text)
            if convention["value"] is not None:
                assert whole(convention["value"], text)
    if match is None:
        assert "match" not in document and "match" not in rows[0]
        return
    for found in document["match"]["rows"]:
        row = next(row for row in rows if row["id"] == found["id"] and row["network"] == found["network"])
        assert row["match"] == found["quantity"]
        for text in (texts["table"], texts["markdown"]):
            assert found["id"] in text.split(match)[-1] and whole(found["value"], text.split(match)[-1])


def test_streamed_json_is_the_report_s_dictionary_as_json_writes_it():
    # into a pipe or a file, JSON is written layer by layer from shared pieces; it must be exactly the
    # text json.dumps gives for Report.to_dict(), whatever the network
    import json
    from pathlib import Path

    from cnncalc import analyze, load, presets
    from cnncalc.render import render, render_several
    from cnncalc.render.view import Options
    from tests.conftest import ROOT

    specs = [spec for name in presets.names() for spec in presets.load(name).specs]
    specs += [load(path) for path in sorted(Path(ROOT, "specs").glob("*.yaml"))]
    specs += [load(path) for path in sorted(Path(ROOT, "tests", "receptive_field").glob("*.yaml"))]
    reports = [analyze(spec, batch=batch, dtype=dtype) for spec in specs
               for batch, dtype in ((1, "float32"), (3, "float16"))]
    for report in reports:
        assert render(report, "json", Options()) == json.dumps(report.to_dict(), ensure_ascii=False) + "\n", report.name
    several = render_several(reports[:6], "json", Options())
    assert several == json.dumps([report.to_dict() for report in reports[:6]], ensure_ascii=False) + "\n"


def test_streamed_csv_rows_are_the_report_s_rows():
    # CSV is written a few thousand rows at a time from shared values; each row must be Report.rows()'s
    import csv
    import io
    from pathlib import Path

    from cnncalc import analyze, load, loads, presets
    from cnncalc.render import render
    from cnncalc.render.view import Options
    from tests.conftest import ROOT

    specs = [spec for name in presets.names() for spec in presets.load(name).specs]
    specs += [load(path) for path in sorted(Path(ROOT, "specs").glob("*.yaml"))]
    specs.append(loads('name: "a, \\"quoted\\" net"\ninput: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 3, name: "x,y"}\n'
                       '  - relu: {name: "line\\nbreak"}\n'))  # text that CSV must quote
    for spec in specs:
        report = analyze(spec, batch=2, dtype="float16")
        text = render(report, "csv", Options())
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["spec", *report.rows()[0]])
        writer.writerows([report.name, *row.values()] for row in report.rows())
        assert text == buffer.getvalue(), spec.name  # byte for byte what csv.writer writes
        written = list(csv.DictReader(io.StringIO(text)))
        expected = [{key: "" if value is None else str(value) for key, value in row.items() if key != "row"}
                    for row in report.rows()]
        assert [{key: value for key, value in row.items() if key not in ("spec", "row")} for row in written] == \
            expected, spec.name
