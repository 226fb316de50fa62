"""Kemendagri region codes: parsing, rules, properties, and the full 2025 list."""

from __future__ import annotations

import contextlib
import csv
from collections import Counter
from typing import cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import desacoop
from desacoop import regions
from desacoop.errors import InvalidRegionCode, ValidationError
from desacoop.regions import (
    PROVINCES,
    Level,
    RegencyKind,
    RegionCode,
    TimeZone,
    Village,
    VillageKind,
    province_time_zone,
)
from desacoop.strategies import region_codes

from .utils import shared_file


@pytest.mark.parametrize(
    ("text", "compact", "level"),
    [
        ("63", "63", Level.PROVINCE),
        ("63.71", "6371", Level.REGENCY),
        ("6371", "6371", Level.REGENCY),
        ("63.71.01", "637101", Level.DISTRICT),
        ("63.71.01.1001", "6371011001", Level.VILLAGE),
        ("6371011001", "6371011001", Level.VILLAGE),
        ("  63.71.01.1001\n", "6371011001", Level.VILLAGE),
        ("\t6371011001 ", "6371011001", Level.VILLAGE),
        ("91.03.01.3001", "9103013001", Level.VILLAGE),
    ],
)
def test_parse_accepts_dotted_compact_and_blanks(text: str, compact: str, level: Level) -> None:
    code = RegionCode.parse(text)
    assert code.compact == compact
    assert code.level is level
    assert regions.validate(text) == compact
    assert regions.is_valid(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("6", "wrong length"),
        ("63711", "wrong length"),
        ("63710110011", "wrong length"),
        ("637", "wrong length"),
        ("63.71.010", "not a dotted"),
        ("6371010", "BPS district code"),
        ("6x", "only digits"),
        ("63-71", "only digits"),
        ("６３", "only digits"),
        ("63..71", "not a dotted"),
        ("63.7.1", "not a dotted"),
        ("63.71.01.1001.", "not a dotted"),
        ("63.00", "regency part is 00"),
        ("63.71.00", "district part is 00"),
        ("63.71.01.0001", "must start with 1"),
        ("6371010001", "BPS code"),
        ("63.71.01.4001", "must start with 1"),
        ("99", "unknown province"),
        ("10.01", "unknown province"),
        ("00.01.01.1001", "unknown province"),
    ],
)
def test_bad_codes_name_their_problem(text: str, fragment: str) -> None:
    with pytest.raises(InvalidRegionCode, match=fragment) as info:
        RegionCode.parse(text)
    assert isinstance(info.value, ValidationError)
    assert isinstance(info.value, ValueError)
    assert not regions.is_valid(text)


@pytest.mark.parametrize("value", [None, 63, 6.3, b"63", ["63"], {"code": "63"}])
def test_non_text_is_an_invalid_code(value: object) -> None:
    with pytest.raises(InvalidRegionCode, match="text"):
        regions.validate(value)


def test_properties_of_a_village_code() -> None:
    code = RegionCode("35.78.01.1001")
    assert code.parent == RegionCode("35.78.01")
    assert code.province == RegionCode("35")
    assert code.regency == RegionCode("35.78")
    assert code.regency_kind is RegencyKind.KOTA
    assert code.village_kind is VillageKind.KELURAHAN
    assert code.ancestors() == (RegionCode("35"), RegionCode("35.78"), RegionCode("35.78.01"))
    assert code.is_within(RegionCode("35.78"))
    assert not code.is_within(RegionCode("35.07"))
    assert code in RegionCode("35.78")
    assert code not in RegionCode("35.07")
    assert "35.78.01.1001" not in RegionCode("35")  # only codes, never texts
    assert code.at_level(Level.DISTRICT) == RegionCode("35.78.01")
    assert str(code) == "35.78.01.1001"
    assert regions.format("3578011001") == "35.78.01.1001"
    assert regions.compact(" 35.78.01.1001 ") == "3578011001"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("35.07", RegencyKind.KABUPATEN),
        ("35.69", RegencyKind.KABUPATEN),
        ("35.71", RegencyKind.KOTA),
        ("35.99", RegencyKind.KOTA),
        ("35", None),
    ],
)
def test_regency_kind_boundaries(text: str, kind: RegencyKind | None) -> None:
    assert RegionCode(text).regency_kind is kind


def test_province_has_no_parent_and_at_level_below_fails() -> None:
    assert RegionCode("63").parent is None
    assert RegionCode("63").regency is None
    with pytest.raises(ValidationError, match="above the village level"):
        RegionCode("63.71").at_level(Level.VILLAGE)


def test_repr_pastes_back() -> None:
    code = RegionCode("6371011001")
    assert repr(code) == "RegionCode('63.71.01.1001')"
    assert eval(repr(code), {"RegionCode": RegionCode}) == code


def test_thirty_eight_provinces_and_time_zones() -> None:
    assert len(PROVINCES) == 38
    assert province_time_zone("63") is TimeZone.WITA
    assert province_time_zone("35.07") is TimeZone.WIB
    assert province_time_zone(RegionCode("96")) is TimeZone.WIT
    assert TimeZone.WITA.zone == "Asia/Makassar"
    assert {p.time_zone for p in PROVINCES.values()} == set(TimeZone)


@given(region_codes())
def test_dotted_and_compact_forms_round_trip(code: RegionCode) -> None:
    assert RegionCode(str(code)) == code
    assert RegionCode(code.compact) == code
    assert hash(RegionCode(str(code))) == hash(code)
    assert regions.format(regions.compact(str(code))) == str(code)


