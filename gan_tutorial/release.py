"""Student versions of the assignments (``book/assignments/``), without nbgrader installed:
``python -m gan_tutorial release SRC DEST``.

The instructor versions use nbgrader's format, so they also drop into nbgrader unchanged:

- a cell's role is its ``metadata["nbgrader"]`` (schema 3): ``solution`` cells hold the
  student's answer, ``grade`` cells are autograder tests worth ``points``, ``locked`` cells are
  read-only; every such cell has a unique ``grade_id``;
- in a solution cell, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` become
  ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` (indented like the marker); a solution
  cell without markers becomes the stub as a whole (``YOUR ANSWER HERE`` in Markdown);
- in a grade cell, the lines between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``
  are removed;
- outputs and execution counts are cleared.

This is what ``nbgrader generate_assignment`` does to the cells; the checksums and the database
that nbgrader adds for grading are not written.
"""

import copy
from pathlib import Path

import nbformat

__all__ = ["check_assignment", "release", "release_notebook"]

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"


def _role(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _where(index, cell):
    grade_id = _role(cell).get("grade_id")
    return f"cell {index}" + (f" ({grade_id})" if grade_id else "")


def _regions(lines, begin, end, where):
    """Yields (line, inside) for every line, ``inside`` True between the markers (the markers
    themselves are reported as inside); raises on nesting or a missing end."""
    inside = False
    for line in lines:
        stripped = line.strip()
        if stripped == begin:
            if inside:
                raise ValueError(f"{where}: {begin!r} inside another {begin!r}")
            inside = True
            yield line, True
        elif stripped == end:
            if not inside:
                raise ValueError(f"{where}: {end!r} without {begin!r}")
            inside = False
            yield line, True
        else:
            yield line, inside
    if inside:
        raise ValueError(f"{where}: {begin!r} without {end!r}")


def _has(cell, marker):
    return any(line.strip() == marker for line in cell.source.split("\n"))


def check_assignment(nb):
    """Checks that ``nb`` (a notebook node) is a valid instructor version: nbgrader metadata of
    schema 3 with unique grade ids, points on every grade cell, solution markers only in
    solution cells and balanced, hidden tests only in grade cells. Returns the total points;
    raises `ValueError` listing every problem."""
    problems, seen, points = [], set(), 0.0
    for index, cell in enumerate(nb.cells):
        role, where = _role(cell), _where(index, cell)
        try:
            for begin, end in ((BEGIN_SOLUTION, END_SOLUTION), (BEGIN_HIDDEN, END_HIDDEN)):
                list(_regions(cell.source.split("\n"), begin, end, where))
        except ValueError as error:
            problems.append(str(error))
        if (_has(cell, BEGIN_SOLUTION) or _has(cell, END_SOLUTION)) and not role.get("solution"):
            problems.append(f"{where}: solution markers in a cell that is not a solution cell")
        if (_has(cell, BEGIN_HIDDEN) or _has(cell, END_HIDDEN)) and not role.get("grade"):
            problems.append(f"{where}: hidden tests in a cell that is not a grade cell")
        if not role:
            continue
        if role.get("schema_version") != 3:
            problems.append(f"{where}: nbgrader schema_version must be 3")
        grade_id = role.get("grade_id")
        if not grade_id:
            problems.append(f"{where}: nbgrader cell without a grade_id")
        elif grade_id in seen:
            problems.append(f"{where}: grade_id {grade_id!r} is used twice")
        seen.add(grade_id)
        if role.get("grade"):
            if not isinstance(role.get("points"), (int, float)) or role["points"] < 0:
                problems.append(f"{where}: a grade cell needs points >= 0")
            else:
                points += role["points"]
    if problems:
        raise ValueError("not a valid assignment:\n  " + "\n  ".join(problems))
    return points


def release_notebook(nb):
    """The student version of the instructor notebook ``nb`` (which is left unchanged)."""
    check_assignment(nb)
    student = copy.deepcopy(nb)
    student.metadata.pop("celltoolbar", None)
    for index, cell in enumerate(student.cells):
        role, where = _role(cell), _where(index, cell)
        lines = cell.source.split("\n")
        if role.get("solution"):
            stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
            if _has(cell, BEGIN_SOLUTION):
                kept = []
                for line, inside in _regions(lines, BEGIN_SOLUTION, END_SOLUTION, where):
                    if not inside:
                        kept.append(line)
                    elif line.strip() == BEGIN_SOLUTION:
                        indent = line[: line.index(BEGIN_SOLUTION)]
                        kept += [indent + stub_line for stub_line in stub.split("\n")]
                lines = kept
            else:
                lines = stub.split("\n")
        if role.get("grade"):
            regions = _regions(lines, BEGIN_HIDDEN, END_HIDDEN, where)
            lines = [line for line, inside in regions if not inside]
        cell.source = "\n".join(lines)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return student


def release(src, dest):
    """Writes the student version of every instructor notebook in ``src`` (a notebook or a
    folder, searched recursively; checkpoints skipped) to ``dest`` (a folder; the layout under
    ``src`` is kept), and returns the paths written."""
    src, dest = Path(src), Path(dest)
    if not src.exists():
        raise FileNotFoundError(f"SRC {src} does not exist")
    if src.is_file():
        if src.suffix != ".ipynb":
            raise ValueError(f"SRC must be a notebook (.ipynb) or a folder, got {src}")
        notebooks, root = [src], src.parent
    else:
        notebooks = sorted(p for p in src.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        root = src
        if not notebooks:
            raise ValueError(f"SRC {src} holds no notebooks")
    if dest.resolve() == root.resolve() or dest.resolve() in [p.resolve() for p in notebooks]:
        raise ValueError(f"DEST {dest} would overwrite the instructor versions in SRC")
    if dest.exists() and not dest.is_dir():
        raise ValueError(f"DEST must be a folder, but {dest} is a file")
    # every notebook is released in memory first: one that fails writes nothing at all
    students = [(path, release_notebook(nbformat.read(path, as_version=4))) for path in notebooks]
    written = []
    for path, student in students:
        target = dest / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student, target)
        written.append(target)
    return written
