"""Check the built book in a real browser, page by page, as a reader would see it.

Run it after ``make book`` (``make check-book`` does)::

    .venv/bin/python tests/browser/check_book.py [--html _build/html] [--toc _toc.yml]

It serves ``_build/html`` on the loopback interface, opens every page of the table of
contents in Debian's headless Chromium (see :mod:`devtools`; nothing is downloaded) at a
desktop size of 1280 x 900, waits for MathJax to typeset, saves a screenshot of the first
screen to ``_build/screenshots/``, opens every folded block, and then reports, naming the page
and the element:

- an error in the browser's console (a script error, ``console.error``, a failed load), and
  any request that would leave the machine (the book must read offline; such requests are
  made to fail, see :mod:`devtools`), including browser requests such as the favicon;
- math that MathJax marks as an error, and ``$...$``, ``\\frac``, ``\\begin``, ``\\(`` or
  ``\\[`` left as visible text outside code;
- an image that does not load (zero natural width), has no alt text, or has alt text that
  names a file instead of describing the picture: the image's own ``src`` or file name, text
  ending in an image suffix (``.png``, ``.svg``, ``.jpg``, ...), text containing ``_images/``,
  or a single word with a ``/`` in it. That is what myst-nb writes when a cell gives no
  ``mystnb: image: alt:`` metadata (a slash inside a sentence, "singular value / largest",
  is fine);
- a link to a page of the build that does not exist, or to an anchor that the target page
  lacks;
- cut-off text: text (or math, or an image) that lies beyond the edge of a box that hides its
  overflow without a visible scrollbar, or that runs past the edge of the chapter's column
  (where the sidebar covers it);
- an output wider than its column: any line of a cell's output (myst-nb's ``.cell_output``:
  printed text, verdicts, and the tables and boxes a cell displays) that lies beyond the edge
  of a scroll box, *even when the box shows a scrollbar*. Every output must fit the column, so
  no printed line or verdict is hidden until the reader scrolls sideways; at the 1280 px width
  used here a printed line fits in about 76 characters (``rglib.chapters.page.LINE_WIDTH``). The one
  exception is a scroll box that holds nothing but a table (the theme wraps each table in
  one): a wide table may scroll sideways, with its scrollbar showing. Outside
  outputs, a box whose lines are longer than the box is wide (a code cell's source) is fine
  when it shows a scrollbar, since the reader sees that there is more; see
  ``cutOffProblems`` in ``page_checks.js`` for the exact rule;
- raw output: the repr of an object (``<... object at 0x...>``, ``<IPython.core...``,
  ``<matplotlib...``, ``<Figure size ... Axes>``), or a folder of the machine that built the
  book (its checkout, home, Python prefix; any ``/home/``, ``/root/``, ``/tmp/`` path) or of a
  virtual environment (``.venv/``, ``site-packages/``) in the rendered text; code cells'
  sources are not read;
- a typographic dash (en or em dash, minus sign) inside inline code, which a reader who copies
  the command would get instead of a hyphen;
- an element other than a table whose box reaches past the column's edge, where nothing
  between it and the column clips or scrolls it;
- figure text too small to read: each chapter figure's PNG records the height of its smallest
  text in the image's pixels (the text chunk :data:`FIGURE_TEXT_KEY`, written by
  ``rglib.chapters.figure_png``); scaled by the image's displayed over its natural width it
  must be at least :data:`MIN_FIGURE_TEXT_PX`. A PNG in a cell's output or a figure without
  the record is reported too, since it cannot be judged;
- a declared figure that the page does not show: each code cell of the page's source
  (``<page>.md`` beside the table of contents) whose ``mystnb: figure:`` metadata declares a
  figure must have a ``<figure>`` holding an ``<img>`` with the cell's ``image: alt:`` text
  (spaces collapsed) or with the figure's ``name`` as its id. A cell that draws nothing (a
  non-inline matplotlib backend, a figure closed before display) renders neither image nor
  caption, and every other check would pass; cells tagged ``remove-cell`` or
  ``remove-output`` are not expected to show one;
- on the results page (``book/results``, when the table of contents has it), a missing claims
  table (a table with a "Verdict" column), an empty verdict cell, or a claims table wider than
  the column (a reader would scroll sideways to find the verdicts).

It exits with status 0 when no page has a problem, 1 when one has, and 2 when it cannot run
(no Chromium, no built book).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jupytext
import yaml

from devtools import Chromium, DevToolsError, find_chromium

ROOT = Path(__file__).resolve().parents[2]
PAGE_SCRIPT = (Path(__file__).with_name("page_checks.js")).read_text(encoding="utf-8")

#: The page that must carry the claims table, checked only when the table of contents has it.
RESULTS_PAGE = "book/results"

#: Seconds to wait for MathJax, images and fonts on one page before judging it as it is.
SETTLE_TIMEOUT_S = 15.0

#: Seconds to keep listening after a page is checked, for late console messages and requests.
LATE_EVENTS_S = 0.3

#: The PNG text chunk in which a chapter figure records the height of its smallest text, in
#: the image's pixels (``rglib.chapters.figure_png.FIGURE_TEXT_KEY``; a test keeps the two equal).
FIGURE_TEXT_KEY = "rglib:smallest-text-px"

#: The smallest figure text a reader can read, in CSS pixels as the page displays it.
MIN_FIGURE_TEXT_PX = 11.0


def machine_paths() -> list[str]:
    """Folders of this machine that the rendered book must not show: its checkout, home, Python."""
    folders = {str(ROOT), str(Path.home()), sys.prefix, str(Path(sys.prefix).resolve()),
               sys.base_prefix}
    return sorted(folder for folder in folders if folder.count("/") >= 2)


INSTALL_HINT = "install it with: apt-get update && apt-get install -y chromium"


@dataclass(frozen=True)
class Problem:
    """One thing wrong on one page."""

    page: str
    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.element}: {self.message}"


def toc_pages(toc_file: Path) -> list[str]:
    """Return the document names of a Jupyter Book table of contents, in reading order.

    Parameters
    ----------
    toc_file : Path
        A ``_toc.yml`` (any of the ``jb-book`` or ``jb-article`` shapes: ``root``, then
        ``chapters``, ``parts``, ``sections``, nested to any depth).

    Returns
    -------
    list of str
        Document names without suffix, such as ``"book/intro"``.
    """
    def walk(entry: object) -> Iterator[str]:
        if isinstance(entry, dict):
            for key in ("root", "file"):
                if key in entry:
                    yield str(Path(entry[key]).with_suffix(""))
            for key in ("parts", "chapters", "sections"):
                for child in entry.get(key, []) or []:
                    yield from walk(child)
        elif isinstance(entry, list):
            for child in entry:
                yield from walk(child)

    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    return list(dict.fromkeys(walk(toc)))


#: Cell tags under which myst-nb shows no output, so a declared figure is not expected.
HIDDEN_OUTPUT_TAGS = frozenset({"remove-cell", "remove-output"})


def _collapse(text: str) -> str:
    return " ".join(text.split())


def declared_figures(source: Path) -> list[dict[str, str]]:
    """Return the figures that a chapter's code cells declare in their ``mystnb`` metadata.

    Parameters
    ----------
    source : Path
        A jupytext MyST-markdown notebook (``book/<page>.md``).

    Returns
    -------
    list of dict
        ``{"alt": ..., "caption": ..., "name": ...}`` (spaces collapsed; ``""`` where the cell
        gives none) for each code cell with ``mystnb: figure:`` metadata whose output is shown
        (see :data:`HIDDEN_OUTPUT_TAGS`), in the order of the cells.
    """
    figures = []
    for cell in jupytext.read(source, fmt="md:myst").cells:
        mystnb = cell.metadata.get("mystnb") or {}
        if (cell.cell_type != "code" or not isinstance(mystnb.get("figure"), dict)
                or HIDDEN_OUTPUT_TAGS & set(cell.metadata.get("tags", []))):
            continue
        image = mystnb.get("image") or {}
        figures.append({"alt": _collapse(str(image.get("alt", ""))),
                        "caption": _collapse(str(mystnb["figure"].get("caption", ""))),
                        "name": str(mystnb["figure"].get("name", ""))})
    return figures


def missing_figure_problems(page: str, declared: list[dict[str, str]],
                            shown: list[dict[str, str]]) -> list[Problem]:
    """Report each declared figure that no shown figure matches, naming it.

    Parameters
    ----------
    page : str
        The page's document name, used in the report.
    declared : list of dict
        The source's figures, from :func:`declared_figures`.
    shown : list of dict
        ``{"alt": ..., "id": ...}`` for each ``<figure>`` of the page that holds an ``<img>``.
        A shown figure matches one declared figure only: by equal alt text (spaces collapsed)
        or by an id equal to the declared ``name``.
    """
    unmatched = [{"alt": _collapse(figure["alt"]), "id": figure["id"]} for figure in shown]
    problems = []
    for figure in declared:
        match = next((found for found in unmatched
                      if (figure["alt"] and found["alt"] == figure["alt"])
                      or (figure["name"] and found["id"] == figure["name"])), None)
        if match is not None:
            unmatched.remove(match)
            continue
        label = figure["alt"] or figure["caption"] or "(no alt text, no caption)"
        label = label if len(label) <= 80 else label[:77] + "..."
        element = f"figure {figure['name']}" if figure["name"] else "figure"
        problems.append(Problem(page, element,
                                f'the source declares a figure that the page does not show '
                                f'(its cell drew no image?): "{label}"'))
    return problems


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files and remember each request's path and status instead of logging it."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.answered.append((unquote(urlsplit(self.path).path), int(code)))

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[http.server.ThreadingHTTPServer]:
    """Serve ``directory`` over HTTP on a free loopback port while the block runs.

    The server's ``answered`` attribute lists ``(path, status)`` for every request.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.answered = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


