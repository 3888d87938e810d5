"""The HTML report in a real browser: headless Chromium opens the ResNet-50 and inception-3a pages at
a laptop's and a phone's size, hears no console error, finds a box for every layer shown, bars that
add up to the total, a stage that folds and unfolds, controls that work; and keeps screenshots
(pytest --screenshots DIR). Skipped where no Chromium is installed, never in CI (CI=true), where
.ci/run installs Debian's chromium package."""
import os
from pathlib import Path

import pytest

from cnncalc import api
from cnncalc.render import render
from cnncalc.render.view import Options
from tests.browser import Browser, find_browser

SIZES = ((1280, 800, False), (390, 844, True))  # a laptop; a phone (an iPhone 12 to 15's CSS pixels)

if find_browser() is None and os.environ.get("CI") != "true":
    pytest.skip("no Chromium here (Debian: apt-get install chromium; or set CNNCALC_BROWSER to a Chrome); "
                "CI installs it and runs these tests", allow_module_level=True)

VISIBLE_BOXES = "Array.from(document.querySelectorAll('.box')).filter((box) => box.checkVisibility()).length"
# what sticks out of the screen's width without being in a box that scrolls sideways: nothing may, or a
# number would be cut
STICKING_OUT = """Array.from(document.querySelectorAll('body *')).filter((element) => {
    if (element.getBoundingClientRect().right <= innerWidth + 0.5 || !element.checkVisibility()) return false;
    for (let outer = element.parentElement; outer; outer = outer.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(outer).overflowX)) return false;
    }
    return true;
}).map((element) => element.tagName + '.' + element.className)"""


@pytest.fixture(scope="module")
def browser():
    executable = find_browser()
    assert executable is not None, "CI=true and no Chromium: .ci/run installs Debian's chromium package"
    with Browser(executable) as opened:
        yield opened


@pytest.fixture
def screenshots(request, tmp_path):
    chosen = request.config.getoption("--screenshots")
    directory = Path(chosen) if chosen else tmp_path
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _open(browser, document, path, width, height, mobile, options=Options()):
    path.write_text(render(document, "html", options), encoding="utf-8")
    browser.size(width, height, mobile)
    since = len(browser.events)
    browser.open(path)
    assert browser.errors() == [], f"console errors on {path.name}"
    assert browser.run(STICKING_OUT) == [], f"{path.name} is wider than {width} pixels"
    del browser.events[since:]  # each page's errors are its own
    return path


def _bar_share(browser, metric):
    """The drawn widths of the bars shown over the width of their track: 1 when they add up to the total."""
    return browser.run(f"""(() => {{
        const scope = document.querySelector('.chart');
        document.querySelector('button[data-scale-by={metric}]').click();
        const list = Array.from(scope.querySelectorAll('ol.bars')).find((bars) => !bars.hidden);
        const track = list.querySelector('.bar').getBoundingClientRect().width;
        let drawn = 0, counted = 0;
        for (const item of list.children) {{
            drawn += item.querySelector('.bar i').getBoundingClientRect().width;
            counted += Number(item.dataset[{metric!r}]);
        }}
        return [drawn / track, counted, Number(scope.dataset[{metric!r}])];
    }})()""")


