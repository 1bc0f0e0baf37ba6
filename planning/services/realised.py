"""Plan vs realised: the JP the ledger counted for each C/D row of a plan in its year, from the entries the employee
linked to the row, or else matched by competency (a course completion whose course carries the row's
classification). Read through ledger.services.employee_year_summary (the ledger's own counting).

Links are made when the employee submits an activity (the ledger's form asks `linkable_rows` and calls
`link_entry`), on the IDP page (`link_entry` / `unlink_entry`), and for a course completion by `link_completion`
(planning.signals, on the ledger's `entry_recorded`)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from courses.models import CoursePage
from ledger.models import Kind
from ledger.services import employee_year_summary

from ..models import PlanRow, RowEntryLink, Section
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


def linkable_rows(user, years):
    """The rows of `user`'s own plans of `years` that entries may be linked to: a plan's D rows once it has any,
    else its C rows (the rows its realised JP is shown on). Ordered by year and row, with `plan` loaded."""
    rows = list(
        PlanRow.objects.filter(
            plan__employee=user, plan__year__in=list(years), section__in=[Section.PROPOSED, Section.VERIFIED]
        )
        .select_related("plan", "competency")
        .order_by("plan__year", "section", "position", "id")
    )
    verified = {row.plan_id for row in rows if row.section == Section.VERIFIED}
    return [row for row in rows if (row.section == Section.VERIFIED) == (row.plan_id in verified)]


def _own(row, entry, actor):
    if actor.pk != row.plan.employee_id or entry.employee_id != row.plan.employee_id:
        raise PermissionDenied(_("Hanya entri JP milik pegawai sendiri yang dapat ditautkan ke IDP-nya."))


def link_entry(row, entry, actor):
    """The employee ties one of their ledger entries (of the plan's year) to a C or D row of their plan."""
    plan = row.plan
    _own(row, entry, actor)
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


def unlink_entry(row, entry, actor):
    """The employee unties an entry from a row (and from the C row a D row came from, whose link serves it)."""
    _own(row, entry, actor)
    links = RowEntryLink.objects.filter(entry=entry, row_id__in=[pk for pk in (row.pk, row.origin_id) if pk])
    removed, _detail = links.delete()
    if removed:
        audit("unlink_entry", row.plan, actor, f"row:{row.pk}", before={"entry_id": entry.pk})
    return bool(removed)


def _course_id(entry):
    prefix, _sep, pk = (entry.source_ref or "").partition(":")
    return int(pk) if prefix == "course" and pk.isdigit() else None


def link_completion(entry):
    """Link a new course completion to the one row of the learner's plan of its year whose classification is the
    course's competency. With no such row or several, nothing is linked: the entry stays matched by competency."""
    course_id = _course_id(entry)
    if course_id is None:
        return None
    kind = CoursePage.objects.filter(pk=course_id).values_list("competency", flat=True).first()
    if not kind:
        return None
    rows = [row for row in linkable_rows(entry.employee, [entry.start_date.year]) if row.classification == kind]
    if len(rows) != 1:
        return None
    return link_entry(rows[0], entry, entry.employee)


def follow_correction(entry):
    """A verifier's correction replaces an entry in the count: the rows linked to the corrected entry get the
    correction linked too (same year only), so the row's realised JP follows the entry's new values."""
    if entry.kind != Kind.CORRECTION or entry.amends_id is None:
        return []
    links = RowEntryLink.objects.filter(entry_id=entry.amends_id, row__plan__year=entry.start_date.year)
    made = []
    for link in links.select_related("row__plan"):
        new, created = RowEntryLink.objects.get_or_create(
            row=link.row, entry=entry, defaults={"linked_by": link.linked_by}
        )
        if created:
            audit(
                "link_entry",
                link.row.plan,
                None,
                f"row:{link.row_id}",
                after={"entry_id": entry.pk, "amends": entry.amends_id},
            )
            made.append(new)
    return made


def linked_entry_ids(plan):
    """Ids of the ledger entries already linked to a row of the plan."""
    return set(RowEntryLink.objects.filter(row__plan=plan).values_list("entry_id", flat=True))


def _course_competencies(entries):
    """{entry id: the Competency type of the course it completes} for course-completion entries."""
    course_ids = {entry.pk: _course_id(entry) for entry in entries if _course_id(entry) is not None}
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
