"""The fp32/tf32 comparison: flattening a claim's numbers and judging shifts against seed spread."""

import pytest
import torch

from rglib.meta import precision


def test_numeric_measures_flattens_nested_numbers_and_drops_the_rest():
    numbers = {"a": 1, "b": {"c": 2.5, "d": [3.0, 4.0]}, "text": "x", "flag": True, "nan": float("nan")}
    assert precision.numeric_measures(numbers) == {"a": 1.0, "b.c": 2.5, "b.d.0": 3.0, "b.d.1": 4.0}


def _run(value, verdict="agrees"):
    return {"claim": {"verdict": verdict, "measures": {"m": value}}}


def test_a_shift_below_the_seed_spread_is_within_and_one_above_is_not():
    close = precision.compare({"fp32": [_run(1.0), _run(2.0), _run(3.0)],
                                      "tf32": [_run(1.1), _run(2.1), _run(3.1)]})
    (row,) = close
    assert row["shift"] == pytest.approx(0.1) and row["spread"] == pytest.approx(1.0)
    assert row["within_spread"] and row["verdicts"]["fp32"] == ["agrees"] * 3
    (far,) = precision.compare({"fp32": [_run(1.0), _run(1.1), _run(0.9)],
                                      "tf32": [_run(5.0), _run(5.1), _run(4.9)]})
    assert not far["within_spread"]


def test_identical_constant_measures_count_as_within_spread():
    (row,) = precision.compare({"fp32": [_run(2.0)] * 3, "tf32": [_run(2.0)] * 3})
    assert row["within_spread"] and row["shift"] == 0.0


def test_compare_refuses_unmatched_runs():
    with pytest.raises(ValueError, match="fp32"):
        precision.compare({"fp32": [_run(1.0)] * 3})
    with pytest.raises(ValueError, match="at least 2"):
        precision.compare({"fp32": [_run(1.0)], "tf32": [_run(1.0)]})


def test_the_saved_study_reads_back_and_its_absence_means_not_measured(tmp_path):
    assert precision.load(tmp_path / "absent.json") is None
    study = {"profile": "ci", "seeds": [1, 2, 3], "rows": []}
    path = precision.save(study, tmp_path / "p.json", {"device": "GPU: x"})
    assert precision.load(path) == {**study, "provenance": {"device": "GPU: x"}}


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_the_study_needs_a_gpu():
    from rglib.profiles import active_profile

    with pytest.raises(ValueError, match="CUDA"):
        precision.run(active_profile("ci"))


def test_each_precision_is_measured_on_its_own_profile_variant(monkeypatch):
    """Cached evidence is keyed by the profile, so the precision must be part of it."""
    from rglib import claims
    from rglib.profiles import active_profile

    seen = []

    def evaluate(profile, chapter, progress=None):
        seen.append(profile.rbm.precision)
        return []

    monkeypatch.setattr(claims, "evaluate", evaluate)
    profile = active_profile("ci")
    precision.measure(profile, "tf32", chapters=["training"])
    precision.measure(profile, "fp32", chapters=["training"])
    assert seen == ["tf32", "fp32"] and profile.rbm.precision == "fp32"


def test_the_seed_table_says_which_verdicts_move_between_seeds():
    runs = {"fp32": [_run(1.0, "agrees"), _run(2.0, "disagrees"), _run(3.0, "agrees")],
            "tf32": [_run(1.0, "agrees")] * 3}
    study = {"profile": "ci", "seeds": [1, 2, 3], "rows": precision.compare(runs), "provenance": {}}
    assert precision.seed_verdicts(study) == {"claim": ["agrees", "disagrees", "agrees"]}
    assert "| claim | agrees, disagrees, agrees | **no** |" in precision.seed_table(study)
    assert "| yes |" in precision.seed_table(study, "tf32")


def test_verdicts_and_measures_keep_each_claims_verdict_and_numeric_measures():
    from rglib.claims import ClaimResult

    result = ClaimResult(id="x", reference="r", statement="s", criterion="c", chapter="training",
                         profile="ci", data_source="d", verdict="agrees", key_number="",
                         numbers={"a": 1, "b": [2.0, 3.0], "text": "t"}, note="", thresholds={})
    assert precision.verdicts_and_measures([result]) == {
        "x": {"verdict": "agrees", "measures": {"a": 1.0, "b.0": 2.0, "b.1": 3.0}}}
    with pytest.raises(TypeError, match="results"):
        precision.verdicts_and_measures([{"verdict": "agrees"}])
