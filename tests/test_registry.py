"""Region lists: loading the real editions, look-ups, search and the 2022 to 2025 diff."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from desacoop.errors import ValidationError
from desacoop.regions import Level, RegionCode, VillageKind
from desacoop.registry import RegionRegistry, normalize_name

from .utils import shared_file


@cache
def _edition(year: int) -> RegionRegistry:
    return RegionRegistry.from_csv(
        shared_file("regions", f"kemendagri-{year}.csv"), edition=str(year)
    )


@pytest.fixture
def r2025() -> RegionRegistry:
    return _edition(2025)


@pytest.fixture
def r2022() -> RegionRegistry:
    return _edition(2022)


def test_counts_by_level(r2025: RegionRegistry, r2022: RegionRegistry) -> None:
    assert len(r2025) == 91_599
    assert [r2025.count(level) for level in Level] == [38, 514, 7_285, 83_762]
    assert len(r2022) == 91_281
    assert [r2022.count(level) for level in Level] == [34, 514, 7_266, 83_467]


@pytest.mark.parametrize(
    ("province", "regencies", "districts", "desa", "kelurahan"),
    [("63", 13, 156, 1_872, 144), ("35", 38, 666, 7_721, 773)],
)
def test_the_two_parties_provinces(
    r2025: RegionRegistry, province: str, regencies: int, districts: int, desa: int, kelurahan: int
) -> None:
    assert len(r2025.children(province)) == regencies
    assert len(r2025.descendants(province, Level.DISTRICT)) == districts
    villages = r2025.descendants(province, Level.VILLAGE)
    assert sum(v.village_kind is VillageKind.DESA for v in villages) == desa
    assert sum(v.village_kind is VillageKind.KELURAHAN for v in villages) == kelurahan


def test_look_up_children_ancestors(r2025: RegionRegistry) -> None:
    assert r2025.name("6371011001") == "Mantuil"
    region = r2025.get(RegionCode("63.71"))
    assert region is not None
    assert region.name == "Kota Banjarmasin"
    assert RegionCode("63.71.01") in r2025.children("63.71")
    assert [r.name for r in r2025.ancestors("63.71.01.1001")][:2] == [
        "Kalimantan Selatan",
        "Kota Banjarmasin",
    ]
    assert "63.71.01.1001" in r2025
    assert "not a code" not in r2025
    assert "93" not in _edition(2022)
    with pytest.raises(ValidationError, match="not in the 2022 list"):
        _edition(2022)["93"]
    with pytest.raises(ValidationError, match="not in the 2022 list"):
        _edition(2022).name("93")
    assert r2025["63.71"].name == "Kota Banjarmasin"


def test_get_returns_none_for_an_absent_code(r2025: RegionRegistry) -> None:
    """``get`` answers like a mapping's get (issue 11); a malformed code is still refused."""
    assert r2025.get("63.99") is None
    assert _edition(2022).get("93") is None
    assert r2025.get(RegionCode("63.71")) == r2025["63.71"]
    for bad in ("63.00", "not a code", None, 63):
        with pytest.raises(ValidationError):
            r2025.get(bad)  # type: ignore[arg-type]


def test_a_missing_or_unreadable_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read the region list"):
        RegionRegistry.from_csv(tmp_path / "missing.csv", edition="x")
    with pytest.raises(ValidationError, match="cannot read the region list"):
        RegionRegistry.from_csv(tmp_path, edition="x")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,name\n63,Kalimantan Selatan \xe9\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="cannot read the region list"):
        RegionRegistry.from_csv(latin, edition="x")
    with pytest.raises(ValidationError, match="path"):
        RegionRegistry.from_csv(None, edition="x")  # type: ignore[arg-type]


def test_parents_follow_the_level_digits() -> None:
    """Parents are worked out from regions.LEVEL_DIGITS; a bad key is refused."""
    reg = RegionRegistry(
        {"63": "Kalsel", "6371": "Kota", "637101": "Kec", "6371011001": "Desa"}, "t"
    )
    assert reg.children("63.71.01") == (RegionCode("63.71.01.1001"),)
    assert reg.children("63") == (RegionCode("63.71"),)
    for names in ({"6371011": "x"}, {63: "x"}, {"63": None}, None):
        with pytest.raises(ValidationError):
            RegionRegistry(names, "t")  # type: ignore[arg-type]


