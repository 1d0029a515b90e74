"""The plots of the ``plot`` extra, drawn with matplotlib's Agg backend."""

from __future__ import annotations

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt

import leadqual as lq
from leadqual import datasets, metrics
from leadqual.report import plot_conversion_by_band, plot_cycle, plot_funnel


class TestPlots:
    """plot_funnel, plot_conversion_by_band, plot_cycle."""

    def test_draw(self) -> None:
        """Each plot draws on new axes and returns them."""
        leads = list(datasets.generate_histories(300, seed=3))
        model = lq.starter_model()
        scores = {x.id: model.score(x, as_of=datasets.DEFAULT_AS_OF).points for x in leads}
        kpis = metrics.report(leads, scores=scores)
        assert kpis.bands is not None
        axes = [plot_funnel(kpis), plot_conversion_by_band(kpis.bands), plot_cycle(kpis.cycle)]
        assert all(ax.has_data() for ax in axes)
        plt.close("all")
