"""The sandboxed H5P player: signed file tokens, the content origin and the headers of the frame and its files.

H5P libraries are JavaScript from an uploaded package. The lesson page embeds each activity in an
`<iframe sandbox="allow-scripts">` (an opaque origin without the site's cookies or storage), served from
H5P_CONTENT_ORIGIN when set. Only when that content origin is separate from the site does the frame also get
`allow-same-origin`: its origin is then the content origin, which holds no session, and the content origin's
service worker can play it offline (docs/adr/0031-offline-h5p.md). The frame and its package files are fetched
without the session, with a short-lived token in the URL path, signed for one visitor, activity, attempt and the
page's language. See docs/adr/0002-h5p-sandbox.md.
"""

from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import signing
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SALT = "courses.h5p.files"
TOKEN_MAX_AGE = 4 * 3600  # seconds: a lesson stays playable for a working session, not for ever

# Served inline (the player needs them as scripts, styles, data, images, fonts or media); everything else in a
# package is sent as a download, and markup a browser would run (html, xml) as text/plain.
INLINE_TYPES = {
    "js": "text/javascript",
    "css": "text/css",
    "json": "application/json",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "vtt": "text/vtt",
    "webvtt": "text/vtt",
    "txt": "text/plain",
}
MARKUP = {"html", "htm", "xhtml", "xml", "xsl", "xslt", "mht", "mhtml"}


def content_origin():
    """Where package files are served from: H5P_CONTENT_ORIGIN (e.g. https://h5p.example.go.id); '' = this host."""
    return (settings.H5P_CONTENT_ORIGIN or "").rstrip("/")


def origin_of(request):
    return f"{request.scheme}://{request.get_host()}"


def offline_capable(site_origin):
    """Whether H5P plays offline for a lesson page on `site_origin`: only with a content origin of its own."""
    return bool(content_origin()) and content_origin() != site_origin.rstrip("/")


def frame_sandbox(site_origin):
    """The player frame's sandbox flags (the iframe attribute and the frame's own CSP agree)."""
    return "allow-scripts allow-same-origin" if offline_capable(site_origin) else "allow-scripts"


def frame_origin(site_origin):
    """The origin the frame's messages come from: the content origin, or "null" (opaque) when sandboxed so."""
    return content_origin() if offline_capable(site_origin) else "null"


def make_token(user, activity, attempt, site_origin):
    """A signed, timestamped token naming the visitor, the activity, the attempt, the page that embeds it and
    its language (the frame, on another origin, sees neither the session nor the language cookie)."""
    payload = {
        "a": activity.pk,
        "u": user.pk if user.is_authenticated else 0,
        "t": str(attempt.token) if attempt else "",
    }
    return signing.dumps({**payload, "o": site_origin, "l": get_language()}, salt=SALT)


def read_token(token, activity_id):
    """The token's payload when it is genuine, fresh and for this activity; else None."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return payload if isinstance(payload, dict) and payload.get("a") == activity_id else None


def frame_language(payload):
    """The lesson page's language, when it is one of the site's; else the site's default."""
    languages = {code for code, _name in settings.LANGUAGES}
    return payload.get("l") if payload.get("l") in languages else settings.LANGUAGE_CODE


def core_l10n():
    """H5P core's own texts a learner may meet in a lesson (dialogs, the reset notice, offline notices), in the
    active language; content types bring their texts in the package."""
    return {
        "H5P": {
            "close": _("Tutup"),
            "fullscreen": _("Layar penuh"),
            "disableFullscreen": _("Keluar dari layar penuh"),
            "showMore": _("Tampilkan lebih banyak"),
            "showLess": _("Tampilkan lebih sedikit"),
            "contentChanged": _("Konten ini telah berubah sejak terakhir Anda gunakan."),
            "startingOver": _("Anda akan memulai dari awal."),
            "confirmDialogHeader": _("Konfirmasi tindakan"),
            "confirmDialogBody": _("Pastikan Anda ingin melanjutkan. Tindakan ini tidak dapat dibatalkan."),
            "cancelLabel": _("Batal"),
            "confirmLabel": _("Konfirmasi"),
            "connectionLost": _("Koneksi terputus. Hasil disimpan dan dikirim saat koneksi kembali."),
            "connectionReestablished": _("Koneksi tersambung kembali."),
            "resubmitScores": _("Mencoba mengirim hasil yang tersimpan."),
            "offlineDialogHeader": _("Koneksi Anda ke server terputus"),
            "offlineDialogBody": _("Kami tidak dapat mengirim hasil tugas ini. Periksa koneksi internet Anda."),
            "offlineDialogRetryMessage": _("Mencoba lagi dalam :num...."),
            "offlineDialogRetryButtonLabel": _("Coba sekarang"),
            "offlineSuccessfulSubmit": _("Hasil berhasil dikirim."),
        }
    }


