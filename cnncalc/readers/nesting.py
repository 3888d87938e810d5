"""A model's layers, read in the graph form (`add: {from: [a, b]}`), rewritten as a person writes a
spec: a join of chains that start from one tensor becomes the nested `residual`, `scale` or `concat`,
and a run of identical blocks one block with `repeat`. Every layer keeps its rows' order, counts and
the tensors it reads; `same_report` is how a caller checks it."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cnncalc.report import LayerReport, Report

NESTED = {"add": "residual", "multiply": "scale", "concat": "concat"}  # a join of named tensors -> its nested form
MAX_TOKENS = 8  # parts of a name looked at for a prefix
SMALLEST_GROUP = 4  # layers of one prefix worth a group: Keras' conv, batchnorm and relu of one unit are not
TRACE = 1000  # items a chain is followed back through, which bounds the work on any graph
PART_PATHS = {"layers": "{path}/", "shortcut": "{path}/shortcut/", "branch": "{path}/branch[{index}]/"}


class Item:
    """One entry of a list of layers: a layer (its report row), a group of layers, or a join written
    nested (its own row last). Its rows in the model's report are `start` to `stop`."""

    def __init__(self, kind: str, settings: dict[str, Any], name: str | None, start: int, stop: int,
                 parts: list[tuple[str, list[Item]]] | None = None):
        self.kind = kind
        self.settings = settings  # what is written besides its name, what it reads and shares, and its layers
        self.name = name
        self.start, self.stop = start, stop
        self.parts = parts  # a group's or nested join's lists of layers: [("layers", [...]), ("shortcut", [...])]
        self.shares: Item | str | None = None
        self.copies: list[Item] = [self]  # the model's items it stands for, written once with `repeat`

    def inside(self) -> Iterator[Item]:
        yield self
        for _, items in self.parts or ():
            for item in items:
                yield from item.inside()


def nested(document: Mapping[str, Any], model: Report) -> dict[str, Any] | None:
    """The document the model was read as, with its joins nested and its repeated blocks written once;
    None where it holds what is not rewritten here (blocks, repeats, joins written nested)."""
    if "blocks" in document or not isinstance(document.get("layers"), list):
        return None
    rows = iter(range(len(model.layers)))
    try:
        items = _items(document["layers"], rows)
    except (ValueError, KeyError, TypeError, StopIteration):
        return None
    graph = _Graph(model)
    if next(rows, None) is not None or graph.paths_of(items, "") != [row.path for row in model.layers] or \
            not graph.resolve_shares(items):
        return None
    outputs = [graph.output(str(name), items) for name in document.get("outputs", ())]
    if None in outputs:
        return None
    graph.outputs = [tensor for tensor in outputs if tensor is not None]
    graph.shared = {id(item.shares) for top in items for item in top.inside() if isinstance(item.shares, Item)}
    items = graph.nest(graph.grouped(items, 1), graph.first_input)
    graph.write(items, graph.first_input, "")  # a draft: which items name nothing they read
    items = graph.repeat(items)
    graph.named_paths.clear()
    graph.new_paths = dict(zip((row.path for row in model.layers), graph.paths_of(items, "")))
    graph.final = True
    rewritten = dict(document)
    rewritten["layers"] = graph.write(items, graph.first_input, "")
    if "outputs" in document:
        rewritten["outputs"] = [graph.reference(tensor, "") for tensor in graph.outputs]
    return rewritten


def _items(raw: Sequence[Any], rows: Iterator[int]) -> list[Item]:
    items = []
    for entry in raw:
        if isinstance(entry, str):
            entry = {entry: {}}
        ((kind, settings),) = entry.items()
        settings = dict(settings or {})
        if "repeat" in settings or kind in ("residual", "scale") or (kind == "concat" and "from" not in settings):
            raise ValueError(f"{kind} is written nested already")
        name, shares = settings.pop("name", None), settings.pop("shares", None)
        settings.pop("from", None)  # what each layer reads is the report's
        if kind == "sequential":
            children = _items(settings.pop("layers"), rows)
            if not children:
                raise ValueError("an empty group")
            item = Item(kind, settings, name, children[0].start, children[-1].stop, [("layers", children)])
        else:
            start = next(rows)
            item = Item(kind, settings, name, start, start + 1)
        item.shares = shares
        items.append(item)
    return items


