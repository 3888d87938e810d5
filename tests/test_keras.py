"""Keras models read from their config, without Keras: the applications as Keras 3.15 saves them
(tests/fixtures/keras/make.py made the files and recorded what Keras itself counts, in
figures.json), a .keras file with a nested model called twice, a shared layer and a frozen one, and
Keras 2 (tf.keras) configs written as tf.keras 2 writes them, counted by hand."""
import gzip
import json
import zipfile

import pytest

from cnncalc import api
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "keras"
FIGURES = json.loads((FIXTURES / "figures.json").read_text(encoding="utf-8"))
APPLICATIONS = [name for name in FIGURES["models"] if not name.endswith(".keras") and not name.startswith("unknown_")]


@pytest.fixture
def model_file(tmp_path):
    """A fixture's config as the file a user has: model.to_json() written out."""
    def unpacked(name: str):
        path = tmp_path / f"{name}.json"
        path.write_bytes(gzip.decompress((FIXTURES / f"{name}.json.gz").read_bytes()))
        return path
    return unpacked


def _keras_counts(report):
    """What Keras prints: count_params(), trainable and non-trainable. Keras counts a batchnorm's
    running statistics and a frozen layer's weights as non-trainable."""
    totals = report.totals
    return {"count_params": totals.params + totals.non_trainable, "trainable": totals.params - totals.frozen,
            "non_trainable": totals.non_trainable + totals.frozen}


@pytest.mark.parametrize("name", APPLICATIONS)
def test_a_keras_application_counts_as_keras_does(name, model_file):
    """Keras 3.15 (figures.json): ResNet50 25,636,712 params, 53,120 of them non-trainable; MobileNet
    4,253,864; Xception 22,910,480. MACs: each conv, depthwise, separable and dense layer's formula
    on the shapes Keras gives it, summed (make.py)."""
    (report,) = api.analyze(str(model_file(name)))
    keras = FIGURES["models"][name]
    assert _keras_counts(report) == {key: keras[key] for key in ("count_params", "trainable", "non_trainable")}
    assert report.totals.macs == keras["macs"]
    assert list(report.output_shape) == keras["output_shape"]


def test_the_figures_the_issue_quotes():
    models = FIGURES["models"]
    assert (models["ResNet50"]["count_params"], models["ResNet50"]["non_trainable"]) == (25_636_712, 53_120)
    assert (models["MobileNet"]["count_params"], models["Xception"]["count_params"]) == (4_253_864, 22_910_480)


def test_a_keras_model_and_the_preset_of_the_same_network_agree(model_file):
    """Keras' MobileNetV2 and cnncalc's mobilenet_v2 preset (torchvision's, Sandler et al. 2018): the same
    weights, the same 300,774,272 multiply-adds."""
    (keras,) = api.analyze(str(model_file("MobileNetV2")))
    preset = api.preset("mobilenet_v2")
    assert (keras.totals.params, keras.totals.macs) == (preset.totals.params, preset.totals.macs) == (3_504_872, 300_774_272)


def test_a_keras_file_with_a_nested_model_called_twice_and_shared_and_frozen_layers():
    """siamese.keras (make.py): a tower (a Sequential) run on both inputs, a Dense run on both towers'
    outputs, a frozen 1×1 convolution. Weights count once, work each time: the tower's conv is
    26·26·8 · 3·3·1 = 48,672 MACs a call."""
    (report,) = api.analyze(str(FIXTURES / "siamese.keras"))
    keras = FIGURES["models"]["siamese.keras"]
    assert _keras_counts(report) == {key: keras[key] for key in ("count_params", "trainable", "non_trainable")}
    assert report.totals.macs == keras["macs"] == 2 * 48_672 + 2 * 8 * 16 + 28 * 28 * 4 + 36
    shared = {layer.path: layer.shared_with for layer in report.layers
              if layer.shared_with and (layer.counts.weights or layer.counts.other_params)}
    assert shared == {"tower_2/conv2d_2": "tower/conv2d", "tower_2/batch_normalization_2": "tower/batch_normalization",
                      "shared_2": "shared"}
    assert [layer.path for layer in report.layers if not layer.trainable] == ["frozen"]


