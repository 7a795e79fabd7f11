"""rglib.chapters.image_figures: what the four image chapters print, glue and check."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from IPython.display import Markdown

from rglib import claims
from rglib.artifacts import ImageSet
from rglib.analysis.blockspin import best_block_size
from rglib.chapters import image_figures, page
from rglib.models.rbm import RBM
from rglib.profiles import PROFILES
from rglib.studies.images import GeneralizationEvidence, bias_evidence_of
from rglib.studies.network import SingularValueEvidence

CI = PROFILES["ci"]


def _singular() -> SingularValueEvidence:
    trained = best_block_size(np.random.default_rng(1).standard_normal((64, 16)), 8)
    initial = best_block_size(np.random.default_rng(2).standard_normal((64, 16)), 8)
    return SingularValueEvidence(trained, initial)


def _generalization(epochs: int = 3) -> GeneralizationEvidence:
    curve = np.linspace(0.3, 0.1, epochs)
    return GeneralizationEvidence(
        history={"reconstruction_error": curve, "held_out_reconstruction_error": curve + 0.01,
                 "free_energy_gap": np.zeros(epochs)},
        reconstruction_train=0.12345, reconstruction_held_out=0.13456,
        free_energy_train=np.array([-10.0, -11.0]), free_energy_held_out=np.array([-10.5, -10.0]),
        gap=0.25, gap_error=0.5, mean_image_error=0.2, patches=False)


def _result(claim_id: str, source: str) -> claims.ClaimResult:
    return claims.ClaimResult(
        id=claim_id, reference="r", statement="s", criterion="c", chapter="mnist", profile="ci",
        data_source=source, verdict=claims.AGREES, key_number="k", numbers={}, note="", thresholds={},
    )


def test_small_singular_values_counts_those_below_the_truncation():
    evidence = _singular()
    values = evidence.trained.singular_values
    below = int(np.sum(values < image_figures.TRUNCATION * values[0]))
    assert image_figures.small_singular_values(evidence) == f"{below} of {len(values)}"


def test_singular_value_summary_gives_both_matches_and_the_truncation_with_its_note():
    evidence = _singular()
    trained, initial = evidence.trained, evidence.initial
    first = (f"trained: best block {trained.block}, d = {trained.distance:.3f}; "
             f"initial: best block {initial.block}, d = {initial.distance:.3f}")
    second = f"{image_figures.small_singular_values(evidence)} singular values are below 20 % of the largest"
    assert image_figures.singular_value_summary(evidence) == f"{first}\n{second}"
    noted = image_figures.singular_value_summary(evidence, "the paper's truncation in Section II A")
    assert noted == page.wrap(f"{first}\n{second} (the paper's truncation in Section II A)")
    assert all(len(line) <= page.LINE_WIDTH for line in noted.splitlines())


def test_generalization_summary_gives_the_errors_and_the_free_energy_gap():
    assert image_figures.generalization_summary(_generalization()) == (
        "reconstruction error after training: training images 0.1235, held-out images\n"
        "    0.1346\n"
        "free-energy gap (held out - training): +0.25 ± 0.50 nats per image")


def test_bias_summary_has_one_line_per_network_that_fits_the_column():
    evidence = bias_evidence_of(RBM(16, 4, visible_bias=np.linspace(-1, 1, 16),
                                    hidden_bias=np.linspace(-1, 1, 4)), 4, 2)
    text = image_figures.bias_summary({"MNIST": evidence, "Ising": evidence})
    assert text.startswith(f"MNIST: |cos(b_v, u_1)| = {evidence.visible.cosine:.3f} (random ")
    assert "\nIsing: |cos(b_v, u_1)|" in text
    assert all(len(line) <= page.LINE_WIDTH for line in text.splitlines())


def test_image_chapter_refuses_a_bad_name_before_printing(capsys):
    with pytest.raises(ValueError, match="name"):
        image_figures.ImageChapter("fashion_mnist")
    assert capsys.readouterr().out == ""


def _chapter(epochs: int) -> image_figures.ImageChapter:
    """An ImageChapter made without its preamble, holding small evidence (no data, no training)."""
    chapter = object.__new__(image_figures.ImageChapter)
    chapter.profile, chapter.document = CI, "mnist"
    chapter.settings = SimpleNamespace(epochs=epochs)
    chapter.singular, chapter.generalization = _singular(), _generalization(3)
    return chapter


def test_glue_results_glues_the_summaries_prints_the_verdicts_and_checks(monkeypatch, capsys):
    glued = {}

    def glue(name, value, display=True):
        assert display is False
        glued[name] = value

    results = [_result("fig7", "MNIST digits"), _result("general", "MNIST digits")]
    monkeypatch.setattr(image_figures, "evaluate", lambda profile, chapter: results)
    monkeypatch.setattr(image_figures, "glue", glue)
    monkeypatch.setattr(page, "glue", glue)
    chapter = _chapter(epochs=3)
    returned = image_figures.glue_results(chapter, {"fig7": "mnist_sv", "general": "mnist_general"}, "mnist")
    assert returned == {r.id: r for r in results}
    initial = chapter.singular.initial
    assert glued == {
        "mnist_sv_verdict": claims.AGREES, "mnist_sv_key": "k",
        "mnist_general_verdict": claims.AGREES, "mnist_general_key": "k",
        "mnist_source": "MNIST digits",
        "mnist_below": image_figures.small_singular_values(chapter.singular),
        "mnist_initial": f"{initial.block} x {initial.block} blocks at d = {initial.distance:.3f}",
        "mnist_train_error": "0.1235", "mnist_held_error": "0.1346",
    }
    assert capsys.readouterr().out == page.verdict_lines(returned) + "\n"
    with pytest.raises(AssertionError):  # a claim of the chapter without a glue name
        image_figures.glue_results(chapter, {"fig7": "mnist_sv"}, "mnist")
    with pytest.raises(AssertionError):  # training ran other than the profile's epochs
        image_figures.glue_results(_chapter(epochs=4), {"fig7": "mnist_sv", "general": "g"}, "mnist")


def test_standin_note_boxes_a_standin_and_shows_nothing_for_the_real_data_set():
    images = np.zeros((2, 4, 4), np.float32)

    def image_set(standin):
        return ImageSet("mnist", "train", images, images.reshape(2, 16), "Digits_1 from <here>.",
                        standin)

    note = image_figures.standin_note(image_set(True))
    assert isinstance(note, Markdown) and note.data.startswith(":::{admonition} These images")
    assert r"Digits\_1 from \<here\>." in note.data  # the source is literal text, not markup
    # None, not an empty Markdown object, which a notebook shows as its repr.
    assert image_figures.standin_note(image_set(False)) is None
