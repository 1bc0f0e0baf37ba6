"""The catalogue page, its editing permissions and the expert-review (revidu) workflow — idempotent."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_noop
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from people.roles import ANGGOTA, CLO, KETUA, role_group_name

from .models import KelompokReviewTask, KnowledgeCatalogPage

WORKFLOW_NAME = gettext_noop("Revidu pakar")
TASK_NAME = gettext_noop("Revidu Ketua Kelompok Keahlian")
EXPERT_GROUP_NAME = gettext_noop("Pakar Revidu Aset Pengetahuan")

# role -> page permissions on the catalogue (and so on every asset below it)
PAGE_PERMISSIONS = {
    ANGGOTA: ["add_page", "change_page"],
    KETUA: ["add_page", "change_page", "publish_page"],
    CLO: ["add_page", "change_page", "publish_page", "delete_page", "lock_page", "unlock_page"],
}
# named experts approve through the workflow; approving publishes, so they hold change + publish
EXPERT_PAGE_PERMISSIONS = ["change_page", "publish_page"]
COLLECTION_PERMISSIONS = {
    ANGGOTA: [
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
    ],
}


def _perm(dotted):
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_catalogue(home, title="Katalog Pengetahuan", slug="pengetahuan"):
    """The site's catalogue page (created under home when missing)."""
    catalogue = KnowledgeCatalogPage.objects.first()
    if catalogue is None:
        catalogue = KnowledgeCatalogPage(
            title=title,
            slug=slug,
            show_in_menus=True,
            intro="<p>Aset intelektual CorpU: praktik baik, SOP, pelajaran yang dipetik, dan studi kasus dari "
            "kelompok keahlian, terbuka sesuai level akses.</p>",
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
    return catalogue


def ensure_permissions(catalogue):
    for role, codenames in PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role_group_name(role))
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=catalogue, permission=_perm(f"wagtailcore.{codename}")
            )
    # the root collection comes from Wagtail's migrations; a flushed test database may lack it
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for role, perms in COLLECTION_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role_group_name(role))
        for dotted in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_perm(dotted)
            )


def ensure_review_workflow(catalogue):
    """Workflow "Revidu pakar" (art. 10(3)): before an asset goes live, the ketua of its kelompok keahlian
    (or a named expert in the "Pakar Revidu Aset Pengetahuan" group) approves it."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = KelompokReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = KelompokReviewTask.objects.create(name=TASK_NAME)
    reviewers, _created = Group.objects.get_or_create(name=role_group_name(KETUA))
    task.groups.add(reviewers)
    experts, _created = Group.objects.get_or_create(name=EXPERT_GROUP_NAME)
    experts.permissions.add(_perm("wagtailadmin.access_admin"))
    for codename in EXPERT_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=experts, page=catalogue, permission=_perm(f"wagtailcore.{codename}")
        )
    task.expert_groups.add(experts)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return workflow


def ensure_knowledge_setup(home):
    catalogue = ensure_catalogue(home)
    ensure_permissions(catalogue)
    ensure_review_workflow(catalogue)
    return catalogue
