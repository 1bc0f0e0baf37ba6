"""Builders shared by the H5P upload tests: packages with chosen libraries, lying headers, file listings."""

import json
import struct
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from courses.h5p import recheck
from courses.h5p.build import build_package

ADD_URL = "/admin/snippets/courses/h5pactivity/add/"


def library_json(machine, major=1, minor=0, patch=0, **extra):
    return {
        "title": machine,
        "machineName": machine,
        "majorVersion": major,
        "minorVersion": minor,
        "patchVersion": patch,
        "runnable": 1,
        "preloadedJs": [{"path": "main.js"}],
        **extra,
    }


def write_package(path, libraries, content, main=None, compression=zipfile.ZIP_DEFLATED):
    """A package bundling `libraries` ({library.json dict: {name: bytes}}); the first one is the main library."""
    infos = list(libraries)
    main = main or infos[0]["machineName"]
    metadata = {
        "title": "Paket uji",
        "mainLibrary": main,
        "preloadedDependencies": [
            {"machineName": i["machineName"], "majorVersion": i["majorVersion"], "minorVersion": i["minorVersion"]}
            for i in infos
        ],
    }
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("h5p.json", json.dumps(metadata))
        archive.writestr("content/content.json", json.dumps(content))
        for info, files in libraries.items():
            folder = f"{info['machineName']}-{info['majorVersion']}.{info['minorVersion']}"
            archive.writestr(f"{folder}/library.json", json.dumps(info))
            for name, data in files.items():
                archive.writestr(f"{folder}/{name}", data)
    return Path(path)


class Lib(dict):
    """A hashable library.json, so packages can be described as {Lib(...): {file: bytes}}."""

    def __hash__(self):
        return hash((self["machineName"], self["majorVersion"], self["minorVersion"], self["patchVersion"]))


def evil_package(tmp_path, machine="H5P.Evil", patch=0, js=b"fetch('/admin/')"):
    lib = Lib(library_json(machine, patch=patch))
    return write_package(tmp_path / f"{machine}-{patch}.h5p", {lib: {"main.js": js}}, {})


def sample_package(tmp_path, name="uji.h5p", params=None, main="H5P.CorpUTrueFalse"):
    params = params if params is not None else {"question": "<p>Benar?</p>", "correct": "true"}
    return build_package(tmp_path / name, main, "Uji", params)


def upload(path):
    return SimpleUploadedFile(Path(path).name, Path(path).read_bytes(), content_type="application/zip")


def form_data(path, title="Aktivitas uji"):
    return {"title": title, "package": upload(path), "access_level": "public"}


def lie_about_size(path, name, declared):
    """Rewrite the central directory so `name` claims `declared` uncompressed bytes (data unchanged)."""
    data = bytearray(Path(path).read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + length].decode() == name:
            struct.pack_into("<I", data, start + 24, declared)
        start += 4
    Path(path).write_bytes(bytes(data))
    return path


