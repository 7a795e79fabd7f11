import pytest

from rglib.runtime.progress import PROGRESS_ENVIRONMENT_VARIABLE, show_progress


@pytest.mark.parametrize("value", ["no", "false", 0, 1, "", [], 0.0])
def test_anything_but_a_bool_or_none_is_refused(value):
    with pytest.raises(ValueError, match="^progress must be True, False or None"):
        show_progress(value)


def test_explicit_choices_win_and_none_follows_the_environment(monkeypatch):
    monkeypatch.setenv(PROGRESS_ENVIRONMENT_VARIABLE, "1")
    assert show_progress(None) is True and show_progress(False) is False
    monkeypatch.setenv(PROGRESS_ENVIRONMENT_VARIABLE, "no")
    assert show_progress(None) is False and show_progress(True) is True
