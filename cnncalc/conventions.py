"""How other tools count, as data: one row per tool and version range, a decision for every layer
kind (what the tool counts for it, or that it counts nothing, and where in its source that is read),
and the arithmetic that turns a report into the number each tool would print. docs/conventions.md
gives the rules in words."""
from __future__ import annotations

from math import prod
from typing import NamedTuple, cast

from cnncalc.figures import Figure, parse_figure, relative
from cnncalc.report import LayerReport, Report

# The quantities a cost is made of, per layer (for the whole batch where they are counts of work):
#   macs          multiply-accumulates, cnncalc's count
#   bias_outputs  output elements of a layer with bias (one addition each)
#   bias          bias values, once per sample
#   weights_bias_per_position  (weights + bias) × output positions: torchinfo's "Mult-Adds"
#   weights_bias_per_sample    (weights + bias) once per sample: torchinfo's dense, in its releases
#   weights_at_output          weights × output positions: a transposed conv counted at its output
#   torchprofile_transposed    torchprofile's transposed conv: out × k × (C_out/g if C_out == C_in else C_in)
#   params        trainable values of the layer, once per sample (torchinfo's batchnorm)
#   in, out       input and output elements
#   window_out    (pooling window + 1) × output elements (thop's adaptive pooling)
#   softmax_thop  (in / C) × (3C − 1): thop's softmax over C channels
QUANTITIES = ("macs", "bias_outputs", "bias", "weights_bias_per_position", "weights_bias_per_sample",
              "weights_at_output", "torchprofile_transposed", "params", "in", "out", "window_out", "softmax_thop")

UNKNOWN_LAYERS = "layers cnncalc does not know"  # what no tool's count of is known either
# The layer kinds a tool tells apart, and the cnncalc kinds (and joins) in each; a kind that is several
# operations (upsample's modes) is in a group by each of its operations. Every kind is in one.
GROUPS = {
    "conv": ("conv", "depthwise_conv", "separable_conv"), "transposed conv": ("conv_transpose",), "dense": ("dense",), "batchnorm": ("batchnorm",),
    "batchnorm without affine": ("batchnorm_without_affine",),
    **{f"{norm}{without}": (f"{norm}{without.replace(' ', '_')}",)
       for norm in ("groupnorm", "layernorm", "instancenorm") for without in ("", " without affine")},
    "maxpool": ("maxpool",), "avgpool": ("avgpool",), "adaptive avgpool": ("adaptive_avgpool", "global_avgpool"),
    "adaptive maxpool": ("adaptive_maxpool", "global_maxpool"), "relu": ("relu",), "relu6": ("relu6",),
    "leaky relu": ("leaky_relu",), "elu": ("elu",), "selu": ("selu",), "gelu": ("gelu",), "silu": ("silu", "swish"),
    "mish": ("mish",), "sigmoid": ("sigmoid",), "hard sigmoid": ("hard_sigmoid",), "hard swish": ("hard_swish",),
    "tanh": ("tanh",), "softmax": ("softmax",), "lrn": ("lrn",), "dropout": ("dropout",),
    "channel shuffle": ("channel_shuffle",), "reshaping": ("flatten", "identity", "channel_slice", "reshape", "crop"),
    "keras preprocessing": ("rescaling", "normalization"), "pad": ("pad",), "max unpool": ("max_unpool",), "prelu": ("prelu",),
    "pixel shuffle": ("pixel_shuffle", "pixel_unshuffle"),
    UNKNOWN_LAYERS: ("uncounted",),
    "concat": ("concat",), "add": ("add",), "multiply": ("multiply", "layer_scale"),
    "upsample nearest 2d": ("upsample_nearest2d",), "upsample nearest 1d, 3d": ("upsample_nearest1d", "upsample_nearest3d"),
    "upsample linear": ("upsample_linear1d",), "upsample bilinear": ("upsample_bilinear2d",),
    "upsample bicubic": ("upsample_bicubic2d",), "upsample trilinear": ("upsample_trilinear3d",),
}
GROUP_OF = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
UPSAMPLE = tuple(group for group in GROUPS if group.startswith("upsample"))

Cost = tuple[tuple[int, str], ...]  # (coefficient, quantity) terms, summed


class Rule(NamedTuple):
    """What a tool adds for a group of layers, and where in its source that is read. An empty cost
    counts nothing; `reproduced` False where cnncalc cannot reproduce the tool's count."""

    cost: Cost
    where: str
    reproduced: bool = True


