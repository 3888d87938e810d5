"""The nodes a spec is read into: plain, immutable records, and the limits a reader keeps to."""
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from cnncalc.errors import Location
from cnncalc.layers import ParsedSettings, Shape

if TYPE_CHECKING:
    from cnncalc.devices import Device

JOINS = {"concat": "concat", "residual": "add", "scale": "multiply"}
GRAPH_JOINS = {"concat": "concat", "add": "add", "multiply": "multiply"}  # joins of named tensors: `from: [a, b]`
GROUPS = ("sequential",)


MAX_SIZE = 2**40  # any one dimension, filter count or kernel size, given or derived
MAX_ELEMENTS = 2**48  # the values of any one tensor, per sample (2.8 × 10¹⁴)
MAX_BATCH = 2**40


class Limits(NamedTuple):
    """Bounds no real network reaches, which keep a hostile spec from exhausting the machine; and what
    a layer of a model file that cnncalc does not know does to its reading."""

    max_layers: int = 100_000
    max_nesting: int = 100
    max_size: int = MAX_SIZE
    max_name: int = 200  # characters of a name: a spec's, a layer's, a block's
    max_text: int = 10_000  # characters of a description, source, lesson or published text
    unknown: str = "error"  # or "zero": go on past it, its work not counted (`uncounted`)

    @property
    def max_values(self) -> int:
        """YAML values after aliases are expanded: generous for max_layers layers of settings."""
        return 50 * self.max_layers

    @property
    def max_bytes(self) -> int:
        """The size of a spec's text: 256 bytes a layer, at least 1 MiB."""
        return max(256 * self.max_layers, 2**20)


# The nodes of a spec are NamedTuples: immutable, and cheap to make by the hundred thousand.
class Layer(NamedTuple):
    kind: str
    settings: ParsedSettings
    location: Location
    name: str | None = None
    key: tuple[object, ...] = ()  # (kind, settings) as a hashable value: equal keys on equal inputs give equal counts
    trainable: bool = True  # False: its parameters are frozen (`trainable: false` on it or around it)
    reads: tuple[str, ...] = ()  # `from:` the input or earlier layer it reads, by name; () the one before
    shares: str | None = None  # `shares:` the earlier layer, block or group whose weights it uses


def layer_node(kind: str, settings: dict[str, object], location: Location, name: str | None = None) -> Layer:
    return Layer(kind, MappingProxyType(settings), location, name, (kind, *settings.items()))


class Branch(NamedTuple):
    nodes: "tuple[Node, ...]"
    label: str  # path segment of the branch ("" when its layers sit right under the join)
    auto: bool = False  # `shortcut: auto`: identity, or a 1×1 conv + batchnorm (see engine.auto_shortcut)
    strided: bool = False  # with auto: whether the layers it bypasses stride, found once when read
    trainable: bool = True  # with auto: whether the projection it may become is trained


class Join(NamedTuple):
    """Parallel branches from one input, merged: concat (channels), add, or multiply."""

    kind: str
    merge: str
    branches: tuple[Branch, ...]
    location: Location
    name: str | None = None
    reads: tuple[str, ...] = ()  # a join of named tensors has these and no branches; else as a Layer's
    shares: str | None = None


class Group(NamedTuple):
    """A block's layers (or a `sequential`), reported under one path and folded by --depth."""

    kind: str
    nodes: "tuple[Node, ...]"
    location: Location
    name: str | None = None
    reads: tuple[str, ...] = ()
    shares: str | None = None


Node = Layer | Join | Group


class Published(NamedTuple):
    """A figure a paper or a tool publishes for this network, in its own words."""

    quote: str  # as printed: "3.8 × 10⁹ FLOPs"
    quantity: str  # what it is compared with: macs, flops or params
    value: str  # the number, at the precision printed: "3.8e9"
    where: str  # "He et al. 2015, table 1"
    means: str = ""  # what the source counted, where it is not what the label says


class Spec(NamedTuple):
    name: str
    input_shape: Shape
    layers: tuple[Node, ...]
    file: str = "<spec>"
    description: str = ""
    source: str = ""
    family: str = ""  # the network this spec is a variant of (presets: resnet50 and resnet50-v1)
    published: tuple[Published, ...] = ()  # those that hold for its arguments' values
    args: tuple[tuple[str, object], ...] = ()  # the spec's own arguments and the values it was read with
    inputs: tuple[tuple[str, Shape], ...] = ()  # named inputs (`inputs:`), the first being input_shape
    outputs: tuple[str, ...] = ()  # the tensors it gives, by name (`outputs:`); () the last layer's
    graph: bool = False  # whether anything reads by name (`from:`, `inputs:`, `outputs:`): the reader says so
    devices: "tuple[Device, ...]" = ()  # devices of its own (`devices:`), for --device to name


class Suite(NamedTuple):
    """What one file holds: a spec, or several variants of one design to set side by side."""

    name: str
    description: str
    lesson: str  # the point of comparing the variants; {weights@2} and the like are filled in
    source: str
    specs: tuple[Spec, ...]
    file: str = "<spec>"
    ratios: bool = True  # False: the variants stand alone, and no ratio between them is shown
    layer_count: int = 0  # layers of all its specs, as read (each use of a block, each repeat)


class Block(NamedTuple):
    args: Mapping[str, object]  # name -> default; REQUIRED when the use must give it
    layers: object  # as written: read as a list of layers where the block is used
    location: Location


# --- YAML with a location on every mapping, list and value ---------------------------------


def projection_shortcut(location: Location, filters: int, stride: Shape, trainable: bool = True) -> tuple[Layer, Layer]:
    """`shortcut: auto` when shapes differ: a 1×1 conv (no bias) with the stride, then batchnorm,
    as torchvision's ResNet downsample."""
    rank = len(stride)
    conv = {
        "filters": filters, "kernel": (1,) * rank, "stride": stride, "padding": ((0, 0),) * rank,
        "dilation": (1,) * rank, "groups": 1, "bias": False, "activation": None,
    }
    base = location.path + "/shortcut"
    return (
        layer_node("conv", conv, Location(location.file, location.line, location.column, base + "/conv"))._replace(
            trainable=trainable),
        layer_node("batchnorm", {"affine": True}, Location(location.file, location.line, location.column,
                                                           base + "/batchnorm"))._replace(trainable=trainable),
    )


def strided(nodes: tuple[Node, ...]) -> bool:
    """Whether any layer on these paths has a stride above 1 (a pool's stride defaults to its kernel)."""
    for node in nodes:
        if isinstance(node, Layer):
            stride = node.settings.get("stride") or node.settings.get("kernel") or ()
            if node.kind != "conv_transpose" and any(step > 1 for step in stride):
                return True
        elif isinstance(node, Join):
            if any(strided(branch.nodes) for branch in node.branches):
                return True
        elif strided(node.nodes):
            return True
    return False
