"""Walk a spec's nodes in order, through joins and blocks, applying one rule per layer."""
from __future__ import annotations

from math import prod
from operator import add, mul, sub

from cnncalc._gc import collector_paused
from cnncalc.errors import SpecError
from cnncalc.layers import KINDS, Counts, Shape, shape_text
from cnncalc.report import DTYPE_BYTES, LayerReport, Report, totals_of
from cnncalc.spec import Branch, Join, Layer, Node, Spec, projection_shortcut
from cnncalc.spec.nodes import MAX_BATCH, MAX_ELEMENTS, MAX_SIZE

# Rules are pure: the same layer settings on the same input shape always give the same counts.
# Networks repeat blocks, and scripts analyze the same designs again and again, so results are kept.
_RULE_CACHE: dict[tuple, tuple[Counts, object]] = {}  # -> (counts, field step)
_RULE_CACHE_LIMIT = 100_000
_FIELD_CACHE: dict[tuple, tuple] = {}  # (field, step) -> the field after the step: pure as well


def analyze(spec: Spec, batch: int = 1, dtype: str = "float32", receptive_field: bool = True) -> Report:
    """Every layer's output shape and counts, in order, and the totals; the receptive field of
    every layer unless asked not to. Raises SpecError."""
    if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= MAX_BATCH:
        raise SpecError(f"batch must be a whole number from 1 to {MAX_BATCH:,}; received {str(batch)[:40]}")
    if dtype not in DTYPE_BYTES:
        raise SpecError(f"dtype must be one of {', '.join(DTYPE_BYTES)}; received {dtype!r}")
    walk = _Walk(batch)
    rank = len(spec.input_shape) - 1
    field = ((1,) * rank, (1,) * rank, (0,) * rank) if rank and receptive_field else None
    with collector_paused():
        output_shape, depth, _ = walk.sequence(spec.layers, spec.input_shape, (), 0, field)
    layers = tuple(walk.rows)
    shape = spec.input_shape
    if len(shape) == 3 and shape[0] in (1, 3) and shape[1] == shape[2] >= 16:
        walk.warnings.insert(0, f"input {shape_text(shape)} has {shape[2]} channels (cnncalc reads H×W×C, channels "
                                f"last); PyTorch's ({shape[0]}, {shape[1]}, {shape[2]}) is written "
                                f"{shape[1]}x{shape[2]}x{shape[0]}")
    if walk.dense_on_maps:
        walk.warnings.append(_dense_warning(walk.dense_on_maps))
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
        warnings=tuple(walk.warnings),
    )


