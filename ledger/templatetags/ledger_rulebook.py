"""`{% rulebook_notice rulebook figures %}`: which rulebook counts these JP and why (the institution setting)."""

from django import template
from wagtail.models import Site

from ..services import rulebook_in_use

register = template.Library()


@register.inclusion_tag("ledger/_rulebook_notice.html", takes_context=True)
def rulebook_notice(context, rulebook, figures=None):
    """The rulebook shown, the reason when it is the institution's setting, and the PPPK-ceiling remarks of a
    JP saya summary or a dashboard (`figures`)."""
    if context.get("rulebook_in_use"):  # the view looked it up already
        in_use, reason = context["rulebook_in_use"]
    else:
        request = context.get("request")
        in_use, reason = rulebook_in_use(Site.find_for_request(request) if request is not None else None)
    figures = figures or {}
    return {
        "rulebook": rulebook,
        "reason": reason if rulebook is not None and in_use is not None and in_use.pk == rulebook.pk else "",
        "target_is_ceiling": figures.get("target_is_ceiling"),
        "over_ceiling": figures.get("over_ceiling"),
    }
