import pytest
from tests.factories import UserFactory, unit
from courses.tests.test_course_browser import sign_in
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_dbg(live_server, page, mooc):
    logs = []
    page.on("console", lambda m: logs.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: logs.append(f"pageerror: {e} {e.stack}"))
    page.on("response", lambda r: r.status >= 400 and logs.append(f"error: {r.status} {r.url}"))
    UserFactory(username="siti", nama="Siti Rahmah", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    base = live_server.url
    sign_in(page, base, "siti")
    page.goto(base + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    page.goto(base + mooc["quiz"].url)
    try:
        page.wait_for_selector(".h5p-activity[data-ready='1']", timeout=15000)
        frame = page.frame_locator(".h5p-activity iframe.h5p-frame")
        frame.get_by_label("Salah").check()
        frame.get_by_role("button", name="Periksa jawaban").click()
        page.wait_for_timeout(3000)
        print("STATUS", page.locator("#lesson-progress").inner_text())
    finally:
        print("\n".join(logs))
        for f in page.frames:
            print("FRAME", f.url[:100])
    from courses.models import H5PResult, XAPIStatement
    print(list(H5PResult.objects.values()), XAPIStatement.objects.count())
