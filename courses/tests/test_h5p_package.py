"""Hostile and valid `.h5p` uploads: what is refused, with which message, and what is extracted."""

import json
import stat
import zipfile

import pytest

from courses.h5p.package import H5PValidationError, Limits, extract_package, validate_package

H5P_JSON = {
    "title": "Kuis Etika ASN",
    "language": "id",
    "mainLibrary": "H5P.CorpUTrueFalse",
    "embedTypes": ["div"],
    "preloadedDependencies": [{"machineName": "H5P.CorpUTrueFalse", "majorVersion": 1, "minorVersion": 0}],
}
LIBRARY_JSON = {
    "title": "CorpU True/False",
    "machineName": "H5P.CorpUTrueFalse",
    "majorVersion": 1,
    "minorVersion": 0,
    "patchVersion": 0,
    "runnable": 1,
    "preloadedJs": [{"path": "truefalse.js"}],
}


def build(tmp_path, extra=None, drop=(), name="paket.h5p", compression=zipfile.ZIP_DEFLATED):
    """Write a package; `extra` maps entry names to bytes (or ZipInfo, bytes) pairs, `drop` removes entries."""
    files = {
        "h5p.json": json.dumps(H5P_JSON).encode(),
        "content/content.json": json.dumps({"question": "ASN wajib netral?", "correct": True}).encode(),
        "H5P.CorpUTrueFalse-1.0/library.json": json.dumps(LIBRARY_JSON).encode(),
        "H5P.CorpUTrueFalse-1.0/truefalse.js": b"H5P.CorpUTrueFalse = function () {};",
        "content/images/gedung.png": b"\x89PNG fake",
    }
    files.update(extra or {})
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compression) as archive:
        for entry, data in files.items():
            if entry in drop:
                continue
            if isinstance(data, tuple):
                archive.writestr(*data)
            else:
                archive.writestr(entry, data)
    return path


def refused(path, **kwargs):
    with pytest.raises(H5PValidationError) as info:
        validate_package(path, **kwargs)
    return " | ".join(info.value.errors)


def test_valid_package_is_read_and_extracted(tmp_path):
    path = build(tmp_path)
    package = validate_package(path)
    assert package.title == "Kuis Etika ASN"
    assert package.main_library_folder == "H5P.CorpUTrueFalse-1.0"
    assert package.content["correct"] is True
    target = extract_package(path, package.members, tmp_path / "out")
    assert (target / "content/images/gedung.png").read_bytes() == b"\x89PNG fake"
    assert (target / "H5P.CorpUTrueFalse-1.0/truefalse.js").exists()


def test_macos_junk_is_skipped_not_refused(tmp_path):
    path = build(tmp_path, {"__MACOSX/._h5p.json": b"x", "content/.DS_Store": b"x"})
    assert all("MACOSX" not in m.filename for m in validate_package(path).members)


@pytest.mark.parametrize("evil", ["../evil.json", "content/../../evil.json", "/etc/passwd.json", "C:/win.json"])
def test_zip_slip_paths_are_refused(tmp_path, evil):
    assert "berbahaya" in refused(build(tmp_path, {evil: b"{}"}))


def test_symlinks_are_refused(tmp_path):
    link = zipfile.ZipInfo("content/link.json")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert "simbolik" in refused(build(tmp_path, {"content/link.json": (link, "/etc/passwd")}))


@pytest.mark.parametrize(
    "name",
    [
        "content/shell.php",
        "content/setup.exe",
        "content/x.js",
        "content/page.html",
        "content/movie.swf",
        "readme.exe",
    ],
)
def test_forbidden_file_types_are_refused(tmp_path, name):
    message = refused(build(tmp_path, {name: b"MZ"}))
    assert "Jenis berkas tidak diizinkan" in message and name in message


def test_library_files_outside_the_whitelist_are_left_out_not_refused(tmp_path):
    stray = ["H5P.CorpUTrueFalse-1.0/setup.exe", "H5P.CorpUTrueFalse-1.0/flash/movie.swf"]
    package = validate_package(build(tmp_path, dict.fromkeys(stray, b"MZ")))
    assert package.skipped_in("H5P.CorpUTrueFalse-1.0") == stray
    assert not {m.filename for m in package.members} & set(stray)


def test_a_folder_of_only_stray_files_still_needs_its_library_json(tmp_path):
    assert "Stray-1.0/library.json" in refused(build(tmp_path, {"Stray-1.0/x.swf": b"FWS"}))


def test_missing_preloaded_files_are_listed(tmp_path):
    info = {**LIBRARY_JSON, "preloadedJs": [{"path": "./truefalse.js"}, {"path": "../x.js"}, "bad"]}
    info["preloadedCss"] = [{"path": "truefalse.css"}]
    package = validate_package(build(tmp_path, {"H5P.CorpUTrueFalse-1.0/library.json": json.dumps(info).encode()}))
    assert package.missing_preloaded("H5P.CorpUTrueFalse-1.0") == ["../x.js", "bad", "truefalse.css"]


def test_missing_h5p_json_is_refused(tmp_path):
    assert "h5p.json tidak ada" in refused(build(tmp_path, drop={"h5p.json"}))


def test_missing_bundled_library_is_refused(tmp_path):
    drop = {"H5P.CorpUTrueFalse-1.0/library.json", "H5P.CorpUTrueFalse-1.0/truefalse.js"}
    assert "H5P.CorpUTrueFalse-1.0 dibutuhkan" in refused(build(tmp_path, drop=drop))


def test_zip_bomb_is_refused(tmp_path):
    bomb = build(tmp_path, {"content/video.mp4": b"\0" * (60 * 1024 * 1024)})
    assert bomb.stat().st_size < 1024 * 1024
    assert "zip bomb" in refused(bomb)


def test_oversize_package_and_unpacked_size_are_refused(tmp_path):
    path = build(tmp_path, {"content/audio.mp3": bytes(range(256)) * 4096}, compression=zipfile.ZIP_STORED)
    assert "terlalu besar" in refused(path, limits=Limits(max_package_bytes=512 * 1024))
    assert "setelah diekstrak" in refused(path, limits=Limits(max_unpacked_bytes=512 * 1024))


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "palsu.h5p"
    path.write_bytes(b"<?php system($_GET['c']); ?>")
    assert "bukan paket .h5p" in refused(path)


def test_extraction_counts_real_bytes_not_declared_sizes(tmp_path):
    """A package whose headers under-declare sizes still cannot write more than the limit."""
    path = build(tmp_path, {"content/data.json": b"[" + b"0," * 400_000 + b"0]"})
    package = validate_package(path)
    with pytest.raises(H5PValidationError, match="melebihi batas"):
        extract_package(path, package.members, tmp_path / "out", limits=Limits(max_unpacked_bytes=100_000))
    assert not (tmp_path / "out").exists()
