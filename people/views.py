"""Sign-in and the self-service pages for the signed-in employee."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from corpu import user_cache

from .forms import ProfilForm, SignInForm
from .mfa import devices
from .mfa.policy import requires_second_factor
from .nip import parse_nip
from .roles import ROLE_NAMES, user_roles

sign_in = LoginView.as_view(authentication_form=SignInForm)


@login_required
def profil(request):
    """ "Profil saya": the employee's ASN data, memberships and roles; contact details are editable."""
    user = request.user
    form = ProfilForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profil berhasil diperbarui."))
        return redirect("people:profil")
    if request.method == "POST":  # the form may have set invalid values on the user: never keep that rendering
        facts = _facts(request)
    else:
        facts = user_cache.for_user("profil", user, [], lambda: _facts(request))
    mfa = {  # outside the cached facts: its forms carry the CSRF token and enrolment changes it
        "enrolled": devices.has_device(user),
        "codes_left": devices.recovery_codes_left(user),
        "required": requires_second_factor(user),
    }
    return render(request, "people/profil.html", {"facts": mark_safe(facts), "form": form, "mfa": mfa})  # noqa: S308


def _facts(request):
    """The read-only part of Profil saya, rendered (kept for this user until their data changes)."""
    user = request.user
    nip_parts = parse_nip(user.nip) if user.nip else None
    memberships = user.keanggotaan.select_related("kelompok__rumpun").order_by("kelompok__nama")
    roles = [_(ROLE_NAMES[role]) for role in user_roles(user)]
    context = {"profil": user, "nip_parts": nip_parts, "memberships": memberships, "roles": roles}
    context["my_programmes"] = _my_programmes(user)
    return render_to_string("people/_profil_facts.html", context, request)


def _my_programmes(user):
    """This year's learning programmes targeting the user (the planning app's service), None without planning."""
    if not apps.is_installed("planning"):
        return None
    from planning.services.programmes import home_programmes

    return home_programmes(user, timezone.localdate().year)


class SignOutView(LogoutView):
    """Sign out and tell the browser to drop this origin's caches and storage: saved-for-offline pages may hold
    restricted content, and a queue of unsent records must not be sent later under another account."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


sign_out = SignOutView.as_view()
