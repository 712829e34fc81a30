"""The live trainer of chapters 1, 8 and 9 (book/_static/gan_live.js) in headless Chromium, on
the built site: it loads without console errors and draws; its buttons play, pause, step and fix;
seeded runs give the same numbers twice; the collapsing recipe and its fix do what the chapters
say; its mode metric is `metrics.mode_report`'s; bad settings are refused with a message."""

import math

import numpy as np
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from test_browser import browser, open_page, served  # noqa: F401 (fixtures)

from gan_tutorial import data, metrics
from gan_tutorial.metrics.modes import NUM_EVAL_SAMPLES

PAGES = ("book/01_first_gan.html", "book/08_mode_collapse.html", "book/09_fixes.html")
DATASETS = {"ring": data.ring(), "grid": data.grid(), "gaussian": data.gaussian_1d(4.0, 1.25)}

# the seeded runs the chapters describe (chapter 8's sentence next to the trainer)
COLLAPSE_STEPS = 800
COLLAPSED_MODES = 4  # at most, for the recipe on seed 0
FIXED_HIGH_QUALITY = 0.2  # at least, with all 8 modes, for R1 on seed 0

REPORT = """
const [options, steps] = arguments;
const game = new ganLive.Game(options).run(steps);
const report = game.report();
return {report: report, samples: Array.from(game.samples()), gSteps: game.gSteps,
        dSteps: game.dSteps, losses: [game.history.dLoss.at(-1), game.history.gLoss.at(-1)]};
"""


def widget_state(chrome, index=0):
    return chrome.execute_script(
        "const w = ganLive.widgets[arguments[0]];"
        "return {g: w.game.gSteps, d: w.game.dSteps, playing: w.playing,"
        " config: w.game.config, modes: w.report.modes, status: w.status.textContent};",
        index,
    )


def click(chrome, name, index=0):
    buttons = chrome.find_elements(By.CSS_SELECTOR, f".gan-live button[name='{name}']")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[index])
    buttons[index].click()


@pytest.mark.parametrize("page", PAGES)
def test_the_trainer_loads_draws_plays_pauses_steps_and_fixes(served, browser, page):  # noqa: F811
    _, errors = open_page(browser, f"{served}/{page}")
    assert not errors, errors
    assert browser.execute_script("return ganLive.widgets.length") == 1
    # the picture is drawn: many colours (heat map, dots, crosses), not a blank canvas
    colours = browser.execute_script(
        "const c = document.querySelector('.gan-live canvas');"
        "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "const seen = new Set(); for (let i = 0; i < d.length; i += 4)"
        " seen.add(d[i] * 65536 + d[i + 1] * 256 + d[i + 2]); return seen.size;"
    )
    assert colours > 50, colours
    start = widget_state(browser)
    assert start["g"] == start["d"] == 0 and start["config"]["dataset"] == "ring"

    click(browser, "play")
    WebDriverWait(browser, 30).until(lambda b: widget_state(b)["g"] >= 3)
    click(browser, "play")  # now the pause button
    paused = widget_state(browser)
    assert not paused["playing"]
    assert f"{paused['g']} generator" in paused["status"]
    assert widget_state(browser)["g"] == paused["g"]  # paused stays paused

    click(browser, "stepD")
    after_d = widget_state(browser)
    assert (after_d["g"], after_d["d"]) == (paused["g"], paused["d"] + 1)
    click(browser, "stepG")
    after_g = widget_state(browser)
    assert (after_g["g"], after_g["d"]) == (paused["g"] + 1, paused["d"] + 1)

    click(browser, "fixR1")
    fixed = widget_state(browser)
    fix = browser.execute_script("return ganLive.FIXES")
    assert fixed["config"]["r1"] == fix["r1"]["r1"] > 0 and fixed["g"] == 0
    click(browser, "fixPack")
    packed = widget_state(browser)
    assert packed["config"]["pack"] == fix["pack"]["pack"] > 1 and packed["config"]["r1"] == 0
    click(browser, "recipe")
    recipe = widget_state(browser)
    assert recipe["config"]["pack"] == 1 and recipe["config"]["r1"] == 0
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


@pytest.fixture(scope="module")
def chapter_8(served, browser):  # noqa: F811
    _, errors = open_page(browser, f"{served}/book/08_mode_collapse.html")
    assert not errors, errors
    browser.set_script_timeout(600)
    return browser


