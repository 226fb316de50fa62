"""What people read, prepared once for every format: one vocabulary per language, and one
*view* of a progress report (:func:`view`) and of an agreement (:func:`agreement_view`)
made of plain, already-formatted rows. The text and Markdown reports
(:mod:`desacoop.report`), the HTML page and the notebook views (:mod:`desacoop.html`, its
templates) read only from these views, so a word, a number format or an "N more" rule lives
in one place (after pandas' Styler: ``_translate`` prepares the rows, templates lay them
out).

Numbers, percentages, rupiah and dates are written by CLDR (Babel, through
:mod:`desacoop._formats`); statuses and units are the enums' own labels.

A private module: its names are for :mod:`desacoop.report`, :mod:`desacoop.html`,
:mod:`desacoop.rollup` (``explain``), :mod:`desacoop.spreadsheet` and
:mod:`desacoop.dataframe`, not for users.

>>> WORDS["id"]["overall"], sorted(WORDS["en"]) == sorted(WORDS["id"])
('Keseluruhan', True)
>>> counted(1, "area", "en"), counted(16, "area", "en"), counted(16, "area", "id")
('1 scope area', '16 scope areas', '16 ruang lingkup')
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

from desacoop._formats import (
    FORMAT_CONTEXT,
    format_day,
    format_money,
    format_number,
    format_percent,
    format_points,
    format_score,
    plural_form,
)
from desacoop.agreement import Agreement, Party, Source
from desacoop.errors import ValidationError
from desacoop.labels import Language
from desacoop.monitoring import Aggregation, MilestoneStatus
from desacoop.rollup import (
    DataFinding,
    FigureKind,
    HeldBack,
    MilestoneState,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
    Rule,
    RuleKind,
)
from desacoop.scope import Area, area_id

__all__ = [
    "BEHIND",
    "ILLUSTRATIVE_BANNER",
    "LISTED",
    "LOOK",
    "ROWS",
    "WORDS",
    "AgreementView",
    "FigureRow",
    "ReportView",
    "agreement_view",
    "amount",
    "behind",
    "counted",
    "explain",
    "figure_facts",
    "finding_sentence",
    "held_sentence",
    "listed",
    "more",
    "rule_sentence",
    "view",
    "words",
]

#: The first and last line of every report of an illustrative plan (English first, the
#: Indonesian after it: the English report's banner).
ILLUSTRATIVE_BANNER = (
    "ILLUSTRATIVE: made-up figures to show the tool, not official data "
    "(ILUSTRASI: bukan data resmi)"
)

#: How many regions the reports list as furthest behind.
BEHIND = 10

#: How many region codes, periods or observation ids a line lists before "+N more".
LISTED = 10

#: How many rows a table of many items (a plan's indicators, evaluations) shows before
#: "+N more".
ROWS = 50

#: (CSS class, mark) per status: the mark and the status word always go with the colour.
LOOK: dict[ProgressStatus, tuple[str, str]] = {
    ProgressStatus.ACHIEVED: ("good", "✔"),
    ProgressStatus.ON_TRACK: ("good", "✓"),
    ProgressStatus.AT_RISK: ("warn", "!"),
    ProgressStatus.OFF_TRACK: ("bad", "✗"),
    ProgressStatus.INCOMPLETE: ("warn", "?"),
    ProgressStatus.OVERDUE: ("bad", "✗"),
    ProgressStatus.NOT_STARTED: ("none", "○"),
    ProgressStatus.NO_DATA: ("none", "–"),
    ProgressStatus.NO_TARGET: ("none", "–"),
    ProgressStatus.REPORTED: ("none", "i"),
    ProgressStatus.NOT_SCORED: ("none", "–"),
}

#: Every word of every format, one dictionary per language with the same keys and the same
#: ``{placeholders}`` (tests/test_presentation.py). Statuses, kinds and units are the enums'
#: own labels, never here. A key ending in ``_one``/``_other`` is a counted noun
#: (:func:`counted`).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        # the progress report
        "title": "Progress report",
        "meta": "Agreement: {agreement} · as of {date} · data: {recorded}",
        "recorded_on": "as recorded on {date}",
        "all_records": "every record so far",
        "overall": "Overall",
        "against": "{value} (expected {expected})",
        "expected": "expected",
        "expected_on": "expected {share} on {date}",
        "coverage": "data received",
        "coverage_long": "the share of the expected data that has arrived",
        "areas": "By scope area",
        "parties": "By party",
        "compare": "Scope areas, party by party",
        "back": "Holding progress back most",
        "regions": "Regions furthest behind ({level})",
        "no_value": "{n} more without a value (no data or no target)",
        "indicators": "Indicators by scope area",
        "no_indicators": "No indicators yet ({areas})",
        "gaps": "Data gaps and what was left out",
        "missing": "expected to report, no data yet from {listed}",
        "missing_periods": "periods missing: {listed}",
        "late_obs": "recorded after the deadline: {listed}",
        "apart": "not expected to report: shown apart, in no total",
        "milestones": "Milestones",
        "rules_title": "How to read this report",
        "rules": (
            "{on_track} when progress ≥ {on} of expected, {at_risk} from {risk}, "
            "{off_track} below, {incomplete} when behind while declared data is missing; "
            "the schedule is linear from the baseline to each target; "
            "missing data is never counted as zero: '{coverage}' says what share of the "
            "expected data has arrived"
        ),
        "notes": "Notes",
        "default_date": (
            "The report date was not chosen: the figures are as of today, or as of the last "
            "day of the monitoring window once it has ended."
        ),
        "none": "none",
        "more": "+{n} more",
        "bar": "{value} against {expected} expected, {status}",
        "bar_none": "no value, {status}",
        "expected_mark": "the black mark on the bar",
        "banner": ILLUSTRATIVE_BANNER,
        # one figure
        "value_col": "%",
        "progress": "progress",
        "status": "status",
        "actual": "actual",
        "target": "target",
        "target_by": "target {target} by {date}",
        "baseline": "baseline",
        "projected": "(at the pace reported: {value}, projected)",
        "statements": "{n} statements",
        "latest": "latest statement",
        "code": "code",
        "number": "No.",
        # milestones
        "milestone": "milestone",
        "due": "due",
        "due_on": "due {date}",
        "outcome": "outcome",
        "met_on": "met on {date}",
        "partly_on": "partly met on {date}",
        "after_due": "{n} days after the due date",
        "on_time": "on time",
        "not_full": "not yet fully met, {n} days past the due date",
        "past_due": "not yet met, {n} days past the due date",
        "due_in": "due in {n} days",
        "due_today": "due today",
        "met_late": "met late",
        "timeline": (
            "Milestone timeline: due dates (open circles), dates met (filled), "
            "the report date (vertical line)"
        ),
        "today": "report date",
        # counted nouns
        "field_one": "{n} area",
        "field_other": "{n} areas",
        "area_one": "{n} scope area",
        "area_other": "{n} scope areas",
        "indicator_one": "{n} indicator",
        "indicator_other": "{n} indicators",
        "observation_one": "{n} observation",
        "observation_other": "{n} observations",
        "milestone_one": "{n} milestone",
        "milestone_other": "{n} milestones",
        "named_region_one": "{n} named region",
        "named_region_other": "{n} named regions",
        "report_one": "{n} report",
        "report_other": "{n} reports",
        "score_one": "{n} indicator score",
        "score_other": "{n} indicator scores",
        "child_one": "{n} child",
        "child_other": "{n} children",
        # explain()
        "x_observations": "observations ({n}): {listed}",
        "x_no_observations": "observations: none as of the report date",
        "x_statement": "latest statement: {text} (qualitative, not scored)",
        "x_actual": "actual: {actual} = {rule}",
        "x_ratio": "numerators {numerator} / denominators {denominator}",
        "x_baseline": "baseline: {baseline}{on} ({rule})",
        "x_on": " on {date}",
        "x_target": "governing target: {target}{by} ({rule})",
        "x_by": " by {date}",
        "x_flat": (
            "progress: the target equals the baseline ({target}), so the ratio is undefined; "
            "the rule: 100% when the actual is at or beyond the target in the indicator's "
            "direction, else 0% → {raw}"
        ),
        "x_expected": (
            "expected: {expected} (planned value linear from the baseline date to each "
            "target date, read against the governing target)"
        ),
        "x_weight": "weight {weight} in its scope area; coverage {coverage}",
        "weight_of": "weight {weight}",
        "x_value": "value {value} against expected {expected}, coverage {coverage}",
        "x_child": (
            "{label} [{key}]: weight {weight} of {total}, value {value}, expected "
            "{expected}, coverage {coverage}, {status}"
        ),
        "x_missing": (
            "missing: {listed} (declared reporters without data: never counted as zero or as "
            "success)"
        ),
        "x_late": "late: {listed} (recorded after their reporting period's deadline)",
        "x_in": " in {region}",
        # agreements
        "both": "{id} / {en}",
        "document_number": "No.",
        "uncertain": "uncertain",
        "uncertain_facts": "uncertain facts",
        "legal_basis": "legal basis",
        "present": "present",
        "undated": "signed, date not stated",
        "not_stated_scope": "not stated",
        "verbatim": "verbatim",
        "chain": "chain of instruments",
        "this_document": "this document",
        "date_unknown": "date not stated",
        "basis": "basis",
        "status_on": "Status as of {date}",
        "parties_title": "parties",
        "party_order_1": "FIRST PARTY",
        "party_order_2": "SECOND PARTY",
        "party_order_3": "THIRD PARTY",
        "party_order_4": "FOURTH PARTY",
        "villages": "villages",
        "members": "number of villages",
        "signatories": "signatories",
        "witnesses": "witnesses",
        "none_recorded": "(none recorded)",
        "for_party": "for the {party} party",
        "authority": "authority",
        "represented_by": "represented by",
        "attendance_unknown": "attendance not stated",
        "in_person": "in person",
        "signing": "signing",
        "not_signed": "not signed",
        "at_place": "at {place}",
        "term": "term",
        "term_from": "from {date}",
        "term_until": "until {date}",
        "term_partly": "partly known",
        "term_unknown": "unknown (not stated in the sources)",
        "purpose": "Purpose (summary)",
        "budget": "budget",
        "year": "year",
        "scope": "scope",
        "lead": "lead",
        "catalog": "catalog",
        "programmes": "related programmes",
        "launched": "launched {date}",
        "amendments": "amendments",
        "why": "why",
        "agreement_notes": "notes",
        "sources": "sources",
        "citations": "where the facts come from",
        "derived": "derived",
        "name": "name",
        "province": "province",
        "position": "position",
        "unknown": "unknown",
        # plans, evaluations, region lists (the notebook views)
        "plan": "Monitoring plan",
        "window": "monitoring window",
        "frequency": "reporting",
        "counts": "contents",
        "unit": "unit",
        "targets": "targets",
        "observations": "observations",
        "evaluation": "Village evaluation",
        "result": "Evaluation result",
        "method": "method",
        "score": "score",
        "next": "next status",
        "minimum": "minimum for the next status",
        "gap": "gap",
        "dimension": "dimension",
        "value": "value",
        "published": "As published",
        "findings": "findings",
        "summary": "Evaluations of {region} in {year}",
        "summaries": "Evaluations by region",
        "total": "total",
        "village": "village",
        "moved_up": "moved up",
        "moved_down": "moved down",
        "reached_mandiri": "reached Mandiri",
        "since": "since {year}",
        "registry": "Region list, edition {edition}",
        "level": "level",
        "count": "regions",
        "improvement": "Improvement plan to {status}",
        "start": "score now",
        "after": "score after the steps",
        "raise_to": "raise to",
        "gain_col": "adds",
        "actors": "who acts",
        "step_one": "{n} step",
        "step_other": "{n} steps",
        "holds": (
            "at its expected value would raise the overall figure by {points} percentage points"
        ),
        "x_rule": (
            "rule: Σ weight × value / Σ weight over the children with a value; coverage = Σ "
            "weight × coverage / Σ weight; children of weight 0, qualitative ones and areas "
            "without indicators count for nothing"
        ),
        "x_periods": (
            "reporting periods with a value: {reported} of {due} (declared reporters × periods "
            "past their deadline); a missing period is never counted as zero or estimated in the "
            "measured figure"
        ),
        "x_progress": (
            "progress (measured): ({actual} − {baseline}) / ({target} − {baseline}) = {raw}, "
            "clamped to {value}"
        ),
        "x_projected": (
            "projected, not measured: at the pace of the periods reported the actual would be "
            "{projected} ({value}): each reporting region's missing periods due by the final "
            "target date filled at its own pace; never used for the status"
        ),
        "x_missing_periods": (
            "periods missing: {listed} (past their deadline without a value: never counted as zero)"
        ),
        "x_held": "held back to {status}: never good while one of these is not:",
        "reported_of": "data from {reported} of {expected} reporters",
        "periods_of": "{reported} of {due} periods",
        "missing_tail": "{listed} missing",
        # what the engine found in the data (DataFinding), and why a figure is held back
        "f_outside-window": (
            "{observation} ({indicator} in {region}, {first} to {last}) lies outside the "
            "monitoring window ({start} to {end}): not counted"
        ),
        "f_undeclared": (
            "{observation} ({indicator} in {region}): {region} is not a declared reporter of "
            "the indicator: not counted"
        ),
        "f_before-baseline": (
            "{observation} ({indicator} in {region}, {last}) is dated before the baseline "
            "({on}): not counted"
        ),
        "f_by-baseline": (
            "{observation} ({indicator} in {region}, {first} to {last}) ends on or before the "
            "baseline date ({on}), so it adds nothing after the baseline: not counted"
        ),
        "f_partial-period": (
            "{indicator} in {region}: the values cover only part of {period} ({first} to "
            "{last}); they are counted, and the period is missing until all of it is reported"
        ),
        "f_fraction-target": (
            "{indicator}: the target{where} by {on} is {number}% while the baseline or a value "
            "is above 1%: a percentage is written 0–100 (was a fraction such as 0.8 meant as "
            "80%?)"
        ),
        "f_for": " for {region}",
        "held": "{key}: {status}",
        "held_because": "{key}: {status} ({because}{more})",
        "held_more": " and {n} more",
        # how an actual, a baseline or a target was obtained (Rule)
        "r_ratio-of-sums": "100 × Σ numerators / Σ denominators over {regions} ({timing})",
        "r_aggregated": "{aggregation} over {regions} ({timing})",
        "r_extreme": (
            "the {which} progress of {regions}, each against its own target: {region}, {number} "
            "({timing})"
        ),
        "r_extreme-no-target": "{aggregation} over {regions}; no target",
        "r_statements": "{n} statements; qualitative values are never aggregated",
        "r_undeclared": "a statement",
        "r_stated": "{what} stated for {where}",
        "r_zero-around": (
            "{what} of {where} is 0, so every region in it has 0 (values are never negative)"
        ),
        "r_from-around": "{what} of {where} (applies to the regions in it)",
        "r_combined": "{what}: {aggregation} of those stated for {listed}",
        "r_combined-ratio": "{what}: those of {listed} weighted by their denominators",
        "r_milestone-start": "a milestone indicator starts from 'not met' (0)",
        "r_none-below": "no {what} for {where} or the regions in it",
        "r_none-reported": "no {what} for {where}: none of the regions with one has reported",
        "r_none-around": "no {what} for {where} or a region around it",
        "r_no-denominator": "no {what} for {where}: the regions with one have no denominator yet",
        "r_different-dates": (
            "the regions in {where} state their {what} for different dates: none is combined"
        ),
        "r_apart": "{rule}; {region} is not a declared reporter: shown apart, counted in no total",
        "r_whole": "the whole plan",
        "r_latest": "the latest value of each",
        "r_added": "the values of each added up since the baseline date",
        "r_lowest": "lowest",
        "r_highest": "highest",
        "region_one": "{n} region",
        "region_other": "{n} regions",
    },
    "id": {
        "title": "Laporan kemajuan",
        "meta": "Perjanjian: {agreement} · keadaan per {date} · data: {recorded}",
        "recorded_on": "sebagaimana dicatat per {date}",
        "all_records": "seluruh catatan sampai saat ini",
        "overall": "Keseluruhan",
        "against": "capaian {value} dari target s.d. periode ini {expected}",
        "expected": "target s.d. periode ini",
        "expected_on": "target s.d. {date}: {share}",
        "coverage": "kelengkapan data",
        "coverage_long": "bagian data yang seharusnya ada dan sudah masuk",
        "areas": "Per ruang lingkup",
        "parties": "Per pihak",
        "compare": "Ruang lingkup per pihak",
        "back": "Paling menghambat kemajuan",
        "regions": "Wilayah dengan capaian terendah ({level})",
        "no_value": "{n} lainnya tanpa nilai (tidak ada data atau target)",
        "indicators": "Indikator per ruang lingkup",
        "no_indicators": "Belum ada indikator ({areas})",
        "gaps": "Kekurangan data dan yang tidak dihitung",
        "missing": "wajib melapor, belum ada data dari {listed}",
        "missing_periods": "periode yang belum masuk: {listed}",
        "late_obs": "dicatat melewati tenggat: {listed}",
        "apart": "tidak wajib melapor: ditampilkan terpisah, tidak masuk total",
        "milestones": "Tonggak capaian",
        "rules_title": "Cara membaca laporan ini",
        "rules": (
            "{on_track} bila capaian ≥ {on} dari target s.d. periode ini, {at_risk} bila "
            "≥ {risk}, {off_track} bila kurang, {incomplete} bila tertinggal sementara data "
            "wajib belum masuk semua; jadwal linear dari nilai awal (baseline) ke "
            "tiap target; data yang belum masuk tidak dihitung sebagai nol; kelengkapannya "
            "ditunjukkan pada '{coverage}'"
        ),
        "notes": "Catatan",
        "default_date": (
            "Tanggal laporan tidak ditentukan: angka dihitung per hari ini, atau per hari "
            "terakhir masa pemantauan bila masa itu sudah berakhir."
        ),
        "none": "tidak ada",
        "more": "+{n} lainnya",
        "bar": "{value} dari target s.d. periode ini {expected}, {status}",
        "bar_none": "tanpa nilai, {status}",
        "expected_mark": "garis hitam pada batang",
        "banner": (
            "ILUSTRASI: angka rekaan untuk memperlihatkan cara kerja alat ini, bukan data resmi"
        ),
        "value_col": "%",
        "progress": "capaian",
        "status": "status",
        "actual": "realisasi",
        "target": "target",
        "target_by": "target {target} pada {date}",
        "baseline": "nilai awal",
        "projected": "(proyeksi pada laju yang dilaporkan: {value})",
        "statements": "{n} pernyataan",
        "latest": "pernyataan terakhir",
        "code": "kode",
        "number": "No.",
        "milestone": "tonggak",
        "due": "tenggat",
        "due_on": "tenggat {date}",
        "outcome": "hasil",
        "met_on": "tercapai {date}",
        "partly_on": "tercapai sebagian {date}",
        "after_due": "{n} hari setelah tenggat",
        "on_time": "tepat waktu",
        "not_full": "belum tercapai penuh, {n} hari lewat tenggat",
        "past_due": "belum tercapai, {n} hari lewat tenggat",
        "due_in": "tenggat {n} hari lagi",
        "due_today": "tenggat hari ini",
        "met_late": "tercapai terlambat",
        "timeline": (
            "Lini waktu tonggak: tenggat (lingkaran kosong), tanggal tercapai "
            "(lingkaran penuh), tanggal laporan (garis tegak)"
        ),
        "today": "tanggal laporan",
        "field_one": "{n} bidang",
        "field_other": "{n} bidang",
        "area_one": "{n} ruang lingkup",
        "area_other": "{n} ruang lingkup",
        "indicator_one": "{n} indikator",
        "indicator_other": "{n} indikator",
        "observation_one": "{n} observasi",
        "observation_other": "{n} observasi",
        "milestone_one": "{n} tonggak",
        "milestone_other": "{n} tonggak",
        "named_region_one": "{n} wilayah bernama",
        "named_region_other": "{n} wilayah bernama",
        "report_one": "{n} laporan",
        "report_other": "{n} laporan",
        "score_one": "{n} skor indikator",
        "score_other": "{n} skor indikator",
        "child_one": "{n} bagian",
        "child_other": "{n} bagian",
        "x_observations": "observasi ({n}): {listed}",
        "x_no_observations": "observasi: belum ada per tanggal laporan",
        "x_statement": "pernyataan terakhir: {text} (kualitatif, tidak dinilai)",
        "x_actual": "realisasi: {actual} = {rule}",
        "x_ratio": "pembilang {numerator} / penyebut {denominator}",
        "x_baseline": "nilai awal: {baseline}{on} ({rule})",
        "x_on": " per {date}",
        "x_target": "target yang berlaku: {target}{by} ({rule})",
        "x_by": " pada {date}",
        "x_flat": (
            "capaian: target sama dengan nilai awal ({target}), sehingga rasionya tidak "
            "terdefinisi; aturannya: 100% bila realisasi sudah mencapai target menurut arah "
            "indikator, selain itu 0% → {raw}"
        ),
        "x_expected": (
            "target s.d. periode ini: {expected} (nilai rencana, linear dari tanggal nilai "
            "awal ke tiap tanggal target, dibandingkan dengan target yang berlaku)"
        ),
        "x_weight": "bobot {weight} dalam ruang lingkupnya; kelengkapan data {coverage}",
        "weight_of": "bobot {weight}",
        "x_value": "capaian {value} dari target s.d. periode ini {expected}, "
        "kelengkapan data {coverage}",
        "x_child": (
            "{label} [{key}]: bobot {weight} dari {total}, capaian {value}, target s.d. "
            "periode ini {expected}, kelengkapan data {coverage}, {status}"
        ),
        "x_missing": (
            "belum melapor: {listed} (wilayah yang wajib melapor tanpa data: tidak pernah "
            "dihitung sebagai nol atau sebagai berhasil)"
        ),
        "x_late": "terlambat: {listed} (dicatat melewati tenggat periode pelaporannya)",
        "x_in": " di {region}",
        "both": "{id} / {en}",
        "document_number": "Nomor",
        "uncertain": "tidak pasti",
        "uncertain_facts": "Fakta tidak pasti",
        "legal_basis": "Dasar hukum",
        "present": "Hadir",
        "undated": "ditandatangani, tanggal tidak disebut",
        "not_stated_scope": "tidak disebut",
        "verbatim": "kutipan",
        "chain": "Rangkaian instrumen",
        "this_document": "dokumen ini",
        "date_unknown": "tanggal tidak disebut",
        "basis": "Dasar",
        "status_on": "Status per {date}",
        "parties_title": "Para pihak",
        "party_order_1": "PIHAK KESATU",
        "party_order_2": "PIHAK KEDUA",
        "party_order_3": "PIHAK KETIGA",
        "party_order_4": "PIHAK KEEMPAT",
        "villages": "desa",
        "members": "jumlah desa",
        "signatories": "Penandatangan",
        "witnesses": "Saksi",
        "none_recorded": "(tidak dicatat)",
        "for_party": "pihak {party}",
        "authority": "kewenangan",
        "represented_by": "diwakili oleh",
        "attendance_unknown": "kehadiran tidak disebut",
        "in_person": "hadir langsung",
        "signing": "Penandatanganan",
        "not_signed": "belum ditandatangani",
        "at_place": "di {place}",
        "term": "Jangka waktu",
        "term_from": "mulai {date}",
        "term_until": "sampai {date}",
        "term_partly": "sebagian diketahui",
        "term_unknown": "tidak diketahui (tidak disebut di sumber)",
        "purpose": "Tujuan (ringkasan)",
        "budget": "Anggaran",
        "year": "tahun",
        "scope": "Ruang lingkup",
        "lead": "penanggung jawab",
        "catalog": "katalog",
        "programmes": "Program terkait",
        "launched": "diluncurkan {date}",
        "amendments": "Perubahan",
        "why": "alasan",
        "agreement_notes": "Catatan",
        "sources": "Sumber",
        "citations": "Asal fakta",
        "derived": "diturunkan",
        "name": "nama",
        "province": "provinsi",
        "position": "jabatan",
        "unknown": "tidak diketahui",
        "plan": "Rencana pemantauan",
        "window": "masa pemantauan",
        "frequency": "pelaporan",
        "counts": "isi",
        "unit": "satuan",
        "targets": "target",
        "observations": "observasi",
        "evaluation": "Evaluasi desa",
        "result": "Hasil evaluasi",
        "method": "metode",
        "score": "skor",
        "next": "status berikutnya",
        "minimum": "skor minimal status berikutnya",
        "gap": "kekurangan",
        "dimension": "dimensi",
        "value": "nilai",
        "published": "Sesuai publikasi",
        "findings": "temuan",
        "summary": "Evaluasi {region} tahun {year}",
        "summaries": "Evaluasi per wilayah",
        "total": "jumlah",
        "village": "desa",
        "moved_up": "naik",
        "moved_down": "turun",
        "reached_mandiri": "menjadi Mandiri",
        "since": "sejak {year}",
        "registry": "Daftar wilayah, edisi {edition}",
        "level": "tingkat",
        "count": "jumlah wilayah",
        "improvement": "Rencana peningkatan menuju {status}",
        "start": "skor sekarang",
        "after": "skor setelah langkah-langkah ini",
        "raise_to": "dinaikkan menjadi",
        "gain_col": "tambahan skor",
        "actors": "pelaksana",
        "step_one": "{n} langkah",
        "step_other": "{n} langkah",
        "holds": "bila sesuai jadwal menaikkan capaian keseluruhan sebesar {points} poin persen",
        "x_rule": (
            "aturan: Σ bobot × capaian / Σ bobot atas bagian yang bernilai; kelengkapan data = Σ "
            "bobot × kelengkapan / Σ bobot; bagian berbobot 0, pernyataan kualitatif dan ruang "
            "lingkup tanpa indikator tidak dihitung"
        ),
        "x_periods": (
            "periode pelaporan yang berisi nilai: {reported} dari {due} (wilayah wajib lapor × "
            "periode yang sudah lewat tenggat); periode yang belum masuk tidak pernah dihitung "
            "nol atau ditaksir dalam angka terukur"
        ),
        "x_progress": (
            "capaian (terukur): ({actual} − {baseline}) / ({target} − {baseline}) = {raw}, "
            "dibatasi menjadi {value}"
        ),
        "x_projected": (
            "proyeksi, bukan hasil ukur: pada laju periode yang dilaporkan realisasinya akan "
            "menjadi {projected} ({value}); periode yang belum masuk sampai tanggal target akhir "
            "diisi dengan laju masing-masing wilayah; tidak dipakai untuk status"
        ),
        "x_missing_periods": (
            "periode yang belum masuk: {listed} (lewat tenggat tanpa nilai: tidak pernah dihitung"
            " nol)"
        ),
        "x_held": "ditahan pada {status}: tidak pernah baik selama salah satu dari ini belum baik:",
        "reported_of": "data dari {reported} di antara {expected} pelapor",
        "periods_of": "{reported} dari {due} periode",
        "missing_tail": "{listed} belum masuk",
        "f_outside-window": (
            "{observation} ({indicator} di {region}, {first} s.d. {last}) berada di luar masa "
            "pemantauan ({start} s.d. {end}): tidak dihitung"
        ),
        "f_undeclared": (
            "{observation} ({indicator} di {region}): {region} bukan wilayah yang wajib "
            "melaporkan indikator ini: tidak dihitung"
        ),
        "f_before-baseline": (
            "{observation} ({indicator} di {region}, {last}) bertanggal sebelum nilai awal "
            "({on}): tidak dihitung"
        ),
        "f_by-baseline": (
            "{observation} ({indicator} di {region}, {first} s.d. {last}) berakhir pada atau "
            "sebelum tanggal nilai awal ({on}), sehingga tidak menambah apa pun sesudah nilai "
            "awal: tidak dihitung"
        ),
        "f_partial-period": (
            "{indicator} di {region}: nilai yang masuk hanya mencakup sebagian {period} "
            "({first} s.d. {last}); nilai itu dihitung, dan periode itu tetap dianggap belum "
            "masuk sampai dilaporkan seluruhnya"
        ),
        "f_fraction-target": (
            "{indicator}: target{where} pada {on} adalah {number}% padahal nilai awal atau "
            "salah satu nilai di atas 1%: persentase ditulis 0–100 (apakah pecahan seperti "
            "0,8 dimaksudkan sebagai 80%?)"
        ),
        "f_for": " untuk {region}",
        "held": "{key}: {status}",
        "held_because": "{key}: {status} ({because}{more})",
        "held_more": " dan {n} lainnya",
        "r_ratio-of-sums": "100 × Σ pembilang / Σ penyebut dari {regions} ({timing})",
        "r_aggregated": "{aggregation} dari {regions} ({timing})",
        "r_extreme": (
            "capaian {which} di antara {regions}, masing-masing terhadap targetnya sendiri: "
            "{region}, {number} ({timing})"
        ),
        "r_extreme-no-target": "{aggregation} dari {regions}; tanpa target",
        "r_statements": "{n} pernyataan; nilai kualitatif tidak pernah digabungkan",
        "r_undeclared": "satu pernyataan",
        "r_stated": "{what} ditetapkan untuk {where}",
        "r_zero-around": (
            "{what} {where} adalah 0, sehingga setiap wilayah di dalamnya bernilai 0 (nilai "
            "tidak pernah negatif)"
        ),
        "r_from-around": "{what} {where} (berlaku bagi wilayah di dalamnya)",
        "r_combined": "{what}: {aggregation} dari yang ditetapkan untuk {listed}",
        "r_combined-ratio": "{what}: yang ditetapkan untuk {listed}, dibobot dengan penyebutnya",
        "r_milestone-start": "indikator tonggak dimulai dari 'belum tercapai' (0)",
        "r_none-below": "tidak ada {what} untuk {where} maupun wilayah di dalamnya",
        "r_none-reported": (
            "tidak ada {what} untuk {where}: wilayah yang memilikinya belum ada yang melapor"
        ),
        "r_none-around": "tidak ada {what} untuk {where} maupun wilayah di atasnya",
        "r_no-denominator": (
            "tidak ada {what} untuk {where}: wilayah yang memilikinya belum mempunyai penyebut"
        ),
        "r_different-dates": (
            "wilayah di {where} menetapkan {what} untuk tanggal yang berbeda: tidak digabungkan"
        ),
        "r_apart": (
            "{rule}; {region} bukan wilayah yang wajib melapor: ditampilkan terpisah, tidak "
            "masuk total mana pun"
        ),
        "r_whole": "seluruh rencana",
        "r_latest": "nilai terakhir masing-masing",
        "r_added": "nilai masing-masing dijumlahkan sejak tanggal nilai awal",
        "r_lowest": "terendah",
        "r_highest": "tertinggi",
        "region_one": "{n} wilayah",
        "region_other": "{n} wilayah",
    },
}


def words(language: str) -> dict[str, str]:
    """:data:`WORDS` of ``language`` with the names of the report's parts (agreement,
    party, region, scope area, indicator): the labels of :class:`~desacoop.rollup.FigureKind`."""
    return {**WORDS[language], **{kind.value: kind.label(language) for kind in FigureKind}}


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a phrase of :data:`WORDS` takes."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def counted(n: int, noun: str, language: str) -> str:
    """``n`` and its noun, in the plural CLDR gives the language for ``n`` ("1 area",
    "2 areas"; Indonesian has one form): the one helper for every counted word."""
    form = plural_form(n, language)
    words = WORDS[language]
    phrase = words.get(f"{noun}_{form}", words[f"{noun}_other"])
    return phrase.format(n=format_number(Decimal(n), language))


def more(count: int, limit: int, language: str) -> str:
    """``+N more`` when ``count`` items exceed the ``limit`` shown, else ``""``: the one
    rule for every list and table that shows only the first items."""
    return WORDS[language]["more"].format(n=count - limit) if count > limit else ""


def listed(items: Sequence[str], language: str, limit: int = LISTED) -> str:
    """At most ``limit`` items, then ``(+N more)``."""
    tail = more(len(items), limit, language)
    return ", ".join(items[:limit]) + (f" ({tail})" if tail else "")


#: Units written as money (``Rp3.302.753.000``).
RUPIAH_UNITS = frozenset({"rupiah", "rp", "idr"})


def _short(unit: str | None) -> str | None:
    """A unit without its explanation: ``peringkat (0 perintis, ...)`` → ``peringkat``."""
    return unit.split(" (", 1)[0] if unit else unit


def amount(
    value: Decimal | None, unit: str | None, language: str, levels: Sequence[str] = ()
) -> str:
    """A number with its unit: ``90% desa``, ``Rp3.302.753.000``, ``2.451 orang``; on an
    ordinal scale (``levels``, lowest first) a whole rank is its level's word with the rank
    beside it, so the progress can be recomputed from it: ``Pemula (1)``."""
    if levels and value is not None and value == value.to_integral_value():
        rank = int(value)
        if 0 <= rank < len(levels):
            word = levels[rank]
            return f"{word[:1].upper()}{word[1:]} ({rank})"
    unit = _short(unit)
    if value is not None and unit and unit.lower() in RUPIAH_UNITS:
        return format_money(value, language)
    number = format_number(value, language)
    if value is None or not unit:
        return number
    if unit.startswith("%"):
        return f"{number}{unit}"
    return f"{number} {unit}"


def _day(day: dt.date, language: str) -> str:
    return format_day(day, language)


# -- the view of a report ----------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """One figure as every format shows it: texts ready to print, and the shares the bars
    are drawn from (``share``, ``mark``: floats in [0, 1], for drawing only)."""

    number: str
    label: str
    key: str
    value: str
    expected: str
    status: str
    look: str
    glyph: str
    coverage: str
    against: str
    bar: str
    bar_label: str
    share: float | None
    mark: float | None
    line: str


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator: its figure and the texts of its line (actual, target, baseline,
    projection, what is missing)."""

    figure: FigureRow
    actual: str
    target: str
    baseline: str
    projected: str
    missing: str
    line: str
    #: ``bobot 2`` where the area's indicators weigh differently (the area's figure is
    #: their weighted mean, recomputable only with the weights), else empty
    weight: str = ""


