"""Ledger benchmark (issue 4): yearly JP report for N employees × M entries vs a naive per-employee loop.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/ledger_report.py \
       [--employees 100000] [--entries 20] [--sample 200]
Prints the report time, queries, and the ratio to the naive loop. The data lives in a rolled-back transaction.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corpu.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    call_command("bench_ledger", *sys.argv[1:])
