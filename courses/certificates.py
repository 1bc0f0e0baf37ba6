"""Certificate PDF: WeasyPrint renders an HTML template with a QR code pointing at the verification page."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string


def qr_data_uri(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def certificate_pdf(certificate, verify_url):
    from weasyprint import HTML

    html = render_to_string(
        "courses/certificate_pdf.html",
        {"certificate": certificate, "verify_url": verify_url, "qr": qr_data_uri(verify_url)},
    )
    return HTML(string=html).write_pdf()