@dataclass(frozen=True)
class AreaRow:
    figure: FigureRow
    indicators: list[IndicatorRow]


@dataclass(frozen=True)
class HeldRow:
    rank: int
    figure: FigureRow
    holds: str
    line: str


@dataclass(frozen=True)
class MilestoneRow:
    number: int
    label: str
    area: str
    area_number: str
    due: str
    due_iso: str
    met_iso: str
    word: str
    look: str
    glyph: str
    outcome: str
    line: str


@dataclass(frozen=True)
class CompareRow:
    label: str
    cells: list[FigureRow | None]


@dataclass(frozen=True)
class ReportView:
    """A progress report as plain, formatted rows; every format reads only this."""

    language: str
    words: dict[str, str]
    banner: str
    title: str
    agreement: str
    as_of: str
    as_of_iso: str
    meta: str
    notes: list[str]
    overall: FigureRow
    expected_on: str
    areas: list[AreaRow]
    empty_areas: str
    parties: list[FigureRow]
    compare: list[CompareRow]
    held: list[HeldRow]
    regions_title: str
    regions: list[FigureRow]
    without_value: str
    gaps: list[str]
    milestones: list[MilestoneRow]
    rules: str
    has_regions: bool = False
    report: Any = field(default=None, repr=False)


#: Width of a text progress bar, in characters.
BAR_WIDTH = 20


