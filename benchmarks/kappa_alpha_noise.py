"""How often choose_kappa_alpha accepts pure +-1 noise (the false-acceptance rate in its docstring).

Each trial draws independent +-1 spins (``numpy.random.default_rng(seed)``) of
``n`` samples on an ``L x L`` lattice and asks for ``(kappa, alpha)`` with the
hidden side ``L / 2``; a refusal (ValueError: no eigenvalue above the noise
edge) is the right answer, a returned pair a false acceptance.

    python benchmarks/kappa_alpha_noise.py [seeds]
"""

from __future__ import annotations

import sys

import numpy as np

from rglib.models.rgm import choose_kappa_alpha

SIZES = ((4000, 8), (400, 16))  # (n samples, lattice side): the sizes of issue 17


def accepted(n: int, side: int, seed: int) -> bool:
    """Whether choose_kappa_alpha returned a pair for one draw of pure noise."""
    noise = np.random.default_rng(seed).choice([-1.0, 1.0], size=(n, side * side))
    try:
        choose_kappa_alpha(noise, side // 2)
    except ValueError:
        return False
    return True


if __name__ == "__main__":
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    for n, side in SIZES:
        count = sum(accepted(n, side, seed) for seed in range(seeds))
        print(f"{n} x {side * side}: {count} of {seeds} seeds accepted ({count / seeds:.1%})")
