"""The data files leadqual reads at run time ship in the package, and in the wheel."""

from __future__ import annotations

import importlib.util
import zipfile
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "leadqual" / "data"
NAMES = sorted(path.name for path in DATA.iterdir() if path.is_file())


def test_the_code_names_only_files_that_exist() -> None:
    """The files read by name in the code are in the source tree."""
    expected = {
        "article_leads.json",
        "free_email_domains.txt",
        "frameworks.json",
        "sample_leads.jsonl",
        "synthetic.json",
    }
    assert expected <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_installed_package_has_it(name: str) -> None:
    """The imported leadqual package can read every data file."""
    assert resources.files("leadqual").joinpath("data", name).is_file()


@pytest.mark.skipif(importlib.util.find_spec("hatchling") is None, reason="needs hatchling")
def test_wheel_has_every_data_file(tmp_path: Path) -> None:
    """A wheel built from the tree holds every file of src/leadqual/data."""
    from hatchling.builders.wheel import WheelBuilder  # noqa: PLC0415 - optional

    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {f"leadqual/data/{name}" for name in NAMES} <= names
