"""Every claim of the paper, one entry each, in the order of the paper.

Each criterion below was fixed before its measurement was run; those that
the chapters used before this module existed are unchanged. Claims that a
later issue takes up are listed with the reason they are not reproduced yet.

This is the only place a claim is declared: its statement, paper reference,
criterion, chapter, evidence (from :mod:`rglib.studies`), judge and
thresholds. :func:`claim` looks one up by id; :data:`SIGNATURE_JUDGES` hands
the claims' judges down to :mod:`rglib.studies.initial_weights`, whose measures
are judged by their own claims.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..profiles import Profile
from ..studies import counting as counting_study
from ..studies import images as images_study
from ..studies import initial_weights as initial_weights_study
from ..studies import mode_dropping as mode_dropping_study
from ..studies import network as network_study
from ..studies import protocol as protocol_study
from ..studies import rg_theory as rg_theory_study
from ..studies import rgm_machine as rgm_machine_study
from ..studies import sampling as sampling_study
from ..studies import section3 as section3_study
from ..studies import speedups as speedups_study
from . import (
    counting, images, initial_weights, mode_dropping, network, protocol, rg_theory, rgm_machine, sampling,
    section3, speedups,
)
from .core import AGREES, Claim, plain


def _sampler_source(profile: Profile) -> str:
    ising = profile.ising
    return (f"own Metropolis/Wolff sampler: {ising.validation_lattice_size}² validation scan, "
            f"{ising.n_samples:,} samples of {ising.lattice_size}² at T = {ising.temperature:g}")


def _block_spin_source(profile: Profile) -> str:
    L = profile.ising.lattice_size
    return f"block-spin matrices {L}²→{L // 2}² (exact, no training)"


def _stack_source(profile: Profile) -> str:
    sides = "→".join(f"{side}²" for side in profile.rbm.stack_sides)
    return f"greedy RBM stack {sides}, {profile.rbm.epochs} epochs per layer"


#: How a trained weight's effective parameters are counted (Sec. II A, ideas 1-3): singular values of
#: at least ``cut`` of the largest (the paper's 20 %), Fourier modes up to the last radial mode where
#: the kept vectors' rms spectrum is at least ``spectrum_floor`` of its peak (a convention fixed before
#: any run, :func:`rglib.analysis.parameters.effective_parameters`).
COUNT_CONVENTIONS = {"cut": 0.2, "spectrum_floor": 0.05}

_PAPER_NUMBERS = "the paper's own numbers (80² → 40², 200 kept, cutoff mode 10)"


def _start(measure_network: Callable[[Sequence[Any], Profile], Any]) -> Callable[[Profile], Any]:
    """A claim's control: ``measure_network`` of the untrained stack the profile's network starts from."""
    return lambda profile: measure_network(network_study.start_network(profile), profile)


def _claim_thresholds(claim_id: str) -> Mapping[str, float]:
    """The thresholds of claim ``claim_id``."""
    return claim(claim_id).thresholds


def _judge_by_claim(claim_id: str, evidence: Any) -> dict[str, Any]:
    """Claim ``claim_id``'s judgement of ``evidence`` with its own thresholds, as plain JSON values."""
    item = claim(claim_id)
    judgement = item.judge(evidence, item.thresholds)
    return {"verdict": judgement.verdict, "key_number": judgement.key_number,
            "numbers": plain(dict(judgement.numbers)), "note": judgement.note}


#: The claims' judges, as :mod:`rglib.studies.initial_weights` takes them: each measure of the
#: signature study judged by its own claim, with the claim's thresholds.
SIGNATURE_JUDGES = initial_weights_study.ClaimJudges(_claim_thresholds, _judge_by_claim, AGREES)


def _signature_evidence(profile: Profile) -> initial_weights_study.SignatureStudy:
    return initial_weights_study.signature_study(profile, SIGNATURE_JUDGES)


# ------------------------------------------------------- the image claims
#: Fig. 1's criterion: the relative distance to the best block spin's singular values.
BLOCK_SPIN_THRESHOLDS = {"distance": 0.05}
#: Figs. 7, 10, 12: the fraction of singular values below the paper's 20 % cut ("dropping singular
#: values less than 20% of the largest", Sec. II A). "A large number of vanishing singular values"
#: (Fig. 7) and "a small number of large singular values" (Fig. 10) read as: at least half vanish.
VANISHING_THRESHOLDS = {"cut": 0.2, "agree_min": 0.5, "disagree_max": 0.1}
#: Figs. 2, 3: a vector is low-momentum below the 1st percentile of random fields' mean radial mode.
LOW_MOMENTUM_THRESHOLDS = {"top_min": 4, "bottom_max": 1, "top_disagree_max": 1, "percentile": 1.0}
COARSE_VISIBLE_THRESHOLDS = {"agree": 0.5, "disagree": 0.9}
OVERFITTING_THRESHOLDS = {"standard_errors": 4.0}
#: Figs. 5, 6: a step of the area under s_i/s_1 counts only beyond the seed spread: 0.023, the
#: largest spread of a layer's area over the 3 seeds of the precision study (results/precision.json).
STEEPER_THRESHOLDS = {"band": 0.023}
#: Fig. 4 (Eq. 1): the alignment eigenvalues of the top-k singular vectors and principal components.
ALIGNMENT_THRESHOLDS = {"eigenvalue": 0.8, "majority": 0.5, "initial_max": 0.05, "partly_min": 0.2, "near_zero": 0.1}
#: Fig. 9 scores 1 - |cos| against a random baseline, as "hidden = coarse visible" does.
BIAS_THRESHOLDS = COARSE_VISIBLE_THRESHOLDS

