"""Idempotent processing of a learner's request: the same key is acted on once, a replay gets the first answer."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..offline_models import ProcessedRequest

ACCEPTED, DUPLICATE = "accepted", "duplicate"


def parse_key(raw):
    """The idempotency key sent with a request (a UUID), None when none was sent; a malformed key is refused."""
    if not raw:
        return None
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise ValidationError(_("Kunci idempotensi harus berupa UUID.")) from None


def once(user, key, action, work):
    """Run `work()` (returning a JSON-able summary) once per (user, key): (ACCEPTED or DUPLICATE, summary).

    The work and the key are committed together, so a concurrent replay either sees the key or fails on the
    unique constraint and is rolled back whole; a refusal (ValidationError, PermissionDenied) stores no key, so a
    record refused while the learner could not act may be sent again later. A key reused for another action is
    refused."""
    if key is None:
        return ACCEPTED, work()
    found = _found(user, key, action)
    if found is not None:
        return DUPLICATE, found
    try:
        with transaction.atomic():
            summary = work()
            ProcessedRequest.objects.create(user=user, key=key, action=action, summary=summary)
    except IntegrityError:
        found = _found(user, key, action)
        if found is None:
            raise
        return DUPLICATE, found
    return ACCEPTED, summary


def _found(user, key, action):
    row = ProcessedRequest.objects.filter(user=user, key=key).first()
    if row is None:
        return None
    if row.action != action:
        raise ValidationError(_("Kunci idempotensi ini sudah dipakai untuk tindakan lain."))
    return row.summary
