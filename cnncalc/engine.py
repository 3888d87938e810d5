"""Walk a spec's nodes in order, through joins and blocks, applying one rule per layer."""
from __future__ import annotations

from math import prod

from cnncalc._gc import collector_paused
from cnncalc.errors import SpecError
from cnncalc.layers import KINDS, Counts, Shape, shape_text
from cnncalc.report import DTYPE_BYTES, LayerReport, Report, totals_of
from cnncalc.spec import Branch, Group, Join, Layer, Node, Spec, projection_shortcut, strided

# Rules are pure: the same layer settings on the same input shape always give the same counts.
# Networks repeat blocks, and scripts analyze the same designs again and again, so results are kept.
_RULE_CACHE: dict[tuple, Counts] = {}
_RULE_CACHE_LIMIT = 100_000


def analyze(spec: Spec, batch: int = 1, dtype: str = "float32") -> Report:
    """Every layer's output shape and counts, in order, and the totals. Raises SpecError."""
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise SpecError(f"batch must be a whole number ≥ 1; received {batch!r}")
    if dtype not in DTYPE_BYTES:
        raise SpecError(f"dtype must be one of {', '.join(DTYPE_BYTES)}; received {dtype!r}")
    walk = _Walk(batch)
    with collector_paused():
        output_shape, depth = walk.sequence(spec.layers, spec.input_shape, (), 0)
    layers = tuple(walk.rows)
    return Report(
        name=spec.name,
        file=spec.file,
        input_shape=spec.input_shape,
        output_shape=output_shape,
        layers=layers,
        totals=totals_of(layers, dtype),
        containers=walk.containers,
        batch=batch,
        dtype=dtype,
        description=spec.description,
        source=spec.source,
        depth=depth,
        published=spec.published,
    )


class _Walk:
    def __init__(self, batch: int):
        self.batch = batch
        self.rows: list[LayerReport] = []
        self.containers: dict[str, str] = {}

    # Each step returns the shape and the depth: layers with weights on the longest path so far.
    def sequence(self, nodes: tuple[Node, ...], shape: Shape, scope: tuple[str, ...], depth: int) -> tuple[Shape, int]:
        for node in nodes:
            if isinstance(node, Layer):
                shape, depth = self.layer(node, shape, scope, depth)
            elif isinstance(node, Join):
                shape, depth = self.join(node, shape, scope, depth)
            else:
                self.containers[node.location.path] = node.kind
                shape, depth = self.sequence(node.nodes, shape, (*scope, node.location.path), depth)
        return shape, depth

    def layer(self, node: Layer, shape: Shape, scope: tuple[str, ...], depth: int) -> tuple[Shape, int]:
        key = (node.key, shape)
        counts = _RULE_CACHE.get(key)
        if counts is None:
            try:
                counts = KINDS[node.kind].rule(shape, node.settings)
            except SpecError as error:
                raise error.at(node.location) from None
            if len(_RULE_CACHE) >= _RULE_CACHE_LIMIT:
                _RULE_CACHE.clear()
            _RULE_CACHE[key] = counts
        output_shape = counts.output_shape
        self.rows.append(
            LayerReport(node.location.path, node.name, node.kind, scope, shape, output_shape, counts,
                        counts.macs * self.batch, prod(output_shape) * self.batch, self.batch, node.location.line)
        )
        return output_shape, depth + (1 if counts.weights else 0)

    def join(self, node: Join, shape: Shape, scope: tuple[str, ...], depth: int) -> tuple[Shape, int]:
        path = node.location.path
        self.containers[path] = node.kind
        inner = (*scope, path)
        outputs, depths = [], []
        for branch in node.branches:
            nodes = self.auto_shortcut(node, branch, shape, outputs[0]) if branch.auto else branch.nodes
            branch_shape, branch_depth = self.sequence(nodes, shape, inner, depth)
            outputs.append(branch_shape)
            depths.append(branch_depth)
        try:
            counts = MERGES[node.merge](node, outputs)
        except SpecError as error:
            raise error.at(node.location) from None
        self.rows.append(
            LayerReport(path, node.name, node.merge, scope, shape, counts.output_shape, counts, 0,
                        prod(counts.output_shape) * self.batch, self.batch, node.location.line)
        )
        return counts.output_shape, max(depths)

    def auto_shortcut(self, node: Join, branch: Branch, shape: Shape, body_shape: Shape) -> tuple[Layer, ...]:
        """The identity, or, as torchvision's ResNet decides, a projection when the body strides or
        changes the channels (even where a stride leaves a 1×1 map the same size)."""
        if body_shape == shape and not strided(node.branches[0].nodes):
            return ()
        if len(body_shape) != len(shape):
            raise SpecError(
                f"shortcut: auto cannot project {shape_text(shape)} to {shape_text(body_shape)}", node.location
            )
        stride = tuple(-(-size_in // size_out) for size_in, size_out in zip(shape[:-1], body_shape[:-1]))
        if any(-(-size_in // step) != size_out for size_in, step, size_out in zip(shape[:-1], stride, body_shape[:-1])):
            raise SpecError(
                f"shortcut: auto cannot reach {shape_text(body_shape)} from {shape_text(shape)} with a "
                "strided 1×1 conv; write the shortcut out", node.location
            )
        return projection_shortcut(node.location, body_shape[-1], stride)


def _described(node: Join, index: int) -> str:
    branch = node.branches[index]
    if node.merge == "concat":
        return branch.label
    return branch.label or "the layers' output"


def merge_concat(node: Join, shapes: list[Shape]) -> Counts:
    """Branches side by side along channels: spatial sizes must match; channels add up."""
    spatial = shapes[0][:-1]
    for index, shape in enumerate(shapes[1:], start=1):
        if shape[:-1] != spatial:
            raise SpecError(
                f"concat cannot join {_described(node, 0)} ({shape_text(shapes[0])}) and "
                f"{_described(node, index)} ({shape_text(shape)}): all but the channel axis must match"
            )
    channels = sum(shape[-1] for shape in shapes)
    parts = " + ".join(str(shape[-1]) for shape in shapes)
    return Counts(output_shape=spatial + (channels,), note=f"channels {parts} = {channels}")


def merge_add(node: Join, shapes: list[Shape]) -> Counts:
    """Element-wise sum: every branch must have the same shape."""
    body, shortcut = shapes
    if body != shortcut:
        raise SpecError(
            f"residual cannot add the layers' output {shape_text(body)} to the shortcut's "
            f"{shape_text(shortcut)}; give `shortcut:` layers that match, or `shortcut: auto`"
        )
    return Counts(output_shape=body, note=f"{shape_text(body)} + {shape_text(shortcut)}, element-wise")


def merge_multiply(node: Join, shapes: list[Shape]) -> Counts:
    """The input scaled by the branch's output: same shape, or 1 on every spatial axis (channel-wise)."""
    shape, scale = shapes
    if scale != shape and (scale[-1] != shape[-1] or any(size != 1 for size in scale[:-1]) or len(scale) not in (1, len(shape))):
        raise SpecError(
            f"scale cannot multiply the input {shape_text(shape)} by the branch's {shape_text(scale)}: "
            f"the branch must end in {shape_text(shape)} or {shape_text((1,) * (len(shape) - 1) + shape[-1:])}"
        )
    return Counts(output_shape=shape, note=f"{shape_text(shape)} × {shape_text(scale)}, broadcast")


MERGES = {"concat": merge_concat, "add": merge_add, "multiply": merge_multiply}
