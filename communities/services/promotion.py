"""A solved thread becomes a draft knowledge asset (tacit knowledge made explicit)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from corpu.mail import site_url

from .rules import is_moderator, require


def promotion_content(thread, request_base=""):
    """Title, abstract and body HTML for a draft asset from a solved thread (question, answer, key replies)."""
    from django.utils.html import escape

    posts = list(thread.replies.filter(hidden=False).select_related("author"))
    opening = next((p for p in posts if p.is_opening), None)
    accepted = thread.accepted_reply if thread.accepted_reply and not thread.accepted_reply.hidden else None
    others = [p for p in posts if not p.is_opening and (accepted is None or p.pk != accepted.pk)]
    key = sorted(others, key=lambda p: -p.reactions.count())[:3]
    key.sort(key=lambda p: p.created_at)

    def who(post):
        return escape(post.author.nama or post.author.username)

    base = (request_base or site_url()).rstrip("/")
    link = f"{base}/komunitas/utas/{thread.pk}/"
    parts = [f"<h3>{escape(_('Pertanyaan'))}</h3>"]
    if opening:
        parts.append(f"<p><em>{who(opening)}</em></p>{opening.body_html}")
    if accepted:
        heading = escape(_("Jawaban yang diterima"))
        parts.append(f"<h3>{heading}</h3><p><em>{who(accepted)}</em></p>{accepted.body_html}")
    if key:
        parts.append(f"<h3>{escape(_('Balasan penting'))}</h3>")
        for post in key:
            parts.append(f"<blockquote><p><em>{who(post)}</em></p>{post.body_html}</blockquote>")
    parts.append(
        f"<p>{escape(_('Sumber: diskusi komunitas'))} {escape(thread.community.title)} — "
        f'<a href="{escape(link)}">{escape(thread.title)}</a></p>'
    )
    abstract_source = (opening.body_source if opening else thread.title).strip()
    abstract = _("Pengetahuan tersirat dari diskusi komunitas %(community)s: %(text)s") % {
        "community": thread.community.title,
        "text": abstract_source[:400],
    }
    authors = {p.author for p in ([opening, accepted] if opening else [accepted]) + key if p is not None}
    return {
        "title": thread.title,
        "abstract": abstract,
        "body_html": "".join(parts),  # post bodies are sanitised already; the rest is escaped here
        "authors": list(authors),
        "source_url": link,
    }


def promote_thread(user, thread):
    """A moderator turns a solved thread into a DRAFT knowledge asset (never live: expert review follows)."""
    from knowledge_assets.services import create_draft_asset

    community = thread.community
    require(is_moderator(user, community), _("Hanya moderator yang dapat menjadikan utas aset pengetahuan."))
    if not thread.solved or thread.accepted_reply_id is None:
        raise ValidationError(_("Hanya utas yang sudah terjawab yang dapat dijadikan aset pengetahuan."))
    if thread.promoted_asset_id:
        return thread.promoted_asset.specific
    content = promotion_content(thread)
    asset = create_draft_asset(
        title=content["title"],
        abstract=content["abstract"],
        body_html=content["body_html"],
        kelompok=community.owner_kelompok,
        authors=content["authors"],
        source_url=content["source_url"],
        access_level=community.access_level,
        owner_unit=community.owner_unit,
        owner=user,
    )
    thread.promoted_asset = asset
    thread.save(update_fields=["promoted_asset"])
    workflow = asset.get_workflow()
    if workflow is not None:  # straight into the expert review (revidu pakar) when one is configured
        workflow.start(asset, user)
    return asset
