"""Kemendagri region codes: parsing, rules, properties, and the full 2025 list."""

from __future__ import annotations

import contextlib
import csv
from collections import Counter
from decimal import Decimal
from typing import cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import desacoop
from desacoop import regions
from desacoop.errors import InvalidRegionCode, ValidationError
from desacoop.evaluation import (
    DevelopmentStatus,
)
from desacoop.regions import (
    PROVINCES,
    Level,
    RegencyKind,
    Region,
    RegionCode,
    TimeZone,
    Village,
    VillageKind,
    compact,
    level_digits,
    province_time_zone,
    validate,
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


D = Decimal


ST, T, B, MJ, MD = list(DevelopmentStatus)


class TestCodeParts:
    """regions: zero parts and the kota cut-off.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    @pytest.mark.parametrize(
        ("code", "words"),
        [
            ("63.00", "regency part is 00"),
            ("6300", "regency part is 00"),
            ("63.00.01.1001", "regency part is 00"),
            ("63.71.00", "district part is 00"),
            ("63.71.00.1001", "district part is 00"),
            ("63.71.01.0001", "must start with 1"),
            ("63.71.01.4001", "must start with 1"),
        ],
    )
    def test_zero_parts_are_refused(self, code, words):
        with pytest.raises(ValidationError, match=words):
            validate(code)
        with pytest.raises(ValidationError, match=words):
            RegionCode(code)

    @pytest.mark.parametrize(
        ("code", "kind"),
        [
            ("63.01", RegencyKind.KABUPATEN),
            ("63.69", RegencyKind.KABUPATEN),
            ("63.70", None),  # DOMAIN.md: 01-69 kabupaten, 71-99 kota; 70 is neither
            ("63.71", RegencyKind.KOTA),
            ("63.72.01.1001", RegencyKind.KOTA),
            ("63.99", RegencyKind.KOTA),
        ],
    )
    def test_the_kota_cut_off_is_71(self, code, kind):
        assert RegionCode(code).regency_kind is kind


class TestRegionMessages:
    """regions: ancestors, levels, messages that name the code.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    def test_ancestors_leave_out_the_code_itself(self):
        district = RegionCode("63.71.01")
        assert district.ancestors() == (RegionCode("63"), RegionCode("63.71"))
        assert RegionCode("63.71.01.1001").ancestors()[-1] == district
        assert RegionCode("63").ancestors() == ()

    def test_at_level_of_its_own_level_is_the_code(self):
        for text in ("63", "63.71", "63.71.01", "63.71.01.1001"):
            code = RegionCode(text)
            assert code.at_level(code.level) == code

    @pytest.mark.parametrize(
        ("code", "message"),
        [
            ("", "empty region code"),
            ("6371010", "'6371010' looks like a BPS district code (7 digits); Kemendagri district"),
            (
                "637101100",
                "wrong length: '637101100' has 9 digits; a Kemendagri code has 2, 4, 6 or",
            ),
            ("99.71", "unknown province '99' in '99.71'"),
            ("63.7a", "not a dotted Kemendagri code (PP.KK.CC.VVVV): '63.7a'"),
            ("63x71", "not a region code: '63x71' (only digits and dots are allowed)"),
            ("63.00", "regency part is 00 in '63.00'"),
            ("63.71.00", "district part is 00 in '63.71.00'"),
            ("63.71.01.0001", "village part '0001' must start with 1 (kelurahan), 2 (desa) or 3 "
             "(desa adat) in '63.71.01.0001' (this looks like a BPS code)"),
        ],
    )  # fmt: skip
    def test_region_code_messages_name_the_code(self, code, message):
        with pytest.raises(ValidationError) as info:
            validate(code)
        assert message in info.value.message

    def test_a_village_part_from_4_to_9_gets_no_bps_hint(self):
        with pytest.raises(ValidationError) as info:
            validate("63.71.01.4001")
        assert info.value.message.endswith("in '63.71.01.4001'")

    def test_region_code_type_errors_name_the_type(self):
        for bad, words in (
            (5, "a region code is a text, not int: 5"),
            (None, "not NoneType: None"),
        ):
            with pytest.raises(ValidationError, match=words):
                validate(bad)
        with pytest.raises(ValidationError, match="a region code is a text, not 5"):
            compact(5)  # type: ignore[arg-type]

    def test_level_digits_refuses_what_is_not_a_level(self):
        assert level_digits(Level.VILLAGE) == 10
        with pytest.raises(ValidationError, match="level must be a Level, not 'village'") as info:
            level_digits("village")
        assert info.value.field == "level"

    @pytest.mark.parametrize("name", ["", "   ", 5, None])
    def test_a_village_and_a_region_need_a_name(self, name):
        for cls in (Village, Region):
            with pytest.raises(ValidationError, match="name must be a non-empty text") as info:
                cls("63.71.01.1001", name)
            assert info.value.field == "name"

    def test_a_village_kind_must_be_a_village_kind(self):
        assert Village("63.71.01.1001", "Kelayan").kind is VillageKind.KELURAHAN  # part 1xxx
        with pytest.raises(ValidationError, match="kind must be a VillageKind, not 'desa'") as info:
            Village("63.71.01.2001", "Desa", kind="desa")  # type: ignore[arg-type]
        assert info.value.field == "kind"

    def test_province_time_zone_takes_a_code_or_a_text(self):
        assert province_time_zone("63") is province_time_zone(RegionCode("63.71")) is TimeZone.WITA
