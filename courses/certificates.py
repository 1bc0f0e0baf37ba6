"""Certificate PDF: WeasyPrint renders an HTML template with a QR code pointing at the verification page.

The institution logo and the signature are private images: they are read from storage and embedded as data URIs,
never linked by URL (docs/adr/0017)."""

import base64
import io
import mimetypes

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string


def qr_data_uri(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def image_data_uri(image):
    """The image's original file as a data URI ("" without an image or when its file is missing)."""
    if image is None:
        return ""
    content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    try:
        with image.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return ""
    return f"data:{content_type};base64," + base64.b64encode(data).decode()


def certificate_pdf(certificate, verify_url):
    from weasyprint import HTML

    html = render_to_string(
        "courses/certificate_pdf.html",
        {
            "certificate": certificate,
            "verify_url": verify_url,
            "qr": qr_data_uri(verify_url),
            "logo": image_data_uri(certificate.institution_logo),
            "signature": image_data_uri(certificate.signature),
        },
    )
    return HTML(string=html).write_pdf()
