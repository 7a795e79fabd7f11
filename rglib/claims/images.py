"""The judges of the claims on the RBMs trained on image data (Sections II B-D, App. G 2).

The claims, declared in :mod:`rglib.claims.catalogue`, are tested with the
*same* criteria, and the same thresholds, as the corresponding Ising claims
of Section II A: the block-spin match of Fig. 1, the two Fourier claims of
Figs. 2 and 3 (judges of :mod:`rglib.claims.network`), and the overfitting
test of the training chapter (:func:`judge_generalization`). Fig. 9 (the
visible bias along the top visible singular vector) is new; its score,
``1 - |cos|`` against a random baseline, is judged with the thresholds of the
Fourier claim "hidden = coarse visible", which scores a ``1 - |cos|`` the same
way; it is tested on MNIST and on the Ising RBM. The evidence is measured in
:mod:`rglib.studies.images`.

A data set that is not on this machine (in practice Fashion-MNIST without
Debian's package) gives no verdict: ``not run here``, with the reason
(:func:`judged`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .. import artifacts
from ..datasets import DatasetUnavailableError
from ..profiles import Profile, require_profile
from ..studies.images import IMAGE_SETS, BiasEvidence, GeneralizationEvidence, Measured, Unavailable
from . import network
from .core import NOT_RUN, Judgement, three_way

__all__ = ["image_source", "judge_bias_alignment", "judge_generalization", "judged"]

_WHAT = {
    ("mnist", False): "MNIST digits",
    ("fashion-mnist", False): "Fashion-MNIST images",
    ("flowers", False): "TF Flowers photographs",
    ("flowers", True): "patches of scikit-image/scikit-learn photographs, a STAND-IN for TF Flowers",
    ("clouds", False): "SWIMSEG sky patches",
    ("clouds", True): "patches of synthetic power-law skies, a STAND-IN for SWIMSEG",
}


def image_source(profile: Profile, name: str) -> str:
    """What the claims about data set ``name`` rest on, in words (a stand-in is named as one)."""
    settings = require_profile(profile).images(name)
    try:
        train = artifacts.image_set(profile, name, "train")
    except DatasetUnavailableError as error:
        return f"{IMAGE_SETS[name]} is not on this machine ({error})"
    side, hidden = settings.side, settings.hidden_side
    return (f"RBM {side}²→{hidden}² trained {settings.epochs} epochs on {len(train.images):,} "
            f"{_WHAT[name, train.standin]}")


def judge_bias_alignment(evidence: BiasEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the visible bias's ``1 - |cos|`` is below ``agree`` x baseline; disagrees above ``disagree`` x."""
    ratio = evidence.visible.ratio
    verdict = three_way(ratio < thresholds["agree"], ratio > thresholds["disagree"])
    numbers = {"visible_cosine": evidence.visible.cosine, "visible_distance": evidence.visible.distance,
               "visible_random_distance": evidence.visible.random_distance, "visible_ratio": ratio,
               "hidden_cosine": evidence.hidden.cosine, "hidden_ratio": evidence.hidden.ratio,
               "rank_of_top_vector": evidence.rank_of_top,
               "best_aligned_vector": int(np.argmax(evidence.visible_cosines)) + 1,
               "best_cosine": float(np.max(evidence.visible_cosines))}
    return Judgement(verdict, f"|cos(b_v, u_1)| = {evidence.visible.cosine:.2f} "
                              f"(random {1 - evidence.visible.random_distance:.2f})", numbers)


def judge_generalization(evidence: GeneralizationEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the network neither overfits (the free-energy test of the Ising training chapter) nor
    reconstructs held-out images worse than predicting the mean training image would; disagrees if both
    fail; partly if one does."""
    free_energy = network.judge_no_overfitting(evidence, thresholds)
    no_gap = not free_energy.numbers["overfits"]
    learned = evidence.reconstruction_held_out < evidence.mean_image_error
    numbers = {**free_energy.numbers,
               "held_out_over_train_error": evidence.reconstruction_held_out / evidence.reconstruction_train,
               "mean_image_error": evidence.mean_image_error, "below_mean_image_error": learned}
    note = ("Patches of one photograph (sky) are correlated and the held-out patches come from other "
            "photographs (skies): the standard error is a lower bound, and a gap can reflect how those "
            "photographs differ as well as overfitting." if evidence.patches else "")
    key = (f"{free_energy.key_number}; reconstruction error held-out {evidence.reconstruction_held_out:.4f} "
           f"(mean image {evidence.mean_image_error:.4f}), training {evidence.reconstruction_train:.4f}")
    return Judgement(three_way(no_gap and learned, not no_gap and not learned), key, numbers, note)


def judged(judge: Callable[[Any, Mapping[str, float]], Judgement]) -> Callable[[Any, Mapping[str, float]], Judgement]:
    """``judge`` on :class:`rglib.studies.images.Measured` evidence, its key number marked when the data
    are a stand-in; ``not run here``, with the reason, when the data set is missing
    (:class:`rglib.studies.images.Unavailable`).

    Raises
    ------
    TypeError
        If ``judge`` is not callable.
    """
    if not callable(judge):
        raise TypeError(f"judge must be a judge of (evidence, thresholds), got {type(judge).__name__}")

    def judged_measure(measured: Measured | Unavailable, thresholds: Mapping[str, float]) -> Judgement:
        if isinstance(measured, Unavailable):
            return Judgement(NOT_RUN, "", {}, f"the data set is not on this machine: {measured.message}")
        judgement = judge(measured.evidence, thresholds)
        if not measured.standin:
            return judgement
        return dataclasses.replace(judgement, key_number=f"on STAND-IN data: {judgement.key_number}")
    return judged_measure