def frame_url(user, activity, attempt, request):
    token = make_token(user, activity, attempt, origin_of(request))
    return content_origin() + reverse("courses:h5p_frame", args=[activity.pk, token])


OFFLINE_SALT = "courses.h5p.offline"
PLAYER_STATIC = ("courses/h5p-frame.js", "vendor/h5p/main.bundle.js", "vendor/h5p/frame.bundle.js")
PLAYER_ASSETS = {".css", ".woff2", ".gif", ".svg"}  # under vendor/h5p/: the styles and what they load


def offline_helper_url(request):
    """The content origin's helper page, naming the site's origin it may take messages from (signed)."""
    query = urlencode({"o": signing.dumps(origin_of(request), salt=OFFLINE_SALT)})
    return f"{content_origin()}{reverse('courses:h5p_offline')}?{query}"


def read_helper_origin(value):
    """The site origin a helper URL names, when genuine; else None."""
    try:
        origin = signing.loads(value or "", salt=OFFLINE_SALT)
    except signing.BadSignature:
        return None
    return origin if isinstance(origin, str) and origin != content_origin() else None


def _absolute(url):
    return url if urlsplit(url).netloc else content_origin() + url


def player_files():
    """The h5p-standalone player and CorpU's frame script, as the content origin serves them."""
    dist = Path(finders.find("vendor/h5p/main.bundle.js")).parent
    assets = sorted(
        "vendor/h5p/" + path.relative_to(dist).as_posix()
        for path in dist.rglob("*")
        if path.suffix in PLAYER_ASSETS and path.is_file()
    )
    return [_absolute(static(name)) for name in (*PLAYER_STATIC, *assets)]


def package_paths(activity):
    """Every file the player may fetch for an activity: its own folder and the library versions it loads."""
    from corpu.storage import private_storage

    roots = [("", activity.folder)] + [(f"{lib.folder_name}/", lib.folder) for lib in activity.libraries.all()]
    paths = []
    for prefix, folder in roots:
        root = Path(private_storage.path(folder)) if folder else None
        if root and root.is_dir():
            paths += sorted(prefix + p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return paths


def offline_urls(user, activities, request):
    """The content-origin URLs to save so these activities play offline: each frame and its package files (with
    a fresh token; the content worker caches them without it) and the player files."""
    urls = []
    for activity in activities:
        frame = frame_url(user, activity, None, request)
        urls += [frame, *(frame + path for path in package_paths(activity))]
    return [*urls, *player_files()] if urls else []


def _static_origin():
    parts = urlsplit(static("courses/h5p-frame.js"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def frame_csp(request, site_origin):
    """The frame document: scripts only from this origin (no inline), sandboxed, framed only by the site."""
    here = " ".join(filter(None, ["'self'", origin_of(request), _static_origin()]))
    same_origin = offline_capable(site_origin) and origin_of(request) == content_origin()
    return "; ".join(
        [
            "sandbox allow-scripts allow-same-origin" if same_origin else "sandbox allow-scripts",
            "default-src 'none'",
            f"script-src {here}",
            f"style-src {here} 'unsafe-inline'",
            f"img-src {here} data: blob:",
            f"media-src {here} data: blob:",
            f"font-src {here} data:",
            f"connect-src {here}",
            "frame-src 'self' blob: data:",
            "form-action 'none'",
            "base-uri 'none'",
            f"frame-ancestors {site_origin}",
        ]
    )


def file_csp(site_origin):
    """Package files: never a script-running document, whatever their content."""
    return (
        "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
        f"frame-ancestors 'self' {site_origin}"
    )


def file_headers(suffix):
    """Content type of one package file, by extension, and whether it is sent as an attachment."""
    suffix = suffix.lower().lstrip(".")
    if suffix in INLINE_TYPES:
        return INLINE_TYPES[suffix], False
    if suffix == "svg":  # still an image in <img>; opened on its own it downloads, and never runs script
        return "image/svg+xml", True
    if suffix in MARKUP:
        return "text/plain; charset=utf-8", True
    return "application/octet-stream", True
