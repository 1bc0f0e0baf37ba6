"""The Wagtail admin asks the access policy (`corpu/access.py`) too: what a user may not open on the site, they
do not see in the admin either, whatever page, collection or model permissions they hold.

- Pages: a page is hidden from a user when the policy does not admit its saved row or its latest draft, and so
  is everything below it (a course's lessons follow the course). Hidden pages leave every admin listing (explorer,
  search, choosers, reports, site history, usage) through the page permission policy and the listing hooks, and
  every page view (edit, history, usage, drafts, previews, revisions, bulk actions) refuses them through the
  pages' permission tester (`PolicyPageTester`, which access-controlled pages and lessons return).
- Documents and images follow the pages using them, as the site's document guard does: used by a page the user
  may see, or used by no page and the user may choose or edit it. Certificate logos and signatures are for
  certificate managers only.
- Access-controlled snippets (`AccessControlledSnippetViewSet`) list, search, choose, edit, delete and show
  history and usage only of rows the policy admits.
- Bulk actions drop (and do not name) the objects the policy hides.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Length, Substr
from django.http import Http404
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.images import get_image_model
from wagtail.models import Page, PagePermissionTester, ReferenceIndex, Revision, get_page_models
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import can_view_object, filter_visible, hide_certificate_images, viewer_for, visible_q

# --- pages -------------------------------------------------------------------------------------------------


def access_page_models():
    from .models import AccessControlledPage

    return [model for model in get_page_models() if issubclass(model, AccessControlledPage)]


def hidden_pages(user):
    """The access-controlled pages the policy does not admit for this user: saved row or latest draft."""
    models = access_page_models()
    types = ContentType.objects.get_for_models(*models).values()
    rows = Q()
    for model in models:
        rows |= Q(pk__in=filter_visible(model.objects.all(), user).values("pk"))
    drafts = Revision.objects.annotate(
        access_level=Cast(KT("content__access_level"), CharField()),
        owner_unit=Cast(KT("content__owner_unit"), IntegerField()),
        owner_kelompok=Cast(KT("content__owner_kelompok"), IntegerField()),
    ).filter(visible_q(user))
    draft_hidden = Q(has_unpublished_changes=True, latest_revision__isnull=False) & ~Q(latest_revision__in=drafts)
    return Page.objects.filter(content_type__in=types).filter(~rows | draft_hidden)


def visible_pages(pages, user):
    """The pages of a queryset that are neither hidden from the user nor below a hidden page."""
    if viewer_for(user).is_admin:
        return pages
    above = hidden_pages(user).filter(path=Substr(OuterRef("path"), 1, Length("path")))
    hidden = Page.objects.filter(Exists(above)).values("pk")
    return pages.filter(~Q(pk__in=hidden))  # a pk filter: search backends accept it


def _hidden_paths(user):
    paths = getattr(user, "_corpu_hidden_paths", None)
    if paths is None:
        paths = tuple(hidden_pages(user).values_list("path", flat=True))
        user._corpu_hidden_paths = paths
    return paths


def page_hidden(user, page):
    """Is the page (a saved row or a draft object) hidden from this user in the admin?"""
    from .models import AccessControlled

    if viewer_for(user).is_admin:
        return False
    own_fields = isinstance(page, AccessControlled) and "access_level" not in page.get_deferred_fields()
    if own_fields and not can_view_object(user, page):  # a draft carries its own level; saved rows: the paths
        return True
    return bool(page.path) and page.path.startswith(_hidden_paths(user))


class PolicyPageTester(PagePermissionTester):
    """Wagtail's page permission tester that answers no to every action on a page hidden from the user."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self._hidden = None

    def hidden(self):
        if self._hidden is None:
            self._hidden = page_hidden(self.user, self.page) and not self.reviews()
        return self._hidden

    def reviews(self):
        """A reviewer a task of the page's workflow names (e.g. an external expert of "Revidu pakar") still reviews
        and, approving, publishes it."""
        workflow = self.page.get_workflow()
        tasks = workflow.tasks.specific() if workflow else []
        return any(task.user_can_access_editor(self.page, self.user) for task in tasks)