def text_bar(value: Decimal | None, expected: Decimal | None = None, width: int = BAR_WIDTH) -> str:
    """A text bar: ``█`` for progress, ``░`` for the rest, ``│`` at the expected point."""
    if value is None:
        return "·" * width
    with localcontext(FORMAT_CONTEXT):
        filled = _cells(value, width)
        cells = ["█"] * filled + ["░"] * (width - filled)
        if expected is not None:
            mark = min(_cells(expected, width), width - 1)
            if mark >= filled:
                cells[mark] = "│"
    return "".join(cells)


def _cells(share: Decimal, width: int) -> int:
    """How many of ``width`` cells a share in [0, 1] fills (clamped)."""
    clamped = min(max(share, Decimal(0)), Decimal(1))
    return int((clamped * width).to_integral_value(rounding=ROUND_HALF_EVEN))


def _drawn(share: Decimal | None) -> float | None:
    """A share in [0, 1] as a float for drawing only (never for a figure)."""
    return None if share is None else min(max(float(share), 0.0), 1.0)


def figure_row(f: ProgressFigure, language: str, number: str = "") -> FigureRow:
    w = WORDS[language]
    value, expected = format_percent(f.value, language), format_percent(f.expected, language)
    status = f.status.label(language)
    look, glyph = LOOK[f.status]
    coverage = format_percent(f.coverage, language)
    against = w["against"].format(value=value, expected=expected)
    bar = text_bar(f.value, f.expected)
    if f.value is None:
        bar_label = w["bar_none"].format(status=status)
    else:
        bar_label = w["bar"].format(value=value, expected=expected, status=status)
    if language == "en":  # the English value right-aligned under the bars, as it always was
        against = w["against"].format(value=f"{value:>7}", expected=expected)
    line = f"{bar} {against} · {status} · {w['coverage']} {coverage}"
    return FigureRow(
        number=number,
        label=f.label(language),
        key=f.key,
        value=value,
        expected=expected,
        status=status,
        look=look,
        glyph=glyph,
        coverage=coverage,
        against=against.strip(),
        bar=bar,
        bar_label=bar_label,
        share=_drawn(f.value),
        mark=_drawn(f.expected),
        line=line,
    )


