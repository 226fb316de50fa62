"""The tree assembly: figures per indicator and scope (cached), rolled up by area, party,
region and for the whole agreement. The decisions come first (:mod:`._rules`), the values
next (:mod:`._index`); what is left here is which figure goes where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict

import attrs

from desacoop.monitoring import Indicator, MonitoringPlan, Observation, TimeBehaviour
from desacoop.regions import LEVEL_DIGITS, Level, RegionCode
from desacoop.rollup._figures import (
    GOOD,
    DataFinding,
    FigureKind,
    HeldBack,
    MilestoneState,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
    RegionList,
    Rule,
    RuleKind,
    RuleOf,
    Tolerance,
)
from desacoop.rollup._index import Index, Leaf, index, later, single_leaf, window_leaf
from desacoop.rollup._judge import combine, counted, coverage, hold_back, status
from desacoop.rollup._measure import actual_of, measure
from desacoop.rollup._rules import Rules, fraction_findings, plan_rules
from desacoop.scope import area_id

__all__ = ["Engine"]

S = ProgressStatus
_ONE = Decimal(1)
_ZERO = Decimal(0)


class Engine:
    """One report's computation: the rules, the index, and the figures computed so far."""

    def __init__(
        self,
        plan: MonitoringPlan,
        as_of: dt.date,
        recorded_on: dt.date | None,
        tolerance: Tolerance,
        region_level: Level | None,
        registry: RegionList | None = None,
    ) -> None:
        self.plan = plan
        self.as_of = as_of
        self.recorded_on = recorded_on
        self.tolerance = tolerance
        self.region_level = region_level
        self.rules = plan_rules(plan, as_of, registry)
        self.index: Index = index(plan, self.rules, as_of, recorded_on)
        self.grouped: dict[int, dict[str, dict[str, list[tuple[str, Leaf]]]]] = {}
        self.figures: dict[tuple[str, str, bool], ProgressFigure] = {}

    def _group(self, digits: int) -> dict[str, dict[str, list[tuple[str, Leaf]]]]:
        """Leaves of every indicator grouped by region prefix of ``digits`` digits."""
        if digits not in self.grouped:
            table: dict[str, dict[str, list[tuple[str, Leaf]]]] = {}
            for ind_id, by_region in self.index.leaves.items():
                groups: dict[str, list[tuple[str, Leaf]]] = {}
                for code, leaf in by_region.items():
                    if len(code) >= digits:
                        groups.setdefault(code[:digits], []).append((code, leaf))
                table[ind_id] = groups
            self.grouped[digits] = table
        return self.grouped[digits]

    # -- the report -------------------------------------------------------------

    def report(self) -> ProgressReport:
        plan = self.plan
        agreement = plan.agreement
        total = self.tree(
            FigureKind.AGREEMENT, agreement.id, (agreement.title,) * 2, None, plan.indicators
        )
        by_party = []
        for party in agreement.parties:
            applicable = [i for i in plan.indicators if i.party in (None, party.id)]
            name = party.abbreviation or party.name
            by_party.append(
                self.tree(FigureKind.PARTY, party.id, (name, name), party.home_region, applicable)
            )
        findings: list[DataFinding] = list(self.index.findings)
        for ind in plan.indicators:
            findings.extend(fraction_findings(ind, self.index.largest.get(ind.id)))
        return ProgressReport(
            plan=plan.id,
            title=plan.title,
            agreement=agreement.id,
            illustrative=plan.illustrative,
            as_of=self.as_of,
            tolerance=self.tolerance,
            total=total,
            recorded_on=self.recorded_on,
            region_level=self.region_level,
            by_party=tuple(by_party),
            by_region=self._by_region(),
            milestones=self._milestones(),
            notes=plan.notes,
            notes_en=plan.notes_en,
            findings=tuple(findings),
            agreement_title=agreement.title,
        )

    def _by_region(self) -> tuple[ProgressFigure, ...]:
        if self.region_level is None:
            return ()
        digits = LEVEL_DIGITS[self.region_level]
        fine = [i for i in self.plan.indicators if LEVEL_DIGITS[i.level] >= digits]
        grouped = self._group(digits)
        codes = sorted(
            {code for i in fine for code in grouped[i.id]}
            | {
                code[:digits]
                for i in fine
                for code in self.rules[i.id].declared or ()
                if len(code) >= digits
            }
        )
        names = {r.code: r.name for r in self.plan.regions}
        figures = []
        for code in codes:
            region = RegionCode(code)
            applicable = [i for i in fine if code[:2] in self.rules[i.id].homes]
            known = names.get(region)
            labels = (
                known or f"{region.level.label_id} {region}",
                known or f"{region.level.label_en} {region}",
            )
            figures.append(
                self.tree(FigureKind.REGION, str(region), labels, region, applicable, False)
            )
        return tuple(figures)

    def _milestones(self) -> tuple[MilestoneState, ...]:
        as_of = self.as_of
        return tuple(
            MilestoneState(
                id=m.id,
                label_id=m.label_id,
                label_en=m.label_en,
                area=m.area,
                due=m.due,
                status=m.status_on(as_of),
                late=m.is_late(as_of),
                days_late=m.days_late(as_of),
                met_on=m.met_on if m.met_on is not None and m.met_on <= as_of else None,
                party=m.party,
            )
            for m in self.plan.milestones
        )

    def tree(
        self,
        kind: FigureKind,
        key: str,
        labels: tuple[str, str],
        region: RegionCode | None,
        indicators: Iterable[Indicator],
        all_areas: bool = True,
    ) -> ProgressFigure:
        """A figure for ``key`` over ``indicators``: one child per scope area (every area
        of the agreement, or only those with indicators), each over its indicators."""
        by_area: dict[str, list[Indicator]] = {}
        for ind in indicators:
            by_area.setdefault(area_id(ind.area), []).append(ind)
        areas = []
        for area in self.plan.agreement.scope_areas:
            if area.id not in by_area and not all_areas:
                continue
            children = tuple(self.indicator(ind, region) for ind in by_area.get(area.id, ()))
            areas.append(
                self.rollup(
                    FigureKind.AREA,
                    area.id,
                    (area.label_id, area.label_en),
                    region,
                    self.plan.area_weight(area),
                    children,
                )
            )
        return self.rollup(kind, key, labels, region, _ONE, tuple(areas))

    def rollup(
        self,
        kind: FigureKind,
        key: str,
        labels: tuple[str, str],
        region: RegionCode | None,
        weight: Decimal,
        children: tuple[ProgressFigure, ...],
    ) -> ProgressFigure:
        """A roll-up figure: the counted children combined, judged, and held back by each
        counted child that is not good."""
        parts = counted(children)
        numbers = combine(parts)
        held: tuple[HeldBack, ...] = ()
        if not parts:
            judged = S.NOT_SCORED
        elif numbers.value is None:
            no_target = any(c.status is S.NO_TARGET for c in parts)
            judged = S.NO_TARGET if no_target else S.NO_DATA
        else:
            judged = status(
                numbers.value,
                numbers.expected,
                numbers.final_by,
                self.as_of,
                self.tolerance,
                reached=all(c.status is S.ACHIEVED for c in parts),
            )
            judged, held = hold_back(judged, ((c.key, c) for c in parts))
        return ProgressFigure(
            kind=kind,
            key=key,
            label_id=labels[0],
            label_en=labels[1],
            status=judged,
            coverage=numbers.coverage,
            weight=weight,
            value=numbers.value,
            expected=numbers.expected,
            region=region,
            final_by=numbers.final_by,
            children=children,
            held_back=held,
        )

    # -- indicators -------------------------------------------------------------

    def indicator(self, ind: Indicator, region: RegionCode | None) -> ProgressFigure:
        r = self.rules[ind.id]
        scope = r.scope_of(region)
        key = (ind.id, scope, region is None)
        cached = self.figures.get(key)
        if cached is None:
            cached = self._compute(r, region, scope)
            self.figures[key] = cached
        return cached

    def _pairs(self, r: Rules, region: RegionCode | None, scope: str) -> list[tuple[str, Leaf]]:
        if region is None:
            return list(self.index.leaves[r.id].items())
        return self._group(len(scope))[r.id].get(scope, [])

    def _compute(self, r: Rules, region: RegionCode | None, scope: str) -> ProgressFigure:
        ind = r.indicator
        pairs = self._pairs(r, region, scope)
        leaves = [leaf for _, leaf in pairs]
        expected_here = r.expected_in(scope)
        missing: tuple[str, ...] = ()
        if expected_here:
            present = {code for code, _ in pairs}
            missing = tuple(str(RegionCode(c)) for c in expected_here if c not in present)
        ids = tuple(i for leaf in leaves for i in leaf.ids)
        known_late = self.index.late
        late = tuple(i for i in ids if i in known_late) if known_late else ()
        if not ind.scored:
            texts = [leaf.text for leaf in leaves if leaf.text is not None]
            return ProgressFigure(
                **_identity(ind, region),
                status=S.REPORTED if leaves else S.NO_DATA,
                coverage=_ONE if leaves else _ZERO,
                observations=ids,
                text=texts[0] if len(texts) == 1 else None,
                actual_rule=(
                    Rule(RuleOf.ACTUAL, RuleKind.STATEMENTS, len(texts)) if len(texts) > 1 else None
                ),
                missing=missing,
                late=late,
            )
        m = measure(r, scope, pairs, self.as_of)
        reporters = len(expected_here) if expected_here else len(pairs)
        periods = len(r.due) if ind.time is TimeBehaviour.PER_PERIOD else 1 if r.due else 0
        received = sum(leaf.reported for leaf in leaves)
        missing_periods = tuple(
            f"{RegionCode(code)} {label}"
            for code, leaf in pairs
            if leaf.missing
            for label in leaf.missing
        )
        if m.actual is None:
            judged = S.NO_DATA
        elif m.raw is None:
            judged = S.NO_TARGET
        else:
            judged = status(
                m.value,
                m.expected,
                r.final_by,
                self.as_of,
                self.tolerance,
                reached=m.reached,
                silent_reporters=bool(missing),
                missing_periods=bool(missing_periods),
                only_rises=r.only_rises,
            )
        held: tuple[HeldBack, ...] = ()
        if judged in GOOD or judged in (S.AT_RISK, S.OFF_TRACK):
            judged, held = hold_back(judged, self._sub_scopes(r, scope))
        per_period = ind.time is TimeBehaviour.PER_PERIOD
        return ProgressFigure(
            **_identity(ind, region),
            status=judged,
            coverage=coverage(reporters * periods, received, has_value=m.value is not None)
            if m.value is not None
            else _ZERO,
            value=m.value,
            raw=m.raw,
            expected=m.expected,
            actual=m.actual,
            numerator=m.numerator,
            denominator=m.denominator,
            actual_rule=m.rule,
            baseline=m.schedule.baseline,
            baseline_on=r.start if m.schedule.baseline is not None else None,
            baseline_rule=m.schedule.baseline_rule,
            target=m.target,
            target_by=m.target_by,
            target_rule=m.schedule.target_rule,
            final_by=r.final_by,
            observations=ids,
            periods_due=reporters * periods if per_period else None,
            periods_reported=received if per_period else None,
            projected=m.projected,
            projected_value=m.projected_value,
            missing=missing,
            reporters=reporters,
            missing_periods=missing_periods,
            late=late,
            held_back=held,
        )

    def _sub_scopes(self, r: Rules, scope: str) -> list[tuple[str, ProgressFigure]]:
        """The figures of the outermost regions inside ``scope`` with a target of their
        own: a figure is never good while one of them is not."""
        return [
            (str(RegionCode(k)), self.indicator(r.indicator, RegionCode(k)))
            for k in r.outermost("targets", scope)
        ]

    def undeclared(self) -> tuple[ProgressFigure, ...]:
        """A figure for each indicator and undeclared region that reported: its actual and
        observations, no target (none is stated for it), in no total."""
        figures = []
        for ind in self.plan.indicators:
            r = self.rules[ind.id]
            for code, observations in sorted(self.index.strays.get(ind.id, {}).items()):
                leaf = _stray_leaf(r, observations)
                if leaf is None:
                    continue
                found = actual_of(r, [leaf])
                actual, numerator, denominator, rule = (
                    (None, None, None, None) if found is None else (found[0], *found[2:])
                )
                # an undeclared region: shown apart, counted in no total
                region = RegionCode(code)
                if rule is None:  # a statement
                    rule = Rule(RuleOf.ACTUAL, RuleKind.UNDECLARED, region=region)
                rule = attrs.evolve(rule, region=region, apart=True)
                figures.append(
                    ProgressFigure(
                        **_identity(ind, RegionCode(code)),
                        status=S.NO_TARGET,
                        coverage=_ZERO,
                        actual=actual,
                        numerator=numerator,
                        denominator=denominator,
                        actual_rule=rule,
                        text=leaf.text,
                        observations=tuple(leaf.ids),
                    )
                )
        return tuple(figures)


def _stray_leaf(r: Rules, observations: list[Observation]) -> Leaf | None:
    if r.indicator.time is TimeBehaviour.CUMULATIVE:
        latest = observations[0]
        for o in observations[1:]:
            if later(o, latest):
                latest = o
        return single_leaf(r, latest)
    kept = [o for o in observations if o.on > r.start]
    return window_leaf(r, kept, []) if kept else None


class _Identity(TypedDict):
    """The fields every figure of an indicator takes from the indicator and its region."""

    kind: FigureKind
    key: str
    label_id: str
    label_en: str
    weight: Decimal
    unit: str
    region: RegionCode | None
    levels: tuple[str, ...]


def _identity(ind: Indicator, region: RegionCode | None) -> _Identity:
    """Which indicator a figure is, and where: ``ProgressFigure(**_identity(ind, region), ...)``."""
    return {
        "kind": FigureKind.INDICATOR,
        "key": ind.id,
        "label_id": ind.label_id,
        "label_en": ind.label_en,
        "weight": ind.weight,
        "unit": ind.unit,
        "region": region,
        "levels": ind.scale.levels if ind.scale is not None else (),
    }
