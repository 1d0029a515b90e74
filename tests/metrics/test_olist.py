"""Acceptance: the Olist marketing funnel as lead histories, checked against pandas.

Origin becomes the source, the first contact date the creation and MQL moment, and the
won date a won outcome. Skips when ``../shared/data/olist-funnel`` is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from leadqual import metrics
from leadqual.lead import Lead, Outcome, StageChange
from leadqual.stage import Stage

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "olist-funnel"
if not DATA.is_dir():
    DATA = Path("/work/shared/data/olist-funnel")
MQL = DATA / "olist_marketing_qualified_leads_dataset.csv"
DEALS = DATA / "olist_closed_deals_dataset.csv"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MQL.exists(), reason="Olist funnel data absent"),
]


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def olist_leads() -> list[Lead]:
    """The 8,000 MQLs as leads; the 842 closed deals as won outcomes."""
    with DEALS.open(encoding="utf-8", newline="") as handle:
        won = {row["mql_id"]: _utc(row["won_date"]) for row in csv.DictReader(handle)}
    leads = []
    with MQL.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            created = _utc(row["first_contact_date"])
            won_at = won.get(row["mql_id"])
            leads.append(
                Lead(
                    id=row["mql_id"],
                    source=row["origin"] or None,
                    created_at=created,
                    stage=Stage.CUSTOMER if won_at else Stage.MQL,
                    stage_history=(StageChange(Stage.MQL, created),),
                    outcome=Outcome("won", won_at) if won_at else None,
                )
            )
    return leads


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """The independent pandas join of the two files."""
    mql = pd.read_csv(MQL, parse_dates=["first_contact_date"])
    deals = pd.read_csv(DEALS, parse_dates=["won_date"])
    joined = mql.merge(deals[["mql_id", "won_date"]], on="mql_id", how="left")
    joined["origin"] = joined["origin"].fillna("unknown")
    return joined


class TestOlistFunnel:
    """leadqual.metrics on the Olist funnel equals pandas."""

    def test_conversion_per_origin(self, frame: pd.DataFrame) -> None:
        """Won / leads per origin, exactly as pandas counts it."""
        expected = frame.groupby("origin")["won_date"].agg(lambda s: s.notna().mean())
        sources = metrics.by_source(olist_leads())
        got = {row.source: row.conversion for row in sources.sources}
        assert set(got) == set(expected.index)
        for origin, rate in expected.items():
            assert got[str(origin)] == pytest.approx(rate, abs=1e-12)
        assert sum(row.leads for row in sources.sources) == 8000
        assert sum(row.won for row in sources.sources) == 842

    def test_median_cycle(self, frame: pd.DataFrame) -> None:
        """Median and p90 days from first contact to won, clamped at 0, as pandas gives."""
        won = frame.dropna(subset=["won_date"])
        days = (won["won_date"] - won["first_contact_date"]).dt.total_seconds() / 86400
        cycle = metrics.cycle_days(olist_leads())
        assert cycle.count == len(days) == 842
        assert cycle.clamped == int((days < 0).sum())
        assert cycle.median == pytest.approx(days.clip(lower=0).median(), abs=1e-9)
        assert cycle.p90 == pytest.approx(days.clip(lower=0).quantile(0.9), abs=1e-9)

    def test_mql_cohort(self) -> None:
        """Every lead is an MQL cohort member; won leads count as reaching SQL."""
        conversion = metrics.mql_to_sql(olist_leads())
        assert (conversion.mql, conversion.sql) == (8000, 842)
