"""Build CorpU's own sample SCORM packages (courses/scorm/samples/<name>/src + the shared sco.js, style.css)
into zips: `python -m courses.scorm.build`."""

import zipfile
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
SHARED = ("sco.js", "style.css")
SAMPLES = {"kode-etik-asn-12.zip": "kode-etik-asn-12", "gratifikasi-2004.zip": "gratifikasi-2004"}


def build_package(output, source, extra=None):
    """Zip a SCO folder (and the shared files) with `imsmanifest.xml` at the root; `extra` adds {name: bytes}."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(source).rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(source).as_posix())
        for name in SHARED:
            archive.write(SAMPLES_DIR / name, name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return output


def build_samples(directory=SAMPLES_DIR):
    return [build_package(Path(directory) / name, SAMPLES_DIR / folder / "src") for name, folder in SAMPLES.items()]


if __name__ == "__main__":
    for path in build_samples():
        print(path)
