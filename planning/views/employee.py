"""The employee's pages: the IDP home, the self-assessment, Formulir 1 (B and C), submitting and agreeing, and D
with the suggested learning and realised JP."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corpu.access import headed_paths, visible_plan_rows
from corpu.choices import Competency
from ledger.services import year_entries

from .. import suggestions
from ..forms import BasisForm, CareerPlanForm, NoteForm, RowForm
from ..lan import BASIS_GROUPS, GapAspect, Method
from ..models import Plan, PlanRow, PlanState, Section, SelfAssessment
from ..roles import is_coordinator
from ..services import assessment, dialogue, drafting, forums, realised, rpl, tasks, verification
from .common import may_edit_rows, plan_for, refusal, year_of


def plan_url(plan):
    return reverse("planning:plan", args=[plan.pk])


@login_required
def home(request):
    """ "IDP saya": this year's assessment and plan, open tasks, and the pages of the visitor's other roles."""
    year = year_of(request)
    user = request.user
    context = {
        "year": year,
        "plan": Plan.objects.filter(employee=user, year=year).first(),
        "assessment": SelfAssessment.objects.filter(employee=user, year=year).first(),
        "tasks": tasks.open_tasks(user),
        "is_supervisor": bool(headed_paths(user)) or Plan.objects.filter(supervisor=user).exists(),
        "is_verifier": verification.verifications_for(user, year).exists() or user.keanggotaan.exists(),
        "is_coordinator": is_coordinator(user),
        "may_plan": user.is_institution_staff,
    }
    return render(request, "planning/home.html", context)


@login_required
def self_assessment(request):
    """Rate the competencies of the current and the next position; the gaps are shown and fill B 4.2."""
    year = year_of(request)
    user = request.user
    sa = SelfAssessment.objects.filter(employee=user, year=year).first()
    if request.method == "POST" and request.POST.get("action") == "start":
        assessment.start_assessment(user, year)
        return redirect(f"{request.path}?tahun={year}")
    if sa is None:
        return render(request, "planning/assessment.html", {"year": year, "assessment": None})
    career_form = CareerPlanForm(initial={"next_position": sa.next_position, "career_plan": sa.career_plan})
    ratings = list(sa.ratings.select_related("competency"))
    posted, errors = {}, {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "career":
            career_form = CareerPlanForm(request.POST)
            if career_form.is_valid():
                assessment.set_career_plan(sa, user, **career_form.cleaned_data)
                messages.success(request, _("Rencana karier disimpan."))
                return redirect(f"{request.path}?tahun={year}")
        elif action in ("rate", "complete"):
            posted, errors = _save_ratings(request, sa, ratings)
            if not errors:
                if action == "complete":
                    assessment.complete_assessment(sa, user)
                    messages.success(request, _("Penilaian mandiri selesai; kesenjangan mengisi B 4.2 IDP Anda."))
                else:
                    messages.success(request, _("Penilaian disimpan."))
                return redirect(f"{request.path}?tahun={year}")
            messages.error(request, _("Periksa baris yang ditandai; isian lain belum disimpan."))
    rows = [
        {
            "rating": r,
            "level": posted.get(r.pk, {}).get("level", r.current_level),
            "aspect": posted.get(r.pk, {}).get("aspect", r.aspect),
            "error": errors.get(r.pk),
        }
        for r in ratings
    ]
    return render(
        request,
        "planning/assessment.html",
        {
            "year": year,
            "assessment": sa,
            "rows": rows,
            "career_form": career_form,
            "gaps": [(Competency(kind).label, found) for kind, found in assessment.gaps(sa).items()],
            "aspects": GapAspect.choices,
            "levels": range(1, 6),
        },
    )


def _save_ratings(request, sa, ratings):
    """Check every posted level first; save only when all are valid, so a bad row loses nothing."""
    posted, errors, valid = {}, {}, []
    for r in ratings:
        level = (request.POST.get(f"level-{r.pk}") or "").strip()
        aspect = (request.POST.get(f"aspect-{r.pk}") or "").strip()
        posted[r.pk] = {"level": int(level) if level.isdigit() else level, "aspect": aspect}
        if not level:
            continue
        if not level.isdigit() or not 1 <= int(level) <= 5:
            errors[r.pk] = _("Level kompetensi harus 1 sampai 5.")
        elif aspect and aspect not in GapAspect.values:
            errors[r.pk] = _("Pilih aspek dari daftar.")
        else:
            valid.append((r, int(level), aspect))
    if not errors:
        for r, level, aspect in valid:
            assessment.rate(sa, request.user, r.competency, level, r.for_next_position, aspect=aspect, note=r.note)
    return posted, errors


@login_required
@require_POST
def open_plan(request):
    """Start (or reopen) the visitor's IDP of the year."""
    year = year_of(request)
    try:
        plan, _created = drafting.open_plan(request.user, year)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, refusal(error))
        return redirect("planning:home")
    return redirect("planning:plan", plan.pk)


