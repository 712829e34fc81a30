"""The live trainer of chapters 1, 8 and 9 (book/_static/gan_live.js) in headless Chromium, on
the built site: it loads without console errors and draws; its buttons play, pause, step and fix;
seeded runs give the same numbers twice; the collapsing recipe and its fix do what the chapters
say; its mode metric is `metrics.mode_report`'s; bad settings are refused with a message."""

import math
import time

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
    time.sleep(0.5)  # several animation frames: a paused trainer does not train
    assert widget_state(browser)["g"] == paused["g"]

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


GRADIENT_CHECK = """
// finite differences (float64, h = 1e-6) against backward and the R1 penalty's gradient
const [sizes, slope] = arguments;
const u = ganLive.uniformStream(7), normal = ganLive.normalStream(u);
const net = new ganLive.MLP(sizes, slope, u), n = 3, inputs = sizes[0];
const x = new Float64Array(n * inputs).map(() => normal());
const outputs = () => net.forward(x, n).at(-1);
const f = () => outputs().reduce((a, v) => a + Math.sin(v), 0);
const penalty = () => net.inputGradientPenalty(net.forward(x, n), n, 1, null);
let acts = net.forward(x, n);
const dOut = Float64Array.from(acts.at(-1), Math.cos);
const grads = net.zeroGradients(), dx = net.backward(acts, n, dOut, grads);
const penaltyGrads = net.zeroGradients();
if (sizes.at(-1) === 1) net.inputGradientPenalty(net.forward(x, n), n, 1, penaltyGrads);
let worst = 0, worstPenalty = 0, worstInput = 0;
const h = 1e-6, central = (g, w, i) => { const v = w[i]; w[i] = v + h; const a = g();
  w[i] = v - h; const b = g(); w[i] = v; return (a - b) / (2 * h); };
for (const key of ["W", "b"]) for (let l = 0; l < net.layers; l++) {
  for (let i = 0; i < net[key][l].length; i++) {
    worst = Math.max(worst, Math.abs(central(f, net[key][l], i) - grads[key][l][i]));
    if (sizes.at(-1) === 1) worstPenalty = Math.max(worstPenalty,
      Math.abs(central(penalty, net[key][l], i) - penaltyGrads[key][l][i]));
  }
}
for (let i = 0; i < x.length; i++) {
  worstInput = Math.max(worstInput, Math.abs(central(f, x, i) - dx[i]));
}
return [worst, worstPenalty, worstInput];
"""


@pytest.mark.parametrize("sizes, slope", [([4, 5, 6, 1], 0.2), ([3, 5, 7, 2], 0.0)])
def test_the_page_gradients_match_finite_differences(chapter_8, sizes, slope):
    worst, worst_penalty, worst_input = chapter_8.execute_script(GRADIENT_CHECK, sizes, slope)
    assert worst < 1e-7 and worst_penalty < 1e-7 and worst_input < 1e-7


def keras_copy(chapter_8, pack):
    """The page's discriminator (2-64-64-1, leaky ReLU) and the package's with its weights."""
    import keras

    from gan_tutorial import models

    weights = chapter_8.execute_script(
        "const game = new ganLive.Game({seed: 5, pack: arguments[0]});"
        "window.testGame = game; game.run(3);"
        "const D = game.discriminator;"
        "return D.W.map((W, l) =>"
        " [Array.from(W), Array.from(D.b[l]), D.sizes[l], D.sizes[l + 1]]);",
        pack,
    )
    keras.utils.set_random_seed(0)
    model = models.mlp_discriminator(2, hidden=(64, 64), pack=pack)
    values = []
    for kernel, bias, fan_in, fan_out in weights:
        values += [np.array(kernel).reshape(fan_out, fan_in).T, np.array(bias)]
    model.set_weights(values)
    return model


@pytest.mark.parametrize("pack", [1, 4])
def test_the_page_discriminator_and_r1_are_the_packages(chapter_8, pack):
    from gan_tutorial import fixes

    model = keras_copy(chapter_8, pack)
    x = DATASETS["ring"].sample(256, seed=3)
    page_logits, page_penalty = chapter_8.execute_script(
        "const x = Float64Array.from(arguments[0].flat()), D = window.testGame.discriminator;"
        "const rows = 256 / arguments[1], acts = D.forward(x, rows);"
        "return [Array.from(acts.at(-1)), D.inputGradientPenalty(acts, rows, 1, null) / 256];",
        x.tolist(),
        pack,
    )
    logits = np.asarray(model(x.astype(np.float32))).ravel()
    np.testing.assert_allclose(page_logits, logits, rtol=1e-4, atol=1e-5)
    penalty = float(fixes.r1_penalty(model, x.astype(np.float32)))
    assert page_penalty == pytest.approx(penalty, rel=1e-4)


@pytest.mark.parametrize("name", ["minimax", "non_saturating", "hinge"])
def test_the_page_losses_are_the_packages(chapter_8, name):
    from gan_tutorial import losses

    rng = np.random.default_rng(0)
    real, fake = rng.normal(0, 3, 64), rng.normal(0, 3, 64)
    page = chapter_8.execute_script(
        "const loss = ganLive.LOSSES[arguments[0]];"
        "return [loss.d(arguments[1], arguments[2]).value, loss.g(arguments[2]).value];",
        name,
        real.tolist(),
        fake.tolist(),
    )
    package = losses.get(name)
    d = float(package.discriminator_loss(real.astype(np.float32), fake.astype(np.float32)))
    g = float(package.generator_loss(fake.astype(np.float32)))
    assert page == pytest.approx([d, g], rel=1e-5)


def test_the_page_adam_step_is_keras(chapter_8):
    import keras

    w0, g = [0.3, -1.2, 2.0], [[0.5, -0.1, 0.0], [0.2, 0.4, -3.0], [1.0, 1.0, 1.0]]
    page = chapter_8.execute_script(
        "const net = {W: [Float64Array.from(arguments[0])], b: [new Float64Array(0)],"
        " zeroGradients() { return {W: [new Float64Array(3)], b: [new Float64Array(0)]}; }};"
        "const adam = new ganLive.Adam(net, 1e-2, 0.5, 0.999);"
        "for (const g of arguments[1])"
        " adam.apply({W: [Float64Array.from(g)], b: [new Float64Array(0)]});"
        "return Array.from(net.W[0]);",
        w0,
        g,
    )
    variable = keras.Variable(np.array(w0, dtype=np.float32))
    optimizer = keras.optimizers.Adam(1e-2, beta_1=0.5, beta_2=0.999)
    for gradient in g:
        optimizer.apply([np.array(gradient, dtype=np.float32)], [variable])
    np.testing.assert_allclose(page, np.asarray(variable), rtol=1e-5, atol=1e-6)
