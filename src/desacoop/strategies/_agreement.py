"""Agreements and their parts: officials, places, signings, terms, parties, witnesses."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from desacoop.agreement import (
    Agreement,
    AgreementChanges,
    AgreementKind,
    Amendment,
    Attendance,
    Attendee,
    BudgetLine,
    Citation,
    CooperationBasis,
    FundSource,
    InstrumentLink,
    InstrumentRef,
    Official,
    Party,
    PartyKind,
    PartyNumber,
    Place,
    Programme,
    ProgrammeKind,
    Purpose,
    Reading,
    ScopeCommitment,
    Signatory,
    Signing,
    SigningCapacity,
    Source,
    Term,
    Uncertainty,
    Witness,
)
from desacoop.regions import Level, RegionCode, VillageKind
from desacoop.scope import AnyArea, Area, ScopeArea
from desacoop.strategies._common import dates, durations, identifiers, inside, texts
from desacoop.strategies._regions import region_codes

__all__ = [
    "STRATEGIES",
    "agreement_changes",
    "agreements",
    "areas",
    "attendees",
    "officials",
    "parties",
    "places",
    "programmes",
    "scope_commitments",
    "signatories",
    "signings",
    "sources",
    "terms",
    "witnesses",
]


def officials() -> st.SearchStrategy[Official]:
    """People in office, some known only by their position."""
    return st.builds(Official, name=st.none() | texts(), position=texts())


@st.composite
def terms(draw: st.DrawFn) -> Term:
    """Terms with any combination of start, end and duration, consistent when all known."""
    start = draw(st.none() | dates())
    duration = draw(st.none() | durations())
    if start is not None and duration is not None and draw(st.booleans()):
        return Term(start, start + duration, duration)
    end = None
    if duration is None or start is None:
        low = start if start is not None else dt.date(2000, 1, 1)
        end = draw(st.none() | dates(min_value=low))
    return Term(start, end, duration)


def places() -> st.SearchStrategy[Place]:
    """Places with a region (time zone derived) or without one."""
    with_region = st.builds(
        Place,
        name=texts(),
        region=region_codes(),
        venue=st.none() | texts(),
    )
    without = st.builds(Place, name=texts(), region=st.none(), time_zone=st.none())
    return with_region | without


@st.composite
def signings(draw: st.DrawFn, on: dt.date | None = None) -> Signing:
    """Signings, optionally with an aware time that falls on the signing date; some
    undated (signed on a date the sources do not state)."""
    day = on if on is not None else draw(st.none() | dates())
    place = draw(st.none() | places())
    at = None
    if day is not None and draw(st.booleans()):
        clock = draw(st.times())
        if place is not None and place.time_zone is not None:
            tz: dt.tzinfo = ZoneInfo(place.time_zone.zone)
        else:
            tz = dt.timezone(dt.timedelta(hours=draw(st.integers(-12, 14))))
        at = dt.datetime.combine(day, clock, tzinfo=tz)
    return Signing(on=day, place=place, at=at)


@st.composite
def witnesses(draw: st.DrawFn, party_ids: list[str]) -> Witness:
    """Witnesses for the given parties; a representative is never the witness."""
    official = draw(officials())
    representative = draw(
        st.none() | officials().filter(lambda o: official.name is None or o.name != official.name)
    )
    if representative is not None:
        attendance = draw(st.none() | st.just(Attendance.REPRESENTED))
    else:
        attendance = draw(st.sampled_from([None, Attendance.IN_PERSON, Attendance.NOT_STATED]))
    return Witness(
        official=official,
        party=draw(st.none() | st.sampled_from(party_ids)),
        represented_by=representative,
        attendance=attendance,
    )


def signatories(party_ids: list[str]) -> st.SearchStrategy[Signatory]:
    """Signatories for one of the given parties."""
    return st.builds(
        Signatory,
        party=st.sampled_from(party_ids),
        official=officials(),
        authority=st.none() | texts(),
    )


def own_areas() -> st.SearchStrategy[Area]:
    """Areas an agreement names itself, some linked to a catalog area."""
    return st.builds(
        Area,
        id=identifiers().filter(lambda key: key not in _CATALOG_CODES),
        label_id=texts(),
        label_en=texts(),
        catalog=st.none() | st.sampled_from(list(ScopeArea)),
    )


_CATALOG_CODES = frozenset(a.value for a in ScopeArea)


def areas() -> st.SearchStrategy[AnyArea]:
    """Scope areas: catalog members, mostly, and agreements' own areas."""
    return st.sampled_from(list(ScopeArea)) | own_areas()


