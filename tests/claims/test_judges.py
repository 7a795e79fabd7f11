"""Every judge on synthetic evidence just either side of each threshold, with the catalogue's thresholds.

The evidence holds plain numbers placed at, just below and just above each
threshold the catalogue fixes, so a moved threshold (in the catalogue), a
comparison turned around or loosened (``<`` made ``<=``), or a condition
dropped from a judge fails a test here. The control rule (a trained verdict
the starting weights also earn is not ``agrees``) is tested at the end.
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from rglib import claims
from rglib.claims.core import INHERITED, Judgement, controlled

A, P, D = claims.AGREES, claims.PARTLY, claims.DISAGREES


def judged(claim_id: str, evidence) -> str:
    """The verdict of claim ``claim_id``'s judge on ``evidence``, with the catalogue's thresholds."""
    item = claims.claim(claim_id)
    return item.judge(evidence, item.thresholds).verdict


def bare(claim_id: str, evidence) -> str:
    """As :func:`judged`, for an image claim: the judge inside :func:`rglib.claims.images.judged`."""
    from rglib.studies.images import Measured
    return judged(claim_id, Measured(evidence, standin=False))


# --------------------------------------------------------------- training
@pytest.mark.parametrize("change, verdict", [(0.0099, A), (0.01, P), (0.5, P)])
def test_converged_below_one_percent(change, verdict):
    evidence = SimpleNamespace(relative_change=change, reconstruction_first=1.0, reconstruction_last=0.5)
    assert judged("training-converged", evidence) == verdict


def _gap(gap: float, error: float = 1.0, held: float = 0.1, mean_image: float = 0.2):
    return SimpleNamespace(gap=gap, gap_error=error, reconstruction_train=0.1, reconstruction_held_out=held,
                           mean_image_error=mean_image, patches=False)


@pytest.mark.parametrize("gap, verdict", [(3.99, A), (4.0, A), (4.01, D), (-10.0, A)])
def test_no_overfitting_within_four_standard_errors(gap, verdict):
    assert judged("no-overfitting", _gap(gap)) == verdict
    assert judged("no-overfitting", _gap(gap * 2, error=2.0)) == verdict  # in units of the error


@pytest.mark.parametrize("claim_id", ["mnist-generalization", "flowers-generalization",
                                      "clouds-generalization", "fashion-generalization"])
@pytest.mark.parametrize("gap, held, verdict", [
    (4.0, 0.199, A), (4.0, 0.2, P), (4.01, 0.199, P), (4.01, 0.2, D), (0.0, 0.5, P),
])
def test_generalization_needs_no_gap_and_errors_below_the_mean_image(claim_id, gap, held, verdict):
    assert bare(claim_id, _gap(gap, held=held)) == verdict


# ------------------------------------------------------- singular values
def _match(block: int, distance: float, values=(1.0, 0.5)):
    return SimpleNamespace(block=block, distance=distance, singular_values=np.array(values))


def _spectrum(trained, initial=None):
    return SimpleNamespace(trained=trained, initial=initial or trained, trained_ratio=0.5, initial_ratio=0.5)


@pytest.mark.parametrize("block, distance, verdict", [
    (3, 0.0499, A), (3, 0.05, D), (2, 0.0499, P), (2, 0.05, D), (20, 0.2, D),
])
def test_fig1_needs_a_close_spectrum_at_an_overlapping_block(block, distance, verdict):
    assert judged("fig1-block-spin-match", _spectrum(_match(block, distance))) == verdict


def _vanishing(below: int, total: int = 20):
    """``below`` of ``total`` singular values under 20 % of the largest; one exactly at 20 % (not below)."""
    values = [1.0] + [0.2] + [0.5] * (total - 2 - below) + [0.19] * below
    return _spectrum(_match(3, 0.5, sorted(values, reverse=True)))


@pytest.mark.parametrize("claim_id", ["fig7-mnist-singular-values", "fig10-flowers-singular-values",
                                      "fig12-clouds-singular-values", "fashion-singular-values"])
@pytest.mark.parametrize("below, verdict", [(10, A), (9, P), (2, P), (1, D), (0, D)])
def test_image_spectra_need_half_their_singular_values_below_the_cut(claim_id, below, verdict):
    assert bare(claim_id, _vanishing(below)) == verdict


def test_the_block_spin_distance_of_an_image_spectrum_is_reported_not_judged():
    close, far = _vanishing(10), _vanishing(10)
    close.trained.distance, far.trained.distance = 0.0, 10.0
    assert bare("fig7-mnist-singular-values", close) == bare("fig7-mnist-singular-values", far) == A


# --------------------------------------------------------------- Fourier
def _low(top: int, hidden: int, bottom: int):
    """Counts at the 1st percentile of the random fields (the catalogue's level); none low at another."""
    return SimpleNamespace(low_momentum=lambda percentile: (top, bottom, hidden) if percentile == 1.0 else (0, 5, 0))


@pytest.mark.parametrize("claim_id", ["fig2-3-low-momentum", "fig8-mnist-low-momentum"])
@pytest.mark.parametrize("top, hidden, bottom, verdict", [
    (4, 4, 1, A), (5, 5, 0, A), (3, 4, 1, P), (4, 3, 1, P), (4, 4, 2, P), (2, 2, 5, P),
    (1, 5, 0, D), (5, 1, 0, D), (0, 0, 0, D),
])
def test_low_momentum_counts_the_visible_and_the_hidden_top_five(claim_id, top, hidden, bottom, verdict):
    evidence = _low(top, hidden, bottom)
    assert (judged(claim_id, evidence) if claim_id.startswith("fig2") else bare(claim_id, evidence)) == verdict


def _distances(ratios):
    ratios = np.asarray(ratios, dtype=float)
    return SimpleNamespace(top_ratio=ratios, distance=ratios, baseline=np.ones_like(ratios),
                           top=list(range(len(ratios))))


@pytest.mark.parametrize("ratios, verdict", [
    ([0.49] * 5, A), ([0.49] * 4 + [0.5], P), ([0.9] * 5, P), ([0.1, 0.1, 0.91, 0.91, 0.91], D),
    ([0.1, 0.1, 0.9, 2.0, 2.0], P),
])
def test_hidden_is_coarse_visible_below_half_the_baseline(ratios, verdict):
    assert judged("fig2-hidden-is-coarse-visible", _distances(ratios)) == verdict
    assert bare("fig8-mnist-hidden-is-coarse-visible", _distances(ratios)) == verdict


# ------------------------------------------------------------------ stack
@pytest.mark.parametrize("areas, verdict", [
    ([0.9, 0.876, 0.852], A), ([0.9, 0.8775, 0.852], P), ([0.9, 0.9, 0.8], P),
    ([0.8, 0.824, 0.848], D), ([0.8, 0.8225, 0.848], P),
    ([0.046, 0.023, 0.0], P), ([0.0, 0.023, 0.046], P),   # steps of exactly the band (exact in binary)
])
def test_steeper_with_depth_beyond_the_seed_spread(areas, verdict):
    assert judged("fig5-6-steeper-with-depth", SimpleNamespace(areas=np.array(areas))) == verdict


@pytest.mark.parametrize("ratios, verdict", [
    ([0.49, 0.49], A), ([0.49, 0.5], P), ([0.91, 0.91], D), ([0.91, 0.9], P),
])
def test_every_layer_below_half_the_baseline(ratios, verdict):
    evidence = SimpleNamespace(ratios=np.array(ratios), low_counts=[5, 5])
    assert judged("fig18-19-every-layer", evidence) == verdict


# -------------------------------------------------------------- subspace
def _subspace(above: int, initial_above: int = 0, k: int = 20):
    trained = np.array([0.81] * above + [0.8] * (k - above))
    initial = np.array([0.81] * initial_above + [0.0] * (k - initial_above))
    return SimpleNamespace(k=k, trained=trained, initial=initial)


@pytest.mark.parametrize("above, initial_above, verdict", [
    (11, 0, A), (11, 1, A), (11, 2, P), (10, 0, P), (4, 0, P), (3, 0, D),
])
def test_alignment_needs_a_majority_above_the_level_and_not_the_initial_weights(above, initial_above, verdict):
    assert judged("fig4-alignment", _subspace(above, initial_above)) == verdict
    assert bare("mnist-data-subspace", _subspace(above, initial_above)) == verdict


# ------------------------------------------------------------- biases
@pytest.mark.parametrize("ratio, verdict", [(0.49, A), (0.5, P), (0.9, P), (0.91, D)])
def test_bias_alignment_below_half_the_baseline(ratio, verdict):
    side = SimpleNamespace(ratio=ratio, cosine=0.9, distance=0.1, random_distance=0.5)
    evidence = SimpleNamespace(visible=side, hidden=side, rank_of_top=1, visible_cosines=np.array([0.9, 0.1]))
    assert judged("fig9-biases-ising", evidence) == verdict
    assert bare("fig9-biases", evidence) == verdict


# ------------------------------------------------------------- Section III
def _noise(ratios, initial):
    def transmission(values):
        values = np.asarray(values, dtype=float)
        ones = np.ones_like(values)
        return SimpleNamespace(ratio=values, strengths=ones, relevant=ones, irrelevant=values, isotropic=ones)
    return SimpleNamespace(k=2, trained=transmission(ratios), initial=transmission(initial))


@pytest.mark.parametrize("ratios, initial, verdict", [
    ([0.49, 0.49], [0.6, 0.6], A), ([0.49, 0.5], [0.6, 0.6], P), ([0.4, 0.4], [0.4, 0.5], P),
    ([0.4, 0.4], [0.4, 0.4], D), ([0.4, 0.4], [0.35, 0.35], D), ([0.91, 0.91], [2.0, 2.0], D),
    ([0.91, 0.9], [2.0, 2.0], P),
])
def test_noise_rejection_below_half_and_below_the_initial_weights(ratios, initial, verdict):
    assert judged("sec3-noise-rejection", _noise(ratios, initial)) == verdict


def _split(relevant_above: int, correlation: float, irrelevant: float, chance: float = 0.2, k: int = 10):
    relevant = np.array([0.81] * relevant_above + [0.8] * (k - relevant_above))
    return SimpleNamespace(k=k, relevant_alignment=relevant, irrelevant_alignment=np.array([irrelevant]),
                           irrelevant_chance=chance, free_energy_correlation=correlation,
                           reconstruction_difference=0.0)


@pytest.mark.parametrize("above, correlation, irrelevant, verdict", [
    (6, 0.91, 0.59, A), (5, 0.91, 0.59, P), (6, 0.9, 0.59, P), (6, 0.91, 0.61, P),
    (5, 0.9, 0.61, D), (0, 0.0, 0.59, P),
])
def test_split_independence_needs_the_same_subspace_outputs_and_differing_irrelevant_directions(
        above, correlation, irrelevant, verdict):
    # the irrelevant level is half the way from chance (0.2) to 1: 0.6
    assert judged("sec3-split-independence", _split(above, correlation, irrelevant)) == verdict


@pytest.mark.parametrize("irrelevant, verdict", [(0.49, A), (0.5, P)])
def test_irrelevant_directions_at_the_level_do_not_differ(irrelevant, verdict):
    # with chance 0 the level is exactly the threshold, 0.5
    assert judged("sec3-split-independence", _split(6, 0.91, irrelevant, chance=0.0)) == verdict


def _solvability(stopped: bool, ising: float, control: float):
    """Two repeats whose counts stop growing (the second doubling adds 5 %, exactly the tolerance) or
    not (one repeat's adds 5.2 %)."""
    counts = [[1, 1000, 1050], [2, 20, 21]] if stopped else [[1, 1000, 1052], [2, 20, 21]]
    return SimpleNamespace(
        ising=SimpleNamespace(counts=counts, stopped=None, k=1, alignments=[ising], chance=0.1, sizes=[1, 2, 4]),
        control=SimpleNamespace(counts=[[0, 0, 0]], alignments=[control]))


@pytest.mark.parametrize("stopped, ising, control, verdict", [
    (True, 0.8, 0.79, A), (True, 0.79, 0.5, P), (True, 0.9, 0.8, P), (False, 0.9, 0.5, P),
    (False, 0.79, 0.5, D),
])
def test_solvability_needs_a_stopping_aligned_count_and_a_failing_control(stopped, ising, control, verdict):
    assert judged("sec3-solvability", _solvability(stopped, ising, control)) == verdict


# ------------------------------------------------------------- counting
def _network(effective: int, naive: int = 1000, samples: int = 0, kept: int = 1):
    """A network whose count is ``effective`` of ``naive`` at the catalogue's conventions (else the naive)."""
    def count(cut, spectrum_floor):
        at = (cut, spectrum_floor) == (0.2, 0.05)
        return SimpleNamespace(effective=effective if at else naive, naive=naive, kept=kept, truncated=kept,
                               cutoff_mode=1, max_radial_mode=2, mean_profile=np.ones(3))
    return SimpleNamespace(count=count, samples=samples, lattice_size=2)


def _counted(effective: int, naive: int = 1000):
    paper = SimpleNamespace(arithmetic=SimpleNamespace(effective=1, naive=100), with_singular_values=1)
    return paper, _network(effective, naive)


@pytest.mark.parametrize("effective, verdict", [(10, A), (11, P), (100, P), (101, D)])
def test_effective_fraction_at_most_one_percent(effective, verdict):
    assert judged("footnote1-fraction", _counted(effective)) == verdict


# ------------------------------------------------------------- speed-ups
@pytest.mark.parametrize("claim_id, claimed", [("table1-rgm-mnist", 4.0), ("table2-rgm-flowers", 100.0),
                                               ("table3-fashion-mnist", 10.0)])
def test_speedup_reaches_the_claimed_factor(monkeypatch, claim_id, claimed):
    from rglib.claims import speedups

    def verdict(median):
        monkeypatch.setattr(speedups, "_summary", lambda study: {"rgm_median_speedup": median,
                                                                 "rgm_speedups": [median]})
        return judged(claim_id, SimpleNamespace(name="mnist", budget=1))
    assert [verdict(claimed), verdict(claimed * 0.99), verdict(1.01), verdict(1.0)] == [A, P, P, D]


# ------------------------------------------------------------ the control
def test_a_verdict_the_start_also_earns_is_inherited_not_agrees():
    passed, failed = Judgement(A, "trained", {"x": 1}), Judgement(D, "start", {})
    inherited = controlled(passed, Judgement(A, "d = 0.01", {}))
    assert inherited.verdict == P and inherited.note.startswith(INHERITED) and "d = 0.01" in inherited.note
    assert inherited.numbers == {"x": 1} and inherited.key_number == "trained"
    assert controlled(passed, failed) is passed
    assert controlled(passed, Judgement(P, "", {})) is passed
    for verdict in (P, D):
        assert controlled(Judgement(verdict, "", {}), Judgement(A, "", {})).verdict == verdict


def _with_control(trained_verdict: str, start_verdict: str) -> claims.Claim:
    evidence = {"trained": trained_verdict, "start": start_verdict}
    return dataclasses.replace(
        claims.claim("count-arithmetic"), id="x", measure=lambda profile: "trained",
        judge=lambda which, thresholds: Judgement(evidence[which], which, {}),
        control=lambda profile: "start")


@pytest.mark.parametrize("trained, start, verdict", [
    (A, A, P), (A, P, A), (A, D, A), (P, A, P), (D, A, D), (D, D, D),
])
def test_evaluate_judges_the_start_with_the_same_judge_and_reports_it(trained, start, verdict):
    from rglib.profiles import PROFILES
    result = _with_control(trained, start).evaluate(PROFILES["ci"])
    assert (result.verdict, result.control_verdict) == (verdict, start)
    assert result.note.startswith(INHERITED) == (trained == start == A)


def test_every_claim_on_a_trained_network_has_a_control():
    """A claim measured on a trained network (it can be given one) is judged on its start too."""
    missing = [c.id for c in claims.CLAIMS if c.measure_network is not None and c.control is None]
    # the training curve and the free-energy gap need a training history; the start has none
    assert missing == ["training-converged", "no-overfitting"]
    image = [c.id for c in claims.CLAIMS if c.chapter in ("mnist", "flowers", "clouds", "fashion_mnist")
             and c.control is None]
    assert image == ["fig9-biases", "fig9-biases-ising"]  # a start's biases are zero: nothing to align


def _study(name: str, xavier, block, rgm):
    """A speed-up study whose runs end (after a budget of 1 epoch) at the given errors, one per seed."""
    finals = {"xavier": xavier, "block-spin": block, "rgm": rgm}
    return SimpleNamespace(name=name, budget=1,
                           errors=lambda start: np.array([[9.0, e] for e in finals[start]]))


XAVIER, RGM = [2.5, 2.6, 2.7], [-1.5, -1.4, -1.3]


@pytest.mark.parametrize("mnist, flowers, verdict", [
    ([0.5, 0.6, 0.7], [0.5, 0.6, 0.7], A),      # between, far from both, on both sets
    ([0.5, 0.6, 0.7], RGM, P),                   # as good as the RGM on flowers
    (XAVIER, XAVIER, D),                         # no better than Xavier anywhere
    ([0.5, 0.6, 0.7], XAVIER, P),                # better than Xavier on one set only
])
def test_block_spin_between_xavier_and_the_rgm(mnist, flowers, verdict):
    studies = [_study("mnist", XAVIER, mnist, RGM), _study("flowers", XAVIER, flowers, RGM)]
    assert judged("block-spin-between", studies) == verdict
    # the criterion is on every studied set: one absent leaves the claim without a verdict
    assert judged("block-spin-between", [*studies, "clouds are not here"]) == claims.NOT_RUN
    assert judged("block-spin-between", ["flowers are not here"]) == claims.NOT_RUN


@pytest.mark.parametrize("gap, better", [(2.01, True), (1.99, False)])
def test_block_spin_better_than_xavier_by_two_standard_errors(gap, better):
    # seeds of each start 0.1 apart: standard error 0.1 / sqrt(3) each, of the difference 0.0816
    se = 0.1 / np.sqrt(3) * np.sqrt(2)
    xavier = [1.0 + gap * se + d for d in (-0.1, 0.0, 0.1)]
    study = _study("mnist", xavier, [0.9, 1.0, 1.1], [-9.1, -9.0, -8.9])
    assert judged("block-spin-between", [study]) == (A if better else D)


# ------------------------------------------------------------- RG theory
def _rg(**fields):
    """RG evidence whose fields are those given (the judges read only what their claim needs)."""
    return SimpleNamespace(**fields)


_LISTS = dict(relevant=[(0, 0), (1, 0), (2, 0), (3, 0)], marginal=[(0, 1), (4, 0)])


@pytest.mark.parametrize("error, scaling, lists, verdict", [
    (0.99e-6, {(1, 1): 1.0}, _LISTS, A), (1e-6, {(1, 1): 1.0}, _LISTS, D),
    (0.0, {(1, 1): 0.0}, _LISTS, D),                                    # a marginal term among the others
    (0.0, {(1, 1): 1.0}, dict(_LISTS, marginal=[(0, 1)]), D),           # B11 incomplete
    (0.0, {(1, 1): 1.0}, dict(_LISTS, relevant=[(0, 0), (1, 0), (2, 0)]), D),
])
def test_momentum_space_needs_the_lists_irrelevant_others_and_the_quadrature(error, scaling, lists, verdict):
    scaling = {**scaling, **{key: 0.0 for key in lists["relevant"] + lists["marginal"]}}
    assert judged("rg-momentum-space", _rg(exponent_error=error, scaling=scaling, **lists)) == verdict


@pytest.mark.parametrize("gram, spread, copy, verdict", [
    (0.0, 0.99e-12, 0.99e-12, A), (0.0, 1e-12, 0.0, D), (0.0, 0.0, 1e-12, D), (1e-16, 0.0, 0.0, D),
])
def test_two_by_two_blocks_exactly(gram, spread, copy, verdict):
    evidence = _rg(gram_error=gram, two_by_two_values=np.array([2.0, 2.0 + spread, 2.0 - spread]), copy_error=copy)
    assert judged("rg-2x2-blocks", evidence) == verdict


def _shares(monkeypatch):
    """Make the judges read a spectrum's R² from its first value and its top-decile share from its second."""
    from rglib.claims import rg_theory
    monkeypatch.setattr(rg_theory, "linear_r2", lambda values: float(values[0]))
    monkeypatch.setattr(rg_theory, "top_decile_share", lambda values: float(values[1]))


@pytest.mark.parametrize("r2, share, verdict", [
    (0.901, 0.499, A), (0.9, 0.499, D), (0.901, 0.5, D),
])
def test_little_overlap_is_linear_and_not_concentrated(monkeypatch, r2, share, verdict):
    _shares(monkeypatch)
    evidence = _rg(spectra={4: np.array([r2, share]), 20: np.array([1.0, 0.9])})
    assert judged("fig14-little-overlap", evidence) == verdict


@pytest.mark.parametrize("large, small, two, dip, verdict", [
    (0.801, 0.5, 0.4, 0.0099, A), (0.8, 0.5, 0.4, 0.0, D), (0.801, 0.5, 0.4, 0.01, D),
    (0.801, 0.5, 0.5, 0.0, D), (0.801, 0.801, 0.4, 0.0, D), (0.801, 0.9, 0.4, 0.0, D),
])
def test_large_overlap_is_concentrated_and_grows_with_the_block(monkeypatch, large, small, two, dip, verdict):
    _shares(monkeypatch)
    evidence = _rg(spectra={4: np.array([1.0, small]), 20: np.array([1.0, large])}, shares=np.array([two]),
                   largest_dip=dip)
    assert judged("fig17-large-overlap", evidence) == verdict


def _modes(top, bottom, rho=0.6, smooth=(1.0, 2.0)):
    summary = {b: {"top": np.array(top, dtype=float), "bottom": np.array(bottom, dtype=float), "baseline": 1.0,
                   "rho": rho} for b in (4, 20)}
    return _rg(summary=summary, mean_modes={b: ([smooth[0]], [smooth[1]]) for b in (4, 20)})


@pytest.mark.parametrize("top, rho, smooth, verdict", [
    ([0.099] * 5, 0.501, (1.0, 2.0), A), ([0.099] * 4 + [0.1], 0.501, (1.0, 2.0), D),
    ([0.099] * 5, 0.5, (1.0, 2.0), D), ([0.099] * 5, 0.501, (2.0, 2.0), D),
])
def test_block_top_modes_below_a_tenth_smoother_and_ordered(top, rho, smooth, verdict):
    assert judged("fig15-20-block-top-modes", _modes(top, [1.0] * 5, rho, smooth)) == verdict


@pytest.mark.parametrize("bottom, verdict", [
    ([0.501] * 5, A), ([0.501] * 4 + [0.5], P), ([0.101] * 5, P), ([0.101] * 4 + [0.1], D),
])
def test_block_bottom_modes_fail_above_half_the_baseline(bottom, verdict):
    assert judged("fig16-21-block-bottom-modes", _modes([0.0] * 5, bottom)) == verdict


# --------------------------------------------------------------- sampling
def _sampler(z=3.99, deviation=0.0, tau=(1.0, 2.0), decorrelation=4.99, training_z=3.99, shape=True,
             warm=0.9 * (1 + 1e-9)):
    """A scan at 2.0, at ``warm`` x T_c (default just above 0.9; off Yang's curve by 0.5) and at 3.0; ``<|m|>`` at 2.0 is off
    Yang's by ``deviation``, with an error of 0.001."""
    from rglib.ising import exact
    from rglib.studies.sampling import SamplerEvidence
    runs = {(2.4, "wolff"): SimpleNamespace(tau_magnetization=tau[0]),
            (2.4, "metropolis"): SimpleNamespace(tau_magnetization=tau[1]),
            (4.0, "metropolis"): SimpleNamespace(decorrelation_time=decorrelation)}
    temperatures = np.array([2.0, warm * exact.critical_temperature(), 3.0])
    yang = exact.magnetization(temperatures)
    fields = {f.name: None for f in dataclasses.fields(SamplerEvidence)}
    return dataclasses.replace(
        SamplerEvidence(**fields), z_scores=np.array([0.0, -z, 0.0]), temperatures=temperatures,
        abs_m_mean=yang + np.array([deviation, 0.5, 0.5]), abs_m_error=np.array([0.001, 0.001, 0.5]),
        autocorrelation=runs, training_z=training_z, training_shape_ok=shape)


@pytest.mark.parametrize("changes, verdict", [
    ({}, A), ({"z": 4.0}, D), ({"training_z": -4.0}, D), ({"decorrelation": 5.0}, D),
    ({"tau": (2.0, 2.0)}, D), ({"shape": False}, D),
    ({"deviation": 4 * 0.001 + 0.01 - 1e-9}, A), ({"deviation": 4 * 0.001 + 0.01 + 1e-9}, D),
    ({"warm": 0.9}, D),           # a temperature off Yang's curve at 0.9 T_c (checked, as below it) fails
])
def test_sampler_passes_only_if_every_check_passes(changes, verdict):
    assert judged("ising-samples", _sampler(**changes)) == verdict


# ----------------------------------------------------------- mode dropping
def _dropped(changes, low_passed=None, values=(1.0, 0.5, 0.2, 0.19, 0.1)):
    """Five modes, three relevant at the 20 % cut (0.2 is not below it); error changes by k = 5 .. 0
    from 0.5, against a band of 2 x 0.125 = 0.25 (all exact in binary, so the band's edge is hit)."""
    from rglib.studies.mode_dropping import DroppedModes
    kept = np.array([5, 4, 3, 2, 1, 0])
    errors = 0.5 + np.asarray(changes, dtype=float)
    return DroppedModes(kept=kept, singular_values=np.array(values), relevant=3, errors=errors,
                        low_passed_errors=0.5 + np.asarray(low_passed if low_passed is not None else changes,
                                                           dtype=float),
                        error_standard_error=0.125, gaps=np.zeros(6), low_passed_gaps=np.zeros(6),
                        gap_standard_error=1.0, n_held_out=100)


@pytest.mark.parametrize("changes, low_passed, verdict", [
    ([0, 0, 0.25, 9, 9, 9], None, A),                   # within the band down to k = 3 (its edge counts)
    ([0, 0, -0.25, 9, 9, 9], None, A),
    ([0, 0, 0.2501, 9, 9, 9], None, D),                 # worse than the band at the relevant count
    ([0, 0.2501, 0, 9, 9, 9], None, P),                 # out of the band above it only
    ([0, 0, -0.2501, 9, 9, 9], None, P),                # better than the band: changed, not worse
    ([0, 0, 0, 9, 9, 9], [0, 0, 0.2501, 9, 9, 9], P),   # the low-passed network changes
])
def test_mode_dropping_within_two_standard_errors_down_to_the_relevant_count(changes, low_passed, verdict):
    assert judged("drop-irrelevant-modes", {"Ising": _dropped(changes, low_passed)}) == verdict


def test_mode_dropping_is_judged_on_every_network_and_at_the_catalogues_cut():
    fine, worse = _dropped([0, 0, 0, 9, 9, 9]), _dropped([0, 0, 0.3, 9, 9, 9])
    assert judged("drop-irrelevant-modes", {"Ising": fine, "MNIST": fine}) == A
    assert judged("drop-irrelevant-modes", {"Ising": fine, "MNIST": worse}) == P
    assert judged("drop-irrelevant-modes", {"Ising": worse, "MNIST": worse}) == D
    assert judged("drop-irrelevant-modes", {"Ising": fine, "MNIST": "MNIST is not here"}) == claims.NOT_RUN
    # at the catalogue's 20 % the relevant count is 3: k = 2 is not judged, k = 3 is
    assert judged("drop-irrelevant-modes", {"Ising": _dropped([0, 0, 0, 0.3, 9, 9])}) == A
    # one more singular value at the cut makes four relevant: then k = 3 is no longer judged
    assert judged("drop-irrelevant-modes", {"Ising": _dropped([0, 0, 0.3, 9, 9, 9])}) == D
    assert judged("drop-irrelevant-modes", {"Ising": _dropped([0, 0, 0.3, 9, 9, 9],
                                                              values=(1.0, 0.5, 0.2, 0.2, 0.1))}) == A


# ---------------------------------------------------------------- counting
def _paper(chain=(10_240_000, 1_280_000, 35_555), exact=39_999):
    naive, truncated, effective = chain
    return SimpleNamespace(
        arithmetic=SimpleNamespace(naive=naive, truncated=truncated, effective=effective, fourier_factor=1.0),
        max_radial_mode=56, with_singular_values=exact, modes_in_disc=1, modes_in_annuli=1, per_vector=1,
        orthonormal=1)


@pytest.mark.parametrize("chain, verdict", [
    ((10_240_000, 1_280_000, 35_555), A), ((10_240_000, 1_280_000, 35_556), D),
    ((10_240_000, 1_280_001, 35_555), D), ((10_240_001, 1_280_000, 35_555), D),
])
def test_arithmetic_follows_exactly(chain, verdict):
    assert judged("count-arithmetic", _paper(chain)) == verdict


@pytest.mark.parametrize("chain, exact, verdict", [
    ((10_240_000, 1_280_000, 35_555), 39_999, A), ((10_240_000, 1_280_000, 35_555), 40_000, P),
    ((10_240_000, 1_280_000, 35_556), 39_999, D),
])
def test_exact_count_below_the_samples(chain, exact, verdict):
    assert judged("count-below-samples", _paper(chain, exact)) == verdict


@pytest.mark.parametrize("effective, naive, verdict", [
    (39_999, 1_000_000, A), (40_000, 1_000_000, P), (40_000, 400_001, P), (40_000, 400_000, D),
])
def test_measured_count_below_the_samples_or_reduced_by_ninety_percent(monkeypatch, effective, naive, verdict):
    from rglib.claims import network
    monkeypatch.setattr(network, "power_cutoff", lambda count, L: (1, 1))
    evidence = _network(effective, naive, samples=40_000)
    assert judged("count-measured", evidence) == verdict
    # counted at the catalogue's conventions: at any other the stand-in network counts every weight
    assert network.judge_measured_count(evidence, {"reduction": 0.9, "cut": 0.2, "spectrum_floor": 0.05}).verdict \
        == verdict


def test_the_count_is_made_at_the_catalogues_cut_and_floor():
    from rglib.analysis.parameters import effective_parameters
    from rglib.studies.network import MeasuredCount
    weight = np.random.default_rng(3).standard_normal((64, 16))
    evidence = MeasuredCount(weight, 8, 4, 100)
    for claim_id in ("count-measured", "footnote1-fraction"):
        thresholds = claims.claim(claim_id).thresholds
        assert (thresholds["cut"], thresholds["spectrum_floor"]) == (0.2, 0.05)
    assert evidence.count(0.2, 0.05).effective == effective_parameters(weight, (8, 8), (4, 4)).effective
    assert evidence.count(0.5, 0.05).kept < evidence.count(0.2, 0.05).kept


# ------------------------------------------------------------------ the RGM
def _c10(deviation: float, other: float = 0.0, kappa: int = 2):
    from rglib.studies.rgm_machine import C10Evidence
    closed = np.array([1.0, 0.0])  # deviations exact in binary: |computed - closed| is the number given
    computed = np.array([1.0, deviation, other, 0.0])
    return C10Evidence(computed, closed, kappa, 4, 2)


@pytest.mark.parametrize("deviation, other, verdict", [
    (0.99e-6, 0.0, A), (1e-6, 0.0, D), (0.0, 0.99e-6, A), (0.0, 1e-6, D),
])
def test_c10_singular_values_equal_the_block_spin_norms_to_the_tolerance(deviation, other, verdict):
    assert judged("rgm-c10-block-spin-norms", _c10(deviation, other)) == verdict
    assert judged("rgm-c10-block-spin-norms", "MNIST is not here") == claims.NOT_RUN


def test_c10_fails_for_a_machine_whose_weight_is_not_its_construction():
    from rglib.models.rgm import rgm
    from rglib.studies.rgm_machine import c10_of
    data = np.sign(np.random.default_rng(1).standard_normal((300, 64)))
    machine = rgm(data, 4, kappa=3, alpha=1)
    assert judged("rgm-c10-block-spin-norms", c10_of(machine)) == A
    scaled = dataclasses.replace(machine, weight=machine.weight * (1 + 1e-5))
    assert judged("rgm-c10-block-spin-norms", c10_of(scaled)) == D


def _late(closest, ratio, budget=8):
    """Three seeds whose distance is smallest at epochs ``closest``, and ``ratio`` x the start's at the end."""
    from rglib.studies.rgm_machine import LateTrainingEvidence
    start = np.tile(np.linspace(0.0, 1.0, budget + 1), (len(closest), 1))
    distance = np.full((len(closest), budget + 1), 5.0)
    for seed, epoch in enumerate(closest):
        distance[seed, epoch] = 0.01
        distance[seed, budget] = ratio if epoch != budget else min(ratio, 0.01)
    return LateTrainingEvidence(distance, start, budget, "RGM")


@pytest.mark.parametrize("closest, ratio, verdict", [
    ([4, 4, 0], 0.49, A), ([3, 4, 3], 0.49, P), ([4, 5, 6], 0.5, P), ([0, 3, 8], 0.5, D),
    ([8, 8, 8], 0.001, A),
])
def test_rgm_images_closest_to_a_late_epoch_and_nearer_than_the_start(closest, ratio, verdict):
    assert judged("rgm-late-training-images", _late(closest, ratio)) == verdict
    assert judged("rgm-late-training-images", "MNIST is not here") == claims.NOT_RUN


def test_the_control_of_the_late_training_claim_is_the_xavier_start_and_fails():
    from rglib.studies import rgm_machine
    assert claims.claim("rgm-late-training-images").control is rgm_machine.start_late_training_evidence
    start = np.tile(np.linspace(0.0, 1.0, 9), (3, 1))
    control = rgm_machine.LateTrainingEvidence(start, start, 8, "Xavier start")
    assert judged("rgm-late-training-images", control) == D
