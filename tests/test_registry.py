"""Region lists: loading the real editions, look-ups, search and the 2022 to 2025 diff."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from desacoop.errors import ValidationError
from desacoop.regions import Level, RegionCode, VillageKind
from desacoop.registry import RegionRegistry, normalize_name

from .conftest import shared_file


@cache
def _edition(year: int) -> RegionRegistry:
    return RegionRegistry.from_csv(
        shared_file("regions", f"kemendagri-{year}.csv"), edition=str(year)
    )


@pytest.fixture
def r2025() -> RegionRegistry:
    return _edition(2025)


@pytest.fixture
def r2022() -> RegionRegistry:
    return _edition(2022)


def test_counts_by_level(r2025: RegionRegistry, r2022: RegionRegistry) -> None:
    assert len(r2025) == 91_599
    assert [r2025.count(level) for level in Level] == [38, 514, 7_285, 83_762]
    assert len(r2022) == 91_281
    assert [r2022.count(level) for level in Level] == [34, 514, 7_266, 83_467]


@pytest.mark.parametrize(
    ("province", "regencies", "districts", "desa", "kelurahan"),
    [("63", 13, 156, 1_872, 144), ("35", 38, 666, 7_721, 773)],
)
def test_the_two_parties_provinces(
    r2025: RegionRegistry, province: str, regencies: int, districts: int, desa: int, kelurahan: int
) -> None:
    assert len(r2025.children(province)) == regencies
    assert len(r2025.descendants(province, Level.DISTRICT)) == districts
    villages = r2025.descendants(province, Level.VILLAGE)
    assert sum(v.village_kind is VillageKind.DESA for v in villages) == desa
    assert sum(v.village_kind is VillageKind.KELURAHAN for v in villages) == kelurahan


def test_look_up_children_ancestors(r2025: RegionRegistry) -> None:
    assert r2025.name("6371011001") == "Mantuil"
    region = r2025.get(RegionCode("63.71"))
    assert region is not None
    assert region.name == "Kota Banjarmasin"
    assert RegionCode("63.71.01") in r2025.children("63.71")
    assert [r.name for r in r2025.ancestors("63.71.01.1001")][:2] == [
        "Kalimantan Selatan",
        "Kota Banjarmasin",
    ]
    assert "63.71.01.1001" in r2025
    assert "not a code" not in r2025
    assert "93" not in _edition(2022)
    with pytest.raises(ValidationError, match="not in the 2022 list"):
        _edition(2022)["93"]
    with pytest.raises(ValidationError, match="not in the 2022 list"):
        _edition(2022).name("93")
    assert r2025["63.71"].name == "Kota Banjarmasin"


def test_get_returns_none_for_an_absent_code(r2025: RegionRegistry) -> None:
    """``get`` answers like a mapping's get (issue 11); a malformed code is still refused."""
    assert r2025.get("63.99") is None
    assert _edition(2022).get("93") is None
    assert r2025.get(RegionCode("63.71")) == r2025["63.71"]
    for bad in ("63.00", "not a code", None, 63):
        with pytest.raises(ValidationError):
            r2025.get(bad)  # type: ignore[arg-type]


def test_a_missing_or_unreadable_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read the region list"):
        RegionRegistry.from_csv(tmp_path / "missing.csv", edition="x")
    with pytest.raises(ValidationError, match="cannot read the region list"):
        RegionRegistry.from_csv(tmp_path, edition="x")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,name\n63,Kalimantan Selatan \xe9\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="cannot read the region list"):
        RegionRegistry.from_csv(latin, edition="x")
    with pytest.raises(ValidationError, match="path"):
        RegionRegistry.from_csv(None, edition="x")  # type: ignore[arg-type]


def test_parents_follow_the_level_digits() -> None:
    """Parents are worked out from regions.LEVEL_DIGITS; a bad key is refused."""
    reg = RegionRegistry(
        {"63": "Kalsel", "6371": "Kota", "637101": "Kec", "6371011001": "Desa"}, "t"
    )
    assert reg.children("63.71.01") == (RegionCode("63.71.01.1001"),)
    assert reg.children("63") == (RegionCode("63.71"),)
    for names in ({"6371011": "x"}, {63: "x"}, {"63": None}, None):
        with pytest.raises(ValidationError):
            RegionRegistry(names, "t")  # type: ignore[arg-type]


def test_search_ignores_case_and_punctuation(r2025: RegionRegistry) -> None:
    hits = r2025.search("HULU-SUNGAI  selatan", level=Level.REGENCY)
    assert [str(r.code) for r in hits] == ["63.06"]
    assert r2025.search("kota banjarmasin")[0].code == RegionCode("63.71")
    assert r2025.search("  ...  ") == ()
    assert normalize_name("KAB. TRENGGALEK") == "kab trenggalek"


def _raw(year: int) -> dict[str, str]:
    path = shared_file("regions", f"kemendagri-{year}.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def test_diff_2022_to_2025_matches_the_readme(r2022: RegionRegistry, r2025: RegionRegistry) -> None:
    diff = r2022.diff(r2025)
    assert len(diff.removed) == 6_364
    assert len(diff.added) == 6_682
    # The README counts 2,696 names that differ as raw text; the registry strips
    # surrounding blanks, so a name that only gained or lost a blank is no renaming.
    old, new = _raw(2022), _raw(2025)
    blank_only = [
        c for c in old.keys() & new.keys() if old[c] != new[c] and old[c].strip() == new[c].strip()
    ]
    assert len(diff.renamed) == 2_696 - len(blank_only)
    trenggalek = next(r for r in diff.renamed if r.code == RegionCode("35.03"))
    assert (trenggalek.old, trenggalek.new) == ("KAB. TRENGGALEK", "Kabupaten Trenggalek")
    assert all(
        c.compact[:2] in {"93", "94", "95", "96"} for c in diff.added if c.level is Level.PROVINCE
    )


def test_bad_rows_are_reported_with_their_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n63,Kalimantan Selatan\n63.00,Nowhere\n63.71.01,Orphan\n63,Again\n")
    with pytest.raises(ValidationError) as info:
        RegionRegistry.from_csv(path, edition="bad")
    text = str(info.value)
    assert "row 2: regency part is 00" in text
    assert "row 4: code 63 appears twice" in text
    assert "63.71.01: its parent region is not in the list" in text


def test_missing_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "noheader.csv"
    path.write_text("63,Kalimantan Selatan\n")
    with pytest.raises(ValidationError, match="header"):
        RegionRegistry.from_csv(path, edition="x")
