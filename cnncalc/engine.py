"""Walk a spec's nodes in order, through joins and blocks, applying one rule per layer."""
from functools import lru_cache
from itertools import islice
from math import prod
from typing import Any, NamedTuple

from cnncalc import receptive
from cnncalc._gc import collector_paused
from cnncalc.errors import Location, SpecError, visible
from cnncalc.layers import KINDS, Counts, Shape, shape_text
from cnncalc.receptive import Field
from cnncalc.report import DTYPE_BYTES, LayerReport, Report, totals_of
from cnncalc.spec import Branch, Join, Layer, Node, Spec, projection_shortcut
from cnncalc.spec.messages import did_you_mean
from cnncalc.spec.nodes import MAX_BATCH, MAX_ELEMENTS, MAX_SIZE

def analyze(spec: Spec, batch: int = 1, dtype: str = "float32", receptive_field: bool = True) -> Report:
    """Every layer's output shape and counts, in order, and the totals; what each layer reads from,
    and its bytes for `dtype`; the receptive field of every layer unless asked not to. Raises SpecError."""
    if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= MAX_BATCH:
        raise SpecError(f"batch must be a whole number from 1 to {MAX_BATCH:,}; received {str(batch)[:40]}")
    if dtype not in DTYPE_BYTES:
        raise SpecError(f"dtype must be one of {', '.join(DTYPE_BYTES)}; received {str(dtype)[:40]}")
    walk = _Walk(batch, DTYPE_BYTES[dtype])
    walk.graph = spec.graph
    inputs = spec.inputs or ((INPUT, spec.input_shape),)
    for name, input_shape in inputs:
        rank = len(input_shape) - 1
        walk.names[0][name] = name
        walk.paths[name] = (input_shape, 0, receptive.start(rank) if rank and receptive_field else None, (name,))
    first_shape, _, first_field, first_source = walk.paths[inputs[0][0]]
    with collector_paused():
        output_shape, depth, _, _ = walk.sequence(spec.layers, first_shape, (), 0, first_field, first_source)
    outputs: tuple[tuple[str, Shape], ...] = ()
    if spec.outputs:
        given = [(name, walk.tensor(name, Location(spec.file, path=name), "outputs")) for name in spec.outputs]
        outputs = tuple((name, state[0]) for name, state in given)
        output_shape, depth = outputs[0][1], max(state[1] for _, state in given)
    layers = tuple(walk.rows)
    if len(spec.inputs) > 1:
        read = {source for row in layers for source in row.inputs} | set(spec.outputs)
        walk.warnings.extend(f"input `{visible(name)}` is read by no layer" for name, _ in spec.inputs[1:]
                             if name not in read)
    shape = spec.input_shape
    if len(shape) == 3 and shape[0] in (1, 3) and shape[1] == shape[2] >= 16:
        walk.warnings.insert(0, f"input {shape_text(shape)} has {shape[2]} channels (cnncalc reads H×W×C, channels "
                                f"last); PyTorch's ({shape[0]}, {shape[1]}, {shape[2]}) is written "
                                f"{shape[1]}x{shape[2]}x{shape[0]}")
    if walk.dense_on_maps:
        walk.warnings.append(_dense_warning(walk.dense_on_maps))
    uncounted = [row for row in layers if row.kind == "uncounted"]
    if uncounted:
        walk.warnings.append(_uncounted_warning(uncounted))
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
        args=spec.args,
        inputs=spec.inputs,
        outputs=outputs,
        devices=spec.devices,
    )


INPUT = "input"  # what the first layer reads from
PER_AXIS = frozenset(("kernel", "stride", "dilation", "padding", "output_padding", "output_size", "scale", "by"))
AMBIGUOUS = "\x00"  # a name given to more than one layer of a sequence: never a path
State = tuple[Shape, int, "Field | None", tuple[str, ...]]  # a tensor: shape, depth, receptive field, the rows making it


class RuleResult(NamedTuple):
    counts: Counts
    step: receptive.Step | receptive.NoField  # how it moves the receptive field
    input_values: int  # per sample
    output_values: int
    stored: int  # parameters and statistics: what weight_bytes counts
    dense_on_map: bool  # dense on more than one axis: it acts per position
    moves: bool  # whether it moves bytes at all (LayerKind.moves)