def _weighed(f: ProgressFigure, row: FigureRow, parent: ProgressFigure, language: str) -> FigureRow:
    """An area's row naming its weight in the label where the areas weigh differently (the
    overall figure is their weighted mean, recomputable only with the weights)."""
    if len({c.weight for c in parent.children if c.counts}) <= 1:
        return row
    weight = WORDS[language]["weight_of"].format(weight=format_score(f.weight, language))
    return replace(row, label=f"{row.label} ({weight})")


def _indicator_rows(area: ProgressFigure, language: str) -> list[IndicatorRow]:
    """An area's indicator rows, each naming its weight when the weights differ."""
    if len({i.weight for i in area.children if i.counts}) <= 1:
        return [_indicator_row(i, language) for i in area.children]
    of = WORDS[language]["weight_of"]
    return [
        _indicator_row(i, language, of.format(weight=format_score(i.weight, language)))
        for i in area.children
    ]


def _indicator_row(f: ProgressFigure, language: str, weight: str = "") -> IndicatorRow:
    w = WORDS[language]
    row = figure_row(f, language)
    name = f"{f.label(language)} ({weight})" if weight else f.label(language)
    if f.text is not None:
        text = f"“{f.text}”"
        return IndicatorRow(row, text, "–", "", "", "", f"{name}: {text} ({row.status})", weight)
    if f.status is ProgressStatus.REPORTED:
        said = w["statements"].format(n=len(f.observations))
        return IndicatorRow(row, said, "–", "", "", "", f"{name}: {said} · {row.status}", weight)
    actual = amount(f.actual, f.unit, language, f.levels)
    target = amount(f.target, f.unit, language, f.levels) if f.target is not None else "–"
    baseline = ""
    if f.baseline is not None and (f.baseline != 0 or f.levels):  # a level 0 has a name
        baseline = amount(f.baseline, f.unit, language, f.levels)
    parts = [f"{w['actual']} {actual}"]
    if f.target is not None and f.target_by is not None:
        parts.append(w["target_by"].format(target=target, date=_day(f.target_by, language)))
        target = w["target_by"].format(target=target, date=_day(f.target_by, language))
        target = target.removeprefix(f"{w['target']} ")
    if baseline:
        parts.append(f"{w['baseline']} {baseline}")
    projected = ""
    if f.projected_value is not None:
        projected = w["projected"].format(value=format_percent(f.projected_value, language))
    missing = _missing(f, language)
    value = row.value if language == "en" else f"{w['progress']} {row.value}"
    line = f"{name}: {value} · {', '.join(parts)}"
    if projected:
        line += f" {projected}"
    line += f" · {row.status}"
    if missing:
        line += f" · {missing}"
    elif f.value is not None and f.coverage < 1:
        line += f" · {w['coverage']} {row.coverage}"
    return IndicatorRow(row, actual, target, baseline, projected, missing, line, weight)


