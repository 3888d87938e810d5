"""--format dot and --format mermaid: the network as a graph, a node per row, an edge per tensor read
labelled with its shape. Checked for structure on every preset and example spec, and drawn by
Graphviz where it is installed."""
import re
import shutil
import subprocess

import pytest

from cnncalc import api, presets
from cnncalc.render import render
from cnncalc.render.view import Options
from tests.conftest import ROOT

SOURCES = [*presets.names(), *(str(path) for path in sorted((ROOT / "specs").glob("*.yaml")))]


def _documents(source, depth=None):
    return api.analyze(source), Options(depth=depth)


def _reports(document):
    return list(getattr(document, "reports", [document]))


def _dot_structure(text):
    nodes = set(re.findall(r"^\s*(\w+) \[label=", text, re.MULTILINE))
    edges = re.findall(r"^\s*(\w+) -> (\w+) \[label=\"([^\"]*)\"\];$", text, re.MULTILINE)
    return nodes, edges


def _mermaid_structure(text):
    nodes = set(re.findall(r"^\s*(\w+)\(?\[\"", text, re.MULTILINE))
    edges = re.findall(r"^\s*(\w+) -->\|([^|]*)\| (\w+)$", text, re.MULTILINE)
    return nodes, [(source, target, label) for source, label, target in edges]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("depth", [None, 1])
def test_every_row_is_a_node_and_every_edge_joins_two(source, depth):
    (document,) = api.analyze(source)
    rows = sum(len(_rows(report, depth)) for report in _reports(document))
    inputs = sum(len(report.inputs) or 1 for report in _reports(document))
    for format_name, structure in (("dot", _dot_structure), ("mermaid", _mermaid_structure)):
        text = render(document, format_name, Options(depth=depth))
        nodes, edges = structure(text)
        assert len(nodes) == rows + inputs, (format_name, source)
        assert all(source_id in nodes and target in nodes for source_id, target, _ in edges)
        assert all(re.fullmatch(r"[0-9×]*", label) for _, _, label in edges)  # a shape, or nothing
        if format_name == "dot":
            assert text.count("{") == text.count("}")
        else:
            assert text.count("subgraph ") == len(re.findall(r"^\s*end$", text, re.MULTILINE))


def _rows(report, depth):
    from cnncalc import folded

    return report.layers if depth is None else folded(report, depth)


def test_the_inception_module_by_hand():
    # Szegedy et al. 2014, figure 2(b): four branches read the 28×28×192 input and meet in a concat
    # of 64 + 128 + 32 + 32 = 256 channels
    (report,) = api.analyze(str(ROOT / "specs" / "inception-3a-reduced.yaml"))
    nodes, edges = _mermaid_structure(render(report, "mermaid"))
    from_input = [edge for edge in edges if edge[0].endswith("i0")]
    assert len(from_input) == 4 and {label for _, _, label in from_input} == {"28×28×192"}
    into_concat = [edge for edge in edges if edge[1] == max(nodes, key=lambda node: int(node.rsplit("n", 1)[-1])
                                                               if "_n" in node else -1)]
    assert sorted(label for _, _, label in into_concat) == ["28×28×128", "28×28×32", "28×28×32", "28×28×64"]
    assert "86,704,128 MACs" in render(report, "mermaid")  # the 3×3: 28·28·128 × 3·3·96


def test_folded_resnet50_is_its_stages(run):
    code, out, _ = run("preset", "resnet50", "--format", "dot", "--depth", "1")
    nodes, edges = _dot_structure(out)
    # conv1, bn1, relu, maxpool, layer1..4, avgpool, flatten, fc, and the input
    assert code == 0 and len(nodes) == 12 and len(edges) == 11
    assert 'label="layer3 · sequential\\n14×14×1024' in out


def test_a_comparison_puts_each_network_in_a_group(run):
    code, out, _ = run("preset", "inception-3a", "--format", "mermaid")
    assert code == 0 and out.count("subgraph net") == 3


def test_what_has_no_layers_cannot_be_drawn(run):
    cases = {("conventions", "resnet50"): ("dot", "mermaid"), ("sweep", "mobilenet_v1", "--set", "alpha=1,0.5"): ("dot", "mermaid"),
             ("devices",): ("dot", "mermaid", "html")}  # a page draws a survey and a sweep as charts, not a list
    for command, formats in cases.items():
        for format_name in formats:
            code, out, err = run(*command, "--format", format_name)
            assert (code, out) == (2, "") and f"--format {format_name} draws a network's layers" in err
            assert len(err.splitlines()) == 1


