"""The sign-in audit log: `record(request, event, ...)` writes one SignInEvent (2FA and SSO call it too)."""

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from corpu import throttle

from .models import SignInEvent

Event = SignInEvent.Event
logger = logging.getLogger(__name__)


def _address(request):
    address = throttle.client_address(request)
    return address or None


def record(request, event, user=None, identifier="", detail=""):
    """Record a sign-in event; never pass a password or a code as `identifier` or `detail`. A write that fails
    (a locked SQLite database under a burst of guesses) is logged and never fails the sign-in itself."""
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    fields = {
        "user": user if user is not None and user.pk else None,
        "identifier": (identifier or (user.get_username() if user is not None else ""))[:254],
        "event": Event(event),
        "ip": _address(request) if request is not None else None,
        "user_agent": agent,
        "detail": detail[:200],
    }
    try:
        with transaction.atomic():
            return SignInEvent.objects.create(**fields)
    except DatabaseError:
        logger.exception("sign-in event not recorded: %s %s", fields["event"], fields["identifier"])
        return None


def purge(days=None):
    """Delete events older than `days` (settings.SIGN_IN_AUDIT_RETENTION_DAYS); return how many."""
    days = settings.SIGN_IN_AUDIT_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timezone.timedelta(days=days)
    return SignInEvent.objects.filter(created__lt=cutoff).delete()[0]
