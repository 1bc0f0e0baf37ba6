"""The sign-in audit log: `record(request, event, ...)` writes one SignInEvent (2FA and SSO call it too)."""

from django.conf import settings
from django.utils import timezone

from corpu import throttle

from .models import SignInEvent

Event = SignInEvent.Event


def _address(request):
    address = throttle.client_address(request)
    return address or None


def record(request, event, user=None, identifier="", detail=""):
    """Record a sign-in event; never pass a password or a code as `identifier` or `detail`."""
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    return SignInEvent.objects.create(
        user=user if user is not None and user.pk else None,
        identifier=(identifier or (user.get_username() if user is not None else ""))[:254],
        event=Event(event),
        ip=_address(request) if request is not None else None,
        user_agent=agent,
        detail=detail[:200],
    )


def purge(days=None):
    """Delete events older than `days` (settings.SIGN_IN_AUDIT_RETENTION_DAYS); return how many."""
    days = settings.SIGN_IN_AUDIT_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timezone.timedelta(days=days)
    return SignInEvent.objects.filter(created__lt=cutoff).delete()[0]