def _prefix(name: str | None, tokens: int) -> str | None:
    """The first `tokens` parts of a name like Keras' `conv2_block1_1_conv`, a word and its number taken
    together (`block_1`): a numbered unit of the network. None where they hold no number, or where the
    name has nothing after them but a number (`conv2d_3`, a name Keras numbered)."""
    parts = (name or "").split("_")
    if tokens < len(parts) and parts[tokens - 1].isalpha() and parts[tokens].isdigit():
        tokens += 1
    if tokens > len(parts) or not any(character.isdigit() for character in parts[tokens - 1]):
        return None
    if tokens == len(parts):
        return name  # the unit's own layer: `conv1` beside `conv1_bn`, `block_1`
    return None if all(part.isdigit() for part in parts[tokens:]) else "_".join(parts[:tokens])


def _run_name(names: list[str | None]) -> str | None:
    """`layer1.1` to `layer1.3` as `layer1.1-3`, `a` to `b` as `a-b`: each copy's path then says which
    it is (`layer1.1-3[2]`, the model's `layer1.2`)."""
    if names[0] is None or names[-1] is None:
        return None
    found = [re.fullmatch(r"(.*?)(\d+)", name or "") for name in names]
    if all(found) and len({match.group(1) for match in found if match}) == 1:
        numbers = [int(match.group(2)) for match in found if match]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"{names[0]}-{numbers[-1]}"
    return f"{names[0]}-{names[-1]}"


