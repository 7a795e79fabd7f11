"""Collect the book's MyST-markdown chapters as notebooks for nbval.

nbval only collects ``.ipynb`` files. A chapter is a jupytext MyST file (a
``.md`` with a ``kernelspec`` in its front matter); here it is read with
jupytext and handed to nbval, which runs every cell in a fresh kernel and
fails the test if any cell raises. Chapters carry their checks as assertions.

jupytext and nbval are imported only when a chapter is collected, so the unit
tests run where the book's packages are absent (a GPU node as it comes, say).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from unittest import mock

import pytest


def _is_chapter(path: Path) -> bool:
    if path.suffix != ".md" or "_build" in path.parts:
        return False
    head = path.read_text(encoding="utf-8")[:2000]
    return head.startswith("---") and "kernelspec:" in head


@cache
def _notebook_class():
    """The nbval file class that reads a chapter with jupytext (imported on first use)."""
    import jupytext
    from nbval.plugin import IPyNbFile

    class MystNotebook(IPyNbFile):
        """An nbval notebook whose cells come from a jupytext MyST chapter."""

        def collect(self):
            notebook = jupytext.read(self.path)
            with mock.patch("nbval.plugin.nbformat.read", return_value=notebook):
                yield from super().collect()

    return MystNotebook


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if _is_chapter(file_path):
        return _notebook_class().from_parent(parent, path=file_path)
    return None