@lru_cache(maxsize=100_000)
def rule_result(key: tuple[Any, ...], shape: Shape) -> RuleResult:
    """A layer's counts on an input shape, and what the walk derives from them: rules are pure, and
    networks repeat their blocks, so results are kept (an error is raised anew each time). `key` is
    Layer.key: the kind, then (name, value) for each setting."""
    kind = key[0]
    spatial = len(shape) - 1
    for name, value in key[1:]:
        if spatial and name in PER_AXIS and isinstance(value, tuple) and len(value) != spatial:  # flat: the rule says
            raise SpecError(f"{kind}'s `{name}` is read for {len(value)} spatial "
                            f"{'axis' if len(value) == 1 else 'axes'}, those of the spec's first input, but its input "
                            f"here, {shape_text(shape)}, has {spatial}: settings follow the spec's input, not a reshape "
                            "or another input of another shape")
    counts = KINDS[kind].rule(shape, dict(key[1:]))
    within_limits(counts.output_shape, kind)
    stored = counts.params + counts.non_trainable
    return RuleResult(counts, receptive.step_of(counts, shape), prod(shape), prod(counts.output_shape), stored,
                      kind == "dense" and len(shape) > 1, KINDS[kind].moves)


class _Walk:
    def __init__(self, batch: int, value_bytes: int):
        self.batch = batch
        self.value_bytes = value_bytes
        self.batch_bytes = batch * value_bytes  # the bytes of one value in every sample of the batch
        self.rows: list[LayerReport] = []
        self.containers: dict[str, str] = {}
        self.warnings: list[str] = []
        self.dense_on_maps: list[tuple[str, Shape]] = []
        # the tensors a layer may read with `from:`: by name, innermost sequence last; and by path
        self.names: list[dict[str, str]] = [{}]  # name -> path, innermost sequence last
        self.paths: dict[str, State] = {}
        self.spans: dict[str, tuple[int, int]] = {}  # path -> its rows, first and after the last
        self.graph = False  # whether any layer reads by name: only then are tensors kept for it

    # Each step takes and returns the shape, the depth (layers with weights on the longest path so
    # far), the receptive field, and the paths of the rows that make the tensor (INPUT at first).
    def sequence(self, nodes: tuple[Node, ...], shape: Shape, scope: tuple[str, ...], depth: int,
                 field: Field | None, source: tuple[str, ...]) -> tuple[Shape, int, Field | None, tuple[str, ...]]:
        graph = self.graph
        names: dict[str, str] = {}
        if graph:
            self.names.append(names)
        first_row = 0
        for node in nodes:
            if graph:
                first_row = len(self.rows)
            if graph and node.reads and not (isinstance(node, Join) and not node.branches):
                if len(node.reads) > 1:
                    raise SpecError(f"{node.kind} reads one tensor; `from` names {len(node.reads)} (to join them, "
                                    "write `add`, `concat` or `multiply` with `from: [...]`)", node.location)
                shape, depth, field, source = self.tensor(node.reads[0], node.location)
            if isinstance(node, Layer):
                shape, depth, field, source = self.layer(node, shape, scope, depth, field, source)
            elif isinstance(node, Join):
                shape, depth, field, source = self.join(node, shape, scope, depth, field, source)
            else:
                self.containers[node.location.path] = node.kind
                shape, depth, field, source = self.sequence(node.nodes, shape, (*scope, node.location.path), depth,
                                                            field, source)
            if graph:  # what `from:` and `shares:` may name later
                path = node.location.path
                self.paths[path] = (shape, depth, field, source)
                self.spans[path] = (first_row, len(self.rows))
                if node.name is not None:  # a name written twice here reads neither: `from` must say which
                    names[node.name] = AMBIGUOUS if node.name in names else path
                if node.shares is not None:
                    self.share(node, self.path_of(node.shares, node.location, "shares"), first_row)
        if graph:
            self.names.pop()
        return shape, depth, field, source

    def tensor(self, name: str, location: Location, what: str = "from") -> State:
        """The tensor an input or an earlier layer gave."""
        return self.paths[self.path_of(name, location, what)]

    def path_of(self, name: str, location: Location, what: str) -> str:
        """The path of an input or an earlier layer: by name, the nearest first, or by path."""
        for names in reversed(self.names):
            if name in names:
                if names[name] == AMBIGUOUS:
                    raise SpecError(f"`{what}: {visible(name)}` names more than one layer here; give them different "
                                    "names, or name one by its path", location)
                return names[name]
        parent = location.path
        while parent:  # a path from the sequence it is in, or one around it: `relu`, `branch[2]/conv`
            parent = parent.rpartition("/")[0]
            path = f"{parent}/{name}" if parent else name
            if path in self.paths:
                return path
        known = [*(known for names in self.names for known in names), *islice(self.paths, 5000)]
        raise SpecError(f"`{what}: {visible(name)}` names no input or earlier layer{did_you_mean(name, known)} "
                        "(a name is read once its layer has run; by path, any earlier layer)", location)

    def share(self, node: Node, original: str, first_row: int) -> None:
        """`shares: NAME`: the rows just made use the weights of NAME's rows, which must be the same
        layers with the same weights; they are counted there, once."""
        start, end = self.spans.get(original, (0, 0))
        mine = self.rows[first_row:]
        theirs = self.rows[start:end]
        if not theirs or original == node.location.path or len(theirs) != len(mine):
            raise SpecError(f"`shares: {visible(node.shares or '')}` needs an earlier layer, block or group with the "
                            f"same layers ({len(theirs)} there, {len(mine)} here)", node.location)
        for index, (row, other) in enumerate(zip(mine, theirs)):
            if _weights_of(row.counts, row.kind) != _weights_of(other.counts, other.kind):
                raise SpecError(f"`shares: {visible(node.shares or '')}`: {visible(row.path)} ({row.kind}, "
                                f"{_stored(row.counts)[0]:,} weights) cannot use the weights of {visible(other.path)} "
                                f"({other.kind}, {_stored(other.counts)[0]:,} weights)", node.location)
            self.rows[first_row + index] = row._replace(shared_with=other.shared_with or other.path, weight_bytes=0,
                                                        moved_bytes=row.moved_bytes - row.weight_bytes)

    def layer(self, node: Layer, shape: Shape, scope: tuple[str, ...], depth: int, field: Field | None,
              source: tuple[str, ...]) -> tuple[Shape, int, Field | None, tuple[str, ...]]:
        try:
            counts, step, input_values, output_values, stored, dense_on_map, moves = rule_result(node.key, shape)
        except SpecError as error:
            raise error.at(node.location) from None
        location = node.location
        path = location.path
        if dense_on_map:
            self.dense_on_maps.append((path, shape))
        if field is not None and step is not receptive.KEEP:
            field = receptive.moved(field, step)
        batch = self.batch
        activations = output_values * batch
        weight_bytes = stored * self.value_bytes
        input_bytes, output_bytes = input_values * self.batch_bytes, activations * self.value_bytes
        # In LayerReport's order, named on the right: made once per layer, keywords would cost a fifth
        # of the whole walk.
        self.rows.append(LayerReport(
            path, node.name, node.kind, scope,  # path, name, kind, scope
            shape, counts.output_shape, counts,  # input_shape, output_shape, counts
            counts.macs * batch, activations, batch, location.line,  # macs, activations, batch, line
            field, None, source,  # receptive_field, branch_fields, inputs
            weight_bytes, input_bytes, output_bytes,  # weight_bytes, input_bytes, output_bytes
            node.trainable, None,  # trainable, shared_with
            weight_bytes + input_bytes + output_bytes if moves else 0,  # moved_bytes
        ))
        return counts.output_shape, depth + 1 if counts.weights else depth, field, (path,)

    def join(self, node: Join, shape: Shape, scope: tuple[str, ...], depth: int, field: Field | None,
             source: tuple[str, ...]) -> tuple[Shape, int, Field | None, tuple[str, ...]]:
        path = node.location.path
        inner = (*scope, path)
        outputs: list[Shape] = []
        depths: list[int] = []
        fields: list[Field | None] = []
        sources: list[tuple[str, ...]] = []
        if not node.branches:  # `add: {from: [a, b]}`: tensors named earlier
            for name in node.reads:
                read_shape, read_depth, read_field, read_source = self.tensor(name, node.location)
                outputs.append(read_shape)
                depths.append(read_depth)
                fields.append(read_field)
                sources.append(read_source)
            shape, field = outputs[0], fields[0]
        else:
            self.containers[path] = node.kind
        for branch in node.branches:
            nodes = self.auto_shortcut(node, branch, shape, outputs[0]) if branch.auto else branch.nodes
            branch_shape, branch_depth, branch_field, branch_source = self.sequence(nodes, shape, inner, depth, field,
                                                                                    source)
            outputs.append(branch_shape)
            depths.append(branch_depth)
            fields.append(branch_field)
            sources.append(branch_source)
        try:
            counts = MERGES[node.merge](node, outputs)
            within_limits(counts.output_shape, node.kind)
        except SpecError as error:
            raise error.at(node.location) from None
        joined = self.joined_field(node, fields) if field is not None and None not in fields else None
        activations = prod(counts.output_shape) * self.batch
        self.rows.append(LayerReport(
            path=path, name=node.name, kind=node.merge, scope=scope, input_shape=shape,
            output_shape=counts.output_shape, counts=counts, macs=0, activations=activations, batch=self.batch,
            line=node.location.line, receptive_field=joined, branch_fields=tuple(fields) if field is not None else None,
            inputs=tuple(path for branch_source in sources for path in branch_source),
            input_bytes=sum(prod(output) for output in outputs) * self.batch * self.value_bytes,
            output_bytes=activations * self.value_bytes,
            moved_bytes=(sum(prod(output) for output in outputs) * self.batch + activations) * self.value_bytes,
        ))
        return counts.output_shape, max(depths), joined, (path,)

    def joined_field(self, node: Join, fields: list[Field | None]) -> Field:
        joined, mismatches = receptive.joined(node.merge, tuple(fields))
        for mismatch in mismatches:
            self.warnings.append(
                f"{node.location.path}: the paths meeting here do not line up: {_described(node, 0)} has "
                f"stride {_axes(mismatch.stride)} and centre {_halves(mismatch.centre)}, "
                f"{_described(node, mismatch.index)} stride {_axes(mismatch.other_stride)} and centre "
                f"{_halves(mismatch.other_centre)}; the field shown is the largest path's"
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
        return projection_shortcut(node.location, body_shape[-1], stride, branch.trainable)


def _stored(counts: Counts) -> tuple[int, int, int, int]:
    return counts.weights, counts.bias, counts.other_params, counts.non_trainable


def _weights_of(counts: Counts, kind: str) -> tuple[object, ...]:
    """What must be equal for one layer to use another's weights: its kind, its weights' shapes, its counts."""
    shapes = tuple(formula.factors for formula in counts.formulas if "macs" not in formula.key)
    return kind, counts.filter_shape, _stored(counts), shapes


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


def _axes(values: tuple[float, ...]) -> str:
    return str(values[0]) if len(set(values)) == 1 else "×".join(map(str, values))


def _halves(doubled_plus_one: Shape) -> str:
    """The centre (r − 1)/2 − p from r − 2p."""
    return _axes(tuple((value - 1) // 2 if value % 2 else (value - 1) / 2 for value in doubled_plus_one))


def _described(node: Join, index: int) -> str:
    if not node.branches:
        return f"`{visible(node.reads[index])}`"
    branch = node.branches[index]
    if node.merge == "concat":
        return branch.label
    return branch.label or "the layers' output"


def _uncounted_warning(rows: list[LayerReport]) -> str:
    listed = ", ".join(f"{visible(row.path)} (output {shape_text(row.output_shape)})" for row in rows)
    them, their = ("them", "their") if len(rows) > 1 else ("it", "its")
    return (f"not counted, as cnncalc does not know {them}: {listed}; the totals leave out {their} work, and "
            f"{their} parameters where the model file does not give them")


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
    if not node.branches:  # `add: {from: [a, b, ...]}`
        for index, shape in enumerate(shapes[1:], start=1):
            if shape != shapes[0]:
                raise SpecError(f"add cannot add {_described(node, 0)} ({shape_text(shapes[0])}) and "
                                f"{_described(node, index)} ({shape_text(shape)}): they must have the same shape")
        return Counts(output_shape=shapes[0], note=f"{' + '.join(map(shape_text, shapes))}, element-wise")
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


def _scales(shape: Shape, scale: Shape) -> bool:
    """Whether `scale` multiplies `shape` element-wise: the same shape, or one value per channel."""
    return scale == shape or (scale[-1] == shape[-1] and all(size == 1 for size in scale[:-1])
                              and len(scale) in (1, len(shape)))


def merge_multiply(node: Join, shapes: list[Shape]) -> Counts:
    """The input scaled by the branch's output: same shape, or 1 on every spatial axis (channel-wise)."""
    if not node.branches:  # `multiply: {from: [x, gate, ...]}`: the first is scaled by the others
        for index, scale in enumerate(shapes[1:], start=1):
            if not _scales(shapes[0], scale):
                raise SpecError(f"multiply cannot scale {_described(node, 0)} ({shape_text(shapes[0])}) by "
                                f"{_described(node, index)} ({shape_text(scale)}): it must be "
                                f"{shape_text(shapes[0])} or {shape_text((1,) * (len(shapes[0]) - 1) + shapes[0][-1:])}")
        return Counts(output_shape=shapes[0], note=f"{' × '.join(map(shape_text, shapes))}, broadcast")
    shape, scale = shapes
    if not _scales(shape, scale):
        raise SpecError(
            f"scale cannot multiply the input {shape_text(shape)} by the branch's {shape_text(scale)}: "
            f"the branch must end in {shape_text(shape)} or {shape_text((1,) * (len(shape) - 1) + shape[-1:])}"
        )
    return Counts(output_shape=shape, note=f"{shape_text(shape)} × {shape_text(scale)}, broadcast")


MERGES = {"concat": merge_concat, "add": merge_add, "multiply": merge_multiply}
