"""cnncalc import: a model written as a spec to read and edit, whose report is the model's."""
import gzip

import pytest
import yaml

from cnncalc import api, readers
from cnncalc.readers.nesting import nested, same_report
from cnncalc.spec import Limits, load_suite_text
from cnncalc.engine import analyze
from tests.conftest import ROOT

KERAS = ROOT / "tests" / "fixtures" / "keras"
ONNX = ROOT / "tests" / "fixtures" / "onnx"


def _models(tmp_path):
    found = [KERAS / "siamese.keras", KERAS / "keras2-functional.json", KERAS / "keras2-sequential.json"]
    for packed in sorted(KERAS.glob("*.json.gz")):
        path = tmp_path / packed.name[:-3]
        path.write_bytes(gzip.decompress(packed.read_bytes()))
        found.append(path)
    try:
        import onnx  # noqa: F401
    except ImportError:
        return found
    return found + sorted(ONNX.glob("*.onnx"))


def _rows(report):
    return [(layer.kind, layer.output_shape, layer.params, layer.counts.non_trainable, layer.macs, layer.trainable,
             layer.shared_with is None) for layer in report.layers]


def test_the_written_spec_counts_as_the_model_does(tmp_path):
    """Every Keras and ONNX fixture: the spec written reads again into the same layers in the same order,
    each reading the same tensors, with the same counts; written nested where the graph nests."""
    for path in _models(tmp_path):
        (model,) = api.analyze(str(path))
        document = readers.document_of(str(path))
        assert nested(document, model) is not None, path.name
        text = api.import_model(path)
        (spec,) = load_suite_text(text, "written.yaml").specs
        written = analyze(spec)
        assert _rows(written) == _rows(model), path.name
        assert same_report(model, written), path.name
        assert written.totals == model.totals and written.depth == model.depth, path.name
        assert isinstance(yaml.safe_load(text), dict)


def test_a_torch_export_is_written_by_its_modules_its_blocks_once(run, tmp_path):
    """The ONNX nodes torch names /layer1/layer1.0/conv1/Conv become ResNet-50's stages and blocks; each
    stage's first block (the one with a projection shortcut), then the others, identical, once with
    `repeat`: 3, 4, 6 and 3 blocks (He et al. 2016, table 1). Under 150 lines, residuals nested."""
    pytest.importorskip("onnx")
    target = tmp_path / "resnet50.yaml"
    code, _, err = run("import", str(ONNX / "resnet50.onnx"), "-o", str(target))
    assert (code, err) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# resnet50.onnx, written as a cnncalc spec")
    assert len(text.splitlines()) < 150 and "from:" not in text
    assert [int(line.split()[-1]) for line in text.splitlines() if "repeat:" in line] == [2, 3, 5, 2]
    assert text.count("residual:") == 8 and text.count("shortcut:") == 4
    code, out, _ = run("analyze", str(target), "--depth", "2", "--format", "csv")
    rows = [line.split(",")[2] for line in out.splitlines()[1:]]
    assert [row for row in rows if row.startswith("layer") and row.count("/") == 1] == \
        [f"layer{stage}/layer{stage}.0" if block == 0 else f"layer{stage}/layer{stage}.1-{blocks - 1}[{block}]"
         for stage, blocks in ((1, 3), (2, 4), (3, 6), (4, 3)) for block in range(blocks)]


def test_inception_modules_and_gates_are_written_nested(run, tmp_path):
    """GoogLeNet's nine inception modules (Szegedy et al. 2014, table 1) each a concat of four branches;
    EfficientNet-B0's sixteen MBConv blocks (Tan and Le 2019, table 1) each with a squeeze-and-excitation
    gate written as `scale`; Keras' ResNet50 grouped by its layers' names into its stages."""
    pytest.importorskip("onnx")
    googlenet = yaml.safe_load(api.import_model(ONNX / "googlenet.onnx"))
    modules = [layer for layer in googlenet["layers"] if str(layer.get("name", "")).startswith("inception")]
    assert len(modules) == 9 and all(len(module["sequential"][0]["concat"]) == 4 for module in modules)
    efficientnet = api.import_model(ONNX / "efficientnet_b0.onnx")
    (report,) = api.analyze(api.SpecText(efficientnet))
    squeezes = [row for row in report.layers if row.kind == "global_avgpool" and row.scope]  # not the head's
    assert len(squeezes) == 16 and {report.containers[row.scope[-1]] for row in squeezes} == {"scale"}
    assert "from:" not in efficientnet and "repeat:" in efficientnet
    keras = tmp_path / "ResNet50.json"
    keras.write_bytes(gzip.decompress((KERAS / "ResNet50.json.gz").read_bytes()))
    code, _, _ = run("import", str(keras), "-o", str(tmp_path / "resnet50.yaml"))
    code, out, _ = run("analyze", str(tmp_path / "resnet50.yaml"), "--depth", "1", "--format", "csv")
    assert [line.split(",")[2] for line in out.splitlines()[1:]] == \
        ["conv1", "pool1_pad", "pool1_pool", "conv2", "conv3", "conv4", "conv5", "avg_pool", "avg_pool.flatten",
         "predictions"]  # two layers named pool1_ are no group: fewer than four