_VANISHING_CRITERION = ("Agrees if at least half of the singular values are below 20 % of the largest (the "
                         "paper's cut); disagrees if fewer than 10 % are; partly between. The distance to "
                         "the best block spin's singular values is reported, not judged. The Xavier start is "
                         "judged the same way.")
_LOW_MOMENTUM_RULE = ("Agrees if ≥ 4 of the top five visible vectors, ≥ 4 of the top five "
                      "hidden ones and ≤ 1 of the bottom five visible lie below the 1st percentile of "
                      "random fields' mean radial mode; disagrees if ≤ 1 of the top five visible or "
                      "hidden do. The Xavier start is judged the same way.")
_LOW_MOMENTUM_CRITERION = f"As Figs. 2, 3: {_LOW_MOMENTUM_RULE}"
_COARSE_VISIBLE_CRITERION = ("As Fig. 2: agrees if every top-five RG distance is below half its random "
                             "baseline; disagrees if the median ratio exceeds 0.9.")
_OVERFITTING_CRITERION = ("Agrees if the held-out mean free energy exceeds the training mean by no more than "
                          "4 standard errors and the held-out reconstruction error is below that of "
                          "predicting the mean training image; disagrees if both fail; partly if one does. "
                          "The Xavier start is judged the same way.")
_BIAS_CRITERION = ("Agrees if 1 − |cos(b_v, u_1)| is below half its random baseline; disagrees if above "
                   "0.9 of it (the thresholds of Fig. 2's RG distance).")


def _image_source(name: str) -> Callable[[Profile], str]:
    return lambda profile: images.image_source(profile, name)


def _claims_of(name: str, chapter: str, rows: tuple[tuple[str, str, str], ...]) -> tuple[Claim, ...]:
    """The four claims tested on every image set, from (id, reference, statement) rows in the
    order singular values, low momentum, hidden = coarse visible, generalization."""
    tests = (
        (images_study.singular_value_evidence, images_study.start_singular_value_evidence,
         network.judge_vanishing_singular_values, VANISHING_THRESHOLDS, _VANISHING_CRITERION),
        (images_study.fourier_evidence, images_study.start_fourier_evidence, network.judge_low_momentum,
         LOW_MOMENTUM_THRESHOLDS, _LOW_MOMENTUM_CRITERION),
        (images_study.fourier_evidence, images_study.start_fourier_evidence,
         network.judge_hidden_is_coarse_visible, COARSE_VISIBLE_THRESHOLDS, _COARSE_VISIBLE_CRITERION),
        (images_study.generalization_evidence, images_study.start_generalization_evidence,
         images.judge_generalization, OVERFITTING_THRESHOLDS, _OVERFITTING_CRITERION),
    )
    return tuple(
        Claim(claim_id, reference, statement, criterion, chapter, images_study.measured(measure, name),
              images.judged(judge), dict(thresholds), _image_source(name),
              control=images_study.measured(start, name))
        for (claim_id, reference, statement), (measure, start, judge, thresholds, criterion) in zip(rows, tests)
    )


_MNIST = _claims_of("mnist", "mnist", (
    ("fig7-mnist-singular-values", "Sec. II B, Fig. 7",
     "On MNIST (28² → 14²) there are \"a large number of vanishing singular values, which may be set to "
     "zero\"."),
    ("fig8-mnist-low-momentum", "Sec. II B, Fig. 8",
     "On MNIST the singular vectors of the largest singular values have their support at low Fourier modes."),
    ("fig8-mnist-hidden-is-coarse-visible", "Sec. II B, Fig. 8",
     "On MNIST the hidden singular vectors are the visible ones with their high Fourier modes discarded."),
    ("mnist-generalization", "Sec. I; Sec. II B",
     "The RBM trained on MNIST generalizes: digits it never saw are as probable as those it trained on."),
))

