"""ONNX models read without the framework and without their weights: torchvision's networks as
torch.onnx.export writes them (tests/fixtures/onnx/make.py; the weights' data files left out), and
small graphs built here with onnx.helper, each counted by hand."""
import json
import sys
from math import prod

import pytest

onnx = pytest.importorskip("onnx", reason="the onnx extra (pip install '.[test]' installs it)")
from onnx import TensorProto, helper  # noqa: E402

from cnncalc import api  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "onnx"
FIGURES = json.loads((FIXTURES / "figures.json").read_text(encoding="utf-8"))["models"]
KERAS = json.loads((ROOT / "tests" / "fixtures" / "keras" / "figures.json").read_text(encoding="utf-8"))["models"]


def _macs_elsewhere(name):
    """cnncalc's preset of the network; for DenseNet-121 Keras' DenseNet121, the same network (Huang et
    al. 2017), its multiply-adds by hand formula on Keras' shapes; for ShuffleNet V2 (no preset, nor
    in Keras) torch's own count (figures.json)."""
    if name == "densenet121":
        return KERAS["DenseNet121"]["macs"]
    if name == "shufflenet_v2_x1_0":
        return FIGURES[name]["torch_macs"]
    return api.preset(name).totals.macs


@pytest.mark.parametrize("name", list(FIGURES))
def test_a_torchvision_export_counts_what_its_file_holds(name):
    """Folded (torch.onnx.export's default): each batchnorm's scale in the convolution's weights and
    its shift a new bias, so ResNet-50's file holds 25,530,472 parameters against torchvision's
    25,557,032. Unfolded (do_constant_folding=False): every BatchNormalization node kept, the file's
    parameters torchvision's count plus the running statistics. MACs: torch's FlopCounterMode, halved,
    and cnncalc's preset of the network where it has one."""
    figures = FIGURES[name]
    (folded,) = api.analyze(str(FIXTURES / f"{name}.onnx"))
    (unfolded,) = api.analyze(str(FIXTURES / f"{name}-unfolded.onnx"))
    assert folded.totals.params + folded.totals.non_trainable == figures["folded_file_params"]
    assert unfolded.totals.params + unfolded.totals.non_trainable == figures["unfolded_file_params"]
    assert unfolded.totals.params == figures["torchvision_params"]
    assert folded.totals.macs == unfolded.totals.macs == _macs_elsewhere(name) == figures["torch_macs"]
    assert folded.output_shape == (1000,)


def test_the_figures_the_issue_quotes():
    assert (FIGURES["resnet50"]["folded_file_params"], FIGURES["resnet50"]["torchvision_params"]) == \
        (25_530_472, 25_557_032)


def _model(nodes, inputs, outputs, initializers=(), opset=17):
    graph = helper.make_graph(nodes, "small", inputs, outputs, list(initializers))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="a test")


def _weights(name, *dims):
    return helper.make_tensor(name, TensorProto.FLOAT, dims, [0.0] * prod(dims))


def _input(*dims):
    return helper.make_tensor_value_info("x", TensorProto.FLOAT, list(dims))


def _output(name="y"):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, None)


def _analyze(model, tmp_path, name="model.onnx"):
    path = tmp_path / name
    onnx.save(model, str(path))
    (report,) = api.analyze(str(path))
    return report


