"""Metrics that take arrays (later: image and text metrics)."""

from gan_tutorial.metrics.modes import (
    assign_modes,
    mode_histogram,
    mode_report,
    reverse_kl_to_uniform,
)

__all__ = ["assign_modes", "mode_histogram", "mode_report", "reverse_kl_to_uniform"]
