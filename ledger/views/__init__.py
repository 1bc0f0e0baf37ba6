"""Ledger pages, split by concern: `employee` (JP saya, submissions, entries, downloads), `verification` (the
verifiers' queue), `reporting` (dashboard, MyASN export); `scope` holds who may see what."""

from .employee import ajukan, bukti, entri, myasn_tandai, perkiraan, saya, unduh
from .reporting import dasbor, dasbor_ekspor, myasn_ekspor
from .verification import verifikasi

__all__ = [
    "ajukan",
    "bukti",
    "dasbor",
    "dasbor_ekspor",
    "entri",
    "myasn_ekspor",
    "myasn_tandai",
    "perkiraan",
    "saya",
    "unduh",
    "verifikasi",
]