def test_what_is_not_a_model_is_refused(run):
    code, out, err = run("import", str(ROOT / "specs" / "resnet-bottleneck.yaml"))
    assert (code, out) == (2, "") and "is not a model file cnncalc reads" in err and len(err.splitlines()) == 1


def test_a_model_with_unknown_layers_is_written_with_them_uncounted(run, tmp_path):
    """With --unknown zero the written spec holds each unknown layer as `uncounted`, with its output
    shape: analyzed, it gives what the model gives, the same warning included."""
    model = str(KERAS / "unknown_functional.json")
    code, _, err = run("import", model)
    assert code == 2 and "(Lambda): cnncalc does not know this layer" in err
    target = tmp_path / "written.yaml"
    assert run("import", model, "--unknown", "zero", "-o", str(target))[0] == 0
    assert "- uncounted: {op: Lambda, shape: [16, 16, 16], name: every_other}" in target.read_text(encoding="utf-8")
    (written,) = api.analyze(str(target))
    (read,) = api.analyze(model, limits=Limits(unknown="zero"))
    assert _rows(written) == _rows(read) and written.totals == read.totals and written.warnings == read.warnings


def _deep(depth):
    """A chain of `depth` ReLUs, each one's input added back after all of them, innermost first: joins
    nested `depth` deep, past the 100 levels a spec may nest (--max-nesting)."""
    from onnx import TensorProto, helper

    nodes = [helper.make_node("Relu", [f"t{index - 1}" if index > 1 else "x"], [f"t{index}"], name=f"relu{index}")
             for index in range(1, depth + 1)]
    previous = f"t{depth}"
    for index in range(depth, 0, -1):
        nodes.append(helper.make_node("Add", [previous, f"t{index - 1}" if index > 1 else "x"], [f"s{index}"],
                                      name=f"add{index}"))
        previous = f"s{index}"
    graph = helper.make_graph(nodes, "deep", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 4])],
                              [helper.make_tensor_value_info(previous, TensorProto.FLOAT, None)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])


def test_what_would_nest_too_deep_or_counts_only_at_some_sizes_is_written_as_read(run, tmp_path):
    """Nested, the deep model would pass the nesting a spec may have; an open-sized model whose joins
    line up at some sizes only cannot be checked at one: both are written in the graph form they were
    read in, and read back as the model."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    onnx.save(_deep(500), str(tmp_path / "deep.onnx"))
    nodes = [helper.make_node("MaxPool", [f"m{index - 1}" if index else "x"], [f"m{index}"], name=f"pool{index}",
                              kernel_shape=[2, 2], strides=[2, 2]) for index in range(6)]
    nodes += [helper.make_node("Resize", ["m5", "", "scales"], ["u"], name="up", mode="nearest"),
              helper.make_node("Add", ["u", "m4"], ["y"], name="add")]
    graph = helper.make_graph(nodes, "open", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, "H", "W"])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
                              [helper.make_tensor("scales", TensorProto.FLOAT, [4], [1, 1, 2, 2])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)]), str(tmp_path / "open.onnx"))
    for name, sizes in (("deep", []), ("open", ["--set", "height=64", "--set", "width=64"])):
        code, _, err = run("import", str(tmp_path / f"{name}.onnx"), "-o", str(tmp_path / f"{name}.yaml"))
        assert (code, err) == (0, ""), name
        assert "from:" in (tmp_path / f"{name}.yaml").read_text(encoding="utf-8")
        assert run("analyze", str(tmp_path / f"{name}.yaml"), *sizes)[0] == 0
