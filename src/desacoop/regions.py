"""Kemendagri region codes, the 38 provinces, their time zones, and villages.

A Kemendagri code is written ``PP.KK.CC.VVVV``: province (2 digits), regency or city
(2), district / kecamatan (2) and village (4). Shorter prefixes name the higher levels.
The compact form without dots (``6371011001``) is common in data exchange.

The module follows python-stdnum: :func:`compact`, :func:`validate`, :func:`is_valid`
and :func:`format`, plus a value type :class:`RegionCode`.

>>> validate(" 63.71.01.1001 ")
'6371011001'
>>> format("6371011001")
'63.71.01.1001'
>>> is_valid("63.71.010")  # a 7-digit BPS district code
False
>>> code = RegionCode("6371011001")
>>> code
RegionCode('63.71.01.1001')
>>> code.level, code.village_kind, str(code.province)
(Level.VILLAGE, VillageKind.KELURAHAN, '63')
>>> code.is_within(RegionCode("63.71"))
True

Codes are only meaningful with the edition of the list they come from (see
:class:`desacoop.registry.RegionRegistry`); this module checks the structure and the
province, which every edition shares.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from desacoop.errors import InvalidRegionCode, ValidationError, shown
from desacoop.labels import LabelledEnum

__all__ = [
    "LEVEL_DIGITS",
    "PROVINCES",
    "Level",
    "Province",
    "RegencyKind",
    "Region",
    "RegionCode",
    "TimeZone",
    "Village",
    "VillageKind",
    "compact",
    "format",
    "is_region_code",
    "is_valid",
    "lenient_region_code",
    "level_digits",
    "province_time_zone",
    "to_region_code",
    "validate",
]


class Level(LabelledEnum):
    """Administrative level of a region code."""

    PROVINCE = "province", "provinsi", "province"
    REGENCY = "regency", "kabupaten/kota", "regency or city"
    DISTRICT = "district", "kecamatan", "district"
    VILLAGE = "village", "desa/kelurahan", "village"


class RegencyKind(LabelledEnum):
    """Regency (kabupaten, part 01-69) or city (kota, part 71-99)."""

    KABUPATEN = "kabupaten", "kabupaten", "regency"
    KOTA = "kota", "kota", "city"


class VillageKind(LabelledEnum):
    """Village part starting with 1 (kelurahan), 2 (desa) or 3 (desa adat)."""

    KELURAHAN = "kelurahan", "kelurahan", "urban village"
    DESA = "desa", "desa", "village"
    DESA_ADAT = "desa-adat", "desa adat", "customary village"


class TimeZone(LabelledEnum):
    """Indonesia's three time zones; ``zone`` is the IANA key."""

    WIB = "WIB", "Waktu Indonesia Barat", "Western Indonesia Time (UTC+7)"
    WITA = "WITA", "Waktu Indonesia Tengah", "Central Indonesia Time (UTC+8)"
    WIT = "WIT", "Waktu Indonesia Timur", "Eastern Indonesia Time (UTC+9)"

    @property
    def zone(self) -> str:
        """The IANA time-zone key, e.g. ``"Asia/Makassar"`` for WITA."""
        return _ZONE_KEYS[self]


_ZONE_KEYS = {
    TimeZone.WIB: "Asia/Jakarta",
    TimeZone.WITA: "Asia/Makassar",
    TimeZone.WIT: "Asia/Jayapura",
}


@attrs.frozen
class Province:
    """One of Indonesia's provinces: two-digit code, name, and time zone."""

    code: str
    name: str
    time_zone: TimeZone


def _provinces(rows: str) -> dict[str, Province]:
    table = {}
    for line in rows.strip().splitlines():
        code, zone, name = line.split(maxsplit=2)
        table[code] = Province(code, name, TimeZone[zone])
    return table


