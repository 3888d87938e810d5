"""Plain-text layout for the terminal: display widths, wrapping, and tables that fit a width without
ever cutting a number. No imports beyond the standard library."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import NamedTuple

from cnncalc.errors import visible

MARGIN = "  "
GAP = "  "
UNDER = "    "  # how far lines moved under a row start in from the row's own indent
NUMBER_LETTERS = frozenset("xeEkKMGT")  # letters a figure may hold: 28x28x192, 4.12G, 1e9


class _Widths(dict[int, str]):
    """For str.translate: each character as many times as the columns it takes (none for a combining
    mark), looked up once per character ever seen."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        if unicodedata.combining(character):
            shown = ""
        elif unicodedata.east_asian_width(character) in ("W", "F"):
            shown = character * 2
        else:
            shown = character
        self[code] = shown
        return shown


_WIDTHS = _Widths()


def cell_width(text: str) -> int:
    """Columns the text takes on a terminal: East Asian wide characters take two, combining marks none."""
    return len(text) if text.isascii() else len(text.translate(_WIDTHS))


def is_number(word: str) -> bool:
    """Whether a word is a figure (16,384, 28×28×192, 28x28x192, 4.12G, 23.5%), which is never broken."""
    return any(character.isdigit() for character in word) and \
        all(character in NUMBER_LETTERS for character in word if character.isalpha())


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Words into lines of at most `width` columns; a first line keeps its own indent, later ones
    start with `indent`. A word wider than a line is broken only if it is not a figure: a figure is
    never cut, and stands alone on a line where it is wider than the line. An indent that would take
    more than half the line is dropped."""
    if cell_width(indent) > width // 2:
        indent = ""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.lstrip(" ")
        prefix = paragraph[:len(paragraph) - len(words)]
        if len(prefix) > width // 2:
            prefix = ""
        line, used = "", cell_width(prefix)
        for word in words.split(" "):
            if not word:
                continue
            size = cell_width(word)
            if line and used + 1 + size > width:
                lines.append(prefix + line)
                prefix, line, used = indent, "", cell_width(indent)
            if line:
                line += " " + word
                used += 1 + size
                continue
            while size > width - used > 0 and not is_number(word):
                head = _take(word, width - used)
                lines.append(prefix + head)
                word = word[len(head):]
                size = cell_width(word)
                prefix, used = indent, cell_width(indent)
            line, used = word, used + size
        lines.append(prefix + line)
    return lines


def _take(word: str, room: int) -> str:
    """The longest start of `word` that fits in `room` columns (at least one character)."""
    taken, used = "", 0
    for character in word:
        size = cell_width(character)
        if taken and used + size > room:
            break
        taken += character
        used += size
    return taken


def longest_word(text: str) -> int:
    return max((cell_width(word) for word in text.split()), default=0)


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


class Column(NamedTuple):
    """A column of a text table. `number` columns are right-aligned and never wrapped or cut;
    `wrap` columns may wrap their text at spaces, and with `fold` fold a word longer than that onto
    the next line; a column with `drop` > 0 may be left out when the width is short, the highest
    first; an `under` column may move under its row instead."""

    header: str
    number: bool = False
    wrap: bool = False
    drop: int = 0
    under: bool = False
    style: str = ""
    fold: int = 0


class Row(NamedTuple):
    cells: Sequence[str]
    style: str = ""  # for the whole row: "bold" for a total
    level: int = 0  # nesting: where lines moved under the row start
    block: bool = False  # a row that only names a block or a branch: no figures of its own


class Line(NamedTuple):
    text: str
    style: str = ""  # "header", "bold" or "dim" for the whole line
    segments: tuple[tuple[str, str], ...] = ()  # (text, style) parts, where the parts differ in style


class Placement(NamedTuple):
    """Where one column ended up."""

    width: int
    shown: bool = True  # False: left out for lack of room
    under: bool = False  # moved under its row


class Layout(NamedTuple):
    lines: list[Line]
    left_out: list[str]  # headers of the columns that did not fit


def _table_width(placements: Sequence[Placement]) -> int:
    widths = [place.width for place in placements if place.shown and not place.under]
    return len(MARGIN) + sum(widths) + len(GAP) * max(0, len(widths) - 1)


def fit(columns: Sequence[Column], rows: Iterable[Row], width: int | None,
        footer: Row | None = None) -> list[Placement]:
    """Each column's width, and whether it is shown or moved under its row, for `width` terminal
    columns (None: as wide as the content). The formulas go under first, then headers wrap, then
    columns are left out, highest `drop` first; what room is left goes back where it reads best."""
    count = len(columns)
    content = [0] * count
    shortest = [0] * count  # the narrowest a wrapping column can go: its indent and longest word
    measured: set[tuple[str, ...]] = set()  # rows right of their first cell, measured already
    measured_cells: set[tuple[int, str]] = set()
    narrowed = width is not None  # only a width to fit asks how narrow a wrapping column can go
    for row in chain(rows, [footer] if footer else []):
        cells = row.cells[:count]
        rest = tuple(cells[1:])
        first_only = rest in measured
        if len(measured) < _RowLines.CACHED:
            measured.add(rest)
        for index, cell in enumerate(cells[:1] if first_only else cells):
            if not cell or (index, cell) in measured_cells:
                continue
            if len(measured_cells) < 10 * _RowLines.CACHED:
                measured_cells.add((index, cell))
            column = columns[index]
            for line in cell.split("\n"):
                size = cell_width(line)
                if size > content[index]:
                    content[index] = size
                if column.wrap and narrowed:
                    word = longest_word(line)
                    word = _lead(line) + (min(word, column.fold) if column.fold else word)
                    if word > shortest[index]:
                        shortest[index] = word
    natural = [max(content[i], cell_width(column.header)) for i, column in enumerate(columns)]
    placements = [Placement(size) for size in natural]
    if width is None or _table_width(placements) <= width:
        return placements
    placements = [Placement(max(shortest[i] if column.wrap else content[i], longest_word(column.header)),
                            under=column.under) for i, column in enumerate(columns)]
    for index in sorted((i for i, column in enumerate(columns) if column.drop), key=lambda i: -columns[i].drop):
        if _table_width(placements) <= width:
            break
        placements[index] = placements[index]._replace(shown=False)
    # the room left goes back whole, to wrapping text first and then to headers, those that need least
    # first; what remains goes to the wrapping columns, widest first
    room = width - _table_width(placements)
    candidates = [i for i, place in enumerate(placements)
                  if place.shown and not place.under and place.width < natural[i]]
    for index in sorted(candidates, key=lambda i: (not columns[i].wrap, natural[i] - placements[i].width)):
        need = natural[index] - placements[index].width
        if need <= room:
            room -= need
            placements[index] = placements[index]._replace(width=natural[index])
    for index in sorted(candidates, key=lambda i: -natural[i]):
        if columns[index].wrap and room > 0:
            extra = min(room, natural[index] - placements[index].width)
            placements[index] = placements[index]._replace(width=placements[index].width + extra)
            room -= extra
    return placements


def table(columns: Sequence[Column], rows: Sequence[Row], width: int | None, footer: Row | None = None,
          rule: str = "─") -> Layout:
    """The table as lines: header, a rule, the rows, and the footer after a blank line. Where even
    the columns that cannot be left out do not fit, each row is stacked instead."""
    lines, left_out = table_lines(columns, lambda: rows, width, footer, rule)
    return Layout(list(lines), left_out)


def table_lines(columns: Sequence[Column], rows: Callable[[], Iterable[Row]], width: int | None,
                footer: Row | None = None, rule: str = "─", color: bool = True) -> tuple[Iterator[Line], list[str]]:
    """As table(), for rows too many to hold: `rows()` gives them afresh, once to measure them and
    once to lay them out, and the lines are made as they are read."""
    if not columns:
        return iter([]), []
    placements = fit(columns, rows(), width, footer)
    left_out = [column.header for column, place in zip(columns, placements) if not place.shown]
    if width is not None and _table_width(placements) > width:
        return iter(stacked(columns, rows(), width, footer, placements)), left_out
    return _laid_out(columns, rows(), width, footer, rule, placements, color), left_out


def _laid_out(columns: Sequence[Column], rows: Iterable[Row], width: int | None, footer: Row | None, rule: str,
              placements: Sequence[Placement], color: bool) -> Iterator[Line]:
    visible = [i for i, place in enumerate(placements) if place.shown and not place.under]
    headers = [wrap(columns[i].header, placements[i].width) for i in visible]
    height = max(len(lines) for lines in headers)
    for line_index in range(height):
        parts = []
        for position, i in enumerate(visible):
            offset = line_index - (height - len(headers[position]))  # headers sit on their last line, by the rule
            text = headers[position][offset] if offset >= 0 else ""
            parts.append(pad(text, placements[i].width, columns[i].number))
        yield Line((MARGIN + GAP.join(parts)).rstrip(), "header")
    yield Line(" " + rule * (_table_width(placements) - 1))
    row_lines = _RowLines(columns, placements, visible, width, color)
    for row in rows:
        yield from row_lines(row)
    if footer is not None:
        yield Line("")
        yield from row_lines(footer)


def pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - cell_width(text))
    return space + text if right else text + space


class _RowLines:
    """A row's lines at fixed placements. Rows that differ only in their first cell (a network's
    repeated layers) share the rest of their lines, laid out once; without colour, a line is only
    its text."""

    CACHED = 10_000  # rows' rests kept at once: enough for any network's distinct layers

    def __init__(self, columns: Sequence[Column], placements: Sequence[Placement], visible: list[int],
                 width: int | None, color: bool):
        self.columns, self.placements, self.visible, self.width = columns, placements, visible, width
        self.styled = color and any(columns[i].style for i in visible)
        # (cells right of the first, style, level) -> those cells' lines, their text across the row,
        # the lines under the row, and the row's lines after its first where its first cell is one line
        self.rests: dict[tuple[tuple[str, ...], str, int],
                         tuple[list[list[str]], list[str], list[Line], list[Line]]] = {}
        self.padded: dict[tuple[int, str], list[str]] = {}  # (column, cell) -> the cell's lines, padded
        self.blank_first = " " * placements[visible[0]].width if visible else ""
        self.blank_rest = "".join(GAP + " " * placements[i].width for i in visible[1:])

    def __call__(self, row: Row) -> list[Line]:
        visible = self.visible
        if not visible:
            return []
        key = (tuple(row.cells[1:]), row.style, row.level)
        rest = self.rests.get(key)
        if rest is None:
            if len(self.rests) >= self.CACHED:
                self.rests.clear()
            cells = self._cells(row, visible[1:])
            texts = ["".join(GAP + (cell[index] if index < len(cell) else " " * self.placements[i].width)
                             for cell, i in zip(cells, visible[1:]))
                     for index in range(max((len(cell) for cell in cells), default=0))]
            below = [Line((MARGIN + self.blank_first + text).rstrip(), row.style) for text in texts[1:]]
            rest = self.rests[key] = (cells, texts, self._under(row), below)
        first = self._cell(row, visible[0])
        height = max(len(first), len(rest[1]))
        if len(first) == 1 and not self.styled:  # most rows: only the first line is the row's own
            return [Line((MARGIN + first[0] + (rest[1][0] if rest[1] else self.blank_rest)).rstrip(), row.style),
                    *rest[3], *rest[2]]
        if self.styled:
            cells = [first, *rest[0]]
            lines = [_joined([(cell[index] if index < len(cell) else " " * self.placements[i].width,
                               self.columns[i].style or row.style) for cell, i in zip(cells, visible)])
                     for index in range(height)]
        else:
            lines = [Line((MARGIN + (first[index] if index < len(first) else self.blank_first) +
                           (rest[1][index] if index < len(rest[1]) else self.blank_rest)).rstrip(), row.style)
                     for index in range(height)]
        return lines + rest[2]

    def _cells(self, row: Row, indices: Sequence[int]) -> list[list[str]]:
        return [self._cell(row, i) for i in indices]

    def _cell(self, row: Row, i: int) -> list[str]:
        """A cell's lines, padded to its column; a cell met before in its column, as it was then."""
        text = row.cells[i] if i < len(row.cells) else ""
        lines = self.padded.get((i, text))
        if lines is None:
            if len(self.padded) >= 10 * self.CACHED:
                self.padded.clear()
            lines = self.padded[i, text] = self._padded(i, text)
        return lines

    def _padded(self, i: int, text: str) -> list[str]:
        column, size = self.columns[i], self.placements[i].width
        if "\n" not in text and (not column.wrap or not text or cell_width(text) <= size):
            return [pad(text, size, column.number)]
        if column.wrap:
            pieces = [piece for line in text.split("\n") for piece in wrap(line, size, " " * (_lead(line) + 2))]
        else:
            pieces = text.split("\n")
        return [pad(piece, size, column.number) for piece in pieces]

    def _under(self, row: Row) -> list[Line]:
        return [line for i, column in enumerate(self.columns)
                if self.placements[i].under and i < len(row.cells) and row.cells[i]
                for line in _under(row.cells[i], column.style, row.level, self.width)]


