"""Cooperation agreements between regional agencies, as typed, validated values.

An :class:`Agreement` has parties (agencies of a province), signatories and witnesses,
a signing, a purpose, scope commitments, a term, related programmes and a history of
amendments. Every class is frozen; invariants are checked on construction and explained
in words a civil servant understands.

>>> kalsel = Party("kalsel", "DPMD Provinsi Kalimantan Selatan", "63")
>>> jatim = Party("jatim", "DPMD Provinsi Jawa Timur", "35")
>>> draft = Agreement(id="demo", title="Kerja sama", parties=(kalsel, jatim))
>>> draft.status(dt.date(2022, 1, 1))
AgreementStatus.DRAFT
>>> Agreement(id="demo", title="Kerja sama", parties=(kalsel,))
Traceback (most recent call last):
...
desacoop.errors.ValidationError: 1 problem:
  parties: an agreement needs at least two parties; it has 1

Regulations: PP 28/2018 and Permendagri 22/2020 (how regions cooperate).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from dateutil.relativedelta import relativedelta

from desacoop._checks import (
    date,
    date_argument,
    identifier,
    instance_of,
    integer,
    money,
    optional,
    region_codes,
    text,
    to_date,
    to_optional_date,
    to_tuple,
    tuple_of,
)
from desacoop._notebook import NotebookView
from desacoop.errors import Problem, ValidationError, shown
from desacoop.labels import LabelledEnum, counted
from desacoop.regions import (
    Level,
    RegionCode,
    TimeZone,
    VillageKind,
    is_region_code,
    lenient_region_code,
)
from desacoop.scope import AnyArea, Area, ScopeArea, area_id, is_area

__all__ = [
    "AMENDABLE",
    "Agreement",
    "AgreementChanges",
    "AgreementKind",
    "AgreementStatus",
    "Amendment",
    "Attendance",
    "Attendee",
    "BudgetLine",
    "Citation",
    "CooperationBasis",
    "FundSource",
    "InstrumentLink",
    "InstrumentRef",
    "Official",
    "Party",
    "PartyKind",
    "PartyNumber",
    "Place",
    "Programme",
    "ProgrammeKind",
    "Purpose",
    "Reading",
    "ScopeCommitment",
    "Signatory",
    "Signing",
    "SigningCapacity",
    "Source",
    "Term",
    "Uncertainty",
    "Witness",
    "instrument_chain",
]


class AgreementKind(LabelledEnum):
    """The instrument: between regions a joint agreement (Kesepakatan Bersama, the MoU)
    comes first, then the cooperation agreement (PKS) that implements it; villages
    cooperate under a joint regulation of their village heads."""

    JOINT_AGREEMENT = "joint-agreement", "Kesepakatan Bersama", "joint agreement"
    COOPERATION_AGREEMENT = (
        "cooperation-agreement",
        "Perjanjian Kerja Sama (PKS)",
        "cooperation agreement",
    )
    JOINT_VILLAGE_REGULATION = (
        "joint-village-regulation",
        "Peraturan Bersama Kepala Desa",
        "joint regulation of village heads (inter-village cooperation)",
    )


class CooperationBasis(LabelledEnum):
    """PP 28/2018: mandatory between bordering regions on cross-border matters."""

    MANDATORY = "mandatory", "kerja sama wajib", "mandatory cooperation"
    VOLUNTARY = "voluntary", "kerja sama sukarela", "voluntary cooperation"


class AgreementStatus(LabelledEnum):
    """Where an agreement stands on a given date (computed, never stored)."""

    DRAFT = "draft", "rancangan", "draft"
    SIGNED = "signed", "ditandatangani", "signed, not yet in force"
    UNDATED = (
        "undated",
        "ditandatangani, tanggal tidak disebut",
        "signed on a date not stated",
    )
    IN_FORCE = "in-force", "berlaku", "in force"
    EXPIRED = "expired", "berakhir", "expired"
    TERMINATED = "terminated", "diakhiri", "terminated"


class ProgrammeKind(LabelledEnum):
    """Programmes an agreement relates to."""

    ONE_VILLAGE_ONE_PRODUCT = (
        "one-village-one-product",
        "1 desa 1 produk",
        "one village one product",
    )
    ONE_PESANTREN_ONE_PRODUCT = (
        "one-pesantren-one-product",
        "1 pesantren 1 produk (OPOP)",
        "one pesantren one product",
    )
    TRADE_MISSION = "trade-mission", "misi dagang", "trade mission"
    OTHER = "other", "lainnya", "other"


class PartyKind(LabelledEnum):
    """What a party is. Under PP 28/2018 the legal party of regional cooperation is the
    daerah (province, regency or city), whose head may authorise an agency to sign.

    Besides daerah and desa, a party may be a central-government ministry or agency (or one
    of its directorates), a vertical agency, a TNI/Polri unit, a state-owned (BUMN) or
    region-owned (BUMD) enterprise, an association, a university, a company or another
    party; for these ``region`` (where it sits) is optional.
    """

    GOVERNMENT = "government", "pemerintah daerah", "regional government (daerah)"
    AGENCY = (
        "agency",
        "perangkat daerah atas nama pemerintah daerah",
        "agency acting for a regional government",
    )
    VILLAGE = "village", "pemerintah desa", "village (desa)"
    VILLAGE_GROUP = "village-group", "kelompok desa", "group of villages (desa)"
    ASSOCIATION = "association", "asosiasi/perkumpulan", "association"
    UNIVERSITY = "university", "perguruan tinggi", "university"
    COMPANY = "company", "badan usaha", "company"
    CENTRAL_GOVERNMENT = (
        "central-government",
        "kementerian/lembaga pemerintah pusat",
        "central-government ministry or agency (or one of its units)",
    )
    VERTICAL_AGENCY = (
        "vertical-agency",
        "instansi vertikal",
        "vertical agency (a central-government office in a region)",
    )
    SECURITY_FORCES = "security-forces", "satuan TNI/Polri", "military or police unit (TNI/Polri)"
    STATE_ENTERPRISE = "state-enterprise", "BUMN", "state-owned enterprise (BUMN)"
    REGIONAL_ENTERPRISE = "regional-enterprise", "BUMD", "region-owned enterprise (BUMD)"
    OTHER = "other", "pihak lain", "other non-government party"

    @property
    def is_government(self) -> bool:
        """A daerah, an agency acting for one, a desa or a group of desa."""
        return self in _GOVERNMENT_KINDS

    @property
    def is_public(self) -> bool:
        """A public body of any level: the government kinds, a central-government ministry
        or agency, a vertical agency, a TNI/Polri unit, or a state- or region-owned
        enterprise."""
        return self in _GOVERNMENT_KINDS or self in _PUBLIC_KINDS

    @property
    def is_daerah(self) -> bool:
        """A daerah (province, regency or city government) or an agency acting for one:
        the parties whose signers PP 28/2018 speaks of."""
        return self in (PartyKind.GOVERNMENT, PartyKind.AGENCY)


_GOVERNMENT_KINDS = frozenset(
    {PartyKind.GOVERNMENT, PartyKind.AGENCY, PartyKind.VILLAGE, PartyKind.VILLAGE_GROUP}
)
_PUBLIC_KINDS = frozenset(
    {
        PartyKind.CENTRAL_GOVERNMENT,
        PartyKind.VERTICAL_AGENCY,
        PartyKind.SECURITY_FORCES,
        PartyKind.STATE_ENTERPRISE,
        PartyKind.REGIONAL_ENTERPRISE,
    }
)


@attrs.frozen
class Party:
    """A party to an agreement, at any level.

    ``id`` is the short key other parts of the agreement use to refer to the party.
    ``kind`` says what the party is (:class:`PartyKind`); ``None`` keeps the original
    meaning, an agency of the province ``province``. ``region`` is the government's own
    code (a province, regency or city; for an agency, the government it acts for; for a
    desa, its village code; for a non-government party, where it sits, if known);
    ``villages`` lists the desa of a group of villages. ``province`` is the province the
    party belongs to; it may be left out when ``region`` or ``villages`` say it.

    >>> ponorogo = Party("ponorogo", "Pemerintah Kabupaten Ponorogo",
    ...                  kind=PartyKind.GOVERNMENT, region="35.02")
    >>> str(ponorogo.home_province), str(ponorogo.home_region)
    ('35', '35.02')
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    province: RegionCode | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(lenient_region_code),
        validator=optional(is_region_code),
    )
    abbreviation: str | None = attrs.field(default=None, validator=optional(text))
    kind: PartyKind | None = attrs.field(
        default=None, kw_only=True, validator=optional(instance_of(PartyKind))
    )
    region: RegionCode | None = attrs.field(
        default=None,
        kw_only=True,
        converter=attrs.converters.optional(lenient_region_code),
        validator=optional(is_region_code),
    )
    villages: tuple[RegionCode, ...] = attrs.field(default=(), kw_only=True, converter=region_codes)
    #: How many desa a group of villages has, when their codes are not all known.
    members: int | None = attrs.field(
        default=None, kw_only=True, validator=optional(integer(2, 100_000))
    )

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise ValidationError.from_problems(problems)

    def _problems(self) -> Iterator[Problem]:
        kind, region, province = self.kind, self.region, self.province
        if province is not None and province.level is not Level.PROVINCE:
            yield Problem(
                "province",
                f"not a province code: {str(province)!r} (a party belongs to a province)",
            )
            return
        if kind is None and province is None:
            yield Problem(
                "province",
                "give the party's province, or its kind and region (a regency, a city, a "
                "desa, a group of desa, or a non-government party)",
            )
        daerah = (Level.PROVINCE, Level.REGENCY)
        if kind in (PartyKind.GOVERNMENT, PartyKind.AGENCY) and (
            region is None or region.level not in daerah
        ):
            acting = "the government it acts for" if kind is PartyKind.AGENCY else "its"
            yield Problem(
                "region",
                f"a {kind.label_en} names {acting} province, regency or city code, not "
                f"{str(region) if region is not None else 'nothing'}",
            )
        if kind is PartyKind.VILLAGE:
            if region is None or region.level is not Level.VILLAGE:
                yield Problem("region", "a village party names its desa code (PP.KK.CC.VVVV)")
            elif region.village_kind is VillageKind.KELURAHAN:
                yield Problem(
                    "region", f"{region} is a kelurahan; village cooperation is between desa"
                )
        if kind is PartyKind.VILLAGE_GROUP:
            if len(self.villages) < 2 and (self.members is None or region is None):
                yield Problem(
                    "villages",
                    "a group of villages lists at least two desa codes, or gives how many desa "
                    "it has (members) and the regency or district they lie in (region)",
                )
            if self.members is not None and len(self.villages) > self.members:
                yield Problem(
                    "members", f"{len(self.villages)} desa are listed, more than {self.members}"
                )
            for i, code in enumerate(self.villages):
                if code.level is not Level.VILLAGE or code.village_kind is VillageKind.KELURAHAN:
                    yield Problem(f"villages[{i}]", f"{code} is not a desa code")
        elif self.villages or self.members is not None:
            yield Problem("villages", "only a group of villages lists villages or members")
        if province is not None:
            inside: list[tuple[str, RegionCode]] = [("region", region)] if region else []
            inside += [(f"villages[{i}]", v) for i, v in enumerate(self.villages)]
            for where, code in inside:
                if not code.is_within(province):
                    yield Problem(where, f"{code} is not in the province {province}")

    @property
    def home_region(self) -> RegionCode | None:
        """The region the party governs, acts for or sits in (its province when that is
        all that is known; ``None`` for a group of villages and for a party without one)."""
        return self.region if self.region is not None else self.province

    @property
    def home_province(self) -> RegionCode | None:
        """The province the party belongs to, stated or derived from its region."""
        if self.province is not None:
            return self.province
        if self.region is not None:
            return self.region.province
        return self.villages[0].province if self.villages else None

    def describe(self, language: str = "id") -> str:
        """What the party is, in words: kind and region."""
        english = language == "en"
        kind = self.kind
        if kind is None:
            word = "an agency of the province" if english else "perangkat daerah provinsi"
            return f"{word} {self.province}"
        where = self.region or (", ".join(map(str, self.villages)) or None)
        label = kind.label_en if english else kind.label_id
        return f"{label} {where}" if where is not None else label


