"""Sign-in template tags: whether single sign-on is on (the Wagtail admin's login page then offers it)."""

from django import template

from people import sso

register = template.Library()


@register.simple_tag
def sso_enabled():
    return sso.sso_enabled()
