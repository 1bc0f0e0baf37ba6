"""Revidu: the signed-in user's review tasks (and their own assets in review), with links into the admin."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from corpu.access import may_open_revidu, refuse

from .review import awaiting_review, submitted_by


@login_required
def revidu(request):
    if not may_open_revidu(request.user):
        return refuse(request)
    context = {"awaiting": awaiting_review(request.user), "submitted": submitted_by(request.user)}
    return render(request, "knowledge_assets/revidu.html", context)
