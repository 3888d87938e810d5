"""An ONNX model's graph as a cnncalc spec in the graph form: a layer per operator that computes on
the network's tensors, its settings from the operator's attributes and its weights' dimensions (never
their values); NCHW becomes channels last. What only computes shapes (Shape, Gather, Constant ...)
is followed, not counted. Needs the onnx package (`pip install 'cnncalc[onnx]'`)."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from copy import copy
from math import prod
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from cnncalc.errors import Location, SpecError
from cnncalc.readers import input_shape, operator_text, unused_name
from cnncalc.spec.nodes import Limits

if TYPE_CHECKING:
    from cnncalc.report import Report

Settings = dict[str, Any]
OPSETS = range(7, 24)  # the default domain's opsets the readers below follow (ONNX 1.2 to 1.18's)


class OnnxError(SpecError):
    pass


class _Node:
    def __init__(self, proto: Any, file: str):
        from onnx import helper

        self.proto = proto
        self.op = str(proto.op_type)
        self.name = str(proto.name or (proto.output[0] if proto.output else self.op))
        self.inputs = [str(name) for name in proto.input]
        self.outputs = [str(name) for name in proto.output]
        self.attributes = {attribute.name: helper.get_attribute_value(attribute) for attribute in proto.attribute}
        self.file = file

    def fail(self, message: str) -> OnnxError:
        return OnnxError(f"ONNX node `{self.name}` ({self.op}): {message}", Location(self.file))

    def get(self, key: str, default: Any = None) -> Any:
        value = self.attributes.get(key, default)
        return value.decode() if isinstance(value, bytes) else value

    def part(self, name: str, inputs: list[str] | None = None, outputs: list[str] | None = None) -> _Node:
        """The node as one of the layers it is read as, under a name of its own."""
        part = copy(self)
        part.name = name
        part.inputs = self.inputs if inputs is None else inputs
        part.outputs = self.outputs if outputs is None else outputs
        return part


class _Graph:
    """The spec's layers as nodes are met, the cnncalc name of each of the network's tensors, and the
    constants (initializers, Constant nodes) by name with their dimensions and small values."""

    def __init__(self, model: Any, file: str):
        from onnx import numpy_helper

        self.file = file
        graph = model.graph
        self.dims: dict[str, tuple[int, ...]] = {item.name: tuple(item.dims) for item in graph.initializer}
        self.values: dict[str, list[float]] = {}
        self.whole: set[str] = set()  # the values of an integer type: a shape's sizes, which divide as integers do
        self.vectors: set[str] = set()  # the values shape arithmetic made: a number or a vector each
        self.types: dict[str, int] = {item.name: item.data_type for item in graph.initializer}
        for item in graph.initializer:
            if prod(item.dims) <= 64 and item.data_location != 1:  # small, and in the file: shapes, scales, bounds
                try:
                    self.values[item.name] = [float(value) for value in numpy_helper.to_array(item).flatten()]
                except (ValueError, TypeError):
                    pass
                if item.data_type in INTEGER_TYPES:
                    self.whole.add(item.name)
        self.tensors: dict[str, str] = {}  # an ONNX tensor of the network -> the cnncalc layer (or input) giving it
        self.ranks: dict[str, int] = {}  # of the network's tensors, as read
        self.inferred_dims: dict[str, list[int | None]] = {}  # of every tensor, as ONNX's shape inference gives
        # them: None for a size it does not give
        self.go_on = False  # past an operator cnncalc does not know, counted as nothing (--unknown zero)
        self.inputs: dict[str, str | list[object]] = {}  # the spec's, once read
        self.counted: tuple[int, Report | None] = (-1, None)  # the layers written so far, counted: how many, report
        self.counting_left = 5 * len(graph.node) + 10_000  # layers counted again for sizes, at most: the work
        # stays within 5 countings of the whole network, whatever the file
        self.shuffling: dict[str, tuple[str, int, bool]] = {}  # a channel shuffle under way: tensor -> (the
        # network's tensor it began from, its groups, whether its axes are swapped yet)
        self.items: list[dict[str, Any]] = []
        self.names: set[str] = set()
        self.previous = ""  # the path of the last layer written: what a layer reads unless told
        self.open: list[tuple[str, str, list[dict[str, Any]], set[str]]] = []  # (module, group name, items, names)
        self.modules: dict[tuple[str, ...], int] = {}  # how many nodes each module holds, at any depth
        self.written: dict[str, tuple[str, Settings]] = {}  # a layer's path -> its kind and settings, as written
        self.args: dict[str, None] = {}  # sizes the model leaves open, for --set to give
        self.made_here: set[str] = set()  # constants made by Constant nodes, not weights the file holds
        self.owners: dict[str, tuple[str, tuple[str, ...]]] = {}  # a weight -> the first layer reading it, and all it reads

    def unique(self, name: str) -> str:
        return unused_name(name.replace("/", "_").strip("_") or "node", self.names)

    def alias(self, output: str, source: str, rank: int = 4) -> None:
        """`output` is the tensor `source` is: an operator that leaves it as it was, or folds into its layer."""
        self.tensors[output] = self.tensors[source]
        self.ranks[output] = self.ranks.get(source, rank)

    def constant(self, name: str) -> list[float] | None:
        return self.values.get(name)

    def sizes(self, name: str) -> list[int] | None:
        """A network tensor's sizes, NCHW: as ONNX's shape inference gives them, else as cnncalc counts
        the layers read so far (shape inference stops at a Slice whose bounds torch computes)."""
        dims = self.inferred_dims.get(name)
        if dims and None not in dims:
            return [size for size in dims if size is not None]
        if name not in self.tensors or self.args or self.ranks.get(name) not in (2, 4, 5):
            return None  # [N, L, F] or [N, C, L]: which is which, cnncalc's channels-last shape does not say
        if self.counted[0] != len(self.written):  # layers written since the last count
            from cnncalc.engine import analyze
            from cnncalc.spec import from_dict

            self.counting_left -= len(self.written)
            try:
                report = analyze(from_dict({"inputs": self.inputs, "layers": self.items}, self.file)) \
                    if self.counting_left >= 0 else None
            except SpecError:
                report = None
            self.counted = (len(self.written), report)
        report = self.counted[1]
        if report is None:
            return None
        path = self.tensors[name]
        shape = next((row.output_shape for row in report.layers if row.path == path),
                     dict(report.inputs).get(path) if report.inputs else None)
        if shape is None:
            return None
        return [1, *shape] if len(shape) < 2 else [1, shape[-1], *shape[:-1]]

    def place(self, node_name: str) -> tuple[tuple[str, ...], str]:
        """Where a node goes: the modules it is in (torch names a node `/layer1/layer1.0/conv1/Conv`),
        as nested groups, and its own name; a module of one node is that node (`conv1`)."""
        if not node_name.startswith("/"):
            return (), node_name
        *module, operator = node_name[1:].split("/")
        if module and self.modules.get(tuple(module)) == 1:
            return tuple(module[:-1]), module[-1]
        return tuple(module), operator

    def _enter(self, scope: tuple[str, ...]) -> tuple[list[dict[str, Any]], set[str], str]:
        """The items and names of the group for `scope`, its groups opened as needed; and its path."""
        kept = 0
        while kept < min(len(scope), len(self.open)) and self.open[kept][0] == scope[kept]:
            kept += 1
        del self.open[kept:]
        for module in scope[kept:]:
            items, names = (self.open[-1][2], self.open[-1][3]) if self.open else (self.items, self.names)
            group, layers = unused_name(module.replace("/", "_") or "module", names), list[dict[str, Any]]()
            items.append({"sequential": {"name": group, "layers": layers}})
            self.open.append((module, group, layers, set()))
        items, names = (self.open[-1][2], self.open[-1][3]) if self.open else (self.items, self.names)
        return items, names, "/".join(group for _, group, _, _ in self.open)

    def add(self, node: _Node, kind: str, settings: Settings, sources: Sequence[str], rank: int) -> None:
        weight = node.inputs[1] if kind in WEIGHTED and len(node.inputs) > 1 and node.inputs[1] in self.dims else ""
        held = tuple(name for name in node.inputs[1:] if name in self.dims)  # every weight it reads
        if weight in self.owners:  # the same weights read again: a layer run twice, counted once
            owner, owner_held = self.owners[weight]
            if held != owner_held:
                raise node.fail(f"reads the weights of `{owner}` with others of its own (a tied weight with its own "
                                "bias); cnncalc shares a layer's weights whole")
            settings = dict(settings, shares=owner)
        scope, leaf = self.place(node.name)
        readers = [self.tensors[source] for source in sources]
        items, names, group = self._enter(scope)
        name = unused_name(leaf.replace("/", "_") or kind, names)
        path = f"{group}/{name}" if group else name
        seen = [self._seen(reader, group) for reader in readers]
        item = dict(settings, name=name)
        if kind in ("add", "concat", "multiply"):
            item["from"] = seen
        elif readers and readers != [self.previous]:
            item["from"] = seen[0]
        items.append({kind: item})
        self.written[path] = (kind, item)
        if weight:
            self.owners.setdefault(weight, (path, held))
        self.previous = path
        for output in node.outputs[:1]:
            self.tensors[output] = path
            self.ranks[output] = rank

    @staticmethod
    def _seen(path: str, group: str) -> str:
        """A layer's path as one in `group` names it: its own name where it is in the same group."""
        parent, _, name = path.rpartition("/")
        return name if parent == group else path


