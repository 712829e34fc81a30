"""The assignments through the real nbgrader, as an instructor runs it (the commands of the page
for instructors): ``validate``, ``generate_assignment``, and ``autograde`` of two submissions,
the instructor's answers filled into the student version and the student version untouched.
Points come from nbgrader's gradebook. The release command of the package must write the same
student notebooks as nbgrader.

``validate`` runs on one assignment, the quickest: on the others it would execute the same code
as the autograde of the answers (every solution and every hidden test), which must score every
point, so it would add minutes of CPU and no check."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from gan_tutorial.release import release_notebook

ASSIGNMENTS = sorted((ROOT / "book" / "assignments").glob("*.ipynb"))
NAMES = [path.stem for path in ASSIGNMENTS]
VALIDATED = "01_optimal_discriminator"  # runs in seconds: no training
STUDENTS = ("answers", "stubs")

# the course's configuration and what the test runs, as the page for instructors shows them
# (ASSIGNMENT: a folder of source/)
CONFIG = """c = get_config()
c.CourseDirectory.course_id = "gan-tutorial"
c.Execute.timeout = 180  # seconds a cell may take, as in the book (nbgrader's default: 30)
"""
COMMANDS = [
    "nbgrader validate source/ASSIGNMENT/*.ipynb",
    "nbgrader generate_assignment ASSIGNMENT",
    "nbgrader autograde ASSIGNMENT",
]


def run(course, command, assignment):
    """Runs one of COMMANDS for ``assignment`` in the course folder; returns stdout + stderr."""
    words = []
    for word in command.replace("ASSIGNMENT", assignment).split():
        matches = sorted(course.glob(word)) if "*" in word else []
        words += [str(path.relative_to(course)) for path in matches] or [word]
    bin_folder = str(Path(sys.executable).parent)  # nbgrader calls alembic from there
    executable = shutil.which("nbgrader", path=bin_folder)
    assert executable, "nbgrader is not installed next to this Python: run `make test`"
    path = f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(
        [executable, *words[1:]],
        cwd=course,
        capture_output=True,
        text=True,
        env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PATH=path),
        timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    return output


def answered(student_version, instructor_version):
    """The student version with every solution cell (code and written) filled from the
    instructor's, matched by grade id: what a student who knew the answers hands in."""
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in instructor_version.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    nb = nbformat.from_dict(json.loads(nbformat.writes(student_version)))
    for cell in nb.cells:
        role = cell.metadata.get("nbgrader", {})
        if role.get("solution"):
            cell.source = answers[role["grade_id"]]
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder holding every assignment, taken through validate, generate_assignment
    and autograde. Returns ``(folder, outputs)``, outputs by command and assignment."""
    folder = tmp_path_factory.mktemp("course")
    (folder / "nbgrader_config.py").write_text(CONFIG)
    outputs = {}
    for path in ASSIGNMENTS:
        source = folder / "source" / path.stem
        source.mkdir(parents=True)
        shutil.copy(path, source / path.name)
        for command in COMMANDS[:2] if path.stem == VALIDATED else COMMANDS[1:2]:
            outputs[command, path.stem] = run(folder, command, path.stem)
        student = nbformat.read(folder / "release" / path.stem / path.name, as_version=4)
        instructor = nbformat.read(path, as_version=4)
        for name, nb in (("answers", answered(student, instructor)), ("stubs", student)):
            handed_in = folder / "submitted" / name / path.stem
            handed_in.mkdir(parents=True)
            nbformat.write(nb, handed_in / path.name)
        outputs[COMMANDS[2], path.stem] = run(folder, COMMANDS[2], path.stem)
    return folder, outputs


def scores(folder, assignment, student):
    """``{grade_id: (score, max_score, needs_manual_grade)}`` from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {
            grade.name: (grade.score, grade.max_score, grade.needs_manual_grade)
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


def written_answers(assignment):
    nb = nbformat.read(ASSIGNMENTS[NAMES.index(assignment)], as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.metadata["nbgrader"].get("solution") and c.metadata["nbgrader"].get("grade")
    }


def test_the_instructors_page_shows_these_commands():
    page = nbformat.read(ROOT / "book" / "instructors.ipynb", as_version=4)
    text = "\n".join(c.source for c in page.cells if c.cell_type == "markdown")
    for line in COMMANDS + CONFIG.splitlines():
        assert line in text, line


def test_nbgrader_validates_an_instructor_version(course):
    _, outputs = course
    assert VALIDATED in NAMES
    assert "Success! Your notebook passes all the tests." in outputs[COMMANDS[0], VALIDATED]


@pytest.mark.parametrize("assignment", NAMES)
def test_answers_get_every_autograded_point_and_written_answers_wait(course, assignment):
    folder, _ = course
    grades = scores(folder, assignment, "answers")
    written = written_answers(assignment)
    assert written and set(grades) > written
    for grade_id, (score, max_score, manual) in grades.items():
        if grade_id in written:
            assert manual, f"{grade_id}: a written answer is graded by hand"
        else:
            assert max_score > 0 and score == max_score and not manual, (grade_id, score)


@pytest.mark.parametrize("assignment", NAMES)
def test_untouched_stubs_get_no_point(course, assignment):
    folder, _ = course
    grades = scores(folder, assignment, "stubs")
    assert sum(max_score for _, max_score, _ in grades.values()) > 0
    assert all(score == 0 for score, _, _ in grades.values()), grades


@pytest.mark.parametrize("assignment", NAMES)
def test_release_writes_what_nbgrader_writes(course, assignment):
    """Same cells in the same order, same sources (stubs in place of solutions, hidden tests
    gone), same roles and points; nbgrader adds only what it checks a submission against (each
    cell's checksum and type)."""
    folder, _ = course
    path = ASSIGNMENTS[NAMES.index(assignment)]
    ours = release_notebook(nbformat.read(path, as_version=4))
    theirs = nbformat.read(folder / "release" / assignment / path.name, as_version=4)
    assert len(ours.cells) == len(theirs.cells)
    for index, (mine, nbgraders) in enumerate(zip(ours.cells, theirs.cells)):
        assert mine.cell_type == nbgraders.cell_type, index
        assert mine.source == nbgraders.source, f"cell {index}"
        added = ("checksum", "cell_type")
        role = {k: v for k, v in nbgraders.metadata["nbgrader"].items() if k not in added}
        assert mine.metadata["nbgrader"] == role, f"cell {index}"
    assert not any("HIDDEN TESTS" in cell.source for cell in theirs.cells)
