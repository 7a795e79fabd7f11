"""The paper-scale results file: schema, provenance, size, and what the book shows from it."""

import json
from pathlib import Path

import numpy as np
import pytest

from rglib.chapters import display, results_page
from rglib.meta import precision, results_file
from rglib.claims import ClaimResult


def _claim(claim_id="fig1-block-spin", verdict="agrees"):
    return ClaimResult(
        id=claim_id, reference="Fig. 1", statement="s", criterion="c", chapter="singular_values",
        profile="paper", data_source="d", verdict=verdict, key_number="ratio 1.02", numbers={"x": 1.5},
        note="", thresholds={"t": 0.1},
    ).to_dict()


def _provenance():
    return results_file.provenance("paper", "GPU: test card", "cuda", "tf32", {"RBM stack": 123.4})


def _write(path, **changes):
    arguments = dict(provenance=_provenance(), claims=[_claim()],
                     failed_claims={"fig2-fourier": "MemoryError: too big"},
                     layers=[results_file.layer_figures(np.eye(16)[:, :4] * 2.0, 4, 2)])
    return results_file.write(path, **{**arguments, **changes})


def test_a_written_file_reads_back_with_its_provenance(tmp_path):
    path = _write(tmp_path / "paper.json")
    loaded = results_file.load(path)
    assert loaded.claims["fig1-block-spin"].to_dict() == _claim()
    assert loaded.failed_claims == {"fig2-fourier": "MemoryError: too big"}
    provenance = loaded.provenance
    assert provenance["precision"] == "tf32" and provenance["device"] == "GPU: test card"
    assert provenance["wall_seconds"] == {"RBM stack": 123.4}
    assert "numpy" in provenance["packages"] and provenance["date"].endswith("+00:00")
    assert "tf32" in loaded.provenance_line() and "GPU: test card" in loaded.provenance_line()
    assert not list(tmp_path.glob("*.partial"))


def test_layer_figures_hold_the_exact_singular_values_and_parseval_spectra():
    weight = np.random.default_rng(0).normal(size=(16, 4))
    layer = results_file.layer_figures(weight, 4, 2)
    np.testing.assert_allclose(layer["singular_values"], np.linalg.svd(weight, compute_uv=False))
    for mode in layer["radial"]:
        assert len(mode["visible_modes"]) == len(mode["visible_power"])
    assert len(layer["radial"]) == results_file.TOP_MODES


def test_absent_file_means_not_run(tmp_path):
    assert results_file.load(tmp_path / "absent.json") is None
    assert results_file.paper_verdict("fig1-block-spin", None) == results_file.NOT_RUN


def test_the_book_shows_each_claims_paper_scale_outcome(tmp_path):
    loaded = results_file.load(_write(tmp_path / "paper.json"))
    assert results_file.paper_verdict("fig1-block-spin", loaded) == "agrees (ratio 1.02)"
    assert "MemoryError" in results_file.paper_verdict("fig2-fourier", loaded)
    assert results_file.paper_verdict("table1-mnist", loaded) == "not judged in the paper-scale run"


@pytest.mark.parametrize("corrupt, message", [
    (lambda c: c.update(schema=99), "schema"),
    (lambda c: c["runs"][0]["provenance"].pop("commit"), "commit"),
    (lambda c: c["runs"][0].pop("layers"), "layers"),
    (lambda c: c["runs"][0]["claims"][0].update(verdict="maybe"), "verdict"),
    (lambda c: c.update(runs=[]), "no run"),
    (lambda c: c["runs"].append(c["runs"][0]), "each claim must be judged by one run"),
    (lambda c: c["runs"].append({**c["runs"][0], "claims": [], "failed_claims": {}}), "both hold the Ising layers"),
])
def test_a_malformed_file_is_refused_naming_what_is_wrong(tmp_path, corrupt, message):
    content = json.loads(_write(tmp_path / "paper.json").read_text())
    corrupt(content)
    with pytest.raises(ValueError, match=message):
        results_file.parse(json.dumps(content))


def test_a_file_over_the_size_limit_is_not_written(tmp_path, monkeypatch):
    monkeypatch.setattr(results_file, "MAX_BYTES", 100)
    with pytest.raises(ValueError, match="bytes"):
        _write(tmp_path / "paper.json")
    assert not (tmp_path / "paper.json").exists()


def test_one_failing_claim_is_recorded_and_the_others_kept(monkeypatch):
    from rglib import claims

    def evaluate(profile, ids, progress=None):
        if ids == ["bad"]:
            raise RuntimeError("out of memory")
        return [ClaimResult.from_dict(_claim(ids[0]))]

    monkeypatch.setattr(claims, "evaluate", evaluate)
    done, failed = results_file.evaluate_claims(None, ["good", "bad"])
    assert [r["id"] for r in done] == ["good"] and failed == {"bad": "RuntimeError: out of memory"}


def test_the_results_files_are_looked_for_in_the_checkouts_results_folder():
    """The book reads results/paper.json and results/precision.json at the checkout's root."""
    results = Path(__file__).resolve().parents[2] / "results"
    assert results_file.DEFAULT_PATH == results / "paper.json"
    assert precision.DEFAULT_PATH == results / "precision.json"


