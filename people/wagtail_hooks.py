from wagtail import hooks

from .mfa.decorators import needs_recheck, reverify_response
from .viewsets import PeopleViewSetGroup


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()


@hooks.register("before_create_user")
@hooks.register("before_edit_user")
def recent_second_factor_for_user_changes(request, user=None):
    """Creating or editing a user can change their roles (groups, superuser): ask the second factor again first."""
    if needs_recheck(request):
        return reverify_response(request)
    return None


@hooks.register("before_bulk_action")
def recent_second_factor_for_bulk_roles(request, action_type, objects, action_class_instance):
    if action_type in ("assign_role", "set_active_state") and needs_recheck(request):
        return reverify_response(request, back=request.get_full_path())
    return None