@pytest.mark.parametrize("width, height, mobile", SIZES)
def test_resnet50(browser, tmp_path, screenshots, width, height, mobile):
    report = api.preset("resnet50")
    _open(browser, report, tmp_path / "resnet50.html", width, height, mobile)
    assert browser.run(VISIBLE_BOXES) == len(report.layers) + 1  # every layer and the input: 161 boxes unfold
    browser.screenshot(screenshots / f"resnet50-{width}x{height}.png")

    for metric in ("macs", "params", "memory"):
        drawn, counted, total = _bar_share(browser, metric)
        assert counted == total and drawn == pytest.approx(1, abs=0.01), metric
        assert browser.run("document.querySelector('section').dataset.metric") == metric
    browser.run("document.querySelector('button[data-scale-by=macs]').click()")

    layer3 = sum(layer.path.startswith("layer3/") for layer in report.layers)
    browser.run("document.querySelector('details[data-path=\"layer3\"] > summary').click()")
    assert browser.run(VISIBLE_BOXES) == len(report.layers) + 1 - layer3
    browser.run("document.querySelector('details[data-path=\"layer3\"] > summary').click()")
    assert browser.run(VISIBLE_BOXES) == len(report.layers) + 1

    browser.run("document.querySelector('.chart button[data-order=\"sorted\"]').click()")
    order = browser.run("Array.from(document.querySelector('ol.bars:not([hidden])').children)"
                        ".map((item) => Number(item.dataset.macs))")
    assert order == sorted(order, reverse=True) and len(order) == 4 + 4 + 3  # per block: the stages and the layers
    pressed = "Array.from(document.querySelectorAll('.chart button[aria-pressed=true]')).map((b) => b.textContent)"
    assert browser.run(pressed) == ["per block", "largest first"]  # each choice keeps its own
    browser.run("document.querySelector('.chart button[data-view=layers]').click()")
    assert browser.run(pressed) == ["per layer", "largest first"]

    first = "document.querySelector('ol.bars:not([hidden]) > li')"
    browser.run(f"{first}.click()")  # a tap shows the formula of the layer, a line each
    shown = browser.run(f"[{first}.querySelector('.formula').checkVisibility(), {first}.querySelector('.formula').textContent]")
    # the largest layer is conv1, 7×7 over 3 channels to 64 at 112×112 (He et al. 2016, table 1)
    assert shown[0] and shown[1].splitlines() == ["out ⌊(224 + 6 − 7)/2⌋ + 1 = 112", "weights 7×7×3×64 = 9,408",
                                                  "MACs 112×112×64 × 7×7×3 = 118,013,952"]

    browser.run("Array.from(document.querySelectorAll('thead th')).find((th) => th.textContent === 'MACs').click()")
    column = browser.run("Array.from(document.querySelectorAll('thead th')).findIndex((th) => th.textContent.startsWith('MACs'))")
    cells = browser.run(f"Array.from(document.querySelectorAll('tbody tr')).map((row) => row.children[{column}].textContent)")
    values = [int(cell.replace(",", "")) for cell in cells]
    assert values == sorted(values) and len(values) == len(report.layers)
    browser.run("Array.from(document.querySelectorAll('thead th')).find((th) => th.textContent.startsWith('MACs')).click()")
    browser.run("Array.from(document.querySelectorAll('thead th')).find((th) => th.textContent.startsWith('MACs')).click()")
    paths = browser.run("Array.from(document.querySelectorAll('tbody tr')).map((row) => row.children[0].textContent)")
    assert paths == [layer.path for layer in report.layers]  # the third tap: network order again
    assert browser.errors() == []


@pytest.mark.parametrize("width, height, mobile", SIZES)
def test_inception_3a_naive_against_reduced(browser, tmp_path, screenshots, width, height, mobile):
    comparison = api.preset("inception-3a")
    _open(browser, comparison, tmp_path / "inception-3a.html", width, height, mobile)
    assert browser.run(VISIBLE_BOXES) == sum(len(report.layers) + 1 for report in comparison.reports)
    drawn, counted, total = browser.run("""(() => {
        const list = document.querySelector('.comparison ol.bars');
        const track = list.querySelector('.bar').getBoundingClientRect().width;
        return Array.from(list.children).map((item) => item.querySelector('.bar i').getBoundingClientRect().width / track);
    })()"""), None, None
    naive, text_count, reduced = drawn  # each total over the largest: the naive module's 303,464,448 MACs
    assert (text_count, reduced) == pytest.approx((123_232_256 / 303_464_448, 128_049_152 / 303_464_448), abs=0.005)
    assert naive == pytest.approx(1, abs=0.005)
    browser.run("document.querySelector('.side-by-side').scrollIntoView()")
    browser.screenshot(screenshots / f"inception-3a-{width}x{height}.png")


