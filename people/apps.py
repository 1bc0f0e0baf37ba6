from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    default = True
    name = "people"
    verbose_name = _("Pegawai & Kelompok Keahlian")

    def ready(self):
        from . import signals  # noqa: F401
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="corpu_sync_role_groups")


class CorpUUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the ASN profile fields."""

    default = False
    user_viewset = "people.viewsets.UserViewSet"
    group_viewset = "people.viewsets.GroupViewSet"
