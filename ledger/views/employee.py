"""Employee pages: "JP saya" (progress, 10/20/70 mix, explained entries), submissions, entries, evidence and
downloads."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site

from corpu import user_cache
from planning.services.realised import link_entry

from .. import engine, services
from ..forms import ActivityForm, CorrectionForm, ReasonForm, SubmissionForm
from ..models import Bucket, Entry, Kind, Rulebook, Source, Status
from ..services import notifying
from .scope import bucket_labels, can_see_evidence, export_units, refusal_message, requested_year

DOWNLOADS = {
    "kartu.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "kartu.pdf": "application/pdf",
    "myasn.csv": "text/csv; charset=utf-8",
}


@login_required
def saya(request):
    """ "JP saya": the signed-in employee's JP for a year under the site's rulebook, with notifications; kept
    rendered for this user until their entries, notifications or a rulebook change (corpu/user_cache.py)."""
    year, site = requested_year(request), Site.find_for_request(request)
    content = user_cache.for_user(
        "jp-saya", request.user, [site.pk if site else None, year], lambda: _saya_content(request, site, year)
    )
    return render(request, "ledger/saya.html", {"content": mark_safe(content)})  # noqa: S308  (our render)


def _saya_content(request, site, year):
    in_use = Rulebook.in_use(site)
    rulebook = in_use[0]
    if rulebook is None:
        raise Http404(_("Belum ada peraturan konversi JP."))
    prefetch_related_objects([rulebook], "rules")  # read by the summary and by the pending rows
    summary = services.employee_year_summary(request.user, year, rulebook)
    labels = bucket_labels()
    buckets = [
        {"key": key, "label": label, "jp": summary["by_bucket"].get(key, 0), "pct": summary["mix_pct"].get(key, 0)}
        for key, label in Bucket.choices
    ]
    results = [{"result": result, "bucket": labels.get(result.bucket, "")} for result in summary["results"]]
    rule_buckets = {rule.form: rule.bucket for rule in rulebook.rules.all()}
    # the year's entries waiting or rejected, and its corrections and reversals: one query, split here
    of_year = list(
        Entry.objects.filter(employee=request.user, start_date__year=year)
        .filter(Q(status__in=[Status.SUBMITTED, Status.REJECTED]) | ~Q(kind=Kind.ORIGINAL))
        .select_related("amends")
        .order_by("-start_date", "-id")
    )
    pending = [
        {"entry": entry, "bucket": labels.get(rule_buckets.get(entry.form), "")}
        for entry in of_year
        if entry.status in (Status.SUBMITTED, Status.REJECTED)
    ]
    changes = sorted(
        (entry for entry in of_year if entry.kind != Kind.ORIGINAL), key=lambda e: (e.created_at, e.id), reverse=True
    )
    notifications = notifying.recent_notifications(request.user)
    if any(notification.read_at is None for notification in notifications):  # the newest unread: mark them all
        notifying.mark_read(request.user)
    years = sorted(
        {d.year for d in Entry.objects.filter(employee=request.user).dates("start_date", "year")} | {year}, reverse=True
    )
    return render_to_string(
        "ledger/_saya_content.html",
        {
            "summary": summary,
            "buckets": buckets,
            "results": results,
            "pending": pending,
            "changes": changes,
            "notifications": notifications,
            "year": year,
            "years": years,
            "rulebook": rulebook,
            "rulebook_in_use": in_use,
        },
        request,
    )


def _estimate(request, data):
    """The estimate for the activity described by `data`, or the form's errors."""
    form = ActivityForm(data)
    rulebook = Rulebook.active(Site.find_for_request(request))
    if rulebook is None or not form.is_valid():
        return None, form
    return services.estimate(request.user, form.activity(), rulebook), form