def files_under(root):
    """Every file and folder below `root`, as relative strings, leaving out the empty storage roots."""
    root = Path(root)
    roots = {"h5p", "h5p/packages", "h5p/content", "h5p/libraries", "h5p/tmp"}
    found = (str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else ()
    return sorted(name for name in found if name not in roots)


TEST_CONTENT_TYPES = Path(__file__).resolve().parent / "packages"


def _bundled(directory):
    info = Lib(json.loads((directory / "library.json").read_text(encoding="utf-8")))
    return info, {p.name: p.read_bytes() for p in directory.iterdir() if p.name != "library.json"}


def question_list_package(path, questions):
    """A set of CorpU questions in one activity (test content type H5P.CorpUQuestionList, like a Question Set):
    `questions` are (library, params) pairs, e.g. ("H5P.CorpUTrueFalse 1.0", {...})."""
    from courses.h5p.build import CONTENT_TYPES_DIR

    folders = [CONTENT_TYPES_DIR / name for name in ("H5P.CorpUQuestion-1.0", "H5P.CorpUTrueFalse-1.0")]
    folders += [CONTENT_TYPES_DIR / "H5P.CorpUMultipleChoice-1.0", TEST_CONTENT_TYPES / "H5P.CorpUQuestionList-1.0"]
    content = {
        "questions": [
            {"library": library, "params": params, "subContentId": f"00000000-0000-4000-8000-{index:012d}"}
            for index, (library, params) in enumerate(questions)
        ]
    }
    return write_package(path, dict(_bundled(f) for f in folders), content, main="H5P.CorpUQuestionList")


def _text(name, tags=None):
    return {"name": name, "type": "text", **({"tags": tags} if tags else {})}


def _group(name, *fields):
    return {"name": name, "type": "group", "fields": list(fields)}


def _list(name, field):
    return {"name": name, "type": "list", "field": field}


BEHAVIOUR = _group(
    "behaviour",
    {"name": "type", "type": "select", "options": [{"value": v} for v in ("auto", "multi", "single")]},
    {"name": "singlePoint", "type": "boolean"},
    {"name": "passPercentage", "type": "number"},
    {"name": "caseSensitive", "type": "boolean"},
    {"name": "acceptSpellingErrors", "type": "boolean"},
)
QUESTION_TYPES = {  # (version, the parts of the real semantics.json that scoring reads)
    "H5P.TrueFalse": (
        (1, 8),
        [
            _text("question", ["p"]),
            {"name": "correct", "type": "select", "options": [{"value": "true"}, {"value": "false"}]},
        ],
    ),
    "H5P.MultiChoice": (
        (1, 16),
        [
            _text("question", ["p"]),
            _list("answers", _group("answer", _text("text", ["p"]), {"name": "correct", "type": "boolean"})),
            BEHAVIOUR,
        ],
    ),
    "H5P.SingleChoiceSet": (
        (1, 11),
        [_list("choices", _group("choice", _text("question"), _list("answers", _text("answer"))))],
    ),
    "H5P.Blanks": ((1, 14), [_list("questions", _text("question", ["p", "strong"])), BEHAVIOUR]),
    "H5P.MarkTheWords": ((1, 11), [_text("textField", ["p", "br"])]),
    "H5P.DragText": ((1, 10), [_text("textField")]),
    "H5P.Essay": ((1, 5), [_text("taskDescription", ["p"])]),
}
QUESTION_SET_SEMANTICS = [
    _list(
        "questions",
        {
            "name": "question",
            "type": "library",
            "options": [f"{name} {v[0]}.{v[1]}" for name, (v, _fields) in QUESTION_TYPES.items()],
        },
    )
]


def question_package(path, main, params):
    """A package of CorpU's making whose main library is a standard H5P question type (or a Question Set of
    them), with the field names of that type's real semantics.json, so content.json keeps what scoring reads."""
    types = {**QUESTION_TYPES, "H5P.QuestionSet": ((1, 20), QUESTION_SET_SEMANTICS)}
    order = [main, *(name for name in QUESTION_TYPES if name != main)] if main == "H5P.QuestionSet" else [main]
    libraries = {}
    for name in order:
        (major, minor), semantics = types[name]
        files = {
            "main.js": f"var H5P = H5P || {{}}; H5P['{name[4:]}'] = function () {{}};".encode(),
            "semantics.json": json.dumps(semantics).encode(),
        }
        libraries[Lib(library_json(name, major, minor))] = files
    return write_package(path, libraries, params, main=main)


def corpu_answer(activity, right=True):
    """The `result.response` CorpU's own true/false or multiple-choice player sends for a right (or a wrong) answer
    to `activity`, read from its stored content.json; None for other types."""
    params = recheck.content_params(activity)
    name = recheck.machine_name(activity.main_library)
    if name == "H5P.CorpUTrueFalse":
        correct = str(params.get("correct", "true"))
        return correct if right else {"true": "false", "false": "true"}[correct]
    if name == "H5P.CorpUMultipleChoice":
        flags = [bool(answer.get("correct")) for answer in params.get("answers", [])]
        chosen = [i for i, flag in enumerate(flags) if flag] if right else [flags.index(False)]
        return recheck.SEPARATOR.join(str(i) for i in chosen)
    return None