def _spatial_pairs(pads: Sequence[int], axes: int) -> list[list[int]]:
    """ONNX's pads [x1_begin, x2_begin, ..., x1_end, x2_end, ...] as [before, after] per axis."""
    pads = list(pads) or [0] * (2 * axes)
    return [[int(pads[axis]), int(pads[axis + axes])] for axis in range(axes)]


def _window(node: _Node, kernel: Sequence[int]) -> Settings:
    axes = len(kernel)
    settings: Settings = {"kernel": list(kernel), "stride": list(node.get("strides") or [1] * axes)}
    dilations = node.get("dilations") or [1] * axes
    if any(step != 1 for step in dilations):
        settings["dilation"] = list(dilations)
    auto_pad = node.get("auto_pad", "NOTSET")
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        if auto_pad == "SAME_LOWER":
            raise node.fail("auto_pad SAME_LOWER puts the odd pixel first; cnncalc's same puts it after")
        settings["padding"] = "same"
    else:
        settings["padding"] = _spatial_pairs(node.get("pads") or [], axes) if auto_pad == "NOTSET" else "valid"
    return settings


def _weight(node: _Node, graph: _Graph, index: int = 1) -> tuple[int, ...]:
    if len(node.inputs) <= index or node.inputs[index] not in graph.dims:
        raise node.fail("its weights are not a constant of the file (cnncalc reads weights' sizes from initializers)")
    return graph.dims[node.inputs[index]]


def _has(node: _Node, index: int) -> bool:
    return len(node.inputs) > index and bool(node.inputs[index])