def test_search_ignores_case_and_punctuation(r2025: RegionRegistry) -> None:
    hits = r2025.search("HULU-SUNGAI  selatan", level=Level.REGENCY)
    assert [str(r.code) for r in hits] == ["63.06"]
    assert r2025.search("kota banjarmasin")[0].code == RegionCode("63.71")
    assert r2025.search("  ...  ") == ()
    assert normalize_name("KAB. TRENGGALEK") == "kab trenggalek"


def _raw(year: int) -> dict[str, str]:
    path = shared_file("regions", f"kemendagri-{year}.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def test_diff_2022_to_2025_matches_the_readme(r2022: RegionRegistry, r2025: RegionRegistry) -> None:
    diff = r2022.diff(r2025)
    assert len(diff.removed) == 6_364
    assert len(diff.added) == 6_682
    # The README counts 2,696 names that differ as raw text; the registry strips
    # surrounding blanks, so a name that only gained or lost a blank is no renaming.
    old, new = _raw(2022), _raw(2025)
    blank_only = [
        c for c in old.keys() & new.keys() if old[c] != new[c] and old[c].strip() == new[c].strip()
    ]
    assert len(diff.renamed) == 2_696 - len(blank_only)
    trenggalek = next(r for r in diff.renamed if r.code == RegionCode("35.03"))
    assert (trenggalek.old, trenggalek.new) == ("KAB. TRENGGALEK", "Kabupaten Trenggalek")
    assert all(
        c.compact[:2] in {"93", "94", "95", "96"} for c in diff.added if c.level is Level.PROVINCE
    )


def test_bad_rows_are_reported_with_their_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n63,Kalimantan Selatan\n63.00,Nowhere\n63.71.01,Orphan\n63,Again\n")
    with pytest.raises(ValidationError) as info:
        RegionRegistry.from_csv(path, edition="bad")
    text = str(info.value)
    # Lines as an editor numbers them: the header is line 1.
    assert "line 3: regency part is 00" in text
    assert "line 5: code 63 appears twice (first at line 2)" in text
    assert "63.71.01: its parent region is not in the list" in text
    with pytest.raises(ValidationError, match="row 3: code 63 appears twice \\(first at row 1\\)"):
        RegionRegistry.from_rows([("63", "A"), ("63.01", "B"), ("63", "C")], edition="t")


def test_missing_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "noheader.csv"
    path.write_text("63,Kalimantan Selatan\n")
    with pytest.raises(ValidationError, match="header"):
        RegionRegistry.from_csv(path, edition="x")


def test_get_mirrors_mapping_get() -> None:
    """An absent code gives ``default`` (``None`` unless given); a malformed one raises."""
    reg = RegionRegistry.from_rows([("63", "Kalimantan Selatan")], edition="t")
    assert reg.get("63.99") is None
    assert reg.get("63.99", "absent") == "absent"
    assert reg.get("63", "absent") == reg["63"]
    with pytest.raises(ValidationError, match="not in the t list"):
        reg["63.99"]
    with pytest.raises(ValidationError):
        reg.get("63.9x", "absent")


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="No such file") as info:
        RegionRegistry.from_csv(tmp_path / "nowhere.csv", edition="x")
    assert "nowhere.csv" in str(info.value)
    assert not isinstance(info.value, FileNotFoundError)


