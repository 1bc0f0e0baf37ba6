"""Role navigation ("Menu kerja"): the work links of the roles a user holds, on Beranda saya and in the header.

The rule: verifiers and the CLO get "Verifikasi" and "Dasbor JP"; members of a kelompok keahlian get "Tulis aset"
(a new knowledge asset in the admin), "Revidu" (their review tasks, knowledge_assets/review.py) and "Admin", the
named experts of "Revidu pakar" "Revidu" and "Admin"; facilitators get their courses; the CLO also gets the IDP
recap, the learning forums and the evaluation tools; certificate managers get "Kelola sertifikat"; the CLO and
superusers "Audit masuk". Roles are read once per request (the policy's Viewer, the user's cached permissions, one
query for the facilitated courses and, for an admin user outside the CLO and every kelompok, one for the expert
group) and the links are cached on the user object; every link is a fixed URL ("Tulis aset" is a redirect that
finds the catalogue when followed).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corpu.access import is_named_reviewer, may_manage_certificates, may_view_sign_in_audit, viewer_for


@dataclass(frozen=True)
class Link:
    key: str
    label: str
    url: str


def _verifier_links():
    return [
        Link("verifikasi", _("Verifikasi"), reverse("ledger:verifikasi")),
        Link("dasbor", _("Dasbor JP"), reverse("ledger:dasbor")),
    ]


def _clo_links():
    return [
        Link("rekap_idp", _("Rekap IDP"), reverse("planning:recap")),
        Link("forum", _("Forum pembelajaran"), reverse("planning:forums")),
        Link("evaluasi", _("Alat evaluasi"), reverse("evaluation:home")),
    ]


def _kelompok_links():
    return [
        Link("tulis_aset", _("Tulis aset"), reverse("knowledge_assets:write")),
        _revidu_link(),
    ]


def _revidu_link():
    return Link("revidu", _("Revidu"), reverse("knowledge_assets:revidu"))


def _facilitator_links(user):
    from courses.services.home import facilitated_courses

    return [
        Link(
            f"fasilitator_{course.pk}",
            _("Fasilitator: %(title)s") % {"title": course.title},
            reverse("courses:facilitator", args=[course.pk]),
        )
        for course in facilitated_courses(user)
    ]


def role_links(user):
    """The work links of the user's roles, each once, in a stable order (cached on the user object)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_corpu_role_links", None)
    if cached is not None:
        return cached
    viewer = viewer_for(user)
    clo = viewer.is_admin
    links = []
    if clo or user.has_perm("ledger.verify_entry"):
        links += _verifier_links()
    if clo:
        links += _clo_links()
    if may_manage_certificates(user):
        links.append(Link("sertifikat", _("Kelola sertifikat"), reverse("courses:manage_certificates")))
    if may_view_sign_in_audit(user):
        links.append(Link("audit_masuk", _("Audit masuk"), reverse("people:audit_masuk")))
    reviewer = not viewer.kelompok_ids and not clo and is_named_reviewer(user)
    if viewer.kelompok_ids:
        links += _kelompok_links()
    elif reviewer:
        links.append(_revidu_link())
    links += _facilitator_links(user)
    if (clo or viewer.kelompok_ids or reviewer) and user.has_perm("wagtailadmin.access_admin"):
        links.append(Link("admin", _("Admin"), reverse("wagtailadmin_home")))
    user._corpu_role_links = links
    return links
