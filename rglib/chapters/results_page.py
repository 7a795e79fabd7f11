"""The results page's table: every claim, grouped by the thesis it tests, decisive ones first.

The paper's argument has a few links, and its claims are not equally weighty: the
rows that decide the thesis (does the network overfit, are its effective
parameters fewer than its samples, is the hidden vector the coarse-grained
visible one, is the RG signature learned) matter more than the identities of
block-spin matrices that hold by construction. :data:`THESES` groups the claims
so, in order of importance; :func:`results_table` shows one narrow table per
group (claim, verdict here and at the paper's scale, key number, chapter), with
each claim's reference, criterion, data and paper-scale number folded under it,
so that the page reads at a desktop width without scrolling sideways.
:func:`paper_scale_provenance` says where the paper-scale column comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from IPython.display import Markdown

from ..claims.core import NOT_RUN, ClaimResult
from ..meta import precision
from ..meta.results_file import PaperResults, paper_verdict
from ..profiles import PROFILES
from .display import badge, checked_results
from .page import literal

__all__ = ["FINDINGS", "THESES", "Thesis", "findings", "grouped", "paper_scale_cell", "paper_scale_provenance",
           "results_table"]


@dataclass(frozen=True)
class Thesis:
    """One link of the paper's argument and the claims that test it, the decisive one first."""

    title: str
    question: str
    claims: tuple[str, ...]


#: The paper's argument, link by link, in order of importance; every claim of the catalogue
#: is in one group (a test checks it), and a claim added without a group is shown under
#: "Other claims" rather than left out.
THESES = (
    Thesis("Does the network overfit?",
           "The paper's title: with fewer effective parameters than samples, the network "
           "generalizes instead of memorising.",
           ("no-overfitting", "training-converged", "mnist-generalization",
            "fashion-generalization", "flowers-generalization", "clouds-generalization")),
    Thesis("Are the effective parameters fewer than the samples?",
           "The count that is meant to explain why it does not overfit.",
           ("count-measured", "count-below-samples", "footnote1-fraction", "count-arithmetic",
            "drop-irrelevant-modes")),
    Thesis("Is the hidden vector the coarse-grained visible one?",
           "The RG signature in the weights: low momenta kept, high momenta discarded.",
           ("fig2-hidden-is-coarse-visible", "fig18-19-every-layer",
            "fig8-mnist-hidden-is-coarse-visible", "fashion-hidden-is-coarse-visible",
            "fig11-flowers-hidden-is-coarse-visible", "fig13-clouds-hidden-is-coarse-visible",
            "fig2-3-low-momentum", "fig8-mnist-low-momentum", "fashion-low-momentum",
            "fig11-flowers-low-momentum", "fig13-clouds-low-momentum", "fig4-alignment",
            "mnist-data-subspace")),
    Thesis("Is the RG signature learned, or inherited from the starting weights?",
           "Whether training produces the signature at all, and what a large input needs.",
           ("rg-signature-learned", "flowers-200x200")),
    Thesis("Do the trained spectra look like block spins?",
           "The singular values and biases that the paper compares with coarse graining.",
           ("fig1-block-spin-match", "fig1-protocol", "fig5-6-steeper-with-depth", "fig7-mnist-singular-values",
            "fashion-singular-values", "fig10-flowers-singular-values",
            "fig12-clouds-singular-values", "fig9-biases", "fig9-biases-ising")),
    Thesis("Does the RGM speed up training?",
           "Weights computed from the data (Appendix C) as a start for training.",
           ("speedups-4-100", "table1-rgm-mnist", "table2-rgm-flowers", "table3-fashion-mnist",
            "block-spin-between", "rgm-late-training-images", "rgm-c10-block-spin-norms")),
    Thesis("Do the tests of Section III work?",
           "The independence, solvability and noise tests the paper proposes.",
           ("sec3-split-independence", "sec3-solvability", "sec3-noise-rejection")),
    Thesis("The renormalization group and the data themselves",
           "Identities of block-spin matrices and of the Ising samples, which hold by "
           "construction or by exact results.",
           ("ising-samples", "rg-momentum-space", "rg-2x2-blocks", "fig14-little-overlap",
            "fig17-large-overlap", "fig15-20-block-top-modes", "fig16-21-block-bottom-modes")),
)

