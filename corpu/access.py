"""The one access policy of CorpU: who may see what.

Three levels from Balangan Perbup 68/2025 art. 12(3):
- public: anyone, anonymous visitors included;
- ASN: any signed-in ASN account (PNS/PPPK, from this institution or elsewhere), plus this institution's own
  staff and kelompok keahlian members (they are part of the CorpU even when not ASN);
- internal: staff of this institution (placed in its unit kerja tree). When an item is narrowed to an owning
  unit and/or kelompok keahlian, only staff of that unit (or a unit below it) or members of that kelompok see
  it; with both set, belonging to either is enough.
Administrators (superusers, holders of `people.view_all_content` such as the CLO) see everything.

Pages, documents, listings, search, feeds and APIs all ask this module: `can_view` for one item,
`visible_q`/`filter_visible` for querysets (`audience_key` names who sees the same rows), `deny_response` /
`refuse` for views. Pages answer `may_open(user)` through it, and Wagtail documents follow the pages using them
(`corpu/documents.py`). Individual development plans have their own rule at the end (`plan_access`,
`filter_visible_plans`, `visible_plan_rows`, `deny_plan_response`).
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Publik")
    ASN = "asn", _("ASN")
    INTERNAL = "internal", _("Internal")


@dataclass(frozen=True)
class Viewer:
    """What the policy needs to know about a visitor, computed once per user object."""

    authenticated: bool = False
    is_admin: bool = False
    is_asn_audience: bool = False
    is_staff_member: bool = False
    unit_ids: frozenset = frozenset()
    kelompok_ids: frozenset = frozenset()


ANONYMOUS = Viewer()


def viewer_for(user):
    """Return the (cached) Viewer of a user; anonymous and inactive users get ANONYMOUS."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_corpu_viewer", None)
    if cached is not None:
        return cached
    unit_ids = frozenset()
    if user.unit_kerja_id:
        unit = user.unit_kerja
        unit_ids = frozenset(unit.get_ancestors().values_list("id", flat=True)) | {unit.id}
    kelompok_ids = frozenset(user.keanggotaan.values_list("kelompok_id", flat=True))
    staff = user.is_institution_staff
    viewer = Viewer(
        authenticated=True,
        is_admin=user.is_superuser or user.has_perm("people.view_all_content"),
        is_asn_audience=user.is_asn or staff or bool(kelompok_ids),
        is_staff_member=staff,
        unit_ids=unit_ids,
        kelompok_ids=kelompok_ids,
    )
    user._corpu_viewer = viewer
    return viewer


def can_view(user, level, owner_unit_id=None, owner_kelompok_id=None):
    """May this user see an item of this level, owned by this unit / kelompok keahlian?"""
    viewer = viewer_for(user)
    if level == AccessLevel.PUBLIC or viewer.is_admin:
        return True
    if level == AccessLevel.ASN:
        return viewer.is_asn_audience
    if level != AccessLevel.INTERNAL:
        return False  # unknown level: closed by default
    if owner_unit_id is None and owner_kelompok_id is None:
        return viewer.is_staff_member
    return owner_unit_id in viewer.unit_ids or owner_kelompok_id in viewer.kelompok_ids


def can_view_object(user, obj):
    """can_view for an object with `access_level`, `owner_unit_id` and `owner_kelompok_id`."""
    return can_view(
        user,
        obj.access_level,
        getattr(obj, "owner_unit_id", None),
        getattr(obj, "owner_kelompok_id", None),
    )


def visible_q(user, prefix=""):
    """A Q object selecting the rows this user may see; `prefix` reaches the fields through a relation."""
    viewer = viewer_for(user)
    if viewer.is_admin:
        return Q()
    f = (prefix + "__") if prefix else ""
    allowed = Q(**{f"{f}access_level": AccessLevel.PUBLIC})
    if viewer.is_asn_audience:
        allowed |= Q(**{f"{f}access_level": AccessLevel.ASN})
    reach = []
    if viewer.is_staff_member:
        reach.append(Q(**{f"{f}owner_unit__isnull": True, f"{f}owner_kelompok__isnull": True}))
    if viewer.unit_ids:
        reach.append(Q(**{f"{f}owner_unit__in": viewer.unit_ids}))
    if viewer.kelompok_ids:
        reach.append(Q(**{f"{f}owner_kelompok__in": viewer.kelompok_ids}))
    if reach:
        allowed |= Q(**{f"{f}access_level": AccessLevel.INTERNAL}) & reduce(operator.or_, reach)
    return allowed


