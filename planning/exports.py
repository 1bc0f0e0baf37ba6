"""Formulir 1 (PDF in the LAN layout, XLSX) per employee and Formulir 2 (XLSX) per kelompok keahlian and unit and
for the CLO per level. Titles and column headers are the LAN form's own words (Kepka LAN 605/2025, Anak
Lampiran), copied verbatim like planning.lan: data, not translated."""

import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from corpu.choices import Competency

from .lan import (
    AVAILABILITY_LABEL,
    B_HEADERS,
    BASIS_GROUPS,
    C_HEADERS,
    CLO_RECAP_HEADERS,
    CLO_RECAP_TITLES,
    D_HEADERS,
    D_TITLE,
    E_GROUP_HEADER,
    E_HEADERS,
    KELOMPOK_RECAP_HEADERS,
    PART_TITLES,
    PROFILE_LABELS,
    Level,
    Method,
    Priority,
)
from .models import Section
from .services.recap import LEVEL_ORDER

FORM1_TITLE = "Formulir 1 : Alat Bantu Penyusunan IDP"
FORM2_TITLE = "Formulir 2: Alat Bantu Rekapitulasi oleh Koordinator Kelompok Keahlian dan Koordinator Pembelajaran"
KELOMPOK_RECAP_TITLE = "Rekap oleh Kelompok Keahlian di Unit Organisasi"
CLO_RECAP_TITLE = "Rekap oleh Koordinator Pembelajaran"
SECTION_TITLES = PART_TITLES
ROW_HEADERS = {Section.PROPOSED: C_HEADERS, Section.VERIFIED: D_HEADERS, Section.FOLLOW_UP: E_HEADERS}
CLASSIFICATION = {
    Competency.MANAGERIAL: "Manajerial",
    Competency.SOCIO_CULTURAL: "Sosio-Kultural",
    Competency.TECHNICAL: "Teknis",
}
METHODS = {Method.FORMAL: "Formal", Method.SOCIAL: "Sosial", Method.EXPERIENTIAL: "Eksperiensial"}
LEVELS = {Level.TECHNICAL: "Teknis", Level.OPERATIONAL: "Operasional", Level.STRATEGIC: "Strategis"}
PRIORITIES = {Priority.HIGH: "Tinggi", Priority.MEDIUM: "Sedang", Priority.LOW: "Rendah"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row_cells(row):
    """A C/D/E row as the LAN cells: Tujuan/Output, Klasifikasi/Deskripsi, Klasifikasi/Sumber, Level/Pelaksana."""
    description = (
        row.description if not row.competency_id else "; ".join(x for x in [row.competency.name, row.description] if x)
    )
    return [
        row.position,
        row.relevance,
        f"Tujuan: {row.objective}\nOutput: {row.output}",
        f"Klasifikasi: {CLASSIFICATION.get(row.classification, '')}\nDeskripsi: {description}",
        f"Klasifikasi: {METHODS.get(row.method, '')}\nSumber Pembelajaran: {row.source}",
        row.timeframe,
        f"Level Pelaksana: {LEVELS.get(row.level, '')}\nPelaksana: {row.organiser}",
    ]


def group_availability(rows):
    """A B group's "Ada/Tidak Ada*" struck out as the LAN form asks: Ada when any of its rows has the information,
    Tidak Ada when every row was marked without, else left as printed."""
    values = {row.available for row in rows}
    if True in values:
        return "Ada"
    if values == {False}:
        return "Tidak Ada"
    return AVAILABILITY_LABEL


def formulir1(plan, rows):
    """What both Formulir 1 exports print: part A, B with its groups, and the C, D and E rows given (the rows the
    viewer may see)."""
    rows_b = list(plan.basis_rows.all())
    basis = []
    for index, row in enumerate(rows_b):
        group = [other for other in rows_b if other.group == row.group]
        basis.append(
            {
                "group": row.group,
                "dasar": BASIS_GROUPS[row.group],
                "availability": group_availability(group),
                "code": row.code,
                "label": row.label,
                "analysis": row.analysis,
                "first": index == 0 or rows_b[index - 1].group != row.group,
                "span": len(group),
            }
        )
    sections = []
    for section in Section.values:
        sections.append(
            {
                "code": section,
                "title": SECTION_TITLES[section],
                "headers": ROW_HEADERS[section],
                "rows": [row_cells(r) for r in rows if r.section == section],
            }
        )
    return {
        "plan": plan,
        "title": FORM1_TITLE,
        "profile_title": SECTION_TITLES["A"],
        "profile": [(label, getattr(plan, name)) for name, label in PROFILE_LABELS],
        "basis_title": SECTION_TITLES["B"],
        "basis_headers": B_HEADERS,
        "basis": basis,
        "sections": sections,
        "d_subtitle": D_TITLE,
        "e_group": E_GROUP_HEADER,
    }


def _bold(sheet, size=None):
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True, size=size) if size else Font(bold=True)


