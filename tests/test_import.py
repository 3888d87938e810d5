"""cnncalc import: a model written as a spec to read and edit, whose report is the model's."""
import gzip

import pytest
import yaml

from cnncalc import api
from cnncalc.spec import load_suite_text
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
    return [(layer.path, layer.kind, layer.output_shape, layer.params, layer.counts.non_trainable, layer.macs,
             layer.inputs, layer.trainable, layer.shared_with) for layer in report.layers]


def test_the_written_spec_counts_as_the_model_does(tmp_path):
    """Every Keras and ONNX fixture: the spec written reads again into the same layers, each reading
    the same tensors, with the same counts."""
    for path in _models(tmp_path):
        (model,) = api.analyze(str(path))
        text = api.import_model(path)
        (spec,) = load_suite_text(text, "written.yaml").specs
        written = analyze(spec)
        assert _rows(written) == _rows(model), path.name
        assert written.totals == model.totals, path.name
        assert isinstance(yaml.safe_load(text), dict)


def test_a_torch_export_is_written_by_its_modules(run, tmp_path):
    """The ONNX nodes torch names /layer1/layer1.0/conv1/Conv become ResNet-50's stages and blocks: folded to
    depth 1, the stem, layer1 to layer4 (3, 4, 6 and 3 blocks: He et al. 2016, table 1) and the head."""
    pytest.importorskip("onnx")
    target = tmp_path / "resnet50.yaml"
    code, _, err = run("import", str(ONNX / "resnet50.onnx"), "-o", str(target))
    assert (code, err) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# resnet50.onnx, written as a cnncalc spec")
    code, out, _ = run("analyze", str(target), "--depth", "2", "--format", "csv")
    rows = [line.split(",")[2] for line in out.splitlines()[1:]]
    assert [row for row in rows if row.startswith("layer") and row.count("/") == 1] == \
        [f"layer{stage}/layer{stage}.{block}" for stage, blocks in ((1, 3), (2, 4), (3, 6), (4, 3))
         for block in range(blocks)]


def test_what_is_not_a_model_is_refused(run):
    code, out, err = run("import", str(ROOT / "specs" / "resnet-bottleneck.yaml"))
    assert (code, out) == (2, "") and "is not a model file cnncalc reads" in err and len(err.splitlines()) == 1