_MNIST_SUBSPACE = (
    Claim("mnist-data-subspace", "Sec. II B (idea 1 of Sec. II A on MNIST), Eq. 1",
          "On MNIST too, the visible singular vectors of the largest singular values span the principal "
          "subspace of the data covariance.",
          "As Fig. 4, with k = 200/1600 of the hidden units: agrees if a majority of the k alignment "
          "eigenvalues exceed 0.8 and at most 5 % do for the Xavier start; partly for 20-50 %; disagrees "
          "below 20 %. The Xavier start is judged the same way.",
          "mnist", images_study.measured(images_study.subspace_evidence, "mnist"),
          images.judged(network.judge_alignment), dict(ALIGNMENT_THRESHOLDS), _image_source("mnist"),
          control=images_study.measured(images_study.start_subspace_evidence, "mnist")),
)

_BIASES = (
    Claim("fig9-biases", "Sec. II B, Fig. 9; App. C",
          "The visible bias points along the visible singular vector of the largest singular value "
          "(the RGM takes b_v = s₁u₁).",
          _BIAS_CRITERION, "mnist", images_study.measured(images_study.bias_evidence, "mnist"),
          images.judged(images.judge_bias_alignment),
          dict(BIAS_THRESHOLDS), _image_source("mnist")),
    Claim("fig9-biases-ising", "Sec. II B idea 4 (Fig. 9), on the Ising RBM of Sec. II A",
          "On the Ising RBM of Section II A too, the visible bias points along the top visible singular vector.",
          _BIAS_CRITERION, "mnist", images_study.ising_bias_evidence, images.judge_bias_alignment,
          dict(BIAS_THRESHOLDS), network.network_source),
)

_FASHION = _claims_of("fashion-mnist", "fashion_mnist", (
    ("fashion-singular-values", "App. G 2; Sec. II (\"the general features\")",
     "On Fashion-MNIST (28² → 14²) there are many vanishing singular values, as on MNIST (the paper shows "
     "no spectra for this set)."),
    ("fashion-low-momentum", "App. G 2; Sec. II",
     "On Fashion-MNIST the singular vectors of the largest singular values have their support at low "
     "Fourier modes."),
    ("fashion-hidden-is-coarse-visible", "App. G 2; Sec. II",
     "On Fashion-MNIST the hidden singular vectors are the visible ones with their high Fourier modes "
     "discarded."),
    ("fashion-generalization", "Sec. I; App. G 2",
     "The RBM trained on Fashion-MNIST generalizes: images it never saw are as probable as those it "
     "trained on."),
))

_FLOWERS = _claims_of("flowers", "flowers", (
    ("fig10-flowers-singular-values", "Sec. II C, Fig. 10",
     "On flowers (100² → 50²) there is \"a small number of large singular values, with a very sharp "
     "dropoff in size\"."),
    ("fig11-flowers-low-momentum", "Sec. II C, Fig. 11",
     "On flowers the singular vectors of the large singular values have all their support at low Fourier "
     "modes."),
    ("fig11-flowers-hidden-is-coarse-visible", "Sec. II C, Fig. 11",
     "On flowers the hidden singular vectors are the visible ones with their large Fourier modes discarded."),
    ("flowers-generalization", "Sec. II C, Table II",
     "The RBM trained on flowers generalizes to photographs that were not in its training set."),
))

_CLOUDS = _claims_of("clouds", "clouds", (
    ("fig12-clouds-singular-values", "Sec. II D, Fig. 12",
     "On SWIMSEG clouds (100² → 50²) the singular values show \"the hallmark features of renormalization "
     "group coarse graining\" (a small number of large singular values, as on flowers)."),
    ("fig13-clouds-low-momentum", "Sec. II D, Fig. 13",
     "On clouds the singular vectors of the large singular values have their support at low Fourier modes."),
    ("fig13-clouds-hidden-is-coarse-visible", "Sec. II D, Fig. 13",
     "On clouds the hidden singular vectors are the visible ones with their high Fourier modes discarded."),
    ("clouds-generalization", "Sec. II D",
     "The RBM trained on clouds generalizes to skies that were not in its training set."),
))

#: Mode dropping: the band in standard errors of the whole network's held-out error, and the
#: paper's cut (singular values at least 20 % of the largest are the relevant ones; the evidence's
#: grid of kept modes is measured at this cut).
MODE_DROPPING_THRESHOLDS = {"standard_errors": 2.0, "cut": 0.2}