def _joined(segments: list[tuple[str, str]]) -> Line:
    """One line of cells; where the cells differ in style, the line keeps its segments."""
    text = (MARGIN + GAP.join(cell for cell, _ in segments)).rstrip()
    styles = {style for cell, style in segments if cell.strip()}
    if len(styles) <= 1:
        return Line(text, styles.pop() if styles else "")
    parts = [(MARGIN, "")]
    for index, (cell, style) in enumerate(segments):
        parts += [(GAP, ""), (cell, style)] if index else [(cell, style)]
    used = len(text)
    trimmed = []
    for cell, style in parts:  # as much of each part as the right-stripped line keeps
        trimmed.append((cell[:max(0, used)], style))
        used -= len(cell)
    return Line(text, "", tuple(trimmed))


def _under(text: str, style: str, level: int, width: int | None) -> list[Line]:
    """A cell moved under its row: each of its lines wrapped, indented under the row's label."""
    indent = MARGIN + "  " * level + UNDER
    if width is not None and width - len(indent) < 24:
        indent = MARGIN + UNDER  # too deep to indent and still have room to read
    room = (width or 10**6) - len(indent)
    return [Line(indent + piece, style) for line in text.split("\n") for piece in wrap(line, room, "  ")]


def stacked(columns: Sequence[Column], rows: Iterable[Row], width: int, footer: Row | None,
            placements: Sequence[Placement]) -> list[Line]:
    """Each row as its first cell, then `header value` pairs of the shown columns flowed into lines
    under it: for widths too narrow for any table. A pair too wide for a line puts its value on a
    line of its own; only a figure wider than the terminal itself goes past the edge, whole."""
    lines: list[Line] = []
    for row in [*rows, *([footer] if footer is not None else [])]:
        if row is footer:
            lines.append(Line(""))
        lead = MARGIN + "  " * row.level
        if row.block:  # a row that only names a block: its kind beside it, where there is room
            named = "  ".join(cell.strip() for cell in row.cells if cell.strip())
            lines += [Line(piece, row.style) for piece in wrap(lead + named, width, lead + "  ")]
            continue
        first = row.cells[0].strip() if row.cells else ""
        lines += [Line(piece, row.style or "header") for piece in wrap(lead + first, width, lead + "  ")]
        indent = lead + UNDER if width - len(lead + UNDER) >= 24 else MARGIN + UNDER
        line = ""
        for i in range(1, min(len(columns), len(row.cells))):
            if not row.cells[i] or not placements[i].shown or placements[i].under:
                continue
            pair = f"{columns[i].header} {' '.join(row.cells[i].split())}".strip()
            if line and cell_width(line) + 3 + cell_width(pair) > width:
                lines.append(Line(line, row.style))
                line = ""
            if not line and cell_width(indent + pair) > width:  # the header on its line, the value on the next
                lines += [Line(piece, row.style) for piece in wrap(indent + columns[i].header, width, indent)]
                lines += [Line(piece, row.style) for piece in wrap(indent + "  " + " ".join(row.cells[i].split()),
                                                                     width, indent + "  ")]
                continue
            line = f"{line}   {pair}" if line else indent + pair
        if line:
            lines.append(Line(line, row.style))
        for i, column in enumerate(columns):
            if column.under and i < len(row.cells) and row.cells[i]:
                lines += _under(row.cells[i], column.style, row.level, width)
    return lines


STYLES = {"header": "\x1b[1m", "bold": "\x1b[1m", "dim": "\x1b[2m"}
RESET = "\x1b[0m"


def render(lines: Sequence[Line], color: bool) -> str:
    """The lines as text, each ending in a newline; with colour, styled lines are painted."""
    out = []
    for line in lines:
        if not color:
            out.append(line.text)
        elif line.segments:
            out.append("".join(STYLES[style] + part + RESET if style and part.strip() else part
                               for part, style in line.segments))
        elif line.style and line.text.strip():
            out.append(STYLES[line.style] + line.text + RESET)
        else:
            out.append(line.text)
    return "\n".join(out) + "\n"


def prose(text: str, width: int | None, indent: str = "  ") -> list[Line]:
    """A paragraph under a table: wrapped to the terminal, or to 100 columns into a pipe; whatever it
    quotes from a spec is shown, never obeyed (see visible())."""
    return [Line(line) for line in wrap(visible(text, prose=True), min(width or 100, 100), indent)]


BLANK = Line("")
