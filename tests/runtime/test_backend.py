"""rglib.runtime.backend: NumPy or CuPy, and the torch device, chosen by RGLIB_DEVICE."""

import numpy as np
import pytest

from rglib.runtime import backend


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


@pytest.mark.parametrize("device", ["tpu", "auto", "GPU", None, 0])
@pytest.mark.parametrize("function", [backend.array_module, backend.describe_device])
def test_an_unresolved_device_is_refused_naming_the_fix(function, device):
    with pytest.raises(ValueError, match=r"\bdevice\b.*resolve_device"):
        function(device)


@pytest.mark.parametrize("function", [backend.array_module, backend.describe_device])
def test_the_gpu_without_one_is_refused_naming_the_fix(function, monkeypatch):
    monkeypatch.setattr(backend, "gpu_available", lambda: False)
    with pytest.raises(ValueError, match=r"device='gpu'.*device='cpu'"):
        function("gpu")


def test_the_cpu_is_described_as_the_cpu():
    assert backend.describe_device("cpu").startswith("CPU: ")


def test_the_device_gives_the_torch_device_too(monkeypatch):
    import torch

    monkeypatch.setenv("RGLIB_DEVICE", "cpu")
    assert backend.torch_device() == backend.torch_device("cpu") == "cpu"
    monkeypatch.setattr(backend, "gpu_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert backend.torch_device("gpu") == "cuda"
    assert backend.require_torch_device("cuda") == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert backend.torch_device("gpu") == "cpu", "a torch without CUDA trains on the CPU"
    assert backend.require_torch_device("cpu") == "cpu"
    with pytest.raises(ValueError, match="device='cpu'"):
        backend.require_torch_device("cuda")


@pytest.mark.parametrize("value", ["text", [1.0, 2.0], 3.0, None])
def test_to_numpy_refuses_what_is_not_an_array_of_either_backend(value):
    with pytest.raises(TypeError, match=r"\barray\b.*NumPy or CuPy"):
        backend.to_numpy(value)


def test_to_numpy_returns_a_numpy_array_itself():
    array = np.arange(3)
    assert backend.to_numpy(array) is array