_MODE_DROPPING = (
    Claim(
        "drop-irrelevant-modes", "Sec. II A",
        "The modes of the small singular values are irrelevant: dropping them does not affect the "
        "performance of the network.",
        "Keeping only the top k singular modes (plain, and low-passed to the hidden lattice's band), the "
        "held-out reconstruction error stays within 2 standard errors of the full network's for every k "
        "down to the singular values ≥ 20 % of the largest, on the Ising and the MNIST RBM: agrees if on "
        "both; disagrees if at that k the error is worse than the band on both; partly otherwise.",
        "mode_dropping", lambda profile: mode_dropping_study.mode_dropping_evidence(
            profile, MODE_DROPPING_THRESHOLDS["cut"]),
        mode_dropping.judge_mode_dropping, dict(MODE_DROPPING_THRESHOLDS), mode_dropping.mode_dropping_source,
    ),
)

#: Section III solvability: the repeats' subspaces align at ``alignment``; the count of large
#: eigenvalues has stopped growing when a doubling of the sample raises it by at most
#: ``growth_tolerance`` (the evidence records the subspaces where it stopped at this tolerance).
SOLVABILITY_THRESHOLDS = {"alignment": 0.8, "growth_tolerance": 0.05}
#: Eq. C10 is exact for the RGM as built (orthonormal singular vectors), up to rounding. The construction
#: runs in the data's precision, float32 (its visible vectors are orthonormal to about 1e-7, float32's
#: machine epsilon 1.2e-7): the tolerance is about ten times that. (First set to 1e-10, float64's
#: level, before the float32 construction was noticed; at ci the deviation measured 8.5e-8.)
C10_THRESHOLDS = {"tolerance": 1e-6}
#: "Quite late in the training process": the later half of Table I's 8 epochs; "similar": nearer the
#: 8-epoch network's images than the Xavier start's are, by more than a factor 2.
LATE_TRAINING_THRESHOLDS = {"late_fraction": 0.5, "similar_max": 0.5}

_RGM_MACHINE = (
    Claim(
        "rgm-c10-block-spin-norms", "App. C, Eq. C10",
        "The RGM's singular values are the magnitudes of the block-spin coarse graining of its normalized "
        "visible singular vectors (Eq. C10).",
        "An exact identity of the construction: agrees if each of the κ singular values of the built weight "
        "(an SVD) equals scale·|Cᵀv_I|/‖C‖₂, with C the explicit block-spin matrix, to 1e-6 of the largest "
        "(the construction is in float32, rounding 1.2e-7), and every other singular value is below 1e-6 of "
        "it; disagrees otherwise. Untrained: no control.",
        "rgm", rgm_machine_study.c10_evidence, rgm_machine.judge_c10, dict(C10_THRESHOLDS),
        rgm_machine.rgm_source,
    ),
    Claim(
        "rgm-late-training-images", "Sec. II B, Table I",
        "\"The RGM is not quite correct, although the images it produces are similar to images that are "
        "produced quite late in the training process.\"",
        "Fixed before the run: the untrained RGM's mean-field reconstructions of the held-out digits (Table I's "
        "images) are compared, by the mean squared difference per pixel, with those of the Xavier RBM after "
        "each epoch 0-8 of the speed-up study, for each of its 3 seeds. Agrees if the epoch they are closest "
        "to (median over seeds) is in the later half of the 8, and their distance to the 8-epoch network's "
        "images is below half the Xavier start's (median ratio); disagrees if neither; partly if one. The "
        "Xavier start is judged the same way.",
        "rgm", rgm_machine_study.late_training_evidence, rgm_machine.judge_late_training,
        dict(LATE_TRAINING_THRESHOLDS), rgm_machine.rgm_source,
        control=rgm_machine_study.start_late_training_evidence,
    ),
)

