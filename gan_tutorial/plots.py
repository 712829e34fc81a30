"""The figures the book draws. Each function takes arrays, draws on a new figure (or on ``ax``)
and returns the `matplotlib.figure.Figure`."""

import re

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle

from gan_tutorial import arguments

__all__ = [
    "plot_density_1d",
    "plot_histograms_over_training",
    "plot_samples_2d",
    "plot_samples_over_training",
    "plot_losses",
    "plot_gan_snapshot",
    "plot_discriminator_2d",
    "plot_mode_histograms",
    "plot_mode_bench",
    "tile_images",
    "plot_image_grid",
    "animate_image_grids",
    "animation_html",
]

DATA_COLOR = "#1f77b4"
FAKE_COLOR = "#ff7f0e"


def _axes(ax, figsize):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    return ax.figure, ax


def _range_1d(mixture, samples, margin=4.0):
    lo = float(np.min(mixture.centers[:, 0] - margin * mixture.std))
    hi = float(np.max(mixture.centers[:, 0] + margin * mixture.std))
    if samples is not None:
        lo = min(lo, float(np.percentile(samples, 0.5)))
        hi = max(hi, float(np.percentile(samples, 99.5)))
    return lo, hi


def plot_density_1d(mixture, samples=None, ax=None, bins=60, x_range=None, title=None):
    """The data density of a 1D ``mixture`` as a curve and, if given, a density histogram of
    generated ``samples`` (shape ``(n,)`` or ``(n, 1)``)."""
    fig, ax = _axes(ax, (5, 3))
    if mixture.dim != 1:
        raise ValueError(f"mixture must be 1D, got {mixture.name!r} of dimension {mixture.dim}")
    if samples is not None:
        samples = np.asarray(samples, dtype=np.float64).reshape(-1)
        if samples.size == 0 or not np.isfinite(samples).all():
            raise ValueError(f"samples must be finite and not empty, got {samples.size} values")
    lo, hi = x_range if x_range is not None else _range_1d(mixture, samples)
    grid = np.linspace(lo, hi, 400)
    ax.plot(grid, mixture.pdf(grid), color=DATA_COLOR, lw=2, label="data density")
    if samples is not None:
        ax.hist(
            samples,
            bins=bins,
            range=(lo, hi),
            density=True,
            color=FAKE_COLOR,
            alpha=0.6,
            label="generated",
        )
    ax.set_xlim(lo, hi)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    if title:
        ax.set_title(title)
    return fig


def plot_histograms_over_training(records, mixture, ncols=4, bins=60, x_range=None):
    """One `plot_density_1d` panel per ``(epoch, samples)`` pair of a `SampleRecorder`."""
    records = list(records)
    if not records:
        raise ValueError("records is empty: train with a SampleRecorder first")
    ncols = min(arguments.integer("ncols", ncols), len(records))
    nrows = -(-len(records) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(3.2 * ncols, 2.4 * nrows), squeeze=False, sharex=True, sharey=True
    )
    if x_range is None:
        x_range = _range_1d(mixture, None)
    for ax, (epoch, samples) in zip(axes.ravel(), records):
        plot_density_1d(mixture, samples, ax=ax, bins=bins, x_range=x_range, title=f"epoch {epoch}")
        ax.set_xlabel("")
        ax.set_ylabel("")
    for ax in axes.ravel()[len(records) :]:
        ax.axis("off")
    axes.ravel()[0].legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    return fig


def plot_samples_2d(samples, mixture=None, ax=None, title=None, limit=None, threshold=3.0):
    """A scatter plot of 2D ``samples`` ``(n, 2)``; with a ``mixture``, its mode centres (black
    crosses) and the circles of ``threshold`` standard deviations that count as "high quality"."""
    samples = np.asarray(samples)
    if samples.ndim != 2 or samples.shape[1] != 2:
        raise ValueError(f"samples must have shape (n, 2), got {samples.shape}")
    fig, ax = _axes(ax, (4, 4))
    ax.scatter(samples[:, 0], samples[:, 1], s=3, alpha=0.4, color=FAKE_COLOR, linewidths=0)
    if mixture is not None:
        for center, std in zip(mixture.centers, mixture.std):
            ax.add_patch(Circle(center, threshold * std, fill=False, color=DATA_COLOR, lw=0.8))
        ax.scatter(mixture.centers[:, 0], mixture.centers[:, 1], marker="x", color="black", s=20)
        if limit is None:
            limit = float(np.abs(mixture.centers).max() * 1.5 + 3 * mixture.std.max())
    if limit is not None:
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    return fig


