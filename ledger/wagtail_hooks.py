from wagtail import hooks

from .viewsets import LedgerViewSetGroup


@hooks.register("register_admin_viewset")
def register_ledger_viewsets():
    return LedgerViewSetGroup()