@login_required
def plan(request, pk):
    """Formulir 1: A, B, C (editable by whoever holds the plan now), D with suggested learning and realised JP, E.
    A kelompok keahlian sees only the rows it verifies."""
    plan, access = plan_for(request, pk)
    user = request.user
    rows = list(visible_plan_rows(user, plan).select_related("competency", "verification"))
    by_section = {s: [r for r in rows if r.section == s] for s in Section.values}
    context = {
        "plan": plan,
        "access": access,
        "c_rows": by_section[Section.PROPOSED],
        "d_rows": by_section[Section.VERIFIED],
        "e_rows": by_section[Section.FOLLOW_UP],
        "is_employee": user.pk == plan.employee_id,
        "is_supervisor": user.pk == plan.supervisor_id,
        "editable": may_edit_rows(plan, user),
        "hints": {r.pk: [Method(m).label for m in drafting.method_hint(r.aspect)] for r in rows},
        "follows": {r.pk: drafting.follows_hint(r) for r in rows},
        "answers": forums.row_answers(plan),
    }
    if access.full:
        basis = list(plan.basis_rows.all())
        context["basis"] = [
            {"row": b, "group": BASIS_GROUPS[b.group], "first": i == 0 or basis[i - 1].group != b.group}
            for i, b in enumerate(basis)
        ]
        context["basis_editable"] = plan.state == PlanState.DRAFT and user.pk == plan.employee_id
        context["realised"] = {r.row.pk: r for r in realised.plan_realisation(plan)}
        if context["is_employee"]:
            linked = realised.linked_entry_ids(plan)
            context["unlinked_entries"] = [e for e in year_entries(user, plan.year) if e.pk not in linked]
        context["recognised"] = rpl.recognitions(plan)
        shown = by_section[Section.VERIFIED] or by_section[Section.PROPOSED]
        context["suggested"] = suggestions.for_rows(user, shown)
        context["note_form"] = NoteForm(initial={"note": plan.dialogue_note})
        if context["is_employee"] and plan.state == PlanState.DRAFT:
            context["missing"] = drafting.missing_for_submission(plan)
        context["window"] = dialogue.current_window(plan.year)
    return render(request, "planning/plan.html", context)


@login_required
def basis(request, pk, code):
    """Fill one B row (Ada/Tidak Ada and the analysis)."""
    plan, _access = plan_for(request, pk)
    row = get_object_or_404(plan.basis_rows, code=code)
    form = BasisForm(request.POST or None, initial={"available": row.available, "analysis": row.analysis})
    if request.method == "POST" and form.is_valid():
        try:
            drafting.update_basis(
                plan, request.user, code, form.cleaned_data["available"], form.cleaned_data["analysis"]
            )
        except PermissionDenied as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, _("Bagian B %(code)s disimpan.") % {"code": code})
            return redirect(f"{plan_url(plan)}#b-{code}")
    return render(request, "planning/basis_form.html", {"plan": plan, "row": row, "form": form})


