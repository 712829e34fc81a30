"""Every chapter executed once per test run, by the site build (jupyter-cache): each code cell
ran and none raised, so every assert in the book held. A failure names the chapter, the cell
and the error; a chapter that fails does not stop the others from executing."""

import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import ROOT, build_book

EXECUTED = Path("_build") / "jupyter_execute"
CACHE = Path("_build") / ".jupyter_cache"


def notebooks_in_toc(root):
    """The notebooks of ``_toc.yml`` (docnames without the suffix), in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [
        chapter["file"] for part in toc.get("parts", []) for chapter in part["chapters"]
    ]
    return [name for name in names if (root / f"{name}.ipynb").exists()]


CHAPTERS = notebooks_in_toc(ROOT)


def executed(root, chapter):
    """The chapter as the last build executed it: from jupyter-cache, where a notebook goes once
    it ran through; else the copy that myst-nb wrote while executing it (its outputs up to the
    failing cell); None if it never executed."""
    from jupyter_cache import get_cache

    nb = nbformat.read(root / f"{chapter}.ipynb", as_version=4)
    try:
        return get_cache(root / CACHE).merge_match_into_notebook(nb)[1]
    except KeyError:
        path = root / EXECUTED / f"{chapter}.ipynb"
        return nbformat.read(path, as_version=4) if path.is_file() else None


def first_failure(nb):
    """None when every code cell of the executed notebook ``nb`` ran without an error output;
    else a line naming the first cell that failed or did not run (cells counted from 0,
    Markdown included, as in Jupyter)."""
    for index, cell in enumerate(nb.cells):
        source = cell.source.strip()
        if cell.cell_type != "code" or not source:
            continue
        where = f"cell {index} ({source.splitlines()[0][:60]!r})"
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                return f"{where} raised {output['ename']}: {output['evalue']}"
        if cell.get("execution_count") is None:
            return f"{where} did not run"
    return None


def test_the_book_has_its_chapters():
    assert len(CHAPTERS) >= 10 and CHAPTERS[0] == "book/01_first_gan"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_ran_with_every_assert_holding(book_build, chapter):
    nb = executed(ROOT, chapter)
    assert nb is not None, f"{chapter} was not executed:\n{book_build.stdout[-3000:]}"
    failure = first_failure(nb)
    assert failure is None, f"{chapter}: {failure}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_make_book_prints_the_chapters_run_time(book_build, chapter):
    times = book_build.stdout.split("Execution times (budget 120 s")[-1]
    assert f"  {chapter} " in times, book_build.stdout[-3000:]


def _notebook(path, title, *sources):
    cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    nb = nbformat.v4.new_notebook(cells=cells + [nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, path)


def test_a_failing_assert_fails_the_build_naming_chapter_and_cell(tmp_path):
    """A book of two notebooks with the project's configuration: the first one's assert fails.
    The build fails, its log names the notebook and shows the cell; the second notebook still
    executes, and first_failure names the cell. A build after it fails too."""
    for path in ("_config.yml", "book/_ext", "book/_static", "book/references.bib"):
        source, target = ROOT / path, tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/bad\n  - file: book/good\n"
    )
    (tmp_path / "book" / "intro.md").write_text("# Intro\n\nTwo notebooks.\n")
    _notebook(tmp_path / "book" / "bad.ipynb", "Bad", "x = 1", "assert x == 2, 'x is not 2'", "y")
    _notebook(tmp_path / "book" / "good.ipynb", "Good", "print('fine')")

    build = build_book(tmp_path, timeout=600)

    log = plain(build.stdout + build.stderr)
    assert build.returncode != 0, log[-3000:]
    assert "bad.ipynb" in log and "Executing notebook failed" in log, log[-3000:]
    assert "assert x == 2, 'x is not 2'" in log and "AssertionError: x is not 2" in log
    failure = first_failure(executed(tmp_path, "book/bad"))
    assert failure == """cell 2 ("assert x == 2, 'x is not 2'") raised AssertionError: x is not 2"""
    assert first_failure(executed(tmp_path, "book/good")) is None
    # both executed side by side first (book/_ext/parallel_execution.py); myst-nb took the
    # passing one from the cache and ran the failing one again to report it
    assert "executing 2 notebooks, 2 at a time" in log
    assert "good.ipynb: Using cached notebook" in log and "good.ipynb: Executing" not in log
    times = log.split("Execution times")[-1]
    assert "  book/bad " in times and "FAILED" in times and "  book/good " in times

    # Sphinx does not read an unchanged notebook again; the failure must still fail the build
    again = build_book(tmp_path, timeout=600)
    log = plain(again.stdout + again.stderr)
    assert again.returncode != 0, log[-3000:]
    assert "book/bad failed when it last executed" in log and "x is not 2" in log


def plain(text):
    """``text`` without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
