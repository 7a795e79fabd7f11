"""Every claim of the paper as code: where it is made, the criterion, and a measured verdict.

:data:`CLAIMS` lists the claims in the paper's order (:mod:`rglib.claims.catalogue`).
Each has an id, the paper reference, the claim in one sentence, the
criterion fixed in advance, the chapter that tests it, and a function that
measures it (a study of :mod:`rglib.studies`, from the cached artifacts of
:mod:`rglib.artifacts`, making those that are missing); :func:`claim` finds
one by id. :func:`evaluate` runs them for a profile and returns
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
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from tqdm import tqdm

from ..profiles import PROFILES, Profile, active_profile
from ..runtime.progress import show_progress
from ..runtime.validation import require_path
from ..studies.network import require_network
from .catalogue import CLAIMS, claim
from .core import (
    AGREES, DISAGREES, JUDGED, NOT_RUN, NOT_YET, PARTLY, VERDICTS, Claim, ClaimResult, Judgement,
    require_thresholds,
)

__all__ = [
    "AGREES", "CLAIMS", "DISAGREES", "JUDGED", "NOT_RUN", "NOT_YET", "PARTLY", "VERDICTS", "Claim",
    "ClaimResult", "Judgement", "claim", "evaluate", "load_results", "save_results",
]

def evaluate(
    profile: Profile | str | None = None,
    *,
    chapter: str | None = None,
    ids: Iterable[str] | None = None,
    thresholds: Mapping[str, Mapping[str, float]] | None = None,
    progress: bool | None = None,
    network: Sequence | None = None,
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
        they have to be made); default as in :mod:`rglib.runtime.progress`.
    network : list of RBM, optional
        A trained stack (layer 0 the single RBM, as
        :func:`rglib.artifacts.rbm_stack` returns it) to measure instead of
        the profile's own network; every selected claim must be one on the
        trained network (:attr:`Claim.measure_network`).

    Returns
    -------
    list of ClaimResult
    """
    if profile is not None and not isinstance(profile, (Profile, str)):
        raise TypeError(f"profile must be a Profile, a profile's name or None, got {type(profile).__name__}")
    if isinstance(profile, str) and profile not in PROFILES:
        raise ValueError(f"profile must be one of {sorted(PROFILES)} (or a Profile), got {profile!r}")
    if not isinstance(profile, Profile):
        profile = active_profile(profile)
    show_progress(progress)
    if isinstance(ids, (str, bytes)):
        raise TypeError(f"ids must be an iterable of claim ids, not a single string {ids!r}")
    selected = [claim(i) for i in ids] if ids is not None else list(CLAIMS)
    if chapter is not None:
        selected = [c for c in selected if c.chapter == chapter]
        if not selected:
            raise ValueError(f"no claim is tested in chapter {chapter!r}; chapters: "
                             f"{sorted({c.chapter for c in CLAIMS})}")
    thresholds = thresholds or {}
    if not isinstance(thresholds, Mapping):
        raise TypeError(
            f"thresholds must be a dict of claim id to {{name: value}}, got {type(thresholds).__name__}"
        )
    known = sorted(c.id for c in CLAIMS)
    for claim_id, changes in thresholds.items():  # all refused before any claim is measured
        if claim_id not in known:
            raise ValueError(
                f"thresholds names {claim_id!r}, which is not a claim; known ids: {known}"
            )
        item = claim(claim_id)
        require_thresholds(f"thresholds[{claim_id!r}]", changes)
        unknown = sorted(set(changes) - set(item.thresholds))
        if unknown:
            raise ValueError(f"thresholds[{claim_id!r}] names {unknown}, which claim {claim_id!r} "
                             f"does not have; it has {sorted(item.thresholds)}")
    if network is not None:  # all refused before any claim is measured
        network = require_network(network, profile)
        unmeasurable = [item.id for item in selected if item.measure_network is None]
        if unmeasurable:
            raise ValueError(f"network is measured only by the claims on the trained network; "
                             f"select those with ids ({unmeasurable} are not)")
    results = []
    with tqdm(selected, desc=f"claims ({profile.name})", unit="claim", disable=not show_progress(progress)) as bar:
        for item in bar:
            bar.set_postfix_str(item.id)
            results.append(item.evaluate(profile, thresholds.get(item.id), network))
    return results


def save_results(results: Iterable[ClaimResult], path: str | Path) -> None:
    """Write results as a JSON list to ``path``."""
    results = list(results)
    if not all(isinstance(r, ClaimResult) for r in results):
        raise TypeError("results must be ClaimResult objects, as evaluate() returns them")
    require_path("path", path).write_text(json.dumps([r.to_dict() for r in results], indent=1, sort_keys=True) + "\n")


def load_results(path: str | Path) -> list[ClaimResult]:
    """Read what :func:`save_results` wrote."""
    return [ClaimResult.from_dict(values) for values in json.loads(require_path("path", path).read_text())]