def test_the_same_seed_gives_the_same_run_and_another_seed_another(chapter_8):
    first = chapter_8.execute_script(REPORT, {"seed": 3}, 60)
    again = chapter_8.execute_script(REPORT, {"seed": 3}, 60)
    other = chapter_8.execute_script(REPORT, {"seed": 4}, 60)
    assert first == again
    assert first["samples"] != other["samples"]
    assert first["gSteps"] == 60 and first["dSteps"] == 300


def test_the_recipe_collapses_and_r1_covers_every_mode(chapter_8):
    collapsed = chapter_8.execute_script(REPORT, {"seed": 0}, COLLAPSE_STEPS)["report"]
    fixed = chapter_8.execute_script(
        REPORT, {"seed": 0, **chapter_8.execute_script("return ganLive.FIXES.r1")}, COLLAPSE_STEPS
    )["report"]
    print(f"recipe: {collapsed}\nR1: {fixed}")
    assert collapsed["modes"] <= COLLAPSED_MODES
    assert fixed["modes"] == 8 and fixed["high_quality"] >= FIXED_HIGH_QUALITY


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_the_page_scores_samples_as_mode_report_does(chapter_8, dataset):
    run = chapter_8.execute_script(REPORT, {"seed": 1, "dataset": dataset, "dSteps": 1}, 150)
    mixture = DATASETS[dataset]
    samples = np.array(run["samples"]).reshape(-1, mixture.dim)
    assert samples.shape == (NUM_EVAL_SAMPLES, mixture.dim)
    expected, page = metrics.mode_report(samples, mixture), run["report"]
    assert page["histogram"] == expected["histogram"]
    for key in ("modes", "modes_min_count", "high_quality"):
        assert page[key] == expected[key], key
    if math.isfinite(expected["reverse_kl"]):
        assert page["reverse_kl"] == pytest.approx(expected["reverse_kl"], abs=1e-12)
    else:  # JSON has no infinity: the page's Infinity arrives as None
        assert page["reverse_kl"] is None


def test_the_page_scores_a_known_answer(chapter_8):
    """Samples placed by hand: 3 on mode 0, 1 on mode 2, 1 just outside mode 5's 3 stds."""
    ring = DATASETS["ring"]
    points = [ring.centers[0]] * 3 + [ring.centers[2]] + [ring.centers[5] * (1 + 0.061 / 2)]
    page = chapter_8.execute_script(
        "return ganLive.modeReport(Float64Array.from(arguments[0].flat()), 5,"
        " ganLive.DATASETS.ring)",
        [list(p) for p in points],
    )
    assert page["histogram"] == [3, 0, 1, 0, 0, 0, 0, 0]
    assert page["high_quality"] == 0.8 and page["modes"] == 2
    p = np.array([0.75, 0.25])
    assert page["reverse_kl"] == pytest.approx(float(np.sum(p * np.log(p * 8))), abs=1e-12)


@pytest.mark.parametrize(
    "options, words",
    [
        ({"pack": 3}, "batch (256) must be a multiple of pack (3)"),
        ({"seed": -1}, "seed must be an integer >= 0, got -1"),
        ({"learningRateD": 0}, "learningRateD must be in (0, 1), got 0"),
        ({"dataset": "moons"}, "dataset must be one of ring,grid,gaussian, got moons"),
        ({"r1": float("nan")}, "r1 must be a number >= 0"),
    ],
)
def test_bad_settings_are_refused_with_their_name_and_value(chapter_8, options, words):
    message = chapter_8.execute_script(
        "try { new ganLive.Game(arguments[0]); return null; }"
        " catch (e) { return e.name + ': ' + e.message; }",
        {k: ("NaN" if isinstance(v, float) and math.isnan(v) else v) for k, v in options.items()},
    )
    assert message and message.startswith("RangeError") and words in message, message


def test_a_bad_value_in_the_controls_is_reported_and_the_game_kept(chapter_8):
    before = widget_state(chapter_8)
    chapter_8.execute_script(
        "const seed = document.querySelector(\".gan-live input[name='seed']\");"
        "seed.value = '-5'; seed.dispatchEvent(new Event('change'));"
    )
    after = widget_state(chapter_8)
    assert "Not started: seed must be an integer >= 0, got -5" in after["status"]
    assert after["config"] == before["config"]