_SPEEDUPS = (
    Claim(
        "table1-rgm-mnist", "Sec. II B, Table I",
        "The RGM trained 2 epochs performs like an RBM trained 8 epochs on MNIST (a 4× speed-up).",
        "Target: the Xavier RBM's mean held-out reconstruction error after 8 epochs; agrees if the RGM's "
        "median (3 seeds) speed-up 8 / (epochs to reach it) is ≥ 4, partly if > 1, disagrees otherwise.",
        "rgm", lambda profile: speedups_study.speedup_evidence(profile, "mnist"), speedups.judge_speedup,
        {"claimed": 4.0}, speedups.study_source,
    ),
    Claim(
        "table2-rgm-flowers", "Sec. II C, Table II",
        "The untrained RGM beats an RBM trained 1000 epochs on flowers; 10 more epochs beat it "
        "clearly (about 100×).",
        "Target: the Xavier RBM's mean held-out error after the budget; agrees if the RGM's median speed-up "
        "is ≥ 100, partly if > 1, disagrees otherwise.",
        "speedups", lambda profile: speedups_study.speedup_evidence(profile, "flowers"), speedups.judge_speedup,
        {"claimed": 100.0}, speedups.study_source,
    ),
    Claim(
        "table3-fashion-mnist", "App. G 2, Table III",
        "On Fashion-MNIST, training from the RGM is about 10× faster.",
        "Target: the Xavier RBM's mean held-out error after the budget; agrees if the RGM's median speed-up "
        "is ≥ 10, partly if > 1, disagrees otherwise.",
        "speedups", lambda profile: speedups_study.speedup_evidence(profile, "fashion-mnist"),
        speedups.judge_speedup, {"claimed": 10.0}, speedups.study_source,
    ),
    Claim(
        "speedups-4-100", "Abstract; Sec. I",
        "Starting from the RGM cuts training times by a factor between 4 and 100.",
        "Agrees if on every data set studied the RGM's median speed-up is ≥ 4; disagrees if on every one "
        "it is ≤ 1; partly otherwise.",
        "speedups",
        lambda profile: [speedups_study.speedup_evidence(profile, name) for name in speedups_study.STUDY_SETS],
        speedups.judge_all_speedups, {"lower": 4.0}, speedups.study_source,
    ),
    Claim(
        "block-spin-between", "Sec. II C",
        "\"Initializing to the block spin coarse graining rule give significantly better results than the "
        "Xavier initialization, but not as good as initializing with the RGM.\"",
        "On every data set studied, the held-out error after the Xavier budget (mean of 3 seeds) from "
        "block-spin weights is below Xavier's and above the RGM's, each by more than 2 standard errors "
        "of the difference: agrees; disagrees if on every set block-spin is not that much better than "
        "Xavier; partly otherwise.",
        "speedups",
        lambda profile: [speedups_study.speedup_evidence(profile, name) for name in speedups_study.STUDY_SETS],
        speedups.judge_block_spin_between, {"standard_errors": 2.0}, speedups.study_source,
    ),
)

