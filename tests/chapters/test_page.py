"""rglib.chapters.page: the helpers every chapter calls print, return and glue what the chapters relied on."""

from __future__ import annotations

import io
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from PIL import Image

from rglib.chapters import figure_png, page
from rglib import claims
from rglib.artifacts import ImageSet
from rglib.runtime.backend import describe_device
from rglib.studies.network import fourier_evidence_of
from rglib.profiles import PROFILES

CI = PROFILES["ci"]


def _images(count: int, side: int = 4, split: str = "train") -> ImageSet:
    images = np.full((count, side, side), 0.5, dtype=np.float32)
    return ImageSet("mnist", split, images, np.zeros((count, side * side), np.float32),
                    f"{split} images from somewhere.", False)


def _result(claim_id: str, verdict: str, key: str) -> claims.ClaimResult:
    return claims.ClaimResult(
        id=claim_id, reference="r", statement="s", criterion="c", chapter="mnist", profile="ci",
        data_source="d", verdict=verdict, key_number=key, numbers={}, note="", thresholds={},
    )


def test_run_line_names_profile_device_and_optionally_the_torch_device():
    line = page.run_line(CI, "cpu")
    assert line == f"profile: ci; device: cpu ({describe_device('cpu')})"
    assert page.run_line(PROFILES["paper"], "cpu", "cuda") == (
        f"profile: paper; device: cpu ({describe_device('cpu')}); torch device: cuda")


def test_chapter_setup_returns_the_active_profile_and_device_and_prints_the_run_line(
        monkeypatch, capsys):
    monkeypatch.setenv("RGLIB_PROFILE", "paper")
    monkeypatch.setenv("RGLIB_PRECISION", "fp32")
    monkeypatch.setenv("RGLIB_DEVICE", "cpu")
    profile, device = page.chapter_setup()
    assert (profile, device) == (PROFILES["paper"], "cpu")
    assert capsys.readouterr().out == page.run_line(profile, "cpu") + "\n"

    page.chapter_setup(torch_device=True)
    assert capsys.readouterr().out.rstrip("\n").endswith("; torch device: cpu")


def test_chapter_setup_carries_the_precision_in_the_profile(monkeypatch, capsys):
    monkeypatch.setenv("RGLIB_PROFILE", "ci")
    monkeypatch.setenv("RGLIB_PRECISION", "tf32")
    monkeypatch.setenv("RGLIB_DEVICE", "cpu")
    profile, _ = page.chapter_setup()
    assert profile.rbm.precision == "tf32" and profile != CI
    assert profile.ising == CI.ising and profile.mnist == CI.mnist


def test_image_rbm_line_gives_the_sizes_and_settings():
    settings = CI.mnist
    line = page.image_rbm_line(settings, _images(7), _images(3, split="test"))
    assert line == (
        f"RBM 28x28 -> 14x14: 7 training images, batch {settings.batch_size}, "
        f"lr {settings.learning_rate:g}, CD-{settings.cd_steps}, {settings.epochs} epochs; "
        "3 held-out images")


def test_image_data_returns_the_profile_settings_and_both_splits(monkeypatch, capsys):
    made = {}

    def image_set(profile, name, split):
        made[split] = _images(5 if split == "train" else 2, split=split)
        assert (profile, name) == (CI, "fashion-mnist")
        return made[split]

    monkeypatch.setattr(page, "image_set", image_set)
    settings, train, held_out = page.image_data(CI, "fashion-mnist")
    assert settings is CI.fashion_mnist
    assert train is made["train"] and held_out is made["test"]
    assert capsys.readouterr().out.splitlines() == [
        "training data: train images from somewhere.",
        "held-out data: test images from somewhere.",
        *page.wrap(page.image_rbm_line(CI.fashion_mnist, train, held_out)).splitlines(),
    ]


def test_weight_array_is_a_float64_host_copy_of_the_weight():
    weight = torch.arange(12, dtype=torch.float32).reshape(4, 3).requires_grad_()
    rbm = SimpleNamespace(weight=weight)
    array = page.weight_array(rbm)
    assert array.dtype == np.float64 and array.shape == (4, 3)
    np.testing.assert_array_equal(array, np.arange(12).reshape(4, 3))
    array[0, 0] = 100.0
    assert float(weight.detach()[0, 0]) == 0.0  # a copy, not a view
    double = SimpleNamespace(weight=torch.ones(2, 2, dtype=torch.float64))
    page.weight_array(double)[:] = 5.0
    assert float(double.weight.sum()) == 4.0


