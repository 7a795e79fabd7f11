import numpy as np
import pytest

from rglib import backend, profiles


def test_cpu_is_numpy(monkeypatch):
    monkeypatch.delenv("RGLIB_DEVICE", raising=False)
    assert backend.resolve_device("cpu") == "cpu"
    assert backend.array_module("cpu") is np


def test_environment_variable_decides_auto(monkeypatch):
    monkeypatch.setenv("RGLIB_DEVICE", "cpu")
    assert backend.resolve_device("auto") == "cpu"
    monkeypatch.setenv("RGLIB_DEVICE", "quantum")
    with pytest.raises(ValueError, match="RGLIB_DEVICE"):
        backend.resolve_device("auto")


def test_auto_without_gpu_is_cpu(monkeypatch):
    monkeypatch.delenv("RGLIB_DEVICE", raising=False)
    monkeypatch.setattr(backend, "gpu_available", lambda: False)
    assert backend.resolve_device("auto") == "cpu"
    with pytest.raises(ValueError, match="no usable GPU"):
        backend.resolve_device("gpu")
    monkeypatch.setenv("RGLIB_DEVICE", "gpu")
    with pytest.raises(ValueError, match="RGLIB_DEVICE='gpu'"):
        backend.resolve_device("auto")


def test_unknown_device_is_named():
    with pytest.raises(ValueError, match="device"):
        backend.resolve_device("tpu")


def test_profiles_are_selected_by_environment(monkeypatch):
    monkeypatch.delenv("RGLIB_PROFILE", raising=False)
    assert profiles.active_profile().name == "ci"
    monkeypatch.setenv("RGLIB_PROFILE", "paper")
    paper = profiles.active_profile()
    assert (paper.lattice_size, paper.n_samples, paper.temperature) == (80, 40_000, 4.0)
    monkeypatch.setenv("RGLIB_PROFILE", "huge")
    with pytest.raises(ValueError, match="RGLIB_PROFILE"):
        profiles.active_profile()
    with pytest.raises(ValueError, match="name"):
        profiles.active_profile("huge")
