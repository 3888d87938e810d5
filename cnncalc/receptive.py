"""Receptive fields: how much of the input each output of a layer sees, per spatial axis, and where.
Per axis, a layer with kernel span k (dilation included), stride s and padding q before its first
position moves the field as r ← r + (k − 1)·j, j ← j·s, p ← p + q·j (Araujo, Norris and Sim 2019,
"Computing receptive fields of convolutional neural networks"); docs/receptive-field.md works it out.
Every function here is pure, so results are cached: networks repeat their blocks."""
from functools import lru_cache
from operator import add, mul, sub
from typing import NamedTuple, Union, cast

from cnncalc.layers import Counts, Shape


class ReceptiveField(NamedTuple):
    """What one output sees, per spatial axis: `size` input positions, its neighbours `stride` apart,
    the first window starting `padding` before the input."""

    size: Shape
    stride: Shape
    padding: Shape


class NoField(NamedTuple):
    """Where no single field describes the outputs, and why."""

    reason: str


WHOLE = NoField("whole")  # every output sees the whole input: global pooling, flatten, what follows
TRANSPOSED = NoField("transposed")  # a transposed convolution lies on the path: an output sees a fraction of a pixel
UNEVEN = NoField("uneven")  # adaptive pooling whose windows vary in size
RESHAPED = NoField("reshaped")  # a reshape to other spatial sizes lies on the path
UPSAMPLED = NoField("upsampled")  # an upsampling lies on the path: as after a transposed convolution
UNKNOWN = NoField("unknown")  # a layer cnncalc does not know lies on the path: what it sees is not known
REASONS = {WHOLE: "every output sees the whole input", TRANSPOSED: "a transposed convolution lies on the path",
           UNEVEN: "adaptive pooling with windows of varying size lies on the path",
           UPSAMPLED: "an upsampling lies on the path", RESHAPED: "a reshape lies on the path",
           UNKNOWN: "a layer cnncalc does not know lies on the path"}

Field = Union[ReceptiveField, NoField]


class Step(NamedTuple):
    """How a layer moves the field, per axis: its span less one, its stride, its padding before."""

    reach: Shape
    stride: Shape
    before: Shape


KEEP = NoField("keep")  # a step for a layer that leaves the field as it is


def start(rank: int) -> ReceptiveField:
    """The input's own field: each position sees itself."""
    return ReceptiveField((1,) * rank, (1,) * rank, (0,) * rank)


def step_of(counts: Counts, shape: Shape) -> Step | NoField:
    """How a layer on this input moves the field: a Step for a window, KEEP for a layer that keeps
    the spatial size, else the reason no field is defined past it."""
    windows = counts.windows
    if windows:
        if windows[0].transposed:
            return TRANSPOSED
        return Step(tuple(w.span - 1 for w in windows), tuple(w.stride for w in windows),
                    tuple(w.before for w in windows))
    if counts.operation == "uncounted":
        return UNKNOWN
    if counts.operation.startswith("upsample") or counts.operation in ("max_unpool", "pixel_shuffle"):
        return UPSAMPLED
    output = counts.output_shape
    if len(output) == len(shape) and output[:-1] == shape[:-1]:
        return KEEP
    if len(output) < 2 or all(size == 1 for size in output[:-1]):
        return WHOLE
    return RESHAPED if counts.operation == "reshape" else UNEVEN


@lru_cache(maxsize=100_000)
def moved(field: Field, step: Step | NoField) -> Field:
    """The field after a layer."""
    if step is KEEP:
        return field
    if step == WHOLE:
        return WHOLE  # a global pooling sees all of its input, whatever each of its inputs saw
    if isinstance(field, NoField):
        return field
    if isinstance(step, NoField):
        return step
    return ReceptiveField(tuple(map(add, field.size, map(mul, step.reach, field.stride))),
                          tuple(map(mul, field.stride, step.stride)),
                          tuple(map(add, field.padding, map(mul, step.before, field.stride))))


class Mismatch(NamedTuple):
    """A path into a join out of line with the first: its index, and both paths' stride and centre
    (the centre doubled plus one, r − 2p, to stay whole)."""

    index: int  # type: ignore[assignment]  # the field hides tuple.index; its name is part of the API
    stride: Shape
    centre: Shape
    other_stride: Shape
    other_centre: Shape


@lru_cache(maxsize=100_000)
def joined(merge: str, fields: tuple[Field, ...]) -> tuple[Field, tuple[Mismatch, ...]]:
    """Where paths meet they must agree in stride and centre; the field is the largest path's. A
    `multiply` branch that sees the whole input is a gate: the field is the scaled path's. Returns
    the field and each path out of line with the first."""
    if merge == "multiply":
        fields = tuple(field for field in fields if field != WHOLE) or (WHOLE,)
    unknown = [field for field in fields if isinstance(field, NoField)]
    if unknown:
        return next((field for field in unknown if field != WHOLE), WHOLE), ()
    known = cast("tuple[ReceptiveField, ...]", fields)
    size, stride, padding = known[0]
    centre = tuple(map(sub, size, map(add, padding, padding)))
    mismatches = []
    for index, (other_size, other_stride, other_padding) in enumerate(known[1:], start=1):
        other_centre = tuple(map(sub, other_size, map(add, other_padding, other_padding)))
        if other_stride != stride or other_centre != centre:
            mismatches.append(Mismatch(index, stride, centre, other_stride, other_centre))
        if other_size != size:
            size, padding = (tuple(map(max, size, other_size)),
                             tuple(p if r >= q else o for r, q, p, o in zip(size, other_size, padding, other_padding)))
    return ReceptiveField(size, stride, padding), tuple(mismatches)


def as_dict(field: Field | None) -> dict[str, list[int]] | None:
    """For JSON: lists per axis, or None where no single field is defined."""
    if not isinstance(field, ReceptiveField):
        return None
    return {"size": list(field.size), "stride": list(field.stride), "padding": list(field.padding)}
