"""The sandboxed SCORM player: signed tokens, the separate content origin and the headers of its documents.

A SCO must reach scorm-again's API object in a parent window, so the wrapper frame and the SCO's pages share
one real origin (`sandbox allow-scripts allow-same-origin`). That is only safe on a host without the site's
cookies: SCORM plays only from H5P_CONTENT_ORIGIN, and only when it differs from the site's origin. See
docs/adr/0005-scorm-runtime.md.
"""

from django.core import signing
from django.urls import reverse

from ..player import _static_origin, content_origin, origin_of

SALT = "courses.scorm.files"
TOKEN_MAX_AGE = 4 * 3600
SANDBOX = "allow-scripts allow-same-origin"


def playable(request):
    """SCORM plays only from a content origin of its own, never from the site's origin."""
    origin = content_origin()
    return bool(origin) and origin != origin_of(request)


def serves_content(request, payload):
    """A wrapper or SCO file is answered only on the content origin, for a site other than it."""
    origin = content_origin()
    return bool(origin) and origin_of(request) == origin and payload.get("o") != origin


def make_token(user, package, attempt, site_origin):
    user_id = user.pk if user.is_authenticated else 0
    payload = {"p": package.pk, "u": user_id, "t": str(attempt.token) if attempt else ""}
    return signing.dumps({**payload, "o": site_origin}, salt=SALT)


def read_token(token, package_id):
    """The payload when the token is genuine, fresh and for this package; else None."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return payload if isinstance(payload, dict) and payload.get("p") == package_id else None


def frame_url(user, package, attempt, request):
    token = make_token(user, package, attempt, origin_of(request))
    return content_origin() + reverse("courses:scorm_frame", args=[package.pk, token])


def frame_csp(request, site_origin):
    """The wrapper: scorm-again and the bridge from static files only; it frames the SCO from this origin."""
    here = " ".join(filter(None, ["'self'", origin_of(request), _static_origin()]))
    return "; ".join(
        [
            f"sandbox {SANDBOX}",
            "default-src 'none'",
            f"script-src {here}",
            f"style-src {here} 'unsafe-inline'",
            "frame-src 'self'",
            "form-action 'none'",
            "base-uri 'none'",
            f"frame-ancestors {site_origin}",
        ]
    )


def file_csp(site_origin):
    """A SCO's own files: its pages run their scripts, but only from this origin, and reach nothing else."""
    return "; ".join(
        [
            f"sandbox {SANDBOX} allow-forms",
            "default-src 'self' data: blob:",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "connect-src 'self'",
            "form-action 'self'",
            f"frame-ancestors 'self' {site_origin}",
        ]
    )
