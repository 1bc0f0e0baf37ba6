"""Small site-wide views."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    """/favicon.ico, asked for by browsers and feed readers: the SVG icon (its hashed name is known only at run
    time with the production static storage)."""
    return HttpResponsePermanentRedirect(static("corpu/icons/favicon.svg"))