def rules(counted: dict[str, tuple[Cost, str]], free: dict[tuple[str, ...], str],
          unknown: dict[tuple[str, ...], str] | None = None, counts_no_work: bool = False) -> dict[str, Rule]:
    """A tool's decision for every group: what it counts, what it counts as nothing (and why),
    and what cnncalc does not reproduce (and why). What a tool counts for a layer cnncalc does not
    know is not known either, unless the tool counts no work at all (`counts_no_work`)."""
    decided = {group: Rule(cost, where) for group, (cost, where) in counted.items()}
    for groups, where in free.items():
        decided.update({group: Rule((), where) for group in groups})
    for groups, why in (unknown or {}).items():
        decided.update({group: Rule((), why, reproduced=False) for group in groups})
    if not counts_no_work:
        decided[UNKNOWN_LAYERS] = Rule((), "not reproduced: what the tool counts for a layer cnncalc does not know "
                                           "is not known either", reproduced=False)
    return decided


class Convention(NamedTuple):
    id: str
    tool: str
    versions: str
    label: str  # what the tool calls its number
    source: str  # where in the tool's source the rules were read
    rules: dict[str, Rule]  # group -> what the tool counts for it; every group is decided
    decimals: int = 2  # how the tool prints it: decimals after its scale letter (G, M, K) ...
    suffix: str = ""
    counts_statistics: bool = False  # params include batchnorm's running statistics (Keras)
    counts_work: bool = True  # False: the tool prints no count of work (Keras)
    bug: str = ""  # a known bug of the tool that the count reproduces

    def as_printed(self, value: int) -> str:
        """The figure as the tool prints it, scaled by its size: 4.09 G, 1.64 M, 512 K."""
        for letter, scale in (("T", 10**12), ("G", 10**9), ("M", 10**6), ("K", 10**3)):
            if value >= scale:
                return f"{value / scale:.{self.decimals}f} {letter}{self.suffix}"
        return f"{value} {self.suffix}".rstrip()


MACS: Cost = ((1, "macs"),)
ACTIVATIONS = ("relu", "relu6", "leaky relu", "elu", "selu", "gelu", "silu", "mish", "sigmoid", "hard sigmoid",
               "hard swish", "tanh", "softmax")
POOLS = ("maxpool", "avgpool", "adaptive avgpool", "adaptive maxpool")
SHAPE_ONLY = ("dropout", "channel shuffle", "reshaping", "concat", "pad", "max unpool", "pixel shuffle")
NORMS = ("groupnorm", "layernorm", "instancenorm")  # each also "... without affine"

_PTFLOPS_ZERO = "no hook in MODULES_MAPPING (ptflops/pytorch_ops.py), and no patched function it calls"


def _ptflops(id_: str, versions: str, transposed_at_output: bool, patched: bool, bug: str = "") -> Convention:
    """ptflops' pytorch backend: module hooks, and from 0.7.1 torch.nn.functional `patched` as well,
    which the hooked modules call, so that both count them."""
    if transposed_at_output:
        conv_transpose: Cost = ((1, "weights_at_output"), (1, "bias_outputs"))
        transposed_where = "pytorch_ops.py conv_flops_counter_hook: the output's size" + (", until 0.7.5" if patched else "")
    else:
        conv_transpose = ((1, "macs"), (1, "bias_outputs"))
        transposed_where = "pytorch_ops.py conv_flops_counter_hook(transpose=True): the input's size (0.7.5)"
    activations = _PTFLOPS_ACTIVATIONS if patched else _PTFLOPS_LEGACY_ACTIVATIONS
    pools = 2 if patched else 1
    dense_bias = "bias_outputs" if patched else "bias"
    source = "ptflops/pytorch_engine.py, pytorch_ops.py" if patched else "ptflops/pytorch_ops.py"
    return Convention(id_, "ptflops, pytorch backend", versions, "MACs", source, rules(
        {"conv": (((1, "macs"), (1, "bias_outputs")), "pytorch_ops.py conv_flops_counter_hook"),
         "transposed conv": (conv_transpose, transposed_where),
         "dense": (((1, "macs"), (1, dense_bias)), "pytorch_ops.py linear_flops_counter_hook"),
         "batchnorm": (((2, "in"),), "pytorch_ops.py bn_flops_counter_hook: twice the input with affine"),
         "batchnorm without affine": (((1, "in"),), "pytorch_ops.py bn_flops_counter_hook: the input's elements"),
         **{norm: (((2, "in"),), "pytorch_ops.py bn_flops_counter_hook: twice the input with affine")
            for norm in ("groupnorm", "instancenorm")},
         **{norm: (((1, "in"),), "pytorch_ops.py bn_flops_counter_hook: the input's elements"
                   + (" (LayerNorm has no `affine`, so never twice)" if norm.startswith("layernorm") else ""))
            for norm in ("groupnorm without affine", "instancenorm without affine",
                         *(() if not patched else ("layernorm", "layernorm without affine")))},
         **{pool: (((pools, "in"),), "pytorch_ops.py pool_flops_counter_hook" +
                   (", and F.*pool* patched (pytorch_engine.py)" if pools == 2 else "")) for pool in POOLS},
         **{group: (((pools, "out"),), "pytorch_ops.py upsample_flops_counter_hook" +
                    (", and F.interpolate patched (pytorch_engine.py): counted twice" if pools == 2 else ""))
            for group in UPSAMPLE},
         **activations,
         "prelu": (((2, "out"),), _RELU_HOOK + " and F.prelu patched: counted twice") if patched else
                  (((1, "out"),), _RELU_HOOK)},
        {tuple(group for group in (*ACTIVATIONS, *SHAPE_ONLY, "add", "multiply", *(("lrn",) if pools == 1 else ()))
               if group not in activations): _PTFLOPS_ZERO},
        {("lrn",): "not reproduced: ptflops reaches LocalResponseNorm through the tensor operations it calls, "
                   "3·in + N·(C + size − 1)·H·W"} if pools == 2 else
        {("layernorm", "layernorm without affine"): "not reproduced: 0.6.8 has no hook for LayerNorm; 0.7.0 counts "
                                                    "its input's elements (bn_flops_counter_hook)"}),
        suffix="Mac", bug=bug)