@attrs.frozen
class Official:
    """A person in office: name and position (jabatan). The name is ``None`` when the
    sources give only the position (a company's "Head of Social Engagement").

    >>> str(Official("Soekaryo", "Kepala DPMD Provinsi Jawa Timur"))
    'Soekaryo, Kepala DPMD Provinsi Jawa Timur'
    >>> Official(None, "Head of Social Engagement").describe("id")
    'Head of Social Engagement (nama tidak disebut)'
    """

    name: str | None = attrs.field(validator=optional(text))
    position: str = attrs.field(validator=text)

    def describe(self, language: str = "en") -> str:
        """Name and position; the position alone, marked, when the name is not stated."""
        if self.name is None:
            unnamed = "nama tidak disebut" if language == "id" else "name not stated"
            return f"{self.position} ({unnamed})"
        return f"{self.name}, {self.position}"

    def __str__(self) -> str:
        return self.describe()


class SigningCapacity(LabelledEnum):
    """In what capacity someone signs for a daerah (PP 28/2018)."""

    HEAD = "head", "kepala daerah/kepala desa", "the head of the region or village"
    AUTHORISED = "authorised", "atas kuasa kepala daerah", "on the authority of the head"


@attrs.frozen
class Signatory:
    """Who signs for which party, and under what authority (free text; ``None`` when
    the source does not say).

    ``capacity`` and ``authorised_by`` say whether the signatory is the head of the region
    or signs on the head's authority, and whose; a PKS between daerah must say it for every
    signatory of a government party.
    """

    party: str = attrs.field(validator=identifier)
    official: Official = attrs.field(validator=instance_of(Official))
    authority: str | None = attrs.field(default=None, validator=optional(text))
    capacity: SigningCapacity | None = attrs.field(
        default=None, kw_only=True, validator=optional(instance_of(SigningCapacity))
    )
    authorised_by: Official | None = attrs.field(
        default=None, kw_only=True, validator=optional(instance_of(Official))
    )

    def __attrs_post_init__(self) -> None:
        if self.authorised_by is not None and self.capacity is SigningCapacity.HEAD:
            raise ValidationError(
                "the head of the region signs on their own authority; leave authorised_by "
                "empty or make the capacity 'authorised'",
                field="authorised_by",
            )
        if self.capacity is SigningCapacity.AUTHORISED and self.authorised_by is None:
            raise ValidationError(
                "a signatory on the head's authority names who authorised them (authorised_by)",
                field="authorised_by",
            )


