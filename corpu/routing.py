"""Routing in fewer queries than Wagtail's `Page.route` (a page row per level, then its specific row).

`ChildRoute` pages find a child of their one child type with its own columns in one query; the home page asks
such a child from its plain page row (`child_route`), so the catalogue between the home page and a course or an
asset is never read as its specific type. Liveness, privacy and access are checked where Wagtail checks them (the
routed page's own `route` and `serve`).
"""

from django.http import Http404


class ChildRoute:
    """A page whose children of one type are found in one query (their table joined), not two; a child of
    another type, or none, takes Wagtail's usual way unless `only_child_type` (then it is a 404 at once)."""

    only_child_type = False

    @classmethod
    def child_queryset(cls):
        raise NotImplementedError

    @classmethod
    def child_route(cls, parent, request, path_components):
        """The RouteResult of `path_components` below `parent` (this type's page, specific or its plain row), or
        None when no child of the type holds the first slug."""
        children = cls.child_queryset()
        try:  # slugs are unique among siblings: `get` compiles no ORDER BY
            child = children.child_of(parent).get(slug=path_components[0])
        except children.model.DoesNotExist as e:
            if cls.only_child_type:
                raise Http404 from e
            return None
        child._cached_parent_obj = parent  # as Page.route: no query for the parent
        return child.route(request, path_components[1:])

    def route(self, request, path_components):
        if path_components:
            found = self.child_route(self, request, path_components)
            if found is not None:
                return found
        return super().route(request, path_components)


def route_below(page, request, path_components):
    """`Page.route` of `page` (the home page) for a path of two or more slugs: a `ChildRoute` child routes from its
    page row, one query less than loading it as its specific type first."""
    try:
        child = page.get_children().get(slug=path_components[0])
    except page.base_page_model.DoesNotExist as e:
        raise Http404 from e
    child._cached_parent_obj = page
    model = child.specific_class
    if model is not None and issubclass(model, ChildRoute):
        found = model.child_route(child, request, path_components[1:])
        if found is not None:
            return found
    return child.specific.route(request, path_components[1:])
