"""The paper's Tables I-III as image grids: originals, Xavier RBM, untrained RGM, trained RGM.

Each table shows held-out images and their mean-field reconstructions by the
RBM trained from Xavier weights for the budget, by the untrained RGM, and by
the RGM trained for the paper's fraction of that budget (Table I: 2 of 8
epochs; Table II: 10 of 1,000; Table III: 100 of 1,000), at least one epoch.
The networks are those of :func:`rglib.studies.speedups.train` (cached).
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from .. import artifacts
from ..studies import speedups
from ..models.rbm import RBM
from ..models.reconstruction import reconstruction_error
from ..runtime.validation import require_integer

__all__ = ["PAPER_TRAINED_RGM", "table_figure", "trained_rgm_epochs"]

#: Epochs of the paper's "trained RGM" column (Tables I, III, II).
PAPER_TRAINED_RGM = {"mnist": 2, "fashion-mnist": 100, "flowers": 10}


def trained_rgm_epochs(profile, name: str) -> int:
    """The paper's trained-RGM epochs, scaled as the profile scales the Xavier budget (at least 1).

    Raises
    ------
    ValueError
        If ``profile`` is not a Profile or ``name`` not a studied data set.
    """
    budget = speedups.budget(profile, name)
    return max(1, round(PAPER_TRAINED_RGM[name] * budget / speedups.PAPER_BUDGETS[name]))


def table_figure(profile, name: str, seed: int = speedups.SEEDS[0], count: int = 5) -> tuple[
        Figure, dict[str, float]]:
    """The table of data set ``name`` for ``seed``: ``count`` held-out images spread over the split.

    Returns the figure and each network's held-out reconstruction error (all
    held-out images), by column title.

    Raises
    ------
    ValueError
        Naming a bad ``profile``, ``name``, ``seed`` or ``count``.
    """
    trained_epochs = trained_rgm_epochs(profile, name)
    seed = require_integer("seed", seed, minimum=0)
    count = require_integer("count", count, minimum=1)
    settings = profile.images(name)
    test = artifacts.image_set(profile, name, "test")
    if count > len(test.means):
        raise ValueError(f"count must be at most the {len(test.means)} held-out images, got {count}")
    budget = speedups.budget(profile, name)
    machine, _ = speedups.rgm_of(profile, name)
    networks = {
        f"RBM (Xavier, {budget} epochs)": speedups.train(profile, name, "xavier", seed, budget)[0],
        "RGM (untrained)": RBM(settings.side**2, settings.hidden_side**2, weight=machine.weight,
                               visible_bias=machine.visible_bias, hidden_bias=machine.hidden_bias),
        f"RGM trained {trained_epochs} epoch{'s' * (trained_epochs > 1)}":
            speedups.train(profile, name, "rgm", seed, trained_epochs)[0],
    }
    errors = {title: reconstruction_error(rbm, test.means) for title, rbm in networks.items()}
    shown = test.means[np.linspace(0, len(test.means) - 1, count).round().astype(int)]
    # Narrower than the book's column (6.4 inches, 640 px), so shown at full size: titles of
    # 11 points show at 15 px.
    fig, axes = plt.subplots(count, 1 + len(networks), figsize=(1.6 * (1 + len(networks)), 1.75 * count),
                             squeeze=False)
    columns = [("held-out original", shown)]
    for title, rbm in networks.items():
        with torch.no_grad():
            held = torch.as_tensor(shown, dtype=rbm.dtype, device=rbm.device)
            columns.append((f"{textwrap.fill(title, 14)}\nerror {errors[title]:.3f}",
                            rbm.visible_mean(rbm.hidden_mean(held)).cpu().numpy()))
    for column, (title, images) in enumerate(columns):
        axes[0, column].set_title(title, fontsize=11)
        for row, image in enumerate(images):
            axes[row, column].imshow(image.reshape(settings.side, settings.side), cmap="gray", vmin=-1, vmax=1)
            axes[row, column].axis("off")
    fig.tight_layout()
    return fig, errors