def _wrap(sheet):
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def formulir1_xlsx(plan, rows):
    form = formulir1(plan, rows)
    book = Workbook()
    sheet = book.active
    sheet.title = f"Formulir 1 {plan.year}"
    sheet.append([form["title"]])
    _bold(sheet, 13)
    sheet.append([])
    sheet.append([form["profile_title"]])
    _bold(sheet)
    for label, value in form["profile"]:
        sheet.append([label, ":", value])
    sheet.append([])
    sheet.append([form["basis_title"]])
    _bold(sheet)
    sheet.append(form["basis_headers"])
    _bold(sheet)
    for item in form["basis"]:
        first = item["first"]
        sheet.append(
            [
                item["group"] if first else "",
                item["dasar"] if first else "",
                item["availability"],
                item["code"],
                item["label"],
                item["analysis"],
            ]
        )
    for section in form["sections"]:
        sheet.append([])
        sheet.append([section["title"]])
        _bold(sheet)
        if section["code"] == Section.VERIFIED:
            sheet.append([form["d_subtitle"]])
            _bold(sheet)
        if section["code"] == Section.FOLLOW_UP:
            sheet.append(["", form["e_group"]])
            sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=4)
            _bold(sheet)
        sheet.append(section["headers"])
        _bold(sheet)
        for cells in section["rows"]:
            sheet.append(cells)
    _wrap(sheet)
    for letter, width in zip("ABCDEFG", [8, 30, 36, 40, 40, 22, 36], strict=True):
        sheet.column_dimensions[letter].width = width
    return _save(book)


def formulir1_pdf(plan, rows):
    from weasyprint import HTML

    return HTML(string=render_to_string("planning/formulir1_pdf.html", formulir1(plan, rows))).write_pdf()


def kelompok_table(verifications):
    """Formulir 2 "Rekap oleh Kelompok Keahlian di Unit Organisasi" rows, numbered."""
    table = []
    for number, v in enumerate(verifications, start=1):
        row = v.row
        table.append(
            [
                number,
                row.plan.nama,
                row.relevance,
                "; ".join(x for x in [row.objective, row.output] if x),
                CLASSIFICATION.get(row.classification, ""),
                METHODS.get(v.method, ""),
                v.source,
                v.timeframe,
                LEVELS.get(v.level, ""),
                PRIORITIES.get(v.priority, ""),
            ]
        )
    return table


def kelompok_xlsx(verifications, kelompok_name, unit_label, year):
    book = Workbook()
    sheet = book.active
    sheet.title = "Formulir 2"
    sheet.append([FORM2_TITLE])
    _bold(sheet, 13)
    sheet.append([KELOMPOK_RECAP_TITLE])
    _bold(sheet)
    sheet.append([kelompok_name, unit_label, year])
    sheet.append([])
    sheet.append(KELOMPOK_RECAP_HEADERS)
    _bold(sheet)
    for cells in kelompok_table(verifications):
        sheet.append(cells)
    _wrap(sheet)
    for letter, width in zip("ABCDEFGHIJ", [6, 28, 12, 40, 22, 20, 28, 18, 16, 16], strict=True):
        sheet.column_dimensions[letter].width = width
    return _save(book)


def clo_xlsx(lines, year):
    """The CLO recap: one block per level (strategis, operasional, teknis) with the LAN headers of that level."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Formulir 2 CLO"
    sheet.append([FORM2_TITLE])
    _bold(sheet, 13)
    sheet.append([CLO_RECAP_TITLE, year])
    _bold(sheet)
    for level in LEVEL_ORDER:
        sheet.append([])
        sheet.append([CLO_RECAP_TITLES[level]])
        _bold(sheet)
        sheet.append(CLO_RECAP_HEADERS[level])
        _bold(sheet)
        for line in (x for x in lines if x.level == level):
            sheet.append(
                [
                    line.competency,
                    line.development,
                    METHODS.get(line.method, line.method),
                    line.source,
                    line.time,
                    "; ".join(line.units),
                    line.employees,
                ]
            )
    _wrap(sheet)
    for letter, width in zip("ABCDEFG", [30, 34, 16, 30, 18, 40, 14], strict=True):
        sheet.column_dimensions[letter].width = width
    return _save(book)
