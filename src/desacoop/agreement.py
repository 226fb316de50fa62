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
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from dateutil.relativedelta import relativedelta

from desacoop._checks import (
    date,
    date_argument,
    identifier,
    instance_of,
    optional,
    text,
    to_tuple,
    tuple_of,
)
from desacoop.errors import Problem, ValidationError, shown
from desacoop.labels import LabelledEnum
from desacoop.regions import Level, RegionCode, TimeZone, to_region_code
from desacoop.scope import AnyArea, Area, ScopeArea, area_id, is_area

__all__ = [
    "AMENDABLE",
    "Agreement",
    "AgreementChanges",
    "AgreementKind",
    "AgreementStatus",
    "Amendment",
    "CooperationBasis",
    "Official",
    "Party",
    "Place",
    "Programme",
    "ProgrammeKind",
    "ScopeCommitment",
    "Signatory",
    "Signing",
    "Term",
    "Witness",
]


class AgreementKind(LabelledEnum):
    """The instrument: a joint agreement comes first, then the cooperation agreement."""

    JOINT_AGREEMENT = "joint-agreement", "Kesepakatan Bersama", "joint agreement"
    COOPERATION_AGREEMENT = (
        "cooperation-agreement",
        "Perjanjian Kerja Sama (PKS)",
        "cooperation agreement",
    )


class CooperationBasis(LabelledEnum):
    """PP 28/2018: mandatory between bordering regions on cross-border matters."""

    MANDATORY = "mandatory", "kerja sama wajib", "mandatory cooperation"
    VOLUNTARY = "voluntary", "kerja sama sukarela", "voluntary cooperation"


class AgreementStatus(LabelledEnum):
    """Where an agreement stands on a given date (computed, never stored)."""

    DRAFT = "draft", "rancangan", "draft"
    SIGNED = "signed", "ditandatangani", "signed, not yet in force"
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