#: The 38 provinces of Kepmendagri 300.2.2-2138/2025, by code. 93-96 (the new Papua
#: provinces) exist only since 2022-2023; older lists have 34.
PROVINCES: dict[str, Province] = _provinces(
    """
    11 WIB Aceh
    12 WIB Sumatera Utara
    13 WIB Sumatera Barat
    14 WIB Riau
    15 WIB Jambi
    16 WIB Sumatera Selatan
    17 WIB Bengkulu
    18 WIB Lampung
    19 WIB Kepulauan Bangka Belitung
    21 WIB Kepulauan Riau
    31 WIB Daerah Khusus Ibukota Jakarta
    32 WIB Jawa Barat
    33 WIB Jawa Tengah
    34 WIB Daerah Istimewa Yogyakarta
    35 WIB Jawa Timur
    36 WIB Banten
    51 WITA Bali
    52 WITA Nusa Tenggara Barat
    53 WITA Nusa Tenggara Timur
    61 WIB Kalimantan Barat
    62 WIB Kalimantan Tengah
    63 WITA Kalimantan Selatan
    64 WITA Kalimantan Timur
    65 WITA Kalimantan Utara
    71 WITA Sulawesi Utara
    72 WITA Sulawesi Tengah
    73 WITA Sulawesi Selatan
    74 WITA Sulawesi Tenggara
    75 WITA Gorontalo
    76 WITA Sulawesi Barat
    81 WIT Maluku
    82 WIT Maluku Utara
    91 WIT Papua
    92 WIT Papua Barat
    93 WIT Papua Selatan
    94 WIT Papua Tengah
    95 WIT Papua Pegunungan
    96 WIT Papua Barat Daya
    """
)

#: How many digits a code has at each level (``PP``, ``PPKK``, ``PPKKCC``, ``PPKKCCVVVV``).
LEVEL_DIGITS: dict[Level, int] = {
    Level.PROVINCE: 2,
    Level.REGENCY: 4,
    Level.DISTRICT: 6,
    Level.VILLAGE: 10,
}
_LEVELS = {size: level for level, size in LEVEL_DIGITS.items()}


def level_digits(level: object) -> int:
    """The digit count of ``level``, refusing anything that is not a :class:`Level`.

    >>> level_digits(Level.DISTRICT)
    6
    """
    if not isinstance(level, Level):
        raise ValidationError(f"level must be a Level, not {shown(level)}", field="level")
    return LEVEL_DIGITS[level]


_DOTTED = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
_SEPARATORS = re.compile(r"[\s.]")


def compact(code: str) -> str:
    """Drop blanks and dots: ``" 63.71.01.1001 "`` becomes ``"6371011001"``.

    Only the type is checked (a text); see :func:`validate` for the rest.
    """
    if not isinstance(code, str):
        raise InvalidRegionCode(f"a region code is a text, not {shown(code)}")
    return _SEPARATORS.sub("", code)


def validate(code: object) -> str:
    """Check a region code in dotted or compact form and return it compact.

    Raises :class:`~desacoop.errors.InvalidRegionCode`, whose message names the
    problem.

    >>> validate("63.71")
    '6371'
    >>> validate("63.00")
    Traceback (most recent call last):
    ...
    desacoop.errors.InvalidRegionCode: regency part is 00 in '63.00'
    """
    if not isinstance(code, str):
        raise InvalidRegionCode(
            f"a region code is a text, not {type(code).__name__}: {shown(code)}"
        )
    text = code.strip()
    if not text:
        raise InvalidRegionCode("empty region code")
    if "." in text:
        if not _DOTTED.fullmatch(text):
            raise InvalidRegionCode(f"not a dotted Kemendagri code (PP.KK.CC.VVVV): {shown(code)}")
        digits = text.replace(".", "")
    else:
        digits = text
        if not (digits.isascii() and digits.isdigit()):
            raise InvalidRegionCode(
                f"not a region code: {shown(code)} (only digits and dots are allowed)"
            )
    length = len(digits)
    if length == 7:
        raise InvalidRegionCode(
            f"{shown(code)} looks like a BPS district code (7 digits); "
            "Kemendagri district codes have 6 (PP.KK.CC)"
        )
    if length not in _LEVELS:
        raise InvalidRegionCode(
            f"wrong length: {shown(code)} has {length} digits; "
            "a Kemendagri code has 2, 4, 6 or 10 (PP.KK.CC.VVVV)"
        )
    if digits[:2] not in PROVINCES:
        raise InvalidRegionCode(f"unknown province {digits[:2]!r} in {shown(code)}")
    if length >= 4 and digits[2:4] == "00":
        raise InvalidRegionCode(f"regency part is 00 in {shown(code)}")
    if length >= 6 and digits[4:6] == "00":
        raise InvalidRegionCode(f"district part is 00 in {shown(code)}")
    if length == 10 and digits[6] not in "123":
        hint = " (this looks like a BPS code)" if digits[6] == "0" else ""
        raise InvalidRegionCode(
            f"village part {digits[6:]!r} must start with 1 (kelurahan), 2 (desa) "
            f"or 3 (desa adat) in {shown(code)}{hint}"
        )
    return digits


