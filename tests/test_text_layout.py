"""Properties of the text layout on any table and any width: a figure is never cut, and no line is
wider than the terminal unless a single figure is wider than the terminal itself."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc.render.text import Column, Row, cell_width, is_number, render, table, wrap

WORDS = st.sampled_from(["conv", "relu", "branch[2]", "layer1/bottleneck[3]", "γ", "吴恩达", "inception", "a", "x"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
FIGURE = st.integers(0, 10**16).map(lambda value: f"{value:,}")


@st.composite
def tables(draw):
    count = draw(st.integers(1, 6))
    kinds = [draw(st.booleans()) for _ in range(count)]  # True: a column of figures
    columns = [Column(f"h{index} {draw(TEXT)}", number=kind, wrap=not kind and draw(st.booleans()),
                      drop=draw(st.integers(0, 3)) if index else 0, fold=draw(st.sampled_from([0, 5, 20])))
               for index, kind in enumerate(kinds)]
    rows = [Row([draw(FIGURE) if kind else draw(TEXT) for kind in kinds], level=draw(st.integers(0, 3)))
            for _ in range(draw(st.integers(1, 8)))]
    return columns, rows, draw(st.one_of(st.none(), st.integers(8, 160)))


def whole(figure: str, text: str) -> bool:
    return re.search(rf"(?<![\d,]){re.escape(figure)}(?![\d,])", text) is not None


@settings(max_examples=300, deadline=None)
@given(tables())
def test_figures_are_whole_and_lines_fit(case):
    columns, rows, width = case
    layout = table(columns, rows, width)
    text = render(layout.lines, color=False)
    left_out = set(layout.left_out)
    for row in rows:
        for column, cell in zip(columns, row.cells):
            if column.number and column.header not in left_out:
                assert whole(cell, text), (cell, width)
    if width is not None:
        for line in text.splitlines():
            if cell_width(line) > width:
                tokens = line.split()
                assert len(tokens) == 1 and is_number(tokens[0]), (width, line)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, FIGURE), max_size=20).map(" ".join), st.integers(2, 60))
def test_wrap_keeps_every_figure_and_every_word(text, width):
    lines = wrap(text, width, "  ")
    joined = " ".join(lines)
    for word in text.split():
        if is_number(word):
            assert any(word in line.split() for line in lines), (word, lines)
    assert "".join(joined.split()) == "".join(text.split())  # nothing lost, nothing added
    for line in lines:
        assert cell_width(line) <= width or (len(line.split()) == 1 and is_number(line.split()[0]))


def test_an_empty_table_is_nothing():
    assert table([], [], 80).lines == []


@settings(max_examples=200, deadline=None)
@given(tables(), st.booleans())
def test_a_table_laid_out_as_it_is_read_is_the_same_table(case, color):
    # a report's table is measured in one pass over its rows and written in a second, each row's lines
    # made as they are read (rows repeated, or differing only in their first cell, laid out once):
    # the text is the table's, line for line
    from cnncalc.render.text import table_lines

    columns, rows, width = case
    rows = rows + [row._replace(cells=["other", *row.cells[1:]]) for row in rows] + rows
    asked = []

    def again():
        asked.append(1)
        return iter(rows)

    lines, left_out = table_lines(columns, again, width, color=color)
    expected = table(columns, rows, width)
    assert render(list(lines), color=color) == render(expected.lines, color=color)
    assert left_out == expected.left_out and len(asked) == 2


@settings(max_examples=200, deadline=None)
@given(tables(), st.sampled_from(["dim", "bold"]), st.integers(0, 5), st.booleans())
def test_a_table_painted_and_plain_holds_the_same_text(case, style, styled, under):
    # lines are made one way with colour and, faster, another way without: the text must agree
    from cnncalc.render.text import table_lines

    columns, rows, width = case
    # the first column always painted, so that colour takes the other way
    columns = [column._replace(style=style if index in (0, styled) else "", under=under and index > 0 and column.wrap)
               for index, column in enumerate(columns)]
    rows = rows + [row._replace(cells=["other\nname", *row.cells[1:]]) for row in rows] + rows
    painted, _ = table_lines(columns, lambda: iter(rows), width, color=True)
    plain, _ = table_lines(columns, lambda: iter(rows), width, color=False)
    assert re.sub(r"\x1b\[[0-9;]*m", "", render(list(painted), color=True)) == render(list(plain), color=False)