def test_convolutions_pools_and_dense_by_hand(tmp_path):
    """NCHW in, channels last out. A 3×3 conv, pads 1, 3 → 8 with bias: 3·3·3·8 + 8 = 224 params,
    32·32·8 · 27 = 221,184 MACs; a grouped 3×3 stride 2 (groups 2), 8 → 8: 3·3·4·8 = 288 weights,
    16·16·8 · 36 = 73,728 MACs; max pool 2; clip to 0..6; global mean over H and W; flatten; Gemm
    with transB to 10: 8·10 + 10 = 90 params, 80 MACs."""
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["c1", "w2"], ["c2"], name="conv2", kernel_shape=[3, 3], strides=[2, 2],
                         pads=[1, 1, 1, 1], group=2),
        helper.make_node("MaxPool", ["c2"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Clip", ["p", "low", "high"], ["r"], name="relu6"),
        helper.make_node("ReduceMean", ["r", "axes"], ["m"], name="mean", keepdims=1),
        helper.make_node("Flatten", ["m"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "w3", "b3"], ["y"], name="fc", transB=1),
    ]
    initializers = [_weights("w1", 8, 3, 3, 3), _weights("b1", 8), _weights("w2", 8, 4, 3, 3), _weights("w3", 10, 8),
                    _weights("b3", 10), helper.make_tensor("low", TensorProto.FLOAT, [], [0.0]),
                    helper.make_tensor("high", TensorProto.FLOAT, [], [6.0]),
                    helper.make_tensor("axes", TensorProto.INT64, [2], [2, 3])]
    report = _analyze(_model(nodes, [_input(1, 3, 32, 32)], [_output()], initializers, opset=18), tmp_path)
    assert report.input_shape == (32, 32, 3)
    assert [layer.kind for layer in report.layers] == ["conv", "conv", "maxpool", "relu6", "global_avgpool", "flatten",
                                                        "dense"]
    assert [layer.params for layer in report.layers] == [224, 288, 0, 0, 0, 0, 90]
    assert report.totals.macs == 221_184 + 73_728 + 80
    assert report.layers[3].output_shape == (8, 8, 8) and report.output_shape == (10,)


def test_joins_splits_and_what_only_computes_shapes(tmp_path):
    """Split into 4 + 4 channels, a 1×1 conv on one (4·4 = 16 weights), concatenated, added to the
    input, multiplied by a sigmoid of itself (SiLU, as torch exports it), reshaped to [1, -1] by a shape
    computed from the tensor (Shape, Gather, Concat: not layers)."""
    nodes = [
        helper.make_node("Split", ["x", "sizes"], ["a", "b"], name="split", axis=1),
        helper.make_node("Conv", ["b", "w"], ["bc"], name="conv", kernel_shape=[1, 1]),
        helper.make_node("Concat", ["a", "bc"], ["j"], name="join", axis=1),
        helper.make_node("Add", ["j", "x"], ["s"], name="sum"),
        helper.make_node("Sigmoid", ["s"], ["g"], name="gate"),
        helper.make_node("Mul", ["g", "s"], ["silu"], name="silu"),
        helper.make_node("Shape", ["silu"], ["shape"], name="shape"),
        helper.make_node("Gather", ["shape", "zero"], ["batch"], name="batch", axis=0),
        helper.make_node("Unsqueeze", ["batch", "zero_axis"], ["batch1"], name="unsqueeze"),
        helper.make_node("Concat", ["batch1", "minus_one"], ["target"], name="target", axis=0),
        helper.make_node("Reshape", ["silu", "target"], ["y"], name="reshape"),
    ]
    initializers = [helper.make_tensor("sizes", TensorProto.INT64, [2], [4, 4]), _weights("w", 4, 4, 1, 1),
                    helper.make_tensor("zero", TensorProto.INT64, [], [0]),
                    helper.make_tensor("zero_axis", TensorProto.INT64, [1], [0]),
                    helper.make_tensor("minus_one", TensorProto.INT64, [1], [-1])]
    report = _analyze(_model(nodes, [_input(1, 8, 6, 6)], [_output()], initializers), tmp_path)
    assert [layer.kind for layer in report.layers] == ["channel_slice", "channel_slice", "conv", "concat", "add",
                                                        "sigmoid", "multiply", "flatten"]
    assert report.totals.params == 16 and report.totals.macs == 6 * 6 * 4 * 4
    assert report.output_shape == (6 * 6 * 8,)


def test_an_initializer_stored_once_counts_at_each_use(tmp_path):
    """Two convolutions whose equal zero biases the exporter stored once, behind Identity nodes: each
    bias is its layer's own (4 + 4), as torch counts them."""
    nodes = [helper.make_node("Identity", ["bias"], ["bias_a"], name="id_a"),
             helper.make_node("Identity", ["bias"], ["bias_b"], name="id_b"),
             helper.make_node("Conv", ["x", "w1", "bias_a"], ["c"], name="a", kernel_shape=[1, 1]),
             helper.make_node("Conv", ["c", "w2", "bias_b"], ["y"], name="b", kernel_shape=[1, 1])]
    report = _analyze(_model(nodes, [_input(1, 4, 5, 5)], [_output()],
                             [_weights("w1", 4, 4, 1, 1), _weights("w2", 4, 4, 1, 1), _weights("bias", 4)]), tmp_path)
    assert [layer.params for layer in report.layers] == [16 + 4, 16 + 4]


def test_a_layer_run_twice_counts_its_weights_once(tmp_path):
    """One convolution applied twice reads the same weights twice: torch counts 4·4 + 4 = 20
    parameters, and the work is done twice (2 · 5·5·4·4 = 800 MACs)."""
    nodes = [helper.make_node("Conv", ["x", "w", "b"], ["c"], name="/conv/Conv", kernel_shape=[1, 1]),
             helper.make_node("Conv", ["c", "w", "b"], ["y"], name="/conv_1/Conv", kernel_shape=[1, 1])]
    report = _analyze(_model(nodes, [_input(1, 4, 5, 5)], [_output()], [_weights("w", 4, 4, 1, 1), _weights("b", 4)]),
                      tmp_path)
    assert (report.totals.params, report.totals.macs) == (20, 800)
    assert report.layers[1].shared_with == report.layers[0].path


def _error(run, path):
    code, out, err = run("analyze", str(path))
    assert (code, out) == (2, "") and len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_what_cannot_be_read_is_one_located_line(run, tmp_path):
    unknown = _model([helper.make_node("Einsum", ["x", "x"], ["y"], name="mystery", equation="ij,jk->ik")],
                     [_input(1, 4)], [_output()])
    onnx.save(unknown, str(tmp_path / "unknown.onnx"))
    assert "ONNX node `mystery` (Einsum): cnncalc does not know this operator" in _error(run, tmp_path / "unknown.onnx")
    dynamic = _model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                     [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, "height", "width"])], [_output()])
    onnx.save(dynamic, str(tmp_path / "dynamic.onnx"))
    code, _, err = run("analyze", str(tmp_path / "dynamic.onnx"))
    assert code == 2 and len(err.splitlines()) == 1  # an export with dynamic_axes: --set gives them
    assert "needs values for its args `height` and `width`" in err
    code, out, _ = run("analyze", str(tmp_path / "dynamic.onnx"), "--set", "height=32", "--set", "width=24",
                       "--format", "json")
    assert code == 0 and json.loads(out)["output_shape"] == [32, 24, 3]
    ancient = _model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [_input(1, 3, 4, 4)], [_output()], opset=5)
    onnx.save(ancient, str(tmp_path / "ancient.onnx"))
    assert "has opset 5; cnncalc reads opsets 7 to 23" in _error(run, tmp_path / "ancient.onnx")
    truncated = tmp_path / "truncated.onnx"
    truncated.write_bytes((FIXTURES / "resnet50.onnx").read_bytes()[:5000])
    assert "is not an ONNX model" in _error(run, truncated)
    json_file = tmp_path / "keras.onnx"
    json_file.write_text('{"class_name": "Functional"}', encoding="utf-8")
    assert "is JSON, not an ONNX model" in _error(run, json_file)