def is_valid(code: object) -> bool:
    """Whether :func:`validate` accepts the code."""
    try:
        validate(code)
    except ValidationError:
        return False
    return True


def format(code: str) -> str:
    """The dotted form: ``"6371011001"`` becomes ``"63.71.01.1001"``."""
    digits = validate(code)
    parts = [digits[:2], digits[2:4], digits[4:6], digits[6:]]
    return ".".join(p for p in parts if p)


def _validated(value: object) -> str:
    if isinstance(value, RegionCode):
        return value.compact
    return validate(value)


@attrs.frozen(repr=False, order=True)
class RegionCode:
    """A validated Kemendagri region code at any of the four levels.

    Built from the dotted or compact form; ordering follows the code, so a region
    sorts before its children. ``repr`` can be pasted back.
    """

    #: The code without dots, e.g. ``"6371011001"``.
    compact: str = attrs.field(converter=_validated)

    @classmethod
    def parse(cls, text: str) -> RegionCode:
        """Read a code in dotted or compact form (surrounding blanks allowed)."""
        return cls(text)

    def __str__(self) -> str:
        c = self.compact
        if len(c) == 10:  # most codes are villages'
            return f"{c[:2]}.{c[2:4]}.{c[4:6]}.{c[6:]}"
        return ".".join(p for p in (c[:2], c[2:4], c[4:]) if p)

    def __repr__(self) -> str:
        return f"RegionCode({str(self)!r})"

    @property
    def level(self) -> Level:
        """Province, regency, district or village."""
        return _LEVELS[len(self.compact)]

    @property
    def parent(self) -> RegionCode | None:
        """The region one level up, or ``None`` for a province."""
        c = self.compact
        if len(c) == 2:
            return None
        return RegionCode(c[:-4] if len(c) == 10 else c[:-2])

    @property
    def province(self) -> RegionCode:
        """The province this code lies in (itself for a province)."""
        return self if len(self.compact) == 2 else RegionCode(self.compact[:2])

    @property
    def province_info(self) -> Province:
        """Name and time zone of the province."""
        return PROVINCES[self.compact[:2]]

    @property
    def regency(self) -> RegionCode | None:
        """The regency or city this code lies in, or ``None`` for a province."""
        return None if len(self.compact) < 4 else RegionCode(self.compact[:4])

    @property
    def regency_kind(self) -> RegencyKind | None:
        """Kabupaten (01-69) or kota (71-99); ``None`` for a province, and for regency part
        70, which the rule gives to neither."""
        if len(self.compact) < 4:
            return None
        part = int(self.compact[2:4])
        if part == 70:
            return None
        return RegencyKind.KOTA if part >= 71 else RegencyKind.KABUPATEN

    @property
    def village_kind(self) -> VillageKind | None:
        """Kelurahan, desa or desa adat; ``None`` above the village level."""
        if len(self.compact) != 10:
            return None
        return _VILLAGE_KINDS[self.compact[6]]

    def ancestors(self) -> tuple[RegionCode, ...]:
        """The enclosing regions, province first (without this code)."""
        c = self.compact
        return tuple(RegionCode(c[:n]) for n in (2, 4, 6) if n < len(c))

    def is_within(self, other: RegionCode | str) -> bool:
        """Whether this region lies in ``other`` or is ``other``."""
        return self.compact.startswith(_validated(other))

    def __contains__(self, other: object) -> bool:
        """``code in region``: whether ``code`` lies in this region (or is it).

        >>> RegionCode("63.71.01.1001") in RegionCode("63")
        True
        """
        return isinstance(other, RegionCode) and other.compact.startswith(self.compact)

    def at_level(self, level: Level) -> RegionCode:
        """This code's ancestor (or itself) at ``level``.

        >>> RegionCode("63.71.01.1001").at_level(Level.REGENCY)
        RegionCode('63.71')
        """
        size = level_digits(level)
        if size > len(self.compact):
            raise ValidationError(f"{self} is above the {level.value} level")
        return RegionCode(self.compact[:size])


