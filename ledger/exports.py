"""Downloads: the Kartu Data Pengembangan Kompetensi (PDF, XLSX) in the layout of kutai-barat-dpupr-2024.txt
part III.B, the employee's own MyASN CSV, and the dashboard's per-employee table (CSV, XLSX).

Row-number headers use pgettext("row number", "No."): a bare gettext("No") is Django's yes/no "No" and reads
"Tidak" in Indonesian.
"""

import datetime
import io

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from corpu.mail import site_url

from . import myasn
from .models import Bucket, Entry, Scope
from .services import counted_entries, employee_year_summary


def row_number_header():
    return pgettext("row number", "No.")


def yes_no(value):
    return _("Ya") if value else _("Tidak")


# ---------------------------------------------------------------- Kartu Data Pengembangan Kompetensi


def _nip_facts(employee):
    """Birth date and gender read from the NIP, for profiles that lack them."""
    from people.nip import parse_nip

    try:
        return parse_nip(employee.nip) if employee.nip else None
    except ValidationError:
        return None


def employee_facts(employee):
    """Part A, "Informasi kepegawaian": (label, value) pairs in the seed's order, then jabatan and unit kerja."""
    from people.models import JenisKelamin

    parsed = _nip_facts(employee)
    born = employee.tanggal_lahir or (parsed.tanggal_lahir if parsed else None)
    gender = employee.jenis_kelamin or (parsed.jenis_kelamin if parsed else "")
    birth = " / ".join(part for part in [employee.tempat_lahir, date_format(born, "j F Y") if born else ""] if part)
    return [
        (_("Nama Lengkap"), employee.get_full_name()),
        (_("NIP/NIPPPK"), employee.nip or ""),
        (_("Pangkat dan golongan ruang"), employee.pangkat_golongan),
        (_("Tempat Lahir/Tgl. Lahir"), birth),
        (_("Jenis Kelamin"), str(JenisKelamin(gender).label) if gender in JenisKelamin.values else ""),
        (_("Jabatan"), employee.jabatan),
        (_("Unit kerja"), employee.unit_kerja.path_label if employee.unit_kerja_id else ""),
    ]


def _activity(number, result):
    entry = result.entry
    kind = entry.get_form_display()
    if entry.scope == Scope.INTERNASIONAL:
        kind = f"{kind} ({entry.get_scope_display()})"
    return {
        "no": number,
        "title": entry.title,
        "year": entry.start_date.year,
        "start": myasn.dmy(entry.start_date),
        "end": myasn.dmy(entry.end_date),
        "jp": result.jp,
        "certificate_no": entry.certificate_no,
        "certificate_date": myasn.dmy(entry.certificate_date),
        "valid_until": myasn.dmy(entry.valid_until),
        "issuer": entry.issuer or entry.organiser,
        "kind": kind,
        "copy": yes_no(entry.evidence),
        "myasn": yes_no(entry.uploaded_myasn),
        "explanation": result.explanation,
    }


def kartu(employee, rulebook, year, reason=""):
    """The card through `year`: every counted activity and each year's JP from the first year with an entry.

    Figures come from `employee_year_summary`, the same as "JP saya", one year at a time.
    """
    first = counted_entries(Entry.objects.filter(employee=employee, start_date__year__lte=year)).order_by("start_date")
    first_date = first.values_list("start_date", flat=True).first()
    years = range(first_date.year if first_date else year, year + 1)
    activities, yearly = [], []
    for number, each in enumerate(years, start=1):
        summary = employee_year_summary(employee, each, rulebook)
        results = sorted(summary["results"], key=lambda r: (r.entry.start_date, r.entry.pk))
        activities.extend(_activity(len(activities) + 1, result) for result in results)
        yearly.append(
            {
                "no": number,
                "year": each,
                "total_jp": summary["total_jp"],
                "target_jp": summary["target_jp"],
                "met": summary["met"],
                "target_is_ceiling": summary["target_is_ceiling"],
            }
        )
    head = employee.unit_kerja.get_root() if employee.unit_kerja_id else None
    return {
        "employee": employee,
        "facts": employee_facts(employee),
        "activities": activities,
        "yearly": yearly,
        "year": year,
        "rulebook": rulebook,
        "rulebook_reason": reason,
        "head_unit": head.nama if head else "",
        "date": date_format(datetime.date.today(), "j F Y"),
    }


def kartu_columns():
    """Part B's columns (the seed's, with the certificate number and date split for the spreadsheet)."""
    return [
        row_number_header(),
        _("Nama Pengembangan Kompetensi"),
        _("Tahun Pengembangan Kompetensi"),
        _("Tanggal Mulai"),
        _("Tanggal Selesai"),
        _("Lamanya Pelatihan (Satuan JP)"),
        _("Nomor Sertifikat"),
        _("Tanggal Sertifikat"),
        _("Masa Berlaku Sertifikat"),
        _("Tempat Terbit Sertifikat"),
        _("Jenis Pengembangan Kompetensi"),
        _("Salinan Terlampir (Ya/Tidak)"),
        _("Telah diupload pada myasn.bkn.go.id (Ya/Tidak)"),
        _("Penjelasan perhitungan JP"),
    ]


def yearly_columns():
    return [row_number_header(), _("Tahun"), _("Jumlah Jam Pelatihan"), _("Target JP"), _("Keterangan")]


