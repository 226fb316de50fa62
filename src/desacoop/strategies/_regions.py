"""Region codes, provinces, villages, rows of a region list, differences between editions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from desacoop.regions import PROVINCES, Level, Province, Region, RegionCode, Village
from desacoop.registry import RegionDiff, RegionRegistry, Renaming
from desacoop.rollup import RegionList
from desacoop.strategies._common import texts

__all__ = [
    "STRATEGIES",
    "provinces",
    "region_codes",
    "region_diffs",
    "region_registries",
    "regions",
    "renamings",
    "villages",
]

_PROVINCE_CODES = sorted(PROVINCES)


@st.composite
def region_codes(
    draw: st.DrawFn, level: Level | None = None, province: str | None = None
) -> RegionCode:
    """Structurally valid Kemendagri codes (any level, or the one given)."""
    lvl = level if level is not None else draw(st.sampled_from(list(Level)))
    code = province if province is not None else draw(st.sampled_from(_PROVINCE_CODES))
    if lvl is not Level.PROVINCE:
        code += f"{draw(st.integers(1, 99)):02d}"
    if lvl in (Level.DISTRICT, Level.VILLAGE):
        code += f"{draw(st.integers(1, 99)):02d}"
    if lvl is Level.VILLAGE:
        code += f"{draw(st.integers(1, 3))}{draw(st.integers(1, 999)):03d}"
    return RegionCode(code)


def provinces() -> st.SearchStrategy[Province]:
    """The provinces of the bundled list."""
    return st.sampled_from([PROVINCES[code] for code in _PROVINCE_CODES])


def villages() -> st.SearchStrategy[Village]:
    """Villages whose kind agrees with their code."""
    return st.builds(Village, code=region_codes(Level.VILLAGE), name=texts())


def regions() -> st.SearchStrategy[Region]:
    """Rows of a region list."""
    return st.builds(Region, code=region_codes(), name=texts())


def renamings() -> st.SearchStrategy[Renaming]:
    """A code whose name changed between two editions."""
    return st.builds(Renaming, code=region_codes(), old=texts(), new=texts())


def region_diffs() -> st.SearchStrategy[RegionDiff]:
    """Differences between two editions."""
    codes = st.lists(region_codes(), max_size=4).map(tuple)
    return st.builds(
        RegionDiff, added=codes, removed=codes, renamed=st.lists(renamings(), max_size=3).map(tuple)
    )


@st.composite
def region_registries(draw: st.DrawFn) -> RegionRegistry:
    """Small editions of the region list: whole trees (every code's parent is listed),
    from a province down to villages, with drawn names and edition."""
    rows: dict[str, str] = {}
    for province in draw(st.lists(st.sampled_from(_PROVINCE_CODES), min_size=1, max_size=2)):
        rows[province] = PROVINCES[province].name
        for regency in draw(st.sets(st.integers(1, 99), max_size=2)):
            regency_code = f"{province}{regency:02d}"
            rows[regency_code] = draw(texts())
            for district in draw(st.sets(st.integers(1, 99), max_size=2)):
                district_code = f"{regency_code}{district:02d}"
                rows[district_code] = draw(texts())
                for village in draw(st.sets(st.integers(1001, 2999), max_size=2)):
                    rows[f"{district_code}{village}"] = draw(texts())
    edition = draw(st.sampled_from(["kepmendagri-2025", "kepmendagri-2022", "uji"]))
    return RegionRegistry.from_rows(sorted(rows.items()), edition=edition)


#: A strategy for every public class of the area (the catalogue's entries).
STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    Province: provinces,
    Region: regions,
    RegionCode: region_codes,
    RegionDiff: region_diffs,
    RegionList: region_registries,  # the region list the engine takes (a protocol)
    RegionRegistry: region_registries,
    Renaming: renamings,
    Village: villages,
}
