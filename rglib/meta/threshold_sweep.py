"""How much a verdict can be trusted: the verdicts with each threshold halved and doubled.

:func:`threshold_sweep` re-judges claims from the same evidence with one
threshold at a time changed, so a reader sees how far each verdict is from
changing. The spread over seeds is measured on a GPU by
:mod:`rglib.meta.precision`, the dependence on training length by
:mod:`rglib.meta.training_length`.
"""

from __future__ import annotations

from .. import claims
from ..profiles import Profile, require_profile
from ..runtime.validation import require_real

#: The two changes of every threshold, as factors.
FACTORS = {"half": 0.5, "double": 2.0}


def scaled_threshold(value: float, factor: float) -> float:
    """``value * factor``; a count (an integer above 1) stays an integer, rounded to the nearest.

    Examples
    --------
    >>> scaled_threshold(0.8, 0.5), scaled_threshold(4, 0.5), scaled_threshold(1, 2.0)
    (0.4, 2, 2.0)
    """
    value, factor = require_real("value", value), require_real("factor", factor)
    if factor <= 0:
        raise ValueError(f"factor must be positive, got {factor}")
    scaled = value * factor
    return round(scaled) if float(value).is_integer() and value > 1 else scaled


def threshold_sweep(profile: Profile, ids: list[str]) -> dict[str, dict[str, dict[str, str]]]:
    """``{claim: {threshold: {"half": verdict, "fixed": verdict, "double": verdict}}}``.

    Claims without thresholds are left out; the evidence of each claim is
    measured once (it is cached in memory by :mod:`rglib.claims`).
    """
    require_profile(profile)
    if isinstance(ids, (str, bytes)) or not hasattr(ids, "__iter__"):
        raise TypeError(f"ids must be a list of claim ids, got {ids!r}")
    items = [claims.claim(claim_id) for claim_id in ids]  # all checked before any is measured
    sweep = {}
    for item in items:
        if not item.thresholds:
            continue
        fixed = item.evaluate(profile).verdict
        sweep[item.id] = {
            name: {"fixed": fixed, **{label: item.evaluate(profile, {name: scaled_threshold(value, factor)}).verdict
                                      for label, factor in FACTORS.items()}}
            for name, value in item.thresholds.items()
        }
    return sweep
