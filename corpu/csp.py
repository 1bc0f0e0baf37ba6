"""The site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY, written by django-csp), adjusted per response.

- frame-ancestors follows the response's X-Frame-Options: DENY (the site default) gives 'none', SAMEORIGIN (Wagtail's
  preview, which the page editor frames) gives 'self', a view exempted from X-Frame-Options chose to be framed.
- Under settings.CSP_ADMIN_PREFIXES the Wagtail and Django admins may run inline scripts and styles (their widgets
  still write some) and show blob: images; there the nonce is left out, since a nonce would make browsers ignore
  'unsafe-inline'.
- Wagtail renders previews through the middleware again, with a dummy request for the page's own URL: that
  inner response gets no policy, the admin view around it (the real response) does.
- frame-src adds settings.H5P_CONTENT_ORIGIN (read per response, so the setting is the one in force).
- form-action adds the origin of settings.OIDC_ISSUER while single sign-on is on: signing out (a form posted to
  this site) continues to the provider's end-session endpoint, and browsers check form-action on that redirect.
- A response that already carries a Content-Security-Policy (the H5P player's files) keeps its own: django-csp
  never overwrites the header.
"""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings

FRAME_ANCESTORS = {"DENY": [NONE], "SAMEORIGIN": [SELF]}
ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],  # the image uploader previews a chosen file through a blob: URL
}


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware with the admin and frame-ancestors adjustments above."""

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):  # Wagtail's preview request (wagtail.models.preview)
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        replace = {}
        if request.path_info.startswith(tuple(settings.CSP_ADMIN_PREFIXES)):
            replace.update(ADMIN_DIRECTIVES)
        frame_options = response.get("X-Frame-Options", "").upper()
        if frame_options in FRAME_ANCESTORS:
            replace["frame-ancestors"] = FRAME_ANCESTORS[frame_options]
        elif getattr(response, "xframe_options_exempt", False):
            replace["frame-ancestors"] = None
        replace.update(parts.replace or {})  # a view's own @csp_replace wins
        parts.replace = replace or None
        if settings.H5P_CONTENT_ORIGIN:  # lessons frame the H5P player from its own origin
            update = dict(parts.update or {})
            update["frame-src"] = [*update.get("frame-src", []), settings.H5P_CONTENT_ORIGIN]
            parts.update = update
        if settings.OIDC_ISSUER:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), _origin(settings.OIDC_ISSUER)]
            parts.update = update
        return parts


def _origin(url):
    scheme, netloc, *_rest = urlsplit(url)
    return f"{scheme}://{netloc}"
