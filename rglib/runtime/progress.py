"""Whether to show progress bars.

Bars show when asked for explicitly, when ``RGLIB_PROGRESS`` is set to a true
value (``1``), or by default when standard error is a terminal; so they stay
silent in the tests and in the built book.
"""

from __future__ import annotations

import os
import sys

from .validation import require_flag

PROGRESS_ENVIRONMENT_VARIABLE = "RGLIB_PROGRESS"


def show_progress(progress: bool | None) -> bool:
    """Resolve a ``progress`` argument: True, False, or None for automatic.

    Raises
    ------
    ValueError
        If ``progress`` is anything else (a string such as ``"no"`` would
        otherwise count as true and show a bar).
    """
    progress = require_flag("progress", progress, allow_none=True)
    if progress is not None:
        return progress
    setting = os.environ.get(PROGRESS_ENVIRONMENT_VARIABLE)
    if setting is not None:
        return setting.strip().lower() not in ("", "0", "false", "no")
    return sys.stderr.isatty()
