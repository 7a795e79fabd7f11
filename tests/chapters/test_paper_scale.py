"""rglib.chapters.paper_scale: the Ising figures at both scales, and the numbers quoted beside the paper's."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rglib.analysis.blockspin import (best_block_size, best_block_size_of_values,  # noqa: E402
                                      block_spin_matrix)
from rglib.analysis.fourier import radial_fft  # noqa: E402
from rglib.analysis.modes import singular_modes  # noqa: E402
from rglib.chapters import page, paper_scale  # noqa: E402
from rglib.chapters.figure_png import smallest_text_px  # noqa: E402
from rglib.meta import results_file  # noqa: E402

WEIGHT = np.random.default_rng(3).standard_normal((64, 16))  # 8 x 8 -> 4 x 4
#: The width, in px, at which the book shows a figure (rglib.chapters.page.FIGURE_STYLE).
COLUMN_PX = 660


def _paper(tmp_path, weights=(WEIGHT,)):
    """A results file written and read back, whose Ising layers are ``weights`` (8 -> 4 -> 2 ...)."""
    sides = [8, 4, 2, 1][:len(weights) + 1]
    layers = [results_file.layer_figures(w, side, next_side)
              for w, side, next_side in zip(weights, sides, sides[1:])]
    provenance = results_file.provenance("paper", "GPU: test card", "cuda", "tf32", {"stack": 1.0})
    path = results_file.write(tmp_path / "paper.json", provenance=provenance, claims=[],
                              failed_claims={}, layers=layers)
    return results_file.load(path)


@pytest.fixture(autouse=True)
def _book_style():
    with matplotlib.rc_context(page.FIGURE_STYLE):
        yield
    plt.close("all")


# --- the numbers quoted beside the paper's --------------------------------------------------


def test_the_block_spin_match_from_singular_values_is_the_match_from_the_weight():
    for weight in (WEIGHT, 0.3 * block_spin_matrix(8, block=4) + 0.01 * WEIGHT):
        from_weight = best_block_size(weight, 8)
        from_values = best_block_size_of_values(np.linalg.svd(weight, compute_uv=False), 8)
        assert from_values.block == from_weight.block
        np.testing.assert_allclose(from_values.distances, from_weight.distances, rtol=1e-9, atol=1e-12)
    assert best_block_size_of_values(0.5 * np.ones(16), 8).block == 2  # flat: non-overlapping blocks


def test_the_count_at_the_papers_cut_includes_the_cut_itself():
    assert paper_scale.count_at_least([10.0, 2.0, 1.999, 0.0]) == 2
    assert paper_scale.count_at_least([10.0, 2.0, 1.999], fraction=0.0) == 3
    assert paper_scale.count_at_least([5.0, 5.0], fraction=1.0) == 2
    assert paper_scale.CUT == 0.2 and (paper_scale.PAPER_KEPT, paper_scale.PAPER_SIDE) == (200, 80)


def test_the_power_above_a_mode_is_the_share_of_parsevals_total():
    field = np.random.default_rng(4).standard_normal((16, 16))
    spectrum = radial_fft(field)
    total = (spectrum.counts * spectrum.power).sum()
    assert np.isclose(total, 16**2 * (field**2).sum())  # what the share is a share of
    for cutoff in (0, 2.5, 7):
        above = (spectrum.counts * spectrum.power)[spectrum.modes > cutoff].sum() / total
        assert np.isclose(paper_scale.power_above(spectrum.modes, spectrum.power, 16, cutoff), above)
    assert paper_scale.power_above(spectrum.modes, spectrum.power, 16, 100) == 0.0
    constant = radial_fft(np.ones((16, 16)))
    assert paper_scale.power_above(constant.modes, constant.power, 16, 0) == 0.0
    with pytest.raises(ValueError, match="modes and power"):
        paper_scale.power_above(spectrum.modes, spectrum.power, 8, 1)  # not an 8 x 8 spectrum


# --- the paper-scale run, present or absent -------------------------------------------------


def test_the_recorded_layer_gives_the_figures_of_the_weight_it_was_made_from(tmp_path):
    paper = _paper(tmp_path)
    match = paper_scale.paper_block_spin(paper)
    assert match.block == best_block_size(WEIGHT, 8).block
    assert np.isclose(match.distance, best_block_size(WEIGHT, 8).distance)
    recorded = paper_scale.layer_pairs(paper)
    modes = singular_modes(WEIGHT, (8, 8), (4, 4))
    ours = paper_scale.modes_pairs(modes, range(len(recorded)))
    assert len(recorded) == results_file.TOP_MODES
    for a, b in zip(recorded, ours):
        assert a.label == b.label
        np.testing.assert_allclose(a.visible_power, b.visible_power)
        np.testing.assert_allclose(a.hidden_power, b.hidden_power)
    assert paper_scale.paper_title(paper) == ("paper's sizes: 8² → 4²\n"
                                               f"GPU: test card, tf32, commit {paper.provenance['commit'][:10]}")


def test_the_title_of_a_stack_names_every_side(tmp_path):
    paper = _paper(tmp_path, weights=(WEIGHT, np.random.default_rng(5).standard_normal((16, 4))))
    assert paper_scale.paper_title(paper, layer=None).startswith("paper's sizes: 8² → 4² → 2²\n")
    assert paper_scale.paper_title(paper, layer=1).startswith("paper's sizes: 4² → 2²\n")


def test_without_the_ising_layers_a_note_stands_in_and_the_numbers_say_so(tmp_path, monkeypatch):
    assert paper_scale.paper_block_spin(None) is None
    absent = paper_scale.absent_note(None, "the curve.").data
    assert "`results/paper.json` is absent" in absent and "the curve." in absent
    assert "python -m rglib results --profile paper" in absent and results_file.NOT_RUN in absent
    no_layers = _paper(tmp_path, weights=())
    assert paper_scale.paper_block_spin(no_layers) is None
    assert "holds no run that trained the Ising layers" in paper_scale.absent_note(no_layers, "x").data
    assert paper_scale.absent_note(_paper(tmp_path), "x") is None
    glued = {}
    monkeypatch.setattr(paper_scale, "glue", lambda name, value, display: glued.update({name: value}))
    paper_scale.glue_paper("a", None)
    paper_scale.glue_paper("b", "0.70")
    assert glued == {"a": f"[{results_file.NOT_RUN}]", "b": "0.70"}


def test_the_committed_run_reproduces_its_recorded_block_spin_verdict_from_its_singular_values():
    paper = results_file.load()
    if paper is None or not paper.layers or "fig1-block-spin-match" not in paper.claims:
        pytest.skip("results/paper.json holds no paper-scale Fig. 1")
    match = paper_scale.paper_block_spin(paper)
    numbers = paper.claims["fig1-block-spin-match"].numbers
    assert match.block == numbers["best_block"]
    assert np.isclose(match.distance, numbers["distance"], rtol=1e-6)
    values = np.asarray(paper.layers[0]["singular_values"])
    assert np.isclose(values[-1] / values[0], numbers["trained_min_over_max"])


# --- the figures ----------------------------------------------------------------------------


def _legible(figure) -> bool:
    width = figure.get_figwidth() * figure.dpi
    return smallest_text_px(figure) * min(1.0, COLUMN_PX / width) >= 11


def test_fig_1_draws_both_curves_the_papers_cut_and_the_distances_legibly():
    match = best_block_size(WEIGHT, 8)
    initial = best_block_size(np.random.default_rng(6).standard_normal((64, 16)), 8)
    figure = paper_scale.block_spin_figure(match, "title", initial=initial)
    values, distances = figure.axes[0], figure.axes[1]
    assert len(values.lines) == 4 and len(distances.lines) == 3  # + the cross; + the line at b = 2
    cross = values.lines[-1]
    assert cross.get_xdata()[0] == 200 / 1600 and cross.get_ydata()[0] == 0.2
    np.testing.assert_allclose(values.lines[0].get_ydata(), match.singular_values / match.singular_values[0])
    assert len(paper_scale.block_spin_figure(match, "t").axes[0].lines) == 3
    assert _legible(figure)


def test_the_radial_figures_draw_each_hidden_spectrum_dashed_over_its_visible_one():
    modes = singular_modes(WEIGHT, (8, 8), (4, 4))
    pairs = paper_scale.modes_pairs(modes, [0, 1, 2])
    figure = paper_scale.radial_figure(pairs, "title")
    lines = figure.axes[0].lines
    assert len(lines) == 6
    for visible, hidden, pair in zip(lines[::2], lines[1::2], pairs):
        assert visible.get_linestyle() == "-" and hidden.get_linestyle() == "--"
        assert visible.get_color() == hidden.get_color()
        np.testing.assert_allclose(visible.get_ydata(), np.sqrt(pair.visible_power))
    assert _legible(figure)
    layers = paper_scale.layer_radial_figure([pairs, pairs[:1]], "title")
    assert [len(axis.lines) for axis in layers.axes] == [6, 2] and _legible(layers)


def test_the_stack_figure_gives_each_layers_area_under_its_normalized_curve():
    layers = [np.array([4.0, 2.0, 2.0, 0.0]), np.array([1.0, 1.0])]
    figure = paper_scale.stack_figure(layers, [4, 2, 1], "title")
    labels = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert labels == ["layer 1: 4² → 2², A = 0.500", "layer 2: 2² → 1², A = 1.000"]
    assert _legible(figure)


# --- the chapters, with results/paper.json absent -------------------------------------------

BOOK = __import__("pathlib").Path(__file__).resolve().parents[2] / "book"
ABSENT_CHAPTERS = {  # chapter: (its paper-scale glue names, figures it draws without the file)
    "singular_values": (("sv_paper_run", "sv_paper_block", "sv_paper_ratio", "sv_paper_kept"), 1),
    "fourier": (("fourier_paper_run", "fourier_paper_above", "fourier_paper_bottom_low"), 4),
    "stacked": (("stack_paper_run", "stack_paper_areas", "stack_paper_min_ratios"), 2),
}


@pytest.mark.parametrize("chapter", sorted(ABSENT_CHAPTERS))
def test_a_chapter_without_the_results_file_runs_and_says_so(chapter):
    import jupytext
    import nbclient
    from nbformat.v4 import new_code_cell

    notebook = jupytext.read(BOOK / f"{chapter}.md")
    notebook.cells.insert(0, new_code_cell(  # as on a machine where no paper-scale run is recorded
        "from rglib.meta import results_file\nresults_file.load = lambda *args, **kwargs: None"))
    nbclient.NotebookClient(notebook, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(BOOK)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    markdown = "\n".join(output["data"].get("text/markdown", "") for output in outputs if "data" in output)
    glued = {output["metadata"]["scrapbook"]["name"]: output["data"]["application/papermill.record/text/plain"]
             for output in outputs if output.get("metadata", {}).get("scrapbook")}
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    names, figures = ABSENT_CHAPTERS[chapter]
    assert "Not at the paper's scale: `results/paper.json` is absent" in markdown
    for name in names:
        assert glued[name] == repr(f"[{results_file.NOT_RUN}]"), name
    assert len(images) == figures  # this build's figures only; none pretends to be the paper's
