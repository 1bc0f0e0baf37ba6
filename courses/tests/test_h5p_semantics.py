"""Content parameters are filtered by the library's semantics.json, as H5P core's content validator does."""

import json
import zipfile

import pytest
from django.core.files import File

from corpu.access import AccessLevel
from courses.h5p.semantics import filter_params
from courses.models import H5PActivity

from .h5p_helpers import sample_package

QUESTION = {"name": "question", "type": "text", "widget": "html", "tags": ["p", "strong", "em", "a"]}


def test_script_event_handlers_and_javascript_urls_are_removed_allowed_tags_kept():
    html = (
        "<p>Pilih <strong>satu</strong> <em>jawaban</em><script>alert(document.cookie)</script>"
        '<img src=x onerror=alert(1)><a href="javascript:alert(1)">klik</a>'
        '<a href="https://jdih.balangankab.go.id/" onclick="steal()">Perbup</a></p>'
    )
    cleaned = filter_params({"question": html}, [QUESTION])["question"]
    assert "<p>Pilih <strong>satu</strong> <em>jawaban</em>" in cleaned
    for evil in ("<script", "alert", "onerror", "onclick", "javascript:", "<img"):
        assert evil not in cleaned
    assert 'href="https://jdih.balangankab.go.id/"' in cleaned and ">klik</a>" in cleaned


def test_styles_only_where_the_field_allows_them():
    semantics = [{**QUESTION, "font": {"color": True}}]
    html = '<p style="text-align: center"><span style="color: #ff0000">merah</span>'
    html += '<span style="position: fixed; top: 0">tutup</span><span style="font-size: 90px">besar</span></p>'
    cleaned = filter_params({"question": html}, semantics)["question"]
    assert 'style="text-align: center"' in cleaned and 'style="color: #ff0000"' in cleaned
    assert "position" not in cleaned and "font-size" not in cleaned


def test_data_urls_are_removed():
    semantics = [{**QUESTION, "tags": ["p", "img", "a"]}]
    html = '<p><img src="data:image/svg+xml;base64,PHN2Zz4="><a href="data:text/html,<script>">x</a></p>'
    assert "data:" not in filter_params({"question": html}, semantics)["question"]


def test_plain_text_is_escaped_and_unknown_params_dropped():
    semantics = [{"name": "feedback", "type": "text"}, {"name": "score", "type": "number", "min": 0, "max": 10}]
    params = {"feedback": "<b onmouseover=x>Tepat</b>", "score": 99, "extra": "<script>", "onload": "x"}
    assert filter_params(params, semantics) == {"feedback": "&lt;b onmouseover=x&gt;Tepat&lt;/b&gt;", "score": 10}


def test_text_escaped_by_h5p_s_editor_is_not_escaped_twice():
    semantics = [{"name": "feedback", "type": "text"}]
    params = {"feedback": "Tepat &amp; netral &#039;ASN&#039; & <b>"}
    assert filter_params(params, semantics) == {"feedback": "Tepat &amp; netral &#039;ASN&#039; &amp; &lt;b&gt;"}


def test_types_are_enforced():
    semantics = [
        {"name": "flag", "type": "boolean"},
        {"name": "answer", "type": "select", "options": [{"value": "true"}, {"value": "false"}]},
        {"name": "n", "type": "number"},
        {"name": "pic", "type": "image"},
        {"name": "clip", "type": "video"},
    ]
    params = {
        "flag": "yes",
        "answer": "<script>",
        "n": "5",
        "pic": {"path": "javascript:alert(1)", "mime": "image/png"},
        "clip": [{"path": "videos/a.mp4", "mime": "video/mp4"}, {"path": "data:video/mp4;base64,AA"}],
    }
    assert filter_params(params, semantics) == {"clip": [{"path": "videos/a.mp4", "mime": "video/mp4"}]}


