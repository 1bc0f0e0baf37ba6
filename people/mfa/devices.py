"""The user's second-factor devices: one TOTP authenticator app and one set of recovery codes (django-otp)."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from corpu import user_cache

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def has_device(user):
    """Has the user a confirmed authenticator app?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user):
    """The unconfirmed device of an enrolment in progress (created on first visit, same secret on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@transaction.atomic
def confirm(device):
    """Enrolment done: this device replaces any earlier one; fresh recovery codes are returned (shown once)."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes with `MFA_RECOVERY_CODES` new ones; the plain codes are returned."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    user_cache.user_changed(user.pk)  # bulk_create sends no signal: Profil saya counts the codes anew
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_all(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


THROTTLED = _("Terlalu banyak kode salah. Tunggu sebentar, lalu coba lagi.")


def verify_pending(device, code):
    """Check the first code of an enrolment (same answers as `verify`)."""
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        return None, THROTTLED
    return ("totp", None) if device.verify_token("".join(code.split())) else (None, None)


@transaction.atomic
def verify(user, code):
    """Check a code against the user's devices (authenticator first, then recovery codes, which work once).

    Returns (method, None) on success, (None, None) for a wrong code, or (None, message) while django-otp's
    throttle (growing delays after failures) holds a device."""
    code = "".join(code.split()).lower()
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update())
    devices += list(StaticDevice.objects.filter(user=user, confirmed=True).select_for_update())
    held = None
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            held = data
            continue
        if device.verify_token(code):
            return ("totp" if isinstance(device, TOTPDevice) else "static"), None
    if held is not None and held.get("locked_until"):
        return None, THROTTLED
    return None, None
