"""Markdown → HTML → nh3 with a strict allowlist: nothing a member writes can ever run in a reader's browser.

Markdown may contain raw HTML; whatever it produces, the nh3 pass is the guarantee: no script/style/iframe/
svg/img, no event-handler or style attributes, no relative or data:/javascript: URLs, links only to
http/https/mailto with rel="nofollow noopener". @username mentions of known users become a marked-up span.
"""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "hr",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_.-]{2,150})(?![\w@])")


def clean_html(html):
    """The nh3 pass: allowlisted tags and attributes, safe link schemes, rel on every link."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
        allowed_classes={"span": {"mention"}},
        url_relative="deny",
        clean_content_tags={"script", "style", "svg", "math", "iframe", "object", "embed", "template", "noscript"},
    )


def mentioned_usernames(source):
    """The @usernames in a post's source (without the @), in order, without duplicates."""
    seen = []
    for name in MENTION_RE.findall(source or ""):
        name = name.rstrip(".-")
        if name and name not in seen:
            seen.append(name)
    return seen


def render(source, known_usernames=()):
    """Render a post's Markdown source to sanitised HTML; @mentions of known users are marked up."""
    text = source or ""
    known = {name.lower() for name in known_usernames}

    def mention(match):
        name = match.group(1).rstrip(".-")
        tail = match.group(1)[len(name) :]
        if name.lower() in known:
            return f'<span class="mention">@{name}</span>{tail}'
        return match.group(0)

    if known:
        text = MENTION_RE.sub(mention, text)
    html = markdown.markdown(text, extensions=["nl2br", "sane_lists"], output_format="html")
    return clean_html(html)
