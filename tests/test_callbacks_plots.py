import matplotlib
import numpy as np
import pytest

from gan_tutorial import GAN, SampleRecorder, data, models, plots

matplotlib.use("Agg")


def test_sample_recorder_records_before_every_and_at_the_end():
    gan = GAN(models.mlp_generator(3, 2, (8,)), models.mlp_discriminator(2, (8,)))
    gan.compile(d_optimizer="adam", g_optimizer="adam")
    recorder = SampleRecorder(num_samples=17, every=2, seed=1)
    gan.fit(
        data.ring().sample(64, seed=0), batch_size=32, epochs=5, verbose=0, callbacks=[recorder]
    )
    assert [epoch for epoch, _ in recorder.samples] == [0, 2, 4, 5]
    assert all(s.shape == (17, 2) for _, s in recorder.samples)
    # fixed noise: the recorded points are the generator's images of the same z
    z = np.random.default_rng(1).standard_normal((17, 3)).astype(np.float32)
    np.testing.assert_allclose(
        recorder.samples[-1][1], gan.generator.predict(z, verbose=0), rtol=1e-5
    )
    assert not np.allclose(recorder.samples[0][1], recorder.samples[-1][1])


def test_sample_recorder_rejects_bad_arguments():
    with pytest.raises(ValueError, match="every must be an integer >= 1"):
        SampleRecorder(every=0)
    with pytest.raises(ValueError, match="num_samples must be an integer >= 1"):
        SampleRecorder(num_samples=0)


def test_plots_draw_one_panel_per_record():
    ring = data.ring()
    records = [(e, ring.sample(100, seed=e)) for e in range(7)]
    fig = plots.plot_samples_over_training(records, ring, ncols=5)
    assert len([ax for ax in fig.axes if ax.axison]) == 7
    one_d = data.gaussian_1d()
    fig = plots.plot_histograms_over_training([(0, one_d.sample(50)), (1, one_d.sample(50))], one_d)
    assert len(fig.axes) == 2
    fig = plots.plot_density_1d(one_d, one_d.sample(500))
    assert len(fig.axes[0].patches) == 60  # one bar per bin
    fig = plots.plot_losses({"d_loss": [1, 2], "g_loss": [2, 1]})
    assert len(fig.axes[0].lines) == 2


def test_plots_name_what_is_wrong():
    with pytest.raises(ValueError, match="records is empty"):
        plots.plot_samples_over_training([], data.ring())
    with pytest.raises(ValueError, match=r"samples must have shape \(n, 2\)"):
        plots.plot_samples_2d(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"history has no \['g_loss'\]"):
        plots.plot_losses({"d_loss": [1.0]})


def test_sample_recorder_records_the_discriminator_on_a_grid():
    gan = GAN(models.mlp_generator(3, 1, (8,)), models.mlp_discriminator(1, (8,)))
    gan.compile(d_optimizer="adam", g_optimizer="adam")
    grid = np.linspace(-2, 2, 11)[:, None]
    recorder = SampleRecorder(num_samples=5, every=1, grid=grid)
    gan.fit(
        data.gaussian_1d().sample(64, seed=0),
        batch_size=32,
        epochs=2,
        verbose=0,
        callbacks=[recorder],
    )
    assert [epoch for epoch, _ in recorder.discriminator_outputs] == [0, 1, 2]
    epoch, values = recorder.discriminator_outputs[-1]
    logits = gan.discriminator.predict(grid, verbose=0)[:, 0]
    np.testing.assert_allclose(values, 1 / (1 + np.exp(-logits)), rtol=1e-5)


def test_gan_snapshot_draws_three_curves():
    x = np.linspace(-3, 3, 50)
    fig = plots.plot_gan_snapshot(x, np.exp(-(x**2)), np.exp(-((x - 1) ** 2)), np.full(50, 0.5))
    assert sum(len(ax.lines) for ax in fig.axes) == 3
    with pytest.raises(ValueError, match="one length"):
        plots.plot_gan_snapshot(x, x[:3], x, x)


def test_mode_histogram_heat_map_has_one_row_per_mode():
    ring = data.ring()
    records = [(e, ring.sample(200, seed=e)) for e in range(5)]
    fig = plots.plot_mode_histograms(records, ring)
    image = fig.axes[0].images[0].get_array()
    assert image.shape == (8, 5)
    np.testing.assert_allclose(image.sum(axis=0), 0.99, atol=0.02)  # 98.9% within 3 std
    with pytest.raises(ValueError, match="records is empty"):
        plots.plot_mode_histograms([], ring)


