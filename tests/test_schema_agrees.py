"""The JSON Schema and the reader agree on every rule that is not across fields (issue 21,
point 21), in Python's regular expressions and in JavaScript's (ajv and every browser's)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest

import desacoop
from desacoop.errors import ValidationError
from desacoop.schema import cross_field_rules, json_schema
from desacoop.serialization import document_kinds

from .utils import need

jsonschema = need("jsonschema")

Agreement = document_kinds()["Agreement"]


def _document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        json.dumps(desacoop.to_dict(desacoop.example_agreement()))
    )
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = document
        for key in parents:
            node = node[key]
        node[last] = value
    return document


def _reader(document: dict[str, Any]) -> tuple[str, ...]:
    """The paths the reader finds problems at (none: it accepts)."""
    try:
        desacoop.from_dict(document)
    except ValidationError as exc:
        return tuple(p.path for p in exc.problems)
    return ()


def _schema_accepts(document: dict[str, Any]) -> bool:
    validator = jsonschema.Draft202012Validator(
        json_schema(Agreement), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return bool(validator.is_valid(document))


#: (the change, where the reader refuses it, or None when it accepts it)
CASES: dict[str, tuple[dict[str, Any], str | None]] = {
    "time without seconds": ({"signing__at": "2022-04-13T10:00+08:00"}, None),
    "time with seconds": ({"signing__at": "2022-04-13T10:00:00+08:00"}, None),
    "title of a byte-order mark": ({"title": "\ufeff"}, "$.title"),
    "title of a next-line": ({"title": "\x85"}, "$.title"),
    "title of a file separator": ({"title": "\x1c"}, "$.title"),
    "title with a byte-order mark": ({"title": "\ufeffKerja sama"}, None),
    "no time at all": ({"term": {"start": "2022-04-13", "duration": "P0D"}}, "$.term.duration"),
    "zero years and months": (
        {"term": {"start": "2022-04-13", "duration": "P0Y0M"}},
        "$.term.duration",
    ),
    "three years": ({"term": {"start": "2022-04-13", "duration": "P3Y"}}, None),
    "the year 0000": ({"signing__on": "0000-01-01"}, "$.signing.on"),
    "the year 0001": ({"published_on": "0001-01-01"}, None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_schema_and_the_reader_agree(case: str) -> None:
    changes, refused_at = CASES[case]
    if "published_on" in changes:  # a source's date: the first source of the example
        document = _document()
        source = next(s for s in document["sources"] if isinstance(s, dict))
        source["published_on"] = changes["published_on"]
    else:
        document = _document(**changes)
    found = _reader(document)
    if refused_at is None:
        assert found == (), found
        assert _schema_accepts(document)
    else:
        assert refused_at in found, found
        assert not _schema_accepts(document)


def test_a_duration_past_the_year_9999_is_refused_at_the_duration() -> None:
    """The reader said `$: invalid value (ValueError: 'year 12025 is out of range')`. How
    long a term may run depends on its start: a rule across fields, listed as one."""
    document = _document(term={"start": "2022-04-13", "duration": "P10000Y"})
    with pytest.raises(ValidationError) as caught:
        desacoop.from_dict(document)
    assert [p.path for p in caught.value.problems] == ["$.term.duration"]
    assert "after the year 9999" in caught.value.problems[0].message
    assert any("plus the duration ends after the year 9999" in r for r in _rules("Term"))


def _rules(name: str) -> tuple[str, ...]:
    import desacoop.agreement

    return cross_field_rules(getattr(desacoop.agreement, name))


def test_the_rules_the_schema_does_not_check_are_written_out() -> None:
    """They read "expected an Indicator, not …" before: every placeholder now names the
    value it shows."""
    for name, cls in document_kinds().items():
        description = json_schema(cls)["description"]
        assert "…" not in description, (name, description)
    plan = json_schema(document_kinds()["MonitoringPlan"])["description"]
    assert "expected an Indicator, not <indicator>" in plan
    period = json_schema(document_kinds()["Period"])["description"]
    assert "a period ends (<end>) before it starts (<start>)" in period


# -- the same patterns in JavaScript -------------------------------------------------------

_TEXTS = ["\ufeff", "\x85", "\x1c", "\x1f", " \u3000\u2028", "\ufeffa", "Desa", "\xa0", "\u180e"]
_TIMES = [
    "2022-04-13T10:00+08:00", "2022-04-13T10:00:00+08:00", "2022-04-13T10:00:00.5Z",
    "2022-04-13T24:00+08:00", "2022-13-13T10:00Z", "0000-04-13T10:00Z", "2022-04-13T10:60Z",
    "2022-04-13T10:00+24:00", "2022-04-13T10:00",
]  # fmt: skip
_DURATIONS = ["P0D", "P0Y0M", "P3Y", "P1Y6M", "P10W", "P", "P0Y1D", "P10000Y"]
_DATES = ["0000-01-01", "0001-01-01", "2022-04-13"]


def _patterns() -> dict[str, tuple[str, list[str]]]:
    defs = json_schema(Agreement)["$defs"]
    return {
        "text": (defs["Party"]["properties"]["name"]["pattern"], _TEXTS),
        "datetime": (defs["datetime"]["pattern"], _TIMES),
        "duration": (defs["duration"]["pattern"], _DURATIONS),
        "date": (defs["date"]["pattern"], _DATES),
    }


def _reader_takes(kind: str, value: str) -> bool:
    from desacoop.serialization import from_dict

    if kind == "text":
        return "$.title" not in _reader(_document(title=value))
    if kind == "date":
        try:
            from_dict({"format": "desacoop/1", "document": "Period", "start": value,
                       "end": "2022-04-13"})  # fmt: skip
        except ValidationError as exc:
            return not any(p.path == "$.start" for p in exc.problems)
        return True
    if kind == "datetime":
        from desacoop.serialization._hooks import _structure_datetime

        try:
            _structure_datetime(value, object)
        except ValidationError:
            return False
        return True
    # no start: how far a duration may reach from its start is a rule across fields
    document = _document(term={"start": None, "duration": value})
    return "$.term.duration" not in _reader(document)


def test_patterns_agree_with_the_reader_in_python() -> None:
    for kind, (pattern, values) in _patterns().items():
        for value in values:
            assert bool(re.search(pattern, value)) == _reader_takes(kind, value), (kind, value)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_patterns_agree_with_the_reader_in_javascript() -> None:
    """ajv compiles `pattern` with JavaScript's RegExp and the u flag: there, \\s holds the
    byte-order mark and not U+0085 or U+001C."""
    patterns = _patterns()
    script = (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const out = {};"
        "for (const [kind, [pattern, values]] of Object.entries(cases)) {"
        "  const re = new RegExp(pattern, 'u');"
        "  out[kind] = values.map(v => re.test(v));"
        "}"
        "process.stdout.write(JSON.stringify(out));"
    )
    done = subprocess.run(
        ["node", "-e", script],
        input=json.dumps(patterns),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = json.loads(done.stdout)
    for kind, (_, values) in patterns.items():
        expected = [_reader_takes(kind, v) for v in values]
        assert found[kind] == expected, (kind, list(zip(values, found[kind], strict=True)))
