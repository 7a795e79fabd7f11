// In-page half of the book check (tests/browser/check_book.py evaluates this file in each
// page, then calls window.__checkBook.settle(), .expand() and .inspect()).
//
// Everything here looks at the page as laid out by the browser, the way a reader sees it.
// It reports problems as {element, message} objects; `element` is a short CSS-like path to
// the offending element, followed by the start of its text when it has some.
window.__checkBook = (() => {
  "use strict";

  // Where the chapter's text lives; text that runs past this box's edges is cut off or
  // covered by the sidebar. The first selector that matches wins (hand-made pages in the
  // checker's own tests use <main>).
  const COLUMN_SELECTORS = ["article.bd-article", "main", "[role=main]", "body"];

  // Boxes that the theme deliberately places outside the column (margin notes, full-width
  // content): they are checked against their own clipping ancestors, not the column.
  const OUTSIDE_COLUMN = ".margin, .sidebar, aside, .full-width, .tag_margin, .tag_full-width";

  // A cell's output (myst-nb's .cell_output, Jupyter's .output): it must fit the column, since
  // a reader does not look for the rest of a printed line or verdict behind a scrollbar.
  const OUTPUT = ".cell_output, .output";

  // The one exception: a scroll box that holds nothing but a table (the theme wraps every table
  // in one, .pst-scrollable-table-container) may scroll sideways when its scrollbar shows, as a
  // wide table of numbers may. The results page's claims tables may not (claimsTableProblems).
  const holdsOnlyATable = (el) => el.localName === "table"
    || (el.children.length === 1 && el.firstElementChild.localName === "table");

  // Text that is code, not prose: TeX-looking characters there are expected.
  const CODE = "pre, code, kbd, samp, tt, script, style, textarea, .highlight, mjx-container";

  // The kind of box a reader thinks of, used to name where cut-off text sits.
  const TEXT_BOX = "pre, div.highlight, .cell_output, .output, .admonition, table, " +
    "div.math, mjx-container, blockquote, p, li, dd, dt, h1, h2, h3, h4, h5, h6, figure";

  const RAW_TEX = [
    [/\$\$|\$[^\s$](?:[^$]*[^\s$])?\$/, "a $...$ formula"],
    [/\\frac\b/, "\\frac"],
    [/\\begin\{/, "\\begin{...}"],
    [/\\end\{/, "\\end{...}"],
    [/\\\(|\\\[/, "a \\( or \\[ math delimiter"],
  ];

  const TOLERANCE_PX = 1;  // sub-pixel rounding is not clipping

  function snippet(text, length = 60) {
    const flat = (text || "").replace(/\s+/g, " ").trim();
    return flat.length > length ? flat.slice(0, length - 1) + "\u2026" : flat;
  }

  function step(el) {
    if (el.id) return `${el.localName}#${el.id}`;
    const classes = [...el.classList].slice(0, 2).map((c) => "." + c).join("");
    return el.localName + classes;
  }

  // A short path: from the nearest ancestor with an id (at most four steps up).
  function path(el) {
    const steps = [];
    for (let node = el; node && steps.length < 5; node = node.parentElement) {
      steps.unshift(step(node));
      if (node.id || node === document.body) break;
    }
    return steps.join(" > ");
  }

  function describe(el, text) {
    const shown = snippet(text === undefined ? el.textContent : text);
    return shown ? `${path(el)} "${shown}"` : path(el);
  }

  function withTimeout(promise, ms) {
    return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
  }

  function imagesLoaded() {
    return Promise.all([...document.images].map((img) => {
      img.loading = "eager";  // lazy images below the fold must load too
      return img.complete ? null
        : new Promise((resolve) => {
          img.addEventListener("load", resolve);
          img.addEventListener("error", resolve);
        });
    }));
  }

  // Wait until MathJax has typeset, images have loaded and fonts are ready.
  async function settle(timeoutMs) {
    const mathjax = window.MathJax;
    if (mathjax && mathjax.startup && mathjax.startup.promise) {
      await withTimeout(mathjax.startup.promise, timeoutMs);
    }
    await withTimeout(Promise.all([imagesLoaded(), document.fonts.ready]), timeoutMs);
  }

  // Open every folded block (hidden code cells and the like), so that it is checked too.
  async function expand(timeoutMs) {
    document.querySelectorAll("details").forEach((details) => { details.open = true; });
    await withTimeout(imagesLoaded(), timeoutMs);
  }

  function visibleTextNodes(root, skipSelector) {
    const nodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.nodeValue.trim()) continue;
      if (skipSelector && parent.closest(skipSelector)) continue;
      if (getComputedStyle(parent).visibility !== "visible") continue;
      if (!parent.getClientRects().length) continue;  // display: none somewhere above
      nodes.push(node);
    }
    return nodes;
  }

  function mathProblems() {
    const problems = [];
    // MathJax 3 marks a formula it cannot typeset with <mjx-merror>, MathJax 2 with .MathJax_Error.
    for (const el of document.querySelectorAll("mjx-merror, .MathJax_Error")) {
      const reason = el.getAttribute("data-mjx-error") || el.getAttribute("title")
        || el.textContent;
      problems.push({ element: path(el),
        message: `MathJax reports an error: ${snippet(reason, 120)}` });
    }
    for (const node of visibleTextNodes(document.body, CODE)) {
      for (const [pattern, name] of RAW_TEX) {
        const match = node.nodeValue.match(pattern);
        if (match) {
          problems.push({
            element: describe(node.parentElement, node.nodeValue),
            message: `${name} is shown as raw TeX (MathJax did not typeset it): ` +
              `"${snippet(match[0], 40)}"`,
          });
          break;
        }
      }
    }
    return problems;
  }

  function imageProblems() {
    const problems = [];
    for (const img of document.images) {
      const name = img.getAttribute("src") || "(no src)";
      if (!img.complete || img.naturalWidth === 0) {
        problems.push({ element: path(img),
          message: `image does not load: ${snippet(name, 120)}` });
      }
      const alt = (img.getAttribute("alt") || "").trim();
      if (!alt) {
        problems.push({ element: path(img),
          message: `image has no alt text: ${snippet(name, 120)}` });
      } else if (isFileName(alt, name)) {
        problems.push({ element: path(img),
          message: `image's alt text is a file name, not a description: "${snippet(alt, 80)}" ` +
            "(give the cell `mystnb: image: alt:` metadata)" });
      }
    }
    return problems;
  }

  // Alt text that names a file instead of describing the picture: what myst-nb writes when a
  // cell gives no alt text (the image's own path, such as "../_images/3f2a....png"). Prose
  // may contain a slash ("singular value / largest"), so a slash alone counts only in text
  // without spaces.
  const IMAGE_FILE = /\.(png|svg|jpe?g|gif|webp|bmp|pdf)$/i;
  function isFileName(alt, src) {
    const base = (value) => value.split(/[\/\\]/).pop();
    return alt === src || base(alt) === base(src) || IMAGE_FILE.test(alt)
      || alt.includes("_images/") || (!/\s/.test(alt) && /[\/\\]/.test(alt));
  }

  // A link tag that makes the browser contact a host (preconnect, prefetch, ...) without
  // a request that the Network domain reports.
  function offlineProblems() {
    const problems = [];
    for (const link of document.querySelectorAll("link[href]")) {
      const url = new URL(link.href, document.baseURI);
      if (/^(https?|wss?):$/.test(url.protocol) && url.host !== location.host) {
        problems.push({ element: path(link),
          message: `<link rel="${link.rel}"> points off the machine: ${url.href}` });
      }
    }
    return problems;
  }

  // --- Cut-off text ---------------------------------------------------------------------
  // A piece of text is "cut off" when part of it cannot be seen and the reader has no sign
  // that there is more. Walking up from the text to the column:
  //   * a box with overflow-x hidden or clip hides whatever lies beyond its padding edge;
  //   * a box with overflow-x auto or scroll that draws a visible scrollbar (one that takes
  //     room, so not switched off with scrollbar-width: none nor an overlay that appears only
  //     while scrolling): what lies beyond its edge is reachable, and the reader sees that
  //     there is more, so from there on only the scroll box itself must fit; without a
  //     visible scrollbar it counts as hiding its overflow. A scroll box in a cell's output
  //     (OUTPUT) is the exception: what lies beyond its edge is a problem, scrollbar or not,
  //     since a printed line or verdict must fit the column, unless the box holds only a
  //     table (holdsOnlyATable); a code cell's source may scroll;
  //   * a box with overflow-x visible lets the text spill out, to be judged further up.
  // Whatever still lies past the column's edge at the end is covered by the sidebar or cut
  // off by the page. Math and pictures are judged the same way as text. Each box is
  // reported once, with the first piece of text found cut off in it.
  function cutOffProblems(column) {
    const roles = new Map();
    const hidden = new Map();
    // A scrollbar the reader can see takes room below the box's content (classic scrollbars,
    // as Chromium draws them on Linux); overlay or switched-off scrollbars take none.
    const showsScrollbar = (el, style) => el.scrollWidth <= el.clientWidth
      || el.offsetHeight - el.clientHeight - parseFloat(style.borderTopWidth)
         - parseFloat(style.borderBottomWidth) > 0;
    const role = (el) => {
      if (!roles.has(el)) {
        const style = getComputedStyle(el);
        const x = style.overflowX;
        roles.set(el, (x === "auto" || x === "scroll")
          ? (showsScrollbar(el, style) ? "scrolls" : "clips")
          : (x === "hidden" || x === "clip") ? "clips" : "visible");
      }
      return roles.get(el);
    };
    // Text meant only for screen readers (clip: rect(...), as MathJax's assistive MathML).
    const forScreenReadersOnly = (el) => {
      if (!el || el === column) return false;
      if (!hidden.has(el)) {
        const style = getComputedStyle(el);
        hidden.set(el, style.clip !== "auto" || style.clipPath !== "none"
          || forScreenReadersOnly(el.parentElement));
      }
      return hidden.get(el);
    };
    const columnBox = column.getBoundingClientRect();
    const found = new Map();
    const report = (box, text, message) => {
      if (!found.has(box)) found.set(box, { element: describe(box, text), message });
    };

    const judge = (start, rect, text) => {
      let left = rect.left;
      let right = rect.right;
      for (let el = start; el && el !== column; el = el.parentElement) {
        const r = role(el);
        if (r === "visible") continue;
        const box = el.getBoundingClientRect();
        const padLeft = box.left + el.clientLeft;
        const padRight = padLeft + el.clientWidth;
        const beyond = right > padRight + TOLERANCE_PX || left < padLeft - TOLERANCE_PX;
        const over = Math.round(Math.max(right - padRight, padLeft - left));
        if (r === "clips" && beyond) {
          report(el, text, `text is cut off: ${over} px of it lie beyond the edge of this box, ` +
            "which hides its overflow (no scrollbar)");
          return;
        }
        if (r === "scrolls" && beyond && el.closest(OUTPUT) && !holdsOnlyATable(el)) {
          report(el, text, `output wider than its column: ${over} px of it lie beyond the edge ` +
            "of this box, out of sight until the reader scrolls sideways (wrap its lines)");
          return;
        }
        left = Math.max(left, padLeft);
        right = Math.min(right, padRight);
      }
      if (start.closest(OUTSIDE_COLUMN)) return;
      const over = Math.round(Math.max(right - columnBox.right, columnBox.left - left));
      if (over > TOLERANCE_PX) {
        const box = start.closest(TEXT_BOX) || start;
        report(box, text, `wider than its column: ${over} px run past the column's edge ` +
          "(hidden under the sidebar or cut off)");
      }
    };

    // Line by line, so that a report names the line that does not fit (a printed output is
    // one text node of many lines).
    for (const node of visibleTextNodes(column, "mjx-container")) {
      if (forScreenReadersOnly(node.parentElement)) continue;
      const range = document.createRange();
      let offset = 0;
      for (const line of node.nodeValue.split("\n")) {
        if (line.trim()) {
          range.setStart(node, offset);
          range.setEnd(node, offset + line.length);
          for (const rect of range.getClientRects()) {
            if (rect.width > 0) judge(node.parentElement, rect, line);
          }
        }
        offset += line.length + 1;
      }
    }
    // Typeset math is measured by its content (a display formula's mjx-container is as wide
    // as the column however long the formula), pictures by their box.
    const pictures = "mjx-container > mjx-math, mjx-container > svg, "
      + "img, svg, canvas, video, iframe";
    for (const el of column.querySelectorAll(pictures)) {
      if (el.parentElement.closest("svg, mjx-math") || forScreenReadersOnly(el)) continue;
      const rect = el.getBoundingClientRect();
      const text = el.localName === "img" ? el.alt : el.parentElement.textContent;
      if (rect.width > 0) judge(el.parentElement, rect, text);
    }
    return [...found.values()];
  }

  // --- Raw output -----------------------------------------------------------------------
  // What a notebook prints for an object it cannot show (its repr), and a folder of the
  // machine that built the book or of a virtual environment: a reader has no use for either.
  // Code cells' sources (.cell_input) are the reader's code, not output, and are not read.
  const RAW_REPR = [
    [/<[\w.]+ object at 0x[0-9a-fA-F]+>/, "an object's repr"],
    [/<IPython\.core\.[\w.]+[^>]*>?/, "an IPython display object's repr"],
    [/<matplotlib\.[\w.]+[^>]*>?/, "a matplotlib object's repr"],
    [/<Figure size \d+x\d+ with \d+ Axes>/, "a matplotlib figure's repr"],
  ];
  const MACHINE_PATHS = [
    [/(?:^|[^\w.~$-])\/(?:home|root|Users|tmp)\/[\w.-]/, "a folder of the build machine"],
    [/[A-Za-z]:\\Users\\/, "a folder of the build machine"],
    [/(?:^|[\s"'(`\/=])\.?venv[\/\\]|(?:site|dist)-packages[\/\\]/, "a virtual environment's folder"],
  ];
  const SOURCE_CODE = ".cell_input, script, style";

  function rawOutputProblems(column, machinePaths) {
    const problems = [];
    const patterns = [...RAW_REPR, ...MACHINE_PATHS, ...machinePaths
      .filter((folder) => folder && folder.length > 1)
      .map((folder) => [new RegExp(folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
        "a folder of the build machine"])];
    for (const node of visibleTextNodes(column, SOURCE_CODE)) {
      for (const [pattern, name] of patterns) {
        const match = node.nodeValue.match(pattern);
        if (match) {
          problems.push({ element: describe(node.parentElement, node.nodeValue),
            message: `raw output: ${name} is shown as text: "${snippet(match[0], 80)}"` });
          break;
        }
      }
    }
    return problems;
  }

  // --- Typographic dashes in inline code ------------------------------------------------
  // Inline code is meant to be copied; an en or em dash (or a minus sign) where a command or
  // an option has a hyphen would not run (a "--profile" turned into "\u2013profile").
  const TYPOGRAPHIC_DASH = /[\u2010-\u2015\u2212]/;
  function inlineCodeProblems(column) {
    const problems = [];
    for (const code of column.querySelectorAll("code")) {
      if (code.closest("pre, .highlight, mjx-container")) continue;
      const match = code.textContent.match(TYPOGRAPHIC_DASH);
      if (match && code.getClientRects().length) {
        problems.push({ element: describe(code),
          message: `inline code holds a typographic dash (U+${match[0].charCodeAt(0)
            .toString(16).toUpperCase().padStart(4, "0")}), not a hyphen: a reader who copies ` +
            "it gets a command that does not run" });
      }
    }
    return problems;
  }

  // --- Boxes wider than the column ------------------------------------------------------
  // An element (other than a table, which may scroll in its own box) whose box reaches past
  // the column's edge, where nothing between it and the column clips or scrolls it: its
  // edge is under the sidebar even when its text happens to fit.
  function wideElementProblems(column) {
    const problems = [];
    const columnBox = column.getBoundingClientRect();
    const contained = new Map();  // element -> whether a box between it and the column clips it
    const inOwnBox = (el) => {
      if (!el || el === column) return false;
      if (!contained.has(el)) {
        const x = getComputedStyle(el).overflowX;
        contained.set(el, x !== "visible" || inOwnBox(el.parentElement));
      }
      return contained.get(el);
    };
    const reported = new Set();
    for (const el of column.querySelectorAll("*")) {
      if (el.closest("table, mjx-container, svg, " + OUTSIDE_COLUMN)) continue;
      if (inOwnBox(el.parentElement)) continue;
      if ([...reported].some((wide) => wide.contains(el))) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const over = Math.round(Math.max(rect.right - columnBox.right, columnBox.left - rect.left));
      if (over > TOLERANCE_PX) {
        reported.add(el);
        problems.push({ element: describe(el),
          message: `element wider than its column: it is ${Math.round(rect.width)} px wide and ` +
            `${over} px of it run past the column's edge (only a table may be wider, in its ` +
            "own scroll box)" });
      }
    }
    return problems;
  }

  // --- Figure text as displayed ---------------------------------------------------------
  // A chapter figure's PNG records the height of its smallest text in the image's pixels
  // (a tEXt chunk named options.figureTextKey, written by rglib.chapters.figure_png). Shown
  // at the column's width, the image is scaled by its displayed over its natural width, and
  // so is that text; below options.minFigureTextPx a reader cannot read it. A PNG in a cell's
  // output or a figure that does not record the size cannot be judged, and is reported.
  function pngTextChunks(buffer) {
    const bytes = new Uint8Array(buffer);
    const signature = [137, 80, 78, 71, 13, 10, 26, 10];
    if (bytes.length < 8 || signature.some((value, i) => bytes[i] !== value)) return null;
    const view = new DataView(buffer);
    const latin1 = (start, end) => String.fromCharCode(...bytes.subarray(start, end));
    const chunks = {};
    for (let at = 8; at + 8 <= bytes.length;) {
      const length = view.getUint32(at);
      const type = latin1(at + 4, at + 8);
      const start = at + 8;
      const end = start + length;
      if (end > bytes.length) break;
      const zero = bytes.indexOf(0, start);
      if ((type === "tEXt" || type === "iTXt") && zero > start && zero < end) {
        const key = latin1(start, zero);
        if (type === "tEXt") {
          chunks[key] = latin1(zero + 1, end);
        } else if (bytes[zero + 1] === 0) {  // uncompressed iTXt: skip language and keyword
          const language = bytes.indexOf(0, zero + 3);
          const translated = bytes.indexOf(0, language + 1);
          chunks[key] = new TextDecoder().decode(bytes.subarray(translated + 1, end));
        }
      }
      if (type === "IEND") break;
      at = end + 4;  // the CRC
    }
    return chunks;
  }

  // Each PNG of the column with the text size its chunk records (NaN when none), as shown.
  async function figureTexts(column, key) {
    const figures = [];
    for (const img of column.querySelectorAll("img")) {
      const src = img.currentSrc || img.src;
      if (!src || !/\.png(?:$|[?#])|^data:image\/png/i.test(src)) continue;
      const shown = img.getBoundingClientRect().width;
      if (!shown || !img.naturalWidth) continue;
      let chunks = null;
      try {
        chunks = pngTextChunks(await (await fetch(src)).arrayBuffer());
      } catch (error) {
        chunks = null;
      }
      const recorded = chunks ? parseFloat(chunks[key]) : NaN;
      figures.push({ img, shown, recorded, displayed: recorded * shown / img.naturalWidth });
    }
    return figures;
  }

  function figureTextProblems(figures, key, minimumPx) {
    const problems = [];
    for (const { img, shown, recorded, displayed } of figures) {
      if (!Number.isFinite(recorded)) {
        if (img.closest(OUTPUT + ", figure")) {
          problems.push({ element: describe(img, img.alt),
            message: `figure does not record the size of its smallest text (no "${key}" in ` +
              "its PNG): draw it in a chapter that calls rglib.chapters.page.chapter_setup" });
        }
      } else if (displayed < minimumPx - 0.05) {
        problems.push({ element: describe(img, img.alt),
          message: `figure text too small: its smallest text is ${recorded.toFixed(1)} px in ` +
            `the ${img.naturalWidth} px wide image, shown ${Math.round(shown)} px wide, so ` +
            `${displayed.toFixed(1)} px on the page (at least ${minimumPx} px: fewer panels ` +
            "per row, a narrower figure or larger fonts)" });
      }
    }
    return problems;
  }

  // --- The results page -----------------------------------------------------------------
  function claimsTableProblems(column) {
    const problems = [];
    let tables = 0;
    for (const table of column.querySelectorAll("table")) {
      const header = table.tHead ? table.tHead.rows[0] : table.rows[0];
      if (!header) continue;
      const verdictColumn = [...header.cells]
        .findIndex((cell) => /verdict/i.test(cell.textContent));
      if (verdictColumn < 0) continue;
      tables += 1;
      const overWidth = Math.round(table.getBoundingClientRect().width
        - column.getBoundingClientRect().width);
      if (overWidth > TOLERANCE_PX) {
        problems.push({ element: path(table),
          message: `the claims table is ${overWidth} px wider than the column: a reader must ` +
            "scroll sideways to see its verdicts (fold the details, fewer columns)" });
      }
      const rows = [...table.rows]
        .filter((row) => row !== header && row.parentElement !== table.tHead);
      if (!rows.length) {
        problems.push({ element: path(table), message: "the claims table has no rows" });
      }
      rows.forEach((row, index) => {
        const cell = row.cells[verdictColumn];
        if (!cell || !cell.innerText.trim()) {
          problems.push({ element: describe(row, row.cells[0] ? row.cells[0].textContent : ""),
            message: `the claims table's row ${index + 1} has an empty verdict cell` });
        }
      });
    }
    if (!tables) {
      problems.push({ element: path(column),
        message: "no claims table: the results page has no table with a 'Verdict' column" });
    }
    return problems;
  }

  function links() {
    return [...document.querySelectorAll("a[href]")].map((a) => ({
      href: a.href, element: describe(a),
    }));
  }

  function ids() {
    return [...document.querySelectorAll("[id], a[name]")]
      .map((el) => el.id || el.getAttribute("name"));
  }

  // The figures the page shows: each <figure> that holds an <img>, by the image's alt text
  // and the figure's id (myst-nb's figure name), matched against the chapter's declared ones.
  function shownFigures() {
    return [...document.querySelectorAll("figure")]
      .filter((figure) => figure.querySelector("img"))
      .map((figure) => ({ alt: figure.querySelector("img").alt, id: figure.id }));
  }

  async function inspect(options) {
    const column = COLUMN_SELECTORS.map((s) => document.querySelector(s)).find(Boolean);
    const figures = await figureTexts(column, options.figureTextKey);
    const problems = [
      ...mathProblems(), ...imageProblems(), ...offlineProblems(), ...cutOffProblems(column),
      ...rawOutputProblems(column, options.machinePaths || []), ...inlineCodeProblems(column),
      ...wideElementProblems(column),
      ...figureTextProblems(figures, options.figureTextKey, options.minFigureTextPx),
      ...(options.claimsTable ? claimsTableProblems(column) : []),
    ];
    const measured = figures.filter((figure) => Number.isFinite(figure.displayed))
      .sort((a, b) => a.displayed - b.displayed);
    const smallestFigureText = measured.length
      ? { px: measured[0].displayed, element: describe(measured[0].img, measured[0].img.alt) }
      : null;
    return { problems, links: links(), ids: ids(), smallestFigureText, figures: shownFigures() };
  }

  return { settle, expand, inspect };
})();
