"""rglib.profiles: the run sizes, selected by RGLIB_PROFILE."""

import pytest

from rglib import profiles


def test_profiles_are_selected_by_environment(monkeypatch):
    monkeypatch.delenv("RGLIB_PROFILE", raising=False)
    assert profiles.active_profile().name == "ci"
    monkeypatch.setenv("RGLIB_PROFILE", "paper")
    paper = profiles.active_profile()
    ising = paper.ising
    assert (ising.lattice_size, ising.n_samples, ising.temperature) == (80, 40_000, 4.0)
    monkeypatch.setenv("RGLIB_PROFILE", "huge")
    with pytest.raises(ValueError, match="RGLIB_PROFILE"):
        profiles.active_profile()
    with pytest.raises(ValueError, match="name"):
        profiles.active_profile("huge")
