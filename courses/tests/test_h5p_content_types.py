"""CorpU's own H5P content types: shipped samples are valid, current, and play in h5p-standalone with xAPI."""

import functools
import http.server
import json
import threading
import zipfile
from pathlib import Path

import pytest

from courses.h5p import recheck
from courses.h5p.build import CONTENT_TYPES_DIR, SAMPLES, SAMPLES_DIR, build_package
from courses.h5p.package import extract_package, validate_package

H5P_DIST = Path(__file__).resolve().parents[2] / "node_modules" / "h5p-standalone" / "dist"

PLAYER_HTML = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<script src="/player/main.bundle.js"></script></head><body><div id="h5p"></div><script>
window.statements = [];
new H5PStandalone.H5P(document.getElementById('h5p'), {
  h5pJsonPath: '/content', frameJs: '/player/frame.bundle.js', frameCss: '/player/styles/h5p.css'
}).then(function () {
  H5P.externalDispatcher.on('xAPI', function (event) { window.statements.push(event.data.statement); });
  window.playerReady = true;
});
</script></body></html>"""


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_shipped_samples_are_valid_and_match_the_sources(name):
    path = SAMPLES_DIR / name
    package = validate_package(path)
    assert package.main_library == SAMPLES[name][0]
    with zipfile.ZipFile(path) as archive:
        for folder in package.libraries:
            for source in (CONTENT_TYPES_DIR / folder).rglob("*"):
                if source.is_file():
                    packed = archive.read(f"{folder}/{source.relative_to(CONTENT_TYPES_DIR / folder).as_posix()}")
                    assert packed == source.read_bytes(), f"{name} is stale: run manage.py build_h5p_samples"


@pytest.fixture
def player_site(tmp_path):
    """Serve h5p-standalone and one extracted package from a loopback HTTP server."""

    def serve(main_library, params):
        root = tmp_path / "site"
        package_path = build_package(tmp_path / "paket.h5p", main_library, "Uji", params)
        extract_package(package_path, validate_package(package_path).members, root / "content")
        (root / "player").symlink_to(H5P_DIST)
        (root / "index.html").write_text(PLAYER_HTML, encoding="utf-8")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/index.html"

    servers = []
    yield serve
    for server in servers:
        server.shutdown()


def answered(page):
    page.wait_for_function("window.statements.some(s => s.verb.id.endsWith('/answered'))")
    statements = page.evaluate("window.statements")
    return next(s for s in statements if s["verb"]["id"].endswith("/answered"))


@pytest.mark.browser
def test_true_false_plays_and_emits_scored_xapi(player_site, page):
    page.goto(player_site("H5P.CorpUTrueFalse", SAMPLES["netralitas-asn.h5p"][2]))
    page.wait_for_function("window.playerReady === true")
    frame = page.frame_locator("iframe")
    frame.get_by_label("Salah").check()
    frame.get_by_role("button", name="Periksa jawaban").click()
    assert "Tepat!" in frame.locator(".corpu-question__feedback").inner_text()
    statement = answered(page)
    assert statement["result"]["score"] == {"min": 0, "max": 1, "raw": 1, "scaled": 1}
    assert statement["result"]["success"] is True and statement["result"]["completion"] is True
    assert statement["result"]["response"] == "false"
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "true-false" and definition["correctResponsesPattern"] == ["false"]
    params = SAMPLES["netralitas-asn.h5p"][2]
    assert recheck.check("H5P.CorpUTrueFalse", params, statement["result"]["response"]) == (1, 1)


@pytest.mark.browser
def test_multiple_choice_scores_partial_answers(player_site, page):
    page.goto(player_site("H5P.CorpUMultipleChoice", SAMPLES["pengadaan-e-katalog.h5p"][2]))
    page.wait_for_function("window.playerReady === true")
    frame = page.frame_locator("iframe")
    frame.get_by_label("Rencana Umum Pengadaan yang sudah diumumkan di SiRUP").check()
    frame.get_by_role("button", name="Periksa jawaban").click()
    statement = answered(page)
    assert statement["result"]["score"]["raw"] == 1 and statement["result"]["score"]["max"] == 2
    assert statement["result"]["success"] is False
    assert json.loads(json.dumps(statement["object"]))["id"]
    assert statement["result"]["response"] == "0"
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "choice" and definition["correctResponsesPattern"] == ["0[,]1"]
    assert [choice["id"] for choice in definition["choices"]] == ["0", "1", "2", "3"]
    params = SAMPLES["pengadaan-e-katalog.h5p"][2]
    assert recheck.check("H5P.CorpUMultipleChoice", params, statement["result"]["response"]) == (1, 2)


@pytest.mark.browser
def test_multiple_choice_full_answer_is_one_the_server_agrees_with(player_site, page):
    params = SAMPLES["pengadaan-e-katalog.h5p"][2]
    page.goto(player_site("H5P.CorpUMultipleChoice", params))
    page.wait_for_function("window.playerReady === true")
    frame = page.frame_locator("iframe")
    frame.get_by_label("Harga Perkiraan Sendiri (HPS) yang sudah ditetapkan").check()
    frame.get_by_label("Rencana Umum Pengadaan yang sudah diumumkan di SiRUP").check()
    frame.get_by_role("button", name="Periksa jawaban").click()
    statement = answered(page)
    assert statement["result"]["response"] == "0[,]1"
    assert statement["result"]["score"]["raw"] == 2 and statement["result"]["success"] is True
    assert recheck.check("H5P.CorpUMultipleChoice", params, statement["result"]["response"]) == (2, 2)
