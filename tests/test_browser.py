"""The built site in a real browser: headless Chromium (Debian's ``chromium`` and
``chromedriver``, which ``make test`` installs where missing) opens every page served on
127.0.0.1. No page logs a console error, every image loads, every internal link answers, math
is typeset by the MathJax that ships with the site (no CDN), the search finds "discriminator",
and a hidden solution opens on click. One screenshot per page lands in _build/screenshots."""

import shutil
import urllib.request
from urllib.error import HTTPError
from urllib.parse import urldefrag

import pytest
from conftest import ROOT, serve
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SCREENSHOTS = ROOT / "_build" / "screenshots"
WAIT_FOR_MATHJAX = """
const done = arguments[arguments.length - 1];
if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
  MathJax.startup.promise.then(() => done("typeset")).catch((e) => done(String(e)));
} else {
  done("no MathJax");
}
"""


@pytest.fixture(scope="module")
def served(site):
    """The site on http://127.0.0.1:PORT."""
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (binary and driver):
        pytest.fail(
            "chromium and chromedriver are missing; `make test` installs Debian's packages "
            "(apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1600")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    chrome.set_page_load_timeout(60)
    yield chrome
    chrome.quit()


def pages(site):
    return ["index.html"] + sorted(
        p.relative_to(site).as_posix() for p in (site / "book").glob("*.html")
    )


def open_page(browser, url):
    """Loads ``url``, waits for MathJax, and returns the console errors it logged."""
    browser.get_log("browser")  # forget what earlier pages logged
    browser.get(url)
    WebDriverWait(browser, 30).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    browser.set_script_timeout(30)
    typeset = browser.execute_async_script(WAIT_FOR_MATHJAX)
    logged = browser.get_log("browser")
    return typeset, [entry["message"] for entry in logged if entry["level"] == "SEVERE"]


def test_every_page_loads_cleanly_with_its_figures_and_math(site, served, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, typeset_pages = [], 0
    for page in pages(site):
        typeset, errors = open_page(browser, f"{served}/{page}")
        problems += [f"{page}: console: {message}" for message in errors]
        broken = browser.execute_script(
            "return Array.from(document.images)"
            ".filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.src)"
        )
        problems += [f"{page}: image did not load: {src}" for src in broken]
        math = browser.execute_script(
            "return [document.querySelectorAll('.math').length,"
            " document.querySelectorAll('mjx-container').length,"
            " document.querySelectorAll('mjx-merror').length]"
        )
        if math[0]:  # the page has math: MathJax typeset all of it, without errors
            typeset_pages += 1
            if typeset != "typeset" or math[1] < math[0] or math[2]:
                problems.append(f"{page}: math {math} ({typeset})")
        browser.save_screenshot(str(SCREENSHOTS / page.replace("/", "_").replace(".html", ".png")))
    assert not problems, "\n".join(problems)
    assert typeset_pages >= 5  # chapters 1, 2, 3, 5, 7 at least have math
    assert len(list(SCREENSHOTS.glob("book_*.png"))) == len(pages(site)) - 1


def test_every_internal_link_answers(site, served, browser):
    targets = set()
    for page in pages(site):
        browser.get(f"{served}/{page}")
        hrefs = browser.execute_script("return Array.from(document.links).map((a) => a.href)")
        targets |= {urldefrag(h).url for h in hrefs if h.startswith(served)}
    assert len(targets) >= len(pages(site))
    broken = []
    for url in sorted(targets):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                status = response.status
        except HTTPError as error:
            status = error.code
        if status != 200:
            broken.append(f"{url}: {status}")
    assert not broken, broken


def test_search_finds_discriminator(served, browser):
    browser.get(f"{served}/search.html?q=discriminator")
    WebDriverWait(browser, 30).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results li")
    )
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#search-results li a")]
    assert any("minimax" in t.lower() for t in titles), titles
    assert len(browser.find_elements(By.CSS_SELECTOR, "#search-results li")) >= 5


def test_a_hidden_solution_opens_on_click(served, browser):
    open_page(browser, f"{served}/book/02_minimax.html")
    solution = browser.find_element(By.CSS_SELECTOR, ".solution.dropdown")
    body = solution.find_elements(By.CSS_SELECTOR, ":scope > :not(.admonition-title)")
    assert body and not any(part.is_displayed() for part in body)  # hidden at first
    title = solution.find_element(By.CSS_SELECTOR, ".admonition-title")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", title)
    title.click()
    WebDriverWait(browser, 10).until(lambda b: any(part.is_displayed() for part in body))
    assert "toggle-hidden" not in solution.get_attribute("class")


def test_the_animation_player_draws_its_buttons_and_steps(served, browser):
    """Chapter 4's player: nine buttons, each with a drawn icon (inline SVG, no icon font), and
    "Next frame" moves the slider."""
    open_page(browser, f"{served}/book/04_image_gan.html")
    buttons = browser.find_elements(By.CSS_SELECTOR, ".anim-buttons button")
    assert len(buttons) == 9
    sizes = browser.execute_script(
        "return Array.from(document.querySelectorAll('.anim-buttons button')).map((b) => {"
        " const svg = b.querySelector('svg'); if (!svg) return null;"
        " const box = svg.getBBox(), rect = svg.getBoundingClientRect();"
        " return [box.width, box.height, rect.width, rect.height]; })"
    )
    assert all(s is not None and min(s) > 0 for s in sizes), sizes
    slider = browser.find_element(By.CSS_SELECTOR, ".anim-slider")
    before = int(slider.get_attribute("value"))
    next_frame = browser.find_element(By.CSS_SELECTOR, ".anim-buttons button[title='Next frame']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", next_frame)
    next_frame.click()
    WebDriverWait(browser, 10).until(lambda b: int(slider.get_attribute("value")) == before + 1)


def test_the_set_up_cell_is_behind_a_toggle(served, browser):
    open_page(browser, f"{served}/book/01_first_gan.html")
    cells = browser.find_elements(By.CSS_SELECTOR, ".cell")
    setup = next(c for c in cells if "google.colab" in c.get_attribute("textContent"))
    code = setup.find_element(By.CSS_SELECTOR, ".cell_input")
    assert not code.is_displayed()  # hidden until the reader asks
    toggle = setup.find_element(By.CSS_SELECTOR, "summary")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
    toggle.click()
    WebDriverWait(browser, 10).until(lambda b: code.is_displayed())