def plot_samples_over_training(records, mixture=None, ncols=5, limit=None):
    """One `plot_samples_2d` panel per ``(epoch, samples)`` pair of a `SampleRecorder`."""
    records = list(records)
    if not records:
        raise ValueError("records is empty: train with a SampleRecorder first")
    ncols = min(arguments.integer("ncols", ncols), len(records))
    nrows = -(-len(records) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.6 * ncols, 2.6 * nrows), squeeze=False)
    for ax, (epoch, samples) in zip(axes.ravel(), records):
        plot_samples_2d(samples, mixture, ax=ax, title=f"epoch {epoch}", limit=limit)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes.ravel()[len(records) :]:
        ax.axis("off")
    fig.tight_layout()
    return fig


def plot_losses(history, keys=("d_loss", "g_loss"), ax=None, title=None):
    """Curves of the per-epoch metrics ``keys`` of a `keras.callbacks.History` (or its
    ``.history`` dict)."""
    logs = getattr(history, "history", history)
    if isinstance(keys, str):
        raise TypeError(f"keys must be a list of metric names, got the string {keys!r}")
    missing = [k for k in keys if k not in logs]
    if missing:
        raise ValueError(f"history has no {missing}; it has {sorted(logs)}")
    fig, ax = _axes(ax, (5, 3))
    for key in keys:
        values = np.asarray(logs[key])
        ax.plot(np.arange(1, len(values) + 1), values, label=key)
    ax.set_xlabel("epoch")
    ax.legend()
    if title:
        ax.set_title(title)
    return fig


def plot_gan_snapshot(x, data_density, generator_density, discriminator, ax=None, title=None):
    """Goodfellow et al. (2014), Figure 1: on a 1D grid ``x`` ``(n,)``, the data density (black,
    dotted), the generator's density (green) and the discriminator's output D(x) (blue, dashed),
    all arrays of shape ``(n,)``."""
    arrays = [
        np.asarray(a, dtype=np.float64) for a in (x, data_density, generator_density, discriminator)
    ]
    if any(a.shape != arrays[0].shape or a.ndim != 1 for a in arrays):
        raise ValueError(
            f"x and the three curves must be 1D arrays of one length, got "
            f"{[a.shape for a in arrays]}"
        )
    if not all(np.isfinite(a).all() for a in arrays):
        raise ValueError("x and the three curves must be finite (no NaN or infinity)")
    x, data_density, generator_density, discriminator = arrays
    fig, ax = _axes(ax, (4, 3))
    ax.plot(x, data_density, ":", color="black", lw=2, label="data density")
    ax.plot(x, generator_density, "-", color="green", lw=1.5, label="generator density")
    ax.set_ylim(0, max(data_density.max(), generator_density.max()) * 1.15)
    ax.set_xlabel("x")
    twin = ax.twinx()
    twin.plot(x, discriminator, "--", color="blue", lw=1.5, label="D(x)")
    twin.set_ylim(0, 1.05)
    twin.set_yticks([0, 0.5, 1])
    if title:
        ax.set_title(title)
    return fig


