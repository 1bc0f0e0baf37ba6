"""Hold a signed-in session that owes a second factor: only enrolment, verification, sign-out and static files
pass until the code is given (the Wagtail admin included)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import session
from .devices import has_device
from .policy import requires_second_factor

OPEN_PREFIXES = ("/akun/2fa/", "/akun/logout/", "/admin/logout/", "/i18n/", "/favicon.ico")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_ENFORCE and self._held(request):
            target = request.get_full_path() if request.method in ("GET", "HEAD") else settings.LOGIN_REDIRECT_URL
            return redirect(f"{reverse('mfa:verify')}?{urlencode({'next': target})}")
        return self.get_response(request)

    def _held(self, request):
        user = request.user
        if not user.is_authenticated or request.path.startswith((settings.STATIC_URL, *OPEN_PREFIXES)):
            return False
        if session.is_checked(request):
            return False
        needed = request.session.get(session.NEEDED)
        if needed is None:  # decided at the first request after sign-in ("enrolment at the next sign-in")
            needed = requires_second_factor(user) or has_device(user)
            request.session[session.NEEDED] = needed
        return needed