def _missing(f: ProgressFigure, language: str) -> str:
    """What an indicator's figure lacks: ``data from 5 of 6 reporters, 10 of 12 periods;
    63.04 2024S2 missing``."""
    w = WORDS[language]
    parts = []
    if f.missing and f.reporters:
        reported = f.reporters - len(f.missing)
        parts.append(w["reported_of"].format(reported=reported, expected=f.reporters))
    if f.periods_due:
        parts.append(w["periods_of"].format(reported=f.periods_reported, due=f.periods_due))
    text = ", ".join(parts)
    gone = (*f.missing, *f.missing_periods)
    if gone:
        tail = w["missing_tail"].format(listed=listed(gone, language))
        text += f"{'; ' if text else ''}{tail}"
    return text


def _area_numbers(report: ProgressReport) -> dict[str, str]:
    """Each area's number in its agreement's own order (the total's areas are in that order)."""
    return {a.key: str(i) for i, a in enumerate(report.total.children, start=1)}


def view(report: ProgressReport, language: Language | str = "en") -> ReportView:
    """The report as plain, formatted rows in ``language``: what every format shows.

    >>> import datetime as dt
    >>> from desacoop.example import example_plan
    >>> from desacoop.rollup import progress
    >>> v = view(progress(example_plan(), as_of=dt.date(2024, 12, 31)), "id")
    >>> v.overall.against
    'capaian 64,9% dari target s.d. periode ini 100,0%'
    """
    if not isinstance(report, ProgressReport):
        raise ValidationError(f"expected a ProgressReport, not {type(report).__name__}")
    lang = Language.parse(language).value
    w = WORDS[lang]
    numbers = _area_numbers(report)
    recorded = (
        w["recorded_on"].format(date=_day(report.recorded_on, lang))
        if report.recorded_on is not None
        else w["all_records"]
    )
    title = report.agreement_title
    agreement = f"{title} [{report.agreement}]" if title else report.agreement
    as_of = _day(report.as_of, lang)
    areas = [
        AreaRow(
            _weighed(a, figure_row(a, lang, numbers[a.key]), report.total, lang),
            _indicator_rows(a, lang),
        )
        for a in report.total.children
        if a.children
    ]
    empty = [a for a in report.total.children if not a.children]
    empty_line = ""
    if empty:
        names = "; ".join(f"{numbers[a.key]} {a.label(lang)}" for a in empty)
        empty_line = (
            f"{w['no_indicators'].format(areas=counted(len(empty), 'area', lang))}: {names}"
        )
    parties = [figure_row(p, lang) for p in report.by_party]
    compare = []
    tables = [{a.key: a for a in party.children} for party in report.by_party]
    for a in report.total.children:
        if not a.children:
            continue
        cells: list[FigureRow | None] = []
        for table in tables:
            found = table.get(a.key)
            empty_cell = found is None or (
                found.status is ProgressStatus.NO_TARGET and found.value is None
            )
            cells.append(None if found is None or empty_cell else figure_row(found, lang))
        compare.append(CompareRow(f"{numbers[a.key]}. {a.label(lang)}", cells))
    held = []
    for rank, (ind, gain) in enumerate(report.holding_back(), start=1):
        row = figure_row(ind, lang)
        holds = w["holds"].format(points=format_points(gain, lang))
        line = f"{ind.label(lang)} [{ind.key}]: {row.against}, {row.status}, {holds}"
        held.append(HeldRow(rank, row, holds, line))
    furthest, without = behind(report) if report.by_region else ([], 0)
    level = report.region_level.label(lang) if report.region_level else ""
    regions = []
    for r in furthest:
        label = r.label(lang)
        row = figure_row(r, lang, r.key)
        if label.endswith(r.key):
            label = ""
        regions.append(_relabelled(row, label))
    t = report.tolerance
    rules = w["rules"].format(
        on_track=ProgressStatus.ON_TRACK.label(lang),
        at_risk=ProgressStatus.AT_RISK.label(lang),
        off_track=ProgressStatus.OFF_TRACK.label(lang),
        incomplete=ProgressStatus.INCOMPLETE.label(lang),
        on=format_percent(t.on_track, lang),
        risk=format_percent(t.at_risk, lang),
        coverage=w["coverage"],
    )
    return ReportView(
        language=lang,
        words=words(lang),
        banner=w["banner"] if report.illustrative else "",
        title=report.title,
        agreement=agreement,
        as_of=as_of,
        as_of_iso=report.as_of.isoformat(),
        meta=w["meta"].format(agreement=agreement, date=as_of, recorded=recorded),
        notes=_notes(report, lang),
        overall=figure_row(report.total, lang),
        expected_on=w["expected_on"].format(
            share=format_percent(report.total.expected, lang), date=as_of
        ),
        areas=areas,
        empty_areas=empty_line,
        parties=parties,
        compare=compare,
        held=held,
        regions_title=w["regions"].format(level=level) if level else w["regions"][:-5].strip(),
        regions=regions,
        without_value=w["no_value"].format(n=without) if without else "",
        gaps=list(_gaps(report, lang)),
        milestones=[_milestone(m, report, numbers, lang) for m in report.milestones],
        rules=rules,
        has_regions=bool(report.by_region),
        report=report,
    )


