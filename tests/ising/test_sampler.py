"""The sampler against exact results: enumeration of the 4 x 4 torus and Kaufman's formula."""

import itertools

import numba
import numpy as np
import pytest
from scipy import stats

from rglib.ising import exact
from rglib.ising.autocorrelation import binning_error
from rglib.runtime.backend import gpu_available
from rglib.ising import MAX_TEMPERATURE, choose_algorithm, energy_per_spin, plan, sample
from rglib.ising import sampler as sampler_module
from rglib.ising.throughput import metropolis_updates_per_nanosecond

TC = exact.critical_temperature()


def _exact_energy_distribution(size, temperature):
    """P(E) over all 2^(size^2) states of the periodic lattice, by enumeration."""
    states = np.array(list(itertools.product((-1, 1), repeat=size * size)), dtype=np.int8)
    energies = np.rint(energy_per_spin(states.reshape(-1, size, size)) * size * size).astype(int)
    values, degeneracy = np.unique(energies, return_counts=True)
    weights = degeneracy * np.exp(-(values - values.min()) / temperature)
    return values, weights / weights.sum()


def _chi_square_p_value(observed_energies, values, probabilities, minimum_expected=5.0):
    """Pearson's chi-square; bins with small expectation are merged into their neighbour."""
    counts = np.array([(observed_energies == v).sum() for v in values], dtype=float)
    assert counts.sum() == len(observed_energies), "a sampled energy is not a possible energy"
    expected = probabilities * len(observed_energies)
    merged_counts, merged_expected = [], []
    count_bin = expected_bin = 0.0
    for count, expectation in zip(counts, expected):
        count_bin += count
        expected_bin += expectation
        if expected_bin >= minimum_expected:
            merged_counts.append(count_bin)
            merged_expected.append(expected_bin)
            count_bin = expected_bin = 0.0
    merged_counts[-1] += count_bin
    merged_expected[-1] += expected_bin
    return stats.chisquare(merged_counts, merged_expected).pvalue


@pytest.mark.parametrize("algorithm", ["metropolis", "wolff", "swendsen-wang"])
@pytest.mark.parametrize("temperature", [1.8, TC, 4.0])
def test_energy_histogram_on_4x4_torus_matches_exact_boltzmann_distribution(algorithm, temperature):
    values, probabilities = _exact_energy_distribution(4, temperature)
    spins = sample(4, temperature, 20_000, seed=11, device="cpu", algorithm=algorithm)
    energies = np.rint(energy_per_spin(spins) * 16).astype(int)
    # A correct sampler fails this with probability 1e-3 per case (fixed seed: reproducible).
    assert _chi_square_p_value(energies, values, probabilities) > 1e-3


@pytest.mark.parametrize(
    "size, temperature, algorithm",
    [(32, 4.0, "metropolis"), (16, 2.3, "wolff"), (16, 2.0, "wolff"), (16, 3.0, "metropolis"),
     (16, 2.3, "swendsen-wang"), (16, 2.0, "swendsen-wang")],
)
def test_mean_energy_agrees_with_kaufman_within_four_standard_errors(size, temperature, algorithm):
    spins = sample(size, temperature, 4_000, seed=5, device="cpu", algorithm=algorithm)
    result = binning_error(energy_per_spin(spins))
    assert result.converged
    exact_value = exact.energy_per_spin(temperature, L=size)
    assert abs(result.mean - exact_value) < 4 * result.error, (result.mean, exact_value, result.error)


def test_same_seed_same_samples_and_different_seed_different_samples():
    first = sample(8, 3.0, 300, seed=7, device="cpu", algorithm="metropolis")
    assert np.array_equal(first, sample(8, 3.0, 300, seed=7, device="cpu", algorithm="metropolis"))
    assert not np.array_equal(first, sample(8, 3.0, 300, seed=8, device="cpu", algorithm="metropolis"))
    wolff = sample(8, 2.0, 300, seed=7, device="cpu", algorithm="wolff")
    assert np.array_equal(wolff, sample(8, 2.0, 300, seed=7, device="cpu", algorithm="wolff"))


@pytest.mark.parametrize("algorithm", ["metropolis", "wolff", "swendsen-wang"])
def test_samples_do_not_depend_on_the_number_of_threads(algorithm):
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = sample(8, 2.6, 200, seed=3, device="cpu", algorithm=algorithm)
    finally:
        numba.set_num_threads(threads)
    assert np.array_equal(one, sample(8, 2.6, 200, seed=3, device="cpu", algorithm=algorithm))


def test_report_shows_burn_in_and_spacing_from_the_measured_tau():
    spins, report = sample(16, 3.0, 500, seed=1, device="cpu", algorithm="metropolis", return_report=True)
    assert spins.shape == (500, 16, 16) and spins.dtype == np.int8
    assert set(np.unique(spins)) == {-1, 1}
    assert report.decorrelation_time >= report.tau > 0.5
    assert report.burn_in // 3 >= 20 * report.decorrelation_time
    assert report.burn_in - report.burn_in // 3 >= 40 * report.decorrelation_time
    assert report.spacing >= 4 * report.decorrelation_time
    assert report.autocorrelation_energy[0] == pytest.approx(1.0)
    assert report.n_chains * report.spacing * ((500 + report.n_chains - 1) // report.n_chains) + (
        report.burn_in * report.n_chains
    ) == report.spin_updates // 256


