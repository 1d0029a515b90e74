"""Plots for notebooks (the ``plot`` extra: matplotlib, imported only when called)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leadqual.stage import Stage

if TYPE_CHECKING:
    from leadqual.metrics import Bands, Cycle, Report

__all__ = ["plot_conversion_by_band", "plot_cycle", "plot_funnel"]


def _axes(ax: Any) -> Any:  # noqa: ANN401 - matplotlib has no stubs here
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional
    except ImportError as exc:  # pragma: no cover - depends on the install
        msg = "plots need matplotlib: pip install 'leadqual[plot]'"
        raise ImportError(msg) from exc
    return plt.subplots()[1]


def plot_funnel(report: Report, ax: Any = None, lang: str = "en") -> Any:  # noqa: ANN401
    """Leads per current stage as horizontal bars; returns the matplotlib axes."""
    ax = _axes(ax)
    stages = [stage for stage in Stage if report.by_stage.get(stage.value)]
    ax.barh([s.label(lang) for s in stages], [report.by_stage[s.value] for s in stages])
    ax.invert_yaxis()
    ax.set_xlabel("leads")
    return ax


def plot_conversion_by_band(bands: Bands, ax: Any = None) -> Any:  # noqa: ANN401
    """Conversion per score band (deciles by default); returns the axes."""
    ax = _axes(ax)
    labels = [f"{b.low:g}–{b.high:g}" for b in bands.bands]
    ax.bar(labels, [b.conversion or 0.0 for b in bands.bands])
    ax.set_xlabel("score")
    ax.set_ylabel("won / leads")
    ax.tick_params(axis="x", labelrotation=45)
    return ax


def plot_cycle(cycle: Cycle, ax: Any = None, bins: int = 20) -> Any:  # noqa: ANN401
    """The sales-cycle histogram in days, with the median marked; returns the axes."""
    ax = _axes(ax)
    ax.hist(list(cycle.days), bins=bins)
    if cycle.median is not None:
        ax.axvline(cycle.median, linestyle="--", color="black", label="median")
        ax.legend()
    ax.set_xlabel("days from created to won")
    ax.set_ylabel("leads")
    return ax
