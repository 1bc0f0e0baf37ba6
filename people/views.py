"""Sign-in and the self-service pages for the signed-in employee."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import ProfilForm, SignInForm
from .models import password_sign_in_open
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
    nip_parts = parse_nip(user.nip) if user.nip else None
    memberships = user.keanggotaan.select_related("kelompok__rumpun").order_by("kelompok__nama")
    roles = [_(ROLE_NAMES[role]) for role in user_roles(user)]
    context = {"profil": user, "nip_parts": nip_parts, "memberships": memberships, "roles": roles, "form": form}
    context["my_programmes"] = _my_programmes(user)
    return render(request, "people/profil.html", context)


def _my_programmes(user):
    """This year's learning programmes targeting the user (the planning app's service), None without planning."""
    if not apps.is_installed("planning"):
        return None
    from planning.services.programmes import home_programmes

    return home_programmes(user, timezone.localdate().year)