@given(region_codes(), region_codes())
def test_ordering_puts_a_region_before_its_children(a: RegionCode, b: RegionCode) -> None:
    if a.parent is not None:
        assert a.parent < a
        assert a.is_within(a.parent)
    assert (a < b) == (a.compact < b.compact)
    assert a.is_within(a)


@given(st.text(max_size=14))
def test_validate_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(ValidationError):
        regions.validate(text)


def test_village_kind_follows_the_code_and_must_agree() -> None:
    assert Village("35.07.01.2001", "Tulungrejo").kind is VillageKind.DESA
    with pytest.raises(ValidationError, match="its code says desa") as info:
        Village("35.07.01.2001", "Tulungrejo", kind=VillageKind.KELURAHAN)
    assert info.value.field == "kind"
    with pytest.raises(ValidationError, match="needs a village code") as info:
        Village("35.07.01", "Bumiaji")
    assert info.value.field == "code"


def test_every_code_of_the_2025_list_parses_and_counts_match_the_readme() -> None:
    path = shared_file("regions", "kemendagri-2025.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = [RegionCode.parse(row["code"]) for row in rows]
    assert len(codes) == 91_599
    known = set(codes)
    assert all(c.parent in known for c in codes if c.parent is not None)
    by_level = Counter(c.level for c in codes)
    assert by_level == {
        Level.PROVINCE: 38,
        Level.REGENCY: 514,
        Level.DISTRICT: 7_285,
        Level.VILLAGE: 83_762,
    }
    kinds = Counter(c.village_kind for c in codes if c.level is Level.VILLAGE)
    assert kinds == {
        VillageKind.KELURAHAN: 8_496,
        VillageKind.DESA: 75_252,
        VillageKind.DESA_ADAT: 14,
    }
    assert all(
        c.is_within(RegionCode("91.03")) for c in codes if c.village_kind is VillageKind.DESA_ADAT
    )
    regencies = [
        (c, row["name"]) for c, row in zip(codes, rows, strict=True) if c.level is Level.REGENCY
    ]
    assert Counter(c.regency_kind for c, _ in regencies) == {
        RegencyKind.KABUPATEN: 416,
        RegencyKind.KOTA: 98,
    }
    assert all(
        name.startswith("Kota") for c, name in regencies if c.regency_kind is RegencyKind.KOTA
    )
    provinces = {
        c.compact: row["name"]
        for c, row in zip(codes, rows, strict=True)
        if c.level is Level.PROVINCE
    }
    assert provinces == {code: p.name for code, p in PROVINCES.items()}


def test_package_exports_the_region_api() -> None:
    assert desacoop.RegionCode is RegionCode
    assert issubclass(desacoop.errors.InvalidRegionCode, desacoop.ValidationError)
    assert issubclass(desacoop.ValidationError, ValueError)


# -- the converter and validator pair fields use ---------------------------------------


def test_to_region_code_keeps_a_code_and_parses_a_text() -> None:
    code = RegionCode("63.71")
    assert regions.to_region_code(code) is code
    assert regions.to_region_code(" 6371 ") == code
    with pytest.raises(InvalidRegionCode, match="regency part is 00"):
        regions.to_region_code("63.00")


def test_lenient_region_code_leaves_what_it_cannot_read_for_the_validator() -> None:
    code = RegionCode("63")
    assert regions.lenient_region_code(code) is code
    assert regions.lenient_region_code("63.71.01") == RegionCode("63.71.01")
    assert cast(object, regions.lenient_region_code("52x")) == "52x"  # for the validator
    assert cast(object, regions.lenient_region_code(52)) == 52  # type: ignore[arg-type]


@attrs.frozen
class _Office:
    province: RegionCode = attrs.field(
        converter=regions.lenient_region_code, validator=regions.is_region_code
    )


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("52x", InvalidRegionCode, r"^not a region code: '52x' \(only digits and dots"),
        ("63.00", InvalidRegionCode, r"^regency part is 00 in '63.00'$"),
        (52, InvalidRegionCode, r"^a region code is a text, not int: 52$"),
    ],
)
def test_is_region_code_gives_the_parsers_error_with_the_field(
    value: object, error: type[ValidationError], message: str
) -> None:
    with pytest.raises(error, match=message) as caught:
        _Office(value)  # type: ignore[arg-type]
    assert caught.value.field == "province"


def test_is_region_code_on_its_own() -> None:
    """Without the converter: a code passes, a valid text is still not a RegionCode, and an
    attribute without a name is called 'region'."""
    field = attrs.fields(_Office).province
    regions.is_region_code(None, field, RegionCode("63"))  # passes
    with pytest.raises(ValidationError, match=r"^province must be a region code, not '63'$") as c:
        regions.is_region_code(None, field, "63")
    assert c.value.field == "province"
    with pytest.raises(InvalidRegionCode, match=r"^empty region code$") as caught:
        regions.is_region_code(None, object(), "")  # type: ignore[arg-type]
    assert caught.value.field == "region"
    with pytest.raises(ValidationError, match=r"^region must be a region code, not '35'$"):
        regions.is_region_code(None, object(), "35")  # type: ignore[arg-type]


def test_is_region_code_keeps_a_field_the_error_already_names() -> None:
    """An error that names its field keeps it (a nested reader's more precise place)."""
    field = attrs.fields(_Office).province

    class Named(str):
        def strip(self, chars: str | None = None) -> str:
            raise InvalidRegionCode("named elsewhere", field="inner")

    with pytest.raises(InvalidRegionCode) as caught:
        regions.is_region_code(None, field, Named("63"))
    assert caught.value.field == "inner"
