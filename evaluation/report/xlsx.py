"""The report as XLSX (openpyxl): a summary sheet, then one sheet per section with the columns code (the figure's
`name`, the contract), label, value, part (the key of a breakdown's component) and note (why a figure failed)."""

import io
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns():
    return [_("Kode angka"), _("Uraian"), pgettext("report figure value", "Nilai"), _("Rincian"), _("Keterangan")]


def sheet_title(section):
    """A valid, unique sheet name: the section number and title without []:*?/\\, at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", f"{section.number}. {section.title}")[:31]


def _number(value):
    return value if value is None or isinstance(value, (int, float)) else float(value)


def section_rows(section):
    """The data rows of one section sheet."""
    if section.empty:
        return [["", _("Belum ada data untuk aspek ini."), None, "", ""]]
    rows = []
    for row in section.rows:
        if row.error:
            rows.append([row.name, row.label, None, "", _("Gagal dihitung: %(error)s") % {"error": row.error}])
        elif row.parts:
            for part in row.parts:
                rows.append([row.name, f"{row.label} — {part.label}", _number(part.value), part.key, ""])
        else:
            rows.append([row.name, row.label, _number(row.value), "", ""])
    return rows


def render(report, sections):
    book = Workbook()
    summary = book.active
    summary.title = _("Ringkasan")[:31]
    summary.append([_("Laporan Evaluasi Penyelenggaraan CorpU")])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([_("Instansi"), report.institution])
    summary.append([_("Tahun"), report.year])
    summary.append([_("Disusun"), report.created_at.strftime("%Y-%m-%d %H:%M") if report.created_at else ""])
    summary.append([])
    summary.append([_("Bagian"), _("Status")])
    for cell in summary[6]:
        cell.font = Font(bold=True)
    for section in sections:
        if section.empty:
            state = _("belum ada data")
        elif section.failed:
            state = _("sebagian gagal dihitung")
        else:
            state = ngettext("%(n)d angka", "%(n)d angka", len(section.rows)) % {"n": len(section.rows)}
        summary.append([f"{section.number}. {section.title}", state])
    summary.column_dimensions["A"].width = 55
    summary.column_dimensions["B"].width = 80
    for section in sections:
        sheet = book.create_sheet(sheet_title(section))
        sheet.append(columns())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for cells in section_rows(section):
            sheet.append(cells)
        for letter, width in zip("ABCDE", [32, 70, 14, 14, 50], strict=True):
            sheet.column_dimensions[letter].width = width
        for cells in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
            cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
