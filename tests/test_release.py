"""Student versions of nbgrader assignments: solution regions become stubs, hidden tests go,
nothing else changes, and a malformed instructor notebook is refused with the cell named."""

import nbformat
import pytest

from gan_tutorial.release import check_assignment, release, release_notebook


def role(grade_id, solution=False, grade=False, locked=False, points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def code(source, **kwargs):
    cell = nbformat.v4.new_code_cell(source, metadata=role(**kwargs) if kwargs else {})
    cell.outputs = [nbformat.v4.new_output("stream", text="old output\n")]
    cell.execution_count = 3
    return cell


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.metadata["celltoolbar"] = "Create Assignment"
    return nb


SOLUTION = """def d_star(p, q):
    \"\"\"The optimal discriminator.\"\"\"
    ### BEGIN SOLUTION
    return p / (p + q)
    ### END SOLUTION


x = 1"""

TESTS = """assert d_star(1.0, 1.0) == 0.5
### BEGIN HIDDEN TESTS
assert d_star(1.0, 0.0) == 1.0
### END HIDDEN TESTS
print("done")"""


@pytest.fixture
def instructor():
    return notebook(
        nbformat.v4.new_markdown_cell("# An assignment", metadata=role("intro", locked=True)),
        code(SOLUTION, grade_id="d_star", solution=True),
        code(TESTS, grade_id="d_star_tests", grade=True, locked=True, points=2),
        code("whole = 42", grade_id="free", solution=True),
        nbformat.v4.new_markdown_cell(
            "Because D* is a ratio.", metadata=role("why", solution=True, grade=True, points=1)
        ),
        code("print('not graded')"),
    )


def test_solutions_become_stubs_indented_like_their_markers(instructor):
    student = release_notebook(instructor)
    assert student.cells[1].source == (
        'def d_star(p, q):\n    """The optimal discriminator."""\n'
        "    # YOUR CODE HERE\n    raise NotImplementedError()\n\n\nx = 1"
    )
    assert student.cells[3].source == "# YOUR CODE HERE\nraise NotImplementedError()"
    assert student.cells[4].source == "YOUR ANSWER HERE"
    with pytest.raises(NotImplementedError):
        exec(student.cells[1].source + "\nd_star(1.0, 1.0)", {})


def test_hidden_tests_go_and_the_rest_stays(instructor):
    student = release_notebook(instructor)
    assert student.cells[2].source == 'assert d_star(1.0, 1.0) == 0.5\nprint("done")'
    assert student.cells[0].source == instructor.cells[0].source
    assert student.cells[5].source == "print('not graded')"
    assert [c.metadata for c in student.cells] == [c.metadata for c in instructor.cells]
    assert "celltoolbar" not in student.metadata


def test_outputs_are_cleared_and_the_instructor_version_is_untouched(instructor):
    before = nbformat.writes(instructor)
    student = release_notebook(instructor)
    assert all(c.outputs == [] and c.execution_count is None for c in student.cells[1:4:2])
    assert nbformat.writes(instructor) == before
    nbformat.validate(student)


def test_total_points(instructor):
    assert check_assignment(instructor) == 3


@pytest.mark.parametrize(
    "cells, message",
    [
        ([code(SOLUTION)], r"cell 0: solution markers in a cell that is not a solution cell"),
        (
            [code(TESTS, grade_id="t", solution=True)],
            r"cell 0 \(t\): hidden tests in a cell that is not a grade cell",
        ),
        (
            [code("### BEGIN SOLUTION\nx = 1", grade_id="s", solution=True)],
            r"cell 0 \(s\): '### BEGIN SOLUTION' without '### END SOLUTION'",
        ),
        (
            [code("### BEGIN SOLUTION\n### BEGIN SOLUTION", grade_id="s", solution=True)],
            r"'### BEGIN SOLUTION' inside another",
        ),
        (
            [code("x", grade_id="a", solution=True), code("y", grade_id="a", solution=True)],
            r"cell 1 \(a\): grade_id 'a' is used twice",
        ),
        ([code("assert True", grade_id="t", grade=True)], r"a grade cell needs points >= 0"),
        ([code("x", solution=True, grade_id="")], r"nbgrader cell without a grade_id"),
    ],
)
def test_malformed_assignments_are_refused_with_the_cell_named(cells, message):
    with pytest.raises(ValueError, match=message):
        release_notebook(notebook(*cells))


def test_release_keeps_the_layout_of_a_folder(instructor, tmp_path):
    src = tmp_path / "src"
    (src / "week2").mkdir(parents=True)
    (src / ".ipynb_checkpoints").mkdir()
    nbformat.write(instructor, src / "a.ipynb")
    nbformat.write(instructor, src / "week2" / "b.ipynb")
    nbformat.write(instructor, src / ".ipynb_checkpoints" / "a-checkpoint.ipynb")
    written = release(src, tmp_path / "student")
    assert [p.relative_to(tmp_path / "student").as_posix() for p in written] == [
        "a.ipynb",
        "week2/b.ipynb",
    ]
    again = nbformat.read(written[1], as_version=4)
    assert "raise NotImplementedError()" in again.cells[1].source
    one = release(src / "a.ipynb", tmp_path / "one")
    assert [p.name for p in one] == ["a.ipynb"]


def test_bad_paths_are_named(instructor, tmp_path):
    with pytest.raises(FileNotFoundError, match="SRC .*missing does not exist"):
        release(tmp_path / "missing", tmp_path / "out")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="holds no notebooks"):
        release(tmp_path / "empty", tmp_path / "out")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match="SRC must be a notebook"):
        release(tmp_path / "notes.txt", tmp_path / "out")
    nbformat.write(instructor, tmp_path / "empty" / "a.ipynb")
    with pytest.raises(ValueError, match="would overwrite the instructor versions"):
        release(tmp_path / "empty", tmp_path / "empty")
    nbformat.write(notebook(code(SOLUTION)), tmp_path / "empty" / "b.ipynb")  # a bad one
    with pytest.raises(ValueError, match="solution markers in a cell that is not a solution"):
        release(tmp_path / "empty", tmp_path / "out")
    assert not (tmp_path / "out").exists()  # a.ipynb, released first, was not written either
    (tmp_path / "empty" / "b.ipynb").unlink()
    with pytest.raises(ValueError, match="DEST must be a folder, but .*notes.txt is a file"):
        release(tmp_path / "empty", tmp_path / "notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "x"


def test_the_command_line_releases_and_names_bad_input(instructor, tmp_path, capsys):
    from gan_tutorial.__main__ import main

    nbformat.write(instructor, tmp_path / "a.ipynb")
    assert main(["release", str(tmp_path / "a.ipynb"), str(tmp_path / "out")]) == 0
    assert f"wrote {tmp_path / 'out' / 'a.ipynb'}" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        main(["release", str(tmp_path / "nothing"), str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert "does not exist" in capsys.readouterr().err
