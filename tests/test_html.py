"""--format html: one self-contained page. Checked here without a browser: it parses, it holds every
layer and total, its bars add up to the totals they stand for, it references nothing outside itself,
and text from a spec stays text. tests/test_browser.py opens it in a browser."""
import re
from html.parser import HTMLParser

import pytest

from cnncalc import api, presets
from cnncalc.fields import count
from cnncalc.render import render
from cnncalc.render.html import OPEN_BOXES
from cnncalc.render.view import Options
from tests.conftest import ROOT

SOURCES = [*presets.names(), *(str(path) for path in sorted((ROOT / "specs").glob("*.yaml")))]
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}  # HTML's elements without an end tag


class Element:
    def __init__(self, tag, attributes, parent):
        self.tag, self.attributes, self.parent = tag, dict(attributes), parent
        self.children, self.text = [], []

    @property
    def classes(self):
        return (self.attributes.get("class") or "").split()

    def find(self, predicate):
        found, stack = [], [self]
        while stack:
            element = stack.pop()
            if predicate(element):
                found.append(element)
            stack.extend(reversed(element.children))
        return found

    def all_text(self):
        return "".join(self.text) + "".join(child.all_text() for child in self.children)


class Page(HTMLParser):
    """The page as a tree; a tag closed out of order or left open is an error."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {}, None)
        self.open = self.root
        self.feed(text)
        self.close()
        assert self.open is self.root, f"<{self.open.tag}> is never closed"

    def handle_starttag(self, tag, attributes):
        element = Element(tag, attributes, self.open)
        self.open.children.append(element)
        if tag not in VOID:
            self.open = element

    def handle_startendtag(self, tag, attributes):
        self.open.children.append(Element(tag, attributes, self.open))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.open.tag == tag, f"</{tag}> closes <{self.open.tag}>"
        self.open = self.open.parent

    def handle_data(self, data):
        self.open.text.append(data)


def _page(document, options=Options()):
    text = render(document, "html", options)
    return text, Page(text).root


def _reports(document):
    return list(getattr(document, "reports", [document]))


@pytest.mark.parametrize("source", SOURCES)
def test_every_layer_is_a_box_and_every_total_is_on_the_page(source):
    (document,) = api.analyze(source)
    text, page = _page(document)
    boxes = page.find(lambda element: "box" in element.classes and "data-path" in element.attributes)
    reports = _reports(document)
    assert [box.attributes["data-path"] for box in boxes] == [layer.path for report in reports for layer in report.layers]
    for report in reports:
        for figure in (report.totals.params, report.totals.macs, report.totals.flops):
            assert count(figure) in text, (source, figure)


@pytest.mark.parametrize("source", SOURCES)
def test_the_bars_of_each_network_add_up_to_its_totals(source):
    """Per layer and per block, MACs, params and activation memory: what `Totals` holds."""
    (document,) = api.analyze(source)
    if len(_reports(document)) > 1:
        document = _reports(document)[0]
    _, page = _page(document)
    (chart,) = page.find(lambda element: "chart" in element.classes)
    totals = document.totals
    assert (int(chart.attributes["data-macs"]), int(chart.attributes["data-params"]),
            int(chart.attributes["data-memory"])) == (totals.macs, totals.params, totals.activation_bytes)
    lists = chart.find(lambda element: element.tag == "ol")
    assert {bars.attributes["data-view"] for bars in lists} == {"layers", "blocks"}
    for bars in lists:
        items = [item for item in bars.children if item.tag == "li"]
        for metric in ("macs", "params", "memory"):
            assert sum(int(item.attributes[f"data-{metric}"]) for item in items) == int(chart.attributes[f"data-{metric}"])
        widths = [float(value) for item in items
                  for value in re.findall(r"--macs:([0-9.]+)%", item.find(lambda e: e.tag == "i")[0].attributes["style"])]
        assert sum(widths) == pytest.approx(100 if totals.macs else 0, abs=0.01 * len(items) + 0.01)


def test_a_stage_is_a_group_that_folds_with_its_totals():
    report = api.preset("resnet50")
    text, page = _page(report)
    groups = {group.attributes["data-path"]: group for group in page.find(lambda element: element.tag == "details"
                                                                          and "group" in element.classes)}
    under = [layer for layer in report.layers if layer.path.startswith("layer3/")]
    stage = groups["layer3"]
    assert int(stage.attributes["data-layers"]) == len(under)
    summary = stage.children[0].all_text()
    assert f"{count(sum(layer.macs for layer in under))} MACs" in summary  # torchvision: layer3 of ResNet-50
    assert f"{count(sum(layer.params for layer in under))} params" in summary
    assert all("open" in group.attributes for group in groups.values())  # 161 boxes: all unfolded


def test_depth_folds_the_drawing_and_the_table():
    report = api.preset("resnet50")
    _, page = _page(report, Options(depth=1))
    groups = page.find(lambda element: element.tag == "details" and "group" in element.classes)
    assert groups and not any("open" in group.attributes for group in groups if "/" not in group.attributes["data-path"])
    rows = page.find(lambda element: element.tag == "tbody")[0].children
    # conv1, bn1, relu, maxpool; layer1 to layer4; avgpool, flatten, fc: as the text table with --depth 1
    assert [row.children[0].all_text() for row in rows][3:9] == ["maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool"]
    assert len(rows) == 11


def test_a_large_network_starts_with_its_inner_blocks_folded(write_spec):
    """Past OPEN_BOXES boxes, as many levels fold as it takes; a level always shows."""
    path = write_spec("input: 32x32x16\nlayers:\n  - sequential:\n      layers:\n        - sequential:\n"
                      "            layers: [conv: {filters: 16, kernel: 3, padding: 1}, relu]\n"
                      f"            repeat: {OPEN_BOXES}\n")
    _, page = _page(api.analyze(str(path))[0])
    groups = page.find(lambda element: element.tag == "details")
    opened = [group.attributes["data-path"] for group in groups if "open" in group.attributes]
    assert opened == ["sequential"] and len(groups) == OPEN_BOXES + 1


def test_a_comparison_draws_every_network_on_one_scale():
    comparison = api.preset("inception-3a")
    _, page = _page(comparison)
    (side_by_side,) = page.find(lambda element: "side-by-side" in element.classes)
    assert len([child for child in side_by_side.children if child.tag == "div"]) == len(comparison.reports)
    # the same scale: the largest layer of all (the naive module's 5×5, 120,422,400 MACs, or its 3×3) is 1,
    # and the same layer has the same colour in every network
    shares = {}
    for box in side_by_side.find(lambda element: "box" in element.classes and "data-path" in element.attributes):
        shares.setdefault(box.attributes["data-path"], set()).add(re.search(r"--macs:([0-9.]+)", box.attributes["style"])[1])
    assert shares["concat/branch[1]/conv"] == {f"{9_633_792 / 173_408_256:.3f}"}  # 28·28·64·192 over 28·28·128·3·3·192


def test_the_page_references_nothing_outside_itself():
    for document in (api.preset("resnet50"), api.preset("inception-3a"), api.conventions("resnet50"),
                     api.sweep("mobilenet_v1", {"alpha": [1, 0.5]})):
        text, page = _page(document)
        for element in page.find(lambda element: True):
            for name, value in element.attributes.items():
                if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
                    assert not re.match(r"\s*(https?:|//|file:)", value or ""), (element.tag, name, value)
        assert "url(" not in text and "@import" not in text
        assert [element.tag for element in page.find(lambda element: element.tag in ("script", "link", "img",
                                                                                      "iframe"))] == ["script"]


def test_a_resnet50_page_stays_under_a_megabyte():
    text, _ = _page(api.preset("resnet50"))
    assert len(text.encode()) < 1_000_000


def test_text_from_a_spec_stays_text(write_spec):
    path = write_spec('name: "<script>alert(1)</script>"\ndescription: "a <b>bold</b> & \\u001b[31m claim"\n'
                      'input: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 3}\n    name: "x\\" onmouseover=\\"alert(2)"\n')
    text, page = _page(api.analyze(str(path))[0])
    assert text.count("<script>") == 1 and "alert(1)" in text and "&lt;script&gt;" in text
    assert "<b>bold</b>" not in text and "\x1b" not in text
    (box,) = page.find(lambda element: "box" in element.classes and "data-path" in element.attributes)
    assert box.attributes["data-path"] == 'x" onmouseover="alert(2)' and "onmouseover" not in box.attributes


def test_conventions_has_a_bar_per_tool_split_by_kind():
    survey = api.conventions("resnet50")
    _, page = _page(survey)
    (bars,) = page.find(lambda element: element.tag == "ol")
    items = [item for item in bars.children if item.tag == "li"]
    from cnncalc.render.view import conventions_view

    rows = conventions_view(survey, Options()).rows
    assert len(items) == len(rows)
    for item, row in zip(items, rows):
        pieces = item.find(lambda element: element.tag == "i")
        assert len(pieces) == len([value for value in row.by_group.values() if value])


def test_a_sweep_plots_each_point_and_marks_the_front():
    sweep = api.sweep("mobilenet_v1", {"alpha": [1, 0.75, 0.5, 0.25], "resolution": [224, 128]})
    _, page = _page(sweep)
    dots = page.find(lambda element: element.tag == "circle")
    assert len(dots) == 8
    # Howard et al. 2017, tables 6 and 7: the smallest alpha at the smallest resolution beats every other point
    front = [dot.find(lambda element: element.tag == "title")[0].all_text() for dot in dots if "front" in dot.classes]
    assert len(front) == 1 and front[0].startswith("alpha=0.25, resolution=128")


def test_a_device_adds_the_roofline():
    report = api.preset("mobilenet_v2", device="t4")
    _, page = _page(report)
    dots = page.find(lambda element: element.tag == "circle")
    assert len(dots) == sum(1 for layer in report.layers if layer.flops and layer.moved_bytes)
    assert len(page.find(lambda element: element.tag == "polyline")) == 1


def test_the_cli_writes_a_page(run, tmp_path):
    for command in (["preset", "inception-3a"], ["analyze", str(ROOT / "specs" / "resnet-bottleneck.yaml")],
                    ["compare", str(ROOT / "specs" / "inception-3a-naive.yaml"),
                     str(ROOT / "specs" / "inception-3a-reduced.yaml")],
                    ["conventions", "resnet50"], ["sweep", "mobilenet_v1", "--set", "alpha=1,0.5"]):
        target = tmp_path / "report.html"
        code, out, err = run(*command, "-o", str(target))
        assert (code, out, err) == (0, "", "")
        Page(target.read_text(encoding="utf-8"))
    code, out, _ = run("preset", "resnet50", "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>")


def test_by_layer_sets_a_comparison_s_layers_side_by_side():
    comparison = api.preset("inception-3a")
    _, page = _page(comparison, Options(by_layer=True))
    tables = page.find(lambda element: element.tag == "table")
    rows = [row for table in tables for row in table.find(lambda element: element.tag == "tr")
            if len(row.children) == 1 + len(comparison.reports) and row.children[0].all_text() == "concat/branch[2]/conv[2]"]
    # the reduced module's 3×3 after its 1×1: 3·3·96·128 = 110,592 weights, 28·28·128 × 3·3·96 = 86,704,128 MACs
    assert len(rows) == 1 and "110,592 · 86,704,128" in rows[0].all_text()


SIAMESE = """name: siamese pair
inputs: {first: 28x28x1, second: 28x28x1}
blocks:
  tower:
    layers: [conv: {filters: 16, kernel: 3}, relu, global_avgpool, flatten]
