"""Suggested learning for a C/D row: the courses, knowledge assets and communities that address its competency
and description, found by the site's search and the `Competency` classification, filtered by what the viewer may
see (corpu.access)."""

from dataclasses import dataclass, field

from communities.models import CommunityPage, Thread
from corpu.access import filter_visible
from courses.models import CoursePage
from knowledge_assets.models import KnowledgeAssetPage
from search.services import matching_ids

LIMIT = 3


@dataclass
class Suggestions:
    courses: list = field(default_factory=list)
    assets: list = field(default_factory=list)
    communities: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.courses or self.assets or self.communities)


def _matches(user, texts, kind):
    """Ids matching any of the texts (each text must match whole, as the site search does)."""
    ids = []
    for text in texts:
        found = matching_ids(user, text, kind)
        ids.extend(i for i in found or [] if i not in ids)
    return ids


def _ranked(queryset, matched, classification):
    """Search matches first (in search order), then items of the same competency classification."""
    by_search = {page.pk: page for page in queryset.filter(pk__in=matched)} if matched else {}
    ranked = [by_search[pk] for pk in matched if pk in by_search]
    if len(ranked) < LIMIT and classification:
        ranked += list(
            queryset.filter(competency=classification)
            .exclude(pk__in=[p.pk for p in ranked])
            .order_by("title")[: LIMIT - len(ranked)]
        )
    return ranked[:LIMIT]


def for_row(user, row):
    """The Suggestions for one plan row, as this user may see them."""
    texts = [t for t in dict.fromkeys([row.competency_name, (row.description or "").strip()]) if t]
    courses = filter_visible(CoursePage.objects.live(), user)
    assets = filter_visible(KnowledgeAssetPage.objects.live(), user)
    result = Suggestions(
        courses=_ranked(courses, _matches(user, texts, "course"), row.classification),
        assets=_ranked(assets, _matches(user, texts, "asset"), row.classification),
    )
    thread_ids = _matches(user, texts, "thread")
    if thread_ids:
        community_ids = Thread.objects.filter(pk__in=thread_ids).values("community_id")
        visible = filter_visible(CommunityPage.objects.live(), user)
        result.communities = list(visible.filter(pk__in=community_ids).order_by("title")[:LIMIT])
    return result


def for_rows(user, rows):
    """{row pk: Suggestions}; rows with the same competency and description share one lookup (a D row and its C
    row)."""
    cache, result = {}, {}
    for row in rows:
        key = (row.competency_name, (row.description or "").strip(), row.classification)
        if key not in cache:
            cache[key] = for_row(user, row)
        result[row.pk] = cache[key]
    return result
