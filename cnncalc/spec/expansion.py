"""A spec's `layers` into nodes: `repeat` unrolled, blocks expanded with their arguments, branches
and joins read, and every node given its path (`stage[2]/conv[1]`)."""
from __future__ import annotations

from collections.abc import Mapping

from cnncalc.errors import Location
from cnncalc.layers import KINDS, REQUIRED
from cnncalc.spec.arguments import Arguments, Resolver, argument, names_in
from cnncalc.spec.context import Context, Mark, item_mark, key_mark, one_item_list
from cnncalc.spec.messages import did_you_mean, listed, show, suggest_kind
from cnncalc.spec.nodes import GRAPH_JOINS, GROUPS, JOINS, Block, Branch, Group, Join, Layer, Node, strided
from cnncalc.spec.settings import SettingsReader, by_value
from cnncalc.spec.source import YamlMap

class Expansions(dict[tuple[object, ...], tuple[str, tuple[Node, ...], int, bool]]):
    """Blocks expanded, kept for reuse in one spec or across the readings of one document (a
    sweep): emptied when what they hold passes MAX_LAYERS layers, so that memory stays bounded."""

    MAX_LAYERS = 100_000

    def __init__(self) -> None:
        super().__init__()
        self.layers = 0
        self.names: dict[str, frozenset[str]] = {}  # block -> the `$names` its expansion can read

    def keep(self, key: tuple[object, ...], entry: tuple[str, tuple[Node, ...], int, bool]) -> None:
        if self.layers + entry[2] > self.MAX_LAYERS:
            self.clear()
            self.layers = 0
        if entry[2] <= self.MAX_LAYERS:
            self[key] = entry
            self.layers += entry[2]


ITEM_KEYS = ("name", "repeat", "trainable", "from", "shares")  # what any item of a list of layers may carry besides its kind
_ITEM_KEY_SET = frozenset(ITEM_KEYS)

# kind, settings, name, repeat, trainable (None: as around it), what it reads (): the layer before),
# whose weights it uses
Item = tuple[str, object, "str | None", int, "bool | None", "tuple[str, ...]", "str | None"]