OTHER = Thesis("Other claims", "Claims not yet placed in a group above.", ())


def grouped(results: Iterable[ClaimResult]) -> list[tuple[Thesis, list[ClaimResult]]]:
    """``results`` in the groups of :data:`THESES`, in their order; the rest under "Other claims".

    Parameters
    ----------
    results : list of ClaimResult
        As :func:`rglib.claims.evaluate` returns them.

    Returns
    -------
    list of (Thesis, list of ClaimResult)
        Each group that holds a result, with its results in the group's order.

    Raises
    ------
    TypeError
        If ``results`` is not a list of ClaimResult.
    """
    by_id = {result.id: result for result in checked_results(results)}
    groups = []
    for thesis in THESES:
        rows = [by_id.pop(claim_id) for claim_id in thesis.claims if claim_id in by_id]
        if rows:
            groups.append((thesis, rows))
    if by_id:
        groups.append((OTHER, list(by_id.values())))
    return groups


def paper_scale_cell(claim_id: str, paper: PaperResults | None) -> str:
    """The paper-scale verdict of a claim, short: a badge, or why there is none (MyST).

    Parameters
    ----------
    claim_id : str
        The claim.
    paper : PaperResults or None
        ``results/paper.json`` as loaded (None: there is no paper-scale run).

    Returns
    -------
    str
        A :func:`~rglib.chapters.display.badge`, or "not judged", "failed" or "not run".

    Raises
    ------
    TypeError
        If ``claim_id`` is not a str or ``paper`` not PaperResults or None.
    """
    if not isinstance(claim_id, str):
        raise TypeError(f"claim_id must be a claim's id (str), got {type(claim_id).__name__}")
    if _require_paper(paper) is None:
        return "not run"
    if claim_id in paper.claims:
        return badge(paper.claims[claim_id].verdict)
    return "failed" if claim_id in paper.failed_claims else "not judged"


def paper_scale_provenance(paper: PaperResults | None, study: Mapping | None) -> str:
    """What the paper-scale column is: where it was run, in which precision, from which commit.

    Parameters
    ----------
    paper : PaperResults or None
        ``results/paper.json`` as loaded (None: there is no paper-scale run).
    study : dict or None
        The precision study, ``results/precision.json`` as :func:`rglib.meta.precision.load`
        returns it (None: not run).

    Returns
    -------
    str
        MyST text: each run's chapters and provenance, how many claims they
        judged, and what the precision study says about TF32.

    Raises
    ------
    TypeError
        If ``paper`` is not PaperResults or None, or ``study`` not a precision study or None.
    """
    counts = None if study is None else precision.summary(study)  # which checks ``study``
    if _require_paper(paper) is None:
        return ("**The paper-scale column** is empty: no run at the paper's scale is recorded "
                "(`results/paper.json` is absent).")
    runs = ". ".join(_run_text(paper, index) for index in range(len(paper.runs)))
    judged, failed = len(paper.claims), len(paper.failed_claims)
    text = (f"**The paper-scale column** comes from `python -m rglib results --profile paper`, "
            f"recorded in `results/paper.json`: {_count(len(paper.runs), 'run')}, each claim judged "
            f"by one. {runs}. Together they judged {judged} claims"
            f"{f' ({failed} failed)' if failed else ''}; a row that no run judged says why.")
    if counts is None:
        return text + " Whether TF32 moves a verdict has not been measured (no precision study)."
    changed = ", ".join(f"`{claim}`" for claim in counts["claims_with_changed_verdicts"])
    return (text + f" The precision study of the {{doc}}`training chapter <training>` "
            f"({counts['seeds']} seeds of the `{study['profile']}` network, {counts['device']}) "
            f"found {counts['moved']} of {counts['measures']} measures moved by more than their "
            f"seed spread in TF32, and verdicts that changed for some seed in "
            f"{changed or 'no claim'}: read those rows of the paper-scale column with that in mind.")