def test_mode_bench_plot_draws_a_point_per_row_and_a_star_per_published_row():
    from gan_tutorial.experiments import mode_bench

    def row(name, hq, kl):
        runs = [
            {"modes": 8, "modes_min_count": 8, "high_quality": hq, "reverse_kl": k, "seconds": 1}
            for k in kl
        ]
        return {"fix": name, "runs": runs, "summary": mode_bench.summarize(runs)}

    rows = [row("a", 0.9, [0.1, 0.3]), row("b", 0.5, [0.0, 0.0]), row("none", 0.0, [np.inf])]
    published = [
        {"row": "P", "high_quality": 0.95, "reverse_kl": 0.07},
        {"row": "Q", "high_quality": 0.4, "reverse_kl": None},  # VEEGAN reports no KL
    ]
    fig = plots.plot_mode_bench(rows, published)
    ax = fig.axes[0]
    points = [line.get_xydata()[0].tolist() for line in ax.lines if line.get_marker() == "o"]
    assert points == [[pytest.approx(0.2), pytest.approx(90.0)], [1e-3, 50.0]]  # 0 drawn at 1e-3
    stars = [line.get_xydata()[0].tolist() for line in ax.lines if line.get_marker() == "*"]
    assert stars == [[0.07, 95.0]]
    assert ax.get_xscale() == "log"
    assert "not drawn (a run covered no mode): none" in ax.get_xlabel()
    # row a's horizontal bar spans its seeds, 0.1 to 0.3 (not the mean minus a std, which a log
    # axis cannot show when the std exceeds the mean)
    spans = [seg[:, 0].tolist() for c in ax.collections for seg in c.get_segments()]
    assert [pytest.approx(0.1), pytest.approx(0.3)] in spans
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_tile_images_places_each_image_in_its_cell():
    images = np.stack([np.full((3, 2, 1), v, "float32") for v in (-1.0, 0.0, 1.0)])
    canvas = plots.tile_images(images, ncols=2)
    assert canvas.shape == (2 * 4 - 1, 2 * 3 - 1)
    np.testing.assert_array_equal(canvas[0:3, 0:2], 0.0)  # -1 -> 0 (ink)
    np.testing.assert_array_equal(canvas[0:3, 3:5], 0.5)
    np.testing.assert_array_equal(canvas[4:7, 0:2], 1.0)
    np.testing.assert_array_equal(canvas[4:7, 3:5], 1.0)  # the unused cell stays white
    assert canvas[3].tolist() == [1.0] * 5  # the gap row
    with pytest.raises(ValueError, match=r"images must have shape \(n, h, w, 1\)"):
        plots.tile_images(np.zeros((2, 3, 3)))


def test_image_grid_animation_has_a_frame_per_record():
    records = [(e, np.full((4, 5, 5, 1), e / 2 - 1, "float32")) for e in range(3)]
    movie = plots.animate_image_grids(records, ncols=2)
    html = movie.to_jshtml()
    assert html.count("data:image/png;base64") == 3
    fig = plots.plot_image_grid(records[0][1], ncols=2, title="epoch 0")
    assert fig.axes[0].images[0].get_array().shape == (11, 11)


def test_the_animation_player_needs_no_network():
    records = [(e, np.full((4, 5, 5, 1), e / 2 - 1, "float32")) for e in range(3)]
    raw = plots.animate_image_grids(records, ncols=2).to_jshtml()
    assert "https://" in raw  # matplotlib links Font Awesome from a CDN
    html = plots.animation_html(plots.animate_image_grids(records, ncols=2))
    assert "https://" not in html and "http://" not in html
    assert '<i class="fa' not in html  # every icon became an inline SVG
    assert html.count("<button") == raw.count("<button") == html.count("<svg") == 9
    assert html.count("data:image/png;base64") == 3


def test_discriminator_heat_map_shows_the_score_on_the_plane():
    """A score that is 1 right of the y-axis and 0 left of it shades the right half dark."""
    ring = data.ring(radius=1.0, std=0.01)
    samples = np.zeros((10, 2))
    fig = plots.plot_discriminator_2d(
        lambda x: (x[:, 0] > 0).astype(float), ring, samples, limit=2.0, resolution=20
    )
    ax = fig.axes[0]
    image = ax.images[0].get_array()
    assert image.shape == (20, 20)
    assert np.all(image[:, :10] == 0) and np.all(image[:, 10:] == 1)
    assert ax.images[0].get_clim() == (0.0, 1.0)
    assert ax.get_xlim() == (-2.0, 2.0)
    assert len(ax.collections) == 2  # the samples and the mode centres
    critic = plots.plot_discriminator_2d(lambda x: 5 * x[:, 1], ring, probabilities=False)
    assert critic.axes[0].images[0].get_clim() == pytest.approx((-7.5, 7.5), rel=0.05)
    with pytest.raises(ValueError, match="score must return one value per point: 10000 points"):
        plots.plot_discriminator_2d(lambda x: np.zeros((len(x), 2)), ring)
    given = plots.plot_discriminator_2d(image, ring, limit=2.0)  # values on the grid already
    np.testing.assert_array_equal(given.axes[0].images[0].get_array(), image)
    blank = plots.plot_discriminator_2d(np.full((4, 4), np.nan), ring, samples)
    assert not blank.axes[0].images and len(blank.axes[0].collections) == 2
    with pytest.raises(ValueError, match="a square grid of values, got shape \\(3, 4\\)"):
        plots.plot_discriminator_2d(np.zeros((3, 4)), ring)
    with pytest.raises(ValueError, match="resolution must be an integer >= 2, got 1"):
        plots.plot_discriminator_2d(lambda x: x[:, 0], ring, resolution=1)
    matplotlib.pyplot.close("all")