def test_without_the_onnx_package_it_says_what_to_install(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)
    assert "pip install 'cnncalc[onnx]'" in _error(run, FIXTURES / "resnet50.onnx")


def test_the_cli_reads_an_onnx_file_as_a_spec(run):
    code, out, err = run("compare", str(FIXTURES / "resnet50-unfolded.onnx"), "resnet50", "--format", "json")
    assert code == 0 and err == ""
    specs = json.loads(out)["specs"]
    assert specs[0]["totals"]["params"] == specs[1]["totals"]["params"] == 25_557_032
    assert specs[0]["totals"]["macs"] == specs[1]["totals"]["macs"] == 4_089_184_256


def test_a_large_weight_is_never_read(tmp_path):
    """Only the dimensions of a weight larger than 1 KiB are read, so a model of any size reads as fast as
    its graph: here a 4 MiB weight of a dense layer, 1,048,576 values (1024 · 1024 + 1024 bias)."""
    from cnncalc.readers.onnx import read_model

    weight = helper.make_tensor("w", TensorProto.FLOAT, [1024, 1024], vals=bytes(4 * 1024 * 1024), raw=True)
    nodes = [helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="fc", transB=1)]
    model = _model(nodes, [_input(1, 1024)], [_output()], [weight, _weights("b", 1024)])
    path = tmp_path / "large.onnx"
    onnx.save(model, str(path))
    read = read_model(str(path))
    assert [(item.name, list(item.dims), len(item.raw_data)) for item in read.graph.initializer] == \
        [("w", [1024, 1024], 0), ("b", [1024], 0)]  # the bias's 1,024 values are in float_data, 4 KiB: left out too
    (report,) = api.analyze(str(path))
    assert report.totals.params == 1024 * 1024 + 1024


