"""A model read in the graph form, written as a person writes a spec: joins of chains nested, runs of
identical blocks written once with `repeat`, layers named with one prefix grouped; and the report of
what is written is the model's, row by row."""
import textwrap

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc import analyze, from_dict
from cnncalc.readers.nesting import nested, same_report
from cnncalc.readers.writer import spec_text
from cnncalc.spec import load_suite_text


def _written(document):
    """The document rewritten, as text, with the report of the model and of what is written."""
    model = analyze(from_dict(document))
    tidy = nested(document, model)
    assert tidy is not None
    text = spec_text(tidy)
    (spec,) = load_suite_text(text, "written.yaml").specs
    return text, model, analyze(spec)


def _rows(report):
    return [(row.kind, row.output_shape, row.params, row.macs) for row in report.layers]


def conv(filters, name, **more):
    return {"conv": {"filters": filters, "kernel": 1, "name": name, **more}}


def test_an_add_of_a_chain_and_its_input_is_a_residual():
    document = {"input": "8x8x4", "layers": [
        conv(4, "stem"), conv(4, "a"), {"relu": {"name": "r"}}, conv(4, "b"),
        {"add": {"from": ["b", "stem"], "name": "sum"}}, {"relu": {"name": "out"}}]}
    text, model, written = _written(document)
    assert yaml.safe_load(text)["layers"][1] == {"name": "sum", "residual": [
        {"conv": {"filters": 4, "kernel": 1, "name": "a"}}, {"relu": {"name": "r"}},
        {"conv": {"filters": 4, "kernel": 1, "name": "b"}}]}
    assert "from" not in text
    assert same_report(model, written) and _rows(model) == _rows(written)


def test_an_add_of_two_chains_is_a_residual_with_its_shortcut():
    document = {"input": "8x8x4", "layers": [
        conv(4, "stem"), conv(8, "a"), conv(8, "b"), conv(8, "projection", **{"from": "stem"}),
        {"add": {"from": ["b", "projection"], "name": "sum"}}]}
    text, model, written = _written(document)
    residual = yaml.safe_load(text)["layers"][1]["residual"]
    assert [next(iter(layer.values()))["name"] for layer in residual["layers"]] == ["a", "b"]
    assert residual["shortcut"] == [{"conv": {"filters": 8, "kernel": 1, "name": "projection"}}]
    assert same_report(model, written) and _rows(model) == _rows(written)


def test_a_channel_gate_is_a_scale_and_branches_from_one_tensor_a_concat():
    document = {"input": "8x8x4", "layers": [
        conv(4, "stem"), {"global_avgpool": {"name": "squeeze"}}, conv(4, "excite"), {"sigmoid": {"name": "gate"}},
        {"multiply": {"from": ["stem", "gate"], "name": "se"}},
        conv(2, "one"), conv(3, "two", **{"from": "se"}), conv(5, "three"),
        {"concat": {"from": ["one", "se", "three"], "name": "joined"}}]}
    text, model, written = _written(document)
    layers = yaml.safe_load(text)["layers"]
    assert list(layers[1]) == ["name", "scale"] and len(layers[1]["scale"]) == 3
    assert layers[2]["concat"][1] == [] and len(layers[2]["concat"][2]) == 2
    assert same_report(model, written) and _rows(model) == _rows(written)


def test_what_does_not_nest_stays_a_graph():
    """A tensor read again further on (a long skip), and chains whose rows interleave, stay in the
    graph form: written nested, either would change what a layer reads or the order of the rows."""
    document = {"input": "8x8x4", "layers": [
        conv(4, "stem"), conv(4, "a"), conv(4, "b"), {"add": {"from": ["b", "stem"], "name": "sum"}},
        conv(4, "c", **{"from": "a"}),
        conv(4, "left", **{"from": "sum"}), conv(4, "right", **{"from": "sum"}),
        conv(4, "left2", **{"from": "left"}), {"add": {"from": ["left2", "right"], "name": "sum2"}}]}
    text, model, written = _written(document)
    assert "residual" not in text and text.count("from:") == 6  # as the model names them
    assert same_report(model, written)


def _block(width, stride=1):
    return {"sequential": {"name": "unit", "layers": [conv(width, "c1"), conv(width, "c2", stride=stride)]}}


def test_identical_blocks_in_a_row_are_written_once_with_repeat():
    blocks = [{"sequential": {"name": f"stage.{index}", "layers": [
        conv(16 if index == 0 else 8, "c1"), conv(8, "c2"), {"add": {"from": ["c2", f"stage.{index - 1}" if index else "stem"],
                                               "name": "sum"}}]}} for index in range(4)]
    document = {"input": "8x8x8", "layers": [conv(8, "stem"), *blocks, {"global_avgpool": {"name": "pool"}}]}
    text, model, written = _written(document)
    layers = yaml.safe_load(text)["layers"]
    assert [layer.get("name") for layer in layers[1:3]] == ["stage.0", "stage.1-3"] and layers[2]["repeat"] == 3
    assert [row.path for row in written.layers][3:9] == \
        ["stage.0/sum", "stage.1-3[1]/sum/c1", "stage.1-3[1]/sum/c2", "stage.1-3[1]/sum", "stage.1-3[2]/sum/c1",
         "stage.1-3[2]/sum/c2"]
    assert same_report(model, written) and _rows(model) == _rows(written)


def test_a_block_read_inside_from_outside_is_not_repeated():
    blocks = [{"sequential": {"name": f"b{index}", "layers": [conv(8, "c1"), conv(8, "c2")]}} for index in range(3)]
    document = {"input": "8x8x8", "layers": [*blocks, {"add": {"from": ["b2", "b1/c1"], "name": "sum"}}]}
    text, model, written = _written(document)
    assert "repeat" not in text and same_report(model, written)