@pytest.mark.parametrize(
    "header",
    ["code,name", "kode,nama", "KODE,NAMA", " Code , Name ", "nama,kode", "no,kode,nama,tahun"],
)
def test_header_names_the_columns_used(tmp_path: Path, header: str) -> None:
    columns = [h.strip().lower() for h in header.split(",")]
    code_at = columns.index("code" if "code" in columns else "kode")
    name_at = columns.index("name" if "name" in columns else "nama")

    def row(code: str, name: str) -> str:
        cells = ["x"] * len(columns)
        cells[code_at], cells[name_at] = code, name
        return ",".join(cells)

    path = tmp_path / "list.csv"
    path.write_text(f"{header}\n{row('63', 'Kalimantan Selatan')}\n{row('63.71', 'Kota')}\n")
    reg = RegionRegistry.from_csv(path, edition="x")
    assert [(str(r.code), r.name) for r in reg] == [("63", "Kalimantan Selatan"), ("63.71", "Kota")]


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ("kode,name2", "no name column"),
        ("nomor,nama", "no code column"),
        ("code,kode,name", "more than one code column"),
        ("code;name", "no code column"),
    ],
)
def test_a_header_without_its_two_columns_is_refused(
    tmp_path: Path, header: str, fragment: str
) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"{header}\n63,Kalimantan Selatan\n")
    with pytest.raises(ValidationError, match=fragment):
        RegionRegistry.from_csv(path, edition="x")


def test_empty_file_and_blank_rows(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ValidationError, match="empty"):
        RegionRegistry.from_csv(empty, edition="x")
    blanks = tmp_path / "blanks.csv"
    blanks.write_text("code,name\n\n63,Kalimantan Selatan\n,\n")
    assert len(RegionRegistry.from_csv(blanks, edition="x")) == 1
    short = tmp_path / "short.csv"
    short.write_text("name,code\n63\n")
    with pytest.raises(ValidationError, match=r"line 2: expected code,name, got \('63',\)"):
        RegionRegistry.from_csv(short, edition="x")


# "Kalimantan Selatan – Banua" with an en dash: byte 0x96 in Windows-1252, not UTF-8.
EXCEL_ROWS = "code,name\r\n63,Kalimantan Selatan\r\n63.71,Kota Banjarmasin \u2013 Banua\r\n"


def test_a_windows_1252_list_names_the_line_and_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(EXCEL_ROWS.encode("cp1252"))
    with pytest.raises(ValidationError) as info:
        RegionRegistry.from_csv(path, edition="x")
    message = str(info.value)
    assert "line 3 is not utf-8 text (byte 0x96)" in message
    assert "encoding='cp1252'" in message
    reg = RegionRegistry.from_csv(path, edition="x", encoding="cp1252")
    assert reg.name("63.71") == "Kota Banjarmasin \u2013 Banua"
    assert RegionRegistry.from_csv(path, edition="x", encoding="Windows-1252") is not None


def test_utf8_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(EXCEL_ROWS.encode("utf-8-sig"))
    assert RegionRegistry.from_csv(path, edition="x").name("63") == "Kalimantan Selatan"


def test_bytes_of_no_known_encoding_get_the_generic_hint(tmp_path: Path) -> None:
    # 0x81 is undefined in Windows-1252 too: no cp1252 guess, the generic advice.
    path = tmp_path / "odd.csv"
    path.write_bytes(b"code,name\n63,Kalimantan \x81\n")
    with pytest.raises(ValidationError, match=r"line 2 .*pass the file's encoding"):
        RegionRegistry.from_csv(path, edition="x")
    with pytest.raises(ValidationError, match="line 2 is not ascii text"):
        RegionRegistry.from_csv(path, edition="x", encoding="ascii")


@pytest.mark.parametrize("encoding", ["no-such-codec", "rot13", "", 5, None])
def test_an_unknown_encoding_is_refused(tmp_path: Path, encoding: object) -> None:
    path = tmp_path / "list.csv"
    path.write_text("code,name\n63,Kalimantan Selatan\n")
    with pytest.raises(ValidationError, match="encoding"):
        RegionRegistry.from_csv(path, edition="x", encoding=encoding)  # type: ignore[arg-type]


def test_a_field_over_the_csv_limit_is_a_validation_error(tmp_path: Path) -> None:
    limit = csv.field_size_limit()  # 131,072 unless a program raised it
    path = tmp_path / "huge.csv"
    path.write_text(f'code,name\n63,Kalimantan Selatan\n63.71,"{"x" * (limit + 1)}"\n')
    with pytest.raises(ValidationError, match=f"line 3: a field is longer than {limit:,}"):
        RegionRegistry.from_csv(path, edition="x")
    assert csv.field_size_limit() == limit  # the process-wide limit is left alone
