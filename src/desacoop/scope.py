"""Cooperation scope areas (ruang lingkup): a bundled catalog and an agreement's own areas.

:class:`ScopeArea` is the catalog. Areas 1 to 16 are those of the Kalimantan Selatan – Jawa
Timur agreement of April 2022, in the order the agreement gives them
(:data:`KALSEL_JATIM_2022`). The count of 16 is worked out from the sources' wording, not
stated in them; areas 3 and 13 keep that full wording. Areas 17 to 20 are areas other DPMD
agreements name (issue 20): kerja sama desa dan kawasan, desa wisata, ketahanan pangan, and
layanan/transformasi digital desa; their labels are desacoop's own words, not a quotation,
so an agreement that names one in its own words records an :class:`Area` linked to it.
Each has a stable code (the enum value, what JSON stores), its catalog number, and
Indonesian and English labels.

>>> ScopeArea.BUM_DESA.number, ScopeArea.BUM_DESA.value
(2, 'bum-desa')
>>> ScopeArea.by_number(16).label_en
'community-empowerment and human-development cadres'

Another agreement may name areas of its own: an :class:`Area` has an id, an Indonesian and
an English label and, optionally, the catalog area it corresponds to. An agreement's scope
mixes both freely and numbers them in its own order (``Agreement.area_number``). Indicators,
milestones and area weights refer to an area by its id (an :data:`AreaRef`: the catalog
member, or the own area's id):

>>> wisata = Area("desa-wisata", "desa wisata", "tourism villages",
...               catalog=ScopeArea.RURAL_ECONOMY)
>>> wisata.label("en"), area_id(wisata), area_id(ScopeArea.CADRES)
('tourism villages', 'desa-wisata', 'cadres')
>>> to_area_ref("cadres"), to_area_ref(wisata)
(ScopeArea.CADRES, 'desa-wisata')
"""

from __future__ import annotations

from typing import Any, TypeAlias

import attrs

from desacoop._checks import identifier, optional, text
from desacoop.errors import ValidationError, shown
from desacoop.labels import LabelledEnum, Language

__all__ = [
    "KALSEL_JATIM_2022",
    "AnyArea",
    "Area",
    "AreaRef",
    "ScopeArea",
    "area_id",
    "area_ref",
    "is_area",
    "to_area_ref",
]


class ScopeArea(LabelledEnum):
    """An area of village empowerment an agreement can cover."""

    RURAL_ECONOMY = (
        "rural-economy",
        "peningkatan ekonomi masyarakat perdesaan",
        "rural community economy",
    )
    BUM_DESA = (
        "bum-desa",
        "pengembangan BUMDesa/BUMDesMa",
        "village-owned enterprises (single and inter-village)",
    )
    FLAGSHIP_PRODUCTS = (
        "flagship-products",
        "peningkatan dan pengembangan sumber daya alam melalui produk unggulan desa (Prudes) "
        "dan produk unggulan kawasan perdesaan (Prukades)",
        "flagship products of villages and rural areas (natural resources)",
    )
    OFFICIAL_CAPACITY = (
        "official-capacity",
        "peningkatan kapasitas aparatur desa",
        "capacity of village officials",
    )
    VILLAGE_PROFILE = (
        "village-profile",
        "memaksimalkan profil desa",
        "village profile data",
    )
    VILLAGE_ARRANGEMENT = (
        "village-arrangement",
        "penataan desa",
        "village arrangement (formation, merger, status change)",
    )
    DEVELOPMENT_EVALUATION = (
        "development-evaluation",
        "evaluasi perkembangan desa",
        "village development evaluation",
    )
    BOUNDARIES = ("boundaries", "batas desa", "village boundaries")
    ADMINISTRATION = ("administration", "administrasi desa", "village administration")
    GOVERNANCE = ("governance", "tata kelola pemerintahan desa", "village governance")
    FINANCE_AND_ASSETS = (
        "finance-and-assets",
        "tata kelola keuangan dan aset desa",
        "village finance and asset governance",
    )
    RURAL_AREA_DEVELOPMENT = (
        "rural-area-development",
        "revitalisasi pembangunan kawasan perdesaan",
        "revitalising rural-area development",
    )
    INNOVATION_EXCHANGE = (
        "innovation-exchange",
        "pertukaran informasi kawasan desa inovasi yang dapat dijadikan percontohan dan pusat "
        "pembelajaran/magang/praktek kerja/penelitian dalam pengembangan kawasan perdesaan "
        "dengan memanfaatkan Teknologi Tepat Guna (TTG)",
        "innovative-village exchange, learning/internship/research centres, appropriate technology",
    )
    EX_PNPM_TRANSFORMATION = (
        "ex-pnpm-transformation",
        "percepatan transformasi pengelola Dana Bergulir Masyarakat eks PNPM Mandiri Perdesaan",
        "transforming the ex-PNPM revolving-fund managers (UPK/DBM)",
    )
    COMMUNITY_INSTITUTIONS = (
        "community-institutions",
        "pengembangan lembaga kemasyarakatan desa dan sosial dasar",
        "village community institutions and basic social services",
    )
    CADRES = (
        "cadres",
        "pengembangan kader pemberdayaan masyarakat desa (KPMD) dan kader pembangunan "
        "manusia (KPM)",
        "community-empowerment and human-development cadres",
    )
    # -- areas other DPMD agreements name (desacoop's own labels) --------------------------
    VILLAGE_COOPERATION = (
        "village-cooperation",
        "kerja sama desa dan kawasan",
        "cooperation between villages and rural areas",
    )
    TOURISM_VILLAGES = ("tourism-villages", "desa wisata", "tourism villages")
    FOOD_SECURITY = ("food-security", "ketahanan pangan", "food security")
    DIGITAL_VILLAGE = (
        "digital-village",
        "layanan dan transformasi digital desa",
        "digital village services and transformation",
    )

    @property
    def id(self) -> str:
        """The stable code (the enum value): what JSON stores and indicators refer to."""
        return self._value_

    @property
    def catalog(self) -> ScopeArea:
        """The catalog area this is: itself (an own :class:`Area` may name one)."""
        return self

    @property
    def number(self) -> int:
        """The catalog number: 1 to 16 the position in the Kalsel–Jatim agreement's list,
        17 on the areas of other agreements."""
        return _NUMBERS[self]

    @classmethod
    def by_number(cls, number: int) -> ScopeArea:
        """The area with catalog number ``number`` (1-20)."""
        try:
            return _BY_NUMBER[number]
        except (KeyError, TypeError):
            raise ValidationError(
                f"no scope area number {shown(number)}; they run 1 to {len(_BY_NUMBER)}"
            ) from None