CLAIMS: tuple[Claim, ...] = (
    # ------------------------------------------------------------------ data
    Claim(
        "ising-samples", "App. D; Sec. II A",
        "The training data are equilibrium Monte Carlo samples of the 2-D Ising model at T = 4.",
        "Sampled energies within 4 binning errors of Kaufman's exact values at every temperature; "
        "⟨|m|⟩ on Yang's curve below 0.9 T_c; Wolff decorrelates faster near T_c; the T = 4 set's "
        "energy within 4 errors.",
        "sampling", sampling_study.sampler_evidence, sampling.judge_sampler,
        {"z_max": 4.0, "yang_errors": 4.0, "yang_floor": 0.01, "yang_below_tc": 0.9, "decorrelation_max": 5.0},
        _sampler_source,
    ),
    # ------------------------------------------------------------ RG theory
    Claim(
        "rg-momentum-space", "App. B 1, Eqs. B8-B12",
        "Near the free-field fixed point the relevant terms are φ, φ², φ³ and the marginal ones φ⁴ "
        "and ∇φ·∇φ; everything else is irrelevant.",
        "The exponents n + 4m − 4 give exactly B10 and B11, and quadrature on an explicit field "
        "confirms B8 to 1e-6.",
        "rg_theory", rg_theory_study.profile_rg_evidence, rg_theory.judge_momentum_space,
        {"exponent_tolerance": 1e-6}, "exact scaling dimensions and quadrature (no data)",
    ),
    Claim(
        "rg-2x2-blocks", "App. E 2",
        "Non-overlapping 2×2 block spins have every singular value equal to 2 and identical hidden "
        "and visible singular vectors.",
        "BᵀB = 4·1 exactly, every singular value within 1e-12 of 2, and each visible vector is its "
        "hidden one copied onto 2×2 blocks (to 1e-12).",
        "rg_theory", rg_theory_study.profile_rg_evidence, rg_theory.judge_two_by_two, {"tolerance": 1e-12},
        _block_spin_source,
    ),
    Claim(
        "fig14-little-overlap", "App. E 2, Fig. 14",
        "With little overlap (4×4 blocks) the singular values decay almost linearly.",
        "A straight line fits the b = 4 curve with R² > 0.9, and its top 10 % hold less than half "
        "of Σs².",
        "rg_theory", rg_theory_study.profile_rg_evidence, rg_theory.judge_little_overlap,
        {"r2_min": 0.9, "share_max": 0.5}, _block_spin_source,
    ),
    Claim(
        "fig17-large-overlap", "App. E 2, Fig. 17",
        "With large overlap (20×20 blocks) a few very large singular values fall off rapidly.",
        "The top 10 % of the b = 20 values hold more than 80 % of Σs², and that share grows from "
        "b = 2 to 4 to 20 (dips below 1 %).",
        "rg_theory", rg_theory_study.profile_rg_evidence, rg_theory.judge_large_overlap,
        {"share_min": 0.8, "dip_max": 0.01}, _block_spin_source,
    ),
    Claim(
        "fig15-20-block-top-modes", "App. E 2, G 3, Figs. 15, 20",
        "For block spins, the singular vectors of the large singular values sit at low momenta and "
        "the hidden one is the visible one with high modes discarded.",
        "Every top-five RG distance below a tenth of the random baseline (b = 4, 20 and the paper's "
        "geometry), top modes smoother than bottom ones, distance rising with rank (ρ > 0.5).",
        "rg_theory", rg_theory_study.profile_rg_evidence, rg_theory.judge_top_modes,
        {"agree_fraction": 0.1, "rho_min": 0.5}, _block_spin_source,
    ),
    Claim(
        "fig16-21-block-bottom-modes", "App. E 2, G 3, Figs. 16, 21",
        "For block spins, the singular vectors of the small singular values are spread over Fourier "
        "space and hidden and visible no longer agree.",
        "Agrees if every bottom-five distance exceeds half the baseline in every block; partly if "
        "they only exceed a tenth of it (do not agree); disagrees otherwise.",
        "rg_theory", rg_theory_study.profile_rg_evidence, rg_theory.judge_bottom_modes,
        {"fail_fraction": 0.5, "agree_fraction": 0.1}, _block_spin_source,
    ),
    # ------------------------------------------------------ trained RBM, II A
    Claim(
        "training-converged", "Sec. II A; App. D",
        "Training ran until the training error had converged.",
        "The reconstruction error falls by less than 1 % between the second-to-last and the last "
        "tenth of the epochs (agrees); otherwise partly.",
        "training", network_study.training_evidence, network.judge_converged, {"relative_change": 0.01},
        network.network_source, measure_network=network_study.training_evidence_of_network,
    ),
    Claim(
        "no-overfitting", "Sec. I; Sec. II A (\"no over fitting\")",
        "With fewer effective parameters than samples, the network does not overfit its training data.",
        "Disagrees if the held-out mean free energy exceeds the training mean by more than 4 standard "
        "errors; agrees otherwise.",
        "training", network_study.training_evidence, network.judge_no_overfitting, {"standard_errors": 4.0},
        network.network_source, measure_network=network_study.training_evidence_of_network,
    ),
    Claim(
        "fig1-block-spin-match", "Sec. II A, Fig. 1",
        "The trained weights' singular values are almost identical to those of block-spin averaging "
        "with overlapping blocks.",
        "Agrees if the relative distance to the best block spin's singular values is d < 0.05 at an "
        "overlapping block (b > 2); partly if d < 0.05 at b = 2 (no overlap); disagrees if d ≥ 0.05. "
        "The Xavier start is judged the same way.",
        "singular_values", network_study.singular_value_evidence, network.judge_block_spin_match,
        dict(BLOCK_SPIN_THRESHOLDS), network.network_source,
        measure_network=network_study.singular_value_evidence_of_network,
        control=_start(network_study.singular_value_evidence_of_network),
    ),
    Claim(
        "fig2-3-low-momentum", "Sec. II A, Figs. 2, 3",
        "Singular vectors of the largest singular values have their support at low momenta; those of "
        "the smallest are spread over Fourier space.",
        _LOW_MOMENTUM_RULE,
        "fourier", network_study.fourier_evidence, network.judge_low_momentum,
        dict(LOW_MOMENTUM_THRESHOLDS), network.network_source,
        measure_network=network_study.fourier_evidence_of_network,
        control=_start(network_study.fourier_evidence_of_network),
    ),
    Claim(
        "fig2-hidden-is-coarse-visible", "Sec. II A, Fig. 2",
        "The hidden singular vector is exactly the visible one with its high-momentum modes discarded.",
        "Agrees if every top-five RG distance is below half its random baseline; disagrees if the "
        "median ratio exceeds 0.9. The Xavier start is judged the same way.",
        "fourier", network_study.fourier_evidence, network.judge_hidden_is_coarse_visible,
        dict(COARSE_VISIBLE_THRESHOLDS), network.network_source,
        measure_network=network_study.fourier_evidence_of_network,
        control=_start(network_study.fourier_evidence_of_network),
    ),
    *_MODE_DROPPING,
    Claim(
        "fig4-alignment", "Sec. II A, Eq. 1, Fig. 4",
        "The top visible singular vectors span the data's principal subspace: 177 of 200 eigenvalues "
        "of O exceed 0.8.",
        "Agrees if a majority of the k eigenvalues exceed 0.8 and at most 5 % do for the initial "
        "weights; partly for 20-50 %; disagrees below 20 %.",
        "data_subspace", network_study.subspace_evidence, network.judge_alignment,
        dict(ALIGNMENT_THRESHOLDS),
        network.network_source, measure_network=network_study.subspace_evidence_of_network,
        control=_start(network_study.subspace_evidence_of_network),
    ),
    Claim(
        "count-arithmetic", "Sec. II A",
        "The count 10,240,000 → 1,280,000 → 35,555 follows from keeping 200 singular vectors and "
        "Fourier modes up to 10.",
        "Agrees if the three numbers follow from the stated inputs.",
        "effective_parameters", counting_study.paper_count_of, counting.judge_arithmetic, {}, _PAPER_NUMBERS,
    ),
    Claim(
        "count-below-samples", "Sec. II A",
        "The effective parameters (35,555) are fewer than the 40,000 training samples.",
        "Agrees if an exact count of the lattice modes at the paper's own cutoff stays below 40,000; "
        "partly if only the paper's arithmetic does.",
        "effective_parameters", counting_study.paper_count_of, counting.judge_fewer_than_samples, {},
        _PAPER_NUMBERS,
    ),
    Claim(
        "count-measured", "Sec. II A, ideas 1-3",
        "Measured on a trained network, the effective parameters are fewer than the training samples.",
        "Agrees if our measured count (20 % singular values, 5 %-of-peak Fourier cutoff) is below the "
        "number of samples; partly if the reduction exceeds 90 %; disagrees otherwise.",
        "effective_parameters", network_study.measured_count_evidence, network.judge_measured_count,
        {"reduction": 0.9, **COUNT_CONVENTIONS},
        network.network_source, measure_network=network_study.measured_count_evidence_of_network,
        control=_start(network_study.measured_count_evidence_of_network),
    ),
    Claim(
        "footnote1-fraction", "Sec. I, footnote 1",
        "About 0.3 % of the parameters are effective parameters.",
        "Agrees if our network's measured effective fraction is at most 1 %; partly up to 10 %; "
        "disagrees above.",
        "effective_parameters", counting_study.fraction_evidence, counting.judge_fraction,
        {"agree_max": 0.01, "partly_max": 0.1, **COUNT_CONVENTIONS}, network.network_source,
        measure_network=counting_study.fraction_evidence_of_network,
        control=_start(counting_study.fraction_evidence_of_network),
    ),
    # ------------------------------------------------------------ stacked
    Claim(
        "fig5-6-steeper-with-depth", "Sec. II A, Figs. 5, 6",
        "The singular-value curves go to zero ever more steeply as the depth increases.",
        "Agrees if the area under s_i/s_1 falls by more than the seed spread (0.023, the largest "
        "spread of a layer's area over 3 seeds in the precision study) from each layer to the next; "
        "disagrees if it rises by more than that at every step; partly otherwise. The Xavier start "
        "is judged the same way.",
        "stacked", network_study.stack_evidence, network.judge_steeper, dict(STEEPER_THRESHOLDS), _stack_source,
        measure_network=network_study.stack_evidence_of_network,
        control=_start(network_study.stack_evidence_of_network),
    ),
    Claim(
        "fig18-19-every-layer", "Sec. II A; App. G 1, Figs. 18, 19",
        "In every layer the hidden singular vectors are the visible ones with high modes discarded.",
        "Agrees if in every layer the median top-five RG distance is below half its baseline; "
        "disagrees if in every layer it is above 0.9 of it.",
        "stacked", network_study.stack_evidence, network.judge_stack_fourier, {"agree": 0.5, "disagree": 0.9},
        _stack_source, measure_network=network_study.stack_evidence_of_network,
        control=_start(network_study.stack_evidence_of_network),
    ),
    # ------------------------------------------------------- other data sets
    *_MNIST, *_MNIST_SUBSPACE, *_BIASES, *_FLOWERS, *_CLOUDS, *_FASHION,
    # ------------------------------------------------------------- the RGM
    *_RGM_MACHINE, *_SPEEDUPS,
    # ------------------------------------------------------- initial weights
    Claim(
        "rg-signature-learned", "Sec. II A, Figs. 1, 2, 3, 18, 19; Sec. II B, Figs. 7, 8",
        "The RG signature of the trained weights (block-spin spectrum, low momenta, hidden vectors "
        "that are the visible ones with high modes discarded, in every layer) is learned in "
        "training, not carried over from the initial weights.",
        "Each of the seven measures is judged by its own claim's criterion at epoch 0 and after "
        "training from Xavier, small random (σ = 1e-3), block-spin and RGM weights; it is learned if "
        "it agrees after training from all four. Agrees if every measure is learned; disagrees if "
        "none is; partly otherwise.",
        "initialization", _signature_evidence, initial_weights.judge_learned, {},
        initial_weights.signature_source,
    ),
    Claim(
        "flowers-200x200", "Sec. II C",
        "At 200 × 200 a Xavier-initialized RBM fails to converge on flowers, but converges from "
        "a block-spin initialization.",
        "A run converges if every held-out reconstruction error is finite and the last is below "
        "that of predicting the mean training image. Agrees if Xavier fails and block-spin "
        "converges; disagrees if Xavier converges; partly if both fail. Run at the largest side "
        "the profile's budget allows (ci: 80, paper: 200).",
        "initialization", initial_weights_study.large_inputs, initial_weights.judge_large_inputs, {},
        initial_weights.large_inputs_source,
    ),
    # ------------------------------------------------------------ Section III
    Claim(
        "sec3-split-independence", "Sec. III",
        "Networks trained on two disjoint halves of the data learn the same relevant subspace and "
        "agree on unseen data, though their irrelevant parameters differ.",
        "Agrees if a majority of the alignment eigenvalues of the two top-k subspaces exceed 0.8, "
        "the two free energies on unseen samples correlate above 0.9 and the irrelevant directions "
        "differ (their mean alignment below half the way from chance to 1); disagrees if none of "
        "the three holds; partly otherwise. The two halves' shared start is judged the same way.",
        "section3", section3_study.split_evidence, section3.judge_split,
        {"eigenvalue": 0.8, "majority": 0.5, "correlation": 0.9, "irrelevant_max": 0.5}, section3.split_source,
        control=section3_study.start_split_evidence,
    ),
    Claim(
        "sec3-solvability", "Sec. III",
        "A problem is solvable when repeated random subsamples give covariance eigenvectors that "
        "span the same subspace once the count of large eigenvalues stops growing.",
        "Agrees if on Ising data the count (eigenvalues above the noise edge) stops growing (a doubling "
        "of the sample adds at most 5 % in every repeat), the "
        "repeats' subspaces align (mean eigenvalue ≥ 0.8) and those of independent random spins do "
        "not; disagrees if on Ising data neither happens.",
        "section3", lambda profile: section3_study.solvability_evidence(
            profile, SOLVABILITY_THRESHOLDS["growth_tolerance"]),
        section3.judge_solvability, dict(SOLVABILITY_THRESHOLDS),
        lambda profile: f"{profile.ising.n_samples:,} Ising samples "
                        f"{profile.ising.lattice_size}²; control: independent random ±1 spins of "
                        f"the same shape",
    ),
    Claim(
        "sec3-noise-rejection", "Sec. III; Sec. I",
        "Noise added to the input changes mostly irrelevant modes, so the output hardly changes.",
        "Agrees if noise in the irrelevant directions reaches the hidden output with less than half "
        "the gain of noise in the relevant (top-k) directions, and with a smaller share than through "
        "the initial weights, at every strength; disagrees if above 0.9 of it, or no smaller share "
        "than through the initial weights, at every strength; partly otherwise.",
        "section3", section3_study.noise_evidence, section3.judge_noise, {"reject": 0.5, "pass": 0.9},
        network.network_source, control=section3_study.start_noise_evidence,
    ),
)

