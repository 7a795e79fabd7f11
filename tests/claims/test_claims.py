"""rglib.claims: every claim is complete, results round-trip through JSON, artifacts are made."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from rglib import artifacts, claims
from rglib.__main__ import main
from rglib.claims.core import plain
from rglib.claims.network import judge_converged
from rglib.profiles import PROFILES

BOOK = Path(__file__).resolve().parents[2] / "book"

#: A profile small enough to sample and train in seconds (named ci so that the
#: book's display code knows it; everything it makes is keyed by its sizes).
TINY = dataclasses.replace(
    PROFILES["ci"],
    ising=dataclasses.replace(
        PROFILES["ci"].ising, lattice_size=8, n_samples=200, validation_lattice_size=8,
        validation_temperatures=(2.0, 4.0), validation_samples=200,
    ),
    rbm=dataclasses.replace(
        PROFILES["ci"].rbm, hidden_size=4, epochs=4, batch_size=100, stack_sides=(8, 4, 2),
        checkpoint_every=2,
    ),
)


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("RGLIB_CACHE", str(cache))
    monkeypatch.setenv("RGLIB_DEVICE", "cpu")
    return cache


def test_every_claim_is_complete():
    assert len(claims.CLAIMS) >= 30
    assert len({c.id for c in claims.CLAIMS}) == len(claims.CLAIMS)
    for item in claims.CLAIMS:
        for name in ("reference", "statement", "criterion", "chapter"):
            assert getattr(item, name).strip(), f"{item.id} has no {name}"
        if item.reproduced:
            assert callable(item.measure) and callable(item.judge), item.id
            assert (BOOK / f"{item.chapter}.md").exists(), f"{item.id}: no chapter {item.chapter}"
        else:
            assert item.reason.strip(), f"{item.id} is not reproduced and does not say why"


def test_the_paper_is_covered():
    references = " ".join(c.reference for c in claims.CLAIMS)
    for figure in range(1, 22):
        if figure in (3, 5, 6, 11, 13, 15, 16, 18, 19, 20, 21):
            continue  # covered inside a range such as "Figs. 2, 3" below
        assert f"Fig. {figure}" in references or f"Figs. {figure}," in references, figure
    for table in ("Table I", "Table II", "Table III"):
        assert table in references
    statements = " ".join(c.statement for c in claims.CLAIMS)
    for number in ("35,555", "0.3 %", "200 × 200", "4 and 100"):
        assert number in statements, number
    assert sum(c.reference.startswith("Sec. III") for c in claims.CLAIMS) >= 3


def test_claim_without_measure_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        claims.Claim("x", "Sec. I", "s", "c", "results")
    with pytest.raises(ValueError, match="both measure and judge"):
        claims.Claim("x", "Sec. I", "s", "c", "results", measure=lambda profile: None)


def test_unknown_names_are_refused():
    with pytest.raises(ValueError, match="unknown claim id"):
        claims.claim("fig99")
    with pytest.raises(ValueError, match="no threshold 'nonsense'"):
        claims.claim("training-converged").evaluate(TINY, {"nonsense": 1.0})
    with pytest.raises(ValueError, match="no claim is tested in chapter"):
        claims.evaluate(TINY, chapter="no-such-chapter")


#: A claim not reproduced yet (every claim of the catalogue now is).
NOT_YET = claims.Claim("not-yet", "Sec. I", "A claim.", "A criterion.", "results", reason="not run")


def test_result_round_trips_through_json(tmp_path):
    results = [*claims.evaluate(TINY, ids=["count-arithmetic", "count-below-samples"]), NOT_YET.evaluate(TINY)]
    assert [r.verdict for r in results] == [claims.AGREES, claims.PARTLY, claims.NOT_YET]
    for result in results:
        assert claims.ClaimResult.from_json(result.to_json()) == result
    path = tmp_path / "claims.json"
    claims.save_results(results, path)
    assert claims.load_results(path) == results
    values = json.loads(results[0].to_json())
    values["verdict"] = "maybe"
    with pytest.raises(ValueError, match="verdict must be one of"):
        claims.ClaimResult.from_dict(values)
    del values["verdict"]
    with pytest.raises(ValueError, match="missing \\['verdict'\\]"):
        claims.ClaimResult.from_dict(values)


def test_plain_turns_numpy_into_json_values():
    value = plain({"a": np.float32(0.5), "b": np.arange(3), "c": (np.bool_(True), np.nan), 4: None})
    assert value == {"a": 0.5, "b": [0, 1, 2], "c": [True, None], "4": None}
    assert json.loads(json.dumps(value)) == value
    with pytest.raises(TypeError, match="cannot store"):
        plain({"x": object()})


def test_thresholds_move_the_verdict():
    evidence = SimpleNamespace(relative_change=0.02, reconstruction_first=1.0, reconstruction_last=0.5)
    assert judge_converged(evidence, {"relative_change": 0.01}).verdict == claims.PARTLY
    assert judge_converged(evidence, {"relative_change": 0.04}).verdict == claims.AGREES


def test_missing_artifacts_are_made_not_faked(empty_cache):
    assert not empty_cache.exists()
    results = {r.id: r for r in claims.evaluate(
        TINY, ids=["ising-samples", "training-converged", "fig4-alignment", "count-measured"])}
    made = {path.name.split("-")[0] for path in empty_cache.iterdir()}
    assert {"ising", "rbm"} <= made, made
    # The numbers are those of the artifacts now in the cache, not stand-ins.
    rbm = artifacts.single_rbm(TINY)
    history = rbm.history_["reconstruction_error"]
    assert len(history) == TINY.rbm.epochs
    assert results["training-converged"].numbers["reconstruction_error_first"] == pytest.approx(history[0])
    assert results["count-measured"].numbers["naive"] == 8 * 8 * 4 * 4
    assert results["fig4-alignment"].numbers["k"] == 2
    assert results["ising-samples"].numbers["temperatures"] == 2
    assert all(r.profile == "ci" and r.verdict in claims.VERDICTS for r in results.values())


def test_command_line_writes_json(empty_cache, monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(PROFILES, "ci", TINY)
    subset = (claims.claim("rg-2x2-blocks"), claims.claim("count-arithmetic"), NOT_YET)
    monkeypatch.setattr(claims, "CLAIMS", subset)
    path = tmp_path / "out.json"
    main(["claims", "--profile", "ci", "--json", str(path)])
    printed = capsys.readouterr().out
    assert "rg-2x2-blocks" in printed and "not reproduced yet" in printed
    assert [r.id for r in claims.load_results(path)] == [c.id for c in subset]
    main(["claims", "--profile", "ci", "--ids", "count-arithmetic", "--json", str(path)])
    assert [r.id for r in claims.load_results(path)] == ["count-arithmetic"]
