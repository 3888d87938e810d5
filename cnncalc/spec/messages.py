"""How a spec's mistakes are worded: values quoted as the user wrote them, however large, and the
names the user may have meant."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

SHOWN = 120  # characters of a value that an error message quotes at most
_NOTHING = object()
@cache  # only a mistake's message needs it
def _looks_typed() -> re.Pattern[str]:
    return re.compile(r"[-+]?(\.?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.inf|\.nan)|true|false|yes|no|on|off|"
                          r"null|~", re.IGNORECASE)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str) and _looks_typed().fullmatch(value):
        return f'"{value}" (text, in quotes)'
    return str(value)


def show(value: object, limit: int = SHOWN) -> str:
    """A value as the user wrote it in YAML, for messages: at most `limit` characters, however large
    or deep the value (it is walked without recursion, and only as far as it is shown); text that
    would read as a number or a truth value is quoted, so that "3" is not taken for 3."""
    pieces: list[str] = []
    size = 0
    stack: list[list[object]] = []  # [iterator, closing bracket, first item still to come]
    current: object = value
    while size <= limit:
        if current is not _NOTHING:
            if isinstance(current, list):
                pieces.append("[")
                stack.append([iter(current), "]", True])
            elif isinstance(current, dict):
                pieces.append("{")
                stack.append([iter(current.items()), "}", True])
            else:
                pieces.append(_scalar(current)[:limit + 1])
            size += len(pieces[-1])
        if not stack:
            break
        frame = stack[-1]
        item = next(frame[0], _NOTHING)  # type: ignore[call-overload]
        if item is _NOTHING:
            pieces.append(str(frame[1]))
            size += 1
            stack.pop()
            current = _NOTHING
            continue
        if not frame[2]:
            pieces.append(", ")
            size += 2
        frame[2] = False
        if frame[1] == "}":
            key, item = item
            pieces.append(f"{_scalar(key)[:limit + 1]}: ")
            size += len(pieces[-1])
        current = item
    text = "".join(pieces)
    return text if size <= limit else text[:limit] + "…"


def listed(items: Iterable[object], limit: int = 8) -> str:
    """`a, b, c`, or the first few and how many more."""
    items = list(items)
    shown = ", ".join(show(item, 40) for item in items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


def kind_of(value: object) -> str:
    """What sort of YAML value this is, in words: `a list`, `text`."""
    if value is None:
        return "null"
    names = {bool: "true or false", list: "a list", dict: "a mapping", str: "text", int: "a number", float: "a number"}
    return next((name for type_, name in names.items() if isinstance(value, type_)), type(value).__name__)


# What users paste from frameworks and papers, normalized (lower case, no `_`, no `2d`).
KIND_ALIASES = {
    "convolution": "conv", "conv1d": "conv", "conv3d": "conv", "separableconv": "separable_conv", "depthwiseconv": "depthwise_conv",
    "convtranspose": "conv_transpose", "deconv": "conv_transpose", "deconvolution": "conv_transpose",
    "linear": "dense", "fc": "dense", "fullyconnected": "dense", "innerproduct": "dense",
    "bn": "batchnorm", "batchnormalization": "batchnorm", "norm": "batchnorm",
    "maxpooling": "maxpool", "averagepooling": "avgpool", "avgpooling": "avgpool", "pool": "maxpool",
    "globalaveragepooling": "global_avgpool", "gap": "global_avgpool", "globalmaxpooling": "global_maxpool",
    "adaptiveavgpool": "adaptive_avgpool", "adaptivemaxpool": "adaptive_maxpool",
    "add": "residual", "shortcut": "residual", "skip": "residual", "concatenate": "concat", "cat": "concat",
    "multiply": "scale", "se": "scale", "squeezeexcitation": "scale", "sequence": "sequential", "block": "sequential",
    "localresponsenorm": "lrn", "hardswish": "hard_swish", "hardsigmoid": "hard_sigmoid",
    "leakyrelu": "leaky_relu", "upsampling": "upsample", "interpolate": "upsample", "resize": "upsample",
    "groupnormalization": "groupnorm", "layernormalization": "layernorm", "instancenormalization": "instancenorm",
    "zeropadding": "pad", "zeropad": "pad", "reflectionpad": "pad", "replicationpad": "pad", "cropping": "crop",
    "maxunpool": "max_unpool", "pixelshuffle": "pixel_shuffle", "pixelunshuffle": "pixel_unshuffle",
    "layerscale": "layer_scale",
}

# Setting names of PyTorch and Keras, and what cnncalc calls them; () where cnncalc needs none.
SETTING_ALIASES: dict[str, tuple[str, ...]] = {
    "out_channels": ("filters",), "kernel_size": ("kernel",), "out_features": ("units",), "strides": ("stride",),
    "dilation_rate": ("dilation",), "pool_size": ("kernel",), "use_bias": ("bias",), "p": ("rate",),
    "scale_factor": ("scale",), "interpolation": ("mode",),
    "in_channels": (), "in_features": (), "num_features": (), "input_shape": (), "input_dim": (),
}


# Settings whose name means one thing in Keras and another in PyTorch: (kind, name) -> what to write.
SETTING_HINTS = {
    ("upsample", "size"): "write `scale` for a factor per axis (Keras' size) or `output_size` for the output's "
                          "size (PyTorch's size)",
    **{(pool, "size"): "write `kernel` for the window (Keras' pool_size, PyTorch's kernel_size)"
       for pool in ("maxpool", "avgpool")},
}


def suggest_kind(word: object, choices: Iterable[str]) -> str:
    """`; did you mean `conv`?` for a layer kind as PyTorch, Keras or a paper names it, or misspelt."""
    choices = list(choices)
    normal = re.sub(r"[_\s-]|2d$|1d$|3d$", "", str(word).lower())
    alias = KIND_ALIASES.get(normal) or KIND_ALIASES.get(normal.replace("2d", ""))
    if alias is None:
        alias = next((choice for choice in choices if re.sub(r"[_-]", "", choice) == normal), None)
    return f"; did you mean `{alias}`?" if alias else did_you_mean(word, choices)


def closest(word: object, choices: Iterable[str]) -> str | None:
    import difflib  # only mistakes need it

    text = str(word)
    if len(text) > 100:  # no word that long is a misspelling, and comparing it would take long
        return None
    close = difflib.get_close_matches(text, list(choices), n=1)
    return close[0] if close else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    close = closest(word, choices)
    return f"; did you mean `{close}`?" if close else ""