class _Graph:
    """The model's tensors, each known by the path of the row that makes it (or an input's name), and
    the rows that read each."""

    def __init__(self, model: Report):
        self.rows = model.layers
        self.row_of = {row.path: index for index, row in enumerate(self.rows)}
        self.readers: dict[str, set[int]] = {}
        for index, row in enumerate(self.rows):
            for tensor in row.inputs:
                self.readers.setdefault(tensor, set()).add(index)
        self.first_input = model.inputs[0][0] if model.inputs else "input"
        self.outputs: list[str] = []  # the tensors the spec names its outputs
        self.shared: set[int] = set()  # ids of the items whose weights others share
        self.item_paths: dict[int, str] = {}  # id of an item -> its path, as last computed
        self.named_paths: set[str] = set()  # paths of items with a name, which a reference may use
        self.new_paths: dict[str, str] = {}  # a tensor of the model -> the path of the row making it, as written
        self.drafts: dict[int, tuple[dict[str, Any], bool]] = {}  # id of an item -> as written, whether it names anything
        self.final = False
        self.budget = 20 * len(self.rows) + 10_000  # steps walking back, over all joins: the work stays linear
        self.read_by: dict[tuple[int, int], list[str]] = {}  # rows -> the tensors they read from outside them

    def output(self, name: str, items: list[Item]) -> str | None:
        """The tensor an output of the spec names: a layer's name at the top, or a path."""
        for item in items:
            if item.name == name:
                return self.out(item)
        return name if name in self.row_of else None

    def out(self, item: Item) -> str:
        return self.rows[item.copies[-1].stop - 1].path

    def reads(self, item: Item) -> list[str]:
        """The tensors it reads from outside itself, in order."""
        key = (item.start, item.stop)
        if key not in self.read_by:
            inside = range(item.start, item.stop)
            found: list[str] = []
            for index in inside:
                for tensor in self.rows[index].inputs:
                    if self.row_of.get(tensor, -1) not in inside and tensor not in found:
                        found.append(tensor)
            self.read_by[key] = found
        return self.read_by[key]

    def sealed(self, item: Item, readers: range) -> bool:
        """Whether every tensor it makes stays inside it, but its output, which only `readers` read."""
        inside = range(item.start, item.stop)
        for index in range(item.start, item.stop - 1):
            path = self.rows[index].path
            if path in self.outputs or not all(reader in inside for reader in self.readers.get(path, ())):
                return False
        out = self.out(item)
        return out not in self.outputs and all(reader in readers for reader in self.readers.get(out, ()))

    # paths, named as cnncalc.spec.expansion names them

    def paths_of(self, items: list[Item], prefix: str) -> list[str]:
        """The path of every row of `items` in order; each item's path kept in item_paths."""
        found: list[str] = []
        copies = [(item, copy) for item in items for copy in item.copies]
        bases = [item.name if item.name is not None else item.kind for item, _ in copies]
        totals = Counter(bases)
        numbers: dict[str, int] = {}
        for (item, copy), base in zip(copies, bases):
            if totals[base] > 1:
                numbers[base] = numbers.get(base, 0) + 1
                path = f"{prefix}{base}[{numbers[base]}]"
            else:
                path = prefix + base
                if item.name is not None:
                    self.named_paths.add(path)
            self.item_paths[id(copy)] = path
            if copy.parts is None:
                found.append(path)
                continue
            for index, (key, children) in enumerate(copy.parts, start=1):
                found += self.paths_of(children, PART_PATHS[key].format(path=path, index=index))
            if copy.kind != "sequential":
                found.append(path)  # a nested join's own row
        return found

    def resolve_shares(self, items: list[Item], around: tuple[dict[str, Item], ...] = (),
                       by_path: dict[str, Item] | None = None) -> bool:
        """Each `shares:` as the item it names, by its nearest name or its path; False where one is not found."""
        if by_path is None:
            by_path = {self.item_paths[id(inner)]: inner for item in items for inner in item.inside()}
        names: dict[str, Item] = {}
        for item in items:
            if item.name is not None:
                names.setdefault(item.name, item)
        scopes = (*around, names)
        for item in items:
            if isinstance(item.shares, str):
                target = next((scope[item.shares] for scope in reversed(scopes) if item.shares in scope),
                              by_path.get(item.shares))
                if target is None:
                    return False
                item.shares = target
            for _, children in item.parts or ():
                if not self.resolve_shares(children, scopes, by_path):
                    return False
        return True

    # groups by name

    def grouped(self, items: list[Item], tokens: int) -> list[Item]:
        """Runs of layers named with one prefix (`conv2_block1_...`) as a group of that name, level by
        level. A layer named otherwise between two of a run is in it (Keras' `add_3` in a block), and
        so is a join after it of what the run makes."""
        for item in items:
            if item.kind == "sequential" and item.parts and tokens == 1:
                item.parts = [("layers", self.grouped(item.parts[0][1], 1))]
        if len(items) < 2 or tokens > MAX_TOKENS:
            return items
        keys = [None if item.kind == "sequential" else _prefix(item.name, tokens) for item in items]
        # a name that is all prefix (`conv1`, `re_lu_2`) starts a run, but does not end one
        strong = [key if key != item.name else None for key, item in zip(keys, items)]
        following: list[str | None] = [None] * (len(items) + 1)  # the next prefix at or after each position
        for position in range(len(items) - 1, -1, -1):
            following[position] = strong[position] if strong[position] is not None else following[position + 1]
        runs: list[tuple[int, int, str | None]] = []
        start = 0
        while start < len(items):
            key, stop = keys[start], start + 1
            made = {self.out(items[start])}
            while key is not None and stop < len(items):
                item = items[stop]
                join = item.kind in NESTED and item.parts is None
                if not (strong[stop] == key or strong[stop] is None and (following[stop] == key or
                                                                         join and set(self.reads(item)) <= made)):
                    break
                made.update(self.rows[index].path for index in range(item.start, item.stop))
                stop += 1
            runs.append((start, stop, key if stop - start >= SMALLEST_GROUP else None))
            start = stop
        if len(runs) == 1 and runs[0][2] is not None:
            return self.grouped(items, tokens + 1)  # a group of everything says nothing
        names = Counter(item.name for item in items)
        counted = Counter(key for _, _, key in runs)
        grouped: list[Item] = []
        loose: list[Item] = []  # what is not grouped at this level, grouped deeper
        for start, stop, key in runs:
            run = items[start:stop]
            if key is None or counted[key] > 1 or names[key] > sum(item.name == key for item in run):
                loose += run
                continue
            grouped += self.grouped(loose, tokens + 1)
            loose = []
            grouped.append(Item("sequential", {}, key, run[0].start, run[-1].stop,
                                [("layers", self.grouped(run, tokens + 1))]))
        return grouped + self.grouped(loose, tokens + 1)

    # joins nested

    def nest(self, items: list[Item], entry: str) -> list[Item]:
        """`items` with each join of chains from one tensor written nested, inner lists first. `entry` is
        the tensor the first item reads unless it names another."""
        before = entry
        for item in items:
            if item.parts is not None:
                inputs = self.rows[item.start].inputs
                inner = inputs[0] if inputs and self.rows[item.start].kind not in NESTED else before
                item.parts = [(key, self.nest(children, inner)) for key, children in item.parts]
            before = self.out(item)
        done: list[Item] = []
        made_by: dict[str, int] = {}  # a tensor -> the position in `done` of the item making it
        for item in items:
            found = self._nested_join(done, item, entry, made_by)
            if found is not None:
                first, item = found
                for removed in done[first:]:
                    del made_by[self.out(removed)]
                del done[first:]
            made_by[self.out(item)] = len(done)
            done.append(item)
        return done

    def _nested_join(self, items: list[Item], join: Item, entry: str, made_by: dict[str, int]) -> \
            tuple[int, Item] | None:
        """The join written nested over the last of `items`, and the position of the first it takes in;
        None where its inputs are not chains, each of items reading one tensor, from one tensor."""
        if join.kind not in NESTED or join.parts is not None or join.settings or join.shares is not None:
            return None
        inputs = self.rows[join.start].inputs
        if len(set(inputs)) != len(inputs) or len(inputs) != 2 and join.kind != "concat" or len(inputs) < 2:
            return None
        found = self._fork(inputs, items, made_by)
        if found is None:
            return None
        fork, traces = found
        chains = [sorted(made_by[tensor] for tensor in trace[:trace.index(fork)]) for trace in traces]
        used = sorted(position for chain in chains for position in chain)
        if not used or used != list(range(used[0], len(items))) or \
                any(chain != list(range(chain[0], chain[-1] + 1)) for chain in chains if chain):
            return None
        first = used[0]
        if fork != (self.out(items[first - 1]) if first else entry):
            return None
        for chain in chains:
            for position in chain:
                following = items[position + 1] if position != chain[-1] else join
                reads = [fork if position == chain[0] else self.out(items[position - 1])]
                if self.reads(items[position]) != reads or \
                        not self.sealed(items[position], range(following.start, following.stop)):
                    return None
        lists = [[items[position] for position in chain] for chain in chains]
        parts: list[tuple[str, list[Item]]]
        if join.kind == "add":
            lists.sort(key=lambda chain: chain[0].start if chain else len(self.rows))
            parts = [("layers", lists[0])] + ([("shortcut", lists[1])] if lists[1] else [])
        elif join.kind == "multiply":
            if lists[0] or not lists[1]:
                return None  # a gate is the second input, as `scale` multiplies
            parts = [("layers", lists[1])]
        else:
            runs = [chain for chain in chains if chain]
            if any(earlier[-1] > later[0] for earlier, later in zip(runs, runs[1:])):
                return None  # the branches' rows would change order
            parts = [("branch", chain) for chain in lists]
        return first, Item(NESTED[join.kind], {}, join.name, items[first].start, join.stop, parts)

    def _fork(self, inputs: Sequence[str], items: list[Item], made_by: dict[str, int]) -> \
            tuple[str, list[list[str]]] | None:
        """The nearest tensor every input is made from through items that read one tensor each, and the
        tensors from each input back to it; walked back from all inputs at once, so the work is the
        chains' length: never more than TRACE steps, nor more in all than the budget."""
        traces: list[list[str]] = [[] for _ in inputs]
        seen: list[set[str]] = [set() for _ in inputs]
        heads: list[str | None] = list(inputs)
        for _ in range(TRACE):
            self.budget -= 1
            if self.budget < 0:
                return None
            for index, tensor in enumerate(heads):
                if tensor is None:
                    continue
                traces[index].append(tensor)
                seen[index].add(tensor)
                if all(tensor in other for other in seen):
                    return tensor, traces
                position = made_by.get(tensor)
                reads = self.reads(items[position]) if position is not None else []
                heads[index] = reads[0] if len(reads) == 1 else None
            if not any(heads):
                return None
        return None

    # repeats

    def repeat(self, items: list[Item]) -> list[Item]:
        """`items` with each run of identical blocks written once, with `repeat`, inner lists first."""
        for item in items:
            if item.parts is not None:
                item.parts = [(key, self.repeat(children)) for key, children in item.parts]
        runs: list[Item] = []
        for item in items:
            last = runs[-1] if runs else None
            if last is not None and self._same_block(last, item):
                last.copies.append(item)
            else:
                runs.append(item)
        taken = Counter(item.name for item in items)
        for run in runs:
            if len(run.copies) > 1:
                name = _run_name([copy.name for copy in run.copies])
                if name is not None and not taken[name]:
                    for copy in run.copies:
                        copy.name = name
        return runs

    def _same_block(self, last: Item, item: Item) -> bool:
        """Whether `item` is one more copy of the run `last` stands for: written alike, naming nothing it
        reads, sharing no weights, and read only by what follows it."""
        first = last.copies[0]
        (draft, names), (other, other_names) = self.drafts[id(first)], self.drafts[id(item)]
        if item.parts is None or names or other_names or _unnamed(draft) != _unnamed(other):
            return False
        if any(id(inner) in self.shared for copy in ((first, item) if len(last.copies) == 1 else (item,))
               for inner in copy.inside()):
            return False
        previous = last.copies[-1]
        return self.sealed(previous, range(item.start, item.stop)) and self.sealed(item, range(len(self.rows)))

    # the document

    def reference(self, tensor: str, scope: str) -> str:
        """How a layer in `scope` names the row making `tensor`."""
        return self._named(self.new_paths.get(tensor, tensor), scope)

    def _named(self, path: str, scope: str) -> str:
        """A path as a layer in `scope` names it: from the list it is in where it is in that list or inside
        one of its groups (the spec looks there first; no name holds a `/`), by the name alone where it is
        a named layer of the list."""
        rest = path[len(scope):] if path.startswith(scope) else ""
        if not rest or "/" not in rest and path not in self.named_paths:
            return path
        return rest

    def write(self, items: list[Item], before: str, scope: str) -> list[dict[str, Any]]:
        """`items` as a list of layers whose first reads `before` unless it names another; in a draft
        (not final) what an item reads is written as it is in the model."""
        written = []
        for item in items:
            entry, names = self._write(item, before, scope)
            self.drafts[id(item)] = (entry, names)
            written.append(entry)
            before = self.out(item)
        return written

    def _write(self, item: Item, before: str, scope: str) -> tuple[dict[str, Any], bool]:
        settings = dict(item.settings)
        if item.name is not None:
            settings["name"] = item.name
        if len(item.copies) > 1:
            settings["repeat"] = len(item.copies)
        names = False
        if isinstance(item.shares, Item):
            settings["shares"] = self._named(self.item_paths[id(item.shares)], scope) if self.final else "?"
            names = True
        row = self.rows[item.start]
        reading = list(row.inputs)
        if item.kind in NESTED and item.parts is None:
            settings["from"] = [self.reference(tensor, scope) for tensor in reading]
            names = True
        elif (item.parts is None or item.kind == "sequential") and row.kind not in NESTED and reading and \
                reading[0] != before:
            settings["from"] = self.reference(reading[0], scope)
            names = True
            before = reading[0]
        path = self.item_paths.get(id(item), "")
        for index, (key, children) in enumerate(item.parts or (), start=1):
            inner = PART_PATHS[key].format(path=path, index=index)
            layers = self.write(children, before, inner)
            names = names or any(self.drafts[id(child)][1] for child in children)
            if key == "branch":
                settings.setdefault("branches", []).append(layers)
            else:
                settings[key] = layers
        return {item.kind: settings}, names


