"""The package on its own, as a user outside the repository gets it: ``pip install .`` into a
fresh virtual environment (packages from the package index or pip's cache, nothing else), then
the command line from another folder. And every module the package imports at run time is a
declared dependency."""

import ast
import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import packages_distributions

import pytest
import tomllib
from conftest import ROOT

PACKAGE = ROOT / "gan_tutorial"
ASSIGNMENTS = ROOT / "book" / "assignments"


def imported_modules():
    """Top-level names of every module that ``gan_tutorial`` imports, anywhere in its code."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - {"gan_tutorial"}


def declared():
    """The distributions named in pyproject.toml's dependencies, normalized."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.match(r"[A-Za-z0-9_.-]+", dep).group()) for dep in project["dependencies"]}


def _normal(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_import_of_the_package_is_a_declared_dependency():
    distributions = packages_distributions()
    missing = []
    for module in sorted(imported_modules()):
        if module in sys.stdlib_module_names:
            continue
        providers = {_normal(d) for d in distributions.get(module, [])}
        assert providers, f"{module} is imported by gan_tutorial but not installed"
        if not providers & declared():
            missing.append(f"{module} (from {', '.join(sorted(providers))})")
    assert not missing, f"imported but not in pyproject.toml's dependencies: {missing}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtual environment with ``pip install .`` of a copy of the repository (the
    copy keeps setuptools' build folder out of the working tree). Returns a function that runs
    ``python -m gan_tutorial ARGS`` there, in a folder outside the repository."""
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", "runs", "*.egg-info", "__pycache__", "build"
        ),
    )
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # --no-compile: the same package, without compiling every file to bytecode up front (as make)
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-compile", str(source)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    outside = base / "elsewhere"
    outside.mkdir()

    def run(*args):
        return subprocess.run(
            [str(python), "-m", "gan_tutorial", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=outside,
            env={"PATH": "/usr/bin:/bin", "HOME": str(base), "TF_CPP_MIN_LOG_LEVEL": "3"},
            timeout=600,
        )

    run.python, run.cwd = python, outside
    return run


def test_the_installed_package_is_not_the_repository(installed):
    where = subprocess.run(
        [str(installed.python), "-c", "import gan_tutorial; print(gan_tutorial.__file__)"],
        capture_output=True,
        text=True,
        cwd=installed.cwd,
    )
    assert where.returncode == 0, where.stderr[-2000:]
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout


def subcommands(help_text):
    """The names in argparse's ``{a,b,c}`` list of a usage line."""
    return re.search(r"\{([a-z0-9,-]+)\}", help_text).group(1).split(",")


def test_help_of_every_command_and_subcommand(installed, capsys):
    top = installed("--help")
    assert top.returncode == 0, top.stderr[-2000:]
    commands = subcommands(top.stdout)
    assert {"train", "bench", "release"} <= set(commands)
    for command in commands:
        shown = installed(command, "--help")
        assert shown.returncode == 0, (command, shown.stderr[-2000:])
        assert f"python -m gan_tutorial {command}" in shown.stdout
        if command == "bench":  # one benchmark from the installed package, the rest below
            benches = subcommands(shown.stdout)
            inner = installed(command, benches[0], "--help")
            assert inner.returncode == 0, (benches[0], inner.stderr[-2000:])
            for bench in benches[1:]:
                assert_help_in_process(capsys, [command, bench])


def assert_help_in_process(capsys, args):
    """``python -m gan_tutorial ARGS --help`` run by `main` in this process (from the
    repository: the installed package's help is checked above)."""
    from gan_tutorial.__main__ import main

    with pytest.raises(SystemExit) as done:
        main([*args, "--help"])
    assert done.value.code == 0, args
    assert f"python -m gan_tutorial {' '.join(args)}" in capsys.readouterr().out


def test_release_writes_the_student_versions(installed):
    out = installed.cwd / "student"
    released = installed("release", ASSIGNMENTS, out)
    assert released.returncode == 0, released.stderr[-2000:]
    written = sorted(path.name for path in out.glob("*.ipynb"))
    assert written == sorted(path.name for path in ASSIGNMENTS.glob("*.ipynb"))
    assert "NotImplementedError" in (out / written[0]).read_text(encoding="utf-8")


def test_a_short_training_run(installed):
    trained = installed(
        "train", "gaussian-1d", "--steps", "100", "--log-every", "100", "--out", "run", "--quiet"
    )
    assert trained.returncode == 0, trained.stderr[-3000:]
    result = json.loads((installed.cwd / "run" / "metrics.json").read_text())
    assert result["steps"] == 100
    assert (installed.cwd / "run" / "checkpoint.keras").is_file()