@login_required
def ajukan(request):
    """Submit an external activity with its evidence; it counts once a verifier approves it. "Hitung perkiraan"
    shows the JP the rule would give without submitting (the page's script fetches the same from `perkiraan`).
    An optional "Baris IDP" links the new entry to a row of the employee's own IDP (planning's `link_entry`)."""
    estimate = None
    if request.method == "POST" and request.POST.get("action") == "estimate":
        estimate, _activity_form = _estimate(request, request.POST)
        form = SubmissionForm(initial=request.POST.dict(), employee=request.user)
        return render(request, "ledger/ajukan.html", {"form": form, "estimate": estimate, "estimated": True})
    form = SubmissionForm(request.POST or None, request.FILES or None, employee=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                entry, _created = services.record_activity(
                    request.user,
                    data["form"],
                    data["title"],
                    data["start_date"],
                    data["end_date"],
                    data["quantity"],
                    data["unit"],
                    scope=data["scope"],
                    stated_jp=data["stated_jp"],
                    source=Source.EXTERNAL,
                    status=Status.SUBMITTED,
                    actor=request.user,
                    organiser=data["organiser"],
                    certificate_no=data["certificate_no"],
                    certificate_date=data["certificate_date"],
                    valid_until=data["valid_until"],
                    issuer=data["issuer"],
                    rumpun=data["rumpun"],
                    evidence=data["evidence"],
                )
                if data.get("idp_row") is not None:
                    link_entry(data["idp_row"], entry, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Kegiatan diajukan dan menunggu verifikasi."))
            return redirect("ledger:saya")
    return render(request, "ledger/ajukan.html", {"form": form, "estimate": estimate})


@login_required
def perkiraan(request):
    """JSON: the estimate for the activity in the query string (fetched by ledger/perkiraan.js as the form changes)."""
    estimate, form = _estimate(request, request.GET)
    if estimate is None:
        errors = {name: [str(message) for message in messages_] for name, messages_ in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors})
    text = _("Perkiraan: %(jp)s JP, mengisi porsi %(bucket)s.") % {
        "jp": engine.fmt(estimate["jp"]),
        "bucket": estimate["bucket_label"],
    }
    return JsonResponse(
        {
            "ok": True,
            "jp": engine.fmt(estimate["jp"]),
            "counted": estimate["counted"],
            "bucket": estimate["bucket"],
            "bucket_label": estimate["bucket_label"],
            "explanation": estimate["explanation"],
            "rulebook": estimate["rulebook"],
            "text": text,
        }
    )


@login_required
def bukti(request, pk):
    """An entry's evidence file, for its owner and verifiers only."""
    entry = get_object_or_404(Entry, pk=pk)
    if not can_see_evidence(request.user, entry):
        raise PermissionDenied
    if not entry.evidence:
        raise Http404(_("Entri ini tidak memiliki bukti dukung."))
    try:
        handle = entry.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas bukti tidak ditemukan.")) from error
    content_type = mimetypes.guess_type(entry.evidence.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=entry.evidence.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def entri(request, pk):
    """One entry: its fields, status, reasons, corrections; a verifier (never its owner) may correct or reverse it."""
    entry = get_object_or_404(Entry.objects.select_related("employee", "amends", "verifier"), pk=pk)
    if not can_see_evidence(request.user, entry):
        raise PermissionDenied
    may_change = (
        entry.employee_id != request.user.pk
        and request.user.has_perm("ledger.verify_entry")
        and entry.status == Status.VERIFIED
        and entry.kind != Kind.REVERSAL
    )
    correction_form = CorrectionForm(amends=entry) if may_change else None
    reversal_form = ReasonForm() if may_change else None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "correct":
                correction_form = CorrectionForm(request.POST, amends=entry)
                if correction_form.is_valid():
                    data = {k: v for k, v in correction_form.cleaned_data.items() if k != "change_reason"}
                    new = services.correct(entry, request.user, correction_form.cleaned_data["change_reason"], **data)
                    messages.success(request, _("Koreksi dicatat dan menunggu verifikasi."))
                    return redirect("ledger:entri", new.pk)
            elif action == "reverse":
                reversal_form = ReasonForm(request.POST)
                if reversal_form.is_valid():
                    services.reverse(entry, request.user, reversal_form.cleaned_data["reason"])
                    messages.success(request, _("Entri dibatalkan; tidak lagi dihitung."))
                    return redirect("ledger:entri", entry.pk)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, refusal_message(error))
            return redirect("ledger:entri", entry.pk)
    return render(
        request,
        "ledger/entri.html",
        {
            "entry": entry,
            "amendments": entry.amendments.order_by("created_at", "id"),
            "earlier": services.earlier_duplicates([entry]).get(entry.pk),
            "correction_form": correction_form,
            "reversal_form": reversal_form,
        },
    )


@login_required
def unduh(request, name):
    """The Kartu Data Pengembangan Kompetensi (XLSX/PDF) through a year, or a MyASN-ready CSV of that year: the
    signed-in employee's own, or (`?pegawai=<id>`) a staff member's for BKPSDM and their unit's verifier."""
    from .. import exports

    if name not in DOWNLOADS:
        raise Http404
    year = requested_year(request)
    employee = kartu_employee(request)
    if name == "myasn.csv":
        content = exports.myasn_csv(employee, year)
    else:
        rulebook, reason = Rulebook.in_use(Site.find_for_request(request))
        if rulebook is None:
            raise Http404(_("Belum ada peraturan konversi JP."))
        card = exports.kartu(employee, rulebook, year, reason)
        content = exports.card_pdf(card) if name == "kartu.pdf" else exports.card_xlsx(card)
    response = HttpResponse(content, content_type=DOWNLOADS[name])
    stem, ext = name.split(".")
    suffix = "" if employee == request.user else f"-{employee.nip or employee.pk}"
    response["Content-Disposition"] = f'attachment; filename="{stem}-jp-{year}{suffix}.{ext}"'
    return response


@login_required
@require_POST
def myasn_tandai(request):
    """The employee ticks which of their own verified entries they have entered in MyASN (POST, CSRF-checked)."""
    from .. import myasn

    changed = myasn.mark_uploaded(request.user, request.POST.getlist("shown"), request.POST.getlist("uploaded"))
    messages.success(request, _("Tanda unggah MyASN disimpan (%(n)d diubah).") % {"n": changed})
    year = request.POST.get("tahun", "")
    target = reverse("ledger:saya")
    return redirect(f"{target}?tahun={year}" if year.isdigit() else target)


def kartu_employee(request):
    """Whose card a download is: the signed-in user, or `?pegawai=<id>` within the viewer's export units."""
    from people.models import User

    wanted = request.GET.get("pegawai")
    if not wanted or wanted == str(request.user.pk):
        return request.user
    units = export_units(request.user)
    if units is None or not wanted.isdigit():
        raise PermissionDenied
    employee = get_object_or_404(User, pk=wanted)
    if employee.unit_kerja_id is None or not units.filter(pk=employee.unit_kerja_id).exists():
        raise PermissionDenied
    return employee