def test_layers_named_with_one_prefix_are_grouped_under_it():
    """Keras names ResNet50's layers conv2_block1_1_conv, conv2_block1_1_bn, ...: the stages and
    blocks are runs of one prefix."""
    names = [f"conv2_block{block}_{unit}_{kind}" for block in (1, 2) for unit in (1, 2) for kind in ("conv", "bn")]
    document = {"input": "8x8x8", "layers": [
        {"conv": {"filters": 8, "kernel": 1, "name": name}} if name.endswith("conv") else {"batchnorm": {"name": name}}
        for name in names] + [{"global_avgpool": {"name": "avg_pool"}}]}
    text, model, written = _written(document)
    assert [row.path for row in written.layers][:3] == [
        "conv2/conv2_block1/conv2_block1_1_conv", "conv2/conv2_block1/conv2_block1_1_bn",
        "conv2/conv2_block1/conv2_block1_2_conv"]  # two layers of one unit are no group: fewer than four
    assert same_report(model, written)


def test_a_report_that_differs_is_told_apart():
    one = analyze(from_dict({"input": "8x8x4", "layers": [conv(4, "a"), conv(4, "b")]}))
    two = analyze(from_dict({"input": "8x8x4", "layers": [conv(4, "a"), conv(4, "b", **{"from": "input"})]}))
    three = analyze(from_dict({"input": "8x8x4", "layers": [conv(4, "a"), conv(5, "b")]}))
    assert same_report(one, one) and not same_report(one, two) and not same_report(one, three)


def test_what_is_written_nested_already_is_left_as_it_is():
    document = yaml.safe_load(textwrap.dedent("""
        input: 8x8x4
        layers:
          - residual: [conv: {filters: 4, kernel: 1}]
    """))
    assert nested(document, analyze(from_dict(document))) is None


@st.composite
def graphs(draw):
    """A random network in the graph form: 1×1 convs, relus and pools of 4 or 8 channels reading any
    earlier tensor, adds of two of the same channels, concats and multiplies, in named groups."""
    tensors = [("input", 4)]
    layers, group, groups = [], None, 0
    for index in range(draw(st.integers(2, 14))):
        if draw(st.integers(0, 4)) == 0:
            groups += 1
            group = [] if group is None else None
            if group is not None:
                layers.append({"sequential": {"name": f"g{groups}", "layers": group}})
        into = group if group is not None else layers
        prefix = draw(st.sampled_from(["s1_b1", "s1_b2", "s2", "x"]))
        name = f"{prefix}_l{index}"
        source_name, channels = draw(st.sampled_from(tensors[-4:])) if draw(st.booleans()) else tensors[-1]
        choice = draw(st.sampled_from(["conv", "relu", "pool", "add", "concat", "multiply"]))
        same = [tensor for tensor in tensors if tensor[1] == channels and tensor[0] != source_name]
        if choice in ("add", "multiply") and same:
            other = draw(st.sampled_from(same))[0]
            into.append({choice: {"from": [source_name, other], "name": name}})
        elif choice == "concat":
            second, more = draw(st.sampled_from(tensors))
            if second == source_name:
                continue
            into.append({"concat": {"from": [source_name, second], "name": name}})
            channels += more
        elif choice == "pool":
            into.append({"maxpool": {"kernel": 1, "name": name, "from": source_name}})
        elif choice == "relu":
            into.append({"relu": {"name": name, "from": source_name}})
        else:
            channels = draw(st.sampled_from([4, 8]))
            into.append(conv(channels, name, **{"from": source_name}))
        tensors.append((name if group is None else f"g{groups}/{name}", channels))
    if group is not None and not group:
        layers.pop()
    return {"input": "6x6x4", "layers": layers or [conv(4, "only")]}


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_any_graph_written_again_reads_as_the_model(document):
    """Whatever is nested, grouped or repeated, the written spec reads into the model's report."""
    model = analyze(from_dict(document))
    tidy = nested(document, model)
    if tidy is not None:
        (spec,) = load_suite_text(spec_text(tidy), "written.yaml").specs
        written = analyze(spec)
        assert same_report(model, written)
        assert _rows(model) == _rows(written)


@st.composite
def stacks(draw):
    """Copies of one block of 4-channel layers reading one another by name, one after another; and
    maybe a last layer reading inside one of them."""
    template = []
    for index in range(draw(st.integers(1, 5))):
        reads = {"from": f"t{draw(st.integers(0, index - 1))}"} if index and draw(st.booleans()) else {}
        template.append(conv(4, f"t{index}", **reads) if draw(st.booleans()) else {"relu": {"name": f"t{index}", **reads}})
    if len(template) > 1 and draw(st.booleans()):
        template.append({"add": {"from": [f"t{len(template) - 1}", "t0"], "name": "sum"}})
    copies = draw(st.integers(1, 4))
    layers = [{"sequential": {"name": f"block.{index}", "layers": template}} for index in range(copies)]
    inside = draw(st.none() | st.integers(0, copies - 1))
    if inside is not None:
        layers.append({"relu": {"name": "reader", "from": f"block.{inside}/t0"}})
    return {"input": "6x6x4", "layers": layers}, copies, inside


@settings(max_examples=150, deadline=None)
@given(stacks())
def test_copies_of_a_block_are_written_once_unless_read_inside(case):
    document, copies, inside = case
    text, model, written = _written(document)
    assert same_report(model, written) and _rows(model) == _rows(written)
    template = document["layers"][0]["sequential"]["layers"]
    if copies > 1 and inside is None and not any("from" in layer.get("conv", layer.get("relu", {})) for layer in template):
        assert f"repeat: {copies}" in text  # each reads the one before: nested, nothing names what it reads