def test_keras_2_configs_counted_by_hand():
    """tf.keras 2's format: inbound nodes as [layer, node, tensor, kwargs] lists, batch_input_shape."""
    (functional,) = api.analyze(str(FIXTURES / "keras2-functional.json"))
    # conv 3·3·3·16 + 16 = 448; batchnorm 2·16 trained + 2·16 kept; conv 3·3·16·16 + 16 = 2,320; dense 16·10 + 10 = 170
    assert _keras_counts(functional) == {"count_params": 448 + 64 + 2_320 + 170, "trainable": 448 + 32 + 2_320 + 170,
                                         "non_trainable": 32}
    assert functional.totals.macs == 32 * 32 * 16 * 27 + 32 * 32 * 16 * 144 + 16 * 10
    assert functional.output_shape == (10,)
    (sequential,) = api.analyze(str(FIXTURES / "keras2-sequential.json"))
    # a 5×5 stride-2 conv to 8 on 28×28×1 gives 12×12×8: 5·5·8 + 8 = 208 params, 12·12·8·25 = 28,800 MACs;
    # flattened to 1,152, then dense to 10: 11,530 params, 11,520 MACs
    assert (sequential.totals.params, sequential.totals.macs) == (208 + 11_530, 28_800 + 11_520)


def test_the_cli_reads_a_model_as_it_reads_a_spec(run, model_file):
    path = str(model_file("ResNet50"))
    code, out, err = run("analyze", path, "--format", "json")
    assert code == 0 and err == ""
    assert json.loads(out)["totals"]["params"] == 25_636_712 - 53_120
    code, out, _ = run("compare", path, "resnet50-v1", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 3
    code, out, _ = run("conventions", path)
    assert code == 0 and "Keras" in out


def _error(run, path):
    code, out, err = run("analyze", str(path))
    assert (code, out) == (2, "") and "Traceback" not in err, err
    assert len(err.splitlines()) == 1 or all(line.startswith("cnncalc: error: ") for line in err.splitlines()), err
    return err


def test_a_file_that_is_not_a_model_says_what_it_is(run, tmp_path):
    broken = tmp_path / "model.json"
    broken.write_text('{"class_name": "Functional", "config": {"layers": [', encoding="utf-8")
    assert "is not valid JSON (line 1" in _error(run, broken)
    other = tmp_path / "other.json"
    other.write_text('{"class_name": "Adam", "config": {"learning_rate": 0.001}}', encoding="utf-8")
    assert "is not a Keras model's config (its class is Adam" in _error(run, other)
    fake = tmp_path / "model.keras"
    fake.write_bytes(b"PK\x03\x04 this is no zip")
    assert "is not a .keras file" in _error(run, fake)
    empty = tmp_path / "empty.keras"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("metadata.json", "{}")
    assert "without config.json" in _error(run, empty)
    truncated = tmp_path / "cut.keras"
    truncated.write_bytes((FIXTURES / "siamese.keras").read_bytes()[:3000])
    assert "is not a .keras file" in _error(run, truncated)
    h5 = tmp_path / "model.h5"
    h5.write_bytes(b"\x89HDF\r\n\x1a\n")
    assert "model.to_json() or a .keras file" in _error(run, h5)


def _with_layer(model_file, tmp_path, change):
    model = json.loads(model_file("MobileNet").read_text(encoding="utf-8"))
    change(model["config"]["layers"])
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    return path


def test_an_unknown_layer_is_named_never_counted_as_zero(run, model_file, tmp_path):
    def custom(layers):
        layers[5]["class_name"] = "MyAttention"
        layers[5]["registered_name"] = "custom>MyAttention"
    err = _error(run, _with_layer(model_file, tmp_path, custom))
    assert f"Keras layer `{json.loads(model_file('MobileNet').read_text())['config']['layers'][5]['name']}` (MyAttention)" in err
    assert "cnncalc does not know this layer" in err


def test_an_input_without_a_fixed_size_takes_one_from_set(run, tmp_path):
    """MobileNetV3Small as Keras builds it by default, its input ?×?×3: the sizes are the spec's args
    height and width, which --set gives; at 224×224 Keras' count_params() and the multiply-adds of
    figures.json (make.py built that one at 224)."""
    model = json.loads(gzip.decompress((FIXTURES / "MobileNetV3Small.json.gz").read_bytes()))
    model["config"]["layers"][0]["config"]["batch_shape"] = [None, None, None, 3]
    path = tmp_path / "open.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    assert "needs values for its args `height` and `width`: give them with --set height=VALUE --set width=VALUE" \
        in _error(run, path)
    code, out, _ = run("analyze", str(path), "--set", "height=224", "--set", "width=224", "--format", "json")
    totals = json.loads(out)["totals"]
    keras = FIGURES["models"]["MobileNetV3Small"]
    assert code == 0 and (totals["params"] + totals["non_trainable"], totals["macs"]) == (keras["count_params"],
                                                                                            keras["macs"])


def test_channels_first_is_refused(run, model_file, tmp_path):
    def first(layers):
        conv = next(layer for layer in layers if layer["class_name"] == "Conv2D")
        conv["config"]["data_format"] = "channels_first"
    assert "channels_first" in _error(run, _with_layer(model_file, tmp_path, first))


def test_a_json_spec_is_still_a_spec(run, tmp_path):
    """JSON is YAML: a spec written as JSON is read as a spec, not taken for a model."""
    spec = tmp_path / "spec.json"
    spec.write_text('{"input": "8x8x3", "layers": [{"conv": {"filters": 4, "kernel": 3}}]}', encoding="utf-8")
    code, out, _ = run("analyze", str(spec), "--format", "json")
    assert code == 0 and json.loads(out)["totals"]["params"] == 3 * 3 * 3 * 4 + 4


def test_a_keras_file_is_read_without_its_weights(tmp_path):
    """Only config.json is read: a .keras file whose weights are gone still counts."""
    lean = tmp_path / "lean.keras"
    with zipfile.ZipFile(FIXTURES / "siamese.keras") as source, zipfile.ZipFile(lean, "w") as target:
        for item in source.infolist():
            if item.filename == "model.weights.h5":
                continue
            target.writestr(item, source.read(item))
    (report,) = api.analyze(str(lean))
    assert report.totals.params + report.totals.non_trainable == FIGURES["models"]["siamese.keras"]["count_params"]


ODD_VALUES = [None, 0, -1, 1.5, "", "x", [], {}, [None], [1, 2, 3], {"a": 1}, True, 10**30, "same", [[1, 2]],
              {"class_name": "__keras_tensor__", "config": {"keras_history": ["nowhere", 0, 0]}}]


def _mutated(model, choices):
    """The config with a few values changed, dropped or repeated where `choices` (random numbers) say."""
    import copy

    model = copy.deepcopy(model)
    for choice in choices:
        node = model
        while True:
            keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
            if not keys:
                break
            key = keys[choice % len(keys)]
            choice //= len(keys) or 1
            action = choice % 5
            choice //= 5
            if action == 0:
                node[key] = ODD_VALUES[choice % len(ODD_VALUES)]
                break
            if action == 1:
                del node[key]
                break
            node = node[key]
    return model


@pytest.mark.parametrize("name", ["MobileNet", "ConvNeXtTiny"])
def test_a_damaged_config_is_an_error_never_a_crash(name, model_file, tmp_path):
    """Values changed and keys dropped anywhere in a real config: a located SpecError or a count."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cnncalc import SpecError
    from cnncalc.readers.keras import spec_of
    from cnncalc.spec import from_dict

    model = json.loads(model_file(name).read_text(encoding="utf-8"))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.integers(min_value=0, max_value=2**62), min_size=1, max_size=4))
    def check(choices):
        try:
            from_dict(spec_of(_mutated(model, choices), "model.json"), "model.json")
        except SpecError as error:
            assert all(line.startswith("model.json") and "\n" not in line for line in error.lines())

    check()


def test_a_transposed_convolution_gives_keras_shape_and_count(tmp_path):
    """Conv2DTranspose with valid and same padding, with and without output_padding, strides above and
    below the kernel: Keras 3.15's count_params() and output shape (make.py, conv_transpose.json)."""
    cases = json.loads((FIXTURES / "conv_transpose.json").read_text(encoding="utf-8"))
    for number, case in enumerate(cases):
        path = tmp_path / f"case{number}.json"
        path.write_text(json.dumps(case["config"]), encoding="utf-8")
        (report,) = api.analyze(str(path))
        assert (report.totals.params, list(report.output_shape)) == (case["count_params"], case["output_shape"]), case


def test_a_normalization_over_another_axis_than_the_channels_is_refused(run, model_file, tmp_path):
    """BatchNormalization(axis=1) on an image normalizes its rows: it has H·2 trained values, not C·2;
    cnncalc refuses it rather than count the channels' (Keras 3 gives the input's rank)."""
    def rows(layers):
        norm = next(layer for layer in layers if layer["class_name"] == "BatchNormalization")
        norm["config"]["axis"] = 1
    err = _error(run, _with_layer(model_file, tmp_path, rows))
    assert "normalizes over axis 1; cnncalc normalizes over the channels" in err


@pytest.mark.parametrize("name", ["unknown_functional", "unknown_sequential"])
def test_unknown_layers_are_gone_past_with_unknown_zero(run, name):
    """A Lambda layer and a layer class of the model's own (make.py's ChannelScale, a weight per channel):
    without --unknown zero an error naming the first; with it, each a row of kind uncounted whose output
    shape is the input the layer after it was built on (Keras 3's build_config), and the rest exactly as
    Keras counts: count_params() less the unknown layers' own weights (16, ChannelScale's; a Lambda
    has none), the multiply-adds of the convolutions and dense layers (figures.json), the output shape."""
    path = str(FIXTURES / f"{name}.json")
    assert "(Lambda): cnncalc does not know this layer" in _error(run, path)
    code, out, err = run("analyze", path, "--unknown", "zero", "--format", "json")
    assert code == 0, err
    document, keras = json.loads(out), FIGURES["models"][name]
    uncounted = [row for row in document["layers"] if row["kind"] == "uncounted"]
    assert [row["name"] for row in uncounted] == (["every_other", "scale"] if name == "unknown_functional"
                                                  else ["first_four"])
    assert [row["output_shape"] for row in uncounted] == \
        ([[16, 16, 16], [16, 16, 16]] if name == "unknown_functional" else [[14, 14, 4]])
    totals = document["totals"]
    assert totals["params"] + totals["non_trainable"] == keras["count_params"] - keras["unknown_weights"]
    assert totals["macs"] == keras["macs"] and document["output_shape"] == keras["output_shape"]
    assert any(all(row["path"] in warning for row in uncounted) for warning in document["warnings"])


def test_an_unknown_layer_of_a_keras_2_config_has_no_size_to_go_on(run, tmp_path):
    """Keras 2 saves no build_config: nothing in the file says what an unknown layer gives."""
    model = json.loads((FIXTURES / "keras2-functional.json").read_text(encoding="utf-8"))
    model["config"]["layers"][2]["class_name"] = "MyAttention"
    path = tmp_path / "custom.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    code, out, err = run("analyze", str(path), "--unknown", "zero")
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert "(MyAttention): cnncalc does not know this layer, and the file gives no size of its output" in err