def test_nested_lists_and_groups():
    semantics = [
        {
            "name": "answers",
            "type": "list",
            "max": 2,
            "field": {
                "name": "answer",
                "type": "group",
                "fields": [
                    {"name": "text", "type": "text", "tags": ["em"]},
                    {"name": "correct", "type": "boolean"},
                ],
            },
        }
    ]
    params = {
        "answers": [
            {"text": "<em>Ya</em><script>x()</script>", "correct": True, "tip": "<img onerror=x>"},
            {"text": '<div onclick="x">Tidak</div>', "correct": "false"},
            {"text": "ketiga", "correct": False},
        ]
    }
    assert filter_params(params, semantics) == {
        "answers": [{"text": "<em>Ya</em>", "correct": True}, {"text": "<div>Tidak</div>"}]
    }


def test_library_subcontent_is_filtered_by_its_own_semantics_and_the_options():
    column = [
        {
            "name": "content",
            "type": "list",
            "field": {
                "name": "content",
                "type": "group",
                "fields": [
                    {"name": "content", "type": "library", "options": ["H5P.AdvancedText 1.1", "H5P.Image 1.1"]}
                ],
            },
        }
    ]
    text = [{"name": "text", "type": "text", "widget": "html", "tags": ["p", "strong"]}]
    known = {"H5P.AdvancedText 1.1": text, "H5P.Evil 1.0": [{"name": "code", "type": "text"}]}
    params = {
        "content": [
            {
                "content": {
                    "library": "H5P.AdvancedText 1.1",
                    "params": {"text": "<p><strong>Etika</strong><script>x()</script></p>", "x": 1},
                    "subContentId": "0f9c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f",
                    "metadata": {"title": "<b>Teks</b>", "onload": "x"},
                }
            },
            {"content": {"library": "H5P.Evil 1.0", "params": {"code": "x"}}},
        ]
    }
    assert filter_params(params, column, known.get) == {
        "content": [
            {
                "content": {
                    "library": "H5P.AdvancedText 1.1",
                    "params": {"text": "<p><strong>Etika</strong></p>"},
                    "subContentId": "0f9c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f",
                    "metadata": {"title": "&lt;b&gt;Teks&lt;/b&gt;"},
                }
            },
            {},
        ]
    }


@pytest.mark.parametrize("main", ["H5P.CorpUTrueFalse", "H5P.CorpUMultipleChoice"])
def test_the_stored_content_json_is_the_filtered_one(db, private, tmp_path, main):
    params = {
        "question": '<p>ASN <strong>netral</strong>?<script>fetch("/admin/")</script><img src=x onerror=alert(1)></p>',
        "correct": "true",
        "answers": [{"text": "Ya", "correct": True}, {"text": "Tidak", "correct": False}],
        "evil": "<script>",
    }
    path = sample_package(tmp_path, params=params, main=main)
    with open(path, "rb") as handle:
        activity = H5PActivity(title="x", access_level=AccessLevel.PUBLIC, package=File(handle, name="x.h5p"))
        activity.system_upload = True
        activity.full_clean()
        activity.save()
    stored = json.loads(activity.file_path("content/content.json").read_text())
    assert stored["question"] == "<p>ASN <strong>netral</strong>?</p>"
    assert "evil" not in stored


def test_the_stored_h5p_json_keeps_known_keys_with_text_escaped(db, private, tmp_path):
    path = sample_package(tmp_path)
    hostile = tmp_path / "judul.h5p"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "h5p.json":
                metadata = json.loads(data)
                metadata.update(title='<img src=x onerror="alert(1)">', embedTypes=["div", "script"], x="y")
                data = json.dumps(metadata).encode()
            target.writestr(info, data)
    with open(hostile, "rb") as handle:
        activity = H5PActivity(title="x", access_level=AccessLevel.PUBLIC, package=File(handle, name="x.h5p"))
        activity.system_upload = True
        activity.save()
    stored = json.loads(activity.file_path("h5p.json").read_text())
    assert stored["title"] == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert stored["embedTypes"] == ["div"] and "x" not in stored
    assert stored["mainLibrary"] == "H5P.CorpUTrueFalse" and len(stored["preloadedDependencies"]) == 2
