"""ICP definition files: exact round trips, clear errors, no code in files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadqual as lq
from leadqual.icp import (
    ICP,
    CompanySize,
    Criterion,
    CustomCriterion,
    DepartmentCriterion,
    ExcludeCountries,
    ExcludeDomains,
    ExcludeIndustries,
    ExcludeSeniority,
    Exclusion,
    Geography,
    Grading,
    IndustryCriterion,
    PainPoints,
    SeniorityCriterion,
    Technology,
)
from leadqual.industries import INDUSTRIES
from leadqual.io import dump_icp, load_icp
from leadqual.regions import region_names
from leadqual.titles import Department, Seniority

if TYPE_CHECKING:
    from pathlib import Path

texts = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(str.strip)
names = st.none() | texts
weights = st.floats(0.1, 10, allow_nan=False) | st.integers(1, 5)
units = st.floats(0, 1, allow_nan=False)
countries = st.lists(st.sampled_from(["NL", "BE", "DE", "FR", "US"]), max_size=3, unique=True)
regions = st.lists(st.sampled_from(region_names()), max_size=2, unique=True)
codes = st.lists(st.sampled_from(["C", "62", "62.01", "4711", "J", "28"]), max_size=3)
industries = st.lists(st.sampled_from(sorted(INDUSTRIES)) | texts, max_size=3)

criteria: st.SearchStrategy[Criterion] = st.one_of(
    st.builds(
        CompanySize,
        min_employees=st.just(10),
        max_employees=st.none() | st.integers(10, 10_000),
        min_revenue=st.none() | st.floats(0, 1e6),
        margin=st.floats(0, 0.9),
        combine=st.sampled_from(["any", "all"]),
        weight=weights,
        name=names,
    ),
    st.builds(
        IndustryCriterion,
        industries=industries,
        codes=st.just(["62"]) | codes.filter(bool),
        near_credit=units,
        weight=weights,
        name=names,
    ),
    st.builds(
        Geography,
        countries=countries,
        regions=st.just(["benelux"]),
        near_countries=countries,
        weight=weights,
        name=names,
    ),
    st.builds(
        Technology,
        technologies=st.lists(texts, min_size=1, max_size=3),
        mode=st.sampled_from(["any", "all"]),
        weight=weights,
        name=names,
    ),
    st.builds(
        PainPoints,
        pain_points=st.lists(texts, min_size=1, max_size=3),
        attribute=texts,
        weight=weights,
    ),
    st.builds(
        SeniorityCriterion,
        levels=st.lists(st.sampled_from(list(Seniority)), min_size=1, max_size=3),
        near_levels=st.lists(st.sampled_from(list(Seniority)), max_size=2),
        weight=weights,
    ),
    st.builds(
        DepartmentCriterion,
        departments=st.lists(st.sampled_from(list(Department)), min_size=1, max_size=3),
        weight=weights,
    ),
)
exclusions: st.SearchStrategy[Exclusion] = st.one_of(
    st.builds(
        ExcludeDomains,
        domains=st.lists(
            st.sampled_from(["rival.nl", "https://www.Rival.be/", "jan@sub.rival.co.uk"]),
            min_size=1,
            max_size=2,
        ),
        name=names,
    ),
    st.builds(ExcludeCountries, countries=st.just(["US"]), regions=regions),
    st.builds(ExcludeSeniority),
    st.builds(ExcludeIndustries, codes=st.just(["84"]), industries=industries),
)
icps = st.builds(
    ICP,
    criteria=st.lists(criteria, min_size=1, max_size=5),
    exclusions=st.lists(exclusions, max_size=3),
    grading=st.builds(
        Grading, a=st.just(90), b=st.floats(50, 90), c=st.just(10), min_coverage=units
    ),
    name=names,
    description=names,
)


class TestRoundTrip:
    """``dump_icp`` then ``load_icp`` gives back an equal ICP."""

    @pytest.mark.parametrize("suffix", [".toml", ".json"])
    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(icp=icps)
    def test_exact(self, tmp_path: Path, suffix: str, icp: ICP) -> None:
        """Every representable ICP survives a file round trip unchanged."""
        path = tmp_path / f"icp{suffix}"
        dump_icp(icp, path)
        assert load_icp(path) == icp

    def test_toml_reads_naturally(self, tmp_path: Path) -> None:
        """The TOML shape is a list of ``kind`` tables users can edit by hand."""
        path = tmp_path / "icp.toml"
        path.write_text(
            'name = "Dutch mid-market"\n'
            "[[criteria]]\n"
            'kind = "company_size"\nmin_employees = 50\nmax_employees = 500\n'
            "margin = 0.2\nweight = 2\n"
            "[[criteria]]\n"
            'kind = "geography"\nregions = ["benelux"]\n'
            "[[exclusions]]\n"
            'kind = "seniority"\nlevels = ["student"]\n'
            "[grading]\na = 85\n",
            encoding="utf-8",
        )
        icp = load_icp(path)
        assert icp.criteria[0] == CompanySize(
            min_employees=50, max_employees=500, margin=0.2, weight=2
        )
        assert icp.grading == Grading(a=85)
        assert icp.fit(lq.Lead("L", company=lq.Company(employees=60, country="BE"))).score == 100


class TestErrors:
    """Bad files raise ConfigError naming the place."""

    def write(self, tmp_path: Path, text: str) -> Path:
        """Write a TOML file and return its path."""
        path = tmp_path / "icp.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_unknown_region(self, tmp_path: Path) -> None:
        """An unknown region is reported at its criterion."""
        path = self.write(tmp_path, '[[criteria]]\nkind = "geography"\nregions = ["atlantis"]\n')
        with pytest.raises(lq.ConfigError, match=r"criteria\[0\].*unknown region 'atlantis'"):
            load_icp(path)

    def test_typo_key(self, tmp_path: Path) -> None:
        """A misspelt key is an error, not a silent default."""
        path = self.write(tmp_path, '[[criteria]]\nkind = "geography"\ncountrys = ["NL"]\n')
        with pytest.raises(lq.ConfigError, match="countrys"):
            load_icp(path)

    def test_unknown_kind(self, tmp_path: Path) -> None:
        """An unknown kind lists the kinds there are."""
        path = self.write(tmp_path, '[[criteria]]\nkind = "vibes"\n')
        with pytest.raises(lq.ConfigError, match=r"criteria\[0\]\.kind: expected one of"):
            load_icp(path)

    def test_custom_cannot_be_loaded(self, tmp_path: Path) -> None:
        """A file cannot smuggle in code through a custom criterion."""
        path = self.write(
            tmp_path, '[[criteria]]\nkind = "custom"\nname = "x"\nfunction = "os.system"\n'
        )
        with pytest.raises(lq.ConfigError, match="exists only in Python code"):
            load_icp(path)

    def test_custom_cannot_be_written(self, tmp_path: Path) -> None:
        """Dumping a profile with Python code raises NotSerializableError."""
        icp = ICP(criteria=(CustomCriterion("x", lambda _lead: True),))
        with pytest.raises(lq.NotSerializableError, match="Python code"):
            dump_icp(icp, tmp_path / "icp.json")
        assert not (tmp_path / "icp.json").exists()

    def test_missing_criteria(self, tmp_path: Path) -> None:
        """An ICP file without criteria is refused."""
        path = self.write(tmp_path, 'name = "empty"\n')
        with pytest.raises(lq.ConfigError, match="criteria"):
            load_icp(path)
