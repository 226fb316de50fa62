"""JSON Schema for every document kind: generated from the classes, valid Draft 2020-12, every
drawn document validates, and what the schema rejects desacoop rejects too."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import pathlib
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from desacoop import strategies
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.monitoring import Period, Value
from desacoop.schema import all_schemas, cross_field_rules, json_schema, schema_id
from desacoop.serialization import document_kinds, from_dict, from_json, to_dict
from desacoop.serialization import json_schema as reexported

KINDS = sorted(document_kinds())


def _validator(cls: type) -> Draft202012Validator:
    return Draft202012Validator(
        json_schema(cls), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = json_schema(document_kinds()[kind])
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schema_id(document_kinds()[kind])
    assert schema["properties"]["format"] == {
        "const": "desacoop/1",
        "description": "The desacoop file format.",
    }
    assert schema["properties"]["document"]["const"] == kind
    assert schema["additionalProperties"] is False
    for name, sub in schema.get("$defs", {}).items():
        if sub.get("type") == "object":
            assert sub["additionalProperties"] is False, name


def test_the_serialization_module_re_exports_the_builder() -> None:
    assert reexported(Period) == json_schema(Period)


def test_each_call_returns_a_new_dict() -> None:
    first = json_schema(Period)
    first["properties"].clear()
    assert json_schema(Period)["properties"]


@pytest.mark.parametrize("bad", [5, None, "period", "Nope", int, dict])
def test_only_document_classes_have_a_schema(bad: Any) -> None:
    with pytest.raises(ValidationError, match="not a desacoop document class"):
        json_schema(bad)


def test_a_schema_by_the_documents_name() -> None:
    """Issue 21, point 20: json_schema("Agreement"), as `desacoop schema Agreement` takes it."""
    from desacoop import serialization

    assert json_schema("Period") == json_schema(Period)
    agreement = serialization.json_schema("Agreement")
    assert agreement["properties"]["document"]["const"] == "Agreement"
    assert agreement == json_schema(document_kinds()["Agreement"])


def test_all_schemas_covers_every_kind() -> None:
    assert sorted(all_schemas()) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_drawn_documents_validate_against_their_schema(kind: str) -> None:
    cls = document_kinds()[kind]
    validator = _validator(cls)

    @settings(max_examples=8, suppress_health_check=list(HealthCheck), deadline=None)
    @given(strategies.for_type(cls))
    def check(obj: Any) -> None:
        document = json.loads(json.dumps(to_dict(obj)))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, errors

    check()


# --- mutations: the schema may be looser, never stricter -----------------------------------


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


_WRONG = [5, 1.5, "x", "", " ", True, None, [], {}, "2024-13-01", "13/4/2022", "1.234,5", "63.00"]


def _mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    mutated = copy.deepcopy(document)
    path = rng.choice(_paths(mutated)[1:] or [()])
    parent = _get(mutated, path[:-1]) if path else None
    target = _get(mutated, path)
    choice = rng.randrange(4)
    if choice == 0 and isinstance(target, dict):
        target["unexpected"] = 1
    elif choice == 1 and isinstance(parent, dict):
        del parent[path[-1]]
    elif parent is not None:
        parent[path[-1]] = rng.choice(_WRONG)
    else:
        mutated["format"] = "desacoop/2"
    return mutated


@pytest.mark.parametrize(
    "kind", ["Agreement", "MonitoringPlan", "VillageEvaluation", "Product", "Enterprise", "Value"]
)
def test_documents_the_schema_rejects_are_rejected_by_desacoop(kind: str) -> None:
    cls = document_kinds()[kind]
    validator = _validator(cls)
    rejected = accepted_by_schema_only = 0

    @settings(max_examples=6, suppress_health_check=list(HealthCheck), deadline=None)
    @given(strategies.for_type(cls), st.randoms(use_true_random=False))
    def check(obj: Any, rng: random.Random) -> None:
        nonlocal rejected, accepted_by_schema_only
        document = json.loads(json.dumps(to_dict(obj)))
        for _ in range(15):
            mutated = _mutate(document, rng)
            if next(validator.iter_errors(mutated), None) is None:
                try:
                    from_dict(mutated, cls)
                except ValidationError:
                    accepted_by_schema_only += 1  # a rule across fields: allowed
                continue
            rejected += 1
            with pytest.raises(ValidationError):
                from_json(json.dumps(mutated), cls)

    check()
    assert rejected > 20, "the mutations should mostly break the schema"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start", "2024-1-1", "does not match"),
        ("start", 20240101, "is not of type 'string'"),
        ("end", None, "is not of type 'string'"),
    ],
)
def test_a_period_with_a_wrong_date_is_rejected_by_both(
    field: str, value: Any, message: str
) -> None:
    document = to_dict(Period(dt.date(2024, 1, 1), dt.date(2024, 3, 31)))
    document[field] = value
    errors = list(_validator(Period).iter_errors(document))
    assert errors
    assert message in errors[0].message
    with pytest.raises(ValidationError):
        from_dict(document, Period)


def test_decimals_are_texts_or_whole_numbers_never_floats() -> None:
    validator = _validator(Value)
    base = {"format": "desacoop/1", "document": "Value"}
    assert validator.is_valid({**base, "amount": "12.5"})
    assert validator.is_valid({**base, "amount": 12})
    assert not validator.is_valid({**base, "amount": 12.5})
    assert not validator.is_valid({**base, "amount": "12,5"})
    assert not validator.is_valid({**base, "amount": "1e"})
    assert not validator.is_valid({**base, "amount": "12.5", "extra": 1})
    assert not validator.is_valid({"document": "Value", "amount": "1"})


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("63.71.01.1001", True),
        ("6371011001", True),
        ("63", True),
        ("35.15", True),
        (" 63.71 ", True),
        ("63.00", False),
        ("99", False),  # no such province
        ("63.71.01.0001", False),  # a BPS village code
        ("6371011", False),  # seven digits: a BPS district code
        ("63-71", False),
    ],
)
def test_region_codes_follow_the_code_rules(code: str, valid: bool) -> None:
    from desacoop.regions import Region, RegionCode

    document = {"format": "desacoop/1", "document": "Region", "code": code, "name": "X"}
    assert _validator(Region).is_valid(document) is valid
    try:
        RegionCode(code)
    except ValidationError:
        assert not valid
    else:
        assert valid


def test_cross_field_rules_are_named_in_the_description() -> None:
    schema = json_schema(Period)
    assert "a period ends (<end>) before it starts (<start>)" in schema["description"]
    backwards = {"format": "desacoop/1", "document": "Period"}
    backwards |= {"start": "2024-03-31", "end": "2024-01-01"}
    assert _validator(Period).is_valid(backwards)  # looser than desacoop, and says so
    with pytest.raises(ValidationError, match="before it starts"):
        from_dict(backwards, Period)
    value = json_schema(Value)["description"]
    assert "a value holds exactly one of" in value
    plan = json_schema(document_kinds()["Agreement"])["description"]
    assert "party id <party id> is used twice" in plan  # in a method __attrs_post_init__ calls


def test_cross_field_rules_of_a_class_without_them() -> None:
    from desacoop.regions import Region

    assert cross_field_rules(Region) == ()
    with pytest.raises(ValidationError, match="not an attrs class"):
        cross_field_rules(int)


def test_single_field_validators_become_keywords() -> None:
    agreement = json_schema(document_kinds()["Agreement"])
    party = agreement["$defs"]["Party"]["properties"]
    assert party["id"]["pattern"] == "^[a-z0-9][a-z0-9._-]*$"  # _checks.identifier
    assert party["name"]["pattern"] == "[^\\s\\x1c-\\x1f\\x85\\ufeff]"  # _checks.text: not blank
    assert "Party" in agreement["$defs"]
    assert agreement["properties"]["parties"]["type"] == "array"
    score = json_schema(document_kinds()["IndicatorScore"])["properties"]
    assert score["score"] == {"type": "integer", "minimum": 0, "maximum": 5}  # integer(0, 5)
    assert score["number"] == {"type": "integer", "minimum": 1}


# --- the command --------------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_schema_command_prints_one_kind() -> None:
    code, text = _run("schema", "Period")
    assert code == 0
    assert json.loads(text) == json_schema(Period)


def test_schema_command_lists_the_kinds() -> None:
    code, text = _run("schema")
    assert code == 0
    lines = text.splitlines()
    assert [line.split()[0] for line in lines] == KINDS
    assert "A span of days" in next(line for line in lines if line.startswith("Period "))


def test_schema_command_refuses_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _run("schema", "Perod")
    assert code == 1
    assert "unknown document kind 'Perod' (did you mean Period?)" in capsys.readouterr().err


def test_a_plan_that_keeps_its_observations_apart_fits_its_schema(tmp_path: pathlib.Path) -> None:
    import jsonschema

    from desacoop.example import example_plan
    from desacoop.monitoring import MonitoringPlan
    from desacoop.schema import json_schema
    from desacoop.serialization import dump

    dump(example_plan(), tmp_path / "plan.json", observations_file="plan-observations.jsonl")
    document = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert "observations_file" in document
    jsonschema.validate(document, json_schema(MonitoringPlan))