def scope_commitments(party_ids: list[str]) -> st.SearchStrategy[tuple[ScopeCommitment, ...]]:
    """Commitments to distinct scope areas (catalog or own), led by one of the parties or
    shared."""
    return st.lists(areas(), unique_by=lambda a: a.id, max_size=6).flatmap(
        lambda areas: st.tuples(
            *(
                st.builds(
                    ScopeCommitment,
                    area=st.just(a),
                    description=st.none() | texts(),
                    lead=st.none() | st.sampled_from(party_ids),
                )
                for a in areas
            )
        )
    )


def programmes(party_ids: list[str]) -> st.SearchStrategy[Programme]:
    """Related programmes."""
    return st.builds(
        Programme,
        kind=st.sampled_from(list(ProgrammeKind)),
        name=texts(),
        owner=st.none() | st.sampled_from(party_ids),
        launched_on=st.none() | dates(),
        note=st.none() | texts(),
    )


def _desa() -> st.SearchStrategy[RegionCode]:
    return region_codes(Level.VILLAGE).filter(lambda c: c.village_kind is not VillageKind.KELURAHAN)


@st.composite
def _party(draw: st.DrawFn, party_id: str, villages_only: bool = False) -> Party:
    """One party of any kind: an agency of a province (the original form), a daerah, an
    agency acting for one, a desa, a group of desa, or a non-government party."""
    name, abbreviation = draw(texts()), draw(st.none() | texts())
    kinds = [PartyKind.VILLAGE, PartyKind.VILLAGE_GROUP] if villages_only else [None, *PartyKind]
    kind = draw(st.sampled_from(kinds))
    if kind is None:
        province = draw(region_codes(Level.PROVINCE))
        return Party(party_id, name, province, abbreviation)
    region: RegionCode | None = None
    villages: tuple[RegionCode, ...] = ()
    if kind in (PartyKind.GOVERNMENT, PartyKind.AGENCY):
        region = draw(region_codes(draw(st.sampled_from([Level.PROVINCE, Level.REGENCY]))))
    elif kind is PartyKind.VILLAGE:
        region = draw(_desa())
    elif kind is PartyKind.VILLAGE_GROUP:
        villages = tuple(draw(st.lists(_desa(), min_size=2, max_size=4, unique=True)))
    else:
        region = draw(st.none() | region_codes())
    home = region.province if region is not None else None
    stated = draw(st.none() | st.just(home)) if home is not None else None
    return Party(party_id, name, stated, abbreviation, kind=kind, region=region, villages=villages)


@st.composite
def parties(
    draw: st.DrawFn, min_size: int = 2, max_size: int = 4, villages_only: bool = False
) -> tuple[Party, ...]:
    """Parties with distinct ids, at every level (``villages_only``: desa and groups of
    desa, for a joint regulation of village heads)."""
    ids = draw(st.lists(identifiers(), min_size=min_size, max_size=max_size, unique=True))
    return tuple(draw(_party(i, villages_only)) for i in ids)


@st.composite
def _signatory(draw: st.DrawFn, party: Party) -> Signatory:
    capacity = None
    daerah_or_desa = party.kind is None or party.kind.is_government
    if party.kind is PartyKind.GOVERNMENT or (daerah_or_desa and draw(st.booleans())):
        capacity = draw(st.sampled_from(list(SigningCapacity)))
    by = draw(officials()) if capacity is SigningCapacity.AUTHORISED else None
    return Signatory(
        party=party.id,
        official=draw(officials()),
        authority=draw(st.none() | texts()),
        capacity=capacity,
        authorised_by=by,
    )