_BY_ID = {c.id: c for c in CLAIMS}
if len(_BY_ID) != len(CLAIMS):
    raise RuntimeError("two claims share an id")


def claim(claim_id: str) -> Claim:
    """The claim with id ``claim_id``.

    Raises
    ------
    TypeError
        If ``claim_id`` is not a str.
    ValueError
        If no claim has that id.
    """
    if not isinstance(claim_id, str):
        raise TypeError(f"claim_id must be a str, got {type(claim_id).__name__} {claim_id!r}")
    try:
        return _BY_ID[claim_id]
    except KeyError:
        raise ValueError(
            f"claim_id {claim_id!r} is an unknown claim id; known ids: {sorted(_BY_ID)}"
        ) from None


# ------------------------------------------------------- issue 19: the protocol map (appended block)
CLAIMS = (*CLAIMS, Claim(
    "fig1-protocol", "Sec. II A, Fig. 1; App. A",
    "Trained as Appendix A says (CD-1 with sampled ±1 units, batches of 1,000, training to converged "
    "error), the Ising RBM's weight matrix has few large singular values: Fig. 1's fall-off, 200 of "
    "1,600 above 20 % of the largest.",
    "Fixed before the map was run: a stop has Fig. 1's shape if at most twice the paper's 12.5 % of "
    "its singular values exceed 20 % of the largest, and its training has converged if the training "
    "reconstruction error moved by at most 5 % since the run's previous stop; a reading reproduces "
    "Fig. 1 where both hold in a majority of seeds. Agrees if the literal CD-1 reading reproduces it "
    "from every start at the map's longest summed step; partly if some other reading the paper leaves "
    "open (not the weight-decay control) reproduces it at some trained stop; disagrees if none does. "
    "The starting weights are judged by the same cut.",
    "protocol", protocol_study.protocol_map, protocol.judge_protocol,
    {"fraction_factor": 2.0, "tolerance": 0.05}, protocol.protocol_source,
),)
_BY_ID = {c.id: c for c in CLAIMS}
if len(_BY_ID) != len(CLAIMS):
    raise RuntimeError("two claims share an id")
