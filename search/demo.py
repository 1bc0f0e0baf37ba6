"""After the other apps' demo data: make sure every demo item is in the search index."""

from .index import reindex


def seed(out):
    out.write(f"Indeks pencarian: {reindex()} dokumen")
