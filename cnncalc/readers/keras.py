"""A Keras model's architecture (the JSON of `model.to_json()`, or the config.json inside a `.keras`
file) as a cnncalc spec in the graph form: a layer per Keras layer, with its name, what it reads
and its settings; a nested model a `sequential` of its own; a layer or model called again `shares`
the weights of its first call. Keras 3 and Keras 2 (tf.keras) configs; no Keras needed."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cnncalc.errors import Location, SpecError
from cnncalc.readers import input_shape, operator_text, unused_name

Settings = dict[str, Any]
Converted = list[tuple[str, Settings]]  # (kind, settings) per cnncalc layer, in order; the last gives the tensor

MODELS = ("Functional", "Model", "Sequential")
ACTIVATIONS = {"relu": "relu", "relu6": "relu6", "leaky_relu": "leaky_relu", "elu": "elu", "selu": "selu",
               "gelu": "gelu", "silu": "silu", "swish": "swish", "mish": "mish", "sigmoid": "sigmoid",
               "hard_sigmoid": "hard_sigmoid", "hard_silu": "hard_swish", "hard_swish": "hard_swish", "tanh": "tanh",
               "softmax": "softmax"}


class KerasError(SpecError):
    pass


def _pairs(value: Any, axes: int) -> list[list[int]]:
    """Keras' padding or cropping (an int, one per axis, or a pair per axis) as [before, after] pairs."""
    if isinstance(value, int):
        return [[value, value]] * axes
    return [[item, item] if isinstance(item, int) else [int(item[0]), int(item[1])] for item in value]


class _Layer:
    """One Keras layer's config, read with the layer's name in every complaint."""

    def __init__(self, raw: object, file: str):
        if not isinstance(raw, dict):
            raise KerasError(f"the model's list of layers holds {type(raw).__name__} where a layer belongs",
                             Location(file))
        self.raw = raw
        self.kind = str(raw.get("class_name", ""))
        config = raw.get("config")
        self.config: Mapping[str, Any] = config if isinstance(config, dict) else {}
        self.name = str(raw.get("name") or self.config.get("name") or "")
        self.file = file

    def fail(self, message: str) -> KerasError:
        return KerasError(f"Keras layer `{self.name}` ({self.kind}): {message}", Location(self.file))

    def get(self, key: str, default: Any = None) -> Any:
        return self.config.get(key, default)

    def rank(self) -> int | None:
        """The rank of its input, batch axis included, where the config says (Keras 3's build_config)."""
        build = self.raw.get("build_config")
        shape = build.get("input_shape") if isinstance(build, dict) else None
        if isinstance(shape, list) and shape and isinstance(shape[0], list):
            shape = shape[0]  # a merge's first input
        return len(shape) if isinstance(shape, list) and shape else None

    def axes(self) -> int:
        """How many spatial axes its class works on: Conv1D 1, Conv2D 2, Conv3D 3."""
        return {"1D": 1, "3D": 3}.get(self.kind[-2:], 2)

    def channels_last(self) -> None:
        if self.get("data_format", "channels_last") != "channels_last":
            raise self.fail("data_format channels_first; cnncalc reads channels-last models (Keras' default)")

    def activation(self) -> dict[str, str]:
        name = self.get("activation") or "linear"
        if isinstance(name, dict):
            name = name.get("config", {}).get("name") or name.get("class_name", "")
        if name == "linear":
            return {}
        if name not in ACTIVATIONS:
            raise self.fail(f"activation {name!r} is not one cnncalc knows ({', '.join(ACTIVATIONS)})")
        return {"activation": ACTIVATIONS[name]}

    def output(self) -> Settings:
        """What a convolution or dense layer adds to its sum: its bias, and the activation after it."""
        return {"bias": bool(self.get("use_bias", True)), **self.activation()}

    def window(self, kernel_key: str = "kernel_size") -> Settings:
        self.channels_last()
        padding = self.get("padding", "valid")
        kernel = self.get(kernel_key)
        settings: Settings = {"kernel": list(kernel) if isinstance(kernel, (list, tuple)) else kernel}
        strides = self.get("strides") or kernel
        settings["stride"] = list(strides) if isinstance(strides, (list, tuple)) else strides
        dilation = self.get("dilation_rate", 1)
        if dilation not in (1, [1] * self.axes(), (1,) * self.axes()):
            settings["dilation"] = list(dilation) if isinstance(dilation, (list, tuple)) else dilation
        if padding == "causal":  # Conv1D: (kernel − 1) · dilation before, none after
            span = (settings["kernel"][0] if isinstance(settings["kernel"], list) else settings["kernel"]) - 1
            step = settings.get("dilation", 1)
            settings["padding"] = [[span * (step[0] if isinstance(step, list) else step), 0]]
        elif padding in ("valid", "same"):
            settings["padding"] = padding
        else:
            raise self.fail(f"padding {padding!r}; cnncalc reads valid, same and causal")
        return settings