def test_a_bias_added_after_a_matmul_is_the_layer_s_bias(tmp_path):
    """torch exports a Linear on a 3-axis tensor as MatMul then Add of the bias: one dense layer of
    16·32 + 32 = 544 params, at each of the 10 positions: 10 · 16 · 32 = 5,120 MACs."""
    nodes = [helper.make_node("MatMul", ["x", "w"], ["m"], name="/fc/MatMul"),
             helper.make_node("Add", ["b", "m"], ["y"], name="/fc/Add")]
    model = _model(nodes, [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 10, 16])], [_output()],
                   [_weights("w", 16, 32), _weights("b", 32)])
    report = _analyze(model, tmp_path)
    assert [(layer.kind, layer.params, layer.macs) for layer in report.layers] == [("dense", 544, 5_120)]


def test_what_torch_s_dynamo_exporter_writes(tmp_path):
    """torch.onnx.export's default since torch 2.9 means over axes [-1, -2] (as keepdims), and a hard
    sigmoid written out adds and divides by numbers: global pooling, and no layer for the numbers."""
    nodes = [helper.make_node("Add", ["x", "three"], ["shifted"], name="node_add"),
             helper.make_node("Relu", ["shifted"], ["r"], name="node_relu"),
             helper.make_node("Div", ["r", "six"], ["h"], name="node_div"),
             helper.make_node("ReduceMean", ["h", "axes"], ["y"], name="node_mean", keepdims=1)]
    initializers = [helper.make_tensor("three", TensorProto.FLOAT, [], [3.0]),
                    helper.make_tensor("six", TensorProto.FLOAT, [], [6.0]),
                    helper.make_tensor("axes", TensorProto.INT64, [2], [-1, -2])]
    report = _analyze(_model(nodes, [_input(1, 8, 7, 7)], [_output()], initializers, opset=18), tmp_path)
    assert [layer.kind for layer in report.layers] == ["relu", "global_avgpool"]
    assert report.output_shape == (1, 1, 8)


def test_a_file_damaged_past_what_the_reader_checks_is_one_line(run, tmp_path):
    """A pad of infinity, a name that is not UTF-8: one located line and exit 2, never a traceback."""
    nodes = [helper.make_node("Pad", ["x", "pads"], ["y"], name="pad")]
    pads = helper.make_tensor("pads", TensorProto.FLOAT, [8], [0, 0, float("inf"), 1, 0, 0, 1, 1])
    onnx.save(_model(nodes, [_input(1, 3, 8, 8)], [_output()], [pads]), str(tmp_path / "inf.onnx"))
    assert "inf.onnx: is not an ONNX model cnncalc can read" in _error(run, tmp_path / "inf.onnx")


def test_a_graph_that_branches_or_loops_is_refused(run, tmp_path):
    branch = helper.make_graph([helper.make_node("Relu", ["x"], ["z"])], "then", [], [_output("z")])
    nodes = [helper.make_node("If", ["cond"], ["y"], name="choose", then_branch=branch, else_branch=branch)]
    condition = helper.make_tensor("cond", TensorProto.BOOL, [], [True])
    onnx.save(_model(nodes, [_input(1, 3, 8, 8)], [_output()], [condition]), str(tmp_path / "if.onnx"))
    assert "ONNX node `choose` (If): holds graphs of its own" in _error(run, tmp_path / "if.onnx")


