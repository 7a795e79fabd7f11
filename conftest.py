"""Collect the book's MyST-markdown chapters as notebooks for nbval.

nbval only collects ``.ipynb`` files. A chapter is a jupytext MyST file (a
``.md`` with a ``kernelspec`` in its front matter); here it is read with
jupytext and handed to nbval, which runs every cell in a fresh kernel and
fails the test if any cell raises. Chapters carry their checks as assertions.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import jupytext
import pytest
from nbval.plugin import IPyNbFile


class MystNotebook(IPyNbFile):
    """An nbval notebook whose cells come from a jupytext MyST chapter."""

    def collect(self):
        notebook = jupytext.read(self.path)
        with mock.patch("nbval.plugin.nbformat.read", return_value=notebook):
            yield from super().collect()


def _is_chapter(path: Path) -> bool:
    if path.suffix != ".md" or "_build" in path.parts:
        return False
    head = path.read_text(encoding="utf-8")[:2000]
    return head.startswith("---") and "kernelspec:" in head


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if _is_chapter(file_path):
        return MystNotebook.from_parent(parent, path=file_path)
    return None
