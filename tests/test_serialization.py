"""Strict JSON: round trips, rejected coercions, paths in every error, nothing else escapes."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import desacoop
from desacoop import _checks
from desacoop import strategies as S
from desacoop.agreement import AgreementChanges
from desacoop.errors import ValidationError
from desacoop.evaluation import DevelopmentStatus, VillageEvaluation
from desacoop.example import example_text
from desacoop.regions import PROVINCES
from desacoop.serialization import (
    DOCUMENTS,
    FORMAT,
    VALUE_TYPES,
    _fast,
    _files,
    converter,
    document_kinds,
    dump,
    from_dict,
    from_json,
    load,
    to_dict,
    to_json,
)

from .utils import missing


def _walk(obj: Any) -> Iterator[Any]:
    """Every desacoop record inside ``obj`` (itself included)."""
    if isinstance(obj, tuple):
        for item in obj:
            yield from _walk(item)
    elif attrs.has(type(obj)) and not isinstance(obj, VALUE_TYPES):
        yield obj
        for field in attrs.fields(type(obj)):
            yield from _walk(getattr(obj, field.name))


def nested(parent: st.SearchStrategy[Any], cls: type) -> st.SearchStrategy[Any]:
    """Instances of ``cls`` found inside objects drawn from ``parent``."""
    return (
        parent.map(lambda o: [x for x in _walk(o) if type(x) is cls])
        .filter(bool)
        .flatmap(st.sampled_from)
    )


#: Where to find each public class; classes without a strategy of their own are
#: drawn from inside a parent. A new public class must be added here.
ROUND_TRIP: dict[str, st.SearchStrategy[Any]] = {
    "Agreement": S.agreements(),
    "AgreementChanges": st.builds(
        AgreementChanges, title=st.none() | S.texts(), term=st.none() | S.terms()
    ),
    "Official": S.officials(),
    "Place": S.places(),
    "Signing": S.signings(),
    "Term": S.terms(),
    "Village": S.villages(),
    "Region": S.regions(),
    "RegionDiff": S.region_diffs(),
    "Province": st.sampled_from(list(PROVINCES.values())),
    "Problem": st.builds(desacoop.Problem, path=S.texts(), message=S.texts()),
    "EvaluationResult": S.evaluation_results(),
    "Finding": S.findings(),
    "ImprovementPlan": S.improvement_plans(),
    "IndeksDesa": S.indeks_desa_schemes(),
    "ProdeskelResult": S.prodeskel_results(),
    "ProdeskelScheme": S.prodeskel_schemes(),
    "PublishedSummary": S.published_summaries(),
    "RegionSummary": S.region_summaries(),
    "StatusThresholds": S.status_thresholds(),
    "Transition": S.status_transitions(),
    "VillageEvaluation": S.village_evaluations(),
    "Cadre": S.cadres(),
    "Certification": S.certifications(),
    "Enterprise": S.enterprises(),
    "Product": S.products(),
    "RankingThresholds": S.ranking_thresholds(),
    "Ranking": S.rankings(),
    "Training": S.trainings(),
    "Indicator": S.indicators(),
    "Milestone": S.milestones(),
    "MonitoringPlan": S.monitoring_plans(max_indicators=2),
    "OrdinalScale": S.ordinal_scales(),
    "Period": S.periods(),
    "ProgressReport": S.progress_reports(),
    "Tolerance": S.tolerances(),
    "Value": S.values(),
    "WeightedScheme": S.status_thresholds().map(
        lambda t: attrs.evolve(desacoop.idm.SCHEME, thresholds=t)
    ),
}
_PARENTS = {
    "Amendment": ROUND_TRIP["Agreement"],
    "Party": ROUND_TRIP["Agreement"],
    "Programme": S.agreements().filter(lambda a: bool(a.programmes)),
    "ScopeCommitment": ROUND_TRIP["Agreement"],
    "Area": ROUND_TRIP["Agreement"],
    "BudgetLine": ROUND_TRIP["Agreement"],
    "Citation": ROUND_TRIP["Agreement"],
    "InstrumentRef": ROUND_TRIP["Agreement"],
    "Attendee": ROUND_TRIP["Agreement"],
    "PartyNumber": ROUND_TRIP["Agreement"],
    "Reading": ROUND_TRIP["Agreement"],
    "Uncertainty": ROUND_TRIP["Agreement"],
    "Purpose": ROUND_TRIP["Agreement"],
    "Source": ROUND_TRIP["Agreement"],
    "Signatory": ROUND_TRIP["Agreement"],
    "Witness": S.agreements().filter(lambda a: bool(a.witnesses)),
    "Renaming": ROUND_TRIP["RegionDiff"],
    "Actor": S.village_evaluations(),
    "DimensionValue": S.village_evaluations(),
    "DimensionWeight": ROUND_TRIP["IndeksDesa"],
    "EvaluationInputs": ROUND_TRIP["EvaluationResult"],
    "IndicatorScore": S.village_evaluations(),
    "StatusCount": ROUND_TRIP["RegionSummary"],
    "Gain": ROUND_TRIP["VillageEvaluation"].map(lambda e: desacoop.idm.gains(e.result)),
    "PlanStep": ROUND_TRIP["ImprovementPlan"],
    "BusinessUnit": ROUND_TRIP["Enterprise"],
    "LegalRegistration": ROUND_TRIP["Enterprise"],
    "Transformation": ROUND_TRIP["Enterprise"],
    "Owner": ROUND_TRIP["Product"],
    "RuralArea": ROUND_TRIP["Product"],
    "TradeMissionDeal": ROUND_TRIP["Product"],
    "AreaWeight": S.monitoring_plans(max_indicators=2),
    "Baseline": ROUND_TRIP["Indicator"],
    "Target": ROUND_TRIP["Indicator"],
    "Observation": ROUND_TRIP["MonitoringPlan"],
    "MilestoneState": ROUND_TRIP["ProgressReport"],
    "ProgressFigure": ROUND_TRIP["ProgressReport"],
}
for _name, _parent in _PARENTS.items():
    ROUND_TRIP[_name] = nested(_parent, document_kinds()[_name])


def test_every_registered_document_has_a_round_trip_strategy() -> None:
    assert set(ROUND_TRIP) == set(document_kinds())
    assert sum(len(names) for names in DOCUMENTS.values()) == len(document_kinds())


def test_no_document_uses_the_reserved_root_keys() -> None:
    for cls in document_kinds().values():
        fields = {f.name for f in attrs.fields(cls)}
        assert not fields & {"format", "document"}, cls


#: Classes with heavy strategies; they are also inside their parents' round trips.
_FEWER = {*_PARENTS, "MonitoringPlan", "ProgressReport"}


def _round_trips(name: str, examples: int) -> None:
    @settings(max_examples=examples)
    @given(ROUND_TRIP[name])
    def check(obj: Any) -> None:
        assert type(obj).__name__ == name
        text = to_json(obj)
        assert from_json(text) == obj
        assert from_json(text, type(obj)) == obj
        assert from_dict(json.loads(text), type(obj)) == obj
        assert to_json(from_json(text)) == text
        assert _read_fast(json.loads(text), type(obj)) == obj  # the fast path, not around it
        kind: type = type(obj)
        written = json.dumps(_fast._fast_dict(kind)(obj))
        assert written == json.dumps(converter.unstructure(obj))  # the converter's very output
        compact = json.dumps(to_dict(obj), ensure_ascii=False, separators=(",", ":"))
        assert _files._line(obj) == (compact + "\n").encode()  # the JSON Lines text

    check()


def _read_fast(data: dict[str, Any], cls: type) -> Any:
    """The fast decode path alone (no fallback to the converter)."""
    return _fast._fast_class(cls)(data, _fast._allowed(cls, True))


@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
def test_round_trip(name: str) -> None:
    """Every registered document class reads back what it writes (a quick run)."""
    _round_trips(name, 3 if name in _FEWER else 10)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
def test_round_trip_at_length(name: str) -> None:
    _round_trips(name, 20 if name in _FEWER else 100)


def test_to_dict_refuses_what_from_dict_cannot_read() -> None:
    @attrs.frozen
    class Stranger:
        name: str

    with pytest.raises(ValidationError, match="not a desacoop document: Stranger"):
        to_dict(Stranger("x"))
    with pytest.raises(ValidationError, match="not a desacoop document class"):
        from_dict({"format": FORMAT, "document": "Stranger", "name": "x"}, Stranger)


def test_the_bundled_file_is_in_canonical_form() -> None:
    text = example_text()
    assert to_json(desacoop.example_agreement()) + "\n" == text


def test_dump_and_load(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    dump(desacoop.example_agreement(), path)
    assert load(path, desacoop.Agreement) == desacoop.example_agreement()
    assert path.read_text(encoding="utf-8").endswith("}\n")


def _example() -> dict[str, Any]:
    return to_dict(desacoop.example_agreement())


def _set(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "where", "fragment"),
    [
        (["parties", 1, "province"], "64x", "$.parties[1].province", "not a region code: '64x'"),
        (["parties", 1, "province"], "63.71", "$.parties[1].province", "not a province code"),
        (["parties", 0, "name"], 5, "$.parties[0].name", "expected a text, got a number 5"),
        (["parties", 0, "name"], None, "$.parties[0].name", "expected a text, got null"),
        (["parties", 0, "surname"], "x", "$.parties[0].surname", "unknown key 'surname'"),
        (["parties", 0, "id"], _DELETE, "$.parties[0].id", "required but missing"),
        (["parties"], "kalsel,jatim", "$.parties", "expected a list, got a text"),
        (["parties", 1], ["jatim"], "$.parties[1]", "expected an object (Party)"),
        (["signing", "on"], "13/4/2022", "$.signing.on", "expected a date as YYYY-MM-DD"),
        (["signing", "on"], "2022-02-30", "$.signing.on", "no such date"),
        (["signing", "at"], "2022-04-13T10:00:00", "$.signing.at", "with its offset"),
        (["signing", "at"], "2022-04-14T10:00:00+08:00", "$.signing.at", "not on the signing date"),
        (
            ["signing", "place", "time_zone"],
            "WIB",
            "$.signing.place.time_zone",
            "is in WITA, not WIB",
        ),
        (["kind"], "mou", "$.kind", "not a AgreementKind; expected one of"),
        (["kind"], 1, "$.kind", "not a AgreementKind"),
        (["term", "duration"], "3 years", "$.term.duration", "ISO 8601 duration"),
        (["term", "duration"], 3, "$.term.duration", "ISO 8601 duration"),
        (["scope", 3, "area"], "bum-desa", "$.scope[3].area", "appears twice"),
        (["scope", 3, "area"], "BUM_DESA", "$.scope[3].area", "expected one of"),
        (["signatories", 1, "party"], "jtm", "$.signatories[1].party", "'jtm' is not a party"),
        (
            ["witnesses", 0, "represented_by", "name"],
            "Sahbirin Noor",
            "$.witnesses[0].represented_by",
            "cannot be represented by themself",
        ),
        (
            ["programmes", 1, "launched_on"],
            20190807,
            "$.programmes[1].launched_on",
            "expected a date",
        ),
        (["amendments"], {}, "$.amendments", "expected a list, got an object"),
        (["sources", 0], ["x"], "$.sources[0]", "expected a text, got a list"),
        (["basis"], True, "$.basis", "not a CooperationBasis"),
    ],
)
def test_bad_documents_name_the_path(
    path: list[Any], value: Any, where: str, fragment: str
) -> None:
    doc = _set(_example(), path, value)
    with pytest.raises(ValidationError) as info:
        from_dict(doc)
    problems = info.value.problems
    assert any(p.path == where and fragment in p.message for p in problems), str(info.value)
    assert where in str(info.value)


def test_every_problem_is_collected() -> None:
    doc = _example()
    doc["title"] = 5
    doc["parties"][1]["province"] = "64x"
    doc["signing"]["on"] = "13/4/2022"
    doc["foo"] = 1
    with pytest.raises(ValidationError) as info:
        from_dict(doc)
    assert {p.path for p in info.value.problems} == {
        "$.title",
        "$.parties[1].province",
        "$.signing.on",
        "$.foo",
    }


@pytest.mark.parametrize(
    ("doc", "where", "fragment"),
    [
        ({"document": "Agreement"}, "$.format", "required but missing"),
        ({"format": "desacoop/2", "document": "Agreement"}, "$.format", "expected 'desacoop/1'"),
        ({"format": FORMAT}, "$.document", "required but missing"),
        ({"format": FORMAT, "document": "Spreadsheet"}, "$.document", "unknown document kind"),
        ({"format": FORMAT, "document": ["Agreement"]}, "$.document", "unknown document kind"),
    ],
)
def test_the_root_header(doc: dict[str, Any], where: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(doc)
    assert any(p.path == where and fragment in p.message for p in info.value.problems)


def test_a_document_of_another_kind_is_refused() -> None:
    village = to_dict(desacoop.Village("63.71.01.1001", "Mantuil"))
    with pytest.raises(ValidationError, match="expected 'Agreement', got 'Village'"):
        from_dict(village, desacoop.Agreement)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[]",
        "null",
        '"Agreement"',
        '{"format": NaN}',
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        b"\xff\xfe",
    ],
)
def test_malformed_json_is_a_validation_error(text: str | bytes) -> None:
    with pytest.raises(ValidationError):
        from_json(text)


@pytest.mark.parametrize("value", [None, 5, ["x"]])
def test_from_json_wants_text(value: Any) -> None:
    with pytest.raises(ValidationError):
        from_json(value)


@pytest.mark.parametrize("value", [{"a": 1}, desacoop.RegionCode("63")])
def test_to_dict_wants_a_desacoop_document(value: Any) -> None:
    with pytest.raises(ValidationError, match="not a desacoop document"):
        to_dict(value)


@given(S.region_codes())
def test_region_codes_are_dotted_texts_inside_documents(code: desacoop.RegionCode) -> None:
    assert converter.unstructure(code) == str(code)
    assert converter.structure(code.compact, desacoop.RegionCode) == code


@pytest.mark.parametrize(
    ("value", "tp"),
    [
        ("12", int),
        (True, int),
        (12.0, int),
        (5, str),
        (1, bool),
        ("true", bool),
        (1.5, Decimal),
        ("1.5e99999", Decimal),
        ("1.5 e3", Decimal),
        ("NaN", Decimal),
        ("Infinity", Decimal),
        (True, Decimal),
        ("", Decimal),
        (" 1", Decimal),
        ("2022-04-13T00:00:00+08:00", dt.date),
        ("2022-04-13", dt.datetime),
    ],
)
def test_no_silent_coercion(value: Any, tp: type) -> None:
    with pytest.raises(ValidationError):
        converter.structure(value, tp)


@pytest.mark.parametrize(
    ("value", "expected", "written"),
    [
        (12, Decimal(12), "12"),
        ("12.50", Decimal("12.50"), "12.50"),
        ("-0.0001", Decimal("-0.0001"), "-0.0001"),
        ("1E-7", Decimal("1E-7"), "0.0000001"),
        ("2E+2", Decimal("2E+2"), "200"),
        ("0E-8", Decimal("0E-8"), "0.00000000"),
        ("1.5e3", Decimal("1500"), "1500"),
    ],
)
def test_decimals_from_integers_and_decimal_texts(
    value: Any, expected: Decimal, written: str
) -> None:
    result = converter.structure(value, Decimal)
    assert result == expected
    assert converter.unstructure(result) == written
    assert converter.structure(written, Decimal) == expected


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_every_finite_decimal_round_trips(value: Decimal) -> None:
    assert converter.structure(converter.unstructure(value), Decimal) == value


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_non_finite_decimals_cannot_be_written(value: Decimal) -> None:
    with pytest.raises(ValidationError, match="finite"):
        converter.unstructure(value)


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (relativedelta(years=3), "P3Y"),
        (relativedelta(years=1, months=6), "P1Y6M"),
        (relativedelta(days=14), "P14D"),
        (relativedelta(months=18), "P1Y6M"),
    ],
)
def test_durations_are_iso_8601(duration: relativedelta, text: str) -> None:
    assert converter.unstructure(duration) == text
    assert converter.structure(text, relativedelta) == duration
    assert converter.structure("P2W", relativedelta) == relativedelta(days=14)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@functools.cache
def _documents() -> dict[str, dict[str, Any]]:
    plan = desacoop.example_plan()
    return {
        "agreement": to_dict(desacoop.example_agreement()),
        "plan": to_dict(plan),
        "report": to_dict(desacoop.progress(plan, as_of=dt.date(2024, 6, 30))),
    }


@pytest.mark.parametrize("examples", [25, pytest.param(150, marks=pytest.mark.slow)])
@pytest.mark.parametrize("name", ["agreement", "plan", "report"])
def test_any_mutation_gives_a_validation_error_or_a_valid_object(name: str, examples: int) -> None:
    doc = _documents()[name]
    paths = _paths(doc)[1:]
    document: Any = desacoop.from_dict(doc)
    kind = type(document)

    @settings(max_examples=examples)
    @given(st.sampled_from(paths), _JSON)
    def check(path: tuple[Any, ...], junk: Any) -> None:
        mutated = _set(doc, list(path), junk)
        try:
            result: Any = from_dict(mutated)
        except ValidationError as exc:
            assert exc.problems
            assert all(p.path.startswith("$") for p in exc.problems)
        else:
            assert isinstance(result, kind)
        try:
            fast = _read_fast(mutated, kind)
        except Exception:  # the converter decides (and reports)
            return
        body = {k: v for k, v in mutated.items() if k not in ("format", "document")}
        assert converter.structure(body, kind) == fast  # never more lenient than the converter

    check()


_KEMENDES = Path(__file__).resolve().parents[2] / "shared" / "data" / "idm"


@functools.cache
def _kemendes_response() -> dict[str, Any]:
    path = _KEMENDES / "kemendes-idm-sample.jsonl"
    if not path.exists():
        missing(f"reference data not found: {path}")
    with path.open(encoding="utf-8") as handle:
        record: dict[str, Any] = json.loads(handle.readline())["response"]
    return record


@pytest.mark.parametrize("examples", [25, pytest.param(200, marks=pytest.mark.slow)])
def test_any_mutation_of_a_kemendes_response_gives_a_validation_error_or_an_evaluation(
    examples: int,
) -> None:
    response = _kemendes_response()
    paths = _paths(response)

    @settings(max_examples=examples)
    @given(st.sampled_from(paths), _JSON)
    def check(path: tuple[Any, ...], junk: Any) -> None:
        mutated = _set(response, list(path), junk) if path else junk
        try:
            result = desacoop.idm.from_kemendes(mutated)
        except ValidationError as exc:
            assert exc.problems or str(exc)
        else:
            assert isinstance(result, VillageEvaluation)

    check()


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_a_file_that_cannot_be_read_is_a_validation_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        load(tmp_path / name)


def test_a_file_that_is_not_utf8_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"name": "Bal\xe9"}')
    with pytest.raises(ValidationError, match="cannot read"):
        load(path)


def test_every_mistake_at_once_field_errors_and_the_rules_between_fields() -> None:
    """Issue 11: field errors and the cross-field rules over the fields that were read come
    in one report, not in rounds."""
    import desacoop
    from desacoop.serialization import from_dict as read
    from desacoop.serialization import to_dict as write

    d = write(desacoop.example_agreement())
    d["title"] = 5  # a field error
    d["signatories"][0]["party"] = "nobody"  # cross-references, checked by Agreement
    d["witnesses"][1]["party"] = "ghost"
    d["terminated_on"] = "2020-01-01"  # before signing
    with pytest.raises(desacoop.ValidationError) as caught:
        read(d)
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "$.title",
        "$.signatories[0].party",
        "$.witnesses[1].party",
        "$.parties[0]",  # nobody valid signs for kalsel any more
        "$.terminated_on",
    ]
    d["signing"]["on"] = "13/4/2022"  # a rule needing an unread field is not run
    with pytest.raises(desacoop.ValidationError) as caught:
        read(d)
    messages = " ".join(str(p) for p in caught.value.problems)
    assert "$.signing.on" in messages
    assert "before it was signed" not in messages


def test_every_mistake_of_a_hand_written_agreement_in_one_run() -> None:
    """Issue 11: twelve mistakes (fields, the term, cross-references, an unknown key) come in
    one report; rules still see what could be read of a party whose abbreviation is wrong
    and of a signing whose place is wrong."""
    import desacoop
    from desacoop.serialization import from_dict as read
    from desacoop.serialization import to_dict as write

    d = write(desacoop.example_agreement())
    d["title"] = 5
    d["parties"][1]["abbreviation"] = 7
    d["term"] = {"start": "2022-05-01", "end": "2022-01-01", "duration": None}
    d["signatories"][0]["party"] = "nobody"
    d["witnesses"][1]["party"] = "ghost"
    d["scope"][1]["lead"] = "nobody"
    d["scope"][2]["area"] = d["scope"][0]["area"]
    d["terminated_on"] = "2020-01-01"
    d["colour"] = "red"
    d["signing"]["place"]["region"] = "63.7x"
    d["programmes"] = [{"name": 3}]
    d["notes"] = "one"
    with pytest.raises(desacoop.ValidationError) as caught:
        read(d)
    paths = {p.path for p in caught.value.problems}
    assert {
        "$.title",
        "$.parties[1].abbreviation",
        "$.term.end",
        "$.signatories[0].party",
        "$.witnesses[1].party",
        "$.scope[1].lead",
        "$.scope[2].area",
        "$.terminated_on",
        "$.colour",
        "$.signing.place.region",
        "$.programmes[0].name",
        "$.notes",
    } <= paths


@attrs.frozen
class _Values:
    """Every kind of value the generated text writer handles itself, for the property below."""

    amount: Decimal
    maybe: Decimal | None
    amounts: tuple[Decimal, ...]
    day: dt.date
    moment: dt.datetime
    text: str
    count: int
    region: desacoop.RegionCode
    flag: bool
    status: DevelopmentStatus | None


_REGIONS = st.sampled_from(["63", "63.71", "35.07.22", "63.71.01.1001"]).map(desacoop.RegionCode)
_DECIMALS = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**60), max_value=10**60
)


@settings(max_examples=300)
@given(
    st.builds(
        _Values,
        amount=_DECIMALS | st.sampled_from([Decimal("1E+2"), Decimal("0E-7"), Decimal("1E-50")]),
        maybe=st.none() | _DECIMALS,
        amounts=st.lists(_DECIMALS, max_size=3).map(tuple),
        day=st.dates(),
        moment=st.datetimes(timezones=st.timezones()),
        text=st.text(),
        count=st.integers(),
        region=_REGIONS,
        flag=st.booleans(),
        status=st.none() | st.sampled_from(DevelopmentStatus),
    )
)
def test_the_text_writer_writes_what_the_dict_writer_writes(values: _Values) -> None:
    """The generated JSON text (JSON Lines) is the standard encoder's text of the dict, for
    decimals in any notation (plain within the limit, scientific beyond), texts that need
    escaping, any whole number, aware datetimes, region codes of every level."""
    try:
        expected = _fast._COMPACT.encode(converter.unstructure(values))
    except ValidationError as exc:  # a decimal the dict writer refuses
        with pytest.raises(ValidationError, match=exc.message):
            _fast._fast_text(_Values)(values)
        return
    assert _fast._fast_text(_Values)(values) == expected


@attrs.frozen
class _Node:
    """A class that nests itself, for the generated paths' stand-ins."""

    name: str
    children: tuple[_Node, ...] = ()
    parent: _Node | None = None