layers:
  - tower: {name: a}
  - tower: {name: b, from: second, shares: a}
  - concat: {from: [a, b]}
  - dense: {units: 1}
"""  # docs/spec.md's example of shared weights
PYRAMID = """name: two-level pyramid
inputs: {image: 64x64x3}
layers:
  - conv: {filters: 32, kernel: 3, stride: 2, padding: 1, name: c2}
  - conv: {filters: 64, kernel: 3, stride: 2, padding: 1, name: c3}
  - conv: {filters: 32, kernel: 1, name: lateral3}
  - upsample: {scale: 2, name: top_down}
  - conv: {filters: 32, kernel: 1, from: c2, name: lateral2}
  - add: {from: [top_down, lateral2], name: p2}
  - conv: {filters: 32, kernel: 3, padding: 1, from: lateral3, name: p3}
outputs: [p2, p3]
"""  # docs/spec.md's example of a graph


def _edges(page):
    return [(edge.all_text(), "far" in edge.classes) for edge in page.find(lambda element: "edge" in element.classes)]


def test_an_arrow_from_further_up_is_dashed_and_names_what_it_carries(write_spec):
    _, page = _page(api.analyze(str(write_spec(PYRAMID)))[0])
    edges = _edges(page)
    # lateral2 reads c2 (32×32×32), p2 adds top_down and lateral2, p3 reads lateral3 (16×16×32)
    assert [text for text, far in edges if far] == ["from c2 32×32×32", "from top_down 32×32×32, lateral2 32×32×32",
                                                    "from lateral3 16×16×32"]
    assert len([text for text, far in edges if not far]) == 4  # image → c2 → c3 → lateral3 → top_down
    marked = [box.attributes["data-path"] for box in page.find(lambda element: "box" in element.classes)
              if box.find(lambda element: "output" in element.classes)]
    assert marked == ["p2", "p3"]


def test_a_block_that_reads_another_input_and_shares_weights(write_spec):
    _, page = _page(api.analyze(str(write_spec(SIAMESE)))[0])
    far = [text for text, far in _edges(page) if far]
    # b reads `second` once, above its block (not again inside it); the concat names each tower's flatten
    assert far == ["from second 28×28×1", "from a/flatten 16, b/flatten 16"]
    shared = [box.attributes["data-path"] for box in page.find(lambda element: "box" in element.classes)
              if "weights of" in box.all_text()]
    assert shared == ["b/conv"]  # the one layer with weights; 3·3·1·16 + 16 = 160 params counted in a


def test_branches_are_drawn_in_the_order_the_join_reads_them(write_spec):
    path = write_spec("input: 8x8x4\nlayers:\n  - concat:\n      - []\n      - [conv: {filters: 2, kernel: 1}]\n"
                      "  - residual: [conv: {filters: 6, kernel: 3, padding: 1}]\n")
    _, page = _page(api.analyze(str(path))[0])
    lanes = page.find(lambda element: "branches" in element.classes)
    labels = [[label.all_text() for lane in branches.children for label in lane.children if "label" in label.classes]
              for branches in lanes[1:]]
    assert labels == [["identity", "branch[2]"], ["skip"]]  # an empty branch of a concat; a residual's shortcut
    assert "identity 8×8×4" in lanes[1].all_text() and "identity 8×8×6" in lanes[2].all_text()


def test_every_numeric_cell_sorts_by_its_number(write_spec):
    """627 ns after 1.25 µs as text, not as time; shapes by their count of values."""
    report = api.preset("resnet50", device="t4")
    _, page = _page(report, Options(columns=("layer", "output", "time", "macs")))
    (table,) = [table for table in page.find(lambda element: element.tag == "table")]
    headers = [header.all_text() for header in table.find(lambda element: element.tag == "th")]
    assert headers == ["layer", "output", "time", "MACs"]
    rows = table.find(lambda element: element.tag == "tbody")[0].children
    times = [float(row.children[2].attributes["data-sort"]) for row in rows]
    assert times == [report.layer_time(layer)[0] for layer in report.layers]
    assert [float(row.children[1].attributes["data-sort"]) for row in rows][-1] == 1000  # fc's 1000 values


def test_no_formulas_leaves_them_out(write_spec):
    text, _ = _page(api.preset("resnet50"), Options(formulas=False))
    assert "MACs 112×112×64 × 7×7×3" not in text  # conv1's formula
    text, _ = _page(api.preset("resnet50"))
    assert "MACs 112×112×64 × 7×7×3" in text


def test_htm_is_html_too(run, tmp_path):
    target = tmp_path / "report.htm"
    code, _, _ = run("preset", "resnet-bottleneck", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