@attrs.frozen
class Party:
    """An agency of a province that is party to an agreement.

    ``id`` is the short key other parts of the agreement use to refer to the party.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    province: RegionCode = attrs.field(converter=to_region_code)
    abbreviation: str | None = attrs.field(default=None, validator=optional(text))

    def __attrs_post_init__(self) -> None:
        if self.province.level is not Level.PROVINCE:
            raise ValidationError(
                f"not a province code: {str(self.province)!r} (a party belongs to a province)",
                field="province",
            )


@attrs.frozen
class Official:
    """A person in office: name and position (jabatan)."""

    name: str = attrs.field(validator=text)
    position: str = attrs.field(validator=text)


@attrs.frozen
class Signatory:
    """Who signs for which party, and under what authority (free text; ``None`` when
    the source does not say)."""

    party: str = attrs.field(validator=identifier)
    official: Official = attrs.field(validator=instance_of(Official))
    authority: str | None = attrs.field(default=None, validator=optional(text))


@attrs.frozen
class Witness:
    """Who witnesses the signing, for which party, and who stood in for them.

    ``represented_by`` is ``None`` when the witness attended in person.
    """

    official: Official = attrs.field(validator=instance_of(Official))
    party: str | None = attrs.field(default=None, validator=optional(identifier))
    represented_by: Official | None = attrs.field(
        default=None, validator=optional(instance_of(Official))
    )

    def __attrs_post_init__(self) -> None:
        if self.represented_by is not None and self.represented_by.name == self.official.name:
            raise ValidationError(
                f"{self.official.name} cannot be represented by themself; "
                "leave represented_by empty when the witness attended in person",
                field="represented_by",
            )

    @property
    def in_person(self) -> bool:
        """Whether the witness attended in person."""
        return self.represented_by is None


def _default_zone(place: Place) -> TimeZone | None:
    return None if place.region is None else place.region.province_info.time_zone


@attrs.frozen
class Place:
    """Where something happened: a name, the region code and its time zone.

    The time zone defaults to that of the region's province.
    """

    name: str = attrs.field(validator=text)
    region: RegionCode | None = attrs.field(
        default=None, converter=attrs.converters.optional(to_region_code)
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

    ``at`` (optional) is an aware datetime; in the place's time zone it must fall on
    the signing date ``on``, and it is written in that time zone or in UTC.
    """

    on: dt.date = attrs.field(validator=date)
    place: Place | None = attrs.field(default=None, validator=optional(instance_of(Place)))
    at: dt.datetime | None = attrs.field(
        default=None, validator=optional(instance_of(dt.datetime, "date and time"))
    )

    def __attrs_post_init__(self) -> None:
        if self.at is None:
            return
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValidationError(
                "the signing time needs a time zone (e.g. +08:00 for WITA)", field="at"
            )
        local = self.at
        if self.place is not None and self.place.time_zone is not None:
            local = self.at.astimezone(ZoneInfo(self.place.time_zone.zone))
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

    start: dt.date | None = attrs.field(default=None, validator=optional(date))
    end: dt.date | None = attrs.field(default=None, validator=optional(date))
    duration: relativedelta | None = attrs.field(default=None, validator=_check_duration)

    def __attrs_post_init__(self) -> None:
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
    launched_on: dt.date | None = attrs.field(default=None, validator=optional(date))
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
    on: dt.date = attrs.field(validator=date)
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
class Agreement:
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
    terminated_on: dt.date | None = attrs.field(default=None, validator=optional(date))
    #: Where the facts come from (press release, decree number...).
    sources: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(str, "text"),
    )
    #: Caveats a reader should know (e.g. which facts the sources leave unknown).
    notes: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(str, "text"),
    )

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise ValidationError.from_problems(problems)

    def _problems(self) -> Iterator[Problem]:
        if len(self.parties) < 2:
            yield Problem(
                "parties", f"an agreement needs at least two parties; it has {len(self.parties)}"
            )
        ids = [p.id for p in self.parties]
        for i, party_id in enumerate(ids):
            if party_id in ids[:i]:
                yield Problem(f"parties[{i}].id", f"party id {party_id!r} is used twice")
        known = set(ids)

        def unknown(party_id: str) -> str:
            return f"{party_id!r} is not a party of this agreement (parties: {', '.join(ids)})"

        for i, s in enumerate(self.signatories):
            if s.party not in known:
                yield Problem(f"signatories[{i}].party", unknown(s.party))
        for i, w in enumerate(self.witnesses):
            if w.party is not None and w.party not in known:
                yield Problem(f"witnesses[{i}].party", unknown(w.party))
        for i, c in enumerate(self.scope):
            if c.lead is not None and c.lead not in known:
                yield Problem(f"scope[{i}].lead", unknown(c.lead))
        area_ids = [c.area.id for c in self.scope]
        for i, (key, area) in enumerate(zip(area_ids, self.scope_areas, strict=True)):
            if key in area_ids[:i]:
                yield Problem(
                    f"scope[{i}].area",
                    f"scope area {key!r} ({area.label_id}) appears twice (as area "
                    f"{area_ids.index(key) + 1} and {i + 1})",
                )
        for i, prog in enumerate(self.programmes):
            if prog.owner is not None and prog.owner not in known:
                yield Problem(f"programmes[{i}].owner", unknown(prog.owner))
        yield from self._date_problems()
        for i, amendment in enumerate(self.amendments, start=1):
            if amendment.number != i:
                yield Problem(
                    f"amendments[{i - 1}].number",
                    f"amendments are numbered 1, 2, 3...; number {i} is {amendment.number}",
                )

    def _date_problems(self) -> Iterator[Problem]:
        signed = self.signing.on if self.signing is not None else None
        if self.signing is not None:
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
            if signed is None:
                yield Problem("terminated_on", "an unsigned agreement cannot be terminated")
            elif self.terminated_on < signed:
                yield Problem(
                    "terminated_on",
                    f"terminated ({self.terminated_on.isoformat()}) before it was signed "
                    f"({signed.isoformat()})",
                )
        previous = signed
        for i, amendment in enumerate(self.amendments):
            if signed is None:
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

    def party(self, party_id: str) -> Party:
        """The party with this id."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise ValidationError(f"{shown(party_id)} is not a party of agreement {self.id!r}")

    def __repr__(self) -> str:
        """Short: the agreement's id, parties, size and signing date (issue 11)."""
        parties = "–".join(p.id for p in self.parties)
        signed = f", signed {self.signing.on.isoformat()}" if self.signing is not None else ""
        amended = f", {len(self.amendments)} amendments" if self.amendments else ""
        return f"<Agreement {self.id} ({parties}): {len(self.scope)} scope areas{signed}{amended}>"

    def __str__(self) -> str:
        """The readable summary (:func:`desacoop.report.format_agreement`)."""
        from desacoop.report import format_agreement

        return format_agreement(self)

    def _repr_html_(self) -> str:
        """The notebook view (:func:`desacoop.html.notebook`)."""
        from desacoop import html

        return html.notebook(self)

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
        """
        date_argument("as_of", as_of)
        if self.terminated_on is not None and as_of >= self.terminated_on:
            return AgreementStatus.TERMINATED
        if self.signing is None or as_of < self.signing.on:
            return AgreementStatus.DRAFT
        end = self.term.end_date
        if end is not None and as_of > end:
            return AgreementStatus.EXPIRED
        start = self.term.start if self.term.start is not None else self.signing.on
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
        date_argument("day", day)
        count = sum(1 for a in self.amendments if a.on <= day)
        return self.as_of_amendment(count)