def test_the_generated_paths_follow_a_class_that_nests_itself() -> None:
    node = _Node("a", (_Node("b", (_Node("c"),)), _Node("d")), parent=_Node("p"))
    data = converter.unstructure(node)
    assert _fast._fast_class(_Node)(data) == node
    assert _fast._fast_dict(_Node)(node) == data
    assert _fast._fast_text(_Node)(node) == _fast._COMPACT.encode(data)


# -- the fast reader skips a check only when it cannot fail ---------------------------------


@attrs.frozen
class _PositiveOf(_checks._InstanceOf):
    """Looks like ``instance_of(int)`` (a subclass, the same fields) but checks more."""

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        super().__call__(instance, attribute, value)
        if isinstance(value, int) and value < 0:
            raise ValidationError(f"{attribute.name} must not be negative", field=attribute.name)


def _negative_refused(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, int) and value < 0:
        raise ValidationError(f"{attribute.name} must not be negative", field=attribute.name)


def _look_alike() -> Any:
    """A closure shaped as ``_checks.instance_of`` once was (its module, its qualified name,
    a free ``cls``), which also refuses negatives: told apart by what it is, not its name."""
    cls = int

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise ValidationError("not an int", field=attribute.name)
        _negative_refused(instance, attribute, value)

    check.__module__ = _checks.__name__
    check.__qualname__ = "instance_of.<locals>.check"
    return check


