"""The command line: clear refusals, one rule for names, and an interruption that says how to resume."""

import errno
import shutil
import tempfile

import pytest

from rglib import __main__ as cli
from rglib.claims import ClaimResult, load_results
from rglib.runtime.output import SavedElsewhereError, save_or_rescue
from rglib.runtime.backend import gpu_available
from rglib.profiles import active_profile


@pytest.fixture
def recorded(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "reproduce", lambda *arguments: calls.append(arguments) or {})
    return calls


@pytest.mark.skipif(gpu_available(), reason="a GPU is present here")
def test_a_gpu_asked_for_where_there_is_none_is_refused_naming_the_option(recorded, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["reproduce", "--device", "gpu"])
    assert stop.value.code == 2 and "--device gpu" in capsys.readouterr().err
    assert not recorded


def test_profile_names_are_case_insensitive_on_the_command_line_and_in_the_environment(
        recorded, monkeypatch):
    cli.main(["reproduce", "--profile", "PAPER", "--device", "cpu"])
    assert recorded == [("paper", "cpu", None)]
    monkeypatch.setenv("RGLIB_PROFILE", "PAPER")
    assert active_profile().name == "paper"


def test_an_interruption_ends_in_one_line_that_says_how_to_resume(monkeypatch, capsys):
    def interrupted(*arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "reproduce", interrupted)
    with pytest.raises(SystemExit) as stop:
        cli.main(["reproduce", "--device", "cpu"])
    error = capsys.readouterr().err.strip()
    assert stop.value.code == 130
    assert error.startswith("interrupted; run the same command again to resume") and "\n" not in error


# --------------------------------------------------------------------------
# Output paths: checked before the work; a late failure keeps the result
# --------------------------------------------------------------------------


def _not_a_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return blocker


@pytest.fixture
def judged(monkeypatch):
    """claims.evaluate replaced by a record of its calls returning one result."""
    calls = []
    result = ClaimResult(id="x", reference="r", statement="s", criterion="c", chapter="training",
                         profile="ci", data_source="d", verdict="agrees", key_number="1", numbers={},
                         note="", thresholds={})

    def evaluate(*arguments, **keywords):
        calls.append(arguments)
        return [result]

    monkeypatch.setattr(cli.claims, "evaluate", evaluate)
    return calls


@pytest.mark.parametrize("where", ["missing folder", "a folder", "under a file"])
def test_an_unusable_json_path_is_refused_before_any_claim_is_judged(where, tmp_path, judged, capsys):
    path = {"missing folder": tmp_path / "absent" / "out.json", "a folder": tmp_path,
            "under a file": _not_a_folder(tmp_path) / "out.json"}[where]
    with pytest.raises(SystemExit) as stop:
        cli.main(["claims", "--json", str(path)])
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert stop.value.code == 2 and "--json" in error and str(path.parent if where != "a folder" else path) in error
    assert not judged


@pytest.mark.parametrize("command", [["results", "--device", "cpu"], ["precision-study", "--device", "cpu"]])
def test_an_unusable_output_path_is_refused_before_anything_is_made(command, tmp_path, recorded, capsys,
                                                                    monkeypatch):
    made = []
    monkeypatch.setattr(cli.precision, "run", lambda *arguments, **keywords: made.append(arguments))
    with pytest.raises(SystemExit) as stop:
        cli.main([*command, "--output", str(tmp_path / "absent" / "paper.json")])
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert stop.value.code == 2 and "--output" in error and "does not exist" in error
    assert not recorded and not made


def test_a_json_path_that_fails_after_the_work_keeps_the_results_elsewhere(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    rescue_folder = tmp_path / "rescue"
    rescue_folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(rescue_folder))
    result = ClaimResult(id="x", reference="r", statement="s", criterion="c", chapter="training",
                         profile="ci", data_source="d", verdict="agrees", key_number="1", numbers={},
                         note="", thresholds={})

    def evaluate_then_lose_the_folder(*arguments, **keywords):
        shutil.rmtree(folder)  # the folder goes away while the claims are judged
        return [result]

    monkeypatch.setattr(cli.claims, "evaluate", evaluate_then_lose_the_folder)
    with pytest.raises(SystemExit) as stop:
        cli.main(["claims", "--json", str(folder / "out.json")])
    error = capsys.readouterr().err.strip()
    (rescue,) = rescue_folder.glob("rglib-out-*.json")
    assert stop.value.code == 1 and "\n" not in error
    assert str(folder / "out.json") in error and str(rescue) in error
    assert [r.to_dict() for r in load_results(rescue)] == [result.to_dict()]


def test_a_write_that_fails_with_a_full_disk_is_saved_elsewhere_and_says_where(tmp_path, monkeypatch):
    rescue_folder = tmp_path / "rescue"
    rescue_folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(rescue_folder))
    target = tmp_path / "out" / "paper.json"
    target.parent.mkdir()
    written = []

    def write(path, **content):
        if path == target:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        return path

    with pytest.raises(SavedElsewhereError) as raised:
        save_or_rescue(target, lambda where: write(where), "the results")
    assert written == [raised.value.rescue] and raised.value.rescue.parent == rescue_folder
    assert "No space left on device" in str(raised.value) and str(target) in str(raised.value)


@pytest.mark.parametrize("command", [["claims", "--ids", "fig4-alignment"], ["reproduce", "--device", "cpu"]])
def test_rglib_cache_naming_a_file_ends_in_one_line_and_status_2(command, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RGLIB_CACHE", str(_not_a_folder(tmp_path)))
    with pytest.raises(SystemExit) as stop:
        cli.main(command)
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert stop.value.code == 2 and "RGLIB_CACHE" in error and "Traceback" not in error
