"""Reader actions (rate, comment, "saya menerapkan ini") and the kelompok keahlian dashboard.

Every action first asks the access policy (`deny_response`) about the asset it touches.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corpu.access import deny_response, filter_visible, viewer_for
from corpu.images import page_image
from people.models import KelompokKeahlian

from .models import AssetApplication, AssetComment, AssetRating, KnowledgeAssetPage


def _asset_for(request, pk):
    """The live asset, or the policy's refusal (sign-in redirect / 403)."""
    asset = get_object_or_404(KnowledgeAssetPage.objects.live(), pk=pk)
    return asset, deny_response(request, asset)


@require_POST
@login_required
def rate(request, pk):
    asset, denied = _asset_for(request, pk)
    if denied:
        return denied
    try:
        score = int(request.POST.get("score", ""))
    except ValueError:
        score = 0
    if not 1 <= score <= 5:
        messages.error(request, _("Nilai harus antara 1 dan 5."))
    else:
        AssetRating.objects.update_or_create(page=asset, user=request.user, defaults={"score": score})
        messages.success(request, _("Terima kasih, nilai Anda tersimpan."))
    return redirect(asset.url)


@require_POST
@login_required
def comment(request, pk):
    asset, denied = _asset_for(request, pk)
    if denied:
        return denied
    text = (request.POST.get("text") or "").strip()[:3000]
    if not text:
        messages.error(request, _("Komentar tidak boleh kosong."))
    else:
        AssetComment.objects.create(page=asset, user=request.user, text=text)
        messages.success(request, _("Komentar Anda terkirim."))
    return redirect(asset.url + "#komentar")


@require_POST
@login_required
def apply(request, pk):
    asset, denied = _asset_for(request, pk)
    if denied:
        return denied
    outcome = (request.POST.get("outcome") or "").strip()[:3000]
    AssetApplication.objects.update_or_create(page=asset, user=request.user, defaults={"outcome": outcome})
    messages.success(request, _("Terima kasih telah melaporkan penerapan aset ini."))
    return redirect(asset.url)


def asset_image(request, pk, image_pk):
    """An image of an asset's body, only for visitors who may see the asset (no public /media/ link in the page)."""
    return page_image(request, get_object_or_404(KnowledgeAssetPage.objects.live(), pk=pk), image_pk)


def may_see_dashboard(user, kelompok):
    """Members (ketua/anggota) of the kelompok, the koordinator of its rumpun, and administrators."""
    if not user.is_authenticated:
        return False
    if viewer_for(user).is_admin or kelompok.rumpun.koordinator_id == user.pk:
        return True
    return kelompok.keanggotaan.filter(user=user).exists()


def dashboard_assets(kelompok, user):
    assets = filter_visible(KnowledgeAssetPage.objects.live().filter(owner_kelompok=kelompok), user)
    return assets.annotate(
        n_views=Coalesce(F("counter__views"), 0),
        n_downloads=Coalesce(F("counter__downloads"), 0),
        n_applied=Count("applications", distinct=True),
        n_ratings=Count("ratings", distinct=True),
        avg_rating=Avg("ratings__score"),
    ).annotate(n_used=F("n_views") + F("n_downloads"))


@login_required
def dashboard(request, slug):
    kelompok = get_object_or_404(KelompokKeahlian.objects.select_related("rumpun"), slug=slug)
    if not may_see_dashboard(request.user, kelompok):
        raise PermissionDenied(_("Dasbor ini hanya untuk anggota kelompok keahlian, koordinator, dan CLO."))
    assets = dashboard_assets(kelompok, request.user)
    today = datetime.date.today()
    context = {
        "kelompok": kelompok,
        "total": assets.count(),
        "most_used": assets.order_by("-n_used", "title")[:10],
        "most_applied": assets.filter(n_applied__gt=0).order_by("-n_applied", "title")[:10],
        "lowest_rated": assets.filter(n_ratings__gt=0).order_by("avg_rating", "title")[:10],
        "past_review": assets.filter(Q(review_by__lt=today)).order_by("review_by")[:20],
        "drafts": KnowledgeAssetPage.objects.filter(owner_kelompok=kelompok, live=False).count(),
    }
    return render(request, "knowledge_assets/dashboard.html", context)


@login_required
def write(request):
    """ "Tulis aset": on to the admin editor of a new asset in the catalogue (the editor checks the permission)."""
    from django.http import Http404

    from .services import new_asset_url

    url = new_asset_url()
    if url is None:
        raise Http404(_("Belum ada katalog aset pengetahuan."))
    return redirect(url)