def _unnamed(entry: Mapping[str, Any]) -> object:
    """An item as written, without its own name: what its copies have in common."""
    ((kind, settings),) = entry.items()
    return kind, {key: value for key, value in settings.items() if key != "name"}


def same_report(model: Report, written: Report) -> bool:
    """Whether the written spec's report is the model's: each row's counts, shapes and what it reads,
    in the same order, under the paths the written spec gives its rows; and the same totals. A join's
    input shape is left out: written nested, it is its block's input rather than its first tensor's."""
    if len(model.layers) != len(written.layers) or model.totals != written.totals or model.depth != written.depth \
            or [shape for _, shape in model.outputs] != [shape for _, shape in written.outputs]:
        return False
    renamed = {row.path: other.path for row, other in zip(model.layers, written.layers)}

    def as_read(row: LayerReport, paths: Mapping[str, str]) -> object:
        inputs = [paths.get(tensor, tensor) for tensor in row.inputs]
        joined = row.kind in NESTED  # a nested join's row gives the block's input as its input, a graph join's its first
        return (row.kind, None if joined else row.input_shape, row.output_shape, row.counts, row.macs, row.activations,
                row.receptive_field, row.trainable, row.weight_bytes, row.moved_bytes,
                paths.get(row.shared_with or "", row.shared_with),
                inputs if row.kind == "concat" else sorted(inputs))

    return all(as_read(row, renamed) == as_read(other, {}) for row, other in zip(model.layers, written.layers))