def _notes(report: ProgressReport, language: str) -> list[str]:
    """The plan's notes in ``language``: in English, the English beside each note where the
    plan holds it (a note added after them, such as the CLI's note on the date, as it is)."""
    notes = list(report.notes)
    if language == "en":
        english = report.notes_en[: len(notes)]
        notes[: len(english)] = english
    return notes


def _relabelled(row: FigureRow, label: str) -> FigureRow:
    return replace(row, label=label)


def _gaps(report: ProgressReport, language: str) -> Iterator[str]:
    """Declared reporters without data, missing periods, late observations, the engine's
    findings and data shown apart, one line each."""
    w = WORDS[language]
    for f in report.total.walk():
        if f.kind is not FigureKind.INDICATOR:
            continue
        name = f"{f.label(language)} [{f.key}]"
        if f.missing:
            yield f"{name}: {w['missing'].format(listed=listed(f.missing, language))}"
        periods = f.missing_periods
        if periods:
            yield f"{name}: {w['missing_periods'].format(listed=listed(periods, language))}"
        if f.late:
            yield f"{name}: {w['late_obs'].format(listed=listed(f.late, language))}"
    for finding in report.findings:
        yield finding if isinstance(finding, str) else finding_sentence(finding, language)
    for f in report.undeclared:
        yield (
            f"{f.label(language)} [{f.key}] {f.region}: {w['actual']} "
            f"{amount(f.actual, f.unit, language, f.levels)} ({w['apart']})"
        )


def _milestone(
    m: MilestoneState, report: ProgressReport, numbers: dict[str, str], language: str
) -> MilestoneRow:
    """One milestone: its due date and one state that never contradicts itself ("not yet
    met, 366 days past the due date", never "scheduled · late 366 days")."""
    w = WORDS[language]
    as_of = report.as_of
    late = (m.met_on - m.due).days if m.met_on is not None else (as_of - m.due).days
    if m.status is MilestoneStatus.MET and m.met_on is not None:
        outcome = w["met_on"].format(date=_day(m.met_on, language))
        outcome += f", {w['after_due'].format(n=late)}" if late > 0 else f" ({w['on_time']})"
    elif m.status is MilestoneStatus.PARTIALLY_MET:
        on = m.met_on if m.met_on is not None else None
        outcome = w["partly_on"].format(date=_day(on, language)) if on else m.status.label(language)
        if m.due < as_of:
            outcome += f"; {w['not_full'].format(n=(as_of - m.due).days)}"
    elif m.status is MilestoneStatus.NOT_MET:
        outcome = m.status.label(language)
    elif m.due < as_of:
        outcome = w["past_due"].format(n=(as_of - m.due).days)
    elif m.due == as_of:
        outcome = w["due_today"]
    else:
        outcome = w["due_in"].format(n=(m.due - as_of).days)
    if m.status is MilestoneStatus.MET:
        met_late = m.met_on is not None and m.met_on > m.due
        look, glyph, word = ("warn", "!", w["met_late"]) if met_late else ("good", "✓", "")
        word = word or m.status.label(language)
    elif m.status is MilestoneStatus.PARTIALLY_MET:
        look, glyph, word = "warn", "◐", m.status.label(language)
    elif m.status is MilestoneStatus.NOT_MET:
        look, glyph, word = "bad", "✗", m.status.label(language)
    elif m.due < as_of:
        look, glyph, word = "bad", "✗", ProgressStatus.OVERDUE.label(language)
    else:
        look, glyph, word = "none", "○", m.status.label(language)
    key = area_id(m.area)
    label = m.label_en if language == "en" else m.label_id
    number = numbers.get(key, "")
    areas = {a.key: a.label(language) for a in report.total.children}
    area = f"{number}. {areas[key]}" if key in areas else key
    due = _day(m.due, language)
    return MilestoneRow(
        number=report.milestones.index(m) + 1,
        label=label,
        area=area,
        area_number=number,
        due=due,
        due_iso=m.due.isoformat(),
        met_iso=m.met_on.isoformat() if m.met_on else "",
        word=word,
        look=look,
        glyph=glyph,
        outcome=outcome,
        line=f"{label} ({number}): {w['due_on'].format(date=due)} · {outcome}",
    )


def behind(report: ProgressReport) -> tuple[list[ProgressFigure], int]:
    """The :data:`BEHIND` regions with a value and an expected value furthest behind the
    schedule (value less expected, lowest first; ties in report order), and how many
    regions have no value to compare.

    >>> import datetime as dt
    >>> from desacoop.example import example_plan
    >>> from desacoop.rollup import progress
    >>> regions, without = behind(progress(example_plan(), as_of=dt.date(2024, 12, 31)))
    >>> [r.key for r in regions][:2], without
    (['63.04', '35.07'], 0)
    """
    valued = [r for r in report.by_region if r.value is not None and r.expected is not None]
    valued.sort(key=lambda r: (r.value or Decimal(0)) - (r.expected or Decimal(0)))
    return valued[:BEHIND], len(report.by_region) - len(valued)


# -- explain() -----------------------------------------------------------------------------


def explain(f: ProgressFigure, language: Language | str = "en") -> str:
    """Where a figure comes from, in ``language``: observations, baseline, target, the
    measured progress and any projection, weights, what is missing and what holds it back.
    :meth:`desacoop.rollup.ProgressFigure.explain` calls this."""
    if not isinstance(f, ProgressFigure):
        raise ValidationError(f"expected a ProgressFigure, not {type(f).__name__}")
    lang = Language.parse(language).value
    return "\n".join(_explain(f, lang))


def _explain(f: ProgressFigure, lang: str) -> Iterator[str]:
    w = WORDS[lang]

    def pct(share: Decimal | None) -> str:
        return format_percent(share, lang)

    def num(number: Decimal | None) -> str:
        return format_number(number, lang)

    where = ""
    if f.region is not None and f.kind is FigureKind.INDICATOR:
        where = w["x_in"].format(region=f.region)
    yield f"{f.label(lang)} [{f.kind.label(lang)} {f.key}]{where}: {f.status.label(lang)}"
    if f.kind is not FigureKind.INDICATOR:
        yield "  " + w["x_value"].format(
            value=pct(f.value), expected=pct(f.expected), coverage=pct(f.coverage)
        )
        yield "  " + w["x_rule"]
        parts = [c for c in f.children if c.counts]
        with localcontext(FORMAT_CONTEXT):
            total = sum((c.weight for c in parts), Decimal(0))
        for c in parts:
            yield "  - " + w["x_child"].format(
                label=c.label(lang),
                key=c.key,
                weight=num(c.weight),
                total=num(total),
                value=pct(c.value),
                expected=pct(c.expected),
                coverage=pct(c.coverage),
                status=c.status.label(lang),
            )
        yield from _explain_gaps(f, lang)
        return

    def with_unit(number: Decimal | None) -> str:
        return amount(number, f.unit, lang, f.levels)

    if f.observations:
        yield "  " + w["x_observations"].format(
            n=len(f.observations), listed=listed(f.observations, lang)
        )
    else:
        yield "  " + w["x_no_observations"]
    if f.text is not None:
        yield "  " + w["x_statement"].format(text=f"“{f.text}”")
    if f.actual_rule:
        rule = _rule(f.actual_rule, lang)
        yield "  " + w["x_actual"].format(actual=with_unit(f.actual), rule=rule)
    if f.numerator is not None:
        yield "    " + w["x_ratio"].format(
            numerator=num(f.numerator), denominator=num(f.denominator)
        )
    if f.periods_due:
        yield "  " + w["x_periods"].format(reported=f.periods_reported, due=f.periods_due)
    if f.baseline_rule:
        on = w["x_on"].format(date=_day(f.baseline_on, lang)) if f.baseline_on else ""
        yield "  " + w["x_baseline"].format(
            baseline=with_unit(f.baseline), on=on, rule=_rule(f.baseline_rule, lang)
        )
    if f.target_rule:
        by = w["x_by"].format(date=_day(f.target_by, lang)) if f.target_by else ""
        rule = _rule(f.target_rule, lang)
        yield "  " + w["x_target"].format(target=with_unit(f.target), by=by, rule=rule)
    if f.raw is not None:
        if f.target is not None and f.target == f.baseline:
            yield "  " + w["x_flat"].format(target=num(f.target), raw=pct(f.raw))
        else:
            yield "  " + w["x_progress"].format(
                actual=num(f.actual),
                baseline=num(f.baseline),
                target=num(f.target),
                raw=pct(f.raw),
                value=pct(f.value),
            )
    if f.projected_value is not None:
        yield "  " + w["x_projected"].format(
            projected=with_unit(f.projected), value=pct(f.projected_value)
        )
    if f.expected is not None:
        yield "  " + w["x_expected"].format(expected=pct(f.expected))
    yield "  " + w["x_weight"].format(weight=num(f.weight), coverage=pct(f.coverage))
    yield from _explain_gaps(f, lang)


