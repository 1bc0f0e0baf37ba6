"""Keep the signed-in session's "last seen" time for "Profil saya" (written at most every few minutes)."""

from .accounts import touch


def session_last_seen(get_response):
    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            touch(request)
        return response

    return middleware