_NUMBERS = {area: n for n, area in enumerate(ScopeArea, start=1)}
_BY_NUMBER = {n: area for area, n in _NUMBERS.items()}

#: The 16 areas of the Kalimantan Selatan – Jawa Timur agreement of April 2022, in its order.
KALSEL_JATIM_2022: tuple[ScopeArea, ...] = tuple(ScopeArea)[:16]


def _catalog_member(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, ScopeArea):
        raise ValidationError(
            f"{attribute.name} must be a ScopeArea, not {shown(value)}", field=attribute.name
        )


@attrs.frozen
class Area:
    """A scope area an agreement names in its own words.

    ``id`` is the key indicators use; it may not be a catalog code (use the
    :class:`ScopeArea` member itself, or link this area to it with ``catalog``).
    ``catalog`` optionally names the catalog area this one corresponds to, so areas can be
    compared across agreements.

    >>> Area("cadres", "kader desa", "village cadres")
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: 'cadres' is the code of catalog area 16 (pengembangan \
kader pemberdayaan masyarakat desa (KPMD) dan kader pembangunan manusia (KPM)); use \
ScopeArea.CADRES itself, or give this area another id and catalog=ScopeArea.CADRES
    """

    id: str = attrs.field(validator=identifier)
    label_id: str = attrs.field(validator=text)
    label_en: str = attrs.field(validator=text)
    catalog: ScopeArea | None = attrs.field(default=None, validator=optional(_catalog_member))

    def __attrs_post_init__(self) -> None:
        member = _BY_CODE.get(self.id)
        if member is not None:
            raise ValidationError(
                f"{self.id!r} is the code of catalog area {member.number} ({member.label_id}); "
                f"use ScopeArea.{member.name} itself, or give this area another id and "
                f"catalog=ScopeArea.{member.name}",
                field="id",
            )

    def label(self, language: Language | str = "id") -> str:
        """The label in ``"id"`` (Indonesian, the default) or ``"en"`` (English)."""
        return self.label_en if Language.parse(language) is Language.EN else self.label_id


#: An area in an agreement's scope: a catalog member or an agreement's own area.
AnyArea: TypeAlias = ScopeArea | Area

#: How indicators, milestones and weights name an area: the catalog member, or the id of
#: an area the agreement defines (a catalog code given as text is read as the member).
AreaRef: TypeAlias = ScopeArea | str

_BY_CODE = {area.value: area for area in ScopeArea}


def area_id(area: AnyArea | str) -> str:
    """The id of an area or of an area reference: the catalog code or the own area's id."""
    if isinstance(area, ScopeArea | Area):
        return area.id
    if isinstance(area, str):
        return area
    raise ValidationError(
        f"an area is a ScopeArea, an Area or an area id, not {shown(area)}", field="area"
    )


def to_area_ref(value: object) -> object:
    """Converter: a catalog code becomes its :class:`ScopeArea`, an :class:`Area` its id;
    other texts stay (an own area's id); anything else is left for the validator."""
    if isinstance(value, Area):
        return value.id
    if isinstance(value, str):
        return _BY_CODE.get(value, value)
    return value


def area_ref(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a :class:`ScopeArea` or an own area's id."""
    if isinstance(value, ScopeArea):
        return
    name = _name(attribute)
    message = (
        f"{name} must be a ScopeArea or the id of one of the agreement's own areas (a "
        f"short lower-case key such as 'desa-wisata'), not {shown(value)}"
    )
    if not isinstance(value, str):
        raise ValidationError(message, field=name)
    try:
        identifier(instance, attribute, value)
    except (ValidationError, AttributeError):  # AttributeError: called without an attribute
        raise ValidationError(message, field=name) from None


def is_area(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a :class:`ScopeArea` or an :class:`Area`."""
    name = _name(attribute)
    if not isinstance(value, ScopeArea | Area):
        raise ValidationError(
            f"{name} must be a scope area: a ScopeArea (catalog) or an Area (the "
            f"agreement's own), not {shown(value)}",
            field=name,
        )


def _name(attribute: object) -> str:
    name = getattr(attribute, "name", None)
    return name if isinstance(name, str) else "area"