@login_required
def row_form(request, pk, row_pk=None):
    """Add or edit a C row; the method hint for its gap aspect is shown, not enforced."""
    plan, _access = plan_for(request, pk)
    row = get_object_or_404(plan.rows, pk=row_pk, section=Section.PROPOSED) if row_pk else None
    if not may_edit_rows(plan, request.user):
        raise PermissionDenied
    initial = {f: getattr(row, f) for f in drafting.ROW_FIELDS} if row else {}
    form = RowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("competency"):
            data.pop("classification")
        try:
            saved = drafting.save_row(plan, request.user, data, row)
        except PermissionDenied as error:
            messages.error(request, refusal(error))
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Usulan C%(n)s disimpan.") % {"n": saved.position})
            return redirect(f"{plan_url(plan)}#c-{saved.pk}")
    return render(request, "planning/row_form.html", {"plan": plan, "row": row, "form": form})


@login_required
@require_POST
def row_delete(request, pk, row_pk):
    plan, _access = plan_for(request, pk)
    row = get_object_or_404(PlanRow, pk=row_pk, plan=plan)
    try:
        drafting.delete_row(plan, request.user, row)
    except PermissionDenied as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, _("Usulan dihapus."))
    return redirect(plan_url(plan))


@login_required
@require_POST
def step(request, pk, action):
    """The dialogue steps: submit (employee), return with a note (supervisor), agree (either)."""
    plan, _access = plan_for(request, pk)
    note = NoteForm(request.POST)
    note = note.cleaned_data["note"] if note.is_valid() else ""
    try:
        if action == "ajukan":
            dialogue.submit(plan, request.user)
            messages.success(request, _("IDP diajukan ke atasan untuk dialog kinerja."))
        elif action == "kembalikan":
            dialogue.return_to_draft(plan, request.user, note)
            messages.success(request, _("IDP dikembalikan ke pegawai dengan catatan."))
        elif action == "sepakati":
            dialogue.agree(plan, request.user, note=note if request.user.pk == plan.supervisor_id else None)
            plan.refresh_from_db()
            if plan.state == PlanState.AGREED:
                messages.success(request, _("IDP disepakati kedua pihak."))
            else:
                messages.success(request, _("Kesepakatan Anda dicatat; menunggu pihak lain."))
        else:
            raise PermissionDenied
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, refusal(error))
    return redirect(plan_url(plan))


def _row_and_entry(request, pk, row_pk):
    """The visitor's own plan row and one of their entries of the plan's year (the posted `entry`), else 403/404."""
    plan, _access = plan_for(request, pk)
    if request.user.pk != plan.employee_id:
        raise PermissionDenied
    row = get_object_or_404(PlanRow.objects.select_related("plan"), pk=row_pk, plan=plan)
    wanted = request.POST.get("entry", "")
    entry = year_entries(request.user, plan.year).filter(pk=int(wanted)).first() if wanted.isdigit() else None
    return plan, row, entry


@login_required
@require_POST
def row_link(request, pk, row_pk):
    """Link one of the employee's entries of the year to a C/D row; its JP becomes the row's realised JP."""
    plan, row, entry = _row_and_entry(request, pk, row_pk)
    if entry is None:
        messages.error(request, _("Pilih salah satu entri JP Anda tahun %(year)s.") % {"year": plan.year})
    else:
        try:
            realised.link_entry(row, entry, request.user)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, refusal(error))
        else:
            messages.success(
                request, _("“%(title)s” ditautkan ke %(row)s.") % {"title": entry.title, "row": _row_name(row)}
            )
    return redirect(f"{plan_url(plan)}#{row.section.lower()}-{row.pk}")


@login_required
@require_POST
def row_unlink(request, pk, row_pk):
    """Untie an entry from a row; it may then count for the row of its competency again."""
    plan, row, entry = _row_and_entry(request, pk, row_pk)
    if entry is not None and realised.unlink_entry(row, entry, request.user):
        messages.success(
            request, _("Tautan “%(title)s” ke %(row)s dilepas.") % {"title": entry.title, "row": _row_name(row)}
        )
    else:
        messages.error(request, _("Entri ini tidak tertaut ke baris tersebut."))
    return redirect(f"{plan_url(plan)}#{row.section.lower()}-{row.pk}")


def _row_name(row):
    return f"{row.section}{row.position}"
