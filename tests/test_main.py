"""The command line: clear refusals, one rule for names, and an interruption that says how to resume."""

import pytest

from rglib import __main__ as cli
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