def test_unknown_operators_are_gone_past_with_unknown_zero(run, tmp_path):
    """DepthToSpace (blocksize 2) and ConvInteger are operators cnncalc does not read. With --unknown
    zero each is a row of kind uncounted: its output shape as ONNX's shape inference gives it
    (8×8×16 → 16×16×4 in channels last), as parameters the weights the file holds for it (ConvInteger's
    4·2·1·1 = 8), its work not counted; the warning names both; no receptive field past the first. The convs around them count as ever:
    3·3·3·16 + 16 = 448 params, 8·8·16 · 27 = 27,648 MACs; 1·1·4·2 + 2 = 10 params, 16·16·2 · 4 = 2,048."""
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("DepthToSpace", ["c1"], ["d"], name="to_space", blocksize=2),
        helper.make_node("Conv", ["d", "w2", "b2"], ["c2"], name="conv2", kernel_shape=[1, 1]),
        helper.make_node("Cast", ["c2"], ["q"], name="to_int", to=TensorProto.UINT8),
        helper.make_node("ConvInteger", ["q", "w3"], ["y"], name="quantized", kernel_shape=[1, 1]),
    ]
    initializers = [_weights("w1", 16, 3, 3, 3), _weights("b1", 16), _weights("w2", 2, 4, 1, 1), _weights("b2", 2),
                    helper.make_tensor("w3", TensorProto.UINT8, [4, 2, 1, 1], [0] * 8)]
    path = tmp_path / "unknown.onnx"
    result = helper.make_tensor_value_info("y", TensorProto.INT32, None)
    onnx.save(_model(nodes, [_input(1, 3, 8, 8)], [result], initializers), str(path))
    code, out, err = run("analyze", str(path))
    assert (code, out) == (2, "") and "ONNX node `to_space` (DepthToSpace): cnncalc does not know" in err
    code, out, err = run("analyze", str(path), "--unknown", "zero", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    rows = {row["path"]: row for row in document["layers"]}
    assert [row["kind"] for row in document["layers"]] == ["conv", "uncounted", "conv", "uncounted", "uncounted"]
    assert rows["to_space"]["output_shape"] == [16, 16, 4] and rows["to_space"]["params"] == 0
    assert rows["quantized"]["params"] == 8 and rows["quantized"]["macs"] == 0
    assert document["totals"]["params"] == 448 + 10 + 8 and document["totals"]["macs"] == 27_648 + 2_048
    (warning,) = [text for text in document["warnings"] if "not counted" in text]
    assert "to_space (output 16×16×4)" in warning and "quantized (output 16×16×4)" in warning
    assert rows["conv1"]["receptive_field"]["size"] == [3, 3]
    assert [rows[path]["receptive_field"] for path in ("to_space", "conv2", "quantized")] == [None] * 3


def test_an_unknown_operator_without_a_size_stops_the_reading(run, tmp_path):
    """An operator of a domain of its own: ONNX's shape inference knows nothing of it, so nothing says
    what comes out, and even --unknown zero cannot go on."""
    node = helper.make_node("Mystery", ["x"], ["y"], name="custom", domain="example.ops")
    model = helper.make_model(helper.make_graph([node], "small", [_input(1, 3, 8, 8)], [_output()]),
                              opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("example.ops", 1)])
    path = tmp_path / "custom.onnx"
    onnx.save(model, str(path))
    code, out, err = run("analyze", str(path), "--unknown", "zero")
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert "ONNX node `custom` (Mystery)" in err and "gives no size of its output" in err


def _ints(name, values):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)


