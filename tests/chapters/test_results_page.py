"""rglib.chapters.results_page: the results page's grouped table, findings and paper-scale note."""

from __future__ import annotations

import re

from rglib.chapters import results_page
from rglib.claims import ClaimResult
from rglib.claims.catalogue import CLAIMS
from rglib.meta import results_file


def _result(claim_id: str, verdict: str = "agrees", **changes) -> ClaimResult:
    values = dict(id=claim_id, reference="Sec. II A", statement=f"Claim {claim_id}.",
                  criterion="c", chapter="training", profile="ci", data_source="d",
                  verdict=verdict, key_number=f"key {claim_id}", numbers={}, note="",
                  thresholds={})
    return ClaimResult(**{**values, **changes})


def _paper(claims=None, failed_claims=None, provenance=None) -> results_file.PaperResults:
    """A results file of one run that judged ``claims`` (by id) and failed ``failed_claims``."""
    claims, failed_claims = claims or {}, failed_claims or {}
    return results_file.PaperResults(
        runs=(provenance or {},), claims=claims, failed_claims=failed_claims,
        claim_runs=dict.fromkeys([*claims, *failed_claims], 0), layers=[], layers_run=None)


def test_every_claim_of_the_catalogue_is_in_exactly_one_group():
    grouped_ids = [claim_id for thesis in results_page.THESES for claim_id in thesis.claims]
    assert sorted(grouped_ids) == sorted(claim.id for claim in CLAIMS)


def test_groups_keep_the_thesis_order_and_show_an_unplaced_claim_under_other():
    results = [_result("ising-samples"), _result("a-new-claim"), _result("no-overfitting"),
               _result("count-measured")]
    groups = results_page.grouped(results)
    assert [thesis.title for thesis, _ in groups] == [
        results_page.THESES[0].title, results_page.THESES[1].title,
        results_page.THESES[-1].title, "Other claims"]
    assert [rows[0].id for _, rows in groups] == ["no-overfitting", "count-measured",
                                                  "ising-samples", "a-new-claim"]


def test_the_table_shows_every_claim_once_with_both_verdicts_and_folded_details():
    paper = _paper(claims={"no-overfitting": _result("no-overfitting", "disagrees",
                                                     key_number="gap +432")},
                   failed_claims={"count-measured": "MemoryError"})
    results = [_result("no-overfitting"), _result("count-measured", "partly agrees"),
               _result("sec3-solvability")]
    table = results_page.results_table(results, paper).data
    for result in results:
        assert table.count(result.statement) == 1 and f"key {result.id}" in table
    assert table.count("````{list-table}") == 3 and table.count(":::{dropdown} Details") == 3
    assert "{bdg-danger}`disagrees` at the paper's scale" in table
    assert "failed at the paper's scale" in table and "not judged at the paper's scale" in table
    assert "*Paper scale:* disagrees (gap +432)." in table
    controlled = results_page.results_table(
        [_result("count-measured", "partly agrees", control_verdict="agrees")], None).data
    assert "{bdg-success}`agrees` for the starting weights" in controlled
    assert "for the starting weights" not in table  # no control, no line
    header = re.findall(r"\* - Claim\n  - Verdict\n  - Key number\n  - Chapter", table)
    assert len(header) == 3  # four columns in each group's table


def test_findings_give_both_scales_and_why_the_count_fails():
    here = [_result("fig1-block-spin-match", numbers={"trained_min_over_max": 0.63}),
            _result("count-measured", "disagrees", chapter="effective_parameters"),
            _result("sec3-solvability")]
    paper = _paper(claims={"fig1-block-spin-match": _result(
        "fig1-block-spin-match", numbers={"trained_min_over_max": 0.70})})
    text = results_page.findings(here, paper).data
    assert text.count("\n- ") + text.startswith("- ") == 1  # only the findings' claims
    assert "{bdg-danger}`disagrees` key count-measured" in text and "not judged" in text
    assert "0.63 of the largest here and 0.70 of the largest at the paper's scale" in text
    assert "{doc}`effective_parameters`" in text


def test_the_paper_scale_note_gives_device_precision_and_commit():
    paper = _paper(claims={"no-overfitting": _result("no-overfitting")},
                   provenance=results_file.provenance("paper", "GPU: test card", "cuda", "tf32",
                                                      {"stack": 60.0}))
    note = results_page.paper_scale_provenance(paper, None)
    assert "GPU: test card" in note and "TF32" in note and "commit" in note
    assert "one run" in note and "The claims of {doc}`training`" in note
    assert "not been measured" in note
    assert "absent" in results_page.paper_scale_provenance(None, None)
