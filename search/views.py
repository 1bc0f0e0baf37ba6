"""The search page, its JSON twin, click tracking and the analytics page for the CLO and kelompok keahlian."""

import csv
from datetime import timedelta

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Max, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from corpu.throttle import throttled

from .models import Click, Kind, QueryLog, SearchDocument
from .query import FACET_COLUMNS, SearchRequest, search

PER_PAGE = 10


def _request(request):
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    filters = {name: request.GET.get(name, "") for name in [*FACET_COLUMNS, "tag"]}
    exact = request.GET.get("persis") == "1"  # "Cari … saja": the query as written, no correction applied
    return SearchRequest(request.GET.get("q", "").strip()[:200], filters, page, PER_PAGE, exact)


def _run(request):
    search_request = _request(request)
    results = search(request.user, search_request)
    log = None
    if search_request.query and search_request.page == 1:
        log = QueryLog.objects.create(
            query=search_request.query,
            normalised=" ".join(results.terms)[:200],
            results=results.total,
            user=request.user if request.user.is_authenticated else None,
        )
    return search_request, results, log


def search_page(request):
    search_request, results, log = _run(request)
    kind_labels = dict(Kind.choices)
    return render(
        request,
        "search/search.html",
        {"search": search_request, "results": results, "log": log, "kind_labels": kind_labels},
    )


@throttled("search-api")
def search_api(request):
    """The search as JSON (keys listed in README.md; `sign_in_may_show_more` and `suggestion`: ADR 0019)."""
    search_request, results, log = _run(request)
    return JsonResponse(
        {
            "query": results.query,
            "terms": results.terms,
            "total": results.total,
            "total_relation": results.total_relation,
            "facets_approximate": results.facets_approximate,
            "page": results.page,
            "pages": results.pages,
            "relaxed": results.relaxed,
            "corrected": results.corrected,
            "suggestion": results.suggestion,
            "sign_in_may_show_more": results.sign_in_may_show_more,
            "query_id": log.pk if log else None,
            "results": [
                {
                    "type": hit["document"].kind,
                    "title": hit["document"].title,
                    "url": hit["document"].url,
                    "snippet": hit["snippet"],
                    "access_level": hit["document"].access_level,
                    "owner": hit["document"].owner_label,
                    "date": hit["document"].date.isoformat() if hit["document"].date else None,
                    "id": hit["document"].pk,
                }
                for hit in results.hits
            ],
            "experts": [{"id": pk, "name": name, "count": count} for pk, name, count in results.experts],
            "facets": {
                name: [{"value": value, "label": label, "count": count} for value, label, count in values]
                for name, values in results.facets.items()
            },
        }
    )


@require_POST
def click(request, query_id, document_id):
    """Record a click-through, then send the visitor to the result (only known, same-site URLs)."""
    log = get_object_or_404(QueryLog, pk=query_id)
    document = get_object_or_404(SearchDocument, pk=document_id)
    Click.objects.create(query=log, document=document, position=int(request.POST.get("position", 0) or 0))
    if url_has_allowed_host_and_scheme(document.url, allowed_hosts={request.get_host()}):
        return redirect(document.url)
    return redirect("/")


PERIODS = (7, 30, 90, 365)


def _period(request):
    try:
        days = int(request.GET.get("hari", 90))
    except ValueError:
        days = 90
    return days if days in PERIODS else 90


def _zero_result_queries(logs, limit=None):
    rows = (
        logs.filter(results=0)
        .values("normalised")
        .annotate(n=Count("pk"), query=Max("query"), last=Max("created_at"))
        .order_by("-n", "normalised")
    )
    return rows[:limit] if limit else rows


@permission_required("corpu_search.view_querylog")
def analytics(request):
    """Top queries, queries without results (the knowledge backlog) and click-through, over a period."""
    days = _period(request)
    logs = QueryLog.objects.filter(created_at__gte=timezone.now() - timedelta(days=days))
    top = (
        logs.values("normalised")
        .annotate(n=Count("pk", distinct=True), clicked=Count("clicks"), query=Max("query"))
        .order_by("-n")[:25]
    )
    total = logs.count()
    with_click = logs.filter(Q(clicks__isnull=False)).distinct().count()
    return render(
        request,
        "search/analytics.html",
        {
            "top": top,
            "zero": _zero_result_queries(logs, 25),
            "total": total,
            "ctr": round(100 * with_click / total) if total else 0,
            "days": days,
            "periods": PERIODS,
        },
    )


@permission_required("corpu_search.view_querylog")
def zero_results_csv(request):
    """Queries that found nothing in the period, as CSV: the knowledge-identification backlog."""
    days = _period(request)
    logs = QueryLog.objects.filter(created_at__gte=timezone.now() - timedelta(days=days))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pencarian-tanpa-hasil-{days}-hari.csv"'
    writer = csv.writer(response)
    writer.writerow(["query", "normalised", "searches", "last_searched"])
    for row in _zero_result_queries(logs):
        writer.writerow([row["query"], row["normalised"], row["n"], row["last"].isoformat()])
    return response
