"""The DCGAN throughput benchmark (`gan_tutorial.experiments.dcgan_throughput`): its FLOP count
and a smoke run."""

import keras
import pytest


@pytest.fixture(scope="module")
def bench():
    from gan_tutorial.experiments import dcgan_throughput

    return dcgan_throughput


def test_forward_flops_count_dense_conv_and_transposed_conv(bench):
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(2 * 2 * 3),  # 6 * 12 MACs
            keras.layers.Reshape((2, 2, 3)),
            keras.layers.Conv2DTranspose(5, 3, strides=2, padding="same"),  # 2*2 inputs x 9*3*5
            keras.layers.Conv2D(7, 3, strides=2, padding="same"),  # 2*2 outputs x 9*5*7
            keras.layers.ReLU(),
        ]
    )
    macs = 6 * 12 + 4 * 9 * 3 * 5 + 4 * 9 * 5 * 7
    assert bench.forward_flops(model, batch=10) == 2 * macs * 10


def test_a_smoke_run_reports_both_loops_and_the_machine(bench, capsys):
    result = bench.main(
        ["--steps", "4", "--steps-per-execution", "2", "--repeats", "1", "--width", "4",
         "--batch", "32", "--latent-dim", "8"]
    )  # fmt: skip
    for name in (
        "tutorial",
        "package_one_step_per_call",
        "package_steps_per_execution",
        "package_reuse_fakes",
        "package",
    ):
        assert result[name]["steps_per_second"] > 0 and result[name]["gflops"] > 0
    assert result["speedup"] == pytest.approx(
        result["package"]["steps_per_second"] / result["tutorial"]["steps_per_second"]
    )
    assert result["matmul_gflops"] > 0
    out = capsys.readouterr().out
    assert "GAN.fit with every lever:" in out and "x the tutorial's loop" in out
    assert result["package"]["vs_tutorial"] == pytest.approx(result["speedup"])