def met_label(met, ceiling=False):
    if ceiling:
        return _("batas paling banyak, bukan target minimal")
    if met is None:
        return _("tanpa target")
    return _("tercapai") if met else _("belum tercapai")


def declaration():
    return _(
        "Dengan ini saya menyatakan informasi yang telah saya sampaikan adalah benar dan dapat "
        "dipertanggung-jawabkan dan telah di upload sebagai bukti dukung e-kinerja dan MyASN."
    )


def rulebook_line(card):
    """Which conversion rulebook counted the card's JP, and why the institution uses it."""
    line = _("Aturan konversi: %(name)s") % {"name": f"{card['rulebook'].title} ({card['rulebook'].slug})"}
    if card.get("rulebook_reason"):
        line += " — " + card["rulebook_reason"]
    return line


def _bold_row(sheet):
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def card_xlsx(card):
    book = Workbook()
    sheet = book.active
    sheet.title = f"Kartu Data {card['year']}"
    sheet.append([_("KARTU DATA PENGEMBANGAN KOMPETENSI")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([rulebook_line(card)])
    sheet.append([])
    sheet.append([_("A. INFORMASI KEPEGAWAIAN")])
    _bold_row(sheet)
    for number, (label, value) in enumerate(card["facts"], start=1):
        sheet.append([number, label, value])
    sheet.append([])
    sheet.append([_("B. INFORMASI PENGEMBANGAN KOMPETENSI")])
    _bold_row(sheet)
    sheet.append(kartu_columns())
    _bold_row(sheet)
    for row in card["activities"]:
        sheet.append(
            [
                row["no"],
                row["title"],
                row["year"],
                row["start"],
                row["end"],
                myasn.number(row["jp"]),
                row["certificate_no"],
                row["certificate_date"],
                row["valid_until"],
                row["issuer"],
                row["kind"],
                row["copy"],
                row["myasn"],
                row["explanation"],
            ]
        )
    sheet.append([])
    sheet.append([_("C. JUMLAH JAM PELATIHAN TAHUNAN")])
    _bold_row(sheet)
    sheet.append(yearly_columns())
    _bold_row(sheet)
    for row in card["yearly"]:
        sheet.append(
            [
                row["no"],
                row["year"],
                myasn.number(row["total_jp"]),
                myasn.number(row["target_jp"]),
                met_label(row["met"], row["target_is_ceiling"]),
            ]
        )
    sheet.append([])
    sheet.append([declaration()])
    sheet.append([])
    employee = card["employee"]
    sheet.append(["", _("Mengetahui,"), "", "", "", "", "", "", f"……………, {card['date']}"])
    sheet.append(
        ["", _("Kepala %(unit)s") % {"unit": card["head_unit"]}, "", "", "", "", "", "", _("Pegawai yang melaporkan,")]
    )
    sheet.append(["", "", "", "", "", "", "", "", employee.jabatan])
    sheet.append([])
    sheet.append([])
    sheet.append(["", _("Nama"), "", "", "", "", "", "", employee.get_full_name()])
    sheet.append(["", _("NIP."), "", "", "", "", "", "", _("NIP. %(nip)s") % {"nip": employee.nip or ""}])
    widths = [6, 40, 12, 12, 12, 10, 18, 12, 12, 28, 22, 12, 16, 60]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def card_pdf(card):
    from weasyprint import HTML

    html = render_to_string(
        "ledger/kartu_pdf.html",
        {
            "card": card,
            "yearly_columns": yearly_columns(),
            "declaration": declaration(),
            "rulebook_line": rulebook_line(card),
        },
    )
    return HTML(string=html).write_pdf()


def myasn_csv(employee, year):
    """The employee's own counted entries of a year as MyASN Riwayat Diklat rows."""
    entries = myasn.export_entries(
        Entry.objects.filter(employee=employee), datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    )
    return myasn.dataset(entries, site_url()).export("csv")


# ---------------------------------------------------------------- dashboard: one row per employee


def report_columns():
    return [
        row_number_header(),
        _("NIP"),
        _("Nama"),
        _("Jenis pegawai"),
        _("Unit kerja"),
        _("JP dihitung"),
        _("Target JP"),
        _("Target tercapai"),
        *(str(label) for _key, label in Bucket.choices),
    ]


def _plain(value):
    if value is None:
        return ""
    if hasattr(value, "normalize"):
        return myasn.number(value)
    return value


def report_table(report):
    """Rows of plain values (one per employee) for the dashboard exports."""
    from people.models import UnitKerja

    labels = {unit.pk: unit.path_label for unit in UnitKerja.objects.filter(pk__in={r["unit_id"] for r in report})}
    for number, row in enumerate(report, start=1):
        yield [
            number,
            row["nip"],
            row["name"],
            row["employment_type"],
            labels.get(row["unit_id"], ""),
            _plain(row["total_jp"]),
            _plain(row["target_jp"]),
            "" if row["met"] is None else yes_no(row["met"]),
            *(_plain(row["by_bucket"][bucket]) for bucket, _label in Bucket.choices),
        ]


def report_csv(report):
    import tablib

    data = tablib.Dataset(*report_table(report), headers=report_columns())
    return data.export("csv")


def report_xlsx(report, year):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"JP {year}")
    sheet.append(report_columns())
    for row in report_table(report):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