def test_fourier_summary_gives_counts_and_top_five_distances_against_their_baselines():
    weight = np.random.default_rng(1).standard_normal((64, 16))
    evidence = fourier_evidence_of(weight, 8, 4)
    lines = page.fourier_summary(evidence).splitlines()
    assert lines[:2] == [f"low-momentum visible vectors: top five {evidence.top_visible_low}/5, "
                         f"bottom five {evidence.bottom_visible_low}/5;",
                         f"low-momentum hidden vectors: top five {evidence.top_hidden_low}/5"]
    top = evidence.top
    distances = [float(x) for x in lines[2].removeprefix("top five RG distance:").split()]
    baselines = [float(x) for x in lines[3].removeprefix("random baseline:").split()]
    np.testing.assert_allclose(distances, evidence.distance[top], atol=5e-4)
    np.testing.assert_allclose(baselines, evidence.baseline[top], atol=5e-4)
    assert lines[2].index(lines[2].split()[-5]) == lines[3].index(lines[3].split()[-5])  # columns
    assert max(map(len, lines)) <= page.LINE_WIDTH


def test_verdict_lines_lists_each_result_in_order():
    results = {"b-claim": _result("b-claim", claims.AGREES, "d = 0.01"),
               "a-claim": _result("a-claim", claims.DISAGREES, "3 of 5")}
    assert page.verdict_lines(results) == (
        f"b-claim: {claims.AGREES} (d = 0.01)\na-claim: {claims.DISAGREES} (3 of 5)")


def test_verdict_lines_wrap_a_long_key_number_to_the_column():
    key = "held-out F - training F = +2.4 ± 7.6 nats; reconstruction error 0.05 / 0.05"
    text = page.verdict_lines({"clouds-generalization": _result("clouds-generalization",
                                                                claims.AGREES, key)})
    assert max(map(len, text.splitlines())) <= page.LINE_WIDTH
    assert " ".join(text.split()) == f"clouds-generalization: {claims.AGREES} ({key})"


def test_wrap_breaks_long_lines_at_spaces_with_a_hanging_indent():
    line = "  block  4: " + " ".join(f"value{i}" for i in range(20))
    wrapped = page.wrap(line + "\nshort line", width=40)
    lines = wrapped.splitlines()
    assert all(len(text) <= 40 for text in lines) and lines[-1] == "short line"
    assert lines[0].startswith("  block  4: value0") and lines[1].startswith("      value")
    assert " ".join(wrapped.split()) == " ".join((line + " short line").split())
    assert page.wrap("x" * 50, width=20).splitlines()[0] == "x" * 20  # a long word is broken too
    assert page.wrap("") == "" and page.wrap("a\n\nb") == "a\n\nb"
    with pytest.raises(TypeError, match="text"):
        page.wrap(b"bytes")
    with pytest.raises(ValueError, match="width"):
        page.wrap("text", width=5)


def test_chapter_setup_sets_the_book_figure_style(monkeypatch, capsys):
    import matplotlib

    monkeypatch.setenv("RGLIB_PROFILE", "ci")
    monkeypatch.setenv("RGLIB_DEVICE", "cpu")
    with matplotlib.rc_context():
        matplotlib.rcParams["font.size"] = 6
        page.chapter_setup()
        assert {key: matplotlib.rcParams[key] for key in page.FIGURE_STYLE} == page.FIGURE_STYLE


def test_glue_verdicts_glues_verdict_and_key_number_hidden(monkeypatch):
    calls = []

    def glue(name, value, display=True):
        calls.append((name, value, display))

    monkeypatch.setattr(page, "glue", glue)
    results = {"fig7": _result("fig7", claims.AGREES, "d = 0.01"),
               "other": _result("other", claims.PARTLY, "x")}
    page.glue_verdicts(results, {"fig7": "mnist_sv"})
    assert calls == [("mnist_sv_verdict", claims.AGREES, False),
                     ("mnist_sv_key", "d = 0.01", False)]
    with pytest.raises(ValueError, match="names"):
        page.glue_verdicts(results, {"fig8": "mnist_low"})
    assert len(calls) == 2  # refused before anything was glued


def test_a_figure_png_records_its_smallest_text_in_image_pixels():
    fig, (left, right) = plt.subplots(1, 2, figsize=(6, 3), dpi=90)
    left.set_title("title", fontsize=16)
    left.tick_params(labelsize=10)
    right.text(0.5, 0.5, "note", fontsize=7)
    right.axis("off")  # its tick labels (default size) are not drawn, and do not count
    png = Image.open(io.BytesIO(figure_png.figure_png(fig)))
    assert float(png.info[figure_png.FIGURE_TEXT_KEY]) == pytest.approx(7 * 90 / 72, abs=0.01)
    right.texts[0].set_visible(False)
    assert figure_png.smallest_text_px(fig) == pytest.approx(10 * 90 / 72)
    plt.close(fig)
    empty = plt.figure()
    assert figure_png.smallest_text_px(empty) is None
    assert figure_png.FIGURE_TEXT_KEY not in Image.open(io.BytesIO(figure_png.figure_png(empty))).info
    plt.close(empty)
    assert figure_png.record_text_size() is False  # outside IPython: nothing to register
