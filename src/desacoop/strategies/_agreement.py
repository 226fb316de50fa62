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
    CooperationBasis,
    Official,
    Party,
    Place,
    Programme,
    ProgrammeKind,
    ScopeCommitment,
    Signatory,
    Signing,
    Term,
    Witness,
)
from desacoop.regions import Level
from desacoop.scope import AnyArea, Area, ScopeArea
from desacoop.strategies._common import dates, durations, identifiers, inside, texts
from desacoop.strategies._regions import region_codes

__all__ = [
    "STRATEGIES",
    "agreement_changes",
    "agreements",
    "areas",
    "officials",
    "parties",
    "places",
    "programmes",
    "scope_commitments",
    "signatories",
    "signings",
    "terms",
    "witnesses",
]


def officials() -> st.SearchStrategy[Official]:
    """People in office."""
    return st.builds(Official, name=texts(), position=texts())


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
    """Signings, optionally with an aware time that falls on the signing date."""
    day = on if on is not None else draw(dates())
    place = draw(st.none() | places())
    at = None
    if draw(st.booleans()):
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
    representative = draw(st.none() | officials().filter(lambda o: o.name != official.name))
    return Witness(
        official=official,
        party=draw(st.none() | st.sampled_from(party_ids)),
        represented_by=representative,
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


@st.composite
def parties(draw: st.DrawFn, min_size: int = 2, max_size: int = 4) -> tuple[Party, ...]:
    """Parties with distinct ids, each an agency of a province."""
    ids = draw(st.lists(identifiers(), min_size=min_size, max_size=max_size, unique=True))
    return tuple(
        Party(
            id=i,
            name=draw(texts()),
            province=draw(region_codes(Level.PROVINCE)),
            abbreviation=draw(st.none() | texts()),
        )
        for i in ids
    )


def agreement_changes() -> st.SearchStrategy[AgreementChanges]:
    """Changes of title and term, the fields that need no parties to check."""
    return st.builds(AgreementChanges, title=st.none() | texts(), term=st.none() | terms())


@st.composite
def agreements(draw: st.DrawFn, max_amendments: int = 2) -> Agreement:
    """Valid agreements: drafts and signed ones, some terminated, some amended."""
    members = draw(parties())
    ids = [p.id for p in members]
    signed = draw(st.booleans())
    signing = draw(signings()) if signed else None
    signers = tuple(
        Signatory(party=i, official=draw(officials()), authority=draw(st.none() | texts()))
        for i in ids
        if signed or draw(st.booleans())
    )
    term = draw(terms())
    if signing is not None and term.end_date is not None and term.end_date < signing.on:
        term = Term()
    terminated = None
    if signing is not None and draw(st.booleans()):
        terminated = draw(dates(min_value=signing.on))
    agreement = Agreement(
        id=draw(identifiers()),
        title=draw(texts()),
        parties=members,
        kind=draw(st.sampled_from(list(AgreementKind))),
        basis=draw(st.none() | st.sampled_from(list(CooperationBasis))),
        signatories=signers,
        witnesses=tuple(draw(st.lists(witnesses(ids), max_size=3))),
        signing=signing,
        purpose=draw(st.none() | texts()),
        scope=draw(scope_commitments(ids)),
        term=term,
        programmes=tuple(draw(st.lists(programmes(ids), max_size=2))),
        terminated_on=terminated,
        sources=tuple(draw(st.lists(texts(), max_size=2))),
        notes=tuple(draw(st.lists(texts(), max_size=2))),
    )
    if signing is None:
        return agreement
    day = signing.on
    for _ in range(draw(st.integers(0, max_amendments))):
        day = draw(dates(min_value=day))
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
    AgreementChanges: agreement_changes,
    Amendment: lambda: inside(agreements(), Amendment),
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
