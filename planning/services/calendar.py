"""The learning calendar (Balangan art. 20(1)(c)): the year's programmes with filters, an employee's own ones
(targeted by unit — a unit and the units below it — or by position), and the private ICS feed token: the user id
and the user's stored random feed key, which the user can replace (the old URL then answers 404)."""

import secrets

from django.utils import timezone

from ..models import CalendarFeed, LearningProgramme
from .audit import audit

MAX_USER_ID = 2**31 - 1  # the largest id every database's integer column takes


def programmes_for(year, unit=None, level=None, competency=None, method=None):
    """The programmes of a year; `unit` keeps those targeting it or a unit above it. Two queries."""
    items = LearningProgramme.objects.filter(year=year).select_related("competency").prefetch_related("target_units")
    if level:
        items = items.filter(level=level)
    if competency:
        items = items.filter(competency=competency)
    if method:
        items = items.filter(method=method)
    items = list(items)
    if unit is not None:
        items = [p for p in items if any(unit.path.startswith(t.path) for t in p.target_units.all())]
    return items


def is_target(programme, user):
    """The user works in a target unit (or below it) or holds a target position."""
    unit = user.unit_kerja
    if unit is not None and any(unit.path.startswith(t.path) for t in programme.target_units.all()):
        return True
    position = (user.jabatan or "").strip().casefold()
    return bool(position) and position in {p.casefold() for p in programme.positions}


def my_programmes(user, year):
    """The programmes of a year that target this user."""
    return [p for p in programmes_for(year) if is_target(p, user)]


def _new_key():
    return secrets.token_urlsafe(32)


def feed_of(user):
    """The user's feed, created with a fresh random key on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"key": _new_key(), "created_at": timezone.now()}
    )
    return feed


def feed_token(user):
    """The token of a user's private ICS feed URL: `<user id>.<key>`."""
    return f"{user.pk}.{feed_of(user).key}"


def rotate_feed(user):
    """Give the user a new feed key: the previous feed URL stops working at once. Audited."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"key": _new_key(), "created_at": timezone.now()}
    )
    audit("calendar_feed_rotate", actor=user, target=f"user:{user.pk}")
    return feed


def feed_user(token):
    """The active user whose current feed key the token carries (compared in constant time), or None when the
    token is forged, replaced by a rotation, malformed, or its user is inactive."""
    user_id, _dot, key = token.partition(".")
    if not (user_id.isascii() and user_id.isdigit() and key.isascii() and key) or int(user_id) > MAX_USER_ID:
        return None
    feed = (
        CalendarFeed.objects.filter(user_id=int(user_id), user__is_active=True)
        .select_related("user__unit_kerja")
        .first()
    )
    if feed is None or not secrets.compare_digest(feed.key.encode(), key.encode()):
        return None
    return feed.user
