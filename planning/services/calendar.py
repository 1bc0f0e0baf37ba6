"""The learning calendar (Balangan art. 20(1)(c)): the year's programmes with filters, an employee's own ones
(targeted by unit — a unit and the units below it — or by position), and the private ICS feed token."""

from django.core import signing

from ..models import LearningProgramme

FEED_SALT = "planning.calendar.feed"


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


def feed_token(user):
    """The signed token of a user's private ICS feed URL."""
    return signing.Signer(salt=FEED_SALT).sign(str(user.pk))


def feed_user_id(token):
    """The user id a feed token was signed for, or None when it is forged or malformed."""
    try:
        value = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
