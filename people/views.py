"""Sign-in and the self-service pages for the signed-in employee."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetConfirmView
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corpu import user_cache

from .accounts import describe_agent, end_all_sessions, end_other_sessions, end_session
from .forms import ProfilForm, SignInForm
from .mfa import devices
from .mfa.policy import requires_second_factor
from .models import UserSession, password_sign_in_open
from .nip import parse_nip
from .roles import ROLE_NAMES, user_roles
from .sso import sso_enabled


class SignInView(LoginView):
    """The site's sign-in page: the password form and, when single sign-on is on, the SSO button (first while
    password sign-in is off)."""

    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso_enabled()
        context["password_open"] = password_sign_in_open()
        return context


sign_in = SignInView.as_view()


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
    # outside the rendered facts (its forms carry the CSRF token), kept per user: devices and codes move the user's
    # generation (corpu/user_cache.py), as do groups, permissions and the review tasks' settings
    mfa = user_cache.for_user("profil-mfa", user, [], lambda: _mfa(user))
    sessions, more_sessions = _sessions(request)
    context = {
        "facts": mark_safe(facts),  # noqa: S308
        "form": form,
        "mfa": mfa,
        "sessions": sessions,
        "more_sessions": more_sessions,
    }
    return render(request, "people/profil.html", context)


def _mfa(user):
    return {
        "enrolled": devices.has_device(user),
        "codes_left": devices.recovery_codes_left(user),
        "required": requires_second_factor(user),
    }


def _facts(request):
    """The read-only part of Profil saya, rendered (kept for this user until their data changes)."""
    user = request.user
    nip_parts = parse_nip(user.nip) if user.nip else None
    memberships = user.keanggotaan.select_related("kelompok__rumpun").order_by("kelompok__nama")
    roles = [_(ROLE_NAMES[role]) for role in user_roles(user)]
    context = {"profil": user, "nip_parts": nip_parts, "memberships": memberships, "roles": roles}
    context["my_programmes"] = _my_programmes(user)
    return render_to_string("people/_profil_facts.html", context, request)


SESSIONS_SHOWN = 10  # Profil saya lists this many sessions (this device first); the rest are counted


def _sessions(request):
    """(The user's open sessions to show: this device's first, then the others most recently active, at most
    SESSIONS_SHOWN; how many more are open), in one query: the page costs the same however many are open."""
    from django.contrib.sessions.models import Session

    open_keys = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    rows = UserSession.objects.filter(user=request.user, session_key__in=open_keys).order_by("-last_seen", "-pk")
    current, rows = request.session.session_key, list(rows)
    rows.sort(key=lambda row: row.session_key != current)  # stable: the others stay newest first
    shown = rows[:SESSIONS_SHOWN]
    for row in shown:  # the device is named (parsed from the agent) for the rows shown only
        row.is_current = row.session_key == current
        row.device = describe_agent(row.user_agent)
    return shown, len(rows) - len(shown)


@login_required
@require_POST
def end_other_sessions_view(request):
    count = end_other_sessions(request)
    messages.success(request, _("%(n)d sesi lain sudah dikeluarkan.") % {"n": count})
    return redirect("people:profil")


@login_required
@require_POST
def end_session_view(request, pk):
    row = get_object_or_404(UserSession, pk=pk, user=request.user)
    if row.session_key == request.session.session_key:
        return redirect("logout")
    end_session(row)
    messages.success(request, _("Sesi itu sudah dikeluarkan."))
    return redirect("people:profil")


class EndingOtherSessionsPasswordChangeView(PasswordChangeView):
    """Changing the password ends every other session of the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        end_other_sessions(self.request)
        return response


class EndingSessionsPasswordResetConfirmView(PasswordResetConfirmView):
    """A new password by e-mail link ends every session of the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        end_all_sessions(form.user)
        return response


def _my_programmes(user):
    """This year's learning programmes targeting the user (the planning app's service), None without planning."""
    if not apps.is_installed("planning"):
        return None
    from planning.services.programmes import home_programmes

    return home_programmes(user, timezone.localdate().year)
