"""CorpU roles (Balangan art. 6–7) as Django groups with real permissions.

Koordinator, Ketua and Anggota groups follow the data (rumpun coordinators and kelompok memberships) through
`sync_user_roles`; Dewan Pengarah and CLO are assigned by an administrator. Other apps add permissions to a
role by defining `ROLE_PERMISSIONS = {role_key: [...]}` in their own `roles.py`.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_noop

DEWAN_PENGARAH = "dewan_pengarah"
CLO = "clo"
KOORDINATOR = "koordinator_kk"
KETUA = "ketua_kk"
ANGGOTA = "anggota_kk"
VERIFIKATOR_UNIT = "verifikator_unit"

# Group names are stored untranslated (they are data); templates translate them for display.
ROLE_NAMES = {
    DEWAN_PENGARAH: gettext_noop("Dewan Pengarah Pembelajaran"),
    CLO: gettext_noop("CLO / Admin BKPSDM"),
    KOORDINATOR: gettext_noop("Koordinator Kelompok Keahlian"),
    KETUA: gettext_noop("Ketua Kelompok Keahlian"),
    ANGGOTA: gettext_noop("Anggota Kelompok Keahlian"),
    VERIFIKATOR_UNIT: gettext_noop("Verifikator JP Sekretariat Unit"),
}

_PEOPLE_MODELS = ["user", "unitkerja", "rumpunkeahlian", "kelompokkeahlian", "keanggotaan"]

ROLE_PERMISSIONS = {
    DEWAN_PENGARAH: ["wagtailadmin.access_admin"] + [f"people.view_{m}" for m in _PEOPLE_MODELS],
    CLO: ["wagtailadmin.access_admin", "people.view_all_content", "people.view_signinevent"]
    + [f"people.{action}_{m}" for m in _PEOPLE_MODELS for action in ("add", "change", "delete", "view")]
    + ["people.change_signinsettings", "people.view_signinsettings"],
    KOORDINATOR: ["wagtailadmin.access_admin", "people.view_user", "people.view_unitkerja"]
    + [f"people.{action}_{m}" for m in ("kelompokkeahlian", "keanggotaan") for action in ("add", "change", "view")],
    KETUA: ["wagtailadmin.access_admin", "people.view_user", "people.view_kelompokkeahlian"]
    + [f"people.{action}_keanggotaan" for action in ("add", "change", "view")],
    ANGGOTA: ["wagtailadmin.access_admin", "people.view_kelompokkeahlian"],
    VERIFIKATOR_UNIT: [],  # ledger.verify_entry comes from ledger/roles.py; the queue is limited to their unit
}


def role_group_name(role):
    """The group name of a role."""
    return ROLE_NAMES[role]


def collected_permissions():
    """ROLE_PERMISSIONS of this module merged with every installed app's `roles.ROLE_PERMISSIONS`."""
    merged = {role: list(perms) for role, perms in ROLE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        if config.name == "people":
            continue
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError:
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(role, []).extend(perms)
    return merged


def sync_role_groups(using="default", **kwargs):
    """Create the role groups and give them exactly their permissions (idempotent; runs after migrate)."""
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    for role, perms in collected_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=role_group_name(role))
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            wanted.append(Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def sync_user_roles(user):
    """Align a user's Koordinator/Ketua/Anggota groups with the rumpun and kelompok data."""
    from .models import Keanggotaan, PeranKelompok, RumpunKeahlian

    memberships = set(Keanggotaan.objects.filter(user=user).values_list("peran", flat=True))
    wanted = {
        KOORDINATOR: RumpunKeahlian.objects.filter(koordinator=user).exists(),
        KETUA: PeranKelompok.KETUA in memberships,
        ANGGOTA: bool(memberships),
    }
    for role, should_have in wanted.items():
        group, _created = Group.objects.get_or_create(name=role_group_name(role))
        if should_have:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def assign_role(user, role):
    """Give a user an administrative role (Dewan Pengarah, CLO, unit verifier)."""
    group, _created = Group.objects.get_or_create(name=role_group_name(role))
    user.groups.add(group)


def user_roles(user):
    """The role keys a user holds, for display on "Profil saya"."""
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLE_NAMES if role_group_name(role) in names]