def test_a_channel_shuffle_and_sizes_torch_computes_from_shapes(tmp_path):
    """ShuffleNet's channel shuffle as torch exports it (Zhang et al. 2018): a Reshape to [N, g, C/g, H, W],
    a Transpose of axes 1 and 2, a Reshape back, one channel_shuffle of 2 groups. Then what torch writes
    with sizes from x.size(): `x[:, : x.size(1) // 2]` (Shape, Gather, Div, Unsqueeze, Slice) a
    channel_slice of channels 0 to 4; F.interpolate(size=(16, 16)) with the batch and channels from
    Shape, an upsample to 16×16; x.mean([2, 3]) (keepdims 0) a global pooling and a flatten."""
    nodes = [
        helper.make_node("Conv", ["x", "w1"], ["c1"], name="conv1", kernel_shape=[1, 1]),
        helper.make_node("Reshape", ["c1", "grouped"], ["r1"], name="view"),
        helper.make_node("Transpose", ["r1"], ["t"], name="swap", perm=[0, 2, 1, 3, 4]),
        helper.make_node("Reshape", ["t", "back"], ["s"], name="view_back"),
        helper.make_node("Shape", ["s"], ["shape"], name="shape"),
        helper.make_node("Gather", ["shape", "index"], ["channels"], name="gather", axis=0),
        helper.make_node("Div", ["channels", "two"], ["half"], name="div"),
        helper.make_node("Unsqueeze", ["half", "zero"], ["end"], name="unsqueeze"),
        helper.make_node("Slice", ["s", "zero", "end", "one"], ["left"], name="left"),
        helper.make_node("Shape", ["left"], ["left_shape"], name="left_shape"),
        helper.make_node("Slice", ["left_shape", "zero", "two_of"], ["batch_channels"], name="slice_shape"),
        helper.make_node("Concat", ["batch_channels", "size"], ["sizes"], name="sizes", axis=0),
        helper.make_node("Resize", ["left", "", "", "sizes"], ["up"], name="interpolate", mode="nearest"),
        helper.make_node("ReduceMean", ["up", "spatial"], ["y"], name="mean", keepdims=0),
    ]
    initializers = [_weights("w1", 8, 8, 1, 1), _ints("grouped", [1, 2, 4, 4, 4]), _ints("back", [1, 8, 4, 4]),
                    helper.make_tensor("index", TensorProto.INT64, [], [1]), _ints("one", [1]),
                    helper.make_tensor("two", TensorProto.INT64, [], [2]), _ints("two_of", [2]), _ints("zero", [0]),
                    _ints("size", [16, 16]),
                    _ints("spatial", [2, 3])]
    report = _analyze(_model(nodes, [_input(1, 8, 4, 4)], [_output()], initializers, opset=18), tmp_path)
    assert [layer.kind for layer in report.layers] == ["conv", "channel_shuffle", "channel_slice", "upsample",
                                                        "global_avgpool", "flatten"]
    assert [layer.output_shape for layer in report.layers][1:] == [(4, 4, 8), (4, 4, 4), (16, 16, 4), (1, 1, 4), (4,)]


def test_a_reshape_and_transpose_that_are_no_channel_shuffle_are_refused(run, tmp_path):
    nodes = [helper.make_node("Reshape", ["x", "grouped"], ["r1"], name="view"),
             helper.make_node("Transpose", ["r1"], ["y"], name="swap", perm=[0, 1, 2, 4, 3])]
    model = _model(nodes, [_input(1, 8, 4, 4)], [_output()], [_ints("grouped", [1, 2, 4, 4, 4])])
    onnx.save(model, str(tmp_path / "layout.onnx"))
    assert "ONNX node `swap` (Transpose): changes the layout of the network's tensor" in \
        _error(run, tmp_path / "layout.onnx")


def test_a_slice_to_the_end_or_from_it_is_clamped_as_onnx_clamps_it(tmp_path):
    """x[:, 5:] exports an end of 2⁶³ − 1 and x[:, -2:] a start of −2; on 8 channels ONNX clamps them
    to channels 5 to 8 and 6 to 8 (the Slice operator's definition)."""
    nodes = [helper.make_node("Slice", ["x", "five", "end", "axis"], ["a"], name="tail"),
             helper.make_node("Slice", ["x", "minus_two", "end", "axis"], ["b"], name="last_two"),
             helper.make_node("Concat", ["a", "b"], ["y"], name="join", axis=1)]
    initializers = [_ints("five", [5]), _ints("minus_two", [-2]), _ints("end", [2**63 - 1]), _ints("axis", [1])]
    report = _analyze(_model(nodes, [_input(1, 8, 4, 4)], [_output()], initializers), tmp_path)
    assert [(layer.kind, layer.output_shape) for layer in report.layers] == \
        [("channel_slice", (4, 4, 3)), ("channel_slice", (4, 4, 2)), ("concat", (4, 4, 5))]


