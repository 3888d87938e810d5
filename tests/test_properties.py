"""Properties of the engine over randomly generated valid specs, and random damage to valid specs."""
import json
import math

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnncalc import SpecError, analyze, from_dict
from cnncalc.render import render
from cnncalc.report import METRICS, compare
from cnncalc.spec import load_suite_text

# Layers that fit any spatial size: `same` padding never lets a window fall off the input.
def conv(strides):
    return st.builds(
        lambda filters, kernel, stride, bias: {"conv": {"filters": filters, "kernel": kernel, "stride": stride,
                                                        "padding": "same", "bias": bias}},
        st.integers(1, 24), st.sampled_from([1, 3, 5]), st.sampled_from(strides), st.booleans(),
    )


def pool(strides):
    return st.builds(lambda kind, kernel, stride: {kind: {"kernel": kernel, "stride": stride, "padding": "same"}},
                     st.sampled_from(["maxpool", "avgpool"]), st.sampled_from([2, 3]), st.sampled_from(strides))


def simple(strides):
    return st.one_of(conv(strides), pool(strides), st.sampled_from(["relu", "batchnorm", "sigmoid", "dropout"]))


def composite(inner, keeping):
    """Joins around `inner` layers; a concat's branches use `keeping` layers, which keep the spatial size."""
    concat = st.lists(st.lists(keeping, max_size=3), min_size=1, max_size=3).map(lambda branches: {"concat": branches})
    residual = st.lists(inner, max_size=3).map(lambda layers: {"residual": {"layers": layers, "shortcut": "auto"}})
    block_use = st.integers(1, 16).map(lambda width: {"unit": {"width": width}})
    return st.one_of(concat, residual, block_use, inner)


keeping = st.recursive(simple([1]), lambda inner: composite(inner, inner), max_leaves=6)
layer = st.recursive(simple([1, 2]), lambda inner: composite(inner, keeping), max_leaves=12)
BLOCKS = {"unit": {"args": {"width": 8}, "layers": [{"conv": {"filters": "$width", "kernel": 3, "padding": "same"}},
                                                    "batchnorm", "relu"]}}


@st.composite
def specs(draw, head=st.sampled_from([[], ["global_avgpool", "flatten", {"dense": {"units": 10}}]])):
    size = draw(st.integers(1, 40))
    return {
        "input": [size, draw(st.integers(1, 40)), draw(st.integers(1, 16))],
        "blocks": BLOCKS,
        "layers": draw(st.lists(layer, min_size=1, max_size=6)) + draw(head),
    }


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(specs())
def test_a_valid_spec_always_analyzes_and_totals_are_the_sums_of_the_layers(document):
    report = analyze(from_dict(document))
    for name in ("weights", "bias", "params", "non_trainable", "macs", "activations"):
        assert getattr(report.totals, name) == sum(getattr(layer, name) for layer in report.layers)
    assert report.totals.flops == 2 * report.totals.macs
    assert all(isinstance(getattr(layer, "macs"), int) for layer in report.layers)


@PROPERTY
@given(specs())
def test_json_output_is_the_report_s_dictionary(document):
    report = analyze(from_dict(document))
    # written layer by layer from shared pieces, yet exactly what json.dumps writes for to_dict()
    assert render(report, "json") == json.dumps(report.to_dict(), ensure_ascii=False) + "\n"


@PROPERTY
@given(specs(head=st.just(["global_avgpool", "flatten", {"dense": {"units": 10}}])), st.integers(1, 40), st.integers(1, 40))
def test_params_do_not_depend_on_the_spatial_size_of_the_input(document, height, width):
    resized = {**document, "input": [height, width, document["input"][2]]}
    assert analyze(from_dict(document)).totals.params == analyze(from_dict(resized)).totals.params


@PROPERTY
@given(st.integers(1, 64), st.integers(1, 64), st.integers(1, 16), st.integers(1, 16), st.sampled_from([1, 3, 5]),
       st.sampled_from([1, 2, 3]), st.sampled_from(["same", "valid"]))
def test_conv_macs_are_output_area_times_filters_times_one_filter(height, width, c_in, filters, kernel, stride, padding):
    document = {"input": [height, width, c_in],
                "layers": [{"conv": {"filters": filters, "kernel": kernel, "stride": stride, "padding": padding}}]}
    if padding == "valid" and min(height, width) < kernel:
        return
    (row,) = analyze(from_dict(document)).layers
    out_h, out_w, _ = row.output_shape
    if padding == "same":
        assert (out_h, out_w) == (math.ceil(height / stride), math.ceil(width / stride))
    else:
        assert (out_h, out_w) == ((height - kernel) // stride + 1, (width - kernel) // stride + 1)
    assert row.macs == out_h * out_w * filters * kernel * kernel * c_in


@PROPERTY
@given(specs())
def test_comparing_a_spec_with_itself_gives_ratio_one(document):
    report = analyze(from_dict(document))
    comparison = compare([report, report])
    for name in METRICS:
        assert comparison.ratio(1, name) in (1, None)


@PROPERTY
@given(specs())
def test_turning_bias_off_removes_exactly_the_bias(document):
    with_bias = analyze(from_dict({**document, "defaults": {"bias": True}}))
    stripped = _strip_bias(document)
    without = analyze(from_dict({**stripped, "defaults": {"bias": False}}))
    assert without.totals.bias == 0
    assert with_bias.totals.params - without.totals.params == with_bias.totals.bias


def _strip_bias(value):
    """The document without any layer's own `bias:`, so that the default decides."""
    if isinstance(value, dict):
        return {key: _strip_bias(item) for key, item in value.items() if key != "bias"}
    if isinstance(value, list):
        return [_strip_bias(item) for item in value]
    return value


# --- random damage to valid specs never gives anything but a result or a SpecError ----------

WRONG_VALUES = st.sampled_from([None, True, -1, 0, 2**70, 3.5, "x", "$nope", [], {}, [1, 2, 3], {"a": 1}, "same"])


@st.composite
def damaged(draw):
    document = draw(specs())
    paths = list(_paths(document))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["delete", "replace", "swap"]))
        document = _damage(document, path, action, draw(WRONG_VALUES), draw(st.sampled_from(paths)))
        paths = list(_paths(document)) or [()]
    return document


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


def _get(value, path):
    for step in path:
        value = value[step]
    return value


def _damage(document, path, action, wrong, other_path):
    document = json.loads(json.dumps(document))  # a deep copy
    if not path:
        return wrong
    try:
        parent, last = _get(document, path[:-1]), path[-1]
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = wrong
        else:
            parent[last] = json.loads(json.dumps(_get(document, other_path)))
    except (KeyError, IndexError, TypeError):
        pass
    return document


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_specs_give_a_result_or_a_located_error(document):
    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        for spec in load_suite_text(text, "damaged.yaml").specs:
            analyze(spec)
    except SpecError as error:
        for line in error.lines():
            assert line.startswith("damaged.yaml")
