"""One pure rule per layer kind: input shape + settings -> output shape and counts, with formulas.

Shapes are tuples of ints, spatial axes first, channels last: (H, W, C), (L, C), (D, H, W, C),
or (N,) once flat. Every rule below works for any number of spatial axes. The counting
conventions are written out in docs/counting.md; each rule's docstring holds its formula.
"""
from collections.abc import Callable, Mapping
from math import prod
from typing import Any, Literal, NamedTuple

from cnncalc.errors import SpecError

Shape = tuple[int, ...]
# A layer's settings as its kind's schema parsed them: each value has the type its Setting's parser
# returns, which differs from key to key.
ParsedSettings = Mapping[str, Any]


class Formula(NamedTuple):
    """A count and the factors it is the product of, as data; renderers choose how to write it
    (`weights 3×3×96×128 = 110,592`)."""

    key: str  # what it counts: weights, bias, macs, trained (batchnorm's γ and β), statistics
    factors: tuple[tuple[int, ...], ...]  # groups of factors: ((28, 28, 128), (3, 3, 96)) for MACs
    value: int


# Window and Counts are NamedTuples, immutable like frozen dataclasses but four times cheaper to
# build: they are made once per layer, and scripts analyze thousands of networks a second.
class Window(NamedTuple):
    """The output-size arithmetic of one spatial axis of a conv or pooling window."""

    size: int
    pad: int
    span: int  # dilation·(kernel−1) + 1: how far one window reaches
    stride: int
    ceil_mode: bool
    out: int
    transposed: bool = False
    output_padding: int = 0
    before: int = 0  # the padding before the first position: where the window starts

    def __str__(self) -> str:
        if self.transposed:
            extra = f" + {self.output_padding}" if self.output_padding else ""
            return f"({self.size} − 1)×{self.stride} − {self.pad} + {self.span}{extra} = {self.out}"
        floor_or_ceil = "⌈⌉" if self.ceil_mode else "⌊⌋"
        return (
            f"{floor_or_ceil[0]}({self.size} + {self.pad} − {self.span})/{self.stride}"
            f"{floor_or_ceil[1]} + 1 = {self.out}"
        )


class Counts(NamedTuple):
    """What one layer produces and costs, for one sample, with the factors behind each count."""

    output_shape: Shape
    weights: int = 0
    bias: int = 0
    other_params: int = 0  # trainable values that are neither kernel weights nor bias
    non_trainable: int = 0
    macs: int = 0
    filter_shape: Shape | None = None  # one filter (kernel axes..., input channels it sees)
    filters: int = 0
    formulas: tuple[Formula, ...] = ()
    windows: tuple[Window, ...] = ()
    note: str = ""
    operation: str = ""  # where one kind is several operations (upsample's modes): the one this layer is

    @property
    def params(self) -> int:
        return self.weights + self.bias + self.other_params


# --- settings: each field parses a raw YAML value, given the number of spatial axes --------

REQUIRED = object()
Parser = Callable[[object, int], object]
# What each parser accepts, as JSON Schema: the spec language's schema for editors is made from it
# (cnncalc/schema.py). A parser made by whole() or per_axis() is entered when it is made.
ACCEPTS: dict[Parser, dict[str, object]] = {}


class Setting(NamedTuple):
    parse: Parser
    default: object = REQUIRED
    help: str = ""