def _conv(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    weight = _weight(node, graph)
    kernel = node.get("kernel_shape") or list(weight[2:])
    return "conv", {"filters": weight[0], **_window(node, kernel), "groups": node.get("group", 1),
                    "bias": _has(node, 2)}, 2 + len(kernel)


def _conv_transpose(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    weight = _weight(node, graph)
    kernel = node.get("kernel_shape") or list(weight[2:])
    if node.get("output_shape"):
        raise node.fail("output_shape; cnncalc reads a transposed convolution's pads and output_padding")
    settings = _window(node, kernel)
    if settings["padding"] == "same":
        raise node.fail("auto_pad SAME; cnncalc reads a transposed convolution's pads")
    groups = node.get("group", 1)
    return "conv_transpose", {"filters": weight[1] * groups, **settings, "groups": groups, "bias": _has(node, 2),
                              "output_padding": list(node.get("output_padding") or [0] * len(kernel))}, 2 + len(kernel)


def _gemm(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    weight = _weight(node, graph)
    if node.get("transA", 0):
        raise node.fail("transA; cnncalc reads a Gemm on the network's tensor as its first input")
    units = weight[0] if node.get("transB", 0) else weight[-1]
    return "dense", {"units": units, "bias": _has(node, 2)}, 2


def _matmul(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    weight = _weight(node, graph)
    if len(weight) != 2:
        raise node.fail("a MatMul by a constant of more than two axes")
    if _rank(node, graph) == 4:
        raise node.fail("a MatMul on a tensor of four axes acts on its last, the width of NCHW; cnncalc reads a MatMul "
                        "on [batch, values] or [batch, positions, values]")
    return "dense", {"units": weight[1], "bias": False}, graph.ranks.get(node.inputs[0], 2)


def _pool(kind: str) -> Callable[[_Node, _Graph], tuple[str, Settings, int]]:
    def convert(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
        kernel = node.get("kernel_shape")
        settings = _window(node, kernel)
        if node.get("ceil_mode", 0):
            settings["ceil_mode"] = True
        return kind, settings, 2 + len(kernel)
    return convert


def _bound(node: _Node, graph: _Graph, attribute: str, index: int) -> float | None:
    """Clip's min or max: an attribute before opset 11, an input since."""
    if attribute in node.attributes:
        return float(node.get(attribute))
    values = graph.constant(node.inputs[index]) if _has(node, index) else None
    return values[0] if values else None


def _clip(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    bounds = (_bound(node, graph, "min", 1), _bound(node, graph, "max", 2))
    if bounds == (0, 6):
        return "relu6", {}, _rank(node, graph)
    if bounds == (0, None):
        return "relu", {}, _rank(node, graph)
    raise node.fail(f"clips to {bounds}; cnncalc reads a clip to 0 and 6 (ReLU6) or from 0 (ReLU)")


def _rank(node: _Node, graph: _Graph) -> int:
    return graph.ranks.get(node.inputs[0], 4)


def _plain(kind: str) -> Callable[[_Node, _Graph], tuple[str, Settings, int]]:
    def convert(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
        return kind, {}, _rank(node, graph)
    return convert


def _flatten(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    if node.get("axis", 1) != 1:
        raise node.fail(f"flattens from axis {node.get('axis')}; cnncalc flattens all but the batch axis")
    return "flatten", {}, 2


def _to_flat(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    """Reshape, Squeeze: to [batch, values] is a flatten; anything else is not read yet (but the first
    step of a channel shuffle, which _read_node takes first)."""
    dims = graph.inferred_dims.get(node.outputs[0])
    rank = None if dims is None else len(dims)
    if rank is None and node.op == "Squeeze":
        axes = node.get("axes") or (graph.constant(node.inputs[1]) if _has(node, 1) else None)
        rank = _rank(node, graph) - len(axes or [])
    if rank == 2:
        return "flatten", {}, 2
    raise node.fail("changes the layout of the network's tensor in a way cnncalc does not follow yet (it reads one to "
                    "[batch, values], a flatten)")


def _reduce_mean(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    axes = node.get("axes") or (graph.constant(node.inputs[1]) if _has(node, 1) else None)
    rank = _rank(node, graph)
    if rank != 4 or sorted(int(axis) % rank for axis in axes or []) != [2, 3]:  # -1, -2 too: the dynamo exporter's
        shown = ", ".join(str(int(axis)) for axis in axes or [])
        raise node.fail(f"means over axes [{shown}]; cnncalc reads a mean over the spatial axes as global pooling")
    return "global_avgpool", {}, 4


def _learned(node: _Node, graph: _Graph) -> bool:
    """A normalization's scale and shift are learned where the file holds them as weights; torch writes
    those of affine=False as Constant nodes, ones and zeros."""
    return _has(node, 1) and node.inputs[1] in graph.dims and node.inputs[1] not in graph.made_here


def _batchnorm(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    return "batchnorm", {"affine": _learned(node, graph)}, _rank(node, graph)


def _pad(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    pads = node.get("pads") or (graph.constant(node.inputs[1]) if _has(node, 1) else None)
    if pads is None or len(pads) != 8 or any(pads[index] for index in (0, 1, 4, 5)):
        raise node.fail("pads other than the spatial axes of an NCHW tensor")
    mode = {"constant": "zero", "reflect": "reflect", "edge": "replicate"}.get(node.get("mode", "constant"))
    if mode is None:
        raise node.fail(f"mode {node.get('mode')!r}")
    return "pad", {"padding": [[int(pads[2]), int(pads[6])], [int(pads[3]), int(pads[7])]], "mode": mode}, 4


def _resize(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    """Resize (X, roi, scales, sizes; opset 10: X, scales) and Upsample (X, scales): by whole scales
    of the spatial axes, or to sizes (F.interpolate(size=...), which torch may compute from shapes)."""
    mode = {"nearest": "nearest", "linear": "bilinear", "cubic": "bicubic"}.get(node.get("mode", "nearest"), "nearest")
    if node.get("axes") is not None or node.get("keep_aspect_ratio_policy", "stretch") != "stretch":
        raise node.fail("resizes some axes only, or keeps an aspect ratio; cnncalc reads a resize of every axis, stretched")
    at = 1 if node.op == "Upsample" or len(node.inputs) == 2 else 2
    scales = node.get("scales") or (graph.constant(node.inputs[at]) if _has(node, at) else None)
    sizes = graph.constant(node.inputs[3]) if not scales and _has(node, 3) else None
    if sizes and len(sizes) == 4 and sizes[:2] == [float(size) for size in (graph.sizes(node.inputs[0]) or [])[:2]] \
            and all(size == int(size) >= 1 for size in sizes):
        return "upsample", {"output_size": [int(sizes[2]), int(sizes[3])], "mode": mode}, 4
    if not scales or len(scales) != 4 or scales[:2] != [1.0, 1.0] or any(scale != int(scale) for scale in scales):
        raise node.fail("cnncalc reads a resize by whole scales of the spatial axes, or to sizes the file gives")
    return "upsample", {"scale": [int(scales[2]), int(scales[3])], "mode": mode}, 4


def _prelu(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    slope = _weight(node, graph)
    slopes = "one" if prod(slope) == 1 else "per_channel" if len([size for size in slope if size > 1]) == 1 else \
        "per_element"
    return "prelu", {"slopes": slopes}, _rank(node, graph)


def _norm(kind: str) -> Callable[[_Node, _Graph], tuple[str, Settings, int]]:
    def convert(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
        settings: Settings = {"affine": _learned(node, graph)}
        if kind == "groupnorm":
            settings["groups"] = node.get("num_groups")
        if kind == "layernorm" and _rank(node, graph) == 4:  # 3: LayerNorm([C, H, W]) or over W alone, not channels
            raise node.fail("normalizes an NCHW tensor over its last axes; cnncalc's layernorm normalizes the channels "
                            "at each position")
        return kind, settings, _rank(node, graph)
    return convert


def _lrn(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    return "lrn", {"size": node.get("size", 5)}, 4


CONVERTERS: dict[str, Callable[[_Node, _Graph], tuple[str, Settings, int]]] = {
    "Conv": _conv, "ConvTranspose": _conv_transpose, "Gemm": _gemm, "MatMul": _matmul,
    "MaxPool": _pool("maxpool"), "AveragePool": _pool("avgpool"),
    "GlobalAveragePool": _plain("global_avgpool"), "GlobalMaxPool": _plain("global_maxpool"),
    "ReduceMean": _reduce_mean, "BatchNormalization": _batchnorm,
    "Relu": _plain("relu"), "LeakyRelu": _plain("leaky_relu"), "Elu": _plain("elu"), "Selu": _plain("selu"),
    "Sigmoid": _plain("sigmoid"), "Tanh": _plain("tanh"), "Softmax": _plain("softmax"), "Gelu": _plain("gelu"),
    "Mish": _plain("mish"), "HardSigmoid": _plain("hard_sigmoid"), "HardSwish": _plain("hard_swish"), "Clip": _clip,
    "PRelu": _prelu, "Flatten": _flatten, "Reshape": _to_flat, "Squeeze": _to_flat, "Pad": _pad,
    "Resize": _resize, "Upsample": _resize, "LRN": _lrn,
    "GroupNormalization": _norm("groupnorm"), "LayerNormalization": _norm("layernorm"),
    "InstanceNormalization": _norm("instancenorm"),
}
SHAPE_ARITHMETIC = {"Identity", "Unsqueeze", "Squeeze", "Cast", "Concat", "Gather", "Slice", "Add", "Sub", "Mul", "Div"}
INTEGER_TYPES = {2, 3, 4, 5, 6, 7, 12, 13}  # TensorProto's uint8, int8, uint16, int16, int32, int64, uint32, uint64
EXACT = 2**53  # the largest whole number a float holds exactly: shape arithmetic past it is not followed
INDEX_TYPES = {6, 7}  # int32, int64: shapes, axes, indices and repeats, never a layer's weights
WEIGHTED = {"conv", "conv_transpose", "dense", "batchnorm", "groupnorm", "layernorm", "instancenorm", "prelu"}
JOINS = {"Add": "add", "Sum": "add", "Mul": "multiply", "Concat": "concat", "Sub": "add", "Div": "multiply"}
PASS_THROUGH = {"Dropout", "Identity"}


def spec_of(model: Any, file: str, go_on: bool = False) -> dict[str, Any]:
    """An ONNX ModelProto as a spec document, which cnncalc reads as it reads any spec."""
    from onnx import shape_inference

    opset = next((entry.version for entry in model.opset_import if entry.domain in ("", "ai.onnx")), None)
    if opset is None or opset not in OPSETS:
        raise OnnxError(f"has opset {opset}; cnncalc reads opsets {OPSETS.start} to {OPSETS.stop - 1}", Location(file))
    graph = _Graph(model, file)
    graph.go_on = go_on
    try:  # each tensor's rank, which tells a Reshape to [batch, values] from the rest
        inferred = shape_inference.infer_shapes(model, strict_mode=False).graph
        for info in (*inferred.input, *inferred.value_info, *inferred.output):
            if info.type.tensor_type.HasField("shape"):
                dims = info.type.tensor_type.shape.dim
                graph.inferred_dims[info.name] = [dim.dim_value if dim.HasField("dim_value") else None for dim in dims]
    except Exception:  # noqa: BLE001 - shape inference is a help, not a need: a Reshape then says what it lacks
        graph.inferred_dims = {}
    inputs = _inputs(model, graph)
    graph.inputs = inputs
    graph.previous = next(iter(inputs))
    for proto in model.graph.node:
        if proto.name.startswith("/"):  # the nodes under each module, at any depth
            module = tuple(proto.name[1:].split("/")[:-1])
            for end in range(1, len(module) + 1):
                graph.modules[module[:end]] = graph.modules.get(module[:end], 0) + 1
    for proto in model.graph.node:
        try:
            node = _Node(proto, file)
        except (ValueError, TypeError, KeyError, IndexError) as error:
            raise OnnxError(f"ONNX node `{proto.name}` ({proto.op_type}) has attributes ONNX does not write ({error})",
                            Location(file)) from None
        try:
            _read_node(node, graph)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:  # a damaged file
            raise node.fail(f"its inputs, outputs or attributes are not what ONNX writes ({error!r})") from None
    unreached = [output.name for output in model.graph.output if output.name not in graph.tensors]
    if unreached:
        raise OnnxError(f"its output `{unreached[0]}` is not computed from its input by operators cnncalc reads",
                        Location(file))
    outputs = [graph.tensors[output.name] for output in model.graph.output]
    if not graph.items:
        raise OnnxError("has no operator that computes on the network's input", Location(file))
    generic = not model.graph.name or model.graph.name in ("main_graph", "torch_jit", "torch-jit-export")
    document: dict[str, Any] = {"name": Path(file).stem if generic else str(model.graph.name),
                                "description": f"read from an ONNX model (opset {opset}"
                                               f"{', ' + model.producer_name if model.producer_name else ''})",
                                **({"args": graph.args} if graph.args else {}), "inputs": inputs,
                                "layers": graph.items}
    if len(outputs) > 1 or (outputs and outputs[-1] != graph.previous):
        document["outputs"] = outputs
    return document


def _inputs(model: Any, graph: _Graph) -> dict[str, str | list[object]]:
    found: dict[str, str | list[object]] = {}
    for item in model.graph.input:
        if item.name in graph.dims:  # an initializer listed as an input (older exporters)
            continue
        dims = [dim.dim_value if dim.HasField("dim_value") else None for dim in item.type.tensor_type.shape.dim]
        shape = dims[1:]  # the batch axis
        if not shape or any(size is not None and size < 1 for size in shape):
            shown = "×".join("?" if size is None else str(size) for size in dims)
            raise OnnxError(f"the model's input `{item.name}` has no size on an axis ({shown}); cnncalc counts a network at "
                            "one size: export it with one (torch.onnx.export with a fixed example input, no "
                            "dynamic_axes but the batch)", Location(graph.file))
        # NCHW to channels last, unless what reads it takes its last axis as its features (a MatMul on [N, L, F])
        features_last = all(node.op_type in ("MatMul", "Gemm", "LayerNormalization", "Softmax")
                            for node in model.graph.node if item.name in node.input)
        channels_last = shape if features_last or len(shape) < 2 else shape[1:] + shape[:1]
        name = graph.unique(item.name)
        found[name] = input_shape(channels_last, name, graph.args)
        graph.tensors[item.name] = name
        graph.ranks[item.name] = len(dims)
    if not found:
        raise OnnxError("has no input that is not a constant", Location(graph.file))
    return found


def _read_node(node: _Node, graph: _Graph) -> None:
    data = [name for name in node.inputs if name in graph.tensors]
    if node.op == "Constant":
        _constant(node, graph)
        return
    if any(name in graph.shuffling for name in node.inputs):
        _shuffle(node, graph)
        return
    if any(hasattr(value, "node") for value in node.attributes.values()):  # If, Loop, Scan: graphs inside
        raise node.fail("holds graphs of its own (a branch or a loop); cnncalc reads a network without them")
    if not data and node.op in SHAPE_ARITHMETIC:
        _fold(node, graph)
    if not data:
        if node.op == "Identity" and node.inputs and node.inputs[0] in graph.dims:  # an initializer stored once
            graph.dims[node.outputs[0]] = graph.dims[node.inputs[0]]
            if node.inputs[0] in graph.values:
                graph.values[node.outputs[0]] = graph.values[node.inputs[0]]
        return  # computes on constants and shapes only
    if node.op in ("Shape", "Size"):  # the network's tensor's shape: its sizes, for what only computes shapes
        sizes = graph.sizes(node.inputs[0]) if node.op == "Shape" else None
        if sizes:
            graph.values[node.outputs[0]] = [float(size) for size in sizes[node.get("start", 0):node.get("end")]]
            graph.whole.add(node.outputs[0])
            graph.vectors.add(node.outputs[0])
        return
    if node.op in PASS_THROUGH:
        graph.alias(node.outputs[0], data[0])
        return
    if node.op in JOINS:
        if len(data) == 1 and len([name for name in node.inputs if name]) == 1:  # a concat of one: the tensor itself
            graph.alias(node.outputs[0], data[0])
            return
        if node.op == "Mul":  # cnncalc scales the larger by the smaller (a squeeze-excite gate), in either order
            data.sort(key=lambda name: -prod(size or 0 for size in graph.inferred_dims.get(name, [0])))
        if len(data) < len([name for name in node.inputs if name]):
            if node.op == "Add" and len(data) == 1 and _bias_of(node, graph, data[0]):
                return
            if len(data) == 1 and _by_a_number(node, graph, data[0]):
                return
            raise node.fail("with a constant of the file's own; cnncalc reads these of the network's tensors, an Add "
                            "of a bias to a convolution or a MatMul without one, and one by a single number")
        if node.op == "Concat" and node.get("axis") not in (1, -3) and graph.ranks.get(data[0], 4) == 4:
            raise node.fail(f"concatenates on axis {node.get('axis')}; cnncalc concatenates channels")
        graph.add(node, JOINS[node.op], {}, data, graph.ranks.get(data[0], 4))
        return
    if node.op in ("Split", "Slice"):
        _split(node, graph, data[0])
        return
    if node.op == "Reshape" and _shuffle_begins(node, graph, data[0]):
        return
    if node.op == "ReduceMean" and not node.get("keepdims", 1):  # x.mean([2, 3]): the mean, the axes dropped
        _reduce_mean(node, graph)  # the checks of a mean that keeps its axes
        pooled = [f"{node.outputs[0]}.pooled"]  # a tensor between the two layers, of the reader's own
        graph.add(node.part(node.name, outputs=pooled), "global_avgpool", {}, data[:1], 4)
        graph.add(node.part(f"{node.name}.flatten", inputs=pooled), "flatten", {}, pooled, 2)
        return
    convert = CONVERTERS.get(node.op)
    if convert is None and graph.go_on:
        if len(data) > 1:
            raise node.fail(f"cnncalc does not know this operator, and goes on past one that reads one of the network's "
                            f"tensors; this one reads {len(data)}")
        kind, settings, rank = _uncounted(node, graph)
        graph.add(node, kind, settings, data, rank)
        return
    if convert is None:
        raise node.fail("cnncalc does not know this operator; docs/import.md lists those it reads (--unknown zero "
                        "goes on, counting it as nothing)")
    if data[0] != node.inputs[0]:
        raise node.fail("reads the network's tensor in another place than its first input")
    try:
        kind, settings, rank = convert(node, graph)
    except (TypeError, ValueError, KeyError, IndexError) as error:
        raise node.fail(f"its attributes are not what ONNX writes ({error})") from None
    graph.add(node, kind, settings, data[:1], rank)


def _uncounted(node: _Node, graph: _Graph) -> tuple[str, Settings, int]:
    """An operator cnncalc does not know as `uncounted`: its output shape as ONNX's shape inference gives
    it, NCHW to channels last; as parameters, the sizes of the weights it reads; its work not counted."""
    dims = graph.inferred_dims.get(node.outputs[0]) if node.outputs else None
    sizes = dims[1:] if dims else []
    if len(sizes) == 2:
        raise node.fail("cnncalc does not know this operator, and cannot tell whether its output of three axes is "
                        "[N, C, L] or [N, L, F] to go on past it")
    if not sizes or any(size is None or size < 1 for size in sizes):
        raise node.fail("cnncalc does not know this operator, and ONNX's shape inference gives no size of its output "
                        "to go on past it")
    shape = [*sizes[1:], sizes[0]] if len(sizes) > 1 else sizes
    held = sum(prod(graph.dims[name]) for name in node.inputs if name in graph.dims and name not in graph.made_here
               and graph.dims[name] and graph.types.get(name) not in INDEX_TYPES)  # not a shape, an index, a number
    return "uncounted", {"op": operator_text(node.op), "shape": shape, "params": held}, len(dims or ())


def _shuffle_begins(node: _Node, graph: _Graph, source: str) -> bool:
    """A Reshape of an NCHW tensor to [N, g, C/g, H, W]: the first of a channel shuffle's three steps
    (ShuffleNet's view, transpose(1, 2), view back), which are one channel_shuffle layer."""
    target = graph.constant(node.inputs[1]) if _has(node, 1) else None
    if graph.ranks.get(source) != 4 or not target or len(target) != 5:
        return False
    dims = graph.sizes(source)
    if not dims:
        return False
    sizes = [int(dims[axis]) if size == 0 else int(size) for axis, size in enumerate(target)]
    groups, per_group = sizes[1], sizes[2]
    if sizes[3:] != dims[2:] or groups < 1 or per_group < 1 or groups * per_group != dims[1]:
        return False
    graph.shuffling[node.outputs[0]] = (source, groups, False)
    return True


def _shuffle(node: _Node, graph: _Graph) -> None:
    """The second and third steps of a channel shuffle: its axes swapped, then its shape made NCHW again."""
    name = next(name for name in node.inputs if name in graph.shuffling)
    source, groups, swapped = graph.shuffling[name]
    if not swapped and node.op == "Transpose" and list(node.get("perm") or []) == [0, 2, 1, 3, 4]:
        graph.shuffling[node.outputs[0]] = (source, groups, True)
        return
    target = graph.constant(node.inputs[1]) if node.op == "Reshape" and _has(node, 1) else None
    dims = graph.sizes(source)
    back = [dims[axis] if size == 0 else int(size) for axis, size in enumerate(target)] if target and dims else []
    others = prod(size for size in back if size != -1)
    if back.count(-1) == 1 and dims and others:  # the one size left to work out: what the others leave
        back[back.index(-1)] = prod(dims) // others
    if swapped and len(back) == 4 and dims and back[1:] == dims[1:]:
        name = f"{node.name.rpartition('/')[0]}/channel_shuffle" if node.name.startswith("/") else node.name
        graph.add(node.part(name), "channel_shuffle", {"groups": groups}, [source], 4)  # named as torchvision's
        # function, in the module of its nodes
        return
    raise node.fail("changes the layout of the network's tensor in a way cnncalc does not follow yet (it reads a "
                    "channel shuffle: a Reshape to [N, g, C/g, H, W], a Transpose of axes 1 and 2, a Reshape back)")


def _fold(node: _Node, graph: _Graph) -> None:
    """Shape arithmetic on constants and the network's sizes (torch writes `x.size(1) // 2` so): its
    value, where every input has one, for a Reshape, Slice, Pad or Resize after it to read."""
    values = [_vector(graph, name) if name else None for name in node.inputs]
    if not node.outputs or not values or values[0] is None or \
            not all(abs(item) <= EXACT for value in values if value for item in value):  # NaN fails too
        return
    whole = all(name in graph.whole for name in node.inputs if name)
    first: list[float] = values[0] or []
    result: list[float] | None = None
    if node.op in ("Identity", "Unsqueeze", "Squeeze"):
        result = first
    elif node.op == "Cast":
        whole = node.get("to") in INTEGER_TYPES
        result = [float(int(value)) for value in first] if whole else first  # to an integer: toward zero
    elif node.op == "Concat" and all(value is not None for value in values):
        result = [item for value in values for item in value or []]
    elif node.op == "Slice" and len(values) >= 3 and values[1] and values[2] and \
            all(value in (None, [0.0]) for value in values[3:4]) and all(value in (None, [1.0]) for value in values[4:5]):
        result = first[int(values[1][0]):int(min(values[2][0], len(first)))]
    elif node.op == "Gather" and len(values) == 2 and values[1] is not None and node.get("axis", 0) == 0:
        indices = [int(index) for index in values[1]]
        if all(-len(first) <= index < len(first) for index in indices):
            result = [first[index] for index in indices]
    elif node.op in ("Add", "Sub", "Mul", "Div") and len(values) == 2 and values[1] is not None:
        left, right = first, values[1]
        if len(left) == 1 or len(right) == 1 or len(left) == len(right):
            size = max(len(left), len(right))
            pairs = [(left[index % len(left)], right[index % len(right)]) for index in range(size)]
            if node.op != "Div" or all(b != 0 for _, b in pairs):
                result = [_arithmetic(node.op, a, b, whole) for a, b in pairs]
    if result is not None and len(result) <= 64 and all(abs(item) <= EXACT for item in result):
        graph.values[node.outputs[0]] = result
        graph.vectors.add(node.outputs[0])
        if whole:
            graph.whole.add(node.outputs[0])


def _vector(graph: _Graph, name: str) -> list[float] | None:
    """The values of a number or a vector the file holds or its shape arithmetic makes; None for one
    of more axes (whose Gather, Slice or Concat along an axis is not folded)."""
    if name in graph.vectors or len(graph.dims.get(name, (0, 0))) <= 1:
        return graph.constant(name)
    return None


def _arithmetic(operator: str, left: float, right: float, whole: bool) -> float:
    if operator == "Add":
        return left + right
    if operator == "Sub":
        return left - right
    if operator == "Mul":
        return left * right
    return float(int(left / right)) if whole else left / right  # integers divide toward zero, as ONNX's Div does


def _by_a_number(node: _Node, graph: _Graph, source: str) -> bool:
    """An Add, Sub, Mul or Div of the network's tensor and one number (x + 3 in a hard sigmoid written
    out): no weights and, as cnncalc counts element-wise work, no multiply-adds; the tensor goes on."""
    constants = [name for name in node.inputs if name and name != source]
    if len(constants) != 1 or graph.dims.get(constants[0]) is None or prod(graph.dims[constants[0]]) != 1:
        return False
    graph.alias(node.outputs[0], source)
    return True


def _bias_of(node: _Node, graph: _Graph, source: str) -> bool:
    """An Add of a constant to the output of a layer without a bias, one value per channel or unit
    (how some exporters write a Linear on more than two axes: MatMul, then Add): that layer's bias."""
    path = graph.tensors[source]
    kind, settings = graph.written.get(path, ("", {}))
    constant = next((name for name in node.inputs if name and name != source), "")
    dims = graph.dims.get(constant)
    if kind not in ("dense", "conv") or settings.get("bias") or dims is None or path != graph.previous:
        return False
    channels = settings.get("units") or settings.get("filters")
    if [size for size in dims if size != 1] != [channels]:
        return False
    settings["bias"] = True
    graph.alias(node.outputs[0], source, 2)
    return True


def _constant(node: _Node, graph: _Graph) -> None:
    """A Constant node's tensor, as an initializer: its dimensions, and its values where few."""
    from onnx import numpy_helper

    value = node.attributes.get("value")
    if value is None or not node.outputs:
        return
    graph.dims[node.outputs[0]] = tuple(value.dims)
    graph.types[node.outputs[0]] = value.data_type
    graph.made_here.add(node.outputs[0])
    if value.data_type in INTEGER_TYPES:
        graph.whole.add(node.outputs[0])
    if prod(value.dims) <= 64:
        try:
            graph.values[node.outputs[0]] = [float(item) for item in numpy_helper.to_array(value).flatten()]
        except (ValueError, TypeError):
            pass


def _split(node: _Node, graph: _Graph, source: str) -> None:
    """Split or Slice on the channels: a channel_slice per output."""
    if node.op == "Split":
        if node.get("axis", 0) not in (1, -3):
            raise node.fail("splits another axis than the channels")
        sizes = node.get("split") or (graph.constant(node.inputs[1]) if _has(node, 1) else None)
        if not sizes:
            raise node.fail("cnncalc reads a split into sizes the file gives")
        start = 0
        for output, size in zip(node.outputs, sizes):
            name = f"{node.name}_{output}" if node.name.startswith("/") else f"{node.name}.{output}"
            graph.add(node.part(name, outputs=[output]), "channel_slice", {"start": start, "stop": start + int(size)},
                      [source], 4)
            start += int(size)
        return
    starts, ends, axes = (graph.constant(node.inputs[index]) if _has(node, index) else None for index in (1, 2, 3))
    starts, ends, axes = starts or node.get("starts"), ends or node.get("ends"), axes or node.get("axes")
    steps = graph.constant(node.inputs[4]) if _has(node, 4) else None
    if not starts or not ends or len(starts) != 1 or len(ends) != 1 or list(axes or []) not in ([1], [1.0]) or \
            (steps and steps != [1.0]) or not all(abs(bound) <= 2**63 for bound in (*starts, *ends)):
        raise node.fail("cnncalc reads a slice of the channels, every one from start to stop")
    start, stop = int(starts[0]), int(min(ends[0], 2**62))
    channels = (graph.sizes(node.inputs[0]) or [0, 0])[1]
    if channels:  # counted from the end, or past it (x[:, c:]): as ONNX clamps them
        start, stop = (min(max(bound + channels if bound < 0 else bound, 0), channels) for bound in (start, stop))
    elif start < 0 or stop < 0 or stop >= 2**31 - 1:
        raise node.fail("a slice from the end, or to it, of a tensor whose channels the file does not give")
    graph.add(node, "channel_slice", {"start": start, "stop": stop}, [source], 4)


# --- reading the file without its weights' values -------------------------------------------------
# protobuf's wire format, as much of it as it takes to copy an ONNX ModelProto while leaving out the
# data of its large tensors: the graph's initializers keep their names and dimensions.
MODEL_GRAPH, GRAPH_INITIALIZER = 7, 5
TENSOR_DATA = {4, 5, 6, 7, 9, 10, 11}  # float_data, int32_data, string_data, int64_data, raw_data, double, uint64
KEEP_DATA = 1024  # bytes: a tensor's values kept below this (shapes, scales, bounds)


def _varint(stream: BinaryIO) -> int | None:
    shift = value = 0
    while True:
        byte = stream.read(1)
        if not byte:
            if shift:
                raise ValueError("the file ends inside a number")
            return None
        value |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return value
        shift += 7
        if shift > 63:
            raise ValueError("a number longer than protobuf writes")


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _fields(stream: BinaryIO, end: int) -> Iterator[tuple[int, int, int, int]]:
    """(number, wire type, start of the value, its length) of each field up to `end`."""
    while stream.tell() < end:
        key = _varint(stream)
        if key is None:
            return
        number, wire = key >> 3, key & 7
        if wire == 0:
            start = stream.tell()
            _varint(stream)
            yield number, wire, start, stream.tell() - start
        elif wire == 1 or wire == 5:
            start = stream.tell()
            stream.seek(8 if wire == 1 else 4, 1)
            yield number, wire, start, 8 if wire == 1 else 4
        elif wire == 2:
            length = _varint(stream)
            if length is None:
                raise ValueError("the file ends inside a field")
            start = stream.tell()
            if start + length > end:
                raise ValueError("a field runs past its message's end")
            stream.seek(length, 1)
            yield number, wire, start, length
        else:
            raise ValueError(f"wire type {wire}, which protobuf does not write")


def _copied(stream: BinaryIO, start: int, length: int) -> bytes:
    stream.seek(start)
    payload = stream.read(length)
    if len(payload) != length:
        raise ValueError("the file ends inside a field")
    return payload


def _field(number: int, wire: int, payload: bytes) -> bytes:
    key = _encode_varint(number << 3 | wire)
    return key + (_encode_varint(len(payload)) + payload if wire == 2 else payload)


def _without_large_data(stream: BinaryIO, end: int, depth: int, budget: list[int]) -> bytes:
    """A message copied, where it is the model, its graph or a tensor of the graph, with the data of
    large tensors left out; `budget`: the fields and the bytes still allowed to be copied."""
    out = bytearray()
    for number, wire, start, length in _fields(stream, end):
        here = stream.tell()
        budget[0] -= 1
        budget[1] -= 0 if depth == 2 and number in TENSOR_DATA and length > KEEP_DATA else length
        if budget[0] < 0 or budget[1] < 0:
            raise SpecError("holds more fields or bytes outside its weights than a network's graph of the layers a "
                            "spec may have (--max-layers)")
        if depth == 0 and number == MODEL_GRAPH and wire == 2:
            stream.seek(start)
            out += _field(number, 2, _without_large_data(stream, start + length, 1, budget))
        elif depth == 1 and number == GRAPH_INITIALIZER and wire == 2:
            stream.seek(start)
            out += _field(number, 2, _without_large_data(stream, start + length, 2, budget))
        elif depth == 2 and number in TENSOR_DATA and length > KEEP_DATA:
            pass
        else:
            out += _field(number, wire, _copied(stream, start, length))
        stream.seek(here)
    return bytes(out)


def read_model(path: str, limits: Limits = Limits()) -> Any:
    """The ModelProto of an ONNX file, its large tensors without their data: read field by field,
    skipping what is left out, so a model of a gigabyte reads as fast as its graph. What is not
    skipped is bounded by the layers a spec may have: 20 fields and 2 KiB a layer."""
    import onnx

    with open(path, "rb") as stream:
        stream.seek(0, 2)
        end = stream.tell()
        stream.seek(0)
        try:
            skimmed = _without_large_data(stream, end, 0, [20 * limits.max_layers, 2048 * limits.max_layers])
        except SpecError as error:
            raise SpecError(error.message, Location(path)) from None
    model = onnx.ModelProto()
    model.ParseFromString(skimmed)
    return model
