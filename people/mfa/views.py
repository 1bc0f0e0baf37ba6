"""Enrolment (QR code, confirm a code, recovery codes shown once), verification at sign-in and before sensitive
actions, and the user's management of their devices from "Profil saya"."""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corpu import throttle

from . import devices, second_factor_checked, session
from .decorators import require_recent_second_factor
from .forms import CodeForm, EnrolForm
from .policy import requires_second_factor

FRESH_CODES = "corpu_mfa_fresh_codes"  # recovery codes waiting to be shown once


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _signal(request, success, method):
    second_factor_checked.send(sender=None, request=request, user=request.user, success=success, method=method)


def _attempt(request, form, check):
    """Check a code with the per-account limit (`MFA_ATTEMPT_LIMIT`) on top of django-otp's own throttle."""
    limit, seconds = settings.MFA_ATTEMPT_LIMIT
    key = f"mfa:user:{request.user.pk}"
    if throttle.peek(key).count >= limit:
        form.add_error("code", _("Terlalu banyak kode salah. Coba lagi dalam %(n)s menit.") % {"n": seconds // 60})
        _signal(request, False, "throttled")
        return None
    method, held = check(form.cleaned_data["code"])
    if method:
        throttle.reset(key)
        _signal(request, True, method)
        return method
    throttle.hit(key, seconds)
    form.add_error("code", held or _("Kode salah atau sudah kedaluwarsa."))
    _signal(request, False, "totp")
    return None


@login_required
def verify(request):
    """The code at sign-in (or again before a sensitive action, `?ulang=1`); users without a device enrol."""
    if not devices.has_device(request.user):
        return redirect(f"{reverse('mfa:enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        method = _attempt(request, form, lambda code: devices.verify(request.user, code))
        if method:
            session.mark_checked(request, method)
            if method == "static":
                left = devices.recovery_codes_left(request.user)
                messages.warning(request, _("Kode pemulihan terpakai. Sisa kode: %(n)d.") % {"n": left})
            return redirect(_next(request))
    again = bool(request.GET.get("ulang")) and session.is_checked(request)
    return render(request, "people/mfa/verify.html", {"form": form, "next": _next(request), "again": again})


def _qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode().split("?>", 1)[-1]  # inline <svg>, without the XML declaration


@login_required
def enrol(request):
    """Scan the QR code (or type the secret), confirm one code; recovery codes follow. A user who already has a
    device replaces it only after a recent check."""
    if devices.has_device(request.user) and not session.is_recent(request):
        return redirect(f"{reverse('mfa:verify')}?{urlencode({'next': request.path, 'ulang': '1'})}")
    device = devices.pending_totp(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        method = _attempt(request, form, lambda code: devices.verify_pending(device, code))
        if method:
            request.session[FRESH_CODES] = devices.confirm(device)
            session.mark_checked(request, "totp")
            _signal(request, True, "enrol")
            return redirect(f"{reverse('mfa:recovery_codes')}?{urlencode({'next': _next(request)})}")
    b32 = b32encode(device.bin_key).decode().rstrip("=")  # authenticator apps take the secret in base32
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)),
        "next": _next(request),
        "required": requires_second_factor(request.user),
    }
    return render(request, "people/mfa/enrol.html", context)


@login_required
def recovery_codes(request):
    """The new recovery codes, shown once: "Selesai" forgets them; `?unduh=1` downloads them as text."""
    codes = request.session.get(FRESH_CODES)
    if request.method == "POST":
        request.session.pop(FRESH_CODES, None)
        return redirect(_next(request))
    if codes and request.GET.get("unduh"):
        text = _("Kode pemulihan CorpU untuk %(user)s (masing-masing berlaku sekali):") % {"user": request.user}
        response = HttpResponse("\n".join([text, "", *codes, ""]), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="kode-pemulihan-corpu.txt"'
        return response
    return render(request, "people/mfa/recovery_codes.html", {"codes": codes, "next": _next(request)})


@require_POST
@login_required
@require_recent_second_factor
def regenerate(request):
    request.session[FRESH_CODES] = devices.new_recovery_codes(request.user)
    return redirect("mfa:recovery_codes")


@login_required
def remove(request):
    """Remove the authenticator and recovery codes after a code; users who need 2FA then enrol a new one."""
    if not devices.has_device(request.user):
        return redirect("people:profil")
    form = CodeForm(request.POST or None)
    checked = request.method == "POST" and form.is_valid()
    if checked and _attempt(request, form, lambda code: devices.verify(request.user, code)):
        devices.remove_all(request.user)
        if requires_second_factor(request.user):
            request.session.pop(session.CHECKED, None)
            messages.info(request, _("Peran Anda mewajibkan verifikasi dua langkah: daftarkan aplikasi baru."))
            return redirect("mfa:enrol")
        messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
        return redirect("people:profil")
    return render(request, "people/mfa/remove.html", {"form": form})