def audience_key(user):
    """A short string naming everything `visible_q` depends on: visitors with the same key see the same rows,
    so answers computed for one of them (e.g. cached search facets) may be given to the others."""
    viewer = viewer_for(user)
    if viewer.is_admin:
        return "admin"
    flags = f"{viewer.is_asn_audience:d}{viewer.is_staff_member:d}"
    return f"{flags}:u{','.join(map(str, sorted(viewer.unit_ids)))}:k{','.join(map(str, sorted(viewer.kelompok_ids)))}"


def filter_visible(queryset, user, prefix=""):
    """Restrict a queryset of access-controlled rows to what this user may see."""
    return queryset.filter(visible_q(user, prefix))


def refuse(request):
    """The refusal of a visitor the policy does not admit: a sign-in redirect (anonymous) or PermissionDenied."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("Anda tidak memiliki akses ke konten ini."))


def deny_response(request, obj):
    """None when the visitor may see obj; otherwise `refuse(request)`."""
    if can_view_object(request.user, obj):
        return None
    return refuse(request)


# --- individual development plans (planning.Plan) ------------------------------------------------------------
# An IDP is visible to its employee, their supervisor chain (the plan's supervisor and the heads of the plan's
# unit and of every unit above it), the kelompok keahlian verifying its rows (those rows only) and the CLO /
# administrators; never to other staff.


@dataclass(frozen=True)
class PlanAccess:
    """What one user may see of one plan: everything (`full`), or only the rows verified by `kelompok_ids`."""

    full: bool = False
    kelompok_ids: frozenset = frozenset()

    def __bool__(self):
        return self.full or bool(self.kelompok_ids)


NO_PLAN_ACCESS = PlanAccess()


def headed_paths(user):
    """The tree paths of the units this user heads (cached on the user object)."""
    cached = getattr(user, "_corpu_headed_paths", None)
    if cached is None:
        from people.services import headed_unit_paths

        cached = headed_unit_paths(user)
        user._corpu_headed_paths = cached
    return cached


def plan_access(user, plan):
    """The PlanAccess of a user to a plan (falsy when none)."""
    viewer = viewer_for(user)
    if not viewer.authenticated:
        return NO_PLAN_ACCESS
    if viewer.is_admin or user.pk in (plan.employee_id, plan.supervisor_id):
        return PlanAccess(full=True)
    unit_path = plan.unit.path if plan.unit_id else None
    if unit_path and unit_path.startswith(headed_paths(user)):
        return PlanAccess(full=True)
    if viewer.kelompok_ids:
        from planning.models import Verification

        verifying = Verification.objects.filter(row__plan=plan, kelompok__in=viewer.kelompok_ids)
        found = frozenset(verifying.values_list("kelompok_id", flat=True))
        if found:
            return PlanAccess(kelompok_ids=found)
    return NO_PLAN_ACCESS


def can_view_plan(user, plan):
    """May this user open the plan (fully or its kelompok's rows)?"""
    return bool(plan_access(user, plan))


def deny_plan_response(request, plan):
    """None when the visitor may open the plan; otherwise `refuse(request)` (sign-in redirect or 403)."""
    if can_view_plan(request.user, plan):
        return None
    return refuse(request)


def visible_plans_q(user, prefix=""):
    """A Q selecting the plans this user may open (fully or partly); `prefix` reaches a plan through a relation."""
    viewer = viewer_for(user)
    f = (prefix + "__") if prefix else ""
    if not viewer.authenticated:
        return Q(pk__in=[])
    if viewer.is_admin:
        return Q()
    allowed = Q(**{f"{f}employee": user.pk}) | Q(**{f"{f}supervisor": user.pk})
    for path in headed_paths(user):
        allowed |= Q(**{f"{f}unit__path__startswith": path})
    if viewer.kelompok_ids:
        allowed |= Q(**{f"{f}rows__verification__kelompok__in": viewer.kelompok_ids})
    return allowed


def filter_visible_plans(queryset, user):
    """Restrict a Plan queryset to what this user may open (distinct: a kelompok may verify several rows)."""
    return queryset.filter(visible_plans_q(user)).distinct()


def visible_plan_rows(user, plan):
    """The rows (C, D, E) of a plan this user may see: all with full access; for a verifying kelompok keahlian the
    C rows it verifies and the D rows made from them; none otherwise."""
    from planning.models import PlanRow

    access = plan_access(user, plan)
    rows = PlanRow.objects.filter(plan=plan)
    if access.full:
        return rows
    if not access.kelompok_ids:
        return rows.none()
    mine = Q(verification__kelompok__in=access.kelompok_ids) | Q(origin__verification__kelompok__in=access.kelompok_ids)
    return rows.filter(mine)


# --- learning programmes (planning.LearningProgramme) ----------------------------------------------------------
# The year's programmes are the institution's calendar: every signed-in employee sees them. The CLO and the chair
# of the forum whose decision created a programme manage it (status, delivery, targets) and see its counts.


def may_manage_programme(user, programme):
    """The CLO (or an administrator), or the chair of the forum that decided the programme."""
    from planning.roles import is_coordinator

    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_coordinator(user):
        return True
    decision = programme.decision if programme.decision_id else None
    return decision is not None and decision.forum.chair_id == user.pk


def can_view_programme(user, programme):
    """Any signed-in, active employee (the calendar is institution-wide)."""
    return bool(user and user.is_authenticated and user.is_active)


# --- recognition of prior learning (planning.RplRequest) -----------------------------------------------------
# A request is visible to its employee, the members of the kelompok keahlian assessing it (the CLO when it has
# none), the CLO and administrators; never to other staff. Assessing and deciding one's own request is refused
# by the service as well.


def _coordinates(user):
    from planning.roles import is_coordinator

    return is_coordinator(user)


def may_assess_rpl(user, rpl):
    """A member (Ketua or Anggota) of the request's kelompok keahlian; the CLO when it has none; never its
    employee."""
    viewer = viewer_for(user)
    if not viewer.authenticated or user.pk == rpl.employee_id:
        return False
    if rpl.kelompok_id is None:
        return _coordinates(user)
    return rpl.kelompok_id in viewer.kelompok_ids


def can_view_rpl(user, rpl):
    """May this user open the request?"""
    viewer = viewer_for(user)
    if not viewer.authenticated:
        return False
    if user.pk == rpl.employee_id or viewer.is_admin or _coordinates(user):
        return True
    return rpl.kelompok_id is not None and rpl.kelompok_id in viewer.kelompok_ids


def visible_rpl_q(user):
    """A Q selecting the requests this user may open."""
    viewer = viewer_for(user)
    if not viewer.authenticated:
        return Q(pk__in=[])
    if viewer.is_admin or _coordinates(user):
        return Q()
    return Q(employee=user.pk) | Q(kelompok__in=viewer.kelompok_ids)


# --- learning forums (planning.Forum) ---------------------------------------------------------------------
# Balangan Perbup 68/2025 art. 17–18: a forum is the meeting of the people its level names. Its page and its
# minutes (notulen) are for those invited, its chair, and the Koordinator Pembelajaran (CLO) who manages every
# forum; never for other staff, another kelompok keahlian, or anonymous visitors.


def can_download_forum_minutes(user, forum):
    """May this user open the forum and download its minutes? The invited participants, the chair, the CLO."""
    viewer = viewer_for(user)
    if not viewer.authenticated:
        return False
    if user.pk == forum.chair_id or _coordinates(user):
        return True
    return forum.participants.filter(user=user).exists()


# Evaluation results (Balangan Perbup 68/2025 art. 29; Kutai Barat part V: the head of the agency through each unit's
# secretariat): the CLO and the Dewan Pengarah see all; a unit head their unit and below; a unit secretariat
# (verifikator unit) their own unit and below; an employee their own results (they feed the employee's next IDP).


def evaluation_scope(user):
    """Whose evaluation results a user may see: "all", or a tuple of unit tree paths (possibly empty). The user's
    own results are always visible to them (see `evaluation_employees_q`)."""
    from people.roles import DEWAN_PENGARAH, role_group_name

    viewer = viewer_for(user)
    if not viewer.authenticated:
        return ()
    if viewer.is_admin or user.groups.filter(name=role_group_name(DEWAN_PENGARAH)).exists():
        return "all"
    paths = set(headed_paths(user))
    if user.has_perm("ledger.verify_entry") and user.unit_kerja_id:
        paths.add(user.unit_kerja.path)
    return tuple(sorted(paths))


def evaluation_employees_q(user, prefix="employee"):
    """A Q selecting rows (reached through `prefix`, a relation to the employee) whose evaluation results this user
    may see; `prefix=""` selects users themselves."""
    viewer = viewer_for(user)
    f = (prefix + "__") if prefix else ""
    if not viewer.authenticated:
        return Q(pk__in=[])
    scope = evaluation_scope(user)
    if scope == "all":
        return Q()
    allowed = Q(**{f"{f}pk": user.pk})
    for path in scope:
        allowed |= Q(**{f"{f}unit_kerja__path__startswith": path})
    return allowed


def can_see_evaluations(user):
    """Does this user see anyone's evaluation results but their own (the evaluation menu and overviews)?"""
    scope = evaluation_scope(user)
    return scope == "all" or bool(scope)


# Impact, maturity and monev (Balangan art. 29; Kutai Barat part V): the CLO records them; the CLO and the Dewan
# Pengarah see all; a programme's impact sheet is also seen by the heads of the units its targets belong to; a
# unit's monev record by that unit's head and secretariat (evaluation_scope).


def may_record_evaluation(user):
    """The CLO (Koordinator Pembelajaran) or a superuser: links impact targets, fills the maturity assessment and
    the monev records."""
    return bool(user and user.is_authenticated and _coordinates(user))


def can_view_maturity(user):
    """The CLO and the Dewan Pengarah (program evaluation is institution-wide)."""
    return evaluation_scope(user) == "all"


def can_view_impact(user, target_unit_paths):
    """May this user open an impact sheet whose targets belong to units at these tree paths?"""
    scope = evaluation_scope(user)
    if scope == "all":
        return True
    heads = headed_paths(user) if viewer_for(user).authenticated else ()
    return any(path.startswith(tuple(heads)) for path in target_unit_paths) if heads else False


def evaluation_units_q(user, prefix="unit"):
    """A Q selecting rows (reached through `prefix`, a relation to a unit kerja) of the units whose evaluation
    records this user may see: all, or their headed/secretariat units and those below."""
    scope = evaluation_scope(user)
    if scope == "all":
        return Q()
    f = (prefix + "__") if prefix else ""
    if not scope:
        return Q(pk__in=[])
    return reduce(operator.or_, (Q(**{f"{f}path__startswith": path}) for path in scope))


def can_see_activity_evaluation(user, kind, obj):
    """May this user see the (anonymous) reaction and learning results of one activity? The CLO and the Dewan
    Pengarah always; for a course also its facilitators and its owner; for a CoP session whoever scheduled it and
    the community's moderators.
    `kind` is an evaluation.TargetKind value ("kursus", "sesi", "program", "kegiatan")."""
    viewer = viewer_for(user)
    if not viewer.authenticated:
        return False
    if evaluation_scope(user) == "all":
        return True
    if kind == "kursus":
        return user.pk == obj.owner_id or obj.facilitators.filter(pk=user.pk).exists()
    if kind == "sesi":
        return user.pk == obj.created_by_id or obj.community.moderators.filter(pk=user.pk).exists()
    return False


# --- course certificates (courses.Certificate) -----------------------------------------------------------------
# A certificate's PDF is for its learner and the certificate managers; its verification page is public (the code
# is the secret). The CLO (or an administrator) revokes and reissues certificates and edits CertificateSettings.
# The logo and signature images of certificates are seen (admin listings, choosers, renditions) by certificate
# managers only and never served to readers, even when placed in a page body; the PDF embeds them.


def may_manage_certificates(user):
    """The CLO / Admin BKPSDM (courses.manage_certificate) or a superuser."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_perm("courses.manage_certificate")


def may_download_certificate(user, certificate):
    """The learner the certificate was issued to, or a certificate manager."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return certificate.enrolment.user_id == user.pk or may_manage_certificates(user)


def hide_certificate_images(queryset, user):
    """An image queryset without the certificate images, unless the user manages certificates."""
    from courses.certificate_models import certificate_images_q

    return queryset if may_manage_certificates(user) else queryset.exclude(certificate_images_q())


# --- the sign-in audit log (people.SignInEvent) ----------------------------------------------------------------


def may_view_sign_in_audit(user):
    """The CLO / Admin BKPSDM (people.view_signinevent) or a superuser."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_perm("people.view_signinevent")


# --- the Wagtail user admin -------------------------------------------------------------------------------------


def may_edit_account(editor, account):
    """Whether `editor` may edit or delete `account` in the user admin: an account holding powers the editor
    cannot grant (superuser, break-glass password sign-in) is managed by a superuser only, so whoever manages
    users (the CLO) cannot reset its password or e-mail and sign in as it."""
    if not (editor and editor.is_authenticated and editor.is_active):
        return False
    return editor.is_superuser or not (account.is_superuser or getattr(account, "break_glass", False))


# --- Revidu (knowledge_assets/review.py): expert review of knowledge assets ------------------------------------


def is_named_reviewer(user):
    """A named expert of "Revidu pakar": an admin user in its expert group (one query)."""
    from knowledge_assets.setup import EXPERT_GROUP_NAME

    return user.has_perm("wagtailadmin.access_admin") and user.groups.filter(name=EXPERT_GROUP_NAME).exists()


def may_open_revidu(user):
    """Revidu lists a user's review tasks and their own assets in review: kelompok keahlian members, the CLO /
    administrators, the named experts, and anyone else with a review task or a submission still in review (e.g. a
    community moderator who turned a thread into a draft asset). Which tasks a user may act on stays Wagtail's
    workflow rule (`TaskState.objects.reviewable_by`)."""
    from wagtail.models import TaskState, WorkflowState

    viewer = viewer_for(user)
    if not viewer.authenticated:
        return False
    if viewer.kelompok_ids or viewer.is_admin or is_named_reviewer(user):
        return True
    return (
        WorkflowState.objects.active().filter(requested_by=user).exists()
        or TaskState.objects.reviewable_by(user).exists()
    )