def test_text_from_a_spec_is_quoted_not_obeyed(write_spec):
    path = write_spec('name: "a\\"b\\\\c#d|e<f\\e[31m"\ninput: 8x8x3\nlayers:\n'
                      '  - conv: {filters: 4, kernel: 1, name: "x\\"y|z#1\\u202e"}\n')
    (report,) = api.analyze(str(path))
    dot, mermaid = render(report, "dot"), render(report, "mermaid")
    for text in (dot, mermaid):
        assert "\x1b" not in text and "\u202e" not in text
    assert dot.startswith('digraph "a\\"b\\\\c#d|e<f\\\\x1b[31m" {')
    assert 'x#quot;y#124;z#35;1' in mermaid and "-->|" in mermaid


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed; the structure is checked above")
@pytest.mark.parametrize("source", ["inception-3a", "resnet50", "unet", "resnet50_fpn", "mobilenet_v2"])
def test_graphviz_draws_it(source, tmp_path):
    (document,) = api.analyze(source)
    path = tmp_path / "network.dot"
    path.write_text(render(document, "dot", Options(depth=2)), encoding="utf-8")
    result = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "<svg" in result.stdout, result.stderr


def test_a_folded_block_keeps_every_tensor_its_layers_read_from_outside():
    # U-Net (Ronneberger et al. 2015) folded to its top level: each of the four up-steps reads its
    # level's skip connection, so the picture keeps those four edges besides the chain of 13
    (report,) = api.analyze("unet")
    _, edges = _dot_structure(render(report, "dot", Options(depth=1)))
    chain = len(_rows(report, 1))  # each row reads the one before; the first reads the input
    assert len(edges) == chain + 4


def test_a_read_from_inside_a_folded_block_carries_that_tensor_s_shape(write_spec):
    path = write_spec("input: 32x32x3\nlayers:\n  - sequential:\n      name: body\n      layers:\n"
                      "        - conv: {filters: 16, kernel: 3, padding: 1, name: mid}\n"
                      "        - conv: {filters: 64, kernel: 3, stride: 2, padding: 1}\n"
                      "  - conv: {filters: 8, kernel: 1, from: body/mid, name: side}\n")
    (report,) = api.analyze(str(path))
    _, edges = _dot_structure(render(report, "dot", Options(depth=1)))
    assert sorted(label for _, _, label in edges) == ["32×32×16", "32×32×3"]


def test_nothing_in_a_name_becomes_a_directive_or_an_entity(write_spec):
    path = write_spec('input: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 1, name: "%%{init: {}}%% &lt;b&gt;"}\n')
    (report,) = api.analyze(str(path))
    mermaid, dot = render(report, "mermaid"), render(report, "dot")
    assert "%%" not in mermaid and "#37;#37;{init: {}}#37;#37; #38;lt;b#38;gt;" in mermaid
    assert "&amp;lt;b&amp;gt;" in dot


def test_the_output_file_chooses_the_diagram(run, tmp_path):
    code, _, err = run("preset", "resnet50", "-o", str(tmp_path / "net.svg"))
    assert code == 2 and "net.dot" in err and "dot -Tsvg" in err
    code, _, _ = run("preset", "resnet50", "--depth", "1", "-o", str(tmp_path / "net.gv"))
    assert code == 0 and (tmp_path / "net.gv").read_text(encoding="utf-8").startswith("digraph")
    code, _, _ = run("preset", "resnet50", "--depth", "1", "-f", "mermaid", "-o", str(tmp_path / "net.md"))
    text = (tmp_path / "net.md").read_text(encoding="utf-8")
    assert code == 0 and text.startswith("```mermaid\nflowchart TD\n") and text.endswith("```\n")


def test_a_chart_too_large_for_mermaid_s_default_says_how_to_fold_it(run):
    code, out, err = run("compare", "resnet50", "googlenet", "efficientnet_b0", "--format", "mermaid")
    assert code == 0 and len(out) > 50_000 and "--depth N folds blocks" in err
    code, out, err = run("preset", "resnet50", "--format", "mermaid", "--depth", "2")
    assert code == 0 and len(out) < 50_000 and err == ""