def _refusing(name):
    allowed = getattr(PagePermissionTester, name)

    def check(self, *args, **kwargs):
        return not self.hidden() and allowed(self, *args, **kwargs)

    check.__name__ = name
    return check


for _name in [name for name in vars(PagePermissionTester) if name.startswith("can_")]:
    setattr(PolicyPageTester, _name, _refusing(_name))


class PolicyNarrowedPermissions:
    """A Wagtail permission policy narrowed by the access policy: subclasses say which rows (`narrow`) and which
    object (`admits`) the policy leaves to a user; everything else is the wrapped policy's answer."""

    def __init__(self, policy):
        self._policy = policy

    def __getattr__(self, name):
        return getattr(self._policy, name)

    def narrow(self, queryset, user):
        raise NotImplementedError

    def admits(self, user, obj):
        raise NotImplementedError

    def instances_user_has_any_permission_for(self, user, actions):
        return self.narrow(self._policy.instances_user_has_any_permission_for(user, actions), user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, {action})

    def user_has_any_permission_for_instance(self, user, actions, instance):
        allowed = self._policy.user_has_any_permission_for_instance(user, actions, instance)
        return allowed and self.admits(user, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)


class PolicyPagePermissions(PolicyNarrowedPermissions):
    """Pages: hidden pages are neither explorable nor open to any action."""

    def narrow(self, queryset, user):
        return visible_pages(queryset, user)

    def admits(self, user, page):
        return not page_hidden(user, page)

    def explorable_instances(self, user, *args, **kwargs):
        return visible_pages(self._policy.explorable_instances(user, *args, **kwargs), user)


class PolicyPageTypesUsageReportView(PageTypesUsageReportView):
    """Page types usage with counts and "last edited" taken over the pages the user may see."""

    def decorate_paginated_queryset(self, page_types):
        visible = visible_pages(Page.objects.all(), self.request.user)
        counts = dict(visible.values_list("content_type").annotate(n=Count("pk")).values_list("content_type", "n"))
        for item in page_types:
            item.count = counts.get(item.pk, 0)
            latest = visible.filter(content_type=item.pk).order_by("-latest_revision_created_at", "title", "-pk")
            item.last_edited_page = latest.specific().first() if item.count else None
        return page_types


def page_types_usage_urls():
    """URL patterns placed before the admin's own, so that its page types report is the policy's."""
    from django.urls import path
    from django.views.decorators.cache import never_cache
    from wagtail.admin.auth import require_admin_access

    def view(**options):
        return never_cache(require_admin_access(PolicyPageTypesUsageReportView.as_view(**options)))

    return [
        path("admin/reports/page-types-usage/", view()),
        path("admin/reports/page-types-usage/results/", view(results_only=True)),
    ]


# --- documents and images ----------------------------------------------------------------------------------


def _page_references_to(model):
    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(model),
        base_content_type=ContentType.objects.get_for_model(Page),
    )


def visible_media(queryset, user):
    """Documents or images used by a page the user may see, or used by no page; never a certificate's logo or
    signature unless the user manages certificates."""
    if queryset.model is get_image_model():
        queryset = hide_certificate_images(queryset, user)
    if viewer_for(user).is_admin:
        return queryset
    references = _page_references_to(queryset.model).annotate(
        target=Cast("to_object_id", IntegerField()), page=Cast("object_id", IntegerField())
    )
    seen = references.filter(page__in=visible_pages(Page.objects.all(), user).values("pk"))
    return queryset.filter(~Q(pk__in=references.values("target")) | Q(pk__in=seen.values("target")))


class PolicyMediaPermissions(PolicyNarrowedPermissions):
    """Documents and images: only those `visible_media` admits."""

    def narrow(self, queryset, user):
        return visible_media(queryset, user)

    def admits(self, user, obj):
        return media_visible(user, obj)


def media_visible(user, obj):
    return visible_media(type(obj).objects.filter(pk=obj.pk), user).exists()


