import contextlib
import fcntl
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

import keras  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same seeds and the default dtype policy."""
    keras.utils.set_random_seed(0)
    keras.config.set_dtype_policy("float32")
    yield
    keras.config.set_dtype_policy("float32")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """A static HTTP server on 127.0.0.1 serving ``folder`` (a thread of this process): yields
    its base URL."""
    handler = partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture()
def server(tmp_path):
    """A static HTTP server on 127.0.0.1 serving an empty folder: yields ``(folder, base_url)``."""
    folder = tmp_path / "site"
    folder.mkdir()
    with serve(folder) as base:
        yield folder, base


@pytest.fixture()
def cli():
    """Runs ``python -m gan_tutorial ARGS...`` in a subprocess; returns the CompletedProcess."""

    def run(*args):
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
        return subprocess.run(
            [sys.executable, "-m", "gan_tutorial", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    return run


def build_book(root, timeout=1800):
    """Runs ``jupyter-book build ROOT`` as ``make book`` does (warnings are errors, every
    notebook executed or taken from the cache); returns the CompletedProcess."""
    jupyter_book = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    assert jupyter_book, "jupyter-book is not installed next to this Python: run `make test`"
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # notebooks draw inline
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [jupyter_book, "build", str(root), "--warningiserror", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


BUILD_LOG = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def book_build(pytestconfig):
    """The one build of the book in a test run: it executes every chapter (on a clean clone;
    later runs take unchanged chapters from jupyter-cache). Returns the CompletedProcess,
    failed or not: tests/test_chapters.py names the chapter and cell of a failure.

    Under pytest-xdist (``make test`` runs two workers) the first worker that needs the book
    builds it while holding a lock; the others wait and take its result from
    ``_build/.test-build.json``, marked with the run's id, instead of building again."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    folder = ROOT / "_build"
    folder.mkdir(exist_ok=True)
    record = folder / ".test-build.json"
    with open(folder / ".test-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shared = json.loads(record.read_text()) if run and record.exists() else {}
        if run and shared.get("run") == run:
            build = subprocess.CompletedProcess(
                shared["args"], shared["returncode"], shared["stdout"], shared["stderr"]
            )
        else:
            build = build_book(ROOT)
            if run:
                fields = {"run": run, "args": build.args, "returncode": build.returncode}
                fields.update(stdout=build.stdout, stderr=build.stderr)
                partial_record = record.with_suffix(".partial")
                partial_record.write_text(json.dumps(fields))
                partial_record.replace(record)
    pytestconfig.stash[BUILD_LOG] = build.stdout
    return build


def pytest_sessionfinish(session):
    """An xdist worker hands the build's log to the controller, which prints the table."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["build_log"] = session.config.stash.get(BUILD_LOG, "")


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    log = getattr(node, "workeroutput", {}).get("build_log", "")
    if log:
        node.config.stash[BUILD_LOG] = log


def pytest_terminal_summary(terminalreporter, config):
    """The chapters' execution times (book/_ext/execution_times.py) at the end of the run."""
    log = config.stash.get(BUILD_LOG, "")
    if "Execution times" in log:
        table = "Execution times" + log.split("Execution times")[-1].split("\x1b[")[0]
        terminalreporter.write_sep("-", "the book's build")
        terminalreporter.write_line(table.rstrip())


@pytest.fixture(scope="session")
def site(book_build):
    """The folder of the built site; the build must have passed with warnings as errors."""
    assert book_build.returncode == 0, (book_build.stdout + book_build.stderr)[-6000:]
    return HTML