def test_the_pictures_the_docs_show(browser, tmp_path, screenshots):
    """The inception module naive against reduced (Szegedy et al. 2014, figure 2), and ResNet-50 folded
    to its stages: docs/images holds them from a run with --screenshots docs/images."""
    from tests.conftest import ROOT

    comparison = api.compare(str(ROOT / "specs" / "inception-3a-naive.yaml"), str(ROOT / "specs" / "inception-3a-reduced.yaml"))
    _open(browser, comparison, tmp_path / "naive-vs-reduced.html", 1700, 900, False)
    assert browser.run("document.querySelector('.side-by-side').scrollWidth <= innerWidth")  # both whole
    browser.screenshot(screenshots / "inception-3a-naive-vs-reduced.png", ".side-by-side")

    report = api.preset("resnet50")
    _open(browser, report, tmp_path / "resnet50-stages.html", 1280, 800, False, Options(depth=1))
    assert browser.run(VISIBLE_BOXES) == 1 + 4 + 3  # the input, conv1 to maxpool, avgpool to fc: the stages fold
    browser.screenshot(screenshots / "resnet50-stages.png", ".diagram")


@pytest.mark.parametrize("document", ["conventions", "sweep", "roofline"])
def test_the_other_pages_open_without_an_error(browser, tmp_path, screenshots, document):
    made = {"conventions": lambda: api.conventions("resnet50"),
            "sweep": lambda: api.sweep("mobilenet_v1", {"alpha": [1, 0.75, 0.5, 0.25], "resolution": [224, 192, 160, 128]}),
            "roofline": lambda: api.preset("mobilenet_v2", device="t4")}[document]()
    _open(browser, made, tmp_path / f"{document}.html", 1280, 800, False)
    shown = browser.run("[document.querySelectorAll('svg circle').length, document.querySelectorAll('svg polyline').length,"
                        " document.querySelectorAll('ol.bars li').length]")
    circles, roofs, bars = shown
    assert {"conventions": bars > 0 and circles == 0, "sweep": circles == 16,
            "roofline": circles > 0 and roofs == 1}[document], shown
    browser.screenshot(screenshots / f"{document}-1280x800.png")


def test_the_reader_s_dark_setting_gives_a_dark_page_and_it_prints(browser, tmp_path, screenshots):
    """prefers-color-scheme: dark, as a system set to dark asks; printed, the buttons go."""
    background = "getComputedStyle(document.body).backgroundColor"
    _open(browser, api.preset("resnet50"), tmp_path / "resnet50.html", 1280, 800, False)
    assert browser.run(background) == "rgb(255, 255, 255)"
    browser.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        red, green, blue = map(int, browser.run(background)[4:-1].split(","))
        assert max(red, green, blue) < 64
        browser.screenshot(screenshots / "resnet50-dark-1280x800.png")
    finally:
        browser.send("Emulation.setEmulatedMedia", {"features": []})
    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.run("getComputedStyle(document.querySelector('button')).display") == "none"
    finally:
        browser.send("Emulation.setEmulatedMedia", {"media": ""})
    assert browser.send("Page.printToPDF", {})["data"]
    assert browser.errors() == []


def test_several_networks_on_one_page(browser, tmp_path):
    """cnncalc analyze a.yaml b.yaml --format html: each network's section, each with its own controls."""
    from tests.conftest import ROOT

    documents = api.analyze(str(ROOT / "specs" / "resnet-bottleneck.yaml"), str(ROOT / "specs" / "se-block.yaml"))
    path = tmp_path / "two.html"
    from cnncalc.render import render_several

    path.write_text(render_several(documents, "html"), encoding="utf-8")
    browser.size(1280, 800)
    browser.open(path)
    assert browser.run(VISIBLE_BOXES) == sum(len(report.layers) + 1 for report in documents)
    browser.run("document.querySelectorAll('section.net')[1].querySelector('button[data-scale-by=params]').click()")
    assert browser.run("Array.from(document.querySelectorAll('section.net')).map((s) => s.dataset.metric)") == \
        ["macs", "params"]
    assert browser.errors() == []
