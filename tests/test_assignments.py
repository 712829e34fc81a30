"""The assignments in book/assignments: valid nbgrader notebooks whose released student version
stops at the first task with NotImplementedError, and whose checks explain a known mistake in
words. (The instructor versions run through nbgrader in test_nbgrader.py.)"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from gan_tutorial.release import check_assignment, release_notebook

ASSIGNMENTS = sorted((Path(__file__).parents[1] / "book" / "assignments").glob("*.ipynb"))
NAMES = [path.stem for path in ASSIGNMENTS]

# one known mistake per assignment: (text in the solution, the mistake, the check's message)
MISTAKES = {
    "01_optimal_discriminator": (
        "np.divide(p_data, total, out=",
        "np.divide(p_g, total, out=",
        "that is 1 - D*",
    ),
    "02_train_step": (
        "return tf.reduce_mean(tf.nn.softplus(-fake_logits))",
        "return -tf.reduce_mean(tf.nn.softplus(fake_logits))",
        "that is the saturating loss",
    ),
    "03_gumbel_softmax": (
        "(logits - ops.log(-ops.log(u))) / tau",
        "logits / tau - ops.log(-ops.log(u))",
        "not the logits alone",
    ),
    "04_r1_penalty": (
        "total = tf.reduce_sum(logits)",
        "total = tf.reduce_mean(logits)",
        "you differentiated the batch mean of the logits",
    ),
    "05_tstr_trtr": (
        "trtr = make_classifier().fit(x_train, y_train).score(x_test, y_test)",
        "trtr = make_classifier().fit(x_train, y_train).score(x_train, y_train)",
        "TRTR: you scored the classifier on the rows it was trained on",
    ),
}


def read(name):
    return nbformat.read(ASSIGNMENTS[NAMES.index(name)], as_version=4)


def run(nb, tmp_path):
    """Executes ``nb`` in a fresh kernel; returns the executed notebook or raises
    CellExecutionError at the first failing cell."""
    client = NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    return nb


def failing_cell(nb):
    """The cell that stopped the execution: the last one with an error output."""
    for cell in reversed(nb.cells):
        if cell.cell_type == "code" and any(o.output_type == "error" for o in cell.outputs):
            return cell
    raise AssertionError("no cell failed")


def test_there_are_five_assignments_on_the_issues_topics():
    assert NAMES == [
        "01_optimal_discriminator",
        "02_train_step",
        "03_gumbel_softmax",
        "04_r1_penalty",
        "05_tstr_trtr",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_assignment_is_valid_nbgrader_and_states_its_points(name):
    nb = read(name)
    points = check_assignment(nb)
    assert f"**Points**: {points:g} " in nb.cells[0].source
    roles = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    assert all(roles), "every cell carries nbgrader metadata (read-only where it is not a task)"
    assert sum(r["solution"] and not r["grade"] for r in roles) >= 2  # autograded answers
    assert any(r["solution"] and r["grade"] for r in roles)  # a written answer
    assert all(c.cell_type != "code" or not c.outputs for c in nb.cells)  # committed clean


@pytest.mark.parametrize("name", NAMES)
def test_the_student_version_stops_at_the_first_task(name, tmp_path):
    student = release_notebook(read(name))
    assert not any("BEGIN HIDDEN TESTS" in c.source for c in student.cells)
    with pytest.raises(CellExecutionError) as error:
        run(student, tmp_path)
    assert error.value.ename == "NotImplementedError"
    graded = [c for c in student.cells if c.metadata["nbgrader"]["grade"]]
    assert failing_cell(student) is graded[0]  # the first task's tests


@pytest.mark.parametrize("name", NAMES)
def test_a_known_mistake_fails_with_the_checks_message(name, tmp_path):
    right, wrong, message = MISTAKES[name]
    nb = read(name)
    solutions = [c for c in nb.cells if right in c.source]
    assert len(solutions) == 1 and solutions[0].metadata["nbgrader"]["solution"]
    solutions[0].source = solutions[0].source.replace(right, wrong)
    with pytest.raises(CellExecutionError) as error:
        run(nb, tmp_path)
    assert error.value.ename == "AssertionError"
    assert re.search(re.escape(message), error.value.evalue), error.value.evalue