def test_automatic_choice_uses_wolff_near_and_below_the_critical_point():
    _, near = sample(8, 2.3, 50, seed=1, device="cpu", return_report=True)
    _, hot = sample(8, 4.0, 50, seed=1, device="cpu", return_report=True)
    assert near.algorithm == "wolff" and hot.algorithm == "metropolis"


def test_automatic_choice_on_a_gpu_uses_swendsen_wang_for_the_cluster_algorithm(monkeypatch):
    monkeypatch.setattr(sampler_module, "resolve_device", lambda device: "gpu")
    assert plan(2.3, "auto") == ("swendsen-wang", "gpu")
    assert plan(2.3, "gpu") == ("swendsen-wang", "gpu")
    assert plan(4.0, "auto") == ("metropolis", "gpu")
    assert plan(2.3, "cpu") == ("wolff", "cpu")
    assert plan(2.3, "auto", "wolff") == ("wolff", "cpu")


BAD_ARGUMENTS = [
    (dict(L=7), "L"),
    (dict(L=0), "L"),
    (dict(L=8.0), "L"),
    (dict(L=True), "L"),
    (dict(L=2), "L"),  # the 2 x 2 torus: checkerboard Metropolis is trapped in a cycle
    (dict(L=2, algorithm="auto", T=4.0), "L"),
    (dict(T=1e300), "T"),  # every spin flips every sweep: Metropolis never decorrelates
    (dict(T=MAX_TEMPERATURE * 1.001), "T"),
    (dict(T=0.0), "T"),
    (dict(T=-1.0), "T"),
    (dict(T=float("nan")), "T"),
    (dict(T=float("inf")), "T"),
    (dict(n_samples=0), "n_samples"),
    (dict(n_samples=2.5), "n_samples"),
    (dict(seed=-1), "seed"),
    (dict(algorithm="heatbath"), "algorithm"),
    (dict(device="tpu"), "device"),
    (dict(device="gpu", algorithm="wolff"), "wolff"),
    (dict(progress="no"), "progress"),
    (dict(return_report="yes"), "return_report"),
]


@pytest.mark.parametrize("change, named", BAD_ARGUMENTS)
def test_bad_arguments_raise_value_errors_that_name_them(change, named):
    arguments = dict(L=8, T=3.0, n_samples=10, seed=0, device="cpu", algorithm="metropolis")
    arguments.update(change)
    with pytest.raises(ValueError, match=named):
        sample(arguments.pop("L"), arguments.pop("T"), arguments.pop("n_samples"), **arguments)


@pytest.mark.skipif(gpu_available(), reason="a GPU is present, so asking for it is not an error")
def test_asking_for_a_gpu_where_none_is_present_says_so():
    with pytest.raises(ValueError, match="no usable GPU"):
        sample(8, 3.0, 10, seed=0, device="gpu", algorithm="metropolis")


@pytest.mark.gpu
@pytest.mark.skipif(not gpu_available(), reason="needs an NVIDIA GPU with CuPy (cupy.is_available() is False)")
@pytest.mark.parametrize("algorithm, temperature, seed", [("metropolis", 3.0, 9), ("swendsen-wang", 2.27, 4)])
def test_gpu_and_cpu_give_identical_samples(algorithm, temperature, seed):
    cpu = sample(16, temperature, 500, seed=seed, device="cpu", algorithm=algorithm)
    gpu = sample(16, temperature, 500, seed=seed, device="gpu", algorithm=algorithm)
    assert np.array_equal(cpu, gpu)


@pytest.mark.gpu
@pytest.mark.skipif(not gpu_available(), reason="needs an NVIDIA GPU with CuPy (cupy.is_available() is False)")
def test_gpu_mean_energy_agrees_with_kaufman():
    spins = sample(32, 4.0, 4_000, seed=5, device="gpu", algorithm="metropolis")
    result = binning_error(energy_per_spin(spins))
    assert abs(result.mean - exact.energy_per_spin(4.0, L=32)) < 4 * result.error


@pytest.mark.parametrize("call, named", [
    (lambda: choose_algorithm(-1), "temperature"),
    (lambda: choose_algorithm(0.0), "temperature"),
    (lambda: choose_algorithm(1e300), "temperature"),
    (lambda: plan(T=-3), "T"),
    (lambda: plan(T=float("nan")), "T"),
    (lambda: metropolis_updates_per_nanosecond(L=0), "L"),
    (lambda: metropolis_updates_per_nanosecond(L=2), "L"),
    (lambda: metropolis_updates_per_nanosecond(L=8, T=-1.0), "T"),
    (lambda: metropolis_updates_per_nanosecond(L=8, n_chains=0), "n_chains"),
    (lambda: metropolis_updates_per_nanosecond(L=8, n_sweeps=0), "n_sweeps"),
])
def test_impossible_temperatures_and_sizes_are_refused(call, named):
    with pytest.raises(ValueError, match=rf"\b{named} must"):
        call()


def test_the_smallest_lattice_and_the_highest_temperature_are_sampled():
    spins = sample(4, MAX_TEMPERATURE, 20, seed=1, device="cpu", algorithm="wolff")
    assert spins.shape == (20, 4, 4) and set(np.unique(spins)) <= {-1, 1}


def test_a_chain_too_slow_to_measure_is_reported_with_its_cause(monkeypatch):
    monkeypatch.setattr(sampler_module, "MAX_PILOT_SWEEPS", 128)
    cause = "metropolis chains at L=32.*decorrelate too slowly.*wolff"
    with pytest.raises(RuntimeError, match=cause):
        sample(32, TC, 10, seed=1, device="cpu", algorithm="metropolis")
