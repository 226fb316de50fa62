"""Village cadres: KPMD and KPM, with their training records.

- **KPMD**, kader pemberdayaan masyarakat desa (Permendesa PDTT 3/2015): villagers chosen
  by the village to mobilise participation in development.
- **KPM**, kader pembangunan manusia: the village's human-development cadre, focused on
  stunting convergence and the first 1,000 days of life.

>>> import datetime as dt
>>> ani = Cadre(id="kpm-ani", name="Ani", role=CadreRole.KPM, village="63.03.05.2001",
...     trainings=(Training("Konvergensi stunting", dt.date(2023, 3, 6), dt.date(2023, 3, 8)),))
>>> ani.trained(since=dt.date(2023, 1, 1))
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from desacoop import _checks as check
from desacoop.errors import ValidationError
from desacoop.labels import LabelledEnum
from desacoop.regions import RegionCode

__all__ = [
    "Cadre",
    "CadreRole",
    "Training",
    "cadres_of",
    "count_cadres",
    "find_cadres",
]


class CadreRole(LabelledEnum):
    """The two village cadres of the agreement's scope (area 16)."""

    KPMD = (
        "kpmd",
        "Kader Pemberdayaan Masyarakat Desa (KPMD)",
        "community-empowerment cadre",
    )
    KPM = "kpm", "Kader Pembangunan Manusia (KPM)", "human-development cadre"


@attrs.frozen
class Training:
    """A training a cadre attended: title, dates, organiser, hours, certificate."""

    title: str = attrs.field(validator=check.text)
    start: dt.date = attrs.field(converter=check.to_date, validator=check.date)
    end: dt.date | None = attrs.field(
        default=None, converter=check.to_optional_date, validator=check.optional(check.date)
    )
    organiser: str | None = attrs.field(default=None, validator=check.optional(check.text))
    hours: int | None = attrs.field(default=None, validator=check.optional(check.integer(1)))
    certificate: str | None = attrs.field(default=None, validator=check.optional(check.text))

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValidationError(
                f"the training {self.title!r} ends ({self.end}) before it starts ({self.start})",
                field="end",
            )

    @property
    def last_day(self) -> dt.date:
        """The day the training ended (its start when no end is recorded)."""
        return self.end or self.start


_to_village = check.village("a cadre serves")


def _village(value: RegionCode | str) -> RegionCode:
    code = _to_village(value)
    check.desa(code, "a KPMD or KPM", "village")
    return code


def _dates(**values: object) -> None:
    """Check the date arguments that were given (``None`` means "not given")."""
    for name, value in values.items():
        if value is not None:
            check.date_argument(name, value)


@attrs.frozen
class Cadre:
    """A KPMD or KPM of one village, appointed (usually by the village head's decree)."""

    id: str = attrs.field(validator=check.identifier)
    name: str = attrs.field(validator=check.text)
    role: CadreRole = attrs.field(validator=check.instance_of(CadreRole))
    village: RegionCode = attrs.field(converter=_village)
    appointed: dt.date | None = attrs.field(
        default=None, converter=check.to_optional_date, validator=check.optional(check.date)
    )
    #: Number of the appointment decree (SK Kepala Desa), if known.
    decree: str | None = attrs.field(default=None, validator=check.optional(check.text))
    ended: dt.date | None = attrs.field(
        default=None, converter=check.to_optional_date, validator=check.optional(check.date)
    )
    trainings: tuple[Training, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(Training)
    )

    def __attrs_post_init__(self) -> None:
        if self.appointed and self.ended and self.ended < self.appointed:
            raise ValidationError(
                f"{self.name}'s service ends ({self.ended}) before the appointment "
                f"({self.appointed})",
                field="ended",
            )

    def active(self, as_of: dt.date) -> bool:
        """Appointed by ``as_of`` (or date unknown) and not yet ended."""
        as_of = check.date_argument("as_of", as_of)
        started = self.appointed is None or self.appointed <= as_of
        return started and (self.ended is None or as_of <= self.ended)

    def trained(self, *, since: dt.date | None = None, until: dt.date | None = None) -> bool:
        """Whether a training ended within ``[since, until]`` (either bound optional)."""
        _dates(since=since, until=until)
        since, until = check.to_optional_date(since), check.to_optional_date(until)
        return any(
            (since is None or t.last_day >= since) and (until is None or t.last_day <= until)
            for t in self.trainings
        )


def find_cadres(
    cadres: Iterable[Cadre],
    *,
    region: RegionCode | str | None = None,
    role: CadreRole | None = None,
    active_on: dt.date | None = None,
    trained_since: dt.date | None = None,
    trained_until: dt.date | None = None,
) -> tuple[Cadre, ...]:
    """Cadres matching every criterion given, in their order.

    ``trained_since`` / ``trained_until``: with a training that ended in that period.
    """
    found_in = check.items("cadres", cadres, Cadre)
    area = check.optional_region(region)
    check.argument("role", role, CadreRole)
    _dates(active_on=active_on, trained_since=trained_since, trained_until=trained_until)
    wants_training = trained_since is not None or trained_until is not None
    found: list[Cadre] = []
    for cadre in found_in:
        if area is not None and not cadre.village.is_within(area):
            continue
        if role is not None and cadre.role is not role:
            continue
        if active_on is not None and not cadre.active(active_on):
            continue
        if wants_training and not cadre.trained(since=trained_since, until=trained_until):
            continue
        found.append(cadre)
    return tuple(found)


def cadres_of(
    cadres: Iterable[Cadre], village: RegionCode | str, role: CadreRole | None = None
) -> tuple[Cadre, ...]:
    """The cadres of one village (of one role when given)."""
    code = _village(village)
    return tuple(c for c in find_cadres(cadres, region=code, role=role) if c.village == code)


count_cadres = check.counting(
    find_cadres,
    """How many cadres :func:`find_cadres` finds with the same criteria.

    An indicator source for the progress engine ("KPM trained in Jatim in 2023").
    """,
)