def _explain_gaps(f: ProgressFigure, lang: str) -> Iterator[str]:
    w = WORDS[lang]
    if f.missing:
        yield "  " + w["x_missing"].format(listed=listed(f.missing, lang))
    periods = f.missing_periods
    if periods:
        yield "  " + w["x_missing_periods"].format(listed=listed(periods, lang))
    if f.late:
        yield "  " + w["x_late"].format(listed=listed(f.late, lang))
    if f.held_back:
        yield "  " + w["x_held"].format(status=f.status.label(lang))
        for reason in f.held_back:
            yield f"    - {reason if isinstance(reason, str) else held_sentence(reason, lang)}"


def finding_sentence(finding: DataFinding, language: Language | str = "en") -> str:
    """What the engine found in the data, in a sentence of ``language``:
    :meth:`desacoop.rollup.DataFinding.explain` calls this."""
    if not isinstance(finding, DataFinding):
        raise ValidationError(f"expected a DataFinding, not {type(finding).__name__}")
    lang = Language.parse(language).value
    w = WORDS[lang]

    def day(on: dt.date | None) -> str:
        return _day(on, lang) if on is not None else "–"

    window = finding.window
    where = "" if finding.region is None else w["f_for"].format(region=finding.region)
    return w[f"f_{finding.kind.value}"].format(
        observation=finding.observation or "–",
        indicator=finding.indicator,
        region=finding.region or "–",
        first=day(finding.first),
        last=day(finding.last),
        start=day(window.start if window else None),
        end=day(window.end if window else None),
        on=day(finding.on),
        period=finding.period or "–",
        number=format_number(finding.number, lang),
        where=where,
    )


def rule_sentence(rule: Rule, language: Language | str = "en") -> str:
    """How an actual, a baseline or a target was obtained, in ``language``:
    :meth:`desacoop.rollup.Rule.explain` calls this."""
    if not isinstance(rule, Rule):
        raise ValidationError(f"expected a Rule, not {type(rule).__name__}")
    lang = Language.parse(language).value
    w = WORDS[lang]
    kind = rule.kind.value
    if rule.kind is RuleKind.COMBINED and rule.aggregation is Aggregation.RATIO:
        kind = "combined-ratio"
    timing = ""
    if rule.cumulative is not None:
        timing = w["r_latest"] if rule.cumulative else w["r_added"]
    around = rule.kind in (RuleKind.ZERO_AROUND, RuleKind.FROM_AROUND, RuleKind.EXTREME)
    where = w["r_whole"] if rule.region is None or (rule.apart and not around) else rule.region
    text = w[f"r_{kind}"].format(
        what=rule.of.label(lang),
        where=where,
        region=rule.region or "–",
        regions=counted(rule.count or 0, "region", lang),
        n=rule.count or 0,
        aggregation=rule.aggregation.label(lang) if rule.aggregation else "–",
        which=w["r_lowest" if rule.aggregation is Aggregation.MIN else "r_highest"],
        number=format_number(rule.number, lang),
        listed=listed([str(r) for r in rule.regions], lang, 6),
        timing=timing,
    )
    if rule.apart:
        text = w["r_apart"].format(rule=text, region=rule.region or "–")
    return text


def _rule(rule: Rule | str | None, language: str) -> str:
    """A figure's rule in words (a text as reports written before the records have it)."""
    if rule is None or isinstance(rule, str):
        return rule or ""
    return rule_sentence(rule, language)


def held_sentence(held: HeldBack, language: Language | str = "en") -> str:
    """Why a figure is held back, in ``language``: ``cadres: incomplete data (silent: no
    data)``; :meth:`desacoop.rollup.HeldBack.explain` calls this."""
    if not isinstance(held, HeldBack):
        raise ValidationError(f"expected a HeldBack, not {type(held).__name__}")
    lang = Language.parse(language).value
    w = WORDS[lang]
    status = held.status.label(lang)
    if held.because is None:
        return w["held"].format(key=held.key, status=status)
    tail = w["held_more"].format(n=held.more) if held.more else ""
    because = held_sentence(held.because, lang)
    return w["held_because"].format(key=held.key, status=status, because=because, more=tail)


# -- the view of an agreement --------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A titled block of an agreement's summary: lines, each with its indented details."""

    title: str
    items: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class AgreementView:
    """An agreement as plain, formatted rows: the heading, then its sections."""

    title: str
    heading: list[str]
    sections: list[Section]


def _ordinal_party(index: int, language: str | None) -> str:
    key = f"party_order_{index}"
    if language is None:
        return f"{WORDS['id'][key]} / {WORDS['en'][key]}" if key in WORDS["id"] else ""
    return WORDS[language].get(key, "")