_RELU_HOOK = "pytorch_ops.py relu_flops_counter_hook"
_PTFLOPS_ACTIVATIONS = {  # 0.7.1 and later: module hooks, and F.relu, F.elu, F.gelu patched as well
    "relu": (((2, "out"),), _RELU_HOOK + " and F.relu patched: counted twice"),
    "elu": (((2, "out"),), _RELU_HOOK + " and F.elu patched: counted twice"),
    "gelu": (((2, "out"),), _RELU_HOOK + " and F.gelu patched: counted twice"),
    "relu6": (((1, "out"),), _RELU_HOOK + " (nn.ReLU6 calls F.hardtanh, which is not patched)"),
    "leaky relu": (((1, "out"),), _RELU_HOOK + " (F.leaky_relu is not patched)"),
    "silu": (((1, "in"),), "pytorch_engine.py: F.silu patched"),
    "softmax": (((1, "in"),), "pytorch_engine.py: F.softmax patched"),
}
_PTFLOPS_LEGACY_ACTIVATIONS = {name: (((1, "out"),), _RELU_HOOK) for name in ("relu", "elu", "gelu", "relu6", "leaky relu")}

_FVCORE_UNSUPPORTED = ("no handler in _DEFAULT_SUPPORTED_OPS (fvcore/nn/flop_count.py): counted as 0, with a "
                       "warning of an unsupported operator")
_FVCORE_IGNORED = "in _IGNORED_OPS (fvcore/nn/jit_analysis.py): counted as 0 on purpose"


def _fvcore(batchnorm: int) -> dict[str, Rule]:
    return rules(
        {"conv": (MACS, "jit_handles.py conv_flop_jit"),
         "transposed conv": (MACS, "jit_handles.py conv_flop_count: the input's size for a transposed conv"),
         "dense": (MACS, "jit_handles.py linear_flop_jit"),
         "batchnorm": (((batchnorm, "in"),), "jit_handles.py batchnorm_flop_jit" +
                       (", training" if batchnorm == 5 else ", eval")),
         "batchnorm without affine": (((batchnorm - 1, "in"),), "jit_handles.py batchnorm_flop_jit, without affine" +
                                      (", training" if batchnorm == 5 else ", eval")),
         **{norm: (((5, "in"),), "flop_count.py: aten::group_norm, layer_norm, instance_norm, norm_flop_counter: "
                                 "5 per element with affine") for norm in NORMS},
         **{f"{norm} without affine": (((4, "in"),), "flop_count.py: norm_flop_counter, 4 per element without affine")
            for norm in NORMS},
         "adaptive avgpool": (((1, "in"),), "flop_count.py: elementwise_flop_counter(1, 0)"),
         "upsample nearest 2d": (((1, "out"),), "flop_count.py: aten::upsample_nearest2d, elementwise_flop_counter(0, 1)"),
         "upsample bilinear": (((4, "out"),), "flop_count.py: aten::upsample_bilinear2d, elementwise_flop_counter(0, 4)")},
        {("relu", "dropout", "reshaping", "concat"): _FVCORE_IGNORED,
         ("pad",): "aten::constant_pad_nd (zero) in _IGNORED_OPS (jit_analysis.py); the reflection and replication "
                   "pads have no handler: 0, with a warning",
         tuple(group for group in (*ACTIVATIONS, "maxpool", "avgpool", "adaptive maxpool", "lrn", "channel shuffle",
                                   "add", "multiply", *UPSAMPLE, "max unpool", "prelu", "pixel shuffle")
               if group not in ("relu", "upsample nearest 2d", "upsample bilinear")): _FVCORE_UNSUPPORTED})


