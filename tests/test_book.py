"""The site builds with warnings as errors, and what it holds is whole: every page of the table of
contents, no broken internal link or image, math, search, hidden solutions (each chapter's cells:
test_chapters.py)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHAPTERS = [
    "book/intro",
    "book/01_first_gan",
    "book/02_minimax",
    "book/03_dynamics",
    "book/04_image_gan",
    "book/05_text_gans_hard",
    "book/06_lstm_gru_gan",
    "book/07_seqgan",
    "book/08_mode_collapse",
    "book/09_fixes",
    "book/10_synthetic_data",
    "book/11_sentences",
    "book/instructors",
    "book/bibliography",
]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.images = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])


def local_target(page, link):
    parsed = urlparse(link)
    if parsed.scheme or parsed.netloc or not parsed.path:
        return None  # external, mailto, data: or a same-page anchor
    return (page.parent / unquote(parsed.path)).resolve()


def test_every_chapter_has_a_page(site):
    for chapter in CHAPTERS:
        assert (site / f"{chapter}.html").is_file(), chapter
    assert (site / "index.html").is_file()
    # the root page is a bare redirect: browsers ask it for /favicon.ico (a console error if absent)
    assert (site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an icon file


def test_no_broken_internal_links_or_images(site):
    broken = []
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.hrefs + parser.images:
            target = local_target(page, link)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    assert not broken, broken


def test_chapter_one_shows_its_figures_math_and_hidden_solutions(site):
    page = (site / "book" / "01_first_gan.html").read_text(encoding="utf-8")
    parser = Links()
    parser.feed(page)
    figures = [src for src in parser.images if src.endswith(".png")]
    assert len(figures) >= 5, figures
    assert "mathjax" in page.lower() and r"\log" in page
    assert "solution" in page and "dropdown" in page


def test_tables_that_cells_display_render_as_tables(site):
    """Results tables are Markdown a cell displays; the page must show them as HTML tables."""
    for page, tables in (
        ("07_seqgan", 2),
        ("09_fixes", 1),
        ("10_synthetic_data", 1),
        ("instructors", 2),
    ):
        html = (site / "book" / f"{page}.html").read_text(encoding="utf-8")
        assert html.count("<table") >= tables, page
        assert "<p>|" not in html, f"{page}: a Markdown table left as a paragraph"


def test_every_notebook_page_launches_on_colab_and_binder(site):
    for chapter in CHAPTERS:
        if not (ROOT / f"{chapter}.ipynb").exists():
            continue  # a Markdown page
        html = (site / f"{chapter}.html").read_text(encoding="utf-8")
        repo = "gan-tutorial/gan-tutorial"
        assert f"https://colab.research.google.com/github/{repo}/blob/main/{chapter}.ipynb" in html
        assert f"https://mybinder.org/v2/gh/{repo}/main?urlpath=tree/{chapter}.ipynb" in html


def test_search_finds_discriminator(site):
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    assert re.search(r'"discrimin', index)


def test_no_page_shows_library_warnings(site):
    """TensorFlow's Python logger writes to stdout in a notebook, which the site keeps: a
    reader must not see retracing or other library warnings."""
    noisy = []
    for page in sorted((site / "book").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for marker in ("WARNING:tensorflow", "triggered tf.function retracing", "UserWarning"):
            if marker in text:
                noisy.append(f"{page.name}: {marker}")
        # an object's repr as a cell's last value, e.g. <keras...History at 0x7fc84ddf8210>
        noisy += [
            f"{page.name}: {m}" for m in re.findall(r"&lt;[\w.]+ (?:object )?at 0x\w+&gt;", text)
        ]
    assert not noisy, noisy


class Prose(HTMLParser):
    """The text a reader reads on a page, in order (``words``): not code, math, cell outputs or
    scripts; ``plain`` leaves out the text of links too."""

    SKIP_TAGS = {"pre", "code", "script", "style", "head"}
    SKIP_CLASSES = ("math", "cell_output", "highlight", "caption-number")
    VOID_TAGS = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.words, self.plain, self._open = [], [], []  # _open: (tag, skipped, is_link)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID_TAGS:
            return
        classes = dict(attrs).get("class") or ""
        skipped = tag in self.SKIP_TAGS or any(c in classes for c in self.SKIP_CLASSES)
        self._open.append((tag, skipped, tag == "a"))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(skipped for _, skipped, _ in self._open):
            data = "\N{MIDDLE DOT}"  # code or math: it separates the words around it
        self.words.append(data)
        if not any(link for *_, link in self._open):
            self.plain.append(data)


def prose(page):
    """``(words, plain)`` of `Prose` for ``page``, each one string."""
    parser = Prose()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.words), " ".join(parser.plain)


def test_prose_has_no_doubled_words_and_refers_to_exercises_by_label(site):
    """ "Exercise Exercise 23" ({ref} already writes "Exercise 23") and "exercise 3" in plain text
    (a number typed by hand, wrong once the exercises were renumbered) both reached the site."""
    problems = []
    for chapter in CHAPTERS:
        words, plain = prose(site / f"{chapter}.html")
        for match in re.finditer(r"\b([A-Za-z]+)\s+\1\b", words, re.IGNORECASE):
            problems.append(f"{chapter}: doubled word {match.group(0)!r}")
        for match in re.finditer(r"\b[Ee]xercises? \d+(\.\d+)?", plain):
            problems.append(f"{chapter}: {match.group(0)!r} typed by hand; use {{ref}}`label`")
    assert not problems, problems
