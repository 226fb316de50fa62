"""The desacoop command: show, validate, report."""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest

import desacoop
from desacoop import cli
from desacoop.cli import _base, _terminal, main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_show_defaults_to_the_bundled_example() -> None:
    code, text = run("show")
    assert code == 0
    for expected in (
        "Faried Fakhmansyah",
        "Soekaryo",
        "Sahbirin Noor",
        "represented by Roy Rizali Anwar",
        "Khofifah Indar Parawansa",
        "kehadiran tidak disebut / attendance not stated",
        "Rabu, 13 April 2022",
        "WITA",
        "16. pengembangan kader pemberdayaan masyarakat desa (KPMD)",
        "Jangka waktu / term: tidak diketahui",
    ):
        assert expected in text
    assert text.count("\n   ") >= 16


def test_show_a_file_with_status(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    desacoop.dump(desacoop.example_agreement(), path)
    code, text = run("show", str(path), "--as-of", "12 April 2022")
    assert code == 0
    assert "Status per 12 April 2022: rancangan (draft)" in text


def test_validate_lists_every_problem_with_its_path(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    desacoop.dump(desacoop.example_agreement(), good)
    doc = desacoop.to_dict(desacoop.example_agreement())
    doc["parties"][1]["province"] = "64x"
    doc["signatories"][0]["official"]["name"] = 7
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, text = run("validate", str(good), str(bad), str(tmp_path / "missing.json"))
    assert code == 1
    assert f"{good}: ok (Agreement)" in text
    assert f"{bad}: INVALID, 2 problems" in text
    assert "$.parties[1].province: not a region code: '64x'" in text
    assert "$.signatories[0].official.name: expected a text" in text
    assert f"{tmp_path / 'missing.json'}: no such file" in text


def test_validate_passes_on_good_files(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    desacoop.dump(desacoop.example_agreement(), good)
    assert run("validate", str(good))[0] == 0


def test_show_refuses_another_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.json"
    desacoop.dump(desacoop.Village("63.71.01.1001", "Mantuil"), path)
    code, _ = run("show", str(path))
    assert code == 1
    assert "expected an Agreement" in capsys.readouterr().err


def test_bad_dates_are_usage_errors() -> None:
    with pytest.raises(SystemExit) as info:
        run("show", "--as-of", "Kamis, 13 April 2022")
    assert info.value.code == 2


def test_the_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desacoop.cli", "show"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Kalimantan Selatan" in result.stdout


def test_report_defaults_to_the_bundled_illustrative_plan() -> None:
    code, text = run("report", "--as-of", "2024-12-31")
    assert code == 0
    assert text.startswith("ILLUSTRATIVE")
    assert "Kalimantan Selatan" in text
    assert "Jawa Timur" in text


def test_report_without_a_date_stops_at_the_plan_window() -> None:
    plan = desacoop.example_plan()
    expected = run("report", "--as-of", plan.monitoring_window.end.isoformat(), "--format", "json")
    assert run("report", "--format", "json") == expected


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_report_formats(fmt: str) -> None:
    code, text = run("report", "--as-of", "2023-06-30", "--format", fmt)
    assert code == 0
    if fmt == "json":
        report: object = desacoop.from_json(text)
        assert isinstance(report, desacoop.ProgressReport)
    if fmt == "markdown":
        assert text.lstrip().startswith(("#", ">", "**"))


def test_report_reads_a_plan_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    desacoop.dump(desacoop.example_plan(), path)
    assert run("report", str(path), "--as-of", "2024-12-31") == run(
        "report", "--as-of", "2024-12-31"
    )
    other = tmp_path / "agreement.json"
    desacoop.dump(desacoop.example_agreement(), other)
    assert run("report", str(other))[0] == 1


def test_report_in_indonesian() -> None:
    code, text = run("report", "--as-of", "2024-12-31", "--language", "id")
    assert code == 0
    english = run("report", "--as-of", "2024-12-31")[1]
    assert text != english
    assert "Wilayah dengan capaian terendah" in text


def test_a_saved_json_report_renders_again(tmp_path: Path) -> None:
    code, saved = run("report", "--as-of", "2024-12-31", "--format", "json")
    assert code == 0
    path = tmp_path / "report.json"
    path.write_text(saved, encoding="utf-8")
    assert run("report", str(path)) == run("report", "--as-of", "2024-12-31")
    assert run("report", str(path), "--format", "json") == (0, saved)


def test_report_as_recorded_on_and_at_another_level() -> None:
    code, then = run("report", "--as-of", "2023-06-30", "--recorded-on", "2023-01-15")
    assert code == 0
    assert "data: as recorded on 15 January 2023" in then
    assert then != run("report", "--as-of", "2023-06-30")[1]
    code, villages = run("report", "--as-of", "2024-12-31", "--level", "village")
    assert code == 0
    assert "(village)" in villages


# -- CLI polish (issues 8 and 11) ---------------------------------------------------------


def _command(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m desacoop ARGV`` in a child process, output as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "desacoop", *argv],
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_python_dash_m_desacoop_and_the_version() -> None:
    result = _command("show")
    assert result.returncode == 0, result.stderr
    assert "Kalimantan Selatan" in result.stdout.decode()
    version = _command("--version")
    assert version.returncode == 0
    assert version.stdout.decode().strip() == f"desacoop {metadata.version('desacoop')}"


def test_the_version_falls_back_to_the_package_attribute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    assert _base._version() == desacoop.__version__


def _sub_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found[name] = child
                found.update({f"{name} {k}": v for k, v in _sub_parsers(child).items()})
    return found


def test_help_documents_exit_codes_and_every_argument(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for line in ("0    done", "1    problems found", "2    wrong usage", "141  the reader"):
        assert line in text
    commands = _sub_parsers(cli._parser())
    assert {"show", "validate", "report"} <= commands.keys()
    for name, parser in commands.items():
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help, f"desacoop {name}: {action.dest} has no help text"
    for name in ("show", "validate", "report"):
        options = {o for a in commands[name]._actions for o in a.option_strings}
        assert {"--format", "-o", "--output"} <= options


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["frobnicate"], ["show", "--format", "yaml"], ["validate"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["show", "--format", "json", "--as-of", "2023-01-01"])
    assert info.value.code == 2
    assert "--as-of" in capsys.readouterr().err


def test_show_as_json_is_the_agreement_document() -> None:
    code, text = run("show", "--format", "json")
    assert code == 0
    assert desacoop.from_json(text) == desacoop.example_agreement()


def test_validate_as_json_for_editors_and_ci(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    desacoop.dump(desacoop.example_agreement(), good)
    doc = desacoop.to_dict(desacoop.example_agreement())
    doc["parties"][1]["province"] = "64x"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    missing = tmp_path / "missing.json"
    code, text = run("validate", "--format", "json", str(good), str(bad), str(missing))
    assert code == 1
    report = json.loads(text)
    assert report["valid"] is False
    assert report["files"] == [
        {"file": str(good), "status": "ok", "document": "Agreement", "problems": 0},
        {"file": str(bad), "status": "invalid", "document": None, "problems": 1},
        {"file": str(missing), "status": "missing", "document": None, "problems": 1},
    ]
    assert report["problems"][0]["file"] == str(bad)
    assert report["problems"][0]["path"] == "$.parties[1].province"
    assert report["problems"][0]["message"].startswith("not a region code: '64x'")
    assert report["problems"][1] == {"file": str(missing), "path": "$", "message": "no such file"}
    assert set(report) == {"valid", "files", "problems"}
    code, text = run("validate", "--format", "json", str(good))
    assert (code, json.loads(text)["valid"], json.loads(text)["problems"]) == (0, True, [])


def test_validate_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    text = desacoop.to_json(desacoop.example_agreement())
    _stdin(monkeypatch, text.encode())
    assert run("validate", "-") == (0, "<stdin>: ok (Agreement)\n")
    _stdin(monkeypatch, b'{"format": "desacoop/1"}')
    code, out = run("validate", "-")
    assert code == 1
    assert "<stdin>: INVALID, 1 problem\n  $.document: required but missing" in out


def test_report_reads_a_plan_on_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, desacoop.to_json(desacoop.example_plan()).encode())
    assert run("report", "-", "--as-of", "2024-12-31") == run("report", "--as-of", "2024-12-31")


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Notepad saves UTF-8 with a BOM; desacoop.serialization.load reads it (one rule for
    bytes and files), so the command accepts it with no rule of its own."""
    path = tmp_path / "notepad.json"
    path.write_bytes(codecs.BOM_UTF8 + desacoop.to_json(desacoop.example_agreement()).encode())
    assert run("validate", str(path)) == (0, f"{path}: ok (Agreement)\n")
    assert run("show", str(path)) == run("show")


def test_a_missing_file_is_no_such_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.json"
    for command in ("show", "report"):
        assert run(command, str(missing)) == (1, "")
        assert capsys.readouterr().err == f"desacoop: {missing}: no such file\n"


def test_errors_name_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "desacoop/1", "document": "Agreement"}', encoding="utf-8")
    assert run("show", str(path))[0] == 1
    assert capsys.readouterr().err.startswith(f"desacoop: {path}: ")


def test_output_goes_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    assert run("report", "--as-of", "2024-12-31", "-o", str(target)) == (0, "")
    assert target.read_text(encoding="utf-8") == run("report", "--as-of", "2024-12-31")[1]
    shown = tmp_path / "agreement.json"
    assert run("show", "--format", "json", "--output", str(shown)) == (0, "")
    assert desacoop.load(shown) == desacoop.example_agreement()
    assert run("show", "-o", "-")[1] == run("show")[1]  # '-': standard output
    # no temporary file left behind
    assert {p.name for p in tmp_path.iterdir()} == {"report.txt", "agreement.json"}


def test_a_failed_command_leaves_the_output_file_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.txt"
    target.write_text("the report sent last month\n", encoding="utf-8")
    assert run("report", str(tmp_path / "nowhere.json"), "-o", str(target))[0] == 1
    assert target.read_text(encoding="utf-8") == "the report sent last month\n"
    assert run("show", "-o", str(tmp_path / "no-such-folder" / "x.txt"))[0] == 1
    assert "cannot write" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_validate_writes_its_findings_to_a_file_too(tmp_path: Path) -> None:
    target = tmp_path / "problems.json"
    code, out = run("validate", str(tmp_path / "x.json"), "--format", "json", "-o", str(target))
    assert (code, out) == (1, "")
    assert json.loads(target.read_text(encoding="utf-8"))["files"][0]["status"] == "missing"


def test_a_closed_pipe_ends_quietly() -> None:
    """``desacoop report --format json | head -1``: the reader leaves; no traceback, and
    the status a shell gives a command killed by SIGPIPE (141)."""
    read, write = os.pipe()
    os.close(read)  # the reader has already gone: the first write fails with EPIPE
    try:
        child = subprocess.run(
            [sys.executable, "-m", "desacoop", "report", "--format", "json"],
            stdout=write,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write)
    assert child.returncode == 141
    assert child.stderr == b""
    piped = subprocess.run(
        f"{sys.executable} -m desacoop report --format json | head -1",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert piped.stdout == b"{\n"
    assert piped.stderr == b""


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_an_output_encoding_without_the_symbols_gets_ascii(encoding: str) -> None:
    result = _command("report", "--as-of", "2024-12-31", env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stderr == b""
    text = result.stdout.decode(encoding)
    assert "Overall: ##" in text
    assert "█" not in text
    if encoding == "cp1252":  # what the encoding has, it keeps
        assert "·" in text
    utf8 = _command("report", "--as-of", "2024-12-31", env={"PYTHONIOENCODING": "utf-8"})
    assert "Overall: ██" in utf8.stdout.decode()


def test_the_ascii_stand_ins() -> None:
    text = "Σ 12 █░│ ≥ 90 % · Pelaihari – Kalsel × 2 é ☃"
    assert (
        text.encode("ascii", _terminal._ASCII_ERRORS)
        == b"sum  12 #-| >= 90 % . Pelaihari - Kalsel x 2 e ?"
    )
    assert "█·".encode("cp1252", _terminal._ASCII_ERRORS) == "#·".encode("cp1252")


def test_signing_time_in_another_zone_is_flagged(tmp_path: Path) -> None:
    """10:00 +07:00 (WIB) at Banjarmasin (WITA, UTC+8): validate names the slip."""
    doc = desacoop.to_dict(desacoop.example_agreement())
    doc["signing"]["at"] = "2022-04-13T10:00:00+07:00"
    path = tmp_path / "wib.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, text = run("validate", str(path))
    assert code == 1
    assert (
        "  $.signing.at: the signing time 2022-04-13T10:00:00+07:00 is not in the time of "
        "Banjarmasin (WITA, UTC+08:00); write it as 2022-04-13T11:00:00+08:00 (or in UTC)"
    ) in text
    for fine in ("2022-04-13T11:00:00+08:00", "2022-04-13T03:00:00Z"):
        doc["signing"]["at"] = fine
        path.write_text(json.dumps(doc), encoding="utf-8")
        assert run("validate", str(path))[0] == 0, fine


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal_only() -> None:
    screen = _Terminal()
    with _terminal._Progress("reading plan.json", 4, stream=screen, delay=0, interval=0.01) as bar:
        bar.advance(3)
        deadline = time.monotonic() + 5
        while "3/4" not in screen.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    drawn = screen.getvalue()
    assert "\rreading plan.json [###############-----]  75% (3/4)" in drawn
    assert drawn.endswith("\r")  # erased at the end
    assert drawn.rsplit("\r", 2)[1].strip() == ""
    pipe = io.StringIO()
    with _terminal._Progress("reading plan.json", stream=pipe, delay=0, interval=0.01):
        time.sleep(0.05)
    assert pipe.getvalue() == ""


def test_progress_waits_a_second_before_drawing() -> None:
    screen = _Terminal()
    with _terminal._Progress("computing progress", stream=screen):  # quick work: no line at all
        pass
    assert screen.getvalue() == ""
    bar = _terminal._Progress("computing progress")
    assert bar.line().startswith("computing progress ... ")


def test_commands_write_nothing_on_stderr_when_it_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("report", "--as-of", "2024-12-31")[0] == 0
    assert capsys.readouterr().err == ""


def test_a_report_without_a_date_says_which_date_it_took() -> None:
    code, text = run("report")
    assert code == 0
    assert "The report date was not chosen" in text
    code, text = run("report", "--as-of", "2024-06-30")
    assert "The report date was not chosen" not in text


def test_report_shows_undeclared_data_apart_on_request(tmp_path: Path) -> None:
    from desacoop.monitoring import Target, Value
    from desacoop.serialization import dump

    from .rollup.builders import END, MID, indicator, make_plan, obs

    ind = indicator(targets=(Target(Value.of(100), END, "35.07"),))  # 35.07 alone reports
    plan = make_plan((ind,), (obs("35.07", MID, 50), obs("35.10", MID, 70, id="stray-one")))
    path = tmp_path / "plan.json"
    dump(plan, path)
    _, plain = run("report", str(path), "--as-of", "2023-01-01")
    _, apart = run("report", str(path), "--as-of", "2023-01-01", "--show-undeclared")
    assert "stray-one" in plain  # the finding is always listed
    assert "shown apart" not in plain
    assert "shown apart" in apart