def _conv(layer: _Layer) -> Converted:
    return [("conv", {"filters": layer.get("filters"), **layer.window(), "groups": layer.get("groups", 1),
                      **layer.output()})]


def _conv_transpose(layer: _Layer) -> Converted:
    """Keras' transposed convolution, its output length (keras' deconv_output_length) written as
    cnncalc's: (n − 1)·s − pad + d·(k − 1) + 1 + output_padding."""
    settings = layer.window()
    axes = layer.axes()
    kernels = settings["kernel"] if isinstance(settings["kernel"], list) else [settings["kernel"]] * axes
    strides = settings["stride"] if isinstance(settings["stride"], list) else [settings["stride"]] * axes
    dilation = settings.get("dilation", 1)
    dilations = dilation if isinstance(dilation, list) else [dilation] * axes
    given = layer.get("output_padding")
    pads: list[list[int]] = []
    extras: list[int] = []
    for kernel, stride, step in zip(kernels, strides, dilations):
        span = step * (kernel - 1) + 1
        extra = (given[len(pads)] if isinstance(given, list) else given) if given is not None else None
        if settings["padding"] == "valid":
            pad, extra = 0, extra if extra is not None else max(stride - span, 0)
        elif extra is None:  # same: n · s
            pad, extra = max(span - stride, 0), max(stride - span, 0)
        else:
            pad = 2 * (span // 2)
        pads.append([pad // 2, pad - pad // 2])
        extras.append(extra)
    settings["padding"], settings["output_padding"] = pads, extras
    return [("conv_transpose", {"filters": layer.get("filters"), **settings, "groups": layer.get("groups", 1),
                                **layer.output()})]


def _depthwise(layer: _Layer) -> Converted:
    return [("depthwise_conv", {**layer.window(), "depth_multiplier": layer.get("depth_multiplier", 1),
                                **layer.output()})]


def _separable(layer: _Layer) -> Converted:
    return [("separable_conv", {"filters": layer.get("filters"), **layer.window(),
                                "depth_multiplier": layer.get("depth_multiplier", 1), **layer.output()})]


def _dense(layer: _Layer) -> Converted:
    return [("dense", {"units": layer.get("units"), **layer.output()})]


def _pool(kind: str) -> Callable[[_Layer], Converted]:
    def convert(layer: _Layer) -> Converted:
        return [(kind, layer.window("pool_size"))]
    return convert


def _global_pool(kind: str) -> Callable[[_Layer], Converted]:
    def convert(layer: _Layer) -> Converted:
        layer.channels_last()
        if layer.get("keepdims", False):
            return [(kind, {})]
        return [(kind, {}), ("flatten", {})]  # Keras drops the spatial axes: (C,), not 1×1×C
    return convert


def _last_axis(layer: _Layer, axis: Any) -> bool:
    """Whether an axis is the last, the channels: by the rank of the layer's input where the config
    gives it (Keras 3's build_config), else -1, or 3 of an image's four axes (Keras 2)."""
    axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
    if not isinstance(axis, int) or isinstance(axis, bool):
        return False
    rank = layer.rank()
    return axis % rank == rank - 1 if rank else axis in (-1, 3)


def _normalized_axis(layer: _Layer) -> None:
    axis = layer.get("axis", -1)
    if not _last_axis(layer, axis):
        raise layer.fail(f"normalizes over axis {axis}; cnncalc normalizes over the channels, the last axis")


def _affine(layer: _Layer) -> bool:
    center, scale = bool(layer.get("center", True)), bool(layer.get("scale", True))
    if center != scale:
        raise layer.fail("center and scale differ; cnncalc's layernorm and groupnorm learn both β and γ or neither")
    return center


def _batchnorm(layer: _Layer) -> Converted:
    _normalized_axis(layer)
    center, scale = bool(layer.get("center", True)), bool(layer.get("scale", True))
    return [("batchnorm", {"affine": center and scale or ("beta" if center else "gamma" if scale else False)})]


def _layernorm(layer: _Layer) -> Converted:
    _normalized_axis(layer)
    if layer.get("rms_scaling"):
        raise layer.fail("rms_scaling; cnncalc's layernorm learns β and γ")
    return [("layernorm", {"affine": _affine(layer)})]


def _groupnorm(layer: _Layer) -> Converted:
    _normalized_axis(layer)
    return [("groupnorm", {"groups": layer.get("groups", 32), "affine": _affine(layer)})]


def _activation_layer(layer: _Layer) -> Converted:
    chosen = layer.activation().get("activation")
    return [(chosen, {})] if chosen else [("identity", {})]


def _relu(layer: _Layer) -> Converted:
    if layer.get("negative_slope") or layer.get("alpha"):
        return [("leaky_relu", {})]
    return [("relu6", {})] if layer.get("max_value") == 6 else [("relu", {})]


def _prelu(layer: _Layer) -> Converted:
    shared = sorted(layer.get("shared_axes") or [])
    spatial = list(range(1, (layer.rank() or 4) - 1))  # the axes between the batch and the channels
    if not shared:
        return [("prelu", {"slopes": "per_element"})]
    if shared == spatial:
        return [("prelu", {"slopes": "per_channel"})]
    raise layer.fail(f"shares its slopes over axes {shared}; cnncalc reads a slope per value, or per channel "
                     f"(shared_axes {spatial})")


def _merge(kind: str) -> Callable[[_Layer], Converted]:
    def convert(layer: _Layer) -> Converted:
        if kind == "concat" and not _last_axis(layer, layer.get("axis", -1)):
            raise layer.fail(f"concatenates on axis {layer.get('axis')}; cnncalc concatenates channels, the last axis")
        return [(kind, {})]
    return convert


def _reshape(layer: _Layer) -> Converted:
    return [("reshape", {"shape": list(layer.get("target_shape"))})]


def _zero_padding(layer: _Layer) -> Converted:
    layer.channels_last()
    return [("pad", {"padding": _pairs(layer.get("padding", 1), layer.axes())})]


def _cropping(layer: _Layer) -> Converted:
    layer.channels_last()
    return [("crop", {"by": _pairs(layer.get("cropping", 0), layer.axes())})]


def _upsampling(layer: _Layer) -> Converted:
    layer.channels_last()
    size = layer.get("size", 2)
    return [("upsample", {"scale": list(size) if isinstance(size, (list, tuple)) else size,
                          "mode": layer.get("interpolation", "nearest")})]


def _dropout(layer: _Layer) -> Converted:
    return [("dropout", {"rate": layer.get("rate", 0.5)})]


def _rescaling(layer: _Layer) -> Converted:
    scale, offset = layer.get("scale", 1), layer.get("offset", 0)
    if not isinstance(scale, (int, float)) or not isinstance(offset, (int, float)):
        return [("rescaling", {})]  # per channel: no parameters either way
    return [("rescaling", {"scale": scale, "offset": offset})]


def _normalization(layer: _Layer) -> Converted:
    if layer.get("mean") is not None and layer.get("variance") is not None:
        return [("rescaling", {})]  # its mean and variance are constants of the config, not weights
    return [("normalization", {})]


def _plain(kind: str) -> Callable[[_Layer], Converted]:
    def convert(layer: _Layer) -> Converted:
        return [(kind, {})]
    return convert


CONVERTERS: dict[str, Callable[[_Layer], Converted]] = {
    **{name: _conv for name in ("Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D")},
    **{f"Conv{axes}DTranspose": _conv_transpose for axes in (1, 2, 3)},
    **{f"Convolution{axes}DTranspose": _conv_transpose for axes in (2, 3)},
    "DepthwiseConv2D": _depthwise, "DepthwiseConv1D": _depthwise,
    "SeparableConv2D": _separable, "SeparableConv1D": _separable,
    "Dense": _dense,
    **{f"MaxPooling{axes}D": _pool("maxpool") for axes in (1, 2, 3)},
    **{f"AveragePooling{axes}D": _pool("avgpool") for axes in (1, 2, 3)},
    **{f"GlobalAveragePooling{axes}D": _global_pool("global_avgpool") for axes in (1, 2, 3)},
    **{f"GlobalMaxPooling{axes}D": _global_pool("global_maxpool") for axes in (1, 2, 3)},
    "BatchNormalization": _batchnorm, "LayerNormalization": _layernorm, "GroupNormalization": _groupnorm,
    "Activation": _activation_layer, "ReLU": _relu, "LeakyReLU": _plain("leaky_relu"), "ELU": _plain("elu"),
    "Softmax": _plain("softmax"), "PReLU": _prelu,
    "Add": _merge("add"), "Subtract": _merge("add"), "Average": _merge("add"), "Maximum": _merge("add"),
    "Minimum": _merge("add"), "Multiply": _merge("multiply"), "Concatenate": _merge("concat"),
    "Flatten": _plain("flatten"), "Reshape": _reshape,
    **{f"ZeroPadding{axes}D": _zero_padding for axes in (1, 2, 3)},
    **{f"Cropping{axes}D": _cropping for axes in (1, 2, 3)},
    **{f"UpSampling{axes}D": _upsampling for axes in (1, 2, 3)},
    "Dropout": _dropout, "SpatialDropout1D": _dropout, "SpatialDropout2D": _dropout, "SpatialDropout3D": _dropout,
    "AlphaDropout": _dropout, "GaussianDropout": _dropout, "GaussianNoise": _plain("identity"),
    "ActivityRegularization": _plain("identity"), "Identity": _plain("identity"),
    "Rescaling": _rescaling, "Normalization": _normalization, "LayerScale": _plain("layer_scale"),
}
WEIGHTED = {"conv", "depthwise_conv", "separable_conv", "dense", "batchnorm", "layernorm", "groupnorm", "prelu",
            "layer_scale", "normalization"}  # what a second call of a layer shares with its first


def _tensors(value: Any) -> Iterator[tuple[str, int, int]]:
    """Every tensor a call reads, in order: Keras 3's `__keras_tensor__` records anywhere in its
    args, or Keras 2's [layer, node, tensor, kwargs] lists."""
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            history = value.get("config", {}).get("keras_history") or []
            if len(history) >= 3:
                yield str(history[0]), int(history[1]), int(history[2])
            return
        for item in value.values():
            yield from _tensors(item)
    elif isinstance(value, list):
        if len(value) >= 3 and isinstance(value[0], str) and isinstance(value[1], int) and isinstance(value[2], int):
            yield value[0], value[1], value[2]
            return
        for item in value:
            yield from _tensors(item)


def _calls(raw: Mapping[str, Any]) -> list[list[tuple[str, int, int]]]:
    """What each call of a layer reads: one list of tensors per inbound node."""
    nodes = raw.get("inbound_nodes") or []
    if not isinstance(nodes, list):
        return []
    return [list(_tensors(node.get("args", []) if isinstance(node, dict) else node)) for node in nodes]


def _shape_text(shape: list[Any], name: str, file: str, args: dict[str, None]) -> str | list[object]:
    if not shape or any(size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 1)
                        for size in shape):
        raise KerasError(f"the model's input `{name}` has a shape Keras does not write: {shape}", Location(file))
    return input_shape(shape, name, args)


class _Graph:
    """The spec's layers, written as Keras' layers are met, and the cnncalc name of every tensor."""

    def __init__(self, file: str, go_on: bool = False):
        self.file = file
        self.go_on = go_on  # past a layer cnncalc does not know, counted as nothing (--unknown zero)
        self.items: list[dict[str, Any]] = []
        self.tensors: dict[tuple[str, int, int], str] = {}
        self.names: set[str] = set()
        self.previous = ""  # the name of the last tensor written: what a layer reads unless told
        self.shapes_read: dict[tuple[str, int, int], object] = {}  # a tensor -> its shape, as a layer reading it says

    def unique(self, name: str) -> str:
        return unused_name(name, self.names)

    def sources(self, layer: _Layer, call: list[tuple[str, int, int]]) -> list[str]:
        found = []
        for tensor in call:
            if tensor[2] != 0:
                raise layer.fail(f"reads output {tensor[2]} of `{tensor[0]}`; cnncalc reads layers with one output")
            name = self.tensors.get(tensor)
            if name is None:
                raise layer.fail(f"reads `{tensor[0]}` (call {tensor[1]}), which no layer before it gives")
            found.append(name)
        return found

    def add(self, kind: str, settings: Settings, name: str, sources: list[str], extra: Settings) -> str:
        item = dict(settings, name=name, **extra)
        if kind in ("add", "concat", "multiply"):
            item["from"] = sources
        elif sources and sources != [self.previous]:
            item["from"] = sources[0]
        self.items.append({kind: item})
        self.previous = name
        return name


def _read_model(config: Mapping[str, Any], class_name: str, graph: _Graph, fed: list[str] | None) -> list[str]:
    """The layers of a model into `graph`; `fed`: the tensors its inputs are, where it is called as a
    layer of another model (None at the top). Returns the names of its outputs."""
    layers = config.get("layers") or []
    if not isinstance(layers, list):
        raise KerasError("the model's config has no list of layers", Location(graph.file))
    inputs_given = list(fed or [])
    if graph.go_on:
        graph.shapes_read.update(_shapes_read(layers, class_name))
    if class_name == "Sequential":
        return _read_sequential(layers, graph, inputs_given)
    for raw in layers:
        layer = _Layer(raw, graph.file)
        calls = _calls(raw)
        if layer.kind == "InputLayer":
            if fed is not None:  # a nested model's input is the tensor it is called on
                if not inputs_given:
                    raise layer.fail("a nested model is called with fewer tensors than it has inputs")
                graph.tensors[(layer.name, 0, 0)] = inputs_given.pop(0)
            else:
                graph.tensors[(layer.name, 0, 0)] = layer.name
            continue
        for number, call in enumerate(calls):
            _call(layer, raw, graph, graph.sources(layer, call), number)
    outputs = config.get("output_layers") or []
    if not isinstance(outputs, list):
        outputs = []
    if outputs and isinstance(outputs[0], str):  # one output, written [name, node, tensor]
        outputs = [outputs]
    found = [graph.tensors.get(tensor) for output in outputs for tensor in _tensors([output])]
    return [name for name in found if name is not None]


def _read_sequential(layers: list[Any], graph: _Graph, fed: list[str]) -> list[str]:
    for index, raw in enumerate(layers):
        layer = _Layer(raw, graph.file)
        if layer.kind == "InputLayer":
            continue
        sources = [graph.previous] if graph.previous else []
        if index == 0 and fed:
            sources = fed[:1]
        _call(layer, raw, graph, sources, 0)
    return [graph.previous]


def _call(layer: _Layer, raw: Mapping[str, Any], graph: _Graph, sources: list[str], number: int) -> None:
    """One call of a layer (or of a nested model) on `sources`: its cnncalc layers, and the name its
    output has from now on."""
    extra: Settings = {} if layer.get("trainable", True) else {"trainable": False}
    if layer.kind in MODELS:
        _nested(layer, graph, sources, number, extra)
        return
    convert = CONVERTERS.get(layer.kind) or CONVERTERS.get(str(raw.get("registered_name") or ""))
    if convert is None and graph.go_on:
        convert = _uncounted(graph.shapes_read.get((layer.name, number, 0)), len(sources))
    if convert is None:
        raise layer.fail("cnncalc does not know this layer; docs/import.md lists the layers it reads (--unknown "
                         "zero goes on, counting it as nothing)")
    try:
        converted = convert(layer)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
        raise layer.fail(f"its config holds a value Keras does not write ({error})") from None
    if converted[0][0] in ("add", "multiply", "concat") and len(sources) < 2:
        # one tensor with a constant (x + 3 in MobileNetV3's hard sigmoid): no weights and, as cnncalc counts
        # element-wise work, no multiply-adds; the tensor goes on as it was in shape
        converted = [("identity", {})]
    name = graph.unique(layer.name)
    for index, (kind, settings) in enumerate(converted):
        if index:
            name = graph.unique(f"{layer.name}.{kind}")
        shares = {"shares": layer.name} if number and kind in WEIGHTED else {}
        graph.add(kind, settings, name, sources if index == 0 else [graph.previous], {**extra, **shares})
    graph.tensors[(layer.name, number, 0)] = name


def _shapes_read(layers: list[Any], class_name: str) -> dict[tuple[str, int, int], object]:
    """Each tensor's shape, batch axis first, as the first call of a layer reading it gives its input
    (Keras 3's build_config): how a layer cnncalc does not know is gone past."""
    found: dict[tuple[str, int, int], object] = {}
    before = ""  # in a Sequential, the layer each reads
    for raw in layers:
        if not isinstance(raw, dict):
            continue
        build = raw.get("build_config")
        shape = build.get("input_shape") if isinstance(build, dict) else None
        if class_name == "Sequential":
            reads = [(before, 0, 0)] if before else []
            before = _Layer(raw, "").name
        else:
            calls = _calls(raw)
            reads = calls[0] if calls else []
        shapes = shape if len(reads) > 1 and isinstance(shape, list) and len(shape) == len(reads) else [shape]
        for tensor, read in zip(reads, shapes):
            found.setdefault(tensor, read)
    return found


def _uncounted(shape: object, sources: int) -> Callable[[_Layer], list[tuple[str, Settings]]]:
    """A layer cnncalc does not know as `uncounted`: its output shape as the layer after it says, its
    work and its weights not counted."""
    def convert(layer: _Layer) -> list[tuple[str, Settings]]:
        if sources > 1:
            raise layer.fail("cnncalc does not know this layer, and goes on past one that reads one tensor; this one "
                             f"reads {sources}")
        sizes = shape[1:] if isinstance(shape, list) else None
        if not sizes or any(isinstance(size, bool) or not isinstance(size, int) or size < 1 for size in sizes):
            raise layer.fail("cnncalc does not know this layer, and the file gives no size of its output (the input "
                             "of a layer after it, which Keras 3 saves for a built model) to go on past it")
        return [("uncounted", {"op": operator_text(layer.kind), "shape": list(sizes)})]
    return convert


def _nested(layer: _Layer, graph: _Graph, sources: list[str], number: int, extra: Settings) -> None:
    """A model used as a layer: its layers in a `sequential` of its name, which reads what the call
    reads; a second call shares the weights of the first."""
    inner = _Graph(graph.file, graph.go_on)
    inner.names = graph.names  # one set: a name read by `from` finds one layer
    entries = []  # an identity per input, the tensor the inner model's InputLayer stands for
    for index, source in enumerate(sources or [graph.previous]):
        entries.append(inner.add("identity", {}, inner.unique(f"{layer.name}.input{index + 1 if index else ''}"),
                                 [source] if index else [], {}))
    outputs = _read_model(layer.config, layer.kind, inner, entries)
    if len(outputs) != 1:
        raise layer.fail("a nested model with several outputs; cnncalc reads nested models with one")
    name = graph.unique(layer.name) if number else layer.name
    if not number:
        graph.names.add(name)
    item: Settings = {"layers": inner.items, "name": name, **extra}
    if number:
        item["shares"] = layer.name
    if sources and sources[0] != graph.previous:
        item["from"] = sources[0]
    graph.items.append({"sequential": item})
    graph.previous = name
    graph.tensors[(layer.name, number, 0)] = name


def spec_of(model: Mapping[str, Any], file: str, go_on: bool = False) -> dict[str, Any]:
    """A Keras model's JSON config as a spec document, which cnncalc reads as it reads any spec."""
    class_name = str(model.get("class_name", ""))
    config = model.get("config")
    if class_name not in MODELS or not isinstance(config, dict):
        raise KerasError(f"is not a Keras model's config (its class is {class_name or 'missing'}; a model saved "
                         "with model.to_json() is a Functional, Model or Sequential)", Location(file))
    if not isinstance(config.get("layers"), list):
        raise KerasError("is not a Keras model's config: its config has no list of layers", Location(file))
    graph = _Graph(file, go_on)
    args: dict[str, None] = {}  # sizes the model leaves open, for --set to give
    inputs = _inputs(config, class_name, file, args)
    for name in inputs:
        graph.names.add(name)
    graph.previous = next(iter(inputs))
    try:
        outputs = _read_model(config, class_name, graph, None)
    except RecursionError:
        raise KerasError("nests models too deeply to be a network's config", Location(file)) from None
    version = model.get("keras_version")
    document: dict[str, Any] = {
        "name": str(config.get("name") or "model"),
        "description": f"read from a Keras model's config{f' (Keras {version})' if version else ''}",
        **({"args": args} if args else {}),
        "inputs": inputs,
        "layers": graph.items,
    }
    if len(outputs) > 1 or (outputs and outputs[-1] != graph.previous):
        document["outputs"] = outputs
    return document


def _inputs(config: Mapping[str, Any], class_name: str, file: str, args: dict[str, None]) -> dict[str, str | list[object]]:
    """Each input's name and shape, batch axis left out: from the InputLayers, or a Sequential's
    first layer's batch_input_shape or build_config."""
    found = {}
    layers = config.get("layers") or []
    for raw in layers:
        if not isinstance(raw, dict):
            continue
        layer = _Layer(raw, file)
        if layer.kind == "InputLayer":
            shape = layer.get("batch_shape") or layer.get("batch_input_shape")
            if not isinstance(shape, list):
                raise layer.fail("has no batch_shape, a list of sizes")
            found[layer.name] = _shape_text(shape[1:], layer.name, file, args)
        if class_name == "Sequential":
            break
    if not found and class_name == "Sequential" and layers:
        first = _Layer(layers[0], file)
        build = layers[0].get("build_config") if isinstance(layers[0], dict) else None
        shape = first.get("batch_input_shape") or (build.get("input_shape") if isinstance(build, dict) else None) \
            or config.get("build_input_shape")
        if not isinstance(shape, list):
            raise KerasError("the Sequential model has no input shape (build it, or start it with keras.Input, "
                             "before saving)", Location(file))
        found["input"] = _shape_text(shape[1:], "input", file, args)
    if not found:
        raise KerasError("the model has no InputLayer", Location(file))
    return found