def plot_discriminator_2d(
    score,
    mixture,
    samples=None,
    ax=None,
    title=None,
    probabilities=True,
    limit=None,
    resolution=100,
):
    """A 2D discriminator as a heat map (dark: "real") behind the ``mixture``'s mode centres
    (black crosses) and generated ``samples`` ``(n, 2)`` (orange dots), over
    ``[-limit, limit]^2``. ``score`` maps points ``(m, 2)`` to outputs ``(m,)`` or ``(m, 1)``,
    evaluated on a grid of ``resolution`` x ``resolution`` points; or it is those outputs already,
    an array ``(resolution, resolution)`` whose row ``i`` lies at the grid's ``i``-th y (all NaN:
    no heat map). D(x) in [0, 1] is shaded from 0 to 1; with ``probabilities=False`` a critic's
    score is shaded from its smallest to its largest value."""
    if limit is None:
        limit = float(np.abs(mixture.centers).max() * 1.4 + 3 * mixture.std.max())
    limit = arguments.positive("limit", limit)
    if callable(score):
        resolution = arguments.integer("resolution", resolution, minimum=2)
        axis = np.linspace(-limit, limit, resolution, dtype=np.float32)
        grid = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)
        values = np.asarray(score(grid), dtype=np.float64)
        if values.size != len(grid):
            raise ValueError(
                f"score must return one value per point: {len(grid)} points gave an array of "
                f"shape {values.shape}"
            )
        values = values.reshape(resolution, resolution)
    else:
        values = np.asarray(score, dtype=np.float64)
        if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] < 2:
            raise ValueError(
                f"score must be a callable or a square grid of values, got shape {values.shape}"
            )
    fig, ax = _axes(ax, (4, 4))
    if not np.all(np.isnan(values)):
        ax.imshow(
            values,
            origin="lower",
            extent=(-limit, limit, -limit, limit),
            cmap="Blues",
            vmin=0.0 if probabilities else None,
            vmax=1.0 if probabilities else None,
            interpolation="bilinear",
        )
    if samples is not None:
        samples = np.asarray(samples)
        ax.scatter(samples[:, 0], samples[:, 1], s=3, alpha=0.5, color=FAKE_COLOR, linewidths=0)
    ax.scatter(mixture.centers[:, 0], mixture.centers[:, 1], marker="x", color="black", s=20)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_mode_histograms(records, mixture, ax=None, threshold=3.0):
    """A heat map of the mode histogram over training: one row per mode, one column per
    ``(epoch, samples)`` record of a `SampleRecorder`; the colour is the share of the samples
    that lie within ``threshold`` std of that mode."""
    from gan_tutorial.metrics import mode_histogram

    records = list(records)
    if not records:
        raise ValueError("records is empty: train with a SampleRecorder first")
    shares = np.array(
        [mode_histogram(s, mixture, threshold) / len(s) for _, s in records]
    ).T  # (modes, records)
    fig, ax = _axes(ax, (6, 3))
    image = ax.imshow(
        shares, aspect="auto", cmap="viridis", vmin=0, origin="lower", interpolation="nearest"
    )
    ticks = np.linspace(0, len(records) - 1, min(len(records), 8)).round().astype(int)
    ax.set_xticks(ticks, [str(records[i][0]) for i in ticks])
    ax.set_xlabel("epoch")
    ax.set_ylabel("mode")
    fig.colorbar(image, ax=ax, label="share of samples")
    return fig


def plot_mode_bench(rows, published=(), ax=None, title=None):
    """Coverage against quality, one point per row of the mode benchmark: reverse KL of the mode
    histogram (x, log scale, lower is better) and the high-quality share (y, %), at the means over
    seeds, with bars from the lowest to the highest seed (a range stays positive on a log axis,
    where a mean minus a standard deviation need not). The rows are named in a legend under the
    plot. A row with a run that covered no mode (infinite reverse KL) has no place on the axis:
    it is listed in the axis label instead.
    ``rows`` are `gan_tutorial.experiments.mode_bench` result rows of one
    benchmark; ``published`` rows (dicts with ``row``, ``reverse_kl`` and ``high_quality``) are
    drawn as stars."""
    fig, ax = _axes(ax, (7, 5.5))
    floor = 1e-3  # reverse KL 0 (a perfectly even histogram) is drawn here
    left_out = []
    for i, row in enumerate(rows):
        s = row["summary"]
        if s["reverse_kl"]["std"] is None:
            left_out.append(row["fix"])
            continue
        kl = np.maximum([run["reverse_kl"] for run in row["runs"]], floor)
        hq = 100 * np.array([run["high_quality"] for run in row["runs"]])
        x = max(s["reverse_kl"]["mean"], floor)
        y = 100 * s["high_quality"]["mean"]
        ax.errorbar(
            x,
            y,
            xerr=[[x - kl.min()], [kl.max() - x]],
            yerr=[[y - hq.min()], [hq.max() - y]],
            fmt="o",
            color=plt.cm.tab20(i % 20),
            capsize=2,
            label=row["fix"],
        )
    for p in published:
        if p.get("reverse_kl") is None:
            continue
        x, y = max(p["reverse_kl"], floor), 100 * p["high_quality"]
        ax.plot(x, y, "*", color="black", markersize=10)
        label = f"{p['row']} (published)"
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(6, -3), fontsize=8)
    ax.set_xscale("log")
    xlabel = "reverse KL of the mode histogram (lower: fairer coverage)"
    if left_out:
        xlabel += "\nnot drawn (a run covered no mode): " + ", ".join(left_out)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("high-quality samples (%)")
    if len(ax.get_legend_handles_labels()[0]):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4, fontsize=8)
    if title:
        ax.set_title(title)
    return fig