class _Walk:
    def __init__(self, batch: int):
        self.batch = batch
        self.rows: list[LayerReport] = []
        self.containers: dict[str, str] = {}
        self.warnings: list[str] = []
        self.dense_on_maps: list[tuple[str, Shape]] = []

    # Each step takes and returns the shape, the depth (layers with weights on the longest path so
    # far) and the receptive field: (size, stride, padding) per spatial axis, or None once an output
    # sees the whole input (docs/receptive-field.md).
    def sequence(self, nodes: tuple[Node, ...], shape: Shape, scope: tuple[str, ...], depth: int,
                 field: Field) -> tuple[Shape, int, Field]:
        for node in nodes:
            if isinstance(node, Layer):
                shape, depth, field = self.layer(node, shape, scope, depth, field)
            elif isinstance(node, Join):
                shape, depth, field = self.join(node, shape, scope, depth, field)
            else:
                self.containers[node.location.path] = node.kind
                shape, depth, field = self.sequence(node.nodes, shape, (*scope, node.location.path), depth, field)
        return shape, depth, field

    def layer(self, node: Layer, shape: Shape, scope: tuple[str, ...], depth: int,
              field: Field) -> tuple[Shape, int, Field]:
        key = (node.key, shape)
        cached = _RULE_CACHE.get(key)
        if cached is None:
            try:
                counts = KINDS[node.kind].rule(shape, node.settings)
                within_limits(counts.output_shape, node.kind)
            except SpecError as error:
                raise error.at(node.location) from None
            if len(_RULE_CACHE) >= _RULE_CACHE_LIMIT:
                _RULE_CACHE.clear()
            cached = _RULE_CACHE[key] = (counts, field_step(counts, shape))
        counts, step = cached
        output_shape = counts.output_shape
        if len(shape) > 1 and node.kind == "dense":
            self.dense_on_maps.append((node.location.path, shape))
        if field is not None and step is not KEEP:
            if step is None:
                field = None
            else:
                moved = _FIELD_CACHE.get((field, step))
                if moved is None:
                    if len(_FIELD_CACHE) >= _RULE_CACHE_LIMIT:
                        _FIELD_CACHE.clear()
                    moved = _FIELD_CACHE[(field, step)] = (
                        tuple(map(add, field[0], map(mul, step[0], field[1]))),
                        tuple(map(mul, field[1], step[1])),
                        tuple(map(add, field[2], map(mul, step[2], field[1]))),
                    )
                field = moved
        self.rows.append(
            LayerReport(node.location.path, node.name, node.kind, scope, shape, output_shape, counts,
                        counts.macs * self.batch, prod(output_shape) * self.batch, self.batch, node.location.line,
                        field)
        )
        return output_shape, depth + (1 if counts.weights else 0), field

    def join(self, node: Join, shape: Shape, scope: tuple[str, ...], depth: int,
             field: Field) -> tuple[Shape, int, Field]:
        path = node.location.path
        self.containers[path] = node.kind
        inner = (*scope, path)
        outputs, depths, fields = [], [], []
        for branch in node.branches:
            nodes = self.auto_shortcut(node, branch, shape, outputs[0]) if branch.auto else branch.nodes
            branch_shape, branch_depth, branch_field = self.sequence(nodes, shape, inner, depth, field)
            outputs.append(branch_shape)
            depths.append(branch_depth)
            fields.append(branch_field)
        try:
            counts = MERGES[node.merge](node, outputs)
            within_limits(counts.output_shape, node.kind)
        except SpecError as error:
            raise error.at(node.location) from None
        joined = self.joined_field(node, fields)
        self.rows.append(
            LayerReport(path, node.name, node.merge, scope, shape, counts.output_shape, counts, 0,
                        prod(counts.output_shape) * self.batch, self.batch, node.location.line, joined,
                        tuple(fields))
        )
        return counts.output_shape, max(depths), joined

    def joined_field(self, node: Join, fields: list[Field]) -> Field:
        key = (node.merge, tuple(fields))
        cached = _FIELD_CACHE.get(key)
        if cached is None:
            if len(_FIELD_CACHE) >= _RULE_CACHE_LIMIT:
                _FIELD_CACHE.clear()
            cached = _FIELD_CACHE[key] = join_fields(node.merge, fields)
        joined, mismatches = cached
        for index, stride, centre, other_stride, other_centre in mismatches:
            self.warnings.append(
                f"{node.location.path}: the paths meeting here do not line up: {_described(node, 0)} has "
                f"stride {_axes(stride)} and centre {_halves(centre)}, {_described(node, index)} stride "
                f"{_axes(other_stride)} and centre {_halves(other_centre)}; the field shown is the largest path's"
            )
        return joined

    def auto_shortcut(self, node: Join, branch: Branch, shape: Shape, body_shape: Shape) -> tuple[Layer, ...]:
        """The identity, or, as torchvision's ResNet decides, a projection when the body strides or
        changes the channels (even where a stride leaves a 1×1 map the same size)."""
        if body_shape == shape and not branch.strided:
            return ()
        stride = projection_stride(shape, body_shape)
        if stride is None:
            raise SpecError(
                f"shortcut: auto cannot reach {shape_text(body_shape)} from {shape_text(shape)} with a "
                "strided 1×1 conv; write the shortcut out", node.location
            )
        return projection_shortcut(node.location, body_shape[-1], stride)


def within_limits(shape: Shape, kind: str) -> None:
    """A derived size is held to the limits of a given one: no axis past 2⁴⁰, no tensor past 2⁴⁸
    values. Counts made from such sizes stay far below any limit of digits or floats."""
    if any(size > MAX_SIZE for size in shape):
        raise SpecError(f"{kind} would output {shape_text(shape)}: an axis past the limit of {MAX_SIZE:,}")
    if prod(shape) > MAX_ELEMENTS:
        raise SpecError(f"{kind} would output {shape_text(shape)} = {prod(shape):,} values, past the limit of "
                        f"{MAX_ELEMENTS:,} values in one tensor")


