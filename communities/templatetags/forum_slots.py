"""`{% slot ... %}`: a per-visitor slot in a shared forum fragment (see communities/fragments.py)."""

from django import template

from communities.fragments import marker

register = template.Library()


@register.simple_tag
def slot(*parts):
    return marker(*parts)