class FundSource(LabelledEnum):
    """Where the money comes from."""

    APBN = "apbn", "APBN", "state budget"
    APBD = "apbd", "APBD", "regional budget"
    APBDES = "apbdes", "APBDes", "village budget"
    OTHER = "other", "sumber lain yang sah", "other lawful source"


@attrs.frozen
class BudgetLine:
    """Money a party puts in: how much (exact rupiah), in which year, from which budget.

    >>> BudgetLine("jatim", 150_000_000, FundSource.APBD, year=2023).amount
    Decimal('150000000')
    """

    party: str = attrs.field(validator=identifier)
    amount: Decimal = attrs.field(converter=money)
    fund: FundSource = attrs.field(validator=instance_of(FundSource))
    year: int | None = attrs.field(default=None, validator=optional(integer(1945, 2200)))
    note: str | None = attrs.field(default=None, validator=optional(text))
    #: The id of the :class:`Source` the figure comes from.
    source: str | None = attrs.field(default=None, validator=optional(identifier))

    def __attrs_post_init__(self) -> None:
        if self.amount < 0:
            raise ValidationError(
                f"a budget is at least 0 rupiah, not {self.amount}", field="amount"
            )


@attrs.frozen
class Source:
    """Where facts come from: an outlet (news site, the government's release, a decree),
    its author, address (URL) and date; ``id`` is what citations refer to."""

    id: str = attrs.field(validator=identifier)
    outlet: str = attrs.field(validator=text)
    title: str | None = attrs.field(default=None, validator=optional(text))
    author: str | None = attrs.field(default=None, validator=optional(text))
    address: str | None = attrs.field(default=None, validator=optional(text))
    published_on: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    note: str | None = attrs.field(default=None, validator=optional(text))

    def __str__(self) -> str:
        parts = [self.outlet]
        parts += [f"“{self.title}”"] if self.title else []
        parts += [self.author] if self.author else []
        parts += [self.published_on.isoformat()] if self.published_on else []
        parts += [self.address] if self.address else []
        return ", ".join(parts)


@attrs.frozen
class Citation:
    """Where one fact of the agreement comes from: a listed :class:`Source` (its id), or
    how it was worked out (``derived``, e.g. "voluntary: the provinces do not border,
    PP 28/2018"), or both. ``fact`` names the fact, e.g. ``"basis"`` or
    ``"signing.place.venue"``."""

    fact: str = attrs.field(validator=text)
    source: str | None = attrs.field(default=None, validator=optional(identifier))
    derived: str | None = attrs.field(default=None, validator=optional(text))

    def __attrs_post_init__(self) -> None:
        if self.source is None and self.derived is None:
            raise ValidationError(
                f"the fact {self.fact!r} cites a source or says how it was derived",
                field="source",
            )


@attrs.frozen
class Purpose:
    """The purpose in the agreement's own words: maksud and tujuan verbatim, each with an
    optional English gloss, and the source that quotes them."""

    maksud: str | None = attrs.field(default=None, validator=optional(text))
    tujuan: str | None = attrs.field(default=None, validator=optional(text))
    maksud_en: str | None = attrs.field(default=None, validator=optional(text))
    tujuan_en: str | None = attrs.field(default=None, validator=optional(text))
    source: str | None = attrs.field(default=None, validator=optional(identifier))

    def __attrs_post_init__(self) -> None:
        if self.maksud is None and self.tujuan is None:
            raise ValidationError("give the maksud, the tujuan or both", field="maksud")
        if self.maksud_en is not None and self.maksud is None:
            raise ValidationError("a gloss of the maksud needs its text", field="maksud_en")
        if self.tujuan_en is not None and self.tujuan is None:
            raise ValidationError("a gloss of the tujuan needs its text", field="tujuan_en")


class InstrumentLink(LabelledEnum):
    """How a PKS stands to the Kesepakatan Bersama it names: it implements it, as the
    sources state, or it was signed with it and whether it implements it is not stated."""

    IMPLEMENTS = "implements", "melaksanakan", "implements"
    ACCOMPANIES = (
        "accompanies",
        "ditandatangani bersamaan; pelaksanaannya tidak disebut",
        "signed with it; whether it implements it is not stated",
    )


@attrs.frozen
class InstrumentRef:
    """The instrument an agreement implements (a PKS implements a Kesepakatan Bersama):
    its id, kind and, when known, title, number and signing date. ``link`` is
    :attr:`InstrumentLink.ACCOMPANIES` when the PKS was signed with the Kesepakatan Bersama
    but the sources do not say it implements it."""

    id: str = attrs.field(validator=identifier)
    kind: AgreementKind = attrs.field(
        default=AgreementKind.JOINT_AGREEMENT, validator=instance_of(AgreementKind)
    )
    title: str | None = attrs.field(default=None, validator=optional(text))
    number: str | None = attrs.field(default=None, validator=optional(text))
    signed_on: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    link: InstrumentLink = attrs.field(
        default=InstrumentLink.IMPLEMENTS, kw_only=True, validator=instance_of(InstrumentLink)
    )


class Attendance(LabelledEnum):
    """How a witness attended the signing."""

    IN_PERSON = "in-person", "hadir langsung", "in person"
    REPRESENTED = "represented", "diwakili", "represented"
    NOT_STATED = "not-stated", "kehadiran tidak disebut", "attendance not stated"


