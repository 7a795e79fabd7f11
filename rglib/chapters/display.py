"""The claims as the book shows them: verdict boxes, the results table, the profile banner.

Each function that shows a block (a box, a table, a list) returns an
:class:`IPython.display.Markdown` object holding MyST markdown; a chapter cell
that shows one needs the cell metadata ``mystnb: {markdown_format: myst}`` so
that the admonitions and roles render. :func:`training_length_table` shows the
verdicts of :mod:`rglib.meta.training_length` at each length of training. The results
page's table is :func:`rglib.chapters.results_page.results_table`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from IPython.display import Markdown

from ..profiles import PROFILES, Profile, active_profile, require_profile, summed_step
from ..meta import training_length
from ..meta.results_file import PaperResults, paper_verdict
from ..meta.results_file import load as load_paper_results
from ..claims import evaluate
from ..claims.core import AGREES, DISAGREES, INHERITED, NOT_RUN, NOT_YET, PARTLY, VERDICTS, ClaimResult
from .page import literal

_BADGE = {AGREES: "bdg-success", PARTLY: "bdg-warning", DISAGREES: "bdg-danger", NOT_YET: "bdg-secondary",
          NOT_RUN: "bdg-secondary-line"}

PROFILE_MEANING = {
    "ci": ("the small profile sized for a 2-core CPU: its RBM maps {L}×{L} to {Lh}×{Lh} and trains for "
           "{epochs} epochs on {samples:,} Ising samples at learning rate {lr:g} (summed step size {steps:g}, "
           "against the paper's {paper_steps:g}). Its verdicts are about this small network, not the paper's."),
    "paper": ("the paper's own sizes: its RBM maps {L}×{L} to {Lh}×{Lh} and trains for {epochs} epochs "
              "on {samples:,} Ising samples at learning rate {lr:g} (summed step size {steps:g})."),
}


def badge(verdict: str) -> str:
    """A coloured MyST badge for a verdict."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, got {verdict!r}")
    return f"{{{_BADGE[verdict]}}}`{verdict}`"


def profile_description(profile: Profile) -> str:
    """One sentence on what ``profile`` is."""
    if require_profile(profile).name not in PROFILE_MEANING:
        raise ValueError(f"profile must be named one of {sorted(PROFILE_MEANING)}, got {profile.name!r}")
    return PROFILE_MEANING[profile.name].format(
        L=profile.ising.lattice_size, Lh=profile.rbm.hidden_size, epochs=profile.rbm.epochs,
        samples=profile.ising.n_samples, lr=profile.rbm.learning_rate, steps=summed_step(profile),
        paper_steps=summed_step(PROFILES["paper"]))


def profile_banner(profile: Profile | None = None) -> Markdown:
    """An admonition naming the profile that built this copy of the book, and what it means.

    Parameters
    ----------
    profile : Profile, optional
        Default: the active profile (:func:`rglib.profiles.active_profile`).

    Returns
    -------
    IPython.display.Markdown
        A MyST warning admonition with :func:`profile_description`.

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile.
    ValueError
        If the profile is not one the book describes.
    """
    profile = active_profile() if profile is None else profile
    description = profile_description(profile)  # which checks ``profile``
    others = ", ".join(f"`{name}`" for name in PROFILES if name != profile.name)
    return Markdown(
        f":::{{admonition}} This copy of the book was built with the `{profile.name}` profile\n"
        f":class: warning\n\n"
        f"`{profile.name}` is {description} Other profiles: {others} "
        f"(choose with `RGLIB_PROFILE`; see the introduction).\n:::\n"
    )


def _paper_scale(claim_id: str, paper: PaperResults | None) -> str:
    """The paper-scale outcome of a claim (from ``results/paper.json``) as MyST text."""
    if paper is not None and claim_id in paper.claims:
        result = paper.claims[claim_id]
        number = f": {result.key_number}" if result.key_number else ""
        return f"{badge(result.verdict)}{number}"
    return paper_verdict(claim_id, paper)


def _line(result: ClaimResult, paper: PaperResults | None) -> str:
    number = f" *This build:* {result.key_number}." if result.key_number else ""
    note = literal(result.note).replace("|", "\\|") if result.verdict == NOT_RUN else result.note
    reason = f" ({note})" if result.verdict in (NOT_YET, NOT_RUN) and result.note else ""
    scale = "" if result.verdict == NOT_YET else f" *Paper scale:* {_paper_scale(result.id, paper)}"
    control = f" *Starting weights, same criterion:* {badge(result.control_verdict)}." if result.control_verdict else ""
    inherited = f" ({result.note})" if result.note.startswith(INHERITED) else ""
    return (f"- {badge(result.verdict)} **{result.reference}.** {result.statement}{number}{reason}"
            f"{inherited}{control}{scale}")


