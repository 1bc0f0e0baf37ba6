"""XSS suite: whatever a member writes, the stored and rendered HTML is inert."""

import re
from html.parser import HTMLParser

import pytest

from communities import services
from communities.sanitize import ALLOWED_TAGS, render
from tests.factories import UserFactory

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<p onclick="alert(1)" onmouseover=alert(2)>klik</p>',
    '<a href="javascript:alert(1)">tautan</a>',
    '<a href="JaVaScRiPt:alert(1)">tautan</a>',
    '<a href="jav&#x09;ascript:alert(1)">tautan</a>',
    '<a href="&#106;avascript:alert(1)">tautan</a>',
    "[tautan](javascript:alert(1))",
    "[tautan](  javascript:alert(document.cookie) )",
    "![gambar](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<div style="background:url(javascript:alert(1))">gaya</div>',
    '<form action="https://evil.example"><input name=x><button formaction=javascript:alert(1)>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<<img src=x onerror=alert(1)//<",
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">ok</a>',
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
    "<!--<script>alert(1)</script>-->",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<div><p>tidak ditutup <b>tebal",
]

SAFE_TAGS = ALLOWED_TAGS
SAFE_ATTRIBUTES = {"href", "title", "rel", "class"}


class Inspector(HTMLParser):
    """Collects every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name not in SAFE_ATTRIBUTES:
                self.problems.append(f"attribute {name}")
            if name == "href" and not re.match(r"^(https?:|mailto:)", (value or "").strip(), re.IGNORECASE):
                self.problems.append(f"href {value}")
            if name == "class" and value != "mention":
                self.problems.append(f"class {value}")
            if tag == "a" and name == "rel" and value != "nofollow noopener":
                self.problems.append(f"rel {value}")

    handle_startendtag = handle_starttag


def problems(html):
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendered_payload_is_inert(payload):
    html = render(payload)
    assert problems(html) == [], html


def test_links_keep_only_safe_schemes_with_rel():
    html = render("[situs](https://pu.go.id) [surel](mailto:a@b.go.id) [rel](/admin/) [ftp](ftp://x)")
    assert '<a href="https://pu.go.id" rel="nofollow noopener">situs</a>' in html
    assert 'href="mailto:a@b.go.id"' in html
    assert "/admin/" not in html and "ftp://" not in html


def test_markdown_and_line_breaks_render():
    html = render("**Tebal** dan _miring_\nbaris dua\n\n> kutipan\n\n- satu\n- dua\n\n`kode <b>`")
    assert "<strong>Tebal</strong>" in html and "<em>miring</em>" in html
    assert "<br>" in html and "<blockquote>" in html and "<li>satu</li>" in html
    assert "<code>kode &lt;b&gt;</code>" in html


def test_mention_spans_only_for_known_users_and_class_cannot_be_spoofed():
    html = render('hai @budi dan @orang_lain <span class="x" onclick="y">z</span>', known_usernames=["budi"])
    assert '<span class="mention">@budi</span>' in html
    assert "@orang_lain" in html and 'class="mention">@orang_lain' not in html
    assert 'class="x"' not in html and "onclick" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[:12] + PAYLOADS[13:16])
def test_posted_payload_is_inert_on_the_thread_page(client, make_community, payload):
    author = UserFactory(username="penulis")
    community = make_community("Komunitas XSS", moderators=[author])
    thread = services.create_thread(author, community, "Uji <script>alert(1)</script>", payload)
    services.add_reply(author, thread, payload)
    client.force_login(author)
    body = client.get(f"/komunitas/utas/{thread.pk}/").content.decode()
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    for section in re.findall(r'<div class="post-body">(.*?)</div>', main, re.DOTALL):
        assert problems(section) == [], section
    lowered = main.lower()
    assert "<script" not in lowered and "<svg" not in lowered and "javascript:" not in lowered
    assert not re.search(r"<[^>]*\son(error|load|click|mouseover|toggle)\s*=", main, re.IGNORECASE)
    assert "Uji &lt;script&gt;alert(1)&lt;/script&gt;" in main


@pytest.mark.django_db
def test_edit_is_sanitised_too(make_community):
    author = UserFactory(username="penulis")
    community = make_community("Komunitas XSS", moderators=[author])
    thread = services.create_thread(author, community, "Judul", "awal")
    post = thread.opening
    services.edit_post(author, post, "<img src=x onerror=alert(1)>[x](javascript:alert(1))")
    post.refresh_from_db()
    assert problems(post.body_html) == []