@attrs.frozen
class Witness:
    """Who witnesses the signing, for which party, and who stood in for them.

    ``represented_by`` is ``None`` when the witness attended in person, unless
    ``attendance`` says otherwise: :attr:`Attendance.NOT_STATED` when the sources say the
    witness witnessed but not whether in person.
    """

    official: Official = attrs.field(validator=instance_of(Official))
    party: str | None = attrs.field(default=None, validator=optional(identifier))
    represented_by: Official | None = attrs.field(
        default=None, validator=optional(instance_of(Official))
    )
    attendance: Attendance | None = attrs.field(
        default=None, kw_only=True, validator=optional(instance_of(Attendance))
    )

    def __attrs_post_init__(self) -> None:
        if (
            self.represented_by is not None
            and self.official.name is not None
            and self.represented_by.name == self.official.name
        ):
            raise ValidationError(
                f"{self.official.name} cannot be represented by themself; "
                "leave represented_by empty when the witness attended in person",
                field="represented_by",
            )
        represented = self.represented_by is not None
        if self.attendance is not None and represented != (
            self.attendance is Attendance.REPRESENTED
        ):
            raise ValidationError(
                "a represented witness names who represented them, and only they do",
                field="attendance",
            )

    @property
    def in_person(self) -> bool | None:
        """Whether the witness attended in person (``None``: the sources do not say)."""
        if self.attendance is Attendance.NOT_STATED:
            return None
        return self.represented_by is None


@attrs.frozen
class Attendee:
    """Someone present at the signing who is not recorded as witnessing it (hadir, e.g.
    a minister or a governor), for which party if any, and who stood in for them."""

    official: Official = attrs.field(validator=instance_of(Official))
    party: str | None = attrs.field(default=None, validator=optional(identifier))
    represented_by: Official | None = attrs.field(
        default=None, validator=optional(instance_of(Official))
    )


@attrs.frozen
class PartyNumber:
    """The number one party gives the instrument in its own register (each side numbers
    the same PKS: ``100.3.7.1/15/PKS/B.POD-III/2025`` and ``100.3.7.1/243/PKS/011.3/2025``)."""

    party: str = attrs.field(validator=identifier)
    number: str = attrs.field(validator=text)


@attrs.frozen
class Reading:
    """One way the sources state an uncertain fact, and the sources (ids) that state it."""

    value: str = attrs.field(validator=text)
    sources: tuple[str, ...] = attrs.field(converter=to_tuple, validator=tuple_of(str, "text"))

    def __attrs_post_init__(self) -> None:
        if not self.sources:
            raise ValidationError(
                f"the reading {self.value!r} names the sources that state it", field="sources"
            )
        for i, source in enumerate(self.sources):
            identifier(self, attrs.fields(Reading).sources, source)
            if source in self.sources[:i]:
                raise ValidationError(f"source {source!r} is named twice", field="sources")


@attrs.frozen
class Uncertainty:
    """A fact the sources disagree on or leave in doubt (the instrument kind, a place, a
    date, a title such as "Plt."): the fact's path in the agreement (``"kind"``,
    ``"signing.place"``, ``"signatories[0].official.position"``), each reading with the
    sources that give it, and a note. The agreement's own field holds the reading it
    records; the report marks that fact uncertain and lists the readings.

    >>> Uncertainty("signing.place", (Reading("Palembang", ("a",)), Reading("Banyuasin", ("b",))))
    ... # doctest: +ELLIPSIS
    Uncertainty(fact='signing.place', readings=(Reading(value='Palembang', ...), ...), note=None)
    """

    fact: str = attrs.field(validator=text)
    readings: tuple[Reading, ...] = attrs.field(converter=to_tuple, validator=tuple_of(Reading))
    note: str | None = attrs.field(default=None, validator=optional(text))

    def __attrs_post_init__(self) -> None:
        if not self.readings:
            raise ValidationError(
                f"an uncertain fact ({self.fact}) gives at least one reading with its sources",
                field="readings",
            )

    @property
    def field(self) -> str:
        """The agreement field the fact belongs to (the path's first part)."""
        return _FIELD_OF_PATH.split(self.fact.strip(), maxsplit=1)[0]

    def covers(self, path: str) -> bool:
        """Whether the fact is ``path`` or lies within it, or ``path`` lies within the fact
        (``"signing.place"`` covers ``"signing"`` and ``"signing.place.name"``)."""
        if not isinstance(path, str):
            raise ValidationError(f"path must be a text, not {shown(path)}", field="path")
        fact = self.fact.strip()
        return any(
            longer == shorter or longer.startswith((shorter + ".", shorter + "["))
            for longer, shorter in ((fact, path), (path, fact))
        )


_FIELD_OF_PATH = re.compile(r"[.\[]")


def _default_zone(place: Place) -> TimeZone | None:
    if not isinstance(place.region, RegionCode):  # none, or not a code: its validator says
        return None
    return place.region.province_info.time_zone


@attrs.frozen
class Place:
    """Where something happened: a name, the region code and its time zone.

    The time zone defaults to that of the region's province.
    """

    name: str = attrs.field(validator=text)
    region: RegionCode | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(lenient_region_code),
        validator=optional(is_region_code),
    )
    time_zone: TimeZone | None = attrs.field(
        default=attrs.Factory(_default_zone, takes_self=True),
        validator=optional(instance_of(TimeZone, "TimeZone")),
    )
    venue: str | None = attrs.field(default=None, validator=optional(text))

    def __attrs_post_init__(self) -> None:
        if self.region is not None and self.time_zone is not None:
            expected = self.region.province_info.time_zone
            if expected is not self.time_zone:
                raise ValidationError(
                    f"{self.name} ({self.region}) is in {expected.value}, not "
                    f"{self.time_zone.value}",
                    field="time_zone",
                )


@attrs.frozen
class Signing:
    """When and where an agreement was signed.

    ``on`` is ``None`` when the agreement is known to be signed (or enacted) but the
    sources do not state the date. ``at`` (optional) is an aware datetime; in the place's
    time zone it must fall on the signing date ``on``, and it is written in that time zone
    or in UTC.

    >>> Signing().is_dated
    False
    """

    on: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    place: Place | None = attrs.field(default=None, validator=optional(instance_of(Place)))
    at: dt.datetime | None = attrs.field(
        default=None, validator=optional(instance_of(dt.datetime, "date and time"))
    )

    @property
    def is_dated(self) -> bool:
        """Whether the signing date is known."""
        return self.on is not None

    def __attrs_post_init__(self) -> None:
        if self.at is None:
            return
        if self.on is None:
            raise ValidationError(
                "a signing time needs its date (on); leave both empty when not stated",
                field="at",
            )
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValidationError(
                "the signing time needs a time zone (e.g. +08:00 for WITA)", field="at"
            )
        local = self.at
        if self.place is not None and self.place.time_zone is not None:
            try:
                local = self.at.astimezone(ZoneInfo(self.place.time_zone.zone))
            except OverflowError:  # 9999-12-31T23:59:59-12:00 is in the year 10000 elsewhere
                raise ValidationError(
                    f"the signing time {self.at.isoformat()} is out of range", field="at"
                ) from None
            # Written in the place's own time or in UTC; another offset (+07:00 at a WITA
            # place) is a slip of the zone, not a time anyone there read on a clock.
            if self.at.utcoffset() not in (local.utcoffset(), dt.timedelta(0)):
                zone = f"{self.place.time_zone.value}, UTC{local.isoformat()[-6:]}"
                raise ValidationError(
                    f"the signing time {self.at.isoformat()} is not in the time of "
                    f"{self.place.name} ({zone}); write it as {local.isoformat()} (or in UTC)",
                    field="at",
                )
        if local.date() != self.on:
            raise ValidationError(
                f"the signing time {local.isoformat()} (local) is not on the signing date "
                f"{self.on.isoformat()}",
                field="at",
            )