def projection_stride(shape: Shape, body_shape: Shape) -> tuple[int, ...] | None:
    """The stride of a 1×1 conv that takes `shape` to the spatial size of `body_shape`, or None if
    none does (the body grows the map, or has other axes)."""
    if len(body_shape) != len(shape) or len(shape) < 2:
        return None
    stride = tuple(-(-size_in // size_out) for size_in, size_out in zip(shape[:-1], body_shape[:-1]))
    if any(-(-size_in // step) != size_out for size_in, step, size_out in zip(shape[:-1], stride, body_shape[:-1])):
        return None
    return stride


Field = tuple[Shape, Shape, Shape] | None


KEEP = "keep"  # a field step for layers that leave the field as it is


def field_step(counts: Counts, shape: Shape):
    """How a layer moves the receptive field, per axis: r ← r + (k−1)·d·j, j ← j·s, p ← p + q·j
    (Araujo, Norris and Sim 2019), kept as ((k−1)·d, s, q). KEEP for a layer without a window that
    keeps the spatial size; None for one whose outputs see the whole input (or, for a transposed
    convolution, a fraction of a pixel: docs/receptive-field.md)."""
    windows = counts.windows
    if windows:
        if windows[0].transposed:
            return None
        return (tuple(w.span - 1 for w in windows), tuple(w.stride for w in windows), tuple(w.before for w in windows))
    if len(counts.output_shape) == len(shape) and counts.output_shape[:-1] == shape[:-1]:
        return KEEP
    return None


def join_fields(merge: str, fields: list[Field]) -> tuple[Field, tuple]:
    """Where paths meet they must agree in stride and centre; the field is the largest path's.
    A `scale` branch that sees the whole input is a gate: the field is the scaled path's.
    Returns the field and, for each path out of line with the first, what differs."""
    if merge == "multiply":
        fields = [field for field in fields if field is not None] or [None]
    if any(field is None for field in fields):
        return None, ()
    size, stride, padding = fields[0]
    centre = tuple(map(sub, size, map(add, padding, padding)))  # r − 2p: the centre (r − 1)/2 − p, doubled, + 1
    mismatches = []
    for index, (other_size, other_stride, other_padding) in enumerate(fields[1:], start=1):
        other_centre = tuple(map(sub, other_size, map(add, other_padding, other_padding)))
        if other_stride != stride or other_centre != centre:
            mismatches.append((index, stride, centre, other_stride, other_centre))
        if other_size != size:
            size, padding = (tuple(map(max, size, other_size)),
                             tuple(p if r >= q else o for r, q, p, o in zip(size, other_size, padding, other_padding)))
    return (size, stride, padding), tuple(mismatches)


def _axes(values: Shape) -> str:
    return str(values[0]) if len(set(values)) == 1 else "×".join(map(str, values))


def _halves(doubled_plus_one: Shape) -> str:
    """The centre (r − 1)/2 − p from r − 2p."""
    return _axes(tuple((value - 1) // 2 if value % 2 else (value - 1) / 2 for value in doubled_plus_one))


def _described(node: Join, index: int) -> str:
    branch = node.branches[index]
    if node.merge == "concat":
        return branch.label
    return branch.label or "the layers' output"


def _dense_warning(found: list[tuple[str, Shape]]) -> str:
    path, shape = found[0]
    others = len(found) - 1
    more = "" if not others else f"; {others} more dense layer{'s do' if others > 1 else ' does'} the same"
    return (f"{path}: dense acts on the last axis at each of the {shape_text(shape[:-1])} positions of its "
            f"{shape_text(shape)} input, as Keras' Dense does; put `flatten` before it for one layer over the "
            f"whole map, as PyTorch's nn.Linear after flatten{more}")


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
        if node.branches[1].nodes:
            fix = f"make the `shortcut:` layers end in {shape_text(body)}"
        elif projection_stride(shortcut, body) is not None:
            fix = f"give `shortcut: auto` (a strided 1×1 conv and batchnorm), or `shortcut:` layers that end in {shape_text(body)}"
        else:
            fix = f"give `shortcut:` layers that end in {shape_text(body)}"
        raise SpecError(
            f"residual cannot add the layers' output {shape_text(body)} to the shortcut's {shape_text(shortcut)}; {fix}"
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
