# The two commands of the README: `make book` and `make test`. Both create .venv when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The notebooks' kernel ("python3") must be the virtual environment's Python.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: book test install browser corpora lint clean

install: $(STAMP)

# pip's --no-compile: Python compiles each module when it is first imported; compiling every file
# of TensorFlow and the rest up front took 40 of the 88 s of the requirements' install here.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-compile -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Runs every notebook (results cached in _build/.jupyter_cache), writes _build/html and prints
# each notebook's execution time (book/_ext/execution_times.py).
book: $(STAMP) corpora
	$(VENV)/bin/jupyter-book build . --warningiserror --keep-going

# First the site build, as `make book` (it executes every chapter once, two at a time, and prints
# their times; a failing chapter does not stop the tests, which name its cell). Then the tests on
# TEST_WORKERS processes (pytest-xdist, a test file per process at a time): unit tests; the built
# site (tests/test_chapters.py checks each chapter ran with its asserts holding, test_book.py and
# test_browser.py the pages); the installed package (test_install.py); the assignments through
# nbgrader (test_nbgrader.py: `nbgrader validate` runs one instructor version, `autograde` the
# answered and the untouched student versions).
TEST_WORKERS ?= 2
test: $(STAMP) browser corpora
	-$(VENV)/bin/jupyter-book build . --warningiserror --keep-going
	$(PY) -m pytest tests -p no:cacheprovider \
		-n $(TEST_WORKERS) --dist loadfile --durations=20

# The sentence corpus (data.wordnet_examples): Debian's wordnet-base, installed where missing.
corpora:
	@test -f /usr/share/wordnet/data.noun || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends wordnet-base; }

# Headless Chromium for tests/test_browser.py: Debian's packages, installed where missing.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; }

lint: $(STAMP)
	$(VENV)/bin/ruff check gan_tutorial tests
	$(VENV)/bin/ruff format --check gan_tutorial tests
	$(VENV)/bin/ruff format --check --no-force-exclude book/*.ipynb book/assignments/*.ipynb

clean:
	rm -rf _build runs
