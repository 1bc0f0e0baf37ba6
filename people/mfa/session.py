"""This session's second factor: whether it was given, how and when (kept in the session, no query per request).

A session counts as checked after a code from the user's authenticator app or a recovery code, after enrolment,
or when the single sign-on provider says it asked for a second factor: the OIDC sign-in stores the provider's
claims as `corpu_sso_amr` (list of str) and `corpu_sso_acr` (str), and a value listed in `MFA_SSO_AMR_VALUES` /
`MFA_SSO_ACR_VALUES` satisfies it (the first request that sees them records the check).
"""

import time

from django.conf import settings

from people.sso import SESSION_ACR, SESSION_AMR

from . import second_factor_checked

CHECKED = "corpu_mfa"  # {"user": pk, "at": epoch seconds, "method": "totp" | "static" | "sso"}
NEEDED = "corpu_mfa_needed"  # this session's user must give a second factor (decided once per session)


def mark_checked(request, method):
    """Record a successful check now (the session key changes, as at sign-in)."""
    request.session.cycle_key()
    request.session[CHECKED] = {"user": request.user.pk, "at": time.time(), "method": method}


def sso_satisfies(request):
    """Did the single sign-on provider report a second factor for this session?"""
    amr = request.session.get(SESSION_AMR) or []
    acr = request.session.get(SESSION_ACR) or ""
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(amr) & set(settings.MFA_SSO_AMR_VALUES)) or (acr and acr in settings.MFA_SSO_ACR_VALUES)


def checked_at(request):
    """When this session last gave a second factor (epoch seconds), or None."""
    checked = request.session.get(CHECKED)
    if checked and checked.get("user") == request.user.pk:
        return checked["at"]
    if request.user.is_authenticated and sso_satisfies(request):
        request.session[CHECKED] = {"user": request.user.pk, "at": time.time(), "method": "sso"}
        second_factor_checked.send(sender=None, request=request, user=request.user, success=True, method="sso")
        return request.session[CHECKED]["at"]
    return None


def is_checked(request):
    return checked_at(request) is not None


def is_recent(request):
    """Was the second factor given within `MFA_RECENT_SECONDS`?"""
    at = checked_at(request)
    return at is not None and time.time() - at <= settings.MFA_RECENT_SECONDS
