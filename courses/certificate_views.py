"""Certificate views: public verification, the PDF, "Sertifikat saya", and the CLO's management (revoke, reissue).

A revoked or replaced certificate's PDF is refused to its learner (410, with the verification link); certificate
managers still get it, marked DICABUT / DIGANTI (docs/adr/0017)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corpu.access import may_download_certificate, may_manage_certificates, refuse

from .certificates import certificate_pdf
from .forms import RevokeCertificateForm
from .models import Certificate
from .services import certificates as service

PAGE_SIZE = 25


def _certificate(code):
    return get_object_or_404(Certificate.objects.select_related("enrolment", "replaced_by"), code=code.upper())


def verify_certificate(request, code):
    """Public verification page: anyone holding the code can check a certificate is genuine and still valid."""
    certificate = Certificate.objects.filter(code=code.upper()).select_related("replaced_by").first()
    return render(
        request,
        "courses/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=200 if certificate else 404,
    )


@login_required
def certificate_download(request, code):
    certificate = _certificate(code)
    if not may_download_certificate(request.user, certificate):
        raise PermissionDenied
    if not certificate.is_valid and not may_manage_certificates(request.user):
        return render(request, "courses/certificate_unavailable.html", {"certificate": certificate}, status=410)
    verify_url = request.build_absolute_uri(reverse("verify_certificate", args=[certificate.code]))
    response = HttpResponse(certificate_pdf(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.code}.pdf"'
    return response


@login_required
def my_certificates(request):
    """The signed-in learner's certificates, newest first, whatever their status."""
    certificates = (
        Certificate.objects.filter(enrolment__user=request.user).select_related("replaced_by").order_by("-issued_at")
    )
    context = {"certificates": certificates, "can_manage": may_manage_certificates(request.user)}
    return render(request, "courses/my_certificates.html", context)


def _search(query):
    rows = Certificate.objects.select_related("replaced_by").order_by("-issued_at", "-pk")
    if query:
        rows = rows.filter(
            Q(learner_name__icontains=query) | Q(learner_nip__icontains=query) | Q(code__icontains=query)
        )
    return rows


def manage_certificates(request):
    """The CLO's list: search by name, NIP or code, revoke or reissue each certificate."""
    if not may_manage_certificates(request.user):
        return refuse(request)
    query = request.GET.get("q", "").strip()
    page = Paginator(_search(query), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "courses/manage_certificates.html", {"page": page, "query": query})


@require_POST
def revoke_certificate(request, code):
    if not may_manage_certificates(request.user):
        return refuse(request)
    certificate = _certificate(code)
    form = RevokeCertificateForm(request.POST)
    if not form.is_valid():
        return render(
            request, "courses/certificate_revoke.html", {"certificate": certificate, "form": form}, status=400
        )
    try:
        service.revoke(certificate, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sertifikat %(code)s telah dicabut.") % {"code": certificate.code})
    return redirect("courses:manage_certificates")


@require_POST
def reissue_certificate(request, code):
    if not may_manage_certificates(request.user):
        return refuse(request)
    certificate = _certificate(code)
    try:
        new = service.reissue(certificate, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        replaced = {"old": certificate.code, "new": new.code}
        messages.success(request, _("Sertifikat %(old)s diganti dengan sertifikat baru %(new)s.") % replaced)
    return redirect("courses:manage_certificates")
