"""A Sphinx extension of this book: the notebooks execute in parallel, one kernel per core.

myst-nb executes the notebooks one after another while Sphinx reads them, and most chapters
keep only about one of the machine's cores busy (small networks, Python between the steps).
Before Sphinx reads, this runs every notebook that is about to be read and is not in the
jupyter-cache yet, ``nb_parallel_notebooks`` at a time (default: the number of cores), the
docnames of ``nb_parallel_first`` (the longest ones) first, each in its own folder as myst-nb
would, and stores the results in the same cache with their run times. myst-nb then takes them
from the cache. A notebook that fails here is not cached: myst-nb runs
it once more and reports the failure as usual, with its traceback.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _to_execute(env, docnames, cache, first=()):
    """The notebooks among ``docnames`` that myst-nb would execute: paths, those of the
    docnames in ``first`` first (in that order), then the others in reading order."""
    config = env.mystnb_config
    paths = []
    order = [name for name in first if name in docnames]
    for docname in order + [name for name in sorted(docnames) if name not in order]:
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb" or any(
            path.match(pattern) for pattern in config.execution_excludepatterns
        ):
            continue
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            paths.append(path)
    return paths


def _execute_in_parallel(app, env, docnames):
    config = env.mystnb_config
    if config.execution_mode != "cache" or config.execution_in_temp:
        return  # only the mode this book uses; myst-nb handles the others alone
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.cache.db import NbProjectRecord
    from jupyter_cache.executors.utils import single_nb_execution

    cache = get_cache(config.execution_cache_path)
    paths = _to_execute(env, docnames, cache, app.config.nb_parallel_first)
    workers = min(app.config.nb_parallel_notebooks or os.cpu_count() or 1, len(paths))
    if workers < 2:
        return  # nothing gained: myst-nb executes it as usual
    logger.info(f"executing {len(paths)} notebooks, {workers} at a time [parallel_execution]")
    database = threading.Lock()  # one writer at a time for the cache's SQLite file

    def execute(path):
        nb = nbformat.read(path, as_version=4)
        result = single_nb_execution(
            nb,
            cwd=str(path.parent),
            timeout=config.execution_timeout,
            allow_errors=config.execution_allow_errors,
            meta_override=True,
        )
        if result.err is not None:
            error = type(result.err).__name__
            logger.info(f"{path.name}: {error} after {result.time:.0f} s; myst-nb runs it again")
            return
        with database:
            record = cache.add_nb_to_project(str(path))
            NbProjectRecord.remove_tracebacks([record.pk], cache.db)
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, str(path), data={"execution_seconds": result.time}),
                check_validity=False,
                overwrite=True,
            )
        logger.info(f"{path.name}: executed in {result.time:.0f} s [parallel_execution]")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(execute, paths))


def setup(app):
    app.add_config_value("nb_parallel_notebooks", None, "env")
    app.add_config_value("nb_parallel_first", [], "env")
    app.connect("env-before-read-docs", _execute_in_parallel)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