def test_the_committed_results_file_when_present_is_valid():
    """results/paper.json is written only by a paper-scale run; if it is there, it must parse."""
    if not results_file.DEFAULT_PATH.exists():
        pytest.skip("no paper-scale run committed yet (results/paper.json absent)")
    loaded = results_file.load()
    assert all(run["profile"] == "paper" for run in loaded.runs) and loaded.claims


def _image_run(tmp_path, merge):
    provenance = results_file.provenance("paper", "CPU: test", "cpu", "fp32", {"claims": 60.0})
    return results_file.write(tmp_path / "paper.json", provenance=provenance,
                              claims=[_claim("fig7-mnist", "partly agrees"), _claim()],
                              failed_claims={}, layers=[], merge=merge)


def test_a_merged_run_replaces_only_the_claims_it_judges(tmp_path):
    _write(tmp_path / "paper.json")
    loaded = results_file.load(_image_run(tmp_path, merge=True))
    assert [run["device"] for run in loaded.runs] == ["GPU: test card", "CPU: test"]
    assert loaded.claim_runs == {"fig2-fourier": 0, "fig7-mnist": 1, "fig1-block-spin": 1}
    assert loaded.run_of("fig7-mnist")["precision"] == "fp32" and loaded.run_of("absent") is None
    assert loaded.layers_run == 0 and loaded.provenance["device"] == "GPU: test card"
    assert loaded.run_chapters(1) == ["singular_values"] and loaded.run_chapters(0) == []
    assert "CPU: test" in loaded.provenance_line(1)
    with pytest.raises(ValueError, match="run must be below 2"):
        loaded.provenance_line(2)


def test_a_run_left_with_nothing_is_dropped_and_without_merge_the_file_is_replaced(tmp_path):
    _write(tmp_path / "paper.json", failed_claims={}, layers=[])
    assert len(results_file.load(_image_run(tmp_path, merge=True)).runs) == 1
    _write(tmp_path / "paper.json")
    assert len(results_file.load(_image_run(tmp_path, merge=False)).runs) == 1


def test_a_run_without_ising_claims_makes_no_ising_artifacts(tmp_path, monkeypatch):
    from rglib import claims

    monkeypatch.setattr(claims, "evaluate",
                        lambda profile, ids, progress=None: [ClaimResult.from_dict(_claim(ids[0]))])

    def reproduce():
        raise AssertionError("the Ising artifacts were made for image chapters")

    _write(tmp_path / "paper.json")
    loaded = results_file.load(results_file.run(
        "ci", tmp_path / "paper.json", reproduce=reproduce, chapters=["mnist"], merge=True, progress=False))
    mnist = [c.id for c in claims.CLAIMS if c.chapter == "mnist"]
    assert len(loaded.runs) == 2 and loaded.layers_run == 0
    assert all(loaded.claim_runs[i] == 1 for i in mnist)
    assert set(loaded.runs[1]["wall_seconds"]) == {"claims"}


def test_the_results_table_and_verdict_lines_show_the_paper_scale_when_present(tmp_path, monkeypatch):
    loaded = results_file.load(_write(tmp_path / "paper.json"))
    ours = ClaimResult.from_dict({**_claim(), "profile": "ci", "verdict": "disagrees"})
    monkeypatch.setattr(display, "load_paper_results", lambda: loaded)
    table = results_page.results_table([ours], loaded).data
    assert "{bdg-success}`agrees` at the paper's scale" in table
    assert "*Paper scale:* agrees (ratio 1.02)." in table
    assert "GPU: test card" in display.paper_scale_note() and "one run" in display.paper_scale_note()
    assert "GPU: test card" in results_page.paper_scale_provenance(loaded, None)
    monkeypatch.setattr(display, "load_paper_results", lambda: None)
    assert results_file.NOT_RUN in results_page.results_table([ours], None).data
    assert "not run at the paper's scale" in results_page.results_table([ours], None).data
    assert "not yet run at the paper's scale" in display.paper_scale_note()


def test_every_claim_has_a_paper_scale_verdict_or_a_stated_reason():
    """The results page never shows a claim without a paper-scale outcome or the reason it has none."""
    from rglib import claims

    loaded = results_file.load()
    if loaded is None:
        pytest.skip("no paper-scale run committed yet (results/paper.json absent)")
    judged = set(loaded.claim_runs)
    catalogue = {c.id for c in claims.CLAIMS}
    assert sorted(catalogue - judged - set(results_file.NOT_RUN_REASONS)) == []
    assert sorted(judged & set(results_file.NOT_RUN_REASONS)) == []  # a reason outlived its run
    assert sorted(set(results_file.NOT_RUN_REASONS) - catalogue) == []


def test_a_claim_not_run_shows_its_reason(tmp_path, monkeypatch):
    loaded = results_file.load(_write(tmp_path / "paper.json"))
    monkeypatch.setattr(results_file, "NOT_RUN_REASONS", {"table1-mnist": "needs a GPU"})
    assert results_file.paper_verdict("table1-mnist", loaded) == "not judged at the paper's scale: needs a GPU"