def agreement_view(
    agreement: Agreement, language: str | None, as_of: dt.date | None = None
) -> AgreementView:
    """An agreement's summary in one language, or in both (``language=None``: Indonesian
    labels first with the English beside them, dates as ISO)."""
    both = language is None

    def t(key: str, **values: Any) -> str:
        if both:
            ind, eng = WORDS["id"][key].format(**values), WORDS["en"][key].format(**values)
            return ind if ind == eng else f"{ind} / {eng}"
        return WORDS[language][key].format(**values)  # type: ignore[index]

    def one(key: str, **values: Any) -> str:
        """A phrase in one language: the bilingual summary writes it in Indonesian (its
        labels carry the English)."""
        return WORDS[language or "id"][key].format(**values)

    def lab(item: Any) -> str:
        if both:
            return f"{item.label_id} ({item.label_en})"
        return str(item.label_id if language == "id" else item.label_en)

    def day(value: dt.date, weekday: bool = False) -> str:
        if both and not weekday:
            return value.isoformat()
        return format_day(value, language or "id", weekday=weekday)

    names = {p.id: p for p in agreement.parties}
    said = "en" if language == "en" else "id"  # how officials are described

    def doubt(path: str) -> str:
        """The mark of a fact the sources disagree on (listed under the uncertain facts)."""
        return f" ({t('uncertain')})" if agreement.uncertainty(path) is not None else ""

    def signed(on: dt.date | None) -> str:
        return day(on, True) if on is not None else t("undated")

    def party_name(key: str) -> str:
        party = names.get(key)
        province = _province_name(party) if party is not None else None
        return one("for_party", party=province or key)

    heading = []
    number = f" {t('document_number')} {agreement.number}" if agreement.number else ""
    heading.append(f"{lab(agreement.kind)}{doubt('kind')}{number}")
    heading += [f"  {t('document_number')} [{n.party}] {n.number}" for n in agreement.numbers]
    if agreement.legal_basis:
        heading.append(f"{t('legal_basis')}: {'; '.join(agreement.legal_basis)}")
    ref = agreement.implements
    if ref is not None:  # the chain of instruments: the Kesepakatan Bersama, then this
        signed_ref = day(ref.signed_on, True) if ref.signed_on else t("date_unknown")
        title = f" {ref.title}" if ref.title else ""
        refno = f" {t('document_number')} {ref.number}" if ref.number else ""
        when = signed(agreement.signing.on) if agreement.signing else t("not_signed")
        link = ref.link
        named = f"{link.label_id} / {link.label_en}" if both else lab(link)
        how = [] if link.value == "implements" else [f"     {named}"]
        heading += [
            f"{t('chain')}:",
            f"  1. {ref.kind.label_id} [{ref.id}]{title}{refno} · {signed_ref}",
            *how,
            f"  2. {agreement.kind.label_id} [{agreement.id}] ({t('this_document')}) · {when}",
        ]
    if agreement.basis is not None:
        heading.append(f"{t('basis')}: {lab(agreement.basis)}")
    if as_of is not None:
        said = language or "id"
        on = WORDS[said]["status_on"].format(date=format_day(as_of, said))
        heading.append(f"{on}: {lab(agreement.status(as_of))}")
    sections: list[Section] = []
    parties = []
    for index, party in enumerate(agreement.parties, start=1):
        order = _ordinal_party(index, language)
        details = [_party_line(party, t, language)]
        if party.villages:
            details.append(f"{t('villages')}: {', '.join(map(str, party.villages))}")
        if party.members is not None:
            details.append(f"{t('members')}: {party.members}")
        lead = f"{order}: " if order else ""
        parties.append((f"[{party.id}] {lead}{party.name}", details))
    sections.append(Section(t("parties_title"), parties))
    signatories: list[tuple[str, list[str]]] = []
    for i, s in enumerate(agreement.signatories):
        authority = f"; {one('authority')}: {s.authority}" if s.authority else ""
        details = []
        if s.capacity is not None:
            by = s.authorised_by
            whom = f" {by.describe(said)}" if by is not None else ""
            details.append(f"{lab(s.capacity) if not both else s.capacity.label_id}{whom}")
        signatories.append(
            (
                f"{s.official.describe(said)}{doubt(f'signatories[{i}]')} "
                f"({party_name(s.party)}){authority}",
                details,
            )
        )
    sections.append(Section(t("signatories"), signatories or [(one("none_recorded"), [])]))
    witnesses: list[tuple[str, list[str]]] = []
    for i, wit in enumerate(agreement.witnesses):
        whose = f" ({party_name(wit.party)})" if wit.party else ""
        if wit.represented_by is not None:
            rep = wit.represented_by
            detail = f"{t('represented_by')} {rep.describe(said)}"
        elif wit.in_person is None:
            detail = t("attendance_unknown")
        else:
            detail = t("in_person")
        witnesses.append(
            (f"{wit.official.describe(said)}{doubt(f'witnesses[{i}]')}{whose}", [detail])
        )
    sections.append(Section(t("witnesses"), witnesses or [(one("none_recorded"), [])]))
    if agreement.attendees:
        present = []
        for i, person in enumerate(agreement.attendees):
            whose = f" ({party_name(person.party)})" if person.party else ""
            stood_in = []
            if person.represented_by is not None:
                stood_in = [f"{t('represented_by')} {person.represented_by.describe(said)}"]
            present.append(
                (f"{person.official.describe(said)}{doubt(f'attendees[{i}]')}{whose}", stood_in)
            )
        sections.append(Section(t("present"), present))
    facts: list[tuple[str, list[str]]] = []
    signing = agreement.signing
    if signing is None:
        facts.append((f"{t('signing')}: {one('not_signed')}", []))
    else:
        where = ""
        unsure = doubt("signing")
        if signing.place is not None:  # "di salah satu hotel berbintang di Banjarmasin (63.71)"
            place = signing.place
            region = f" ({place.region})" if place.region else ""
            zone = f", {place.time_zone.value}" if place.time_zone else ""
            spot = place.venue if place.venue else place.name
            town = f", {place.name}" if place.venue and place.name not in place.venue else ""
            where = f", {one('at_place', place=spot)}{unsure}{town}{region}{zone}"
            unsure = ""
        when = f" {signing.at.isoformat()}" if signing.at else ""
        facts.append((f"{t('signing')}: {signed(signing.on)}{when}{where}{unsure}", []))
    term = agreement.term
    if term.is_known:
        parts = []
        if term.start:
            parts.append(one("term_from", date=day(term.start)))
        if term.end_date:
            parts.append(one("term_until", date=day(term.end_date)))
        facts.append((f"{t('term')}: {' '.join(parts) or one('term_partly')}", []))
    else:
        facts.append((f"{t('term')}: {one('term_unknown')}", []))
    sections.append(Section("", facts))
    original = agreement.original_purpose
    if original is not None:
        quoted = []
        for word, text, gloss in (
            ("Maksud", original.maksud, original.maksud_en),
            ("Tujuan", original.tujuan, original.tujuan_en),
        ):
            if text is not None:
                lines = [text] + ([f"(en) {gloss}"] if gloss and language == "en" else [])
                quoted.append((f"{word} ({t('verbatim')}):", lines))
        sections.append(Section("", quoted))
    if agreement.purpose and not (original is not None and language == "id"):
        sections.append(Section("", [(f"{t('purpose')}:", [agreement.purpose])]))
    if agreement.budget:
        rows = []
        for line in agreement.budget:
            year = f" {t('year')} {line.year}" if line.year is not None else ""
            money = format_money(Decimal(line.amount), "id")
            rows.append(
                (f"- [{line.party}] {money} ({line.fund.label_id}){year}", [line.note or ""])
            )
        sections.append(Section(t("budget"), rows))
    scope = []
    for number_, c in enumerate(agreement.scope, start=1):
        lead = f" [{one('lead')}: {c.lead}]" if c.lead else ""
        first = c.area.label_en if language == "en" else c.area.label_id
        details = [c.area.label_en] if both else []
        if isinstance(c.area, Area) and c.area.catalog is not None:
            linked = c.area.catalog
            name = linked.label_en if language == "en" else linked.label_id
            details.append(f"{t('catalog')}: {linked.number}. {name} ({linked.id})")
        if c.description:
            details.append(c.description)
        scope.append((f"{number_:>2}. {first}{lead}", details))
    if agreement.scope:
        fields = counted(len(agreement.scope), "field", language or "id")
        sections.append(Section(f"{t('scope')} ({fields}){doubt('scope')}", scope))
    else:
        sections.append(Section("", [(f"{t('scope')}: {one('not_stated_scope')}", [])]))
    if agreement.programmes:
        rows = []
        for p in agreement.programmes:
            launched = f", {one('launched', date=day(p.launched_on))}" if p.launched_on else ""
            owner = f" ({p.owner})" if p.owner else ""
            kind = "" if p.kind.value == "other" else f": {lab(p.kind)}"
            rows.append(
                (f"- {p.name}{owner}{kind}{launched}", _glossed(p.note, p.note_en, language))
            )
        sections.append(Section(t("programmes"), rows))
    if agreement.amendments:
        rows = []
        for a in agreement.amendments:
            fields = ", ".join(a.after.changed())
            rows.append(
                (
                    f"{a.number}. {day(a.on)}: {a.description} ({fields}); "
                    f"{one('why')}: {a.rationale}",
                    [],
                )
            )
        sections.append(Section(t("amendments"), rows))
    if agreement.uncertain:
        rows = []
        for u in agreement.uncertain:
            readings = "; ".join(f"{r.value} [{', '.join(r.sources)}]" for r in u.readings)
            rows.append((f"- {u.fact}: {readings}", [u.note or ""]))
        sections.append(Section(t("uncertain_facts"), rows))
    if agreement.notes:
        english = agreement.notes_en or (None,) * len(agreement.notes)
        rows = []
        for note, note_en in zip(agreement.notes, english, strict=True):
            lines = _glossed(note, note_en, language)
            rows.append((f"- {lines[0]}", lines[1:]))
        sections.append(Section(t("agreement_notes"), rows))
    if agreement.sources:
        rows = []
        for source in agreement.sources:
            key = f"[{source.id}] " if isinstance(source, Source) else ""
            rows.append((f"- {key}{_cited(source, language or 'id')}", []))
        sections.append(Section(t("sources"), rows))
    if agreement.citations:
        rows = []
        for citation in agreement.citations:
            cited = f" [{citation.source}]" if citation.source else ""
            derived = f" {t('derived')}: {citation.derived}" if citation.derived else ""
            rows.append((f"- {citation.fact}:{cited}{derived}", []))
        sections.append(Section(t("citations"), rows))
    return AgreementView(agreement.title, heading, sections)


def _glossed(text: str | None, english: str | None, language: str | None) -> list[str]:
    """A text of the model in ``language``: Indonesian, or its English where the model holds
    it; both (Indonesian first, the English under it) for the bilingual summary."""
    if text is None:
        return [""]
    if language == "en" and english:
        return [english]
    if language is None and english:
        return [text, english]
    return [text]


def _cited(source: object, language: str) -> str:
    """A source as a citation: outlet, title, author, date in words, address."""
    if not isinstance(source, Source):
        return str(source)
    parts = [source.outlet]
    parts += [f"“{source.title}”"] if source.title else []
    parts += [source.author] if source.author else []
    parts += [format_day(source.published_on, language)] if source.published_on else []
    parts += [source.address] if source.address else []
    return ", ".join(parts)


def _province_name(party: Party) -> str | None:
    home = party.home_province
    try:
        return home.province_info.name if home is not None else None
    except ValidationError:  # a code outside the list of provinces
        return None


def _party_line(party: Party, t: Any, language: str | None) -> str:
    """What a party is and where: kind, region (with its province's name) and time zone."""
    home = party.home_province
    try:
        info = home.province_info if home is not None else None
    except ValidationError:  # a code outside the list of provinces: the code only
        info = None
    where = f"{t('province')} {info.name}, {info.time_zone.value}" if info else ""
    if party.kind is None:
        return f"{where} ({party.province})" if info is not None else f"({party.province})"
    kind = party.kind
    named = f"{kind.label_id} / {kind.label_en}" if language is None else kind.label(language)
    if party.region is None:
        return f"{named} ({where})" if where else named
    return f"{named}: {party.region}" + (f" ({where})" if where else "")


def figure_facts(figure: ProgressFigure) -> dict[str, Any]:
    """The facts of one figure that the export (:func:`desacoop.spreadsheet.figure_rows`) and
    the DataFrame (:func:`desacoop.dataframe.report_frame`) both show, under the same names:
    enums as their stable values, the region code as text, numbers and dates as they are.
    Each adds its own columns (where the figure sits, its ids or their counts).

    >>> import datetime as dt
    >>> from desacoop.example import example_plan
    >>> from desacoop.rollup import progress
    >>> facts = figure_facts(progress(example_plan(), as_of=dt.date(2024, 12, 31)).by_region[0])
    >>> facts["kind"], facts["region"], facts["status"]
    ('region', '35.07', 'incomplete')
    """
    return {
        "kind": figure.kind.value,
        "key": figure.key,
        "label_en": figure.label_en,
        "label_id": figure.label_id,
        "region": None if figure.region is None else str(figure.region),
        "status": figure.status.value,
        "value": figure.value,
        "expected": figure.expected,
        "coverage": figure.coverage,
        "weight": figure.weight,
        "actual": figure.actual,
        "unit": figure.unit,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "baseline": figure.baseline,
        "baseline_on": figure.baseline_on,
        "target": figure.target,
        "target_by": figure.target_by,
    }