_RELATIVE_FIELDS = ("years", "months", "days", "leapdays", "hours", "minutes", "seconds")


def _check_duration(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, relativedelta):
        raise ValidationError("a duration is a dateutil relativedelta", field=attribute.name)
    absolute = [n for n in ("year", "month", "day", "weekday") if getattr(value, n) is not None]
    if absolute:
        raise ValidationError(
            f"a term's duration is relative (years, months, days), not absolute "
            f"({', '.join(absolute)})",
            field=attribute.name,
        )
    parts = [getattr(value, n) for n in ("years", "months", "days", "hours", "minutes", "seconds")]
    if any(p < 0 for p in parts) or not any(parts) or value.microseconds or value.leapdays:
        raise ValidationError(
            "a term's duration must be positive whole years, months or days",
            field=attribute.name,
        )
    if value.hours or value.minutes or value.seconds:
        raise ValidationError(
            "a term's duration is counted in years, months and days", field=attribute.name
        )


@attrs.frozen
class Term:
    """How long an agreement runs: start, end, or a duration from the start.

    Each part may be unknown (``None``). When start, end and duration are all given,
    they must agree.

    >>> Term(dt.date(2022, 4, 13), duration=relativedelta(years=3)).end_date
    datetime.date(2025, 4, 13)
    >>> Term().is_known
    False
    """

    start: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    end: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    duration: relativedelta | None = attrs.field(default=None, validator=_check_duration)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.duration is not None:
            try:
                self.start + self.duration
            except (ValueError, OverflowError):  # past 31 December 9999
                raise ValidationError(
                    f"start {self.start.isoformat()} plus the duration ends after the year "
                    "9999, the last a date can have",
                    field="duration",
                ) from None
        if self.start is not None and self.end is not None:
            if self.end < self.start:
                raise ValidationError(
                    f"the term ends ({self.end.isoformat()}) before it starts "
                    f"({self.start.isoformat()})",
                    field="end",
                )
            if self.duration is not None and self.start + self.duration != self.end:
                raise ValidationError(
                    f"start {self.start.isoformat()} plus the duration is "
                    f"{(self.start + self.duration).isoformat()}, not the stated end "
                    f"{self.end.isoformat()}",
                    field="duration",
                )

    @property
    def end_date(self) -> dt.date | None:
        """The last day of the term, stated or derived; ``None`` when unknown."""
        if self.end is not None:
            return self.end
        if self.start is not None and self.duration is not None:
            end: dt.date = self.start + self.duration
            return end
        return None

    @property
    def is_known(self) -> bool:
        """Whether anything about the term is known."""
        return any(v is not None for v in (self.start, self.end, self.duration))


@attrs.frozen
class ScopeCommitment:
    """An area the agreement commits to, what it says about it, and who leads.

    ``area`` is a catalog :class:`~desacoop.scope.ScopeArea` or the agreement's own
    :class:`~desacoop.scope.Area`. ``lead`` is a party id, or ``None`` when both parties
    share the area.
    """

    area: ScopeArea | Area = attrs.field(validator=is_area)
    description: str | None = attrs.field(default=None, validator=optional(text))
    lead: str | None = attrs.field(default=None, validator=optional(identifier))


@attrs.frozen
class Programme:
    """A programme an agreement relates to, as data (e.g. Jatim's 1 desa 1 produk)."""

    kind: ProgrammeKind = attrs.field(validator=instance_of(ProgrammeKind))
    name: str = attrs.field(validator=text)
    owner: str | None = attrs.field(default=None, validator=optional(identifier))
    launched_on: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    note: str | None = attrs.field(default=None, validator=optional(text))


@attrs.frozen
class AgreementChanges:
    """The fields an amendment touches; ``None`` means "not changed"."""

    title: str | None = attrs.field(default=None, validator=optional(text))
    purpose: str | None = attrs.field(default=None, validator=optional(text))
    term: Term | None = attrs.field(default=None, validator=optional(instance_of(Term)))
    scope: tuple[ScopeCommitment, ...] | None = attrs.field(
        default=None,
        converter=to_tuple,
        validator=optional(tuple_of(ScopeCommitment)),
    )
    programmes: tuple[Programme, ...] | None = attrs.field(
        default=None,
        converter=to_tuple,
        validator=optional(tuple_of(Programme)),
    )

    def changed(self) -> dict[str, Any]:
        """The fields present in this change, by name."""
        return {
            f.name: getattr(self, f.name)
            for f in attrs.fields(type(self))
            if getattr(self, f.name) is not None
        }


#: Agreement fields an amendment may change.
AMENDABLE: tuple[str, ...] = tuple(f.name for f in attrs.fields(AgreementChanges))


@attrs.frozen
class Amendment:
    """A numbered change to a signed agreement: when, why, what, and the values it
    replaced (``before``) and put in (``after``). History is never rewritten."""

    number: int = attrs.field(validator=instance_of(int, "whole number"))
    on: dt.date = attrs.field(converter=to_date, validator=date)
    rationale: str = attrs.field(validator=text)
    description: str = attrs.field(validator=text)
    before: AgreementChanges = attrs.field(validator=instance_of(AgreementChanges))
    after: AgreementChanges = attrs.field(validator=instance_of(AgreementChanges))

    def __attrs_post_init__(self) -> None:
        if self.number < 1:
            raise ValidationError("amendments are numbered from 1", field="number")
        if not self.after.changed():
            raise ValidationError("an amendment must change something", field="after")
        if set(self.before.changed()) - set(self.after.changed()):
            raise ValidationError(
                "an amendment's 'before' may only hold fields it changes", field="before"
            )


def _empty_term() -> Term:
    return Term()