@functools.cache
def _anchors_in(file: Path) -> frozenset[str]:
    collector = _IdCollector()
    collector.feed(file.read_text(encoding="utf-8", errors="replace"))
    return frozenset(collector.ids)


def link_problems(page: str, page_file: Path, links: list[dict], page_ids: list[str],
                  html_dir: Path, origin: str) -> list[Problem]:
    """Check that every local link of a page leads to a built file and, if any, an anchor.

    Parameters
    ----------
    page : str
        The page's document name, used in the report.
    page_file : Path
        The page's HTML file; its anchors are ``page_ids``, taken from the live page.
    links : list of dict
        ``{"href": absolute URL, "element": description}`` for each ``<a href>``.
    page_ids : list of str
        The ids (and ``<a name>``) of the page as the browser shows it.
    html_dir : Path
        The root of the served build.
    origin : str
        ``scheme://host:port`` of the server; links elsewhere are not local and not checked.
    """
    problems = []
    for link in links:
        url = urlsplit(link["href"])
        if f"{url.scheme}://{url.netloc}" != origin:
            continue
        target = (html_dir / unquote(url.path).lstrip("/")).resolve()
        if url.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file() or not target.is_relative_to(html_dir.resolve()):
            problems.append(Problem(page, link["element"],
                                    f"link to a file that is not in the build: {url.path}"))
            continue
        anchor = unquote(url.fragment)
        if not anchor or target.suffix != ".html":
            continue
        ids = set(page_ids) if target == page_file.resolve() else _anchors_in(target)
        if anchor not in ids:
            where = "this page" if target == page_file.resolve() else url.path
            problems.append(Problem(page, link["element"],
                                    f"link to an anchor that {where} does not have: #{anchor}"))
    return list(dict.fromkeys(problems))