_TORCHPROFILE_ZERO = "in _ZERO_COST_OPS (torchprofile/handlers.py)"
_TORCHPROFILE_UNSEEN = "no handler in torchprofile/handlers.py: skipped with a warning"
_THOP_ZERO = "zero_ops in register_hooks (thop/profile.py)"
_THOP_UNSEEN = "no hook in register_hooks (thop/profile.py)"
_CALFLOPS_UNSEEN = "no patched function in calflops/pytorch_ops.py reaches it"

CONVENTIONS = (
    Convention("cnncalc", "cnncalc", "all", "MACs", "docs/counting.md",
               rules({"conv": (MACS, "counting.md"), "transposed conv": (MACS, "counting.md"),
                      "dense": (MACS, "counting.md")},
                     {tuple(group for group in GROUPS if group not in ("conv", "transposed conv", "dense")):
                      "cnncalc counts the multiply-accumulates of weights only"}, counts_no_work=True)),
    Convention("torch", "PyTorch FlopCounterMode", "2.1 and later", "FLOP", "torch/utils/flop_counter.py",
               rules({"conv": (((2, "macs"),), "flop_counter.py conv_flop"),
                      "transposed conv": (((2, "macs"),), "flop_counter.py conv_flop_count: the input's size"),
                      "dense": (((2, "macs"),), "flop_counter.py addmm_flop, mm_flop")},
                     {tuple(group for group in GROUPS if group not in ("conv", "transposed conv", "dense")):
                      "not in flop_registry (flop_counter.py): skipped, no warning"}),
               decimals=3, suffix="FLOP"),
    Convention("torchinfo", "torchinfo", "1.5 to 1.8", "Mult-Adds", "torchinfo/layer_info.py calculate_macs",
               rules({"conv": (((1, "weights_bias_per_position"),), "calculate_macs: (W + B) × output positions"),
                      "transposed conv": (((1, "weights_bias_per_position"),),
                                          "calculate_macs: (W + B) × output positions, the output's size"),
                      "dense": (((1, "weights_bias_per_sample"),), "calculate_macs: (W + B) × the batch"),
                      **{norm: (((1, "params"),), "calculate_macs: its parameters, once per sample")
                         for norm in ("batchnorm", *NORMS, "prelu")}},
                     {tuple(group for group in GROUPS if group not in ("conv", "transposed conv", "dense", "batchnorm",
                                                                       *NORMS, "prelu")):
                      "calculate_macs counts modules with parameters only"})),
    Convention("fvcore", "fvcore FlopCountAnalysis (eval mode)", "0.1.5.post20220119 and later",
               "flops (one FMA each)", "fvcore/nn/flop_count.py, jit_handles.py", _fvcore(2), decimals=3),
    Convention("fvcore-train", "fvcore / MMEngine, model in training mode", "0.1.5.post20220119 and later", "flops",
               "fvcore/nn/jit_handles.py batchnorm_flop_jit, norm_flop_counter", _fvcore(5), decimals=3),
    _ptflops("ptflops", "0.7.5 and later", transposed_at_output=False, patched=True,
             bug="counts ReLU, pooling and upsampling twice: it hooks the modules and patches torch.nn.functional, "
                 "which the modules call"),
    _ptflops("ptflops-0.7", "0.7.2 to 0.7.4", transposed_at_output=True, patched=True,
             bug="counts ReLU, pooling and upsampling twice, as 0.7.5 does, and a transposed convolution at its "
                 "output's size"),
    _ptflops("ptflops-legacy", "0.6.8 to 0.7.0", transposed_at_output=True, patched=False),
    Convention("ptflops-aten", "ptflops, aten backend", "0.7.3 and later", "MACs",
               "ptflops/aten_engine.py, aten_ops.py",
               rules({"conv": (((1, "macs"), (1, "bias_outputs")), "aten_ops.py conv_flop"),
                      "transposed conv": (((1, "macs"), (1, "bias_outputs")), "aten_ops.py conv_flop: the input's size"),
                      "dense": (((1, "macs"), (1, "bias_outputs")), "aten_ops.py addmm_flop")},
                     {tuple(group for group in GROUPS if group not in ("conv", "transposed conv", "dense")):
                      "not in ATEN_OPS_MAPPING (aten_ops.py)"}), suffix="Mac"),
    Convention("thop", "thop profile", "0.1.1", "MACs", "thop/profile.py, vision/basic_hooks.py, vision/calc_func.py",
               rules({"conv": (MACS, "basic_hooks.py count_convNd"),
                      "transposed conv": (((1, "weights_at_output"),), "basic_hooks.py count_convNd: the output's size"),
                      "dense": (MACS, "basic_hooks.py count_linear"),
                      "batchnorm": (((4, "in"),), "basic_hooks.py count_normalization: 2 per element, twice when affine"),
                      "batchnorm without affine": (((2, "in"),), "basic_hooks.py count_normalization: 2 per element"),
                      **{norm: (((4, "in"),), "basic_hooks.py count_normalization: 2 per element, twice when affine")
                         for norm in ("layernorm", "instancenorm")},
                      **{f"{norm} without affine": (((2, "in"),), "basic_hooks.py count_normalization: 2 per element")
                         for norm in ("layernorm", "instancenorm")},
                      "avgpool": (((1, "out"),), "basic_hooks.py count_avgpool"),
                      "adaptive avgpool": (((1, "window_out"),), "basic_hooks.py count_adap_avgpool"),
                      "softmax": (((1, "softmax_thop"),), "basic_hooks.py count_softmax"),
                      **{group: (((per_output, "out"),), f"basic_hooks.py count_upsample, calc_func.py "
                                                         f"calculate_upsample: {per_output} per output element")
                         for group, per_output in (("upsample nearest 2d", 1), ("upsample nearest 1d, 3d", 1),
                                                   ("upsample linear", 5), ("upsample bilinear", 11),
                                                   ("upsample bicubic", 224 + 35))}},
                     {("maxpool", "adaptive maxpool", "relu", "relu6", "dropout"): _THOP_ZERO,
                      ("upsample trilinear",): "basic_hooks.py count_upsample: trilinear is not among its modes, "
                                               "a zero op with a warning",
                      ("leaky relu",): "basic_hooks.py count_relu: 0",
                      ("pad",): "nn.ZeroPad2d: zero_ops in register_hooks (thop/profile.py); no hook for the "
                                "reflection and replication pads",
                      ("pixel shuffle",): "nn.PixelShuffle: zero_ops in register_hooks (thop/profile.py); no hook "
                                          "for PixelUnshuffle",
                      ("elu", "selu", "gelu", "silu", "mish", "sigmoid", "hard sigmoid", "hard swish", "tanh", "lrn",
                       "channel shuffle", "reshaping", "concat", "add", "multiply", "groupnorm",
                       "groupnorm without affine", "max unpool"): _THOP_UNSEEN},
                     {("prelu",): "not reproduced: basic_hooks.py count_prelu counts 1 per element in eval mode "
                                  "and nothing in training mode, which is how a model is built"}),
               decimals=3),
    Convention("calflops", "calflops (and the DeepSpeed profiler)", "0.3.2", "FLOPs", "calflops/pytorch_ops.py",
               rules({"conv": (((2, "macs"), (1, "bias_outputs")), "pytorch_ops.py _conv_flops_compute"),
                      "dense": (((2, "macs"),), "pytorch_ops.py _linear_flops_compute"),
                      "batchnorm": (((2, "in"),), "pytorch_ops.py _batch_norm_flops_compute: 2 per element with affine"),
                      "batchnorm without affine": (((1, "in"),), "pytorch_ops.py _batch_norm_flops_compute: 1 per element"),
                      **{norm: (((5, "in"),), "pytorch_ops.py _layer_norm_flops_compute and its kin: 5 per element "
                                              "with affine") for norm in NORMS},
                      **{f"{norm} without affine": (((4, "in"),), "pytorch_ops.py _layer_norm_flops_compute and its "
                                                                   "kin: 4 per element") for norm in NORMS},
                      **{pool: (((1, "in"),), "pytorch_ops.py _pool_flops_compute") for pool in POOLS},
                      **{name: (((1, "in"),), "pytorch_ops.py _relu_flops_compute and its kin")
                         for name in ("relu", "leaky relu", "elu", "gelu", "silu", "softmax")},
                      "prelu": (((1, "in"),), "pytorch_ops.py _prelu_flops_compute")},
                     {("relu6",): "nn.ReLU6 calls F.hardtanh, which calflops does not patch",
                      ("selu", "mish", "sigmoid", "hard sigmoid", "hard swish", "tanh", "dropout", "channel shuffle",
                       "reshaping", "concat", "add", "multiply", "pad", "max unpool", "pixel shuffle"):
                      _CALFLOPS_UNSEEN},
                     {("transposed conv",): "not reproduced: calflops' _conv_trans_flops_compute divides by the "
                                            "groups twice and takes its bias term at a forward convolution's size",
                      ("lrn",): "not reproduced: calflops reaches LocalResponseNorm through the tensor operations it "
                                "calls, 3·in + N·(C + size − 1)·H·W",
                      UPSAMPLE: "not reproduced: calflops' _upsample_flops_compute counts the input's elements for a "
                                "scale (its product with the scale is lost) and the output's spatial size alone, for "
                                "one sample and one channel, for a size"}),
               suffix="FLOPS", bug="its FLOPs are not 2 × its MACs: a bias adds 1 per output, pooling 1 per input"),
    Convention("torchprofile", "torchprofile profile_macs", "0.0.4 to 0.1.0", "MACs", "torchprofile/handlers.py",
               rules({"conv": (MACS, "handlers.py _convolution"),
                      "transposed conv": (((1, "torchprofile_transposed"),),
                                          "handlers.py _convolution: the output's size"),
                      "dense": (MACS, "handlers.py _matmul (aten::linear)"),
                      **{norm: (((1, "in"),), "handlers.py _norm: the output's elements, with affine")
                         for norm in ("batchnorm", *NORMS)},
                      "avgpool": (((1, "out"),), "handlers.py _avg_pool_or_mean"),
                      "adaptive avgpool": (((1, "out"),), "handlers.py _avg_pool_or_mean"),
                      "leaky relu": (((1, "out"),), "handlers.py _leaky_relu"),
                      "lrn": (((3, "in"),), "handlers.py _mul twice and _avg_pool_or_mean, as F.local_response_norm"),
                      "multiply": (((1, "out"),), "handlers.py _mul (aten::mul)"),
                      "upsample bilinear": (((4, "out"),), "handlers.py _upsample_bilinear2d")},
                     {("batchnorm without affine", *(f"{norm} without affine" for norm in NORMS)):
                      "handlers.py _norm: 0 without affine",
                      ("maxpool", "adaptive maxpool", "relu", "relu6", "gelu", "silu", "sigmoid", "tanh", "softmax",
                       "dropout", "reshaping", "concat", "add", "upsample nearest 2d", "pad", "max unpool"):
                      _TORCHPROFILE_ZERO,
                      ("elu", "selu", "mish", "hard sigmoid", "hard swish", "channel shuffle", "prelu", "pixel shuffle",
                       *(group for group in UPSAMPLE if group not in ("upsample nearest 2d", "upsample bilinear"))):
                      _TORCHPROFILE_UNSEEN})),
    Convention("keras", "Keras model.summary()", "2, 3", "Total params", "keras/src/utils/summary_utils.py",
               rules({}, {tuple(GROUPS): "model.summary() prints no count of work"}, counts_no_work=True),
               counts_statistics=True, counts_work=False),
)
# Keras' preprocessing layers have no PyTorch module: written as tensor arithmetic, each tool counts
# them its own way, which cnncalc does not guess.
for _convention in CONVENTIONS:
    if _convention.id not in ("cnncalc", "keras"):
        _convention.rules["keras preprocessing"] = Rule(
            (), "not reproduced: a Keras layer with no PyTorch module; written as tensor arithmetic, each tool "
                "counts that its own way", reproduced=False)
