"""Plan vs realised: the JP the ledger counted for each C/D row of a plan in its year, from the entries the employee
linked to the row, or else matched by competency (a course completion whose course carries the row's
classification). Read through ledger.services.employee_year_summary (the ledger's own counting)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from courses.models import CoursePage
from ledger.services import employee_year_summary

from ..models import RowEntryLink, Section
from .audit import audit


@dataclass
class RowRealisation:
    row: object
    linked_jp: Decimal = Decimal(0)
    matched_jp: Decimal = Decimal(0)
    entries: list = field(default_factory=list)  # (ledger entry, its counted JP, "linked" | "matched")

    @property
    def realised_jp(self):
        return self.linked_jp + self.matched_jp


def link_entry(row, entry, actor):
    """The employee ties one of their ledger entries (of the plan's year) to a C or D row of their plan."""
    plan = row.plan
    if actor.pk != plan.employee_id or entry.employee_id != plan.employee_id:
        raise PermissionDenied(_("Hanya entri JP milik pegawai sendiri yang dapat ditautkan ke IDP-nya."))
    if row.section not in (Section.PROPOSED, Section.VERIFIED):
        raise ValidationError(_("Entri JP ditautkan ke baris C atau D."))
    if entry.start_date.year != plan.year:
        raise ValidationError(
            _("Entri JP tahun %(y)s tidak dapat ditautkan ke IDP tahun %(p)s.")
            % {"y": entry.start_date.year, "p": plan.year}
        )
    link, created = RowEntryLink.objects.get_or_create(row=row, entry=entry, defaults={"linked_by": actor})
    if created:
        audit("link_entry", plan, actor, f"row:{row.pk}", after={"entry_id": entry.pk})
    return link


def _course_competencies(entries):
    """{entry id: the Competency type of the course it completes} for course-completion entries."""
    course_ids = {}
    for entry in entries:
        prefix, _sep, pk = (entry.source_ref or "").partition(":")
        if prefix == "course" and pk.isdigit():
            course_ids[entry.pk] = int(pk)
    types = dict(CoursePage.objects.filter(pk__in=set(course_ids.values())).values_list("pk", "competency"))
    return {entry_id: types.get(course_id, "") for entry_id, course_id in course_ids.items()}


def plan_realisation(plan):
    """[RowRealisation] for the plan's D rows (its C rows while not verified), in order. A counted entry counts
    for one row only: the rows it is linked to first (split evenly when linked to several), else the first row of
    the same competency classification. Entries that match no row are left out."""
    section = Section.VERIFIED if plan.rows.filter(section=Section.VERIFIED).exists() else Section.PROPOSED
    rows = list(plan.rows.filter(section=section).select_related("competency"))
    result = {row.pk: RowRealisation(row) for row in rows}
    summary = employee_year_summary(plan.employee, plan.year)
    counted = [r for r in summary["results"] if r.counted and r.jp]
    # a link to a C row also serves its D row
    row_of = {row.pk: row.pk for row in rows}
    row_of.update({row.origin_id: row.pk for row in rows if row.origin_id})
    links = {}
    for entry_id, row_id in RowEntryLink.objects.filter(row__plan=plan).values_list("entry_id", "row_id"):
        if row_id in row_of:
            links.setdefault(entry_id, set()).add(row_of[row_id])
    competencies = _course_competencies([r.entry for r in counted if r.entry.pk not in links])
    for item in counted:
        entry = item.entry
        if entry.pk in links:
            share = item.jp / len(links[entry.pk])
            for row_id in sorted(links[entry.pk]):
                result[row_id].linked_jp += share
                result[row_id].entries.append((entry, share, "linked"))
            continue
        kind = competencies.get(entry.pk)
        match = next((row for row in rows if kind and row.classification == kind), None)
        if match is not None:
            result[match.pk].matched_jp += item.jp
            result[match.pk].entries.append((entry, item.jp, "matched"))
    return [result[row.pk] for row in rows]
