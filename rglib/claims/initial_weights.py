"""The judges of the claims on initial weights: the RG signature learned or inherited, and large inputs (Sec. II C).

Both rest on :mod:`rglib.studies.initial_weights`, whose criteria were fixed before any run
(issue 7): the outcome of each measure of the signature (:func:`rglib.studies.initial_weights.classify`)
and the convergence of a large-input run (:func:`rglib.studies.initial_weights.convergence`).
The evidence is :func:`rglib.studies.initial_weights.signature_study`, its measures judged by
their claims (``rglib.claims.catalogue.SIGNATURE_JUDGES``), and
:func:`rglib.studies.initial_weights.large_inputs`.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import artifacts
from ..studies import initial_weights
from ..profiles import Profile, require_profile
from .core import Judgement, three_way

__all__ = ["PAPER_COMMAND", "judge_large_inputs", "judge_learned", "large_inputs_source", "signature_source"]

#: The command that runs the paper-size (200 x 200) experiment, on a GPU.
PAPER_COMMAND = "RGLIB_DEVICE=gpu python -m rglib claims --profile paper --ids flowers-200x200"


def signature_source(profile: Profile) -> str:
    """What the signature claim rests on, in words (TypeError if ``profile`` is not a Profile)."""
    sizes = initial_weights.study_sizes(require_profile(profile))
    sides = "→".join(f"{side}²" for side in profile.rbm.stack_sides)
    images = "all" if sizes.mnist_images is None else f"{sizes.mnist_images:,} of the"
    return (f"Ising stack {sides} trained {sizes.ising_epochs:,} epochs per layer (the profile's network: "
            f"{profile.rbm.epochs:,}) and MNIST RBM {profile.mnist.side}²→{profile.mnist.hidden_side}² "
            f"trained {sizes.mnist_epochs:,} epochs on {images} training images, each from Xavier, small "
            f"random (σ = 1e-3), block-spin and RGM weights, one seed each")


def judge_learned(evidence: initial_weights.SignatureStudy, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if every measure is learned from every start; disagrees if none is; partly otherwise."""
    outcomes = evidence.outcomes
    learned = [name for name, outcome in outcomes.items() if outcome == "learned"]
    verdict = three_way(len(learned) == len(outcomes), not learned)
    counts = {outcome: sum(value == outcome for value in outcomes.values()) for outcome in initial_weights.OUTCOMES}
    key = ", ".join(f"{count} {outcome}" for outcome, count in counts.items() if count)
    return Judgement(verdict, f"of {len(outcomes)} measures: {key}", {"outcomes": outcomes, **counts})


def large_inputs_source(profile: Profile) -> str:
    """What the large-input claim rests on, in words (TypeError if ``profile`` is not a Profile)."""
    side = initial_weights.large_input_side(require_profile(profile))
    return (f"flowers RBM {side}²→{side // 2}² trained {initial_weights.large_input_epochs(profile)} epochs "
            f"from Xavier, block-spin and RGM weights (one seed each) on "
            f"{'the flowers STAND-IN' if artifacts.image_set(profile, 'flowers', 'test').standin else 'TF Flowers'}")


def judge_large_inputs(evidence: initial_weights.LargeInputs, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if Xavier fails to converge and block-spin converges; disagrees if Xavier converges."""
    outcome = {start: evidence.convergence(start) for start in ("xavier", "block-spin", "rgm")}
    xavier, block = outcome["xavier"].converged, outcome["block-spin"].converged
    verdict = three_way(not xavier and block, xavier)
    where = f"side {evidence.side}" + ("" if evidence.side == 200 else " (not 200)")
    data = "the flowers STAND-IN" if evidence.standin else "TF Flowers"
    runs = "; ".join(f"{name} {result.outcome}" for name, result in outcome.items())
    key = f"{where} on {data}, {evidence.epochs} epochs: {runs}"
    if evidence.side != 200:
        key += f". The 200 × 200 run needs a GPU: {PAPER_COMMAND}"
    numbers = {"side": evidence.side, "epochs": evidence.epochs, "standin": evidence.standin,
               "baseline": evidence.baseline, "seconds": evidence.seconds,
               **{f"{name}_converged": result.converged for name, result in outcome.items()},
               **{f"{name}_final_error": float(evidence.run(name).errors[-1]) for name in outcome}}
    return Judgement(verdict, key, numbers)
