"""Strict JSON in and out for every public desacoop class.

This module owns the one cattrs converter and every hook. Reading is strict:

- unknown keys are rejected by name; required keys must be present;
- no silent coercion: ``5`` is not a name, ``"12"`` is not a count, ``true`` is not
  a number, a text is not a list;
- enums by value, dates as ISO 8601 (``2022-04-13``), aware datetimes with their
  offset, region codes dotted, durations as ISO 8601 (``P3Y``), money and other
  decimals as an integer or a decimal string, never a float;
- every problem in a document is collected and reported in one
  :class:`~desacoop.errors.ValidationError`, each with its JSON path;
- a key repeated in one object is refused (never "the last one wins"); texts, bytes and
  files follow one encoding rule (UTF-8, a UTF-8 byte-order mark allowed); numbers are
  bounded (exponents up to ``EXPONENT_LIMIT``, 1000); only regular files are read, and
  at most :data:`MAX_DOCUMENT_SIZE` bytes of them.

Writing never loses data: :func:`dump` replaces a file atomically (:func:`write_atomic`).
Large collections are JSON Lines, one document a line, written and read one record at a
time (:func:`dump_jsonl`, :func:`iter_jsonl`); a monitoring plan may keep its observations
in such a file (``dump(plan, path, observations_file=...)``).

A document's root carries ``"format": "desacoop/1"`` and ``"document"``, the class name
(no public class has a field of either name).

>>> from desacoop.regions import Village
>>> v = Village("63.71.01.1001", "Mantuil")
>>> print(to_json(v))
{
  "format": "desacoop/1",
  "document": "Village",
  "code": "63.71.01.1001",
  "name": "Mantuil",
  "kind": "kelurahan"
}
>>> from_json(to_json(v)) == v
True
>>> bad = {"format": "desacoop/1", "document": "Village", "code": "63.71.01.0001",
...        "name": 5, "extra": 1}
>>> from_dict(bad)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
desacoop.errors.ValidationError: 3 problems:
  $.code: village part '0001' must start with 1 (kelurahan), 2 (desa) or 3 (desa adat) ...
  $.name: expected a text, got a number 5
  $.extra: unknown key 'extra'

"""

from __future__ import annotations

from desacoop.serialization._documents import (
    DOCUMENTS,
    FORMAT,
    MAX_DOCUMENT_SIZE,
    document_kinds,
    from_dict,
    from_json,
    json_schema,
    parse_json,
    to_dict,
    to_json,
)
from desacoop.serialization._files import (
    MAX_PROBLEMS,
    OBSERVATIONS_FILE,
    dump,
    dump_jsonl,
    iter_jsonl,
    load,
    read_bytes,
    write_atomic,
)
from desacoop.serialization._hooks import PATTERNS, PLAIN_EXPONENT_LIMIT, VALUE_TYPES, converter

__all__ = [
    "DOCUMENTS",
    "FORMAT",
    "MAX_DOCUMENT_SIZE",
    "MAX_PROBLEMS",
    "OBSERVATIONS_FILE",
    "PATTERNS",
    "PLAIN_EXPONENT_LIMIT",
    "VALUE_TYPES",
    "converter",
    "document_kinds",
    "dump",
    "dump_jsonl",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "json_schema",
    "load",
    "parse_json",
    "read_bytes",
    "to_dict",
    "to_json",
    "write_atomic",
]