class Expander:
    def __init__(self, context: Context, resolver: Resolver, settings: SettingsReader, blocks: dict[str, Block]):
        self.context = context
        self.resolver = resolver
        self.settings = settings
        self.blocks = blocks
        self.expanding: list[str] = []  # the blocks being expanded, outermost first
        self.trainable = True  # False inside an item written with `trainable: false`
        self.reads_by_name = False  # whether any item names what it reads (`from:`)
        # (block, the arguments it reads by value, nesting, trainable) -> the path it was first read at, its
        # nodes, the layers read, whether it reads by name; shared by the readings of one document (a sweep)
        self.expanded: Expansions = Expansions() if context.expansions is None else context.expansions
        self.names = self.expanded.names  # found once per document, as its expansions are kept
        # a join or group written once and read again (`repeat`, an alias): (kind, id of its settings,
        # id of the arguments, name, mark, nesting, trainable) -> those objects, its first path, its node, the layers read
        self.reread: dict[tuple[object, ...], tuple[object, Arguments, str, Node, int]] = {}

    def sequence(self, raw: object, mark: Mark, parent: str, args: Arguments, nesting: int,
                 what: str) -> tuple[Node, ...]:
        context = self.context
        if nesting > context.limits.max_nesting:
            context.fail(f"blocks and branches nested deeper than {context.limits.max_nesting} levels "
                         "(the limit; raise it with --max-nesting)", mark, parent)
            return ()
        if raw is None:
            return ()
        if not isinstance(raw, list):
            context.fail(f"`{what}` must be a list of layers", mark, parent)
            return ()
        items: list[tuple[str, object, str | None, Mark, bool | None, tuple[str, ...], str | None]] = []
        for index, item in enumerate(raw):
            where = getattr(item, "mark", None) or item_mark(raw, index, mark)
            entry = self._split_item(item, where, parent, args)
            if entry is None:
                continue
            kind, settings, name, repeat, trainable, reads, shares = entry
            if reads or shares is not None:
                self.reads_by_name = True
            items.extend([(kind, settings, name, where, trainable, reads, shares)] * repeat)
        context.count_layers(len(items), mark, parent)
        bases = [name if name is not None else kind for kind, _, name, _, _, _, _ in items]
        totals: dict[str, int] = {}
        for base in bases:
            totals[base] = totals.get(base, 0) + 1
        seen: dict[str, int] = {}
        prefix = f"{parent}/" if parent else ""
        nodes = []
        for (kind, settings, name, where, trainable, reads, shares), base in zip(items, bases):
            if totals[base] > 1:
                seen[base] = number = seen.get(base, 0) + 1
                path = f"{prefix}{base}[{number}]"
            else:
                path = prefix + base
            around = self.trainable
            self.trainable = around if trainable is None else trainable
            node: Node | None
            try:
                if kind in GRAPH_JOINS and (reads or kind not in JOINS):
                    node = self._graph_join(kind, settings, name, where, path, reads)
                    if shares is not None:
                        self.context.fail(f"{kind} of named tensors has no weights to share", where, path)
                else:
                    node = self._node(kind, settings, name, where, path, args, nesting)
                    if node is not None and (reads or shares is not None):
                        node = node._replace(reads=reads, shares=shares)
            finally:
                self.trainable = around
            if node is not None:
                nodes.append(node)
        return tuple(nodes)

    def _split_item(self, item: object, mark: Mark, parent: str, args: Arguments) -> Item | None:
        """One list item -> (kind, settings, name, repeat, trainable, from, shares), or None after
        reporting it. Only what is read here is resolved: nested layers resolve their own `$args`
        when their turn comes."""
        context = self.context
        if isinstance(item, str):
            item = self.resolver.resolve(item, args, mark, parent)
        settings: object
        if isinstance(item, str):
            kind, settings, extra = item, None, {}
        elif isinstance(item, dict) and item:
            kinds = list(item) if len(item) == 1 else [key for key in item if key not in ITEM_KEYS]
            if len(kinds) != 1:
                shown = listed(item) or "nothing"
                first, *others = kinds or [None]
                hint = ""
                if others and item[first] is None and first in KINDS and all(key in KINDS[first].settings for key in others):
                    hint = f"; indent {', '.join(f'`{key}`' for key in others)} under `{first}:` to make them its settings"
                context.fail(f"a layer is one kind mapped to its settings, e.g. `conv: {{filters: 64, kernel: 3}}`; "
                             f"found keys {shown}{hint}", mark, parent)
                return None
            kind = kinds[0]
            settings = item[kind]
            extra = {} if len(item) == 1 else {key: item[key] for key in ITEM_KEYS if key in item}
        else:
            context.fail(f"a layer is a kind name or a mapping such as `conv: {{filters: 64, kernel: 3}}`; found "
                         f"{show(item)}", mark, parent)
            return None
        if not isinstance(kind, str) or not (kind in KINDS or kind in JOINS or kind in GRAPH_JOINS or kind in GROUPS
                                             or kind in self.blocks):
            choices = [*KINDS, *JOINS, *GRAPH_JOINS, *GROUPS, *self.blocks]
            where = f"{parent}/{kind}" if parent else str(kind)
            context.fail(f"unknown layer kind `{show(kind)}`{suggest_kind(kind, choices)}", mark, where)
            return None
        if isinstance(settings, dict) and not _ITEM_KEY_SET.isdisjoint(settings):
            extra.update({key: settings[key] for key in ITEM_KEYS if key in settings})
            original = settings
            settings = YamlMap({key: value for key, value in settings.items() if key not in ITEM_KEYS})
            settings.mark = getattr(original, "mark", mark)
            settings.marks = getattr(original, "marks", {})
            settings.key_marks = getattr(original, "key_marks", {})
        if not extra:
            return kind, settings, None, 1, None, (), None
        name = self.resolver.resolve(extra.get("name"), args, mark, parent)
        if name is not None and (not isinstance(name, (str, int)) or isinstance(name, bool) or "/" in str(name)):
            context.fail("`name` must be text without `/`", mark, parent)
            name = None
        elif name is not None and len(str(name)) > context.limits.max_name:
            context.fail(f"`name` is longer than {context.limits.max_name} characters", mark, parent)
            name = None
        reported = len(context.problems)
        repeat = self.resolver.resolve(extra.get("repeat", 1), args, mark, parent)
        if len(context.problems) > reported:  # what is wrong with it is said already
            return None
        if isinstance(repeat, bool) or not isinstance(repeat, int) or repeat < 0:
            context.fail(f"`repeat` must be a whole number ≥ 0; received {show(repeat)}", mark, parent)
            return None
        if repeat > context.limits.max_layers:
            context.fail(f"`repeat: {repeat:,}` is past the limit of {context.limits.max_layers:,} layers "
                         "(raise it with --max-layers)", mark, parent)
            return None
        trainable = self.resolver.resolve(extra.get("trainable"), args, mark, parent)
        if trainable is not None and not isinstance(trainable, bool):
            context.fail(f"`trainable` must be true or false; received {show(trainable)}", mark,
                         f"{parent}/{kind}" if parent else kind)
            return None
        reads = self.resolver.resolve(extra.get("from", []), args, mark, parent)  # `from: $coarser` in a block
        if isinstance(reads, (str, int)) and not isinstance(reads, bool):
            reads = [reads]
        if not isinstance(reads, list) or not all(isinstance(read, (str, int)) and not isinstance(read, bool)
                                                  for read in reads):
            context.fail("`from` names an input or an earlier layer, or a list of them: `from: stem`, "
                         "`from: [a, b]`", mark, parent)
            return None
        shares = self.resolver.resolve(extra.get("shares"), args, mark, parent)
        if shares is not None and (not isinstance(shares, (str, int)) or isinstance(shares, bool)):
            context.fail("`shares` names the earlier layer, block or group whose weights this one uses", mark, parent)
            return None
        return (kind, settings, None if name is None else str(name), repeat, trainable, tuple(map(str, reads)),
                None if shares is None else str(shares))

    def _node(self, kind: str, settings: object, name: str | None, mark: Mark, path: str, args: Arguments,
              nesting: int) -> Node | None:
        location = self._location(mark, path)
        if kind in JOINS or kind in GROUPS:
            context = self.context
            key = (kind, id(settings), id(args), name, mark, nesting, self.trainable)
            earlier = self.reread.get(key)
            if earlier is not None and earlier[0] is settings and earlier[1] is args:
                _, _, first_path, first, layers = earlier
                context.count_layers(layers, mark, path)
                return moved((first,), len(first_path), path)[0]
            problems, layers_read = len(context.problems), context.layers_read
            node: Node | None = self._join(kind, settings, name, mark, location, args, nesting) if kind in JOINS else \
                self._group(kind, settings, name, mark, location, args, nesting)
            if node is not None and len(context.problems) == problems:
                self.reread[key] = (settings, args, path, node, context.layers_read - layers_read)
            return node
        if kind in self.blocks:
            return self._block_use(kind, settings, name, mark, location, args, nesting)
        return self.settings.layer(kind, settings, name, mark, location, args, self.trainable)

    def _location(self, mark: Mark, path: str) -> Location:
        return Location(self.context.file, *mark, path) if mark else Location(self.context.file, path=path)

    def _graph_join(self, kind: str, settings: object, name: str | None, mark: Mark, path: str,
                    reads: tuple[str, ...]) -> Join | None:
        """`add: {from: [a, b]}`: a join of tensors named earlier, instead of branches written inside it."""
        if settings not in (None, {}) or len(reads) < 2:
            self.context.fail(f"{kind} of named tensors is written `{kind}: {{from: [a, b]}}`, naming two or more "
                              "inputs or earlier layers" + ("" if kind in JOINS else
                                                            f"; `{kind}` takes no layers of its own"), mark, path)
            return None
        return Join(kind, GRAPH_JOINS[kind], (), self._location(mark, path), name, reads)

    def _group(self, kind: str, settings: object, name: str | None, mark: Mark, location: Location, args: Arguments,
               nesting: int) -> Group:
        if isinstance(settings, dict):
            self.context.check_keys(settings, ("layers",), kind, location.path, mark)
            settings = settings.get("layers")
        return Group(kind, self.sequence(settings, mark, location.path, args, nesting + 1, kind), location, name)

    def _join(self, kind: str, settings: object, name: str | None, mark: Mark, location: Location, args: Arguments,
              nesting: int) -> Join | None:
        path = location.path
        shortcut: object = None
        if kind == "concat":
            if isinstance(settings, dict):
                self.context.check_keys(settings, ("branches",), kind, path, mark)
                settings = settings.get("branches")
            if not isinstance(settings, list) or not settings:
                self.context.fail("concat takes a list of branches, each a list of layers ([] for the input itself)",
                                  mark, path)
                return None
            branches = []
            for index, branch in enumerate(settings, start=1):
                label = f"branch[{index}]"
                branch_mark = getattr(branch, "mark", None) or item_mark(settings, index - 1, mark)
                if not isinstance(branch, list):
                    branch = one_item_list(branch, branch_mark)
                nodes = self.sequence(branch, branch_mark, f"{path}/{label}", args, nesting + 1, label)
                branches.append(Branch(nodes, label))
            return Join(kind, JOINS[kind], tuple(branches), location, name)
        if isinstance(settings, dict):
            allowed = ("layers", "shortcut") if kind == "residual" else ("layers",)
            self.context.check_keys(settings, allowed, kind, path, mark)
            shortcut = settings.get("shortcut")
            settings = settings.get("layers")
        body = Branch(self.sequence(settings, mark, path, args, nesting + 1, kind), "")
        if kind == "scale":
            return Join(kind, JOINS[kind], (Branch((), ""), body), location, name)
        shortcut = self.resolver.resolve(shortcut, args, mark, path)
        if shortcut is None or shortcut == "identity":
            return Join(kind, JOINS[kind], (body, Branch((), "shortcut")), location, name)
        if shortcut == "auto":
            auto = Branch((), "shortcut", auto=True, strided=strided(body.nodes), trainable=self.trainable)
            return Join(kind, JOINS[kind], (body, auto), location, name)
        nodes = self.sequence(shortcut, mark, f"{path}/shortcut", args, nesting + 1, "shortcut")
        return Join(kind, JOINS[kind], (body, Branch(nodes, "shortcut")), location, name)

    def _block_use(self, kind: str, settings: object, name: str | None, mark: Mark, location: Location,
                   args: Arguments, nesting: int) -> Group | None:
        context = self.context
        block = self.blocks[kind]
        path = location.path
        if kind in self.expanding:
            cycle = " → ".join([*self.expanding[self.expanding.index(kind):], kind])
            context.fail(f"block `{kind}` uses itself ({cycle})", mark, path)
            return None
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            context.fail(f"block `{kind}` takes a mapping of its args; received {show(settings)}", mark, path)
            return None
        bound: Arguments = {}
        for arg, value in settings.items():
            if arg not in block.args:
                where = key_mark(settings, arg, mark)
                known = ", ".join(block.args) or "none"
                context.fail(f"block `{kind}` has no arg `{arg}`{did_you_mean(arg, block.args)} (its args: {known})",
                             where, path)
                continue
            bound[arg] = self.resolver.resolve(value, args, mark, path, exact=True)
        missing = [arg for arg, default in block.args.items() if arg not in bound and default is REQUIRED]
        for arg in missing:
            context.fail(f"block `{kind}` needs arg `{arg}`", mark, path)
        if missing:
            return None
        line, column = block.location.line, block.location.column
        block_mark = (line, column) if line and column else None
        spec_args = self.resolver.spec_args
        for arg, default in block.args.items():
            if arg not in bound:  # a default may be worked out from the spec's args: `width: $alpha * 64`
                bound[arg] = self.resolver.resolve(default, spec_args, block_mark, path, exact=True)
        if spec_args:  # seen inside the block too, unless it has an arg of the same name
            bound = {**spec_args, **bound}
        # A block used again with the same values of the arguments it reads reads the same, but for
        # where its layers sit: in this spec, and in another reading of the same document.
        names = self.names.get(kind)
        if names is None:
            names = self.names[kind] = self._names_read(kind)
        arguments = by_value({arg: value for arg, value in bound.items() if arg in names})
        key = ("block", kind, id(block.layers), arguments, nesting, self.trainable, self.settings.rank) \
            if arguments is not None else None
        earlier = self.expanded.get(key) if key is not None else None
        if earlier is not None:
            first_path, nodes, layers, reads_by_name = earlier
            context.count_layers(layers, block_mark, path)
            self.reads_by_name = self.reads_by_name or reads_by_name
            return Group(kind, moved(nodes, len(first_path), path), location, name)
        problems, layers_read, reads_by_name = len(context.problems), context.layers_read, self.reads_by_name
        self.reads_by_name = False
        self.expanding.append(kind)
        try:
            nodes = self.sequence(block.layers, block_mark, path, bound, nesting + 1, kind)
        finally:
            self.expanding.pop()
            reads_by_name, self.reads_by_name = self.reads_by_name, reads_by_name or self.reads_by_name
        if key is not None and len(context.problems) == problems:
            self.expanded.keep(key, (path, nodes, context.layers_read - layers_read, reads_by_name))
        return Group(kind, nodes, location, name)

    def _names_read(self, kind: str) -> frozenset[str]:
        """Every `$name` written in the block's layers and its args' defaults, in those of the blocks
        it uses at any depth (by name, or by an arg that may name any of them), and in the spec's
        `defaults`: all its expansion can depend on."""
        found: set[str] = set()
        seen: set[str] = set()
        kinds = [kind]
        values: list[object] = [self.settings.defaults.shared, self.settings.defaults.per_kind]
        while kinds or values:
            if kinds:
                current = kinds.pop()
                if current not in seen:
                    seen.add(current)
                    values += [self.blocks[current].layers, self.blocks[current].args]
                continue
            value = values.pop()
            if isinstance(value, str):
                if value in self.blocks:
                    kinds.append(value)
                elif "$" in value:
                    found.update(names_in(value))
                    if argument(value) is not None:  # `- $which`: a block chosen by an arg
                        kinds.extend(self.blocks)
            elif isinstance(value, (list, tuple)):
                values.extend(value)
            elif isinstance(value, Mapping):
                values.extend(value.keys())
                values.extend(value.values())
        return frozenset(found)


def moved(nodes: tuple[Node, ...], cut: int, parent: str) -> tuple[Node, ...]:
    """Nodes read under one path, under `parent` instead: the first `cut` characters of every path
    are replaced."""
    def place(location: Location) -> Location:
        return Location(location.file, location.line, location.column, parent + location.path[cut:])

    copies: list[Node] = []
    for node in nodes:  # the fields after the location are copied as they are, whatever they are
        if isinstance(node, Layer):
            copies.append(Layer(node.kind, node.settings, place(node.location), *node[3:]))
        elif isinstance(node, Join):
            branches = tuple(branch._replace(nodes=moved(branch.nodes, cut, parent)) for branch in node.branches)
            copies.append(Join(node.kind, node.merge, branches, place(node.location), *node[4:]))
        else:
            copies.append(Group(node.kind, moved(node.nodes, cut, parent), place(node.location), *node[3:]))
    return tuple(copies)
