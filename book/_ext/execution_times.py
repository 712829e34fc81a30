"""A Sphinx extension of this book: the chapters' execution times, printed at the end of a build.

Each chapter must execute in at most ``BUDGET_SECONDS`` on a 2-core CPU (the cell timeout in
``_config.yml`` leaves room above it). myst-nb records every notebook's run time, also for one
taken from jupyter-cache, where it is the time of the run that filled the cache. This prints
them as a table after every build, so that a chapter that grows slower is seen by whoever
builds; a time fails nothing, since it depends on the machine.

A notebook that failed stays failed in Sphinx's records until its text changes, and a later
build would not read it again and would pass. So every build warns (an error under
``--warningiserror``) about each notebook whose last execution failed.
"""

import re

from sphinx.util import logging

BUDGET_SECONDS = 120

logger = logging.getLogger(__name__)


def execution_rows(env):
    """``(docname, seconds or None, succeeded, traceback)`` for every notebook the build executed or
    took from the cache, in the order of the table of contents."""
    from myst_nb.sphinx_ import NbMetadataCollector

    order = {name: i for i, name in enumerate(_toc_order(env))}
    rows = []
    for docname, data in NbMetadataCollector.get_doc_data(env).items():
        exec_data = data.get("exec_data")
        if exec_data:
            rows.append(
                (
                    docname,
                    exec_data.get("runtime"),
                    exec_data.get("succeeded"),
                    exec_data.get("traceback"),
                )
            )
    return sorted(rows, key=lambda row: (order.get(row[0], len(order)), row[0]))


def _toc_order(env):
    # documents in reading order: the root, then the toctree below it, depth first
    seen, order = set(), []

    def visit(docname):
        if docname in seen:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(env.config.root_doc)
    return order


def _print_times(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    rows = execution_rows(app.env)
    if not rows:
        return
    lines = ["", f"Execution times (budget {BUDGET_SECONDS} s a chapter on a 2-core CPU):"]
    for docname, seconds, succeeded, _ in rows:
        shown = "    ?" if seconds is None else f"{seconds:5.0f}"
        flags = ("" if succeeded else "  FAILED") + (
            "  over budget" if seconds and seconds > BUDGET_SECONDS else ""
        )
        lines.append(f"  {docname:<32} {shown} s{flags}")
    total = sum(seconds or 0.0 for _, seconds, _, _ in rows)
    lines.append(f"  {'all notebooks':<32} {total:5.0f} s")
    logger.info("\n".join(lines))
    for docname, _, succeeded, traceback in rows:
        if not succeeded:
            logger.warning(
                f"{docname} failed when it last executed; the book's claims do not hold until "
                f"it runs through:\n{_plain(traceback)[-2000:]}"
            )


def _plain(traceback):
    # the traceback without its terminal colours
    return re.sub(r"\x1b\[[0-9;]*m", "", traceback or "(no traceback recorded)")


def setup(app):
    app.connect("build-finished", _print_times)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
