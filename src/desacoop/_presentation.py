"""What the presentation edges share, once: the report vocabulary in both languages (the
text and Markdown reports use it as it is, the HTML page adds its own words to it), the
choice of the regions furthest behind, and the facts of a figure that every table of
figures shows under the same names.

A private module: its names are for :mod:`desacoop.report`, :mod:`desacoop.html`,
:mod:`desacoop.spreadsheet` and :mod:`desacoop.dataframe`, not for users
(``desacoop.report.ILLUSTRATIVE_BANNER`` is the public name of the banner).

>>> WORDS["id"]["overall"], sorted(WORDS["en"]) == sorted(WORDS["id"])
('Keseluruhan', True)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desacoop.rollup import ProgressFigure, ProgressReport

__all__ = ["BEHIND", "ILLUSTRATIVE_BANNER", "WORDS", "behind", "figure_facts"]

#: The first and last line of every report of an illustrative plan.
ILLUSTRATIVE_BANNER = (
    "ILLUSTRATIVE: made-up figures to show the tool, not official data "
    "(ILUSTRASI: bukan data resmi)"
)

#: How many regions the reports list as furthest behind.
BEHIND = 10

#: The reports' words per language (``"en"``, ``"id"``): a phrase is chosen once for every
#: format.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Progress report",
        "agreement": "Agreement",
        "as_of": "as of",
        "recorded": "data as recorded on",
        "all_records": "every record so far",
        "overall": "Overall",
        "expected": "expected",
        "coverage": "data received",
        "areas": "By scope area",
        "parties": "By party",
        "back": "Holding progress back most",
        "regions": "Regions furthest behind",
        "milestones": "Milestones",
        "rules": "Rules",
        "none": "none",
        "late": "late",
        "days": "days",
        "due": "due",
        "met": "met",
        "partly_met": "partly met",
        "no_value": "without a value (no data or no target)",
        "shortfall": "at its expected value would raise the overall figure by",
        "points": "percentage points",
        "target": "target",
        "by": "by",
        "actual": "actual",
        "statements": "statements (qualitative, not scored)",
        "indicators": "Indicators by scope area",
        "progress": "progress",
        "status": "status",
        "no_indicators": "No indicators yet",
        "areas_word": "areas",
        "area_word": "area",
        "met_on": "met on",
        "partly_on": "partly met on",
        "not_yet": "not yet met",
        "not_full": "not yet fully met",
        "not_met": "not met",
        "past_due": "days past the due date",
        "after_due": "days after the due date",
        "on_time": "on time",
        "banner": ILLUSTRATIVE_BANNER,
        "gaps": "Data gaps and what was left out",
        "missing": "expected to report, no data yet from",
        "late_obs": "recorded after the deadline",
        "apart": "not expected to report: shown apart, in no total",
        "more": "more",
        "baseline": "baseline",
        "projected": "at the pace reported: {value}, projected",
        "reported_of": "data from {reported} of {expected} {whom}",
        "whom": "reporters",
        "periods_of": "{reported} of {due} periods",
        "missing_periods": "missing",
    },
    "id": {
        "title": "Laporan kemajuan",
        "agreement": "Perjanjian",
        "as_of": "per",
        "recorded": "data per",
        "all_records": "semua catatan hingga kini",
        "overall": "Keseluruhan",
        "expected": "seharusnya",
        "coverage": "data masuk",
        "areas": "Per ruang lingkup",
        "parties": "Per pihak",
        "back": "Paling menghambat kemajuan",
        "regions": "Wilayah dengan capaian terendah",
        "milestones": "Tonggak capaian",
        "rules": "Aturan",
        "none": "tidak ada",
        "late": "terlambat",
        "days": "hari",
        "due": "tenggat",
        "met": "tercapai",
        "partly_met": "tercapai sebagian",
        "no_value": "tanpa nilai (tidak ada data atau target)",
        "shortfall": "bila sesuai jadwal menaikkan capaian keseluruhan sebesar",
        "points": "poin persen",
        "target": "target",
        "by": "pada",
        "actual": "realisasi",
        "statements": "pernyataan (kualitatif, tidak dinilai)",
        "indicators": "Indikator per ruang lingkup",
        "progress": "capaian",
        "status": "status",
        "no_indicators": "Belum ada indikator",
        "areas_word": "ruang lingkup",
        "area_word": "ruang lingkup",
        "met_on": "tercapai",
        "partly_on": "tercapai sebagian",
        "not_yet": "belum tercapai",
        "not_full": "belum tercapai penuh",
        "not_met": "tidak tercapai",
        "past_due": "hari lewat tenggat",
        "after_due": "hari setelah tenggat",
        "on_time": "tepat waktu",
        "banner": (
            "ILUSTRASI: angka rekaan untuk memperlihatkan cara kerja alat ini, bukan data resmi"
        ),
        "gaps": "Kekurangan data dan yang tidak dihitung",
        "missing": "wajib melapor, belum ada data dari",
        "late_obs": "dicatat melewati tenggat",
        "apart": "tidak wajib melapor: ditampilkan terpisah, tidak masuk total",
        "more": "lainnya",
        "baseline": "nilai awal",
        "projected": "proyeksi pada laju yang dilaporkan: {value}",
        "reported_of": "data dari {reported} dari {expected} {whom}",
        "whom": "pelapor",
        "periods_of": "{reported} dari {due} periode",
        "missing_periods": "belum masuk",
    },
}


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