def _is_local(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "devtools", "file"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


def _exception_text(details: dict) -> str:
    text = details.get("exception", {}).get("description") or details.get("text") or "?"
    message = f"uncaught script error: {text.splitlines()[0]}"
    url = details.get("url")
    return f"{message} ({url}:{details.get('lineNumber', 0) + 1})" if url else message


def event_problems(page: str, events: list[dict], answered: list[tuple[str, int]],
                   origin: str) -> list[Problem]:
    """Turn a page's DevTools events and the server's answers into problems.

    Reported: uncaught exceptions, ``console.error`` and ``console.assert`` failures, the
    browser's own error messages (such as a failed load), requests to any host but the
    server, and error answers of the server to requests that the page's network log does
    not show (the browser's own, such as ``/favicon.ico``).
    """
    problems = []
    local_paths = set()  # requests that the page's network log shows
    reported_paths = set()  # failed loads that the console already reports
    external_requests = set()
    for event in events:
        method, params = event["method"], event["params"]
        if method in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            url = params["request"]["url"] if "request" in params else params["url"]
            if _is_local(url, origin):
                local_paths.add(unquote(urlsplit(url).path))
            else:
                external_requests.add(params.get("requestId"))
                problems.append(Problem(page, "network",
                                        f"request leaves the machine (the book must read "
                                        f"offline): {url}"))
        elif method == "Runtime.exceptionThrown":
            problems.append(Problem(page, "console", _exception_text(params["exceptionDetails"])))
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description", "")))
                            for arg in params.get("args", []))
            problems.append(Problem(page, "console", f"console.{params['type']}: {text}"))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            if entry.get("networkRequestId") in external_requests:
                continue
            if entry.get("url"):
                reported_paths.add(unquote(urlsplit(entry["url"]).path))
            url = f" ({entry['url']})" if entry.get("url") else ""
            problems.append(Problem(page, "console", f"{entry['text']}{url}"))
    for path, status in answered:
        if status >= 400 and path not in local_paths | reported_paths:
            problems.append(Problem(page, "network", f"the browser asked for {path} and the "
                                    f"build has none (HTTP {status})"))
    return list(dict.fromkeys(problems))


