"""The greedy layer-wise stack of RBMs (rglib.models.stack)."""

import pytest
import torch

from rglib.models.stack import stack
from tests.models.test_rbm import random_spins
from tests.models.test_rbm_fit import interrupt_at_epoch


def test_stack_trains_one_rbm_per_pair_of_sides_and_caches_them(tmp_path, monkeypatch):
    data = random_spins(200, 64, seed=19)
    arguments = dict(epochs=2, batch_size=50, lr=0.05, seed=3, checkpoint_dir=tmp_path)
    layers = stack(data, (8, 4, 2), **arguments)
    assert [(layer.n_visible, layer.n_hidden) for layer in layers] == [(64, 16), (16, 4)]
    assert [layer.seed for layer in layers] == [3, 4]
    assert all(len(layer.history_["seconds"]) == 2 for layer in layers)
    assert len(list(tmp_path.glob("rbm-stack-*.npz"))) == 2

    calls = interrupt_at_epoch(monkeypatch, epoch=1)
    again = stack(data, [8, 4, 2], **arguments)
    assert not calls
    assert all(torch.equal(a.weight, b.weight) for a, b in zip(layers, again))


GOOD = random_spins(20, 4, seed=20)


def _stack(sides, **changes):
    return stack(GOOD, sides, **{"epochs": 1, "batch_size": 10, "lr": 0.1, **changes})


@pytest.mark.parametrize("build, name", [
    (lambda: _stack((2,)), "sides"),
    (lambda: _stack((2, 2)), "sides"),
    (lambda: _stack((1, 2)), "sides"),
    (lambda: _stack((2, 1.0)), "sides"),
    (lambda: _stack((2, 0)), "sides"),
    (lambda: _stack((3, 1)), "data"),
    (lambda: _stack((2, 1), lr=-1.0), "lr"),
    (lambda: _stack((2, 1), checkpoint_every=1), "checkpoint_every"),
])
def test_bad_input_is_refused_naming_the_argument(build, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        build()


def test_a_given_first_layer_is_used_as_is_and_the_deeper_layers_train_on_it(tmp_path):
    data = random_spins(200, 64, seed=21)
    arguments = dict(epochs=2, batch_size=50, lr=0.05, seed=3, checkpoint_dir=tmp_path)
    layers = stack(data, (8, 4, 2), **arguments)
    again = stack(data, (8, 4, 2), **arguments, first_layer=layers[0])
    assert again[0] is layers[0]
    assert torch.equal(again[1].weight, layers[1].weight)
    with pytest.raises(ValueError, match=r"\bfirst_layer\b"):
        stack(data, (8, 4, 2), **arguments, first_layer=layers[1])
