"""Plain-text layout for the terminal: display widths, wrapping, and tables that fit a width without
ever cutting a number. No imports beyond the standard library."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

MARGIN = "  "
GAP = "  "


def cell_width(text: str) -> int:
    """Columns the text takes on a terminal: East Asian wide characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Words into lines of at most `width` columns; a first line keeps its own indent, later ones
    start with `indent`. A word wider than a line is broken only if it is not a number: a number
    is never cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.lstrip(" ")
        prefix = paragraph[:len(paragraph) - len(words)]
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
            while size > width - used > 0 and not _is_number(word):
                head = _take(word, width - used)
                lines.append(prefix + head)
                word = word[len(head):]
                size = cell_width(word)
                prefix, used = indent, cell_width(indent)
            line, used = word, used + size
        lines.append(prefix + line)
    return lines


def _is_number(word: str) -> bool:
    return any(character.isdigit() for character in word) and not any(character.isalpha() for character in word)


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


def pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - cell_width(text))
    return space + text if right else text + space


class Column(NamedTuple):
    """A column of a text table. `number` columns are right-aligned and never wrapped or cut;
    `wrap` columns may wrap their text at spaces; a column with `drop` > 0 may be left out when the
    width is short, the highest first; an `under` column may move under its row instead."""

    header: str
    number: bool = False
    wrap: bool = False
    drop: int = 0
    under: bool = False
    style: str = ""


class Row(NamedTuple):
    cells: Sequence[str]
    style: str = ""  # for the whole row: "bold" for a total
    under_indent: int = 4  # where lines moved under the row start, after the margin


class Layout(NamedTuple):
    lines: list[tuple[str, str]]  # (text, style) per line, or for a styled line, per segment: see render()
    left_out: list[str]  # headers of the columns that did not fit


def fit(columns: Sequence[Column], rows: Sequence[Row], width: int | None,
        footer: Row | None = None) -> tuple[list[int], list[bool], list[bool]]:
    """Column widths, which columns are shown, and which go under their row, for `width` columns
    (None: as wide as the content)."""
    count = len(columns)
    every = [*rows, *([footer] if footer else [])]
    content = [0] * count
    shortest = [0] * count  # the narrowest a wrapping column can go: its longest word
    for row in every:
        for index, cell in enumerate(row.cells):
            if not cell:
                continue
            for line in cell.split("\n"):
                size = cell_width(line)
                if size > content[index]:
                    content[index] = size
                if columns[index].wrap:
                    word = longest_word(line)
                    if word > shortest[index]:
                        shortest[index] = word
    natural = [max(content[i], cell_width(column.header)) for i, column in enumerate(columns)]
    shown = [True] * count
    under = [False] * count
    if width is None:
        return natural, shown, under

    def total(widths: list[int]) -> int:
        visible = [widths[i] for i in range(count) if shown[i] and not under[i]]
        return len(MARGIN) + sum(visible) + len(GAP) * max(0, len(visible) - 1)

    widths = list(natural)
    if total(widths) <= width:
        return widths, shown, under
    for index, column in enumerate(columns):
        if column.under:
            under[index] = True
    # headers wrap onto two lines before anything else gives way
    widths = [max(content[i], longest_word(column.header)) for i, column in enumerate(columns)]
    for index, column in enumerate(columns):
        if column.wrap:
            widths[index] = max(shortest[index], longest_word(column.header))
    for index in sorted((i for i, column in enumerate(columns) if column.drop), key=lambda i: -columns[i].drop):
        if total(widths) <= width:
            break
        shown[index] = False
    # give the room that is left back: whole, to wrapping text first, then to headers, those that need
    # least to be on one line again first; what remains goes to the wrapping columns, widest first
    room = width - total(widths)
    candidates = [i for i in range(count) if shown[i] and not under[i] and widths[i] < natural[i]]
    for index in sorted(candidates, key=lambda i: (not columns[i].wrap, natural[i] - widths[i])):
        if natural[index] - widths[index] <= room:
            room -= natural[index] - widths[index]
            widths[index] = natural[index]
    for index in sorted(candidates, key=lambda i: -natural[i]):
        if columns[index].wrap and room > 0:
            extra = min(room, natural[index] - widths[index])
            widths[index] += extra
            room -= extra
    return widths, shown, under


def table(columns: Sequence[Column], rows: Sequence[Row], width: int | None, footer: Row | None = None,
          rule: str = "─") -> Layout:
    """The table as (line, style) pairs: header, a rule, the rows, and the footer after a blank line.
    Where even the columns that cannot be left out do not fit, each row is stacked instead."""
    widths, shown, under = fit(columns, rows, width, footer)
    visible = [i for i in range(len(columns)) if shown[i] and not under[i]]
    left_out = [columns[i].header for i in range(len(columns)) if not shown[i]]
    table_width = len(MARGIN) + sum(widths[i] for i in visible) + len(GAP) * max(0, len(visible) - 1)
    if width is not None and table_width > width:
        return Layout(stacked(columns, rows, width, footer, shown), left_out)
    lines: list[tuple[str, str]] = []
    header_cells = [wrap(columns[i].header, widths[i]) for i in visible]
    for line_index in range(max(len(cells) for cells in header_cells)):
        parts = []
        for position, i in enumerate(visible):
            cells = header_cells[position]
            # headers sit on their last line, next to the rule
            offset = line_index - (len(max(header_cells, key=len)) - len(cells))
            text = cells[offset] if 0 <= offset < len(cells) else ""
            parts.append(pad(text, widths[i], columns[i].number))
        lines.append(((MARGIN + GAP.join(parts)).rstrip(), "header"))
    lines.append((" " + rule * (table_width - 1), ""))
    for row in rows:
        lines.extend(_row_lines(columns, row, widths, visible, under, width))
    if footer is not None:
        lines.append(("", ""))
        lines.extend(_row_lines(columns, footer, widths, visible, under, width))
    return Layout(lines, left_out)