def paper_scale_note(paper: PaperResults | None = None) -> str:
    """Where the paper-scale verdicts come from, or that there are none yet.

    Parameters
    ----------
    paper : PaperResults, optional
        Default: ``results/paper.json`` (:func:`rglib.meta.results_file.load`).

    Returns
    -------
    str
        One or two sentences of MyST text.

    Raises
    ------
    TypeError
        If ``paper`` is not PaperResults or None.
    """
    if paper is not None and not isinstance(paper, PaperResults):
        raise TypeError(
            f"paper must be PaperResults (rglib.meta.results_file.load()) or None, got {type(paper).__name__}"
        )
    return _scale_note(paper if paper is not None else load_paper_results())


def _scale_note(paper: PaperResults | None) -> str:
    """:func:`paper_scale_note` of the results file as loaded (None: there is none)."""
    if paper is None:
        return ("No run at the paper's scale is recorded yet (`results/paper.json` is absent): "
                "the paper-scale verdicts read \"not yet run at the paper's scale\".")
    runs = "; ".join(
        f"{', '.join(paper.run_chapters(index)) or 'the Ising layers'}: {paper.provenance_line(index)}"
        for index in range(len(paper.runs)))
    return (f"The *paper scale* verdicts come from `results/paper.json`, {_run_count(len(paper.runs))} "
            f"({runs}). They are the output of `python -m rglib results --profile paper`, not of this build.")


def _run_count(runs: int) -> str:
    return "one run" if runs == 1 else f"{runs} runs, each claim judged by one"


def verdict_box(chapter: str, profile: Profile | None = None) -> Markdown:
    """The verdicts of one chapter's claims, in a highlighted box for the top of the chapter.

    Parameters
    ----------
    chapter : str
        The chapter's name (its file name without ``.md``).
    profile : Profile, optional
        Default: the active profile.

    Returns
    -------
    IPython.display.Markdown
        A MyST admonition: each claim's verdict, this build's key number and
        the paper-scale verdict (``results/paper.json``).

    Raises
    ------
    TypeError
        If ``chapter`` is not a str or ``profile`` not a Profile.
    ValueError
        If no claim is tested in ``chapter``.
    """
    if not isinstance(chapter, str):
        raise TypeError(f"chapter must be a chapter's name (str), got {type(chapter).__name__}")
    profile = active_profile() if profile is None else require_profile(profile)
    results = evaluate(profile, chapter=chapter)
    paper = load_paper_results()
    lines = "\n".join(_line(r, paper) for r in results)
    return Markdown(
        f":::{{admonition}} Verdicts of this chapter (profile `{profile.name}`)\n:class: important\n\n"
        f"{lines}\n\n{_scale_note(paper)} "
        f"The criteria, fixed before the runs, and the details are at the end of the chapter; "
        f"every verdict of the book is on the {{doc}}`results page <results>`.\n:::\n"
    )


def verdict_counts(results: Iterable[ClaimResult]) -> dict[str, int]:
    """How many results have each verdict."""
    results = checked_results(results)
    return {verdict: sum(r.verdict == verdict for r in results) for verdict in VERDICTS}


def training_length_table(study: Mapping) -> Markdown:
    """Per claim, its verdict metric and verdict at each length of training, and how the metric moves.

    Parameters
    ----------
    study : dict
        A training-length study, as :func:`rglib.meta.training_length.run` returns it.

    Returns
    -------
    IPython.display.Markdown
        A MyST table: one row per claim of
        :data:`rglib.meta.training_length.METRICS`, with the metric and the
        side of the paper's claim, its value and verdict (a :func:`badge`) at
        each summed step size, and its movement between the two compared lengths.

    Raises
    ------
    TypeError
        If ``study`` is not what :func:`rglib.meta.training_length.run` returns.
    """
    training_length.require_study(study)
    steps = " | ".join(f"{step:g}" for step in study["steps"])
    first, last = (f"{step:g}" for step in study["compare"])
    lines = [f"| claim | verdict metric (paper's side) | {steps} | metric from {first} to {last} |",
             "|---|---|" + "---|" * len(study["steps"]) + "---|"]
    for row in study["rows"]:
        side = "larger" if row["paper_side"] > 0 else "smaller"
        cells = " | ".join(f"{value:.3g} {badge(verdict)}"
                           for value, verdict in zip(row["values"], row["verdicts"]))
        lines.append(f"| `{row['claim']}` | {row['metric']} ({side}) | {cells} | "
                     f"{row['movement']} |")
    return Markdown("\n".join(lines) + "\n")


def checked_results(results: Iterable[ClaimResult]) -> list[ClaimResult]:
    """``results`` as a list, checked to hold ClaimResult objects.

    Raises
    ------
    TypeError
        If ``results`` is not an iterable of ClaimResult (a str, a single result, None).
    """
    if isinstance(results, (str, bytes, ClaimResult)) or not isinstance(results, Iterable):
        raise TypeError(
            f"results must be a list of ClaimResult (as evaluate() returns), got {type(results).__name__}"
        )
    results = list(results)
    if not all(isinstance(r, ClaimResult) for r in results):
        raise TypeError("results must hold only ClaimResult objects, as evaluate() returns them")
    return results
