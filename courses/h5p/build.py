"""Package CorpU's own H5P content types (courses/h5p/content_types) with content into `.h5p` files."""

import json
import zipfile
from pathlib import Path

from .package import library_folder

CONTENT_TYPES_DIR = Path(__file__).resolve().parent / "content_types"
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"

SAMPLES = {
    "netralitas-asn.h5p": (
        "H5P.CorpUTrueFalse",
        "Netralitas ASN dalam Pemilu",
        {
            "question": "<p>ASN boleh menghadiri kampanye peserta pemilu dengan memakai atribut partai.</p>",
            "correct": "false",
            "feedbackCorrect": "Tepat! ASN wajib menjaga netralitas.",
            "feedbackWrong": "Kurang tepat: ASN dilarang ikut kampanye dengan atribut partai.",
        },
    ),
    "pengadaan-e-katalog.h5p": (
        "H5P.CorpUMultipleChoice",
        "Pengadaan melalui E-Katalog",
        {
            "question": "<p>Dokumen mana yang wajib ada sebelum membuat paket e-purchasing di e-katalog?</p>",
            "answers": [
                {"text": "Rencana Umum Pengadaan yang sudah diumumkan di SiRUP", "correct": True},
                {"text": "Harga Perkiraan Sendiri (HPS) yang sudah ditetapkan", "correct": True},
                {"text": "Surat rekomendasi dari penyedia", "correct": False},
                {"text": "Foto lokasi kantor penyedia", "correct": False},
            ],
        },
    ),
}


def _library(folder):
    return json.loads((CONTENT_TYPES_DIR / folder / "library.json").read_text(encoding="utf-8"))


def dependencies(machine_name, major=1, minor=0):
    """The library and everything it preloads, dependencies first, as h5p.json dependency entries."""
    entry = {"machineName": machine_name, "majorVersion": major, "minorVersion": minor}
    ordered = []
    for dependency in _library(library_folder(entry)).get("preloadedDependencies", []):
        for item in dependencies(dependency["machineName"], dependency["majorVersion"], dependency["minorVersion"]):
            if item not in ordered:
                ordered.append(item)
    return [*ordered, entry]


def build_package(output, main_library, title, params, language="id"):
    """Write an `.h5p` file holding h5p.json, content/content.json and every library the content needs."""
    needed = dependencies(main_library)
    metadata = {
        "title": title,
        "language": language,
        "mainLibrary": main_library,
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": needed,
    }
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("h5p.json", json.dumps(metadata, ensure_ascii=False, indent=2))
        archive.writestr("content/content.json", json.dumps(params, ensure_ascii=False, indent=2))
        for entry in needed:
            folder = library_folder(entry)
            for path in sorted((CONTENT_TYPES_DIR / folder).rglob("*")):
                if path.is_file():
                    archive.write(path, f"{folder}/{path.relative_to(CONTENT_TYPES_DIR / folder).as_posix()}")
    return output


def build_samples(directory=SAMPLES_DIR):
    """Build the shipped sample packages; returns their paths."""
    return [build_package(Path(directory) / name, *spec) for name, spec in SAMPLES.items()]