def sources() -> st.SearchStrategy[tuple[Source | str, ...]]:
    """Sources: records with distinct ids (outlet, author, address, date) and free texts."""
    records = st.lists(
        st.builds(
            Source,
            id=identifiers(),
            outlet=texts(),
            title=st.none() | texts(),
            author=st.none() | texts(),
            address=st.none() | texts(),
            published_on=st.none() | dates(),
            note=st.none() | texts(),
        ),
        max_size=3,
        unique_by=lambda source: source.id,
    )
    return st.tuples(records, st.lists(texts(), max_size=2)).map(
        lambda parts: (*parts[0], *parts[1])
    )


@st.composite
def _provenance(
    draw: st.DrawFn, listed: tuple[Source | str, ...], party_ids: list[str]
) -> dict[str, Any]:
    """Citations, a budget and the original purpose, citing only listed sources."""
    ids = [s.id for s in listed if isinstance(s, Source)]
    cited = st.none() | st.sampled_from(ids) if ids else st.none()
    citations = []
    for _ in range(draw(st.integers(0, 3))):
        source, derived = draw(cited), draw(st.none() | texts())
        if source is None and derived is None:
            derived = draw(texts())
        citations.append(Citation(draw(texts()), source, derived))
    budget = tuple(
        BudgetLine(
            draw(st.sampled_from(party_ids)),
            draw(st.integers(0, 10**13)),
            draw(st.sampled_from(list(FundSource))),
            year=draw(st.none() | st.integers(2000, 2100)),
            note=draw(st.none() | texts()),
            source=draw(cited),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    purpose = None
    if draw(st.booleans()):
        maksud, tujuan = draw(st.none() | texts()), draw(texts())
        purpose = Purpose(
            maksud,
            tujuan,
            None if maksud is None else draw(st.none() | texts()),
            draw(st.none() | texts()),
            draw(cited),
        )
    numbered = draw(st.lists(st.sampled_from(party_ids), unique=True, max_size=2))
    uncertain: tuple[Uncertainty, ...] = ()
    if ids:
        readings = st.builds(
            Reading, texts(), st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True)
        )
        facts = st.sampled_from(["kind", "signing.place", "signing.on", "title", "parties[0]"])
        uncertain = tuple(
            draw(
                st.lists(
                    st.builds(
                        Uncertainty,
                        facts,
                        st.lists(readings, min_size=1, max_size=3),
                        st.none() | texts(),
                    ),
                    max_size=2,
                )
            )
        )
    return {
        "citations": tuple(citations),
        "budget": budget,
        "original_purpose": purpose,
        "number": draw(st.none() | texts()),
        "legal_basis": tuple(draw(st.lists(texts(), max_size=2))),
        "numbers": tuple(PartyNumber(party, draw(texts())) for party in numbered),
        "uncertain": uncertain,
    }


def attendees(party_ids: list[str]) -> st.SearchStrategy[Attendee]:
    """People present at a signing (not as witnesses), for one of the parties or none."""
    return st.builds(
        Attendee,
        official=officials(),
        party=st.none() | st.sampled_from(party_ids),
        represented_by=st.none() | officials(),
    )


def agreement_changes() -> st.SearchStrategy[AgreementChanges]:
    """Changes of title and term, the fields that need no parties to check."""
    return st.builds(AgreementChanges, title=st.none() | texts(), term=st.none() | terms())


@st.composite
def agreements(draw: st.DrawFn, max_amendments: int = 2) -> Agreement:
    """Valid agreements: drafts and signed ones, some terminated, some amended."""
    villages_only = draw(st.integers(0, 4)) == 0
    members = draw(parties(villages_only=villages_only))
    ids = [p.id for p in members]
    signed = draw(st.booleans())
    signing = draw(signings()) if signed else None
    signers = tuple(draw(_signatory(p)) for p in members if signed or draw(st.booleans()))
    if villages_only:
        kind = AgreementKind.JOINT_VILLAGE_REGULATION
    else:
        kind = draw(
            st.sampled_from([AgreementKind.JOINT_AGREEMENT, AgreementKind.COOPERATION_AGREEMENT])
        )
    agreement_id = draw(identifiers())
    implements = None
    if kind is AgreementKind.COOPERATION_AGREEMENT and draw(st.booleans()):
        latest = signing.on if signing is not None else None
        implements = InstrumentRef(
            draw(identifiers().filter(lambda key: key != agreement_id)),
            title=draw(st.none() | texts()),
            number=draw(st.none() | texts()),
            signed_on=draw(st.none() | (dates(max_value=latest) if latest else dates())),
            link=draw(st.sampled_from(list(InstrumentLink))),
        )
    listed = draw(sources())
    term = draw(terms())
    signed_on = signing.on if signing is not None else None
    if signed_on is not None and term.end_date is not None and term.end_date < signed_on:
        term = Term()
    terminated = None
    if signing is not None and draw(st.booleans()):
        terminated = draw(dates(min_value=signed_on) if signed_on is not None else dates())
    agreement = Agreement(
        id=agreement_id,
        title=draw(texts()),
        parties=members,
        kind=kind,
        basis=draw(st.none() | st.sampled_from(list(CooperationBasis))),
        signatories=signers,
        witnesses=tuple(draw(st.lists(witnesses(ids), max_size=3))),
        attendees=tuple(draw(st.lists(attendees(ids), max_size=2))),
        signing=signing,
        purpose=draw(st.none() | texts()),
        scope=draw(scope_commitments(ids)),
        term=term,
        programmes=tuple(draw(st.lists(programmes(ids), max_size=2))),
        terminated_on=terminated,
        sources=listed,
        notes=tuple(draw(st.lists(texts(), max_size=2))),
        implements=implements,
        **draw(_provenance(listed, ids)),
    )
    if signing is None:
        return agreement
    day = signing.on
    for _ in range(draw(st.integers(0, max_amendments))):
        day = draw(dates(min_value=day) if day is not None else dates())
        title, purpose = agreement.title, agreement.purpose
        if draw(st.booleans()):
            changes: dict[str, object] = {
                "title": draw(texts().filter(functools.partial(operator.ne, title)))
            }
        else:
            changes = {"purpose": draw(texts().filter(functools.partial(operator.ne, purpose)))}
        scope = draw(scope_commitments(ids))
        if scope != agreement.scope:
            changes["scope"] = scope
        agreement = agreement.amend(
            day, rationale=draw(texts()), description=draw(texts()), **changes
        )
    return agreement


def _with_party_ids(
    strategy: Callable[[list[str]], st.SearchStrategy[Any]],
) -> st.SearchStrategy[Any]:
    return parties().flatmap(lambda members: strategy([p.id for p in members]))


#: A strategy for every public class of the area (the catalogue's entries).
STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    Agreement: agreements,
    Area: own_areas,
    BudgetLine: lambda: inside(agreements(), BudgetLine),
    Citation: lambda: inside(agreements(), Citation),
    InstrumentRef: lambda: inside(agreements(), InstrumentRef),
    Purpose: lambda: inside(agreements(), Purpose),
    Source: lambda: (
        sources()
        .filter(lambda found: any(isinstance(s, Source) for s in found))
        .map(lambda found: next(s for s in found if isinstance(s, Source)))
    ),
    AgreementChanges: agreement_changes,
    Amendment: lambda: inside(agreements(), Amendment),
    Attendee: lambda: _with_party_ids(attendees),
    PartyNumber: lambda: inside(agreements(), PartyNumber),
    Reading: lambda: inside(agreements(), Reading),
    Uncertainty: lambda: inside(agreements(), Uncertainty),
    Official: officials,
    Party: lambda: parties().flatmap(st.sampled_from),
    Place: places,
    Programme: lambda: _with_party_ids(programmes),
    ScopeCommitment: lambda: inside(_with_party_ids(scope_commitments), ScopeCommitment),
    Signatory: lambda: _with_party_ids(signatories),
    Signing: signings,
    Term: terms,
    Witness: lambda: _with_party_ids(witnesses),
}