def check_page(browser: Chromium, server: http.server.ThreadingHTTPServer, html_dir: Path,
               page: str, *, claims_table: bool, screenshot: Path | None,
               figure_text: dict[str, dict] | None = None,
               source: Path | None = None) -> list[Problem]:
    """Open one built page in ``browser`` and return its problems (see the module's doc).

    ``claims_table`` says whether the page must carry the claims table; ``screenshot``, if
    given, is where its first screen is saved; ``figure_text``, if given, receives under the
    page's name its smallest figure text as displayed (``{"px": ..., "element": ...}``);
    ``source``, if given and a file, is the page's notebook, whose declared figures the page
    must show.
    """
    page_file = html_dir / f"{page}.html"
    if not page_file.is_file():
        return [Problem(page, "page", f"not built: {page_file} does not exist")]
    host, port = server.server_address[:2]
    origin = f"http://{host}:{port}"
    server.answered.clear()
    browser.navigate(f"{origin}/{page}.html")
    browser.evaluate(PAGE_SCRIPT)
    timeout_ms = int(SETTLE_TIMEOUT_S * 1000)
    browser.evaluate(f"window.__checkBook.settle({timeout_ms})", timeout=SETTLE_TIMEOUT_S + 5)
    if screenshot is not None:
        browser.screenshot(screenshot)
    browser.evaluate(f"window.__checkBook.expand({timeout_ms})", timeout=SETTLE_TIMEOUT_S + 5)
    options = {"claimsTable": claims_table, "machinePaths": machine_paths(),
               "figureTextKey": FIGURE_TEXT_KEY, "minFigureTextPx": MIN_FIGURE_TEXT_PX}
    report = browser.evaluate(f"window.__checkBook.inspect({json.dumps(options)})",
                              timeout=SETTLE_TIMEOUT_S + 5)
    if figure_text is not None and report["smallestFigureText"]:
        figure_text[page] = report["smallestFigureText"]
    events = browser.take_events(settle=LATE_EVENTS_S)
    return [
        *event_problems(page, events, list(server.answered), origin),
        *(Problem(page, found["element"], found["message"]) for found in report["problems"]),
        *link_problems(page, page_file, report["links"], report["ids"], html_dir, origin),
        *(missing_figure_problems(page, declared_figures(source), report["figures"])
          if source is not None and source.is_file() else []),
    ]