@attrs.frozen
class Agreement(NotebookView):
    """A cooperation agreement between two or more regional agencies.

    Unknown facts stay ``None`` (or empty); :meth:`status` is computed for a date,
    and :meth:`amend` returns a new agreement that keeps the whole history.
    """

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=text)
    parties: tuple[Party, ...] = attrs.field(converter=to_tuple, validator=tuple_of(Party))
    kind: AgreementKind = attrs.field(
        default=AgreementKind.COOPERATION_AGREEMENT, validator=instance_of(AgreementKind)
    )
    basis: CooperationBasis | None = attrs.field(
        default=None, validator=optional(instance_of(CooperationBasis))
    )
    signatories: tuple[Signatory, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(Signatory),
    )
    witnesses: tuple[Witness, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(Witness),
    )
    signing: Signing | None = attrs.field(default=None, validator=optional(instance_of(Signing)))
    purpose: str | None = attrs.field(default=None, validator=optional(text))
    scope: tuple[ScopeCommitment, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(ScopeCommitment),
    )
    term: Term = attrs.field(factory=_empty_term, validator=instance_of(Term))
    programmes: tuple[Programme, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(Programme),
    )
    amendments: tuple[Amendment, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(Amendment),
    )
    terminated_on: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    #: Where the facts come from: :class:`Source` records (outlet, author, address, date)
    #: or, as older documents have them, free texts.
    sources: tuple[Source | str, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(Source | str, "Source or text"),  # type: ignore[arg-type]
    )
    #: Caveats a reader should know (e.g. which facts the sources leave unknown).
    notes: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(str, "text"),
    )
    #: The instrument's number as written (e.g. "01/2016"), if known.
    number: str | None = attrs.field(default=None, validator=optional(text))
    #: The instrument this one implements (a PKS: its Kesepakatan Bersama).
    implements: InstrumentRef | None = attrs.field(
        default=None, validator=optional(instance_of(InstrumentRef))
    )
    #: The purpose in the agreement's own words (maksud, tujuan), beside ``purpose``.
    original_purpose: Purpose | None = attrs.field(
        default=None, validator=optional(instance_of(Purpose))
    )
    #: Money each party puts in, per year and source of funds, when stated.
    budget: tuple[BudgetLine, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(BudgetLine)
    )
    #: Which source each fact beyond the first report comes from, or how it was derived.
    citations: tuple[Citation, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Citation)
    )
    #: Each party's own number for the instrument, when the sides register it apart.
    numbers: tuple[PartyNumber, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(PartyNumber)
    )
    #: Who was present at the signing without being recorded as a witness (hadir).
    attendees: tuple[Attendee, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Attendee)
    )
    #: The regulations the instrument states as its legal basis, as written (e.g.
    #: "Permendagri 22/2020"); ``basis`` is whether the cooperation is mandatory.
    legal_basis: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(str, "text")
    )
    #: Facts the sources disagree on or leave in doubt, with the readings and their sources.
    uncertain: tuple[Uncertainty, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Uncertainty)
    )

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise ValidationError.from_problems(problems)

    #: The cross-field rules, each a method yielding problems on its own; the serializer runs
    #: those whose fields could be read when others could not (every mistake at once).
    _RULES = (
        "_party_problems",
        "_signatory_problems",
        "_instrument_problems",
        "_source_problems",
        "_member_problems",
        "_area_problems",
        "_date_problems",
        "_amendment_problems",
    )

    def _problems(self) -> Iterator[Problem]:
        for rule in self._RULES:
            yield from getattr(self, rule)()

    def _party_problems(self) -> Iterator[Problem]:
        # A group of desa under a joint regulation of their heads is parties enough.
        group = len(self.parties) == 1 and self.parties[0].kind is PartyKind.VILLAGE_GROUP
        if len(self.parties) < 2 and not group:
            yield Problem(
                "parties", f"an agreement needs at least two parties; it has {len(self.parties)}"
            )
        ids = [p.id for p in self.parties]
        for i, party_id in enumerate(ids):
            if party_id in ids[:i]:
                yield Problem(f"parties[{i}].id", f"party id {party_id!r} is used twice")

    def _unknown_party(self, party_id: str | None) -> str | None:
        """Why ``party_id`` is not a party of this agreement, or ``None`` when it is one."""
        ids = [p.id for p in self.parties]
        if party_id is None or party_id in ids:
            return None
        return f"{party_id!r} is not a party of this agreement (parties: {', '.join(ids)})"

    def _signatory_problems(self) -> Iterator[Problem]:
        for i, s in enumerate(self.signatories):
            if why := self._unknown_party(s.party):
                yield Problem(f"signatories[{i}].party", why)
        for i, line in enumerate(self.budget):
            if why := self._unknown_party(line.party):
                yield Problem(f"budget[{i}].party", why)

    def _member_problems(self) -> Iterator[Problem]:
        for i, w in enumerate(self.witnesses):
            if why := self._unknown_party(w.party):
                yield Problem(f"witnesses[{i}].party", why)
        for i, c in enumerate(self.scope):
            if why := self._unknown_party(c.lead):
                yield Problem(f"scope[{i}].lead", why)
        for i, attendee in enumerate(self.attendees):
            if why := self._unknown_party(attendee.party):
                yield Problem(f"attendees[{i}].party", why)
        numbered: list[str] = []
        for i, n in enumerate(self.numbers):
            if why := self._unknown_party(n.party):
                yield Problem(f"numbers[{i}].party", why)
            if n.party in numbered:
                yield Problem(f"numbers[{i}].party", f"{n.party!r} has two numbers")
            numbered.append(n.party)

    def _area_problems(self) -> Iterator[Problem]:
        area_ids = [c.area.id for c in self.scope]
        for i, (key, area) in enumerate(zip(area_ids, self.scope_areas, strict=True)):
            if key in area_ids[:i]:
                yield Problem(
                    f"scope[{i}].area",
                    f"scope area {key!r} ({area.label_id}) appears twice (as area "
                    f"{area_ids.index(key) + 1} and {i + 1})",
                )
        for i, prog in enumerate(self.programmes):
            if why := self._unknown_party(prog.owner):
                yield Problem(f"programmes[{i}].owner", why)

    def _amendment_problems(self) -> Iterator[Problem]:
        for i, amendment in enumerate(self.amendments, start=1):
            if amendment.number != i:
                yield Problem(
                    f"amendments[{i - 1}].number",
                    f"amendments are numbered 1, 2, 3...; number {i} is {amendment.number}",
                )

    def _instrument_problems(self) -> Iterator[Problem]:
        kinds = {p.id: p.kind for p in self.parties}
        if self.kind is AgreementKind.JOINT_VILLAGE_REGULATION:
            village_kinds = (PartyKind.VILLAGE, PartyKind.VILLAGE_GROUP)
            for i, p in enumerate(self.parties):
                if p.kind not in village_kinds:
                    yield Problem(
                        f"parties[{i}].kind",
                        f"a joint regulation of village heads is made by desa; {p.id!r} is "
                        f"{p.kind.label_en if p.kind else 'not marked as a desa'}",
                    )
        if self.kind is AgreementKind.COOPERATION_AGREEMENT and self.signing is not None:
            for i, s in enumerate(self.signatories):
                if kinds.get(s.party) is PartyKind.GOVERNMENT and s.capacity is None:
                    yield Problem(
                        f"signatories[{i}].capacity",
                        f"a PKS says whether {s.official.name or s.official.position} signs "
                        f"for the daerah {s.party!r} as its head or on the head's authority "
                        "(authorised_by)",
                    )
        for i, s in enumerate(self.signatories):
            kind = kinds.get(s.party)
            if s.capacity is not None and kind is not None and not kind.is_government:
                yield Problem(
                    f"signatories[{i}].capacity",
                    f"the signing capacity of PP 28/2018 (head, or on the head's authority) is "
                    f"for a daerah or a desa, and {s.party!r} is not one ({kind.label_en}); "
                    "say in 'authority' on whose authority its signer acts",
                )
        ref = self.implements
        if ref is None:
            return
        if self.kind is not AgreementKind.COOPERATION_AGREEMENT:
            yield Problem(
                "implements",
                f"only a PKS implements another instrument, not a {self.kind.label_en}",
            )
        if ref.kind is not AgreementKind.JOINT_AGREEMENT:
            yield Problem(
                "implements.kind",
                f"a PKS implements a Kesepakatan Bersama (joint agreement), not a "
                f"{ref.kind.label_en}",
            )
        if ref.id == self.id:
            yield Problem("implements.id", "an agreement cannot implement itself")
        if (
            self.signing is not None
            and self.signing.on is not None
            and ref.signed_on is not None
            and ref.signed_on > self.signing.on
        ):
            yield Problem(
                "implements.signed_on",
                f"the Kesepakatan Bersama ({ref.signed_on.isoformat()}) comes before the "
                f"PKS that implements it ({self.signing.on.isoformat()})",
            )

    def _source_problems(self) -> Iterator[Problem]:
        ids: list[str] = []
        for i, source in enumerate(self.sources):
            if isinstance(source, Source):
                if source.id in ids:
                    yield Problem(f"sources[{i}].id", f"source id {source.id!r} is used twice")
                ids.append(source.id)
        listed = ", ".join(ids) or "none with an id"

        def check(where: str, source: str | None) -> Iterator[Problem]:
            if source is not None and source not in ids:
                yield Problem(where, f"{source!r} is not a listed source (sources: {listed})")

        for i, citation in enumerate(self.citations):
            yield from check(f"citations[{i}].source", citation.source)
        for i, line in enumerate(self.budget):
            yield from check(f"budget[{i}].source", line.source)
        if self.original_purpose is not None:
            yield from check("original_purpose.source", self.original_purpose.source)
        fields = [f.name for f in attrs.fields(Agreement)]
        for i, doubt in enumerate(self.uncertain):
            if doubt.field not in fields:
                yield Problem(
                    f"uncertain[{i}].fact",
                    f"{doubt.fact!r} is not a fact of an agreement (it starts with a field: "
                    f"{', '.join(fields)})",
                )
            for j, reading in enumerate(doubt.readings):
                for k, source in enumerate(reading.sources):
                    yield from check(f"uncertain[{i}].readings[{j}].sources[{k}]", source)

    def _date_problems(self) -> Iterator[Problem]:
        signed = self.signing.on if self.signing is not None else None
        if self.signing is not None and self.signatories:
            # Unknown signatories stay unknown; when some are recorded, each party has one.
            signing_parties = {s.party for s in self.signatories}
            for i, p in enumerate(self.parties):
                if p.id not in signing_parties:
                    yield Problem(
                        f"parties[{i}]",
                        f"the agreement is signed, but nobody signs for {p.id!r}",
                    )
        end = self.term.end_date
        if signed is not None and end is not None and end < signed:
            yield Problem(
                "term", f"the term ends ({end.isoformat()}) before signing ({signed.isoformat()})"
            )
        if self.terminated_on is not None:
            if self.signing is None:
                yield Problem("terminated_on", "an unsigned agreement cannot be terminated")
            elif signed is not None and self.terminated_on < signed:
                yield Problem(
                    "terminated_on",
                    f"terminated ({self.terminated_on.isoformat()}) before it was signed "
                    f"({signed.isoformat()})",
                )
        previous = signed
        for i, amendment in enumerate(self.amendments):
            if self.signing is None:
                yield Problem(f"amendments[{i}]", "only a signed agreement can be amended")
                break
            if previous is not None and amendment.on < previous:
                yield Problem(
                    f"amendments[{i}].on",
                    f"amendment {amendment.number} ({amendment.on.isoformat()}) is dated before "
                    f"{'the signing' if i == 0 else 'the amendment before it'} "
                    f"({previous.isoformat()})",
                )
            previous = amendment.on

    # -- questions -------------------------------------------------------------

    def uncertainty(self, path: str) -> Uncertainty | None:
        """The uncertainty recorded for the fact ``path`` (or a fact within it, or one it
        lies within), if any.

        >>> from desacoop.example import example_agreement
        >>> example_agreement().uncertainty("signing.on") is None
        True
        """
        return next((u for u in self.uncertain if u.covers(path)), None)

    def party(self, party_id: str) -> Party:
        """The party with this id."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise ValidationError(f"{shown(party_id)} is not a party of agreement {self.id!r}")

    def __repr__(self) -> str:
        """Short: the agreement's id, parties, size and signing date (issue 11)."""
        parties = "–".join(p.id for p in self.parties)
        signed = ""
        if self.signing is not None:
            on = self.signing.on
            signed = (
                f", signed {on.isoformat()}" if on is not None else ", signed (date not stated)"
            )
        amended = f", {counted(len(self.amendments), 'amendment')}" if self.amendments else ""
        areas = counted(len(self.scope), "scope area")
        return f"<Agreement {self.id} ({parties}): {areas}{signed}{amended}>"

    def __str__(self) -> str:
        """The readable summary (:func:`desacoop.report.format_agreement`)."""
        from desacoop.report import format_agreement

        return format_agreement(self)

    @property
    def scope_areas(self) -> tuple[AnyArea, ...]:
        """The areas committed to (catalog or own), in the agreement's order."""
        return tuple(c.area for c in self.scope)

    @property
    def area_ids(self) -> tuple[str, ...]:
        """The ids of the areas committed to, in the agreement's order."""
        return tuple(c.area.id for c in self.scope)

    def area(self, ref: AnyArea | str) -> AnyArea:
        """The committed area ``ref`` names (a catalog member, an own area or an id).

        >>> from desacoop.example import example_agreement
        >>> example_agreement().area("cadres")
        ScopeArea.CADRES
        >>> example_agreement().area("desa-wisata")
        Traceback (most recent call last):
        ...
        desacoop.errors.ValidationError: scope area 'desa-wisata' is not committed in \
agreement 'kalsel-jatim-2022' (its areas: rural-economy, bum-desa, flagship-products, \
official-capacity, village-profile, village-arrangement, development-evaluation, boundaries, \
administration, governance, finance-and-assets, rural-area-development, innovation-exchange, \
ex-pnpm-transformation, community-institutions, cadres)
        """
        key = area_id(ref)
        for c in self.scope:
            if c.area.id == key:
                return c.area
        raise ValidationError(self.area_missing(key), field="area")

    def area_missing(self, key: str) -> str:
        """The message for an area id that is not in the scope (used by plans too)."""
        known = ", ".join(self.area_ids) or "none"
        return (
            f"scope area {shown(key)} is not committed in agreement {self.id!r} "
            f"(its areas: {known})"
        )

    def area_number(self, ref: AnyArea | str) -> int:
        """The area's number in this agreement's own order (1, 2, 3...).

        >>> from desacoop.example import example_agreement
        >>> example_agreement().area_number(ScopeArea.CADRES)
        16
        """
        key = area_id(self.area(ref))
        return self.area_ids.index(key) + 1

    def status(self, as_of: dt.date) -> AgreementStatus:
        """The agreement's lifecycle status on ``as_of``.

        Rule: terminated from ``terminated_on``; a draft until signed; then in force
        from the term's start (the signing date when the start is unknown) until its
        end, and expired after the end. With an unknown end it never expires.

        Signed on a date the sources do not state: expired after the term's end, in force
        from its start; otherwise (before the start, or with no start) the status is
        :attr:`AgreementStatus.UNDATED`, since whether it was signed by then is not known.
        """
        as_of = date_argument("as_of", as_of)
        if self.terminated_on is not None and as_of >= self.terminated_on:
            return AgreementStatus.TERMINATED
        signed = self.signing.on if self.signing is not None else None
        if self.signing is None or (signed is not None and as_of < signed):
            return AgreementStatus.DRAFT
        end = self.term.end_date
        if end is not None and as_of > end:
            return AgreementStatus.EXPIRED
        start = self.term.start if self.term.start is not None else signed
        if start is None or (signed is None and as_of < start):
            return AgreementStatus.UNDATED
        if as_of < start:
            return AgreementStatus.SIGNED
        return AgreementStatus.IN_FORCE

    # -- history ---------------------------------------------------------------

    def amend(self, on: dt.date, *, rationale: str, description: str, **changes: Any) -> Agreement:
        """A new agreement with ``changes`` applied and the amendment recorded.

        ``changes`` name fields in :data:`AMENDABLE` (title, purpose, term, scope,
        programmes). The previous values are kept in the amendment, so
        :meth:`as_of_amendment` can always go back.
        """
        unknown = sorted(set(changes) - set(AMENDABLE))
        if unknown:
            raise ValidationError(
                f"an amendment cannot change {', '.join(unknown)}; "
                f"it may change {', '.join(AMENDABLE)}"
            )
        changed = {k: v for k, v in changes.items() if v != getattr(self, k)}
        if not changed:
            raise ValidationError("the amendment changes nothing")
        if any(v is None for v in changed.values()):
            raise ValidationError("an amendment cannot make a known fact unknown")
        before = AgreementChanges(**{k: getattr(self, k) for k in changed})
        after = AgreementChanges(**changed)
        amendment = Amendment(
            number=len(self.amendments) + 1,
            on=on,
            rationale=rationale,
            description=description,
            before=before,
            after=after,
        )
        return attrs.evolve(self, amendments=(*self.amendments, amendment), **changed)

    def as_of_amendment(self, number: int) -> Agreement:
        """The agreement as it stood after amendment ``number`` (0: as signed)."""
        if (
            not isinstance(number, int)
            or isinstance(number, bool)
            or not 0 <= number <= len(self.amendments)
        ):
            raise ValidationError(
                f"agreement {self.id!r} has amendments 0 to {len(self.amendments)}, "
                f"not {shown(number)}",
                field="number",
            )
        current = self
        for amendment in reversed(self.amendments[number:]):
            restored = {k: getattr(amendment.before, k) for k in amendment.after.changed()}
            current = attrs.evolve(current, amendments=current.amendments[:-1], **restored)
        return current

    def version_on(self, day: dt.date) -> Agreement:
        """The agreement as it stood on ``day``: amendments made after it undone."""
        day = date_argument("day", day)
        count = sum(1 for a in self.amendments if a.on <= day)
        return self.as_of_amendment(count)


