"""A Sphinx extension of this book: every script once per page.

sphinx-thebe and sphinx-togglebutton register inline scripts (``const THEBE_JS_URL = ...``)
while Sphinx reads the sources; Sphinx 7.4 then writes them into every page twice (once with
the file name ``None``, once with ``""``), and the second ``const`` is a SyntaxError in every
reader's browser console. This drops exact repeats.
"""


def _unique_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (
            getattr(script, "filename", str(script)) or None,  # "" and None: an inline script
            tuple(sorted(getattr(script, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _unique_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
