"""Every claim of the paper as code: where it is made, the criterion, and a measured verdict.

:data:`CLAIMS` lists the claims in the paper's order (:mod:`rglib.claims.catalogue`).
Each has an id, the paper reference, the claim in one sentence, the
criterion fixed in advance, the chapter that tests it, and a function that
measures it from the cached artifacts of :mod:`rglib.artifacts` (making
those that are missing). :func:`evaluate` runs them for a profile and returns
:class:`ClaimResult` objects that round-trip through JSON; the book's
results page, the chapters' verdict boxes and ``python -m rglib claims`` are
all built from it.

Examples
--------
>>> from rglib import claims
>>> claims.claim("fig4-alignment").reference
'Sec. II A, Eq. 1, Fig. 4'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from tqdm import tqdm

from ..profiles import Profile, active_profile
from ..progress import show_progress
from .catalogue import CLAIMS
from .core import AGREES, DISAGREES, NOT_YET, PARTLY, VERDICTS, Claim, ClaimResult, Judgement

__all__ = [
    "AGREES", "CLAIMS", "DISAGREES", "NOT_YET", "PARTLY", "VERDICTS", "Claim", "ClaimResult", "Judgement",
    "claim", "evaluate", "load_results", "save_results",
]

_BY_ID = {c.id: c for c in CLAIMS}
if len(_BY_ID) != len(CLAIMS):
    raise RuntimeError("two claims share an id")


def claim(claim_id: str) -> Claim:
    """The claim with id ``claim_id``."""
    try:
        return _BY_ID[claim_id]
    except KeyError:
        raise ValueError(f"unknown claim id {claim_id!r}; known ids: {sorted(_BY_ID)}") from None


def evaluate(
    profile: Profile | str | None = None,
    *,
    chapter: str | None = None,
    ids: Iterable[str] | None = None,
    thresholds: Mapping[str, Mapping[str, float]] | None = None,
    progress: bool | None = None,
) -> list[ClaimResult]:
    """Measure and judge the claims for one profile.

    Parameters
    ----------
    profile : Profile or str, optional
        The profile (or its name); default: the active one (``RGLIB_PROFILE``).
    chapter : str, optional
        Only the claims tested in this chapter (file name without ``.md``).
    ids : iterable of str, optional
        Only these claims, in this order.
    thresholds : dict, optional
        ``{claim_id: {threshold_name: value}}``: criteria to use instead of
        the fixed ones (to see how far a verdict is from changing).
    progress : bool, optional
        A progress bar over the claims (and the artifacts' own bars when
        they have to be made); default as in :mod:`rglib.progress`.

    Returns
    -------
    list of ClaimResult
    """
    if not isinstance(profile, Profile):
        profile = active_profile(profile)
    selected = [claim(i) for i in ids] if ids is not None else list(CLAIMS)
    if chapter is not None:
        selected = [c for c in selected if c.chapter == chapter]
        if not selected:
            raise ValueError(f"no claim is tested in chapter {chapter!r}; chapters: "
                             f"{sorted({c.chapter for c in CLAIMS})}")
    thresholds = thresholds or {}
    for claim_id in thresholds:
        claim(claim_id)
    results = []
    with tqdm(selected, desc=f"claims ({profile.name})", unit="claim", disable=not show_progress(progress)) as bar:
        for item in bar:
            bar.set_postfix_str(item.id)
            results.append(item.evaluate(profile, thresholds.get(item.id)))
    return results


def save_results(results: Iterable[ClaimResult], path: str | Path) -> None:
    """Write results as a JSON list to ``path``."""
    Path(path).write_text(json.dumps([r.to_dict() for r in results], indent=1, sort_keys=True) + "\n")


def load_results(path: str | Path) -> list[ClaimResult]:
    """Read what :func:`save_results` wrote."""
    return [ClaimResult.from_dict(values) for values in json.loads(Path(path).read_text())]