def tile_images(images, ncols=8):
    """Images ``(n, h, w, 1)`` in [-1, 1] tiled row by row into one array
    ``(rows * (h + 1) - 1, ncols * (w + 1) - 1)`` in [0, 1], with one-pixel white gaps; unused
    cells of the last row are white."""
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or images.shape[-1] != 1 or len(images) == 0:
        raise ValueError(f"images must have shape (n, h, w, 1) with n >= 1, got {images.shape}")
    n, h, w, _ = images.shape
    ncols = min(arguments.integer("ncols", ncols), n)
    nrows = -(-n // ncols)
    canvas = np.ones((nrows * (h + 1) - 1, ncols * (w + 1) - 1), dtype=np.float32)
    for i, image in enumerate(np.clip((images[..., 0] + 1.0) / 2.0, 0.0, 1.0)):
        r, c = divmod(i, ncols)
        canvas[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = image
    return canvas


def plot_image_grid(images, ncols=8, ax=None, title=None):
    """Grey images ``(n, h, w, 1)`` in [-1, 1] as one grid (`tile_images`), black digits on
    white as on paper."""
    images = np.asarray(images, dtype=np.float32)
    canvas = tile_images(images, ncols)
    fig, ax = _axes(ax, (0.5 * canvas.shape[1] / images.shape[2] + 0.5,) * 2)
    ax.imshow(1.0 - canvas, cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    return fig


# matplotlib's player buttons draw Font Awesome 4 icons from a CDN; these need no network
def _svg_icon(*shapes):
    # a 16x16 icon in the button's text colour: drawn by the browser, no font or CDN needed
    return (
        '<svg viewBox="0 0 16 16" width="14" height="14" fill="currentColor" aria-hidden="true"'
        ' style="vertical-align: middle">' + "".join(shapes) + "</svg>"
    )


def _bar(x, y=2, width=2.5, height=12):
    return f'<rect x="{x}" y="{y}" width="{width}" height="{height}"/>'


def _triangle(points):
    return f'<polygon points="{points}"/>'


# Font Awesome's icons in matplotlib's player, as inline SVG (the icon font came from a CDN)
_PLAYER_ICONS = {
    "fa fa-minus": _svg_icon(_bar(2, 7, 12, 2)),
    "fa fa-fast-backward": _svg_icon(
        _bar(1, width=2), _triangle("9,2 3,8 9,14"), _triangle("15,2 9,8 15,14")
    ),
    "fa fa-step-backward": _svg_icon(_bar(2.5), _triangle("13,2 5,8 13,14")),
    "fa fa-play fa-flip-horizontal": _svg_icon(_triangle("12,2 3,8 12,14")),
    "fa fa-pause": _svg_icon(_bar(3, width=3.5), _bar(9.5, width=3.5)),
    "fa fa-play": _svg_icon(_triangle("4,2 13,8 4,14")),
    "fa fa-step-forward": _svg_icon(_triangle("3,2 11,8 3,14"), _bar(11)),
    "fa fa-fast-forward": _svg_icon(
        _triangle("1,2 7,8 1,14"), _triangle("7,2 13,8 7,14"), _bar(13, width=2)
    ),
    "fa fa-plus": _svg_icon(_bar(2, 7, 12, 2), _bar(7, 2, 2, 12)),
}


def animation_html(animation):
    """The interactive HTML player of a matplotlib ``animation`` (``to_jshtml``), without its
    link to a CDN stylesheet: the buttons show inline SVG icons, so the page works offline and
    needs no icon font. In a notebook: ``IPython.display.HTML(animation_html(movie))``."""
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", animation.to_jshtml())
    for icon, svg in _PLAYER_ICONS.items():
        html = html.replace(f'<i class="{icon}"></i>', svg)
    return html


def animate_image_grids(records, ncols=8, interval=400):
    """A `matplotlib.animation.FuncAnimation` with one frame per ``(epoch, images)`` pair of a
    `SampleRecorder` (the same noise every frame). In a notebook, show it with
    ``IPython.display.HTML(animation_html(movie))``."""
    from matplotlib import animation

    records = list(records)
    if not records:
        raise ValueError("records is empty: train with a SampleRecorder first")
    epoch, first = records[0]
    fig = plot_image_grid(first, ncols, title=f"epoch {epoch}")
    ax = fig.axes[0]
    picture = ax.images[0]

    def show(i):
        epoch, images = records[i]
        picture.set_data(1.0 - tile_images(images, ncols))
        ax.set_title(f"epoch {epoch}")
        return (picture,)

    movie = animation.FuncAnimation(fig, show, frames=len(records), interval=interval, blit=False)
    plt.close(fig)  # the animation is shown, not the figure
    return movie
