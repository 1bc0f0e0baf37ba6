"""The report as PDF (WeasyPrint): a cover with the institution and year, a contents list, then one section per
aspect with a table of its figures; breakdowns (e.g. the 10/20/70 mix) get static CSS bars, no JavaScript."""

from django.template.loader import render_to_string

from .builder import format_value


def context(report, sections, rulebook=None):
    rows = [
        {
            "section": section,
            "has_targets": any(part.target is not None for row in section.rows for part in row.parts),
            "rows": [
                {
                    "row": row,
                    "value": format_value(row.value) if not row.parts else "",
                    "parts": [(part, format_value(part.value)) for part in row.parts],
                }
                for row in section.rows
            ],
        }
        for section in sections
    ]
    return {"report": report, "sections": rows, "rulebook": rulebook}


def render(report, sections, rulebook=None):
    from weasyprint import HTML

    html = render_to_string("evaluation/report_pdf.html", context(report, sections, rulebook))
    return HTML(string=html).write_pdf()
