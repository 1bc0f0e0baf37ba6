"""Employee downloads: Kartu Data Pengembangan Kompetensi (XLSX, PDF) and a MyASN Riwayat Diklat CSV."""

import csv
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .engine import FORM_NAMES

MYASN_COLUMNS = [
    "jenis_diklat",
    "nama_diklat",
    "penyelenggara",
    "nomor_sertifikat",
    "tahun",
    "tanggal_mulai",
    "tanggal_selesai",
    "durasi_jam",
    "rumpun",
]


def card_rows(summary):
    """One row per counted entry of a year summary (see services.employee_year_summary)."""
    rows = []
    for number, result in enumerate(summary["results"], start=1):
        entry = result.entry
        rows.append(
            {
                "no": number,
                "title": entry.title,
                "form": FORM_NAMES.get(entry.form, entry.form),
                "scope": entry.get_scope_display(),
                "organiser": entry.organiser,
                "start_date": entry.start_date,
                "end_date": entry.end_date,
                "jp": result.jp,
                "certificate_no": entry.certificate_no,
                "issuer": entry.issuer or entry.organiser,
                "evidence": bool(entry.evidence),
                "rumpun": entry.rumpun,
                "explanation": result.explanation,
            }
        )
    return rows


def card_xlsx(summary):
    employee = summary["employee"]
    book = Workbook()
    sheet = book.active
    sheet.title = f"Kartu JP {summary['year']}"
    sheet.append([_("KARTU DATA PENGEMBANGAN KOMPETENSI")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Nama"), employee.get_full_name()])
    sheet.append([_("NIP"), employee.nip or ""])
    sheet.append([_("Unit kerja"), employee.unit_kerja.path_label if employee.unit_kerja_id else ""])
    sheet.append([_("Tahun"), summary["year"]])
    sheet.append([_("Peraturan konversi"), summary["rulebook"].slug])
    sheet.append([])
    header = [
        _("No"),
        _("Nama kegiatan"),
        _("Bentuk"),
        _("Lingkup"),
        _("Penyelenggara"),
        _("Tanggal mulai"),
        _("Tanggal selesai"),
        _("JP"),
        _("Nomor sertifikat"),
        _("Penerbit"),
        _("Bukti terlampir"),
        _("Penjelasan"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in card_rows(summary):
        sheet.append(
            [
                row["no"],
                row["title"],
                row["form"],
                row["scope"],
                row["organiser"],
                row["start_date"],
                row["end_date"],
                float(row["jp"]),
                row["certificate_no"],
                row["issuer"],
                _("ya") if row["evidence"] else _("tidak"),
                row["explanation"],
            ]
        )
    sheet.append([])
    sheet.append(["", _("Jumlah JP"), "", "", "", "", "", float(summary["total_jp"])])
    if summary["target_jp"] is not None:
        sheet.append(["", _("Target JP"), "", "", "", "", "", float(summary["target_jp"])])
    for column, width in zip("ABCDEFGHIJKL", [5, 40, 22, 12, 28, 14, 14, 8, 20, 28, 10, 60], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def card_pdf(summary):
    from weasyprint import HTML

    html = render_to_string("ledger/kartu_pdf.html", {"summary": summary, "rows": card_rows(summary)})
    return HTML(string=html).write_pdf()


def myasn_csv(summary):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MYASN_COLUMNS)
    for row in card_rows(summary):
        writer.writerow(
            [
                row["form"],
                row["title"],
                row["organiser"],
                row["certificate_no"],
                row["start_date"].year,
                row["start_date"].isoformat(),
                row["end_date"].isoformat(),
                format(row["jp"].normalize(), "f"),
                row["rumpun"],
            ]
        )
    return buffer.getvalue()


REPORT_COLUMNS = [
    "nip",
    "name",
    "employment_type",
    "unit",
    "total_jp",
    "target_jp",
    "met",
    "classical",
    "guidance",
    "workplace",
]


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "normalize"):
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def report_table(report):
    """Rows of plain values (one per employee) for the dashboard exports."""
    from people.models import UnitKerja

    labels = {unit.pk: unit.path_label for unit in UnitKerja.objects.filter(pk__in={r["unit_id"] for r in report})}
    for row in report:
        yield [
            row["nip"],
            row["name"],
            row["employment_type"],
            labels.get(row["unit_id"], ""),
            _plain(row["total_jp"]),
            _plain(row["target_jp"]),
            _plain(row["met"]),
            *(_plain(row["by_bucket"][bucket]) for bucket in ("classical", "guidance", "workplace")),
        ]


def report_csv(report):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows(report_table(report))
    return buffer.getvalue()


def report_xlsx(report, year):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"JP {year}")
    sheet.append(REPORT_COLUMNS)
    for row in report_table(report):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