def media_admitted(user, obj, policy):
    """May this admin user load the file (e.g. a rendition)? Used by a page they may see, or by no page and
    they may choose or edit it (the document guard's rule)."""
    if viewer_for(user).is_admin:
        return True
    if not _page_references_to(type(obj)).filter(to_object_id=str(obj.pk)).exists():
        return policy.user_has_any_permission_for_instance(user, ["choose", "change"], obj)
    return media_visible(user, obj)


# --- access-controlled snippets ----------------------------------------------------------------------------


class PolicyModelPermissions(PolicyNarrowedPermissions):
    """An `AccessControlled` model (a snippet): only the rows the access policy admits."""

    def narrow(self, queryset, user):
        return filter_visible(queryset, user)

    def admits(self, user, obj):
        return can_view_object(user, obj)


class VisibleObjectMixin:
    """A view of one object: 404 when the access policy does not admit the user to it."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not can_view_object(self.request.user, obj):
            raise Http404
        return obj


class VisibleListMixin:
    """A chooser listing: only rows the access policy admits."""

    def get_object_list(self, *args, **kwargs):
        return filter_visible(super().get_object_list(*args, **kwargs), self.request.user)


def _guarded(view_class, mixin=VisibleObjectMixin):
    return type(view_class.__name__, (mixin, view_class), {})


class AccessControlledChooserViewSet(SnippetChooserViewSet):
    choose_view_class = _guarded(SnippetChooserViewSet.choose_view_class, VisibleListMixin)
    choose_results_view_class = _guarded(SnippetChooserViewSet.choose_results_view_class, VisibleListMixin)
    chosen_view_class = _guarded(SnippetChooserViewSet.chosen_view_class)


class AccessControlledSnippetViewSet(SnippetViewSet):
    """A snippet viewset of an `AccessControlled` model: every view shows only what the policy admits."""

    chooser_viewset_class = AccessControlledChooserViewSet
    edit_view_class = _guarded(SnippetViewSet.edit_view_class)
    delete_view_class = _guarded(SnippetViewSet.delete_view_class)
    history_view_class = _guarded(SnippetViewSet.history_view_class)
    usage_view_class = _guarded(SnippetViewSet.usage_view_class)
    inspect_view_class = _guarded(SnippetViewSet.inspect_view_class)
    copy_view_class = _guarded(SnippetViewSet.copy_view_class)

    def get_queryset(self, request):
        return filter_visible(self.model._default_manager.all(), request.user)


# --- bulk actions and redirects ----------------------------------------------------------------------------


class VisibleBulkObjectsMixin:
    """A bulk action (its confirmation page lists the objects asked for): objects the policy hides from the user
    are dropped, neither acted on nor named among those "without permission"."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        policy = policy_registry.get_by_type(self.model)
        if not isinstance(policy, PolicyNarrowedPermissions):
            return objects, extra
        user = self.request.user
        refused = [obj for obj in extra.get("items_with_no_access", []) if policy.admits(user, obj)]
        return [obj for obj in objects if policy.admits(user, obj)], {**extra, "items_with_no_access": refused}


def guarded_bulk_actions():
    """Wagtail's bulk actions of pages, documents, images and snippets, each with `VisibleBulkObjectsMixin`."""
    from wagtail.admin.views.pages import bulk_actions as pages
    from wagtail.documents.views import bulk_actions as documents
    from wagtail.images.views import bulk_actions as images
    from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDelete

    actions = [pages.DeleteBulkAction, pages.MoveBulkAction, pages.PublishBulkAction, pages.UnpublishBulkAction]
    for media in (documents, images):
        actions += [media.AddTagsBulkAction, media.AddToCollectionBulkAction, media.DeleteBulkAction]
    return [_guarded(action, VisibleBulkObjectsMixin) for action in [*actions, SnippetDelete]]


def safe_next_url(request, fallback):
    """The request's `next` when it stays on this site, otherwise the fallback (no open redirects)."""
    return get_valid_next_url_from_request(request) or fallback
