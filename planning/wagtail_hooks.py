from wagtail import hooks

from .viewsets import PlanningViewSetGroup


@hooks.register("register_admin_viewset")
def register_planning_viewsets():
    return PlanningViewSetGroup()
