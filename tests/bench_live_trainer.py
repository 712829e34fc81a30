"""Benchmark of the live trainer (book/_static/gan_live.js): training steps per second in
headless Chromium, against the package's Keras `GAN` on the same CPU with the same set-up
(batch 256, a 2-D noise, two hidden layers of 64 units in both networks, the non-saturating
loss, one discriminator update per generator update), measured in the same run.

    .venv/bin/python tests/bench_live_trainer.py [--steps 300]

Not a test: it prints numbers and asserts none (the issue asks for at least 100 steps/s)."""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SETTINGS = {
    "d_steps=1 (the benchmark's set-up)": {"dSteps": 1},
    "d_steps=1, R1": {"dSteps": 1, "r1": 1},
    "d_steps=1, pack 4": {"dSteps": 1, "pack": 4},
    "d_steps=5 (chapter 8's recipe, the widget's start)": {},
}
MEASURE = """
const [options, steps] = arguments;
const game = new ganLive.Game(options).run(10);  // warm up the JIT
const start = performance.now();
game.run(steps);
return steps / ((performance.now() - start) / 1000);
"""


def browser_rates(steps):
    from conftest import serve
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    page = ROOT / "_build" / "bench_live_trainer"
    page.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "book" / "_static" / "gan_live.js", page / "gan_live.js")
    (page / "index.html").write_text('<!doctype html><script src="gan_live.js"></script>')
    chrome = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    chrome.set_script_timeout(600)
    try:
        with serve(page) as base:
            chrome.get(f"{base}/index.html")
            return {name: chrome.execute_script(MEASURE, o, steps) for name, o in SETTINGS.items()}
    finally:
        chrome.quit()


def keras_rate(steps):
    """The package's GAN, the same set-up; steps_per_execution=100 as the chapters use."""
    import keras

    from gan_tutorial import data, models
    from gan_tutorial.gan import GAN

    x = data.ring().sample(256 * 100, seed=0)
    gan = GAN(
        models.mlp_generator(2, 2, hidden=(64, 64)),
        models.mlp_discriminator(2, hidden=(64, 64)),
        seed=0,
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        steps_per_execution=100,
    )
    gan.fit(x, batch_size=256, epochs=1, verbose=0)  # compile and warm up
    epochs = max(1, steps // 100)
    start = time.perf_counter()
    gan.fit(x[: 256 * 100], batch_size=256, epochs=epochs, verbose=0)
    return epochs * 100 / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=300, help="steps per measurement")
    steps = parser.parse_args().steps
    rates = browser_rates(steps)
    reference = keras_rate(steps)
    print(f"steps per second on {os.cpu_count()} CPUs, {steps} steps each")
    print(f"  Keras GAN (TensorFlow), d_steps=1: {reference:7.1f}")
    for name, rate in rates.items():
        print(f"  browser, {name}: {rate:7.1f}  ({rate / reference:.2f} x Keras)")


if __name__ == "__main__":
    main()