_VILLAGE_KINDS = {"1": VillageKind.KELURAHAN, "2": VillageKind.DESA, "3": VillageKind.DESA_ADAT}


def province_time_zone(code: RegionCode | str) -> TimeZone:
    """The time zone of the province a code lies in.

    >>> province_time_zone("63").zone, province_time_zone("35.78").value
    ('Asia/Makassar', 'WIB')
    """
    region = code if isinstance(code, RegionCode) else RegionCode(code)
    return region.province_info.time_zone


def to_region_code(value: RegionCode | str) -> RegionCode:
    """A :class:`RegionCode` as is, a text parsed (raises when it is not a code)."""
    return value if isinstance(value, RegionCode) else RegionCode(value)


def lenient_region_code(value: RegionCode | str) -> RegionCode:
    """attrs converter: a :class:`RegionCode` as is, a text parsed; a value that is not a
    code is left as it is for the field's validator, :func:`is_region_code`, which says
    what is wrong and names the field. Always use the two together."""
    if isinstance(value, RegionCode):
        return value
    try:
        return RegionCode(value)
    except ValidationError:
        return value  # type: ignore[return-value]  # is_region_code explains it


def is_region_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator paired with :func:`lenient_region_code`: a value that is not a region code
    raises the parser's precise error with the field's name.

    >>> import attrs
    >>> @attrs.frozen
    ... class Office:
    ...     province: RegionCode = attrs.field(
    ...         converter=lenient_region_code, validator=is_region_code
    ...     )
    >>> Office("52x")
    Traceback (most recent call last):
    ...
    desacoop.errors.InvalidRegionCode: not a region code: '52x' (only digits and dots are allowed)
    >>> try:
    ...     Office("52x")
    ... except ValidationError as exc:
    ...     print(exc.field)
    province
    """
    if isinstance(value, RegionCode):
        return
    name = getattr(attribute, "name", "region")
    try:
        RegionCode(value)
    except ValidationError as exc:
        exc.field = exc.field or name
        raise
    raise ValidationError(f"{name} must be a region code, not {shown(value)}", field=name)


def _village_kind_of(code: RegionCode) -> VillageKind:
    kind = code.village_kind
    if kind is None:
        raise ValidationError(
            f"a village needs a village code (PP.KK.CC.VVVV), not the {code.level.value} "
            f"code {code}",
            field="code",
        )
    return kind


def _default_kind(village: Village) -> VillageKind:
    if not isinstance(village.code, RegionCode):  # is_region_code says what is wrong
        return None
    return _village_kind_of(village.code)


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"name must be a non-empty text, not {shown(value)}", field="name")


@attrs.frozen
class Village:
    """A desa, kelurahan or desa adat, identified by its Kemendagri code.

    ``kind`` follows from the code; when given it must agree with it.

    >>> Village("35.07.01.2001", "Tulungrejo").kind
    VillageKind.DESA
    """

    code: RegionCode = attrs.field(converter=lenient_region_code, validator=is_region_code)
    name: str = attrs.field(validator=_name)
    kind: VillageKind = attrs.field(default=attrs.Factory(_default_kind, takes_self=True))

    def __attrs_post_init__(self) -> None:
        expected = _village_kind_of(self.code)
        if not isinstance(self.kind, VillageKind):
            raise ValidationError(
                f"kind must be a VillageKind, not {shown(self.kind)}", field="kind"
            )
        if self.kind is not expected:
            raise ValidationError(
                f"village {self.name!r} ({self.code}) is a {self.kind.label_id} "
                f"according to its record, but its code says {expected.label_id}: "
                "a code starting 1 is a kelurahan, 2 a desa, 3 a desa adat",
                field="kind",
            )


@attrs.frozen
class Region:
    """A region with its name, as a code list or a plan names it.

    >>> Region(RegionCode("63.04"), "Kabupaten Barito Kuala").level
    Level.REGENCY
    """

    code: RegionCode = attrs.field(converter=lenient_region_code, validator=is_region_code)
    name: str = attrs.field(validator=_name)

    @property
    def level(self) -> Level:
        """The region's administrative level."""
        return self.code.level
