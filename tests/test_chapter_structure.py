"""Every chapter follows the pattern chapter 1 set: committed without outputs, the same first code
cell (works locally and on Colab), learning goals at the top, a summary and exercises with hidden
solutions at the end, and seeded."""

import json
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell):
    return "".join(cell["source"])


def test_there_are_chapters():
    assert len(CHAPTERS) >= 3


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_pattern(path):
    nb = cells(path)
    code = [c for c in nb if c["cell_type"] == "code"]
    markdown = [text(c) for c in nb if c["cell_type"] == "markdown"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code), "clear outputs"
    assert markdown[0].startswith("# ") and "**What you will learn**" in markdown[0]
    assert "**Run time**" in markdown[0]
    assert any(re.search(r"^## Summary", m, re.MULTILINE) for m in markdown)
    assert any(re.search(r"^## Exercises", m, re.MULTILINE) for m in markdown)
    assert any(":class: dropdown" in m for m in markdown), "solutions are hidden behind a click"
    assert "set_seed(" in text(code[1])
    first = text(code[0])
    reference = [c for c in cells(CHAPTERS[0]) if c["cell_type"] == "code"][0]
    assert first == text(reference), "the first code cell is the same in every chapter"
    assert '"google.colab" in sys.modules' in first
    assert "hide-cell" in code[0]["metadata"].get("tags", []), "the set-up cell hides on the site"


def test_notebooks_are_formatted_at_the_projects_line_length():
    import subprocess
    import sys

    notebooks = CHAPTERS + sorted(BOOK.glob("*.ipynb")) + sorted(BOOK.glob("assignments/*.ipynb"))
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "format", "--check", "--no-force-exclude", *sorted(set(map(str, notebooks)))],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_instructors_page_shows_results_not_the_code_that_reads_notebooks():
    """Its tables come from reading and running the notebooks; the code that does it hides
    behind a click (issue 20)."""
    reading = [
        cell
        for cell in cells(BOOK / "instructors.ipynb")
        if cell["cell_type"] == "code" and re.search(r"nbformat|NotebookClient", text(cell))
    ]
    assert len(reading) >= 3
    for cell in reading:
        assert "hide-input" in cell["metadata"].get("tags", []), text(cell)[:80]