@attrs.frozen
class _Checked:
    """One field per validator that must run on the fast path: each refuses -1."""

    subclass: int = attrs.field(validator=_PositiveOf(int, "int"))
    look_alike: int = attrs.field(validator=_look_alike())
    both: int = attrs.field(validator=[_checks.instance_of(int), _negative_refused])
    bounded: int = attrs.field(validator=_checks.integer(minimum=0))
    maybe: int | None = attrs.field(validator=_checks.optional(_checks.integer(minimum=0)))
    amount: Decimal = attrs.field(validator=_checks.decimal(minimum=Decimal(0)))


class TestTrustedChecks:
    GOOD: ClassVar[dict[str, Any]] = {
        "subclass": 1, "look_alike": 1, "both": 1, "bounded": 1, "maybe": 1,
         "amount": "1",
    }  # fmt: skip

    def test_the_good_document_reads(self) -> None:
        assert _fast._fast_class(_Checked)(dict(self.GOOD)) == _Checked(1, 1, 1, 1, 1, Decimal(1))

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("subclass", -1),
            ("look_alike", -1),
            ("both", -1),
            ("bounded", -1),
            ("maybe", -1),
            ("amount", "-1"),
        ],
    )
    def test_a_check_that_can_fail_runs_on_the_fast_path(self, field: str, value: Any) -> None:
        with pytest.raises(ValidationError, match=field):
            _fast._fast_class(_Checked)({**self.GOOD, field: value})

    @pytest.mark.parametrize(
        ("validator", "hint"),
        [
            (_checks.instance_of(int), int),
            (_checks.instance_of(Decimal, "an amount"), Decimal),
            (_checks.decimal(), Decimal),
            (_checks.integer(), int),
            (_checks.optional(_checks.instance_of(dt.date)), dt.date | None),
            (_checks.tuple_of(Decimal), tuple[Decimal, ...]),
            (_checks.date, dt.date),
            (_checks.any_text, str),
        ],
    )
    def test_a_check_of_the_type_alone_is_skipped(self, validator: Any, hint: Any) -> None:
        assert _fast._checks_only_type(validator, hint)

    @pytest.mark.parametrize(
        ("validator", "hint"),
        [
            (_PositiveOf(int, "int"), int),
            (_look_alike(), int),
            (_checks.instance_of(int), bool),
            (_checks.integer(maximum=5), int),
            (_checks.decimal(minimum=Decimal(0)), Decimal),
            (_checks.optional(_checks.integer(minimum=0)), int | None),
            (_checks.optional(_checks.instance_of(int)), int),
            (_checks.tuple_of(str), tuple[str, ...]),
            (_checks.tuple_of(int), tuple[Decimal, ...]),
            (_checks.text, str),
        ],
    )
    def test_any_other_check_runs(self, validator: Any, hint: Any) -> None:
        assert not _fast._checks_only_type(validator, hint)