def _row_lines(columns, row: Row, widths, visible, under, width) -> list[tuple[str, str]]:
    cells = []
    for i in visible:
        text = row.cells[i] if i < len(row.cells) else ""
        if columns[i].wrap:
            cell_lines = [piece for line in text.split("\n") for piece in wrap(line, widths[i])] if text else [""]
        else:
            cell_lines = text.split("\n") if text else [""]
        cells.append(cell_lines)
    height = max(len(cell) for cell in cells)
    lines = []
    for line_index in range(height):
        segments = []
        for position, i in enumerate(visible):
            cell = cells[position]
            text = cell[line_index] if line_index < len(cell) else ""
            segments.append((pad(text, widths[i], columns[i].number), columns[i].style))
        lines.append(_join(segments, row.style))
    for i, column in enumerate(columns):
        if under[i] and i < len(row.cells) and row.cells[i]:
            indent = " " * (len(MARGIN) + row.under_indent)
            for text in row.cells[i].split("\n"):
                for piece in wrap(text, (width or 10**6) - len(indent), "  "):
                    lines.append((indent + piece, column.style))
    return lines


def _join(segments: list[tuple[str, str]], row_style: str) -> tuple[str, str]:
    """One line of cells. A line whose cells share one style is (text, style); otherwise the text
    carries its segments' styles as (text, style) pairs in a tuple, for render() to paint."""
    styles = {style or row_style for _, style in segments}
    text = MARGIN + GAP.join(text for text, _ in segments)
    if len(styles) <= 1:
        return text.rstrip(), (styles.pop() if styles else "")
    parts = [(MARGIN, "")]
    for index, (cell, style) in enumerate(segments):
        if index:
            parts.append((GAP, ""))
        parts.append((cell, style or row_style))
    while parts and not parts[-1][0].strip():
        parts.pop()
    last_text, last_style = parts[-1]
    parts[-1] = (last_text.rstrip(), last_style)
    return text.rstrip(), tuple(parts)  # type: ignore[return-value]


def stacked(columns: Sequence[Column], rows: Sequence[Row], width: int, footer: Row | None,
            shown: Sequence[bool] | None = None) -> list[tuple[str, str]]:
    """Each row as its first cell, then `header value` pairs of the shown columns flowed into lines
    under it: for widths too narrow for any table."""
    shown = shown or [True] * len(columns)
    lines: list[tuple[str, str]] = []
    for row in [*rows, *([footer] if footer else [])]:
        if footer is not None and row is footer:
            lines.append(("", ""))
        first = row.cells[0] if row.cells else ""
        indent = MARGIN + " " * (len(first) - len(first.lstrip(" ")) + 4)
        if len(row.cells) <= 2:  # a row that only names a block: its kind beside it
            lines.append((MARGIN + "  ".join(cell for cell in row.cells if cell), row.style))
            continue
        pairs = [f"{columns[i].header} {row.cells[i]}".replace("\n", " ") for i in range(1, len(columns))
                 if i < len(row.cells) and row.cells[i] and shown[i] and not columns[i].under]
        lines.append((MARGIN + first, row.style or "header"))
        line = ""
        for pair in pairs:
            if line and cell_width(line) + 3 + cell_width(pair) > width:
                lines.append((line, row.style))
                line = ""
            line = f"{line}   {pair}" if line else indent + pair
        if line:
            lines.append((line, row.style))
        for i, column in enumerate(columns):
            if column.under and i < len(row.cells) and row.cells[i]:
                for text in row.cells[i].split("\n"):
                    for piece in wrap(text, width - len(indent), "  "):
                        lines.append((indent + piece, column.style))
    return lines


STYLES = {"header": "\x1b[1m", "bold": "\x1b[1m", "dim": "\x1b[2m"}
RESET = "\x1b[0m"


def render(lines: Sequence[tuple[str, object]], color: bool) -> str:
    """The lines as text, each ending in a newline; with colour, styled lines are painted."""
    out = []
    for text, style in lines:
        if not color or not style:
            out.append(text)
        elif isinstance(style, tuple):
            out.append("".join(STYLES[part_style] + part + RESET if part_style and part.strip() else part
                               for part, part_style in style))
        else:
            out.append(STYLES[style] + text + RESET if text.strip() else text)
    return "\n".join(out) + "\n"


def prose(text: str, width: int | None, indent: str = "  ") -> list[tuple[str, str]]:
    """A paragraph under a table: wrapped to the terminal, or to 100 columns into a pipe."""
    return [(line, "") for line in wrap(text, min(width or 100, 100), indent)]