def _run_text(paper: PaperResults, index: int) -> str:
    """One run of the results file: the chapters it judged, its network, where and how it ran."""
    p = paper.runs[index]
    chapters = ", ".join(f"{{doc}}`{chapter}`" for chapter in paper.run_chapters(index))
    sizes = PROFILES.get(p["profile"]) if index == paper.layers_run else None
    network = ("" if sizes is None else
               f", on the {sizes.ising.lattice_size} × {sizes.ising.lattice_size} → "
               f"{sizes.rbm.hidden_size} × {sizes.rbm.hidden_size} Ising RBM "
               f"({sizes.ising.n_samples:,} samples, {sizes.rbm.epochs:,} epochs)")
    precision_words = ("TF32, inputs rounded to a 10-bit mantissa" if p["precision"] == "tf32"
                       else p["precision"].upper())
    return (f"The claims of {chapters or 'no chapter'}{network}: {paper.provenance_line(index)}; "
            f"matrix products in {precision_words}")


def _count(number: int, noun: str) -> str:
    return f"one {noun}" if number == 1 else f"{number} {noun}s"


def _require_paper(paper: PaperResults | None) -> PaperResults | None:
    """``paper``, checked to be PaperResults or None."""
    if paper is not None and not isinstance(paper, PaperResults):
        raise TypeError("paper must be PaperResults (rglib.meta.results_file.load()) or None, "
                        f"got {type(paper).__name__}")
    return paper


def _details(result: ClaimResult, paper: PaperResults | None) -> str:
    """The folded part of a claim's row: reference, criterion, data, paper-scale number."""
    scale = paper_verdict(result.id, paper)
    lines = [f"*Paper:* {result.reference}.", f"*Criterion:* {result.criterion}",
             f"*Data:* `{result.profile}`: {result.data_source}",
             f"*Paper scale:* {scale}."]
    if result.verdict == NOT_RUN:  # the loader's message: literal text, not markup
        lines.append(f"*Why not run here:* {literal(result.note)}")
    elif result.note:
        lines.append(f"*Note:* {result.note}")
    body = "\n\n".join(lines)
    return f":::{{dropdown}} Details\n:animate: fade-in\n\n{body}\n:::"


def _indent(text: str, spaces: int = 4) -> str:
    return "\n".join((" " * spaces + line) if line.strip() else "" for line in text.split("\n"))


def _row(result: ClaimResult, paper: PaperResults | None) -> str:
    claim = f"{result.statement}\n\n{_details(result, paper)}"
    start = (f"\n\n{badge(result.control_verdict)} for the starting weights"
             if result.control_verdict else "")
    verdict = (f"{badge(result.verdict)} here{start}\n\n"
               f"{paper_scale_cell(result.id, paper)} at the paper's scale")
    chapter = f"{{doc}}`{result.chapter}`" if result.chapter else "—"
    cells = [claim, verdict, result.key_number or "—", chapter]
    first, *rest = (_indent(cell) for cell in cells)
    return "\n".join(["* - " + first.lstrip(), *("  - " + cell.lstrip() for cell in rest)])


def results_table(results: Iterable[ClaimResult], paper: PaperResults | None) -> Markdown:
    """Every claim in one narrow table per group of :data:`THESES`, details folded.

    Parameters
    ----------
    results : list of ClaimResult
        As :func:`rglib.claims.evaluate` returns them.
    paper : PaperResults or None
        ``results/paper.json`` as :func:`rglib.meta.results_file.load` returns it (None:
        there is no paper-scale run).

    Returns
    -------
    IPython.display.Markdown
        MyST: per group, its question in bold, a sentence, and a ``list-table``
        with the columns Claim (the statement, with a folded dropdown of the
        paper's reference, the criterion, the data and the paper-scale number),
        Verdict (here and at the paper's scale), Key number and Chapter. A cell
        that shows it needs ``mystnb: {markdown_format: myst}``.

    Raises
    ------
    TypeError
        If ``results`` is not a list of ClaimResult, or ``paper`` not PaperResults or None.
    """
    groups = grouped(results)  # which checks ``results``
    _require_paper(paper)
    blocks = []
    for number, (thesis, rows) in enumerate(groups, start=1):
        table = "\n".join(_row(result, paper) for result in rows)
        blocks.append(
            f"**{number}. {thesis.title}** {thesis.question}\n\n"
            f"````{{list-table}}\n:header-rows: 1\n:widths: 50 18 18 14\n:class: claims-table\n\n"
            f"* - Claim\n  - Verdict\n  - Key number\n  - Chapter\n{table}\n````\n"
        )
    return Markdown("\n".join(blocks))