BY_ID = {convention.id: convention for convention in CONVENTIONS}


def quantities(layer: LayerReport) -> dict[str, int]:
    """The quantities of QUANTITIES for one row of a report."""
    counts = layer.counts
    batch = layer.batch
    out = layer.activations
    inputs = prod(layer.input_shape) * batch
    positions = prod(layer.output_shape[:-1]) * batch
    window = prod(layer.input_shape[:-1]) // max(1, prod(layer.output_shape[:-1]))
    kernel = groups = 1
    if counts.filter_shape:
        kernel = prod(counts.filter_shape[:-1])
        groups = max(1, layer.input_shape[-1] // counts.filter_shape[-1])
    taken = counts.filters // groups if counts.filters == layer.input_shape[-1] else layer.input_shape[-1]
    return {
        "macs": layer.macs,
        "bias_outputs": out if counts.bias else 0,
        "bias": counts.bias * batch,
        "weights_bias_per_position": (counts.weights + counts.bias) * positions,
        "weights_bias_per_sample": (counts.weights + counts.bias) * batch,
        "weights_at_output": counts.weights * positions,
        "torchprofile_transposed": out * kernel * taken,
        "params": layer.counts.params * batch,  # each call, a shared layer's too
        "in": inputs,
        "out": out,
        "window_out": (window + 1) * out,
        "softmax_thop": inputs // max(1, layer.input_shape[-1]) * (3 * layer.input_shape[-1] - 1),
    }


def counted(convention: Convention, layer: LayerReport) -> int | None:
    """What the tool would count for this layer; None where cnncalc does not reproduce its count.
    A kind no convention has decided is an error, never a silent zero."""
    rule = convention.rules[GROUP_OF[layer.counts.operation or layer.kind]]
    if not rule.reproduced:
        return None
    if not rule.cost:
        return 0
    values = quantities(layer)
    return sum(coefficient * values[quantity] for coefficient, quantity in rule.cost)


class Reading(NamedTuple):
    """One network counted under one convention."""

    convention: Convention
    network: str  # the report's name (a variant preset may differ from the one asked about)
    value: int | None  # None where the tool prints no count of work, or cnncalc cannot reproduce it
    params: int
    by_group: dict[str, int]  # group -> the tool's count for the layers of that group
    unreproduced: str = ""  # for a tool that counts work, the group it is None for and why: "lrn: ptflops reaches …"
    non_trainable: int = 0  # of params: frozen layers', and for Keras the batchnorm statistics too


def read(report: Report, convention: Convention) -> Reading:
    by_group: dict[str, int] = {}
    total = 0
    unreproduced = ""
    for layer in report.layers:
        value = counted(convention, layer)
        group = GROUP_OF[layer.counts.operation or layer.kind]
        if value is None:
            unreproduced = unreproduced or f"{group}: {convention.rules[group].where.removeprefix('not reproduced: ')}"
        elif value:
            by_group[group] = by_group.get(group, 0) + value
            total += value
    params = report.totals.params + (report.totals.non_trainable if convention.counts_statistics else 0)
    value = total if convention.counts_work and not unreproduced else None
    non_trainable = report.totals.frozen + (report.totals.non_trainable if convention.counts_statistics else 0)
    return Reading(convention, report.name, value, params, by_group, unreproduced if convention.counts_work else "",
                   non_trainable)


def differences(reading: Reading, baseline: Reading) -> list[tuple[str, int]]:
    """Where a tool's count differs from cnncalc's, by layer group: (group, tool − cnncalc)."""
    groups = dict.fromkeys([*baseline.by_group, *reading.by_group])
    return [(group, reading.by_group.get(group, 0) - baseline.by_group.get(group, 0)) for group in groups
            if reading.by_group.get(group, 0) != baseline.by_group.get(group, 0)]


_WORDS = {"bias_outputs": "per output element with bias", "bias": "per bias value",
          "weights_bias_per_position": "(W + B) per output position", "weights_bias_per_sample": "(W + B) per sample",
          "weights_at_output": "W per output position", "params": "per parameter (2C)",
          "torchprofile_transposed": "out × kernel × (C_out/g if C_out = C_in, else C_in)",
          "in": "per input element", "out": "per output element", "window_out": "(window + 1) per output element",
          "softmax_thop": "(3C − 1) per position"}


def rule_text(convention: Convention, group: str) -> str:
    """`2 per input element`, `M + 1 per output element with bias`: a cost in words."""
    rule = convention.rules[group]
    if not rule.reproduced:
        return "not reproduced"
    parts = []
    for coefficient, quantity in rule.cost:
        if quantity == "macs":
            parts.append("M" if coefficient == 1 else f"{coefficient}M")
        elif quantity in ("in", "out", "bias_outputs", "bias"):
            parts.append(f"{coefficient} {_WORDS[quantity]}")
        else:
            parts.append(_WORDS[quantity] if coefficient == 1 else f"{coefficient} × {_WORDS[quantity]}")
    return " + ".join(parts) or "0"


# --- "which convention gives 4.12 G?" ---------------------------------------------------------


class Match(NamedTuple):
    reading: Reading
    difference: float  # (tool value − figure) / figure
    inside: bool  # within the figure's precision
    quantity: str = "count"  # what of the tool's matched: its count of work, or its "params"

    @property
    def value(self) -> int:
        if self.quantity == "params":
            return self.reading.params
        return cast(int, self.reading.value)  # matches() matches a count only where the reading has one


def _quantities(unit: str) -> tuple[str, ...]:
    """What a figure's word says it counts: `params` a parameter count, `GFLOPs` or `GMac` work."""
    word = unit.lower()
    if word.startswith("param"):
        return ("params",)
    if word and any(word.startswith(prefix) for prefix in ("flop", "mac", "gmac", "mult", "madd", "gflop", "mflop")):
        return ("count",)
    return ("count", "params")


def matches(figure: Figure, readings: list[Reading]) -> list[Match]:
    """The readings that give the figure at its precision, as a count of work or of parameters (as
    the figure's word says, else either); or else the nearest within 10 %."""
    wanted = _quantities(figure.unit)
    candidates = [Match(reading, 0.0, False, quantity) for reading in readings for quantity in wanted
                  if quantity == "params" or reading.value is not None]
    measured = [match._replace(difference=relative(match.value, figure.value),
                               inside=figure.low <= match.value < figure.high) for match in candidates]
    found = [match for match in measured if match.inside]
    if found:
        return found
    nearest = min(measured, key=lambda match: abs(match.difference), default=None)
    return [nearest] if nearest is not None and abs(nearest.difference) <= 0.10 else []


class Survey(NamedTuple):
    """A network under every convention, and, for a quoted figure, which readings give it."""

    name: str
    readings: tuple[Reading, ...]  # the network asked about, one per convention, cnncalc's first
    figure: Figure | None = None
    found: tuple[Match, ...] = ()  # readings of the network or of its variants that give the figure
    warnings: tuple[str, ...] = ()  # the network's: layers cnncalc does not know, and the like


def survey(report: Report, variants: tuple[Report, ...] = (), figure: str | None = None) -> Survey:
    """Every convention's count of `report`; with a figure, which conventions, on this network or
    on a variant of it (resnet50-v1 for resnet50), give that figure."""
    readings = tuple(read(report, convention) for convention in CONVENTIONS)
    if figure is None:
        return Survey(report.name, readings, warnings=report.warnings)
    parsed = parse_figure(figure)
    candidates = [*readings, *(read(variant, convention) for variant in variants for convention in CONVENTIONS)]
    return Survey(report.name, readings, parsed, tuple(matches(parsed, candidates)), report.warnings)


def note(reading: Reading, baseline: Reading) -> str:
    """Where this reading differs from cnncalc's, in words: `+22,227,968 batchnorm: 2 per input element`."""
    if reading.unreproduced:
        return f"cnncalc does not reproduce its count here: {reading.unreproduced}"
    if reading.value is None:
        return "prints no count of work; its params add batchnorm's running statistics" \
            if reading.convention.counts_statistics else "prints no count of work"
    parts = [f"{difference:+,} {group} ({rule_text(reading.convention, group)})"
             for group, difference in differences(reading, baseline)]
    return "; ".join(parts) or "the same as cnncalc"


def rules_markdown() -> str:
    """The rules for docs/conventions.md (a test checks the page holds this text): a table of what
    each tool adds per layer kind, where any tool adds anything, then where each rule was read."""
    counting = [convention for convention in CONVENTIONS if convention.counts_work]
    shown = [group for group in GROUPS
             if any(convention.rules[group].cost or not convention.rules[group].reproduced for convention in counting)]
    lines = ["| kind | " + " | ".join(f"`{convention.id}`" for convention in counting) + " |",
             "| --- | " + " | ".join(["---"] * len(counting)) + " |"]
    for group in shown:
        lines.append(f"| {group} | " + " | ".join(rule_text(convention, group) for convention in counting) + " |")
    rest = [group for group in GROUPS if group not in shown]
    lines += ["", f"Every tool counts nothing for the other kinds: {', '.join(rest)}.", ""]
    for convention in CONVENTIONS:
        lines.append(f"- `{convention.id}`: {convention.tool}, {convention.versions}; {convention.label}. "
                     f"Read in `{convention.source}`:")
        where: dict[str, list[str]] = {}
        for group, rule in convention.rules.items():
            where.setdefault(rule.where, []).append(group)
        lines += [f"  - {', '.join(groups)}: {reason}" for reason, groups in where.items()]
    return "\n".join(lines) + "\n"