def _whole(value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number ≥ {minimum}")
    if value < minimum:
        raise ValueError(f"must be a whole number ≥ {minimum}")
    return value


def whole(minimum: int) -> Parser:
    parse: Parser = lambda value, rank: _whole(value, minimum)
    ACCEPTS[parse] = {"type": "integer", "minimum": minimum}
    return parse


def per_axis(minimum: int) -> Parser:
    """A whole number for every spatial axis, or a list with one per axis."""

    def parse(value: object, rank: int) -> tuple[int, ...]:
        if isinstance(value, list):
            if len(value) != rank:
                raise ValueError(f"needs one value per spatial axis ({rank})")
            return tuple(_whole(item, minimum) for item in value)
        return (_whole(value, minimum),) * rank

    one: dict[str, object] = {"type": "integer", "minimum": minimum}
    ACCEPTS[parse] = {"anyOf": [one, {"type": "array", "items": one, "minItems": 1, "maxItems": 3}]}
    return parse


def padding(value: object, rank: int) -> Literal["same"] | tuple[tuple[int, int], ...]:
    """`valid`, `same`, a number, one number per axis, or a [before, after] pair per axis."""
    if value == "valid":
        return ((0, 0),) * rank
    if value == "same":
        return "same"
    if isinstance(value, list):
        if len(value) != rank:
            raise ValueError(f"needs one value per spatial axis ({rank})")
        pairs = []
        for item in value:
            if isinstance(item, list):
                if len(item) != 2:
                    raise ValueError("per-axis pairs must be [before, after]")
                pairs.append((_whole(item[0], 0), _whole(item[1], 0)))
            else:
                pad = _whole(item, 0)
                pairs.append((pad, pad))
        return tuple(pairs)
    try:
        pad = _whole(value, 0)
    except ValueError:
        raise ValueError("must be valid, same, a whole number ≥ 0, or a list per axis") from None
    return ((pad, pad),) * rank


def flag(value: object, rank: int) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def learned(value: object, rank: int) -> bool | str:
    """What a batchnorm learns: true (γ and β), false (neither), or one of them, `gamma` or `beta`."""
    if isinstance(value, bool) or value in ("gamma", "beta"):
        return value
    raise ValueError("must be true, false, gamma or beta")


def fraction(value: object, rank: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise ValueError("must be a number from 0 up to 1")
    return float(value)


def activation_name(value: object, rank: int) -> str | None:
    if value is None or value == "linear":
        return None
    if value not in ACTIVATIONS:
        raise ValueError(f"must be one of: {', '.join(sorted(ACTIVATIONS))}")
    return value


# An interpolation mode and the spatial axes it works on (None: any), as PyTorch's interpolate takes it.
INTERPOLATIONS = {"nearest": None, "linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}


def interpolation(value: object, rank: int) -> str:
    if not isinstance(value, str) or value not in INTERPOLATIONS:
        import difflib

        close = difflib.get_close_matches(str(value)[:100], list(INTERPOLATIONS), n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise ValueError(f"must be one of: {', '.join(INTERPOLATIONS)}{hint}")
    axes = INTERPOLATIONS[value]
    if axes is not None and axes != rank:
        fitting = next((mode for mode, only in INTERPOLATIONS.items() if only == rank), None)
        instead = f"`{fitting}` or `nearest`" if fitting else "`nearest`"
        raise ValueError(f"{value} interpolates {axes} spatial {'axis' if axes == 1 else 'axes'}, but the spec's "
                         f"input has {rank}: write {instead}")
    return value


def factor(value: object, rank: int) -> tuple[int, ...]:
    """A whole factor ≥ 1 for every spatial axis, or one per axis; 2.0 is 2, as PyTorch users write it."""
    values = value if isinstance(value, list) else [value] * rank
    if len(values) != rank:
        raise ValueError(f"needs one value per spatial axis ({rank})")
    factors = []
    for item in values:
        if isinstance(item, float) and item.is_integer():
            item = int(item)
        if isinstance(item, bool) or not isinstance(item, int) or item < 1:
            raise ValueError("must be a whole factor ≥ 1 per axis; for any other size give `output_size`")
        factors.append(item)
    return tuple(factors)


# --- window arithmetic, once for every spatial axis -----------------------------------------


def same_padding(size: int, span: int, stride: int) -> tuple[int, int]:
    """TensorFlow's `same`: output ⌈n/s⌉, padding split with the extra pixel after."""
    total = max((-(-size // stride) - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def windows(
    spatial: Shape,
    kernel: Shape,
    stride: Shape,
    dilation: Shape,
    pads: Literal["same"] | tuple[tuple[int, int], ...],
    ceil_mode: bool = False,
) -> tuple[Window, ...]:
    """out = ⌊(n + pad − d·(k−1) − 1)/s⌋ + 1 per axis (⌈⌉ with ceil_mode, as PyTorch)."""
    result = []
    for axis, size in enumerate(spatial):
        span = dilation[axis] * (kernel[axis] - 1) + 1
        step = stride[axis]
        before, after = same_padding(size, span, step) if pads == "same" else pads[axis]
        reach = size + before + after - span
        if reach < 0:
            raise SpecError(
                f"kernel {kernel_text(kernel)} does not fit spatial axis {axis + 1}: it reaches {span}, "
                f"but the input is {size} + padding {before + after} = {size + before + after}"
            )
        out = (-(-reach // step) if ceil_mode else reach // step) + 1
        if ceil_mode and (out - 1) * step >= size + before:
            out -= 1  # PyTorch drops a last window that would start inside the right padding
        result.append(Window(size, before + after, span, step, ceil_mode, out, before=before))
    return tuple(result)


def kernel_text(kernel: Shape) -> str:
    return "×".join(map(str, kernel))


def split_channels(shape: Shape, kind: str) -> tuple[Shape, int]:
    if len(shape) < 2:
        raise SpecError(f"{kind} needs spatial axes, but its input {shape_text(shape)} is flat")
    return shape[:-1], shape[-1]


def shape_text(shape: Shape) -> str:
    return "×".join(map(str, shape))


# --- the rules ------------------------------------------------------------------------------


def check_groups(c_in: int, filters: int, groups: int) -> None:
    if c_in % groups or filters % groups:
        raise SpecError(f"groups={groups} must divide both the input channels ({c_in}) and filters ({filters})")


def conv(shape: Shape, settings: ParsedSettings) -> Counts:
    """weights = ∏kernel · (C_in/groups) · C_out; bias = C_out;
    MACs = ∏out_spatial · C_out · ∏kernel · (C_in/groups)."""
    spatial, c_in = split_channels(shape, "conv")
    filters, groups = settings["filters"], settings["groups"]
    check_groups(c_in, filters, groups)
    axes = windows(spatial, settings["kernel"], settings["stride"], settings["dilation"], settings["padding"])
    out_spatial = tuple(w.out for w in axes)
    per_filter = settings["kernel"] + (c_in // groups,)
    return Counts(
        output_shape=out_spatial + (filters,),
        weights=prod(per_filter) * filters,
        bias=filters if settings["bias"] else 0,
        macs=prod(out_spatial) * filters * prod(per_filter),
        filter_shape=per_filter,
        filters=filters,
        formulas=(Formula("weights", (per_filter + (filters,),), prod(per_filter) * filters),
                  Formula("macs", (out_spatial + (filters,), per_filter), prod(out_spatial) * filters * prod(per_filter))),
        windows=axes,
    )


def depthwise_conv(shape: Shape, settings: ParsedSettings) -> Counts:
    """A conv with one group per input channel and `depth_multiplier` filters in each (Keras'
    DepthwiseConv2D; PyTorch's Conv2d with groups = C_in): weights = ∏kernel · C_in · m;
    bias = C_in · m; MACs = ∏out_spatial · C_in · m · ∏kernel."""
    _, c_in = split_channels(shape, "depthwise_conv")
    return conv(shape, {**settings, "filters": c_in * settings["depth_multiplier"], "groups": c_in})


def separable_conv(shape: Shape, settings: ParsedSettings) -> Counts:
    """A depthwise conv to C_in · m channels without bias, then a 1×1 conv to `filters`, as one
    layer (Keras' SeparableConv2D): weights = ∏kernel · C_in · m + C_in · m · filters; bias =
    filters; MACs = ∏out_spatial · C_in · m · ∏kernel + ∏out_spatial · filters · C_in · m."""
    _, c_in = split_channels(shape, "separable_conv")
    hidden, filters = c_in * settings["depth_multiplier"], settings["filters"]
    depthwise = conv(shape, {**settings, "filters": hidden, "groups": c_in, "bias": False})
    out_spatial = depthwise.output_shape[:-1]
    kernel = settings["kernel"]
    pointwise_macs = prod(out_spatial) * filters * hidden
    return Counts(
        output_shape=out_spatial + (filters,),
        weights=depthwise.weights + hidden * filters,
        bias=filters if settings["bias"] else 0,
        macs=depthwise.macs + pointwise_macs,
        filters=filters,
        formulas=(Formula("depthwise weights", (kernel + (1, hidden),), depthwise.weights),  # as depthwise_conv writes it
                  Formula("pointwise weights", ((hidden, filters),), hidden * filters),
                  Formula("depthwise macs", (out_spatial + (hidden,), kernel), depthwise.macs),
                  Formula("pointwise macs", (out_spatial + (filters,), (hidden,)), pointwise_macs)),
        windows=depthwise.windows,
    )


def conv_transpose(shape: Shape, settings: ParsedSettings) -> Counts:
    """out = (n−1)·s − pad + d·(k−1) + 1 + output_padding; weights as conv;
    MACs = ∏in_spatial · C_in · ∏kernel · (C_out/groups): every input value meets every tap."""
    spatial, c_in = split_channels(shape, "conv_transpose")
    filters, groups = settings["filters"], settings["groups"]
    check_groups(c_in, filters, groups)
    if settings["padding"] == "same":
        raise SpecError("conv_transpose takes a padding number per axis, not same")
    axes = []
    for axis, size in enumerate(spatial):
        span = settings["dilation"][axis] * (settings["kernel"][axis] - 1) + 1
        pad = sum(settings["padding"][axis])
        extra = settings["output_padding"][axis]
        if extra >= max(settings["stride"][axis], settings["dilation"][axis]):
            raise SpecError("output_padding must be smaller than the stride or the dilation")
        out = (size - 1) * settings["stride"][axis] - pad + span + extra
        if out < 1:
            raise SpecError(f"output size on spatial axis {axis + 1} would be {out}")
        axes.append(Window(size, pad, span, settings["stride"][axis], False, out, True, extra))
    out_spatial = tuple(w.out for w in axes)
    per_filter = settings["kernel"] + (c_in // groups,)
    per_input = settings["kernel"] + (filters // groups,)
    return Counts(
        output_shape=out_spatial + (filters,),
        weights=prod(per_filter) * filters,
        bias=filters if settings["bias"] else 0,
        macs=prod(spatial) * c_in * prod(per_input),
        filter_shape=per_filter,
        filters=filters,
        formulas=(Formula("weights", (per_filter + (filters,),), prod(per_filter) * filters),
                  Formula("macs", (spatial + (c_in,), per_input), prod(spatial) * c_in * prod(per_input))),
        windows=tuple(axes),
    )


def pool(shape: Shape, settings: ParsedSettings) -> Counts:
    """Output size as conv, channels kept; no weights, no MACs (see docs/counting.md)."""
    spatial, channels = split_channels(shape, "pooling")
    stride = settings["stride"] if settings["stride"] is not None else settings["kernel"]
    axes = windows(spatial, settings["kernel"], stride, settings["dilation"], settings["padding"], settings["ceil_mode"])
    return Counts(output_shape=tuple(w.out for w in axes) + (channels,), windows=axes)


def global_pool(shape: Shape, settings: ParsedSettings) -> Counts:
    """Every spatial axis to 1, channels kept (1×1×C, as PyTorch's AdaptiveAvgPool2d(1))."""
    spatial, channels = split_channels(shape, "global pooling")
    return Counts(output_shape=(1,) * len(spatial) + (channels,))


def adaptive_pool(shape: Shape, settings: ParsedSettings) -> Counts:
    """Spatial axes to `output_size`, channels kept. Where each size divides its input, the
    windows are regular (kernel = stride = in/out) and are recorded; otherwise they vary."""
    spatial, channels = split_channels(shape, "adaptive pooling")
    output = settings["output_size"]
    axes: tuple[Window, ...] = ()
    if all(size % out == 0 for size, out in zip(spatial, output)):
        axes = tuple(Window(size, 0, size // out, size // out, False, out) for size, out in zip(spatial, output))
    return Counts(output_shape=output + (channels,), windows=axes)


def dense(shape: Shape, settings: ParsedSettings) -> Counts:
    """weights = in·out; bias = out; MACs = in·out for every position of the leading axes
    (a dense layer on a non-flat input acts on the last axis, as Keras' Dense does)."""
    leading, features = shape[:-1], shape[-1]
    units = settings["units"]
    return Counts(
        output_shape=leading + (units,),
        weights=features * units,
        bias=units if settings["bias"] else 0,
        macs=prod(leading) * features * units,
        filter_shape=(features,),
        filters=units,
        formulas=(Formula("weights", ((features, units),), features * units),
                  Formula("macs", (leading + (features, units),), prod(leading) * features * units)),
    )


def flatten(shape: Shape, settings: ParsedSettings) -> Counts:
    """All axes into one: ∏shape values."""
    return Counts(output_shape=(prod(shape),))


def batchnorm(shape: Shape, settings: ParsedSettings) -> Counts:
    """γ and β per channel are trained (2C), unless `affine` is false (PyTorch's affine=False, Keras'
    center=False and scale=False), or one of them (C): `beta` (Keras' scale=False, as Inception-v3
    has) or `gamma` (center=False); running mean and variance are not trained (2C)."""
    channels = shape[-1]
    statistics = Formula("statistics", ((2, channels),), 2 * channels)
    affine = settings["affine"]
    if not affine:
        return Counts(output_shape=shape, non_trainable=2 * channels, formulas=(statistics,),
                      operation="batchnorm_without_affine")
    trained = Formula("trained", ((2, channels),), 2 * channels) if affine is True else \
        Formula(affine, ((channels,),), channels)
    return Counts(
        output_shape=shape,
        other_params=trained.value,
        non_trainable=2 * channels,
        formulas=(trained, statistics),
        operation="batchnorm",
    )


def pad(shape: Shape, settings: ParsedSettings) -> Counts:
    """out = n + before + after per spatial axis, channels kept; nothing learned, no MACs (PyTorch's
    ZeroPad2d, ReflectionPad2d, ReplicationPad2d; Keras' ZeroPadding2D). A reflection needs each pad
    smaller than its axis, as PyTorch requires."""
    spatial, channels = split_channels(shape, "pad")
    axes = []
    for axis, (size, (before, after)) in enumerate(zip(spatial, settings["padding"])):
        if settings["mode"] == "reflect" and max(before, after) >= size:
            raise SpecError(f"reflect pads spatial axis {axis + 1} by {max(before, after)}, which must be smaller than "
                            f"its size {size}")
        axes.append(Window(size, before + after, 1, 1, False, size + before + after, before=before))
    return Counts(output_shape=tuple(window.out for window in axes) + (channels,), windows=tuple(axes),
                  note=f"{settings['mode']} padding")


def crop(shape: Shape, settings: ParsedSettings) -> Counts:
    """out = n − before − after per spatial axis, channels kept (Keras' Cropping2D; the crop of a
    U-Net's skip, a slice in PyTorch); nothing learned, no MACs."""
    spatial, channels = split_channels(shape, "crop")
    axes = []
    for axis, (size, (before, after)) in enumerate(zip(spatial, settings["by"])):
        if before + after >= size:
            raise SpecError(f"crop takes {before + after} from spatial axis {axis + 1}, which has only {size}")
        axes.append(Window(size, 0, 1, 1, False, size - before - after, before=-before))
    return Counts(output_shape=tuple(window.out for window in axes) + (channels,), windows=tuple(axes),
                  note=f"{shape_text(spatial)} cropped to {shape_text(tuple(window.out for window in axes))}")


def amounts(value: object, rank: int) -> tuple[tuple[int, int], ...]:
    """A number, one per axis, or a [before, after] pair per axis, as `padding` takes them."""
    if isinstance(value, str):
        raise ValueError("must be a whole number ≥ 0, one per axis, or [before, after] pairs")
    parsed = padding(value, rank)
    if parsed == "same":  # text is refused above; this keeps the type checker sure of it
        raise ValueError("must be a whole number ≥ 0, one per axis, or [before, after] pairs")
    return parsed


PAD_MODES = ("zero", "reflect", "replicate")


def pad_mode(value: object, rank: int) -> str:
    if value not in PAD_MODES:
        raise ValueError(f"must be one of: {', '.join(PAD_MODES)}")
    return str(value)


def _normalization(kind: str, shape: Shape, affine: bool) -> Counts:
    """The shape passes through; with affine, γ and β per channel are trained (2C); no running
    statistics, no MACs."""
    channels = shape[-1]
    if not affine:
        return Counts(output_shape=shape, operation=f"{kind}_without_affine")
    return Counts(output_shape=shape, other_params=2 * channels,
                  formulas=(Formula("trained", ((2, channels),), 2 * channels),), operation=kind)


def groupnorm(shape: Shape, settings: ParsedSettings) -> Counts:
    """Mean and variance over each group of channels and all positions (PyTorch's GroupNorm, Keras'
    GroupNormalization); γ and β per channel with affine (2C)."""
    if shape[-1] % settings["groups"]:
        raise SpecError(f"groups={settings['groups']} must divide the channels ({shape[-1]})")
    return _normalization("groupnorm", shape, settings["affine"])


def layernorm(shape: Shape, settings: ParsedSettings) -> Counts:
    """Mean and variance over the channels at each position, as ConvNeXt normalizes (PyTorch's
    LayerNorm(C) on channels last, Keras' LayerNormalization); γ and β per channel with affine (2C)."""
    return _normalization("layernorm", shape, settings["affine"])


def instancenorm(shape: Shape, settings: ParsedSettings) -> Counts:
    """Mean and variance over all positions of each channel (PyTorch's InstanceNorm, without affine
    and without running statistics by default); γ and β per channel with affine (2C)."""
    return _normalization("instancenorm", shape, settings["affine"])


SLOPES = ("one", "per_channel", "per_element")


def slopes(value: object, rank: int) -> str:
    if value not in SLOPES:
        raise ValueError(f"must be one of: {', '.join(SLOPES)}")
    return str(value)


def prelu(shape: Shape, settings: ParsedSettings) -> Counts:
    """max(0, x) + a·min(0, x) with learned slopes a: one (PyTorch's PReLU()), one per channel
    (PReLU(C); Keras' PReLU(shared_axes=[1, 2])) or one per element of a sample (Keras' PReLU());
    no MACs."""
    count = {"one": 1, "per_channel": shape[-1], "per_element": prod(shape)}[settings["slopes"]]
    factors = {"one": (1,), "per_channel": shape[-1:], "per_element": shape}[settings["slopes"]]
    return Counts(output_shape=shape, other_params=count, formulas=(Formula("slopes", (factors,), count),))


def pixel_shuffle(shape: Shape, settings: ParsedSettings) -> Counts:
    """C·r² channels into an r times larger map of C (PyTorch's PixelShuffle, sub-pixel upsampling):
    each spatial axis × r, channels ÷ r per spatial axis; nothing learned."""
    spatial, channels = split_channels(shape, "pixel_shuffle")
    r = settings["factor"]
    if channels % r ** len(spatial):
        raise SpecError(f"pixel_shuffle by {r} needs channels divisible by {r ** len(spatial)}; the input has {channels}")
    return Counts(output_shape=tuple(size * r for size in spatial) + (channels // r ** len(spatial),),
                  operation="pixel_shuffle")


def pixel_unshuffle(shape: Shape, settings: ParsedSettings) -> Counts:
    """The inverse (PyTorch's PixelUnshuffle, space to depth): each spatial axis ÷ r, channels × r per
    spatial axis; it sees r×r windows with stride r, as a pooling does."""
    spatial, channels = split_channels(shape, "pixel_unshuffle")
    r = settings["factor"]
    if any(size % r for size in spatial):
        raise SpecError(f"pixel_unshuffle by {r} needs every spatial size divisible by {r}; the input is "
                        f"{shape_text(shape)}")
    axes = tuple(Window(size, 0, r, r, False, size // r) for size in spatial)
    return Counts(output_shape=tuple(window.out for window in axes) + (channels * r ** len(spatial),), windows=axes)


def target_shape(value: object, rank: int) -> tuple[int, ...]:
    """Sizes ≥ 1, one of them may be -1 (whatever is left), as PyTorch's view and Keras' Reshape take them."""
    if not isinstance(value, list) or not 1 <= len(value) <= 4:
        raise ValueError("must be a list of 1 to 4 sizes, e.g. [7, 7, 64]; one may be -1")
    sizes = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or (item < 1 and item != -1):
            raise ValueError("must be whole sizes ≥ 1, and at most one -1")
        sizes.append(item)
    if sizes.count(-1) > 1:
        raise ValueError("may leave one size to be worked out (-1), not more")
    return tuple(sizes)


def reshape(shape: Shape, settings: ParsedSettings) -> Counts:
    """The same values in another shape, channels last (PyTorch's view on channels last, Keras'
    Reshape); a -1 takes what is left; nothing learned."""
    target, values = settings["shape"], prod(shape)
    known = prod(size for size in target if size != -1)
    if -1 in target:
        if values % known:
            raise SpecError(f"reshape cannot fill {shape_text(target)} from {values:,} values")
        target = tuple(values // known if size == -1 else size for size in target)
    if prod(target) != values:
        raise SpecError(f"reshape to {shape_text(target)} needs {prod(target):,} values; the input "
                        f"{shape_text(shape)} has {values:,}")
    return Counts(output_shape=target, operation="reshape")


def rescaling(shape: Shape, settings: ParsedSettings) -> Counts:
    """x · scale + offset (Keras' Rescaling, as models take 0–255 pixels to 0–1); nothing learned."""
    return Counts(output_shape=shape, note=f"× {settings['scale']:g} + {settings['offset']:g}")


def normalization(shape: Shape, settings: ParsedSettings) -> Counts:
    """(x − mean) / √variance per channel (Keras' Normalization, adapted to the data): its mean and
    variance per channel and the count of what it saw are kept, not trained (2C + 1)."""
    channels = shape[-1]
    return Counts(output_shape=shape, non_trainable=2 * channels + 1,
                  formulas=(Formula("statistics", ((2, channels),), 2 * channels), Formula("count", ((1,),), 1)))


def number(value: object, rank: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or abs(value) == float("inf"):
        raise ValueError("must be a number")
    return float(value)


def max_unpool(shape: Shape, settings: ParsedSettings) -> Counts:
    """Each value back at its pooled position, zeros elsewhere (PyTorch's MaxUnpool): out = (n − 1)·s −
    2p + k per axis, or `output_size`, within a stride of that; channels kept; nothing learned."""
    spatial, channels = split_channels(shape, "max_unpool")
    kernel, padding_ = settings["kernel"], settings["padding"]
    stride = settings["stride"] if settings["stride"] is not None else kernel
    default = tuple((size - 1) * step - 2 * pad + k for size, step, pad, k in zip(spatial, stride, padding_, kernel))
    output = settings["output_size"] or default
    for axis, (size, usual, step) in enumerate(zip(output, default, stride)):
        if usual < 1 or not usual - step < size < usual + step:
            raise SpecError(f"max_unpool gives {usual} on spatial axis {axis + 1}; an output_size there must be "
                            f"within {step - 1} of it")
    return Counts(output_shape=output + (channels,), operation="max_unpool",
                  note=f"{shape_text(spatial)} → {shape_text(output)}, zeros where no maximum was")


def layer_scale(shape: Shape, settings: ParsedSettings) -> Counts:
    """The input times a learned value per channel (C), as ConvNeXt scales each block's output
    (torchvision's CNBlock.layer_scale); an element-wise product, no MACs."""
    channels = shape[-1]
    return Counts(output_shape=shape, other_params=channels, formulas=(Formula("scale", ((channels,),), channels),))


def same_shape(shape: Shape, settings: ParsedSettings) -> Counts:
    """Element-wise: the shape passes through, nothing is learned, no MACs."""
    return Counts(output_shape=shape)


def channel_shuffle(shape: Shape, settings: ParsedSettings) -> Counts:
    """A permutation of the channels: the shape passes through."""
    if shape[-1] % settings["groups"]:
        raise SpecError(f"groups={settings['groups']} must divide the channels ({shape[-1]})")
    return Counts(output_shape=shape)


def channel_slice(shape: Shape, settings: ParsedSettings) -> Counts:
    """Channels start ≤ c < stop of the input (a channel split, as ShuffleNet's)."""
    start, stop = settings["start"], settings["stop"]
    if not start < stop <= shape[-1]:
        raise SpecError(f"needs start < stop ≤ {shape[-1]} input channels; got {start}..{stop}")
    return Counts(output_shape=shape[:-1] + (stop - start,))


def upsample(shape: Shape, settings: ParsedSettings) -> Counts:
    """Each spatial axis × `scale`, or to `output_size`; channels kept; no weights and no MACs, as
    interpolation multiplies no weights (docs/conventions.md says what each tool counts for it)."""
    spatial, channels = split_channels(shape, "upsample")
    scale, output_size, mode = settings["scale"], settings["output_size"], settings["mode"]
    if settings["align_corners"] and mode == "nearest":
        raise SpecError("align_corners applies to linear, bilinear, bicubic and trilinear; PyTorch refuses it with "
                        "nearest")
    if scale is None and output_size is None:
        raise SpecError("upsample needs `scale` (a whole factor per axis) or `output_size` (the output's size)")
    if scale is not None and output_size is not None:
        raise SpecError("upsample takes `scale` or `output_size`, not both")
    if scale is not None:
        output = tuple(size * factor for size, factor in zip(spatial, scale))
        how = f"× {scale[0] if len(set(scale)) == 1 else shape_text(scale)}"
    else:
        output = output_size
        how = "to the size given"
    note = f"{mode} interpolation {how}: {shape_text(spatial)} → {shape_text(output)}"
    return Counts(output_shape=output + (channels,), note=note, operation=f"upsample_{mode}{len(spatial)}d")


OPERATOR_MARKS = "_.:>-"  # what an operator's name holds besides letters and digits (`custom>MyLayer`)


def operator_name(value: object, rank: int) -> str:
    """A model's layer class or operator type, as the model names it (`Lambda`, `DepthToSpace`)."""
    if not isinstance(value, str) or not 0 < len(value) <= 100 or not value.isascii() or not value[0].isalpha() or \
            not all(character.isalnum() or character in OPERATOR_MARKS for character in value):
        raise ValueError("must be a layer class or operator type: letters, digits and _ . : > -, up to 100")
    return value


def sizes(value: object, rank: int) -> tuple[int, ...]:
    if not isinstance(value, list) or not 1 <= len(value) <= 4 or \
            any(isinstance(size, bool) or not isinstance(size, int) or size < 1 for size in value):
        raise ValueError("must be a list of 1 to 4 whole sizes ≥ 1, channels last, e.g. [7, 7, 64]")
    return tuple(value)


def count_or_none(value: object, rank: int) -> int | None:
    return None if value is None else _whole(value, 0)


def uncounted(shape: Shape, settings: ParsedSettings) -> Counts:
    """A layer cnncalc does not know (a model's own layer class, an operator it does not read), read
    from a model with `--unknown zero`: its output shape as the model gives it, its work not counted,
    and as parameters the weights the model file holds for it, where the file says (`params`)."""
    params = settings["params"]
    held = "its weights as the file holds them" if params is not None else "its parameters unknown, counted as none"
    return Counts(output_shape=settings["shape"], other_params=params or 0, operation="uncounted",
                  note=f"{settings['op']}, which cnncalc does not know: its work is not counted, {held}")


class LayerKind(NamedTuple):
    rule: Callable[[Shape, ParsedSettings], Counts]
    settings: dict[str, Setting]
    summary: str = ""
    operations: tuple[str, ...] = ()  # every Counts.operation its rule can give, where it gives one
    moves: bool = True  # False: it changes no value (a view, or nothing at inference), so moves no bytes


_CONV_SETTINGS = {
    "filters": Setting(whole(1), help="number of filters (output channels)"),
    "kernel": Setting(per_axis(1), help="kernel size, one number or one per axis"),
    "stride": Setting(per_axis(1), 1),
    "padding": Setting(padding, "valid", "valid, same, a number, per axis, or [before, after] pairs"),
    "dilation": Setting(per_axis(1), 1),
    "groups": Setting(whole(1), 1, "groups; equal to the input channels for depthwise"),
    "bias": Setting(flag, True),
    "activation": Setting(activation_name, None, "an activation applied after it; no params"),
}
_DEPTHWISE_SETTINGS = {
    "kernel": _CONV_SETTINGS["kernel"],
    "depth_multiplier": Setting(whole(1), 1, "filters per input channel"),
    **{key: _CONV_SETTINGS[key] for key in ("stride", "padding", "dilation", "bias", "activation")},
}
_POOL_SETTINGS = {
    "kernel": Setting(per_axis(1)),
    "stride": Setting(per_axis(1), None, "defaults to the kernel"),
    "padding": Setting(padding, "valid"),
    "dilation": Setting(per_axis(1), 1),
    "ceil_mode": Setting(flag, False),
}

ACTIVATIONS = (
    "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "swish", "mish",
    "sigmoid", "hard_sigmoid", "hard_swish", "tanh", "softmax",
)

_PAIR = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
ACCEPTS.update({
    padding: {"anyOf": [{"enum": ["valid", "same"]}, {"type": "integer", "minimum": 0},
                        {"type": "array", "items": {"anyOf": [{"type": "integer", "minimum": 0}, _PAIR]},
                         "minItems": 1, "maxItems": 3}]},
    flag: {"type": "boolean"},
    learned: {"enum": [True, False, "gamma", "beta"]},
    fraction: {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
    activation_name: {"enum": [None, "linear", *ACTIVATIONS]},
    interpolation: {"enum": list(INTERPOLATIONS)},
    amounts: {"anyOf": [{"type": "integer", "minimum": 0},
                        {"type": "array", "items": {"anyOf": [{"type": "integer", "minimum": 0}, _PAIR]},
                         "minItems": 1, "maxItems": 3}]},
    pad_mode: {"enum": list(PAD_MODES)},
    slopes: {"enum": list(SLOPES)},
    operator_name: {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_.:>-]{0,99}$"},
    sizes: {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1, "maxItems": 4},
    count_or_none: {"type": ["integer", "null"], "minimum": 0},
    target_shape: {"type": "array", "items": {"type": "integer", "minimum": -1}, "minItems": 1, "maxItems": 4},
    number: {"type": "number"},
    factor: {"anyOf": [{"type": "number", "minimum": 1},
                       {"type": "array", "items": {"type": "number", "minimum": 1}, "minItems": 1, "maxItems": 3}]},
})


KINDS: dict[str, LayerKind] = {
    "conv": LayerKind(conv, _CONV_SETTINGS, "convolution over 1, 2 or 3 spatial axes"),
    "conv_transpose": LayerKind(
        conv_transpose,
        {**_CONV_SETTINGS, "padding": Setting(padding, "valid"), "output_padding": Setting(per_axis(0), 0)},
        "transposed convolution (a learned upsampling)",
    ),
    "depthwise_conv": LayerKind(depthwise_conv, _DEPTHWISE_SETTINGS, "a filter per input channel (groups = channels)"),
    "separable_conv": LayerKind(separable_conv, {"filters": _CONV_SETTINGS["filters"], **_DEPTHWISE_SETTINGS},
                                "depthwise then 1×1, as one layer"),
    "maxpool": LayerKind(pool, _POOL_SETTINGS, "max pooling"),
    "avgpool": LayerKind(pool, _POOL_SETTINGS, "average pooling"),
    "global_avgpool": LayerKind(global_pool, {}, "average over all spatial positions"),
    "global_maxpool": LayerKind(global_pool, {}, "maximum over all spatial positions"),
    "adaptive_avgpool": LayerKind(adaptive_pool, {"output_size": Setting(per_axis(1))}, "average pooling to a fixed output size"),
    "adaptive_maxpool": LayerKind(adaptive_pool, {"output_size": Setting(per_axis(1))}, "max pooling to a fixed output size"),
    "dense": LayerKind(
        dense,
        {"units": Setting(whole(1)), "bias": Setting(flag, True), "activation": Setting(activation_name, None)},
        "fully connected layer",
    ),
    "flatten": LayerKind(flatten, {}, "all axes into one", moves=False),
    "batchnorm": LayerKind(batchnorm, {"affine": Setting(learned, True, "learned γ and β per channel; gamma or "
                                                                   "beta for one of them")},
                           "batch normalization", ("batchnorm", "batchnorm_without_affine")),
    "groupnorm": LayerKind(groupnorm, {"groups": Setting(whole(1), help="groups of channels"),
                                       "affine": Setting(flag, True, "learned γ and β per channel")},
                           "group normalization", ("groupnorm", "groupnorm_without_affine")),
    "layernorm": LayerKind(layernorm, {"affine": Setting(flag, True, "learned γ and β per channel")},
                           "layer normalization over the channels", ("layernorm", "layernorm_without_affine")),
    "instancenorm": LayerKind(instancenorm, {"affine": Setting(flag, False, "learned γ and β per channel")},
                              "instance normalization", ("instancenorm", "instancenorm_without_affine")),
    "layer_scale": LayerKind(layer_scale, {}, "a learned scale per channel (ConvNeXt)"),
    "reshape": LayerKind(reshape, {"shape": Setting(target_shape, help="the new shape, channels last; one size may be -1")},
                         "the same values in another shape", ("reshape",), moves=False),
    "rescaling": LayerKind(rescaling, {"scale": Setting(number, 1.0), "offset": Setting(number, 0.0)},
                           "x · scale + offset (Keras' Rescaling)"),
    "normalization": LayerKind(normalization, {}, "Keras' Normalization: a kept mean and variance per channel"),
    "prelu": LayerKind(prelu, {"slopes": Setting(slopes, "one", "one, per_channel or per_element")},
                       "leaky ReLU with learned slopes"),
    "pixel_shuffle": LayerKind(pixel_shuffle, {"factor": Setting(whole(1), help="r: each spatial axis × r")},
                               "channels into space (sub-pixel upsampling)", ("pixel_shuffle",)),
    "pixel_unshuffle": LayerKind(pixel_unshuffle, {"factor": Setting(whole(1), help="r: each spatial axis ÷ r")},
                                 "space into channels"),
    "max_unpool": LayerKind(max_unpool, {"kernel": Setting(per_axis(1)),
                                         "stride": Setting(per_axis(1), None, "defaults to the kernel"),
                                         "padding": Setting(per_axis(0), 0),
                                         "output_size": Setting(per_axis(1), None, "the size before the pooling")},
                            "max pooling undone: values back in place, zeros elsewhere", ("max_unpool",)),
    "crop": LayerKind(crop, {"by": Setting(amounts, help="a number, one per axis, or [before, after] pairs")},
                      "the edges of the spatial axes cut away"),
    "pad": LayerKind(pad, {"padding": Setting(amounts, help="a number, one per axis, or [before, after] pairs"),
                           "mode": Setting(pad_mode, "zero", "zero, reflect or replicate")},
                     "padding of the spatial axes, nothing learned"),
    "dropout": LayerKind(same_shape, {"rate": Setting(fraction, 0.5)}, "dropout (nothing at inference)", moves=False),
    "lrn": LayerKind(same_shape, {"size": Setting(whole(1), 5)}, "local response normalization"),
    "identity": LayerKind(same_shape, {}, "passes its input through", moves=False),
    "uncounted": LayerKind(uncounted, {
        "op": Setting(operator_name, help="the model's layer class or operator type"),
        "shape": Setting(sizes, help="its output shape, channels last, as the model gives it"),
        "params": Setting(count_or_none, None, "the weights the model file holds for it; none: not known")},
        "a layer cnncalc does not know, its work not counted (--unknown zero)", ("uncounted",)),
    "channel_shuffle": LayerKind(channel_shuffle, {"groups": Setting(whole(1))}, "channel shuffle"),
    "channel_slice": LayerKind(
        channel_slice, {"start": Setting(whole(0), 0), "stop": Setting(whole(1))}, "keep channels start..stop−1"
    ),
    "upsample": LayerKind(
        upsample,
        {"scale": Setting(factor, None, "a whole factor per axis (Keras' size, PyTorch's scale_factor)"),
         "output_size": Setting(per_axis(1), None, "the output's spatial size (PyTorch's size)"),
         "mode": Setting(interpolation, "nearest"), "align_corners": Setting(flag, False, "changes no count")},
        "upsampling by interpolation, no weights",
        tuple(f"upsample_{mode}{axes}d" for mode, only in INTERPOLATIONS.items() for axes in (1, 2, 3)
              if only in (None, axes)),
    ),
    **{name: LayerKind(same_shape, {}, "activation") for name in ACTIVATIONS},
}
