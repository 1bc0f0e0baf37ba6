from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode autentikasi"),
        max_length=32,
        help_text=_("Enam angka dari aplikasi autentikator, atau satu kode pemulihan."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class EnrolForm(CodeForm):
    code = forms.CharField(
        label=_("Kode dari aplikasi"),
        max_length=8,
        help_text=_("Enam angka yang tampil di aplikasi autentikator setelah memindai kode QR."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
