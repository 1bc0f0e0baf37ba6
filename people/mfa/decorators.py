"""Ask for the second factor again before sensitive actions (bulk JP verification, staff-wide exports, role
changes) when the last check is older than `MFA_RECENT_SECONDS`."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import session


def reverify_response(request, back=None):
    """Send the user to confirm their code, then back to `back` (GET) — a POST is not replayed: they are told."""
    if request.method not in ("GET", "HEAD"):
        messages.warning(
            request,
            _("Tindakan Anda belum dijalankan. Konfirmasi dengan kode autentikasi, lalu ulangi tindakan tersebut."),
        )
        back = back or request.headers.get("Referer") or request.get_full_path()
    back = back or request.get_full_path()
    return redirect(f"{reverse('mfa:verify')}?{urlencode({'next': back, 'ulang': '1'})}")


def needs_recheck(request):
    return settings.MFA_ENFORCE and request.user.is_authenticated and not session.is_recent(request)


def require_recent_second_factor(view=None, *, methods=None, when=None):
    """Decorate a view: re-ask the second factor first when the last check is too old. `methods` limits it to some
    HTTP methods, `when(request)` to some requests (e.g. one action of a form)."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            applies = (methods is None or request.method in methods) and (when is None or when(request))
            if applies and needs_recheck(request):
                return reverify_response(request)
            return view(request, *args, **kwargs)

        return guarded

    return decorate(view) if view is not None else decorate


class RecentSecondFactorMixin:
    """The same for class-based views (checked in dispatch, before the form is shown or saved)."""

    def dispatch(self, request, *args, **kwargs):
        if needs_recheck(request):
            return reverify_response(request)
        return super().dispatch(request, *args, **kwargs)
