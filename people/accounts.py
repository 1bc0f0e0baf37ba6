"""Signed-in sessions of an account: recorded at sign-in, listed on "Profil saya", ended one by one or all."""

from importlib import import_module

from django.conf import settings
from django.utils import timezone
from ua_parser import parse as parse_user_agent

from corpu import throttle

from .models import UserSession

SEEN_EVERY = timezone.timedelta(minutes=5)  # last_seen is written at most this often per session


def _store(session_key):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def remember_session(request, user):
    """Record the session a sign-in just opened (seen now: the next requests need not write last_seen)."""
    request.session["_corpu_seen"] = timezone.now().timestamp()
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "ip": throttle.client_address(request) or None,
        },
    )


def touch(request):
    """Refresh the current session's last_seen, at most once per SEEN_EVERY (the time is kept in the session)."""
    now = timezone.now()
    seen = request.session.get("_corpu_seen")
    if seen is not None and now.timestamp() - seen < SEEN_EVERY.total_seconds():
        return
    request.session["_corpu_seen"] = now.timestamp()
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).update(last_seen=now)


def end_sessions(user, keep=None):
    """End the user's recorded sessions in the session store, except the `keep` session key; return how many."""
    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        _store(key).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


def end_session(row):
    """End one recorded session (a UserSession)."""
    _store(row.session_key).delete()
    row.delete()


def end_all_sessions(user):
    return end_sessions(user)


def end_other_sessions(request):
    return end_sessions(request.user, keep=request.session.session_key)


def forget_session(session_key):
    UserSession.objects.filter(session_key=session_key).delete()


def describe_agent(agent):
    """A user agent in plain words by ua-parser's maintained rules: "Chrome Mobile — Android", "Firefox — Windows"."""
    parsed = parse_user_agent(agent or "")
    names = [part.family for part in (parsed.user_agent, parsed.os) if part and part.family != "Other"]
    return " — ".join(names) or "?"