def test_shape_arithmetic_is_folded_as_onnx_computes_it(run, tmp_path):
    """Cast to an integer goes toward zero, as ONNX's Cast does: 8 channels × 0.3 = 2.4 → 2, × 3 = 6,
    so `x[:, :6]`. A Resize that keeps an aspect ratio, or resizes some axes only, is refused: its
    output is not the sizes it is given."""
    nodes = [helper.make_node("Shape", ["x"], ["shape"], name="shape"),
             helper.make_node("Gather", ["shape", "one"], ["channels"], name="gather", axis=0),
             helper.make_node("Cast", ["channels"], ["real"], name="to_real", to=TensorProto.FLOAT),
             helper.make_node("Mul", ["real", "fraction"], ["part"], name="part"),
             helper.make_node("Cast", ["part"], ["whole"], name="to_int", to=TensorProto.INT64),
             helper.make_node("Mul", ["whole", "three"], ["end"], name="end"),
             helper.make_node("Slice", ["x", "zero", "end", "one"], ["y"], name="slice")]
    initializers = [_ints("one", [1]), _ints("zero", [0]), _ints("three", [3]),
                    helper.make_tensor("fraction", TensorProto.FLOAT, [1], [0.3])]
    report = _analyze(_model(nodes, [_input(1, 8, 4, 4)], [_output()], initializers), tmp_path)
    assert [(layer.kind, layer.output_shape) for layer in report.layers] == [("channel_slice", (4, 4, 6))]
    resize = helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], name="fit", keep_aspect_ratio_policy="not_larger")
    model = _model([resize], [_input(1, 8, 4, 4)], [_output()], [_ints("sizes", [1, 8, 16, 8])], opset=18)
    onnx.save(model, str(tmp_path / "fit.onnx"))
    assert "ONNX node `fit` (Resize): resizes some axes only, or keeps an aspect ratio" in _error(run, tmp_path / "fit.onnx")


def test_an_unknown_operator_counts_no_shape_or_index_as_its_weights(run, tmp_path):
    """Tile's `repeats` is an int64 tensor of the file's: what it computes with, not a weight."""
    nodes = [helper.make_node("GlobalAveragePool", ["x"], ["p"], name="pool"),
             helper.make_node("Tile", ["p", "repeats"], ["y"], name="tile")]
    path = tmp_path / "tile.onnx"
    onnx.save(_model(nodes, [_input(1, 8, 4, 4)], [_output()], [_ints("repeats", [1, 1, 2, 2])]), str(path))
    code, out, _ = run("analyze", str(path), "--unknown", "zero", "--format", "json")
    rows = json.loads(out)["layers"]
    assert code == 0 and (rows[-1]["kind"], rows[-1]["output_shape"], rows[-1]["params"]) == ("uncounted", [2, 2, 8], 0)


def test_compare_and_sweep_say_what_they_do_not_count(run, tmp_path):
    """A model whose input size is open, with an operator cnncalc does not know after its pooling:
    every point of a sweep holds it, and the sweep says so; a comparison gives the model's warning."""
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", kernel_shape=[3, 3]),
             helper.make_node("GlobalAveragePool", ["c"], ["p"], name="pool"),
             helper.make_node("Celu", ["p"], ["y"], name="celu")]
    path = tmp_path / "open.onnx"
    graph_input = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, "height", "width"])
    onnx.save(_model(nodes, [graph_input], [_output()], [_weights("w", 4, 3, 3, 3)]), str(path))
    code, out, err = run("sweep", str(path), "--set", "height=32,64", "--set", "width=32", "--unknown", "zero",
                         "--format", "markdown")
    assert code == 0, err
    assert "warning: 1 layer cnncalc does not know is in each network, its work not counted" in out
    code, out, err = run("compare", str(path), str(path), "--set", "height=32", "--set", "width=32", "--unknown", "zero")
    assert code == 0 and "not counted, as cnncalc does not know it: celu (output 1×1×4)" in \
        " ".join(out.split()), err


@pytest.mark.parametrize("bound", [float("inf"), float("nan"), 1e30])
def test_shape_arithmetic_past_what_a_float_holds_is_not_followed(run, tmp_path, bound):
    """A slice bound made of an infinity, a NaN or a number past 2⁵³ (1e30) is no size: one located line."""
    nodes = [helper.make_node("Cast", ["bound"], ["end"], name="cast", to=TensorProto.INT64),
             helper.make_node("Slice", ["x", "zero", "end", "one"], ["y"], name="slice")]
    initializers = [helper.make_tensor("bound", TensorProto.FLOAT, [1], [bound]), _ints("zero", [0]), _ints("one", [1])]
    onnx.save(_model(nodes, [_input(1, 8, 4, 4)], [_output()], initializers), str(tmp_path / "bound.onnx"))
    assert "ONNX node `slice` (Slice): cnncalc reads a slice of the channels" in _error(run, tmp_path / "bound.onnx")