def check_book(html_dir: Path, pages: list[str], *, screenshots: Path | None = None,
               results_pages: Collection[str] = (RESULTS_PAGE,),
               chromium: str | None = None,
               figure_text: dict[str, dict] | None = None,
               sources: Path | None = None) -> list[Problem]:
    """Check each of ``pages`` of a built book in headless Chromium.

    Parameters
    ----------
    html_dir : Path
        The built HTML (``_build/html``).
    pages : list of str
        Document names to check, such as ``"book/intro"`` (see :func:`toc_pages`).
    screenshots : Path, optional
        Folder for a PNG of each page's first screen, named after the page
        (``book/intro`` -> ``book-intro.png``); none are taken when omitted.
    results_pages : collection of str
        The pages that must carry a claims table, checked where they are among ``pages``.
    chromium : str, optional
        The browser executable; found on ``PATH`` when omitted.
    figure_text : dict, optional
        Filled with each page's smallest figure text as displayed, in CSS pixels
        (``{page: {"px": ..., "element": ...}}``), for pages with a figure that records it.
    sources : Path, optional
        The folder of the pages' notebooks (the table of contents' folder): a page whose
        ``<sources>/<page>.md`` exists must show each figure that it declares (see
        :func:`declared_figures`); not checked when omitted.

    Returns
    -------
    list of Problem
        Empty when every page passes.

    Raises
    ------
    FileNotFoundError
        When there is no Chromium or no ``html_dir``.
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        raise FileNotFoundError(f"no chromium on PATH; {INSTALL_HINT}")
    if not html_dir.is_dir():
        raise FileNotFoundError(f"no built book at {html_dir}; run `make book` first")
    problems = []
    with Chromium(chromium) as browser, serve(html_dir) as server:
        for page in pages:
            shot = screenshots / f"{page.replace('/', '-')}.png" if screenshots else None
            try:
                problems += check_page(browser, server, html_dir, page,
                                       claims_table=(page in results_pages), screenshot=shot,
                                       figure_text=figure_text,
                                       source=sources / f"{page}.md" if sources else None)
            except DevToolsError as error:
                problems.append(Problem(page, "page", f"could not be checked: {error}"))
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line: check the pages of the table of contents; see the module's doc."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html",
                        help="the built book (default: _build/html)")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml",
                        help="the table of contents that lists the pages (default: _toc.yml)")
    parser.add_argument("--screenshots", type=Path, default=ROOT / "_build" / "screenshots",
                        help="where to write each page's first screen (default: "
                             "_build/screenshots)")
    args = parser.parse_args(argv)

    started = time.monotonic()
    pages = toc_pages(args.toc)
    figure_text: dict[str, dict] = {}
    try:
        problems = check_book(args.html, pages, screenshots=args.screenshots,
                              figure_text=figure_text, sources=args.toc.parent)
    except FileNotFoundError as error:
        print(f"check-book: cannot run: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if figure_text:
        page, smallest = min(figure_text.items(), key=lambda item: item[1]["px"])
        print(f"check-book: smallest figure text as displayed: {smallest['px']:.1f} px "
              f"({page}: {smallest['element']})")
    pages_with = len({problem.page for problem in problems})
    print(f"check-book: {len(pages)} pages checked in {time.monotonic() - started:.1f} s: "
          f"{len(problems)} problem(s) on {pages_with} page(s); first screens in "
          f"{args.screenshots}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