def _number(result: ClaimResult | None, name: str, spec: str = ".2f") -> str | None:
    """``result.numbers[name]`` formatted, or None when there is no such number."""
    if result is None or not isinstance(result.numbers.get(name), (int, float)):
        return None
    return format(result.numbers[name], spec)


def _gap_why(here: Mapping[str, ClaimResult], paper: Mapping[str, ClaimResult]) -> str:
    ratios = [f"{value} of the largest {where}" for value, where in (
        (_number(here.get("fig1-block-spin-match"), "trained_min_over_max"), "here"),
        (_number(paper.get("fig1-block-spin-match"), "trained_min_over_max"),
         "at the paper's scale")) if value is not None]
    if not ratios:
        return ""
    return ("*Why:* the trained singular values fall slowly, the smallest to "
            f"{' and '.join(ratios)}, so no mode is small enough to drop by the paper's rule "
            "(the paper keeps 200 of 1,600); the count of effective parameters stays near the "
            "count of weights.")


def _symmetry_why(here: Mapping[str, ClaimResult], paper: Mapping[str, ClaimResult]) -> str:
    return ("*Why:* relabelling the hidden units changes nothing in training, so nothing ties a "
            "hidden unit to a lattice site unless the starting weights do; from a random start "
            "a hidden singular vector has no spatial structure to be a coarse-grained copy of "
            "the visible one (the permutation argument of the {doc}`Fourier chapter <fourier>`).")


def _inherited_why(here: Mapping[str, ClaimResult], paper: Mapping[str, ClaimResult]) -> str:
    result = here.get("rg-signature-learned")
    outcomes = result.numbers.get("outcomes") if result is not None else None
    if not isinstance(outcomes, Mapping) or not outcomes:
        return ""
    listed = "; ".join(f"`{name}`: {outcome}" for name, outcome in outcomes.items())
    return (f"Per measure of the signature: {listed}. *Inherited* means a block-spin or RGM "
            "start carries it from epoch 0 and no Xavier or small random start reaches it: the "
            "RG signature of the trained weights is a property of their starting weights.")


def _no_why(here: Mapping[str, ClaimResult], paper: Mapping[str, ClaimResult]) -> str:
    return ""


#: The findings at the top of the results page, in order of importance: the claim that
#: decides each link of the thesis, and a sentence on why it comes out as it does.
FINDINGS = (
    ("no-overfitting", "Does the network overfit?", _no_why),
    ("count-measured", "Are the effective parameters fewer than the samples?", _gap_why),
    ("fig2-hidden-is-coarse-visible", "Is the hidden vector the coarse-grained visible one?",
     _symmetry_why),
    ("rg-signature-learned", "Is the RG signature learned?", _inherited_why),
    ("fig4-alignment", "Do the top singular vectors span the data's principal subspace?",
     _no_why),
    ("fig15-20-block-top-modes", "Do block spins discard high momenta (the RG itself)?", _no_why),
)


def findings(results: Iterable[ClaimResult], paper: PaperResults | None) -> Markdown:
    """What the book found, link by link of the thesis: verdicts here and at the paper's scale.

    Parameters
    ----------
    results : list of ClaimResult
        As :func:`rglib.claims.evaluate` returns them (this build's profile).
    paper : PaperResults or None
        ``results/paper.json`` as loaded (None: there is no paper-scale run).

    Returns
    -------
    IPython.display.Markdown
        MyST: one item per entry of :data:`FINDINGS` whose claim is among
        ``results``, with the question, the verdict and key number of this build
        and of the paper-scale run, a sentence on why, and a link to the chapter.

    Raises
    ------
    TypeError
        If ``results`` is not a list of ClaimResult, or ``paper`` not PaperResults or None.
    """
    here = {result.id: result for result in checked_results(results)}
    scale = _require_paper(paper).claims if paper is not None else {}
    items = []
    for claim_id, question, why in FINDINGS:
        if claim_id not in here:
            continue
        result = here[claim_id]
        at_scale = (f"{badge(scale[claim_id].verdict)} {scale[claim_id].key_number}"
                    if claim_id in scale else paper_scale_cell(claim_id, paper))
        items.append(
            f"- **{question}** Here (`{result.profile}`): {badge(result.verdict)} "
            f"{result.key_number}. At the paper's scale: {at_scale}. "
            f"{why(here, scale)} See {{doc}}`{result.chapter}`.".replace("  ", " "))
    return Markdown("\n".join(items) + "\n")