def instrument_chain(agreement: Agreement, documents: Iterable[Agreement]) -> tuple[Agreement, ...]:
    """The chain of instruments ending in ``agreement``: the Kesepakatan Bersama it
    implements (found among ``documents`` by id), then the agreement itself.

    The reference must agree with the document it names (kind, and signing date when
    both are known).
    """
    if not isinstance(agreement, Agreement):
        raise ValidationError(f"expected an Agreement, not {shown(agreement)}")
    if isinstance(documents, str | bytes) or not isinstance(documents, Iterable):
        raise ValidationError(f"documents must be Agreements, not {shown(documents)}")
    by_id: dict[str, Agreement] = {}
    for document in documents:
        if not isinstance(document, Agreement):
            raise ValidationError(f"documents must be Agreements, not {shown(document)}")
        by_id[document.id] = document
    chain = [agreement]
    seen = {agreement.id}
    current = agreement
    while current.implements is not None:
        ref = current.implements
        found = by_id.get(ref.id)
        if found is None:
            raise ValidationError(
                f"{current.id!r} implements {ref.id!r}, which is not among the documents",
                field="implements",
            )
        if ref.id in seen:
            raise ValidationError(f"the chain of {agreement.id!r} goes round", field="implements")
        if found.kind is not ref.kind:
            raise ValidationError(
                f"{current.id!r} names {ref.id!r} a {ref.kind.label_en}; it is a "
                f"{found.kind.label_en}",
                field="implements.kind",
            )
        signed = found.signing.on if found.signing is not None else None
        if ref.signed_on is not None and signed is not None and ref.signed_on != signed:
            raise ValidationError(
                f"{current.id!r} says {ref.id!r} was signed on {ref.signed_on.isoformat()}; "
                f"it was signed on {signed.isoformat()}",
                field="implements.signed_on",
            )
        seen.add(ref.id)
        chain.append(found)
        current = found
    return tuple(reversed(chain))
