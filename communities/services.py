"""What members and moderators do in a community; views, demo data and tests all go through here.

Rules kept in one place:
- reading a community's content = `corpu.access` on the community page (`can_view_object`);
- posting, replying, reacting, reporting = an active membership (moderators and administrators included);
- moderating = administrators, the page's moderators, or members with the moderator role;
- notifications are created only for users who can view the community, and re-checked when listed or mailed.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu import user_cache
from corpu.access import can_view_object, viewer_for
from corpu.mail import in_language_of, site_url

from . import sanitize
from .models import (
    Attachment,
    Attendance,
    CommunityPage,
    CopSession,
    JoinMode,
    Membership,
    Notification,
    PostRevision,
    Reaction,
    Reply,
    Report,
    Subscription,
    Thread,
)

LEDGER_FORM = "komunitas_belajar"
LEDGER_SOURCE = "cop_session"


# ---------------------------------------------------------------- who may do what


def can_read(user, community):
    return can_view_object(user, community)


def membership_of(user, community):
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, community=community).first()


def is_moderator(user, community):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if viewer_for(user).is_admin:
        return True
    through = CommunityPage.moderators.through
    if through.objects.filter(communitypage_id=community.pk, user_id=user.pk).exists():
        return True
    return Membership.objects.filter(
        user=user, community=community, status=Membership.Status.ACTIVE, role=Membership.Role.MODERATOR
    ).exists()


def is_member(user, community):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user, community=community, status=Membership.Status.ACTIVE
    ).exists() or is_moderator(user, community)


def can_post(user, community):
    return can_read(user, community) and is_member(user, community)


def standing(user, thread):
    """(is_moderator, can_post, follows the thread) of this user in the thread's community, in one query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False, False, False
    community_id = thread.community_id
    named = CommunityPage.moderators.through.objects.filter(communitypage_id=community_id, user_id=user.pk)
    active = Membership.objects.filter(user_id=user.pk, community_id=community_id, status=Membership.Status.ACTIVE)
    named, role, follows = (
        Thread.objects.filter(pk=thread.pk)
        .annotate(
            named=Exists(named),
            role=Subquery(active.values("role")[:1]),
            follows=Exists(Subscription.objects.filter(thread_id=thread.pk, user_id=user.pk)),
        )
        .values_list("named", "role", "follows")
        .get()
    )
    moderator = viewer_for(user).is_admin or named or role == Membership.Role.MODERATOR
    return moderator, can_read(user, thread.community) and (moderator or role is not None), follows


def require(condition, message=None):
    if not condition:
        raise PermissionDenied(message or _("Anda tidak memiliki izin untuk tindakan ini."))


def visible_threads(user, community):
    """Threads of a community this user may list (hidden ones only for moderators)."""
    if not can_read(user, community):
        return Thread.objects.none()
    threads = Thread.objects.filter(community=community)
    if not is_moderator(user, community):
        threads = threads.filter(hidden=False)
    return threads


# ---------------------------------------------------------------- membership


def join(user, community):
    """Join (open) or ask to join (approval). Only visitors who may read the community can join."""
    require(getattr(user, "is_authenticated", False), _("Masuk untuk bergabung."))
    require(can_read(user, community))
    status = Membership.Status.ACTIVE if community.join_mode == JoinMode.OPEN else Membership.Status.PENDING
    if is_moderator(user, community):
        status = Membership.Status.ACTIVE
    membership, created = Membership.objects.get_or_create(user=user, community=community, defaults={"status": status})
    if created and status == Membership.Status.ACTIVE:
        Subscription.objects.get_or_create(user=user, community=community)
    return membership


def leave(user, community):
    Membership.objects.filter(user=user, community=community).delete()
    Subscription.objects.filter(user=user, community=community).delete()
    Subscription.objects.filter(user=user, thread__community=community).delete()


def approve_membership(moderator, membership):
    require(is_moderator(moderator, membership.community))
    membership.status = Membership.Status.ACTIVE
    membership.save(update_fields=["status"])
    Subscription.objects.get_or_create(user=membership.user, community=membership.community)
    notify([membership.user], membership.community, Notification.Kind.MEMBERSHIP, actor=moderator)
    return membership


def reject_membership(moderator, membership):
    require(is_moderator(moderator, membership.community))
    membership.delete()


# ---------------------------------------------------------------- posts


def _known_usernames(source):
    names = sanitize.mentioned_usernames(source)
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    return list(get_user_model().objects.filter(query, is_active=True).values_list("username", flat=True))


def _mentioned_users(source):
    names = _known_usernames(source)
    return list(get_user_model().objects.filter(username__in=names, is_active=True)) if names else []


def _attach(reply, files):
    for upload in files or []:
        attachment = Attachment(reply=reply, original_name=upload.name[:200], size=upload.size)
        attachment.file = upload
        attachment.full_clean(exclude=["reply"])
        attachment.save()


def _validate_files(files):
    from .models import validate_attachment

    for upload in files or []:
        validate_attachment(upload)


MAX_POST_LENGTH = 20000  # characters of Markdown in an opening post, a reply or an edit
MAX_TITLE_LENGTH = 200


def check_length(body):
    """Refuse (never cut) a post body over MAX_POST_LENGTH characters."""
    if len(body or "") > MAX_POST_LENGTH:
        raise ValidationError(
            _("Isi terlalu panjang: %(n)s karakter, paling banyak %(max)s.") % {"n": len(body), "max": MAX_POST_LENGTH}
        )


def create_thread(user, community, title, body, category=None, files=None):
    require(can_post(user, community), _("Hanya anggota komunitas yang dapat membuat utas."))
    title = (title or "").strip()
    if not title or not (body or "").strip():
        raise ValidationError(_("Judul dan isi utas wajib diisi."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(_("Judul paling banyak %(max)s karakter.") % {"max": MAX_TITLE_LENGTH})
    check_length(body)
    if category is not None and category.community_id != community.pk:
        raise ValidationError(_("Kategori bukan milik komunitas ini."))
    _validate_files(files)
    with transaction.atomic():
        thread = Thread.objects.create(community=community, category=category, title=title, author=user)
        post = Reply.objects.create(
            thread=thread,
            author=user,
            is_opening=True,
            body_source=body,
            body_html=sanitize.render(body, _known_usernames(body)),
        )
        _attach(post, files)
        Subscription.objects.get_or_create(user=user, thread=thread)
    recipients = [s.user for s in Subscription.objects.filter(community=community).select_related("user")]
    notify(recipients, community, Notification.Kind.NEW_THREAD, thread=thread, reply=post, actor=user)
    _notify_mentions(post)
    return thread


def add_reply(user, thread, body, quote=None, files=None):
    community = thread.community
    require(can_post(user, community), _("Hanya anggota komunitas yang dapat membalas."))
    if thread.locked and not is_moderator(user, community):
        raise ValidationError(_("Utas ini dikunci."))
    if thread.hidden and not is_moderator(user, community):
        raise PermissionDenied
    if not (body or "").strip():
        raise ValidationError(_("Isi balasan wajib diisi."))
    check_length(body)
    if quote is not None and (quote.thread_id != thread.pk or quote.hidden):
        quote = None
    _validate_files(files)
    with transaction.atomic():
        reply = Reply.objects.create(
            thread=thread,
            author=user,
            body_source=body,
            body_html=sanitize.render(body, _known_usernames(body)),
            quote=quote,
        )
        _attach(reply, files)
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=timezone.now())
        Subscription.objects.get_or_create(user=user, thread=thread)
    recipients = [s.user for s in Subscription.objects.filter(thread=thread).select_related("user")]
    notify(recipients, community, Notification.Kind.REPLY, thread=thread, reply=reply, actor=user)
    _notify_mentions(reply)
    return reply


def _notify_mentions(reply):
    users = [u for u in _mentioned_users(reply.body_source) if u.pk != reply.author_id]
    notify(
        users, reply.thread.community, Notification.Kind.MENTION, thread=reply.thread, reply=reply, actor=reply.author
    )


def can_edit(user, reply):
    community = reply.thread.community
    return can_post(user, community) and (reply.author_id == user.pk or is_moderator(user, community))


def edit_post(user, reply, body):
    require(can_edit(user, reply))
    if not (body or "").strip():
        raise ValidationError(_("Isi wajib diisi."))
    check_length(body)
    if body == reply.body_source:
        return reply
    with transaction.atomic():
        PostRevision.objects.create(reply=reply, body_source=reply.body_source, editor=user)
        reply.body_source = body
        reply.body_html = sanitize.render(body, _known_usernames(body))
        reply.edited_at = timezone.now()
        reply.save(update_fields=["body_source", "body_html", "edited_at"])
    return reply


def toggle_reaction(user, reply, kind):
    require(can_post(user, reply.thread.community))
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Reaksi tidak dikenal."))
    deleted, _rows = Reaction.objects.filter(user=user, reply=reply, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(user=user, reply=reply, kind=kind)
    except IntegrityError:
        pass
    return True


# ---------------------------------------------------------------- moderation


def accept_answer(user, thread, reply):
    """The thread's author or a moderator marks a reply as the accepted answer: the thread is solved."""
    community = thread.community
    require(
        can_post(user, community) and (thread.author_id == user.pk or is_moderator(user, community)),
        _("Hanya penanya atau moderator yang dapat menandai jawaban."),
    )
    if reply.thread_id != thread.pk or reply.is_opening or reply.hidden:
        raise ValidationError(_("Balasan ini tidak dapat dijadikan jawaban."))
    thread.accepted_reply = reply
    thread.solved = True
    thread.save(update_fields=["accepted_reply", "solved"])
    if reply.author_id != user.pk:
        notify([reply.author], community, Notification.Kind.ACCEPTED, thread=thread, reply=reply, actor=user)
    return thread


def set_thread_flag(user, thread, flag, value):
    require(is_moderator(user, thread.community))
    if flag not in ("pinned", "locked"):
        raise ValidationError(_("Tindakan tidak dikenal."))
    setattr(thread, flag, bool(value))
    thread.save(update_fields=[flag])
    return thread


def hide_thread(user, thread, reason):
    require(is_moderator(user, thread.community))
    if not (reason or "").strip():
        raise ValidationError(_("Alasan wajib diisi."))
    thread.hidden, thread.hidden_reason = True, reason.strip()[:300]
    thread.save(update_fields=["hidden", "hidden_reason"])


def restore_thread(user, thread):
    require(is_moderator(user, thread.community))
    thread.hidden, thread.hidden_reason = False, ""
    thread.save(update_fields=["hidden", "hidden_reason"])


def hide_post(user, reply, reason):
    require(is_moderator(user, reply.thread.community))
    if not (reason or "").strip():
        raise ValidationError(_("Alasan wajib diisi."))
    reply.hidden, reply.hidden_reason = True, reason.strip()[:300]
    reply.save(update_fields=["hidden", "hidden_reason"])
    Report.objects.filter(reply=reply, resolved=False).update(
        resolved=True, resolved_by=user, resolved_at=timezone.now()
    )


def restore_post(user, reply):
    require(is_moderator(user, reply.thread.community))
    reply.hidden, reply.hidden_reason = False, ""
    reply.save(update_fields=["hidden", "hidden_reason"])


def report_post(user, reply, reason):
    require(can_post(user, reply.thread.community), _("Hanya anggota komunitas yang dapat melaporkan."))
    if not (reason or "").strip():
        raise ValidationError(_("Alasan laporan wajib diisi."))
    return Report.objects.create(reply=reply, reporter=user, reason=reason.strip()[:500])


def resolve_report(user, report):
    require(is_moderator(user, report.reply.thread.community))
    report.resolved, report.resolved_by, report.resolved_at = True, user, timezone.now()
    report.save(update_fields=["resolved", "resolved_by", "resolved_at"])


def moderation_queue(user, community):
    require(is_moderator(user, community))
    return {
        "reports": Report.objects.filter(reply__thread__community=community, resolved=False).select_related(
            "reply__thread", "reply__author", "reporter"
        ),
        "pending": Membership.objects.filter(community=community, status=Membership.Status.PENDING).select_related(
            "user"
        ),
        "hidden_threads": Thread.objects.filter(community=community, hidden=True),
        "hidden_posts": Reply.objects.filter(thread__community=community, hidden=True).select_related("thread"),
    }


# ---------------------------------------------------------------- subscriptions and notifications


def subscribe(user, community=None, thread=None):
    target = community or thread.community
    require(can_read(user, target) and getattr(user, "is_authenticated", False))
    if community is not None:
        return Subscription.objects.get_or_create(user=user, community=community)[0]
    return Subscription.objects.get_or_create(user=user, thread=thread)[0]


def unsubscribe(user, community=None, thread=None):
    if community is not None:
        Subscription.objects.filter(user=user, community=community).delete()
    else:
        Subscription.objects.filter(user=user, thread=thread).delete()


def notify(users, community, kind, thread=None, reply=None, actor=None):
    """One in-site notification per user who can view the community (never the actor)."""
    made = []
    seen = set()
    for user in users:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        if not user.is_active or not can_read(user, community):
            continue
        made.append(Notification(user=user, community=community, thread=thread, reply=reply, actor=actor, kind=kind))
    Notification.objects.bulk_create(made)
    user_cache.user_changed(*[n.user_id for n in made])  # bulk_create sends no signal: their unread counts
    return made


def _still_visible(user, notification):
    if not can_read(user, notification.community) or not notification.community.live:
        return False
    thread = notification.thread
    return not (thread is not None and thread.hidden and not is_moderator(user, notification.community))


def notifications_for(user, limit=100):
    """The user's notifications, re-checked against the policy (access may have changed since)."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = Notification.objects.filter(user=user).select_related("community", "thread", "actor")[: limit * 2]
    return [n for n in rows if _still_visible(user, n)][:limit]


def unread_count(user):
    return sum(1 for n in notifications_for(user) if n.read_at is None)


def mark_read(user):
    if Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now()):
        user_cache.user_changed(user.pk)  # update() sends no signal: their unread count


def send_digests(now=None):
    """E-mail every user one digest of their not-yet-mailed notifications, grouped per thread.

    Notifications for a community the user can no longer see are dropped (marked, never mailed).
    Returns the number of e-mails sent.
    """
    now = now or timezone.now()
    base_url = site_url()
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True)
    user_ids = pending.values_list("user_id", flat=True).distinct()
    for user in get_user_model().objects.filter(pk__in=list(user_ids)):
        rows = list(pending.filter(user=user).select_related("community", "thread", "actor").order_by("created_at"))
        visible = [n for n in rows if user.is_active and _still_visible(user, n)]
        if visible and user.email:
            groups = {}
            for n in visible:
                key = (n.community_id, n.thread_id)
                group = groups.setdefault(key, {"community": n.community, "thread": n.thread, "items": []})
                group["items"].append(n)
            context = {"user": user, "groups": list(groups.values()), "count": len(visible), "base_url": base_url}
            with in_language_of(user):
                body = render_to_string("communities/digest_email.txt", context)
                subject = _("[CorpU] %(count)s kabar baru dari komunitas belajar") % {"count": len(visible)}
            send_mail(subject, body, None, [user.email])
            sent += 1
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
    return sent


# ---------------------------------------------------------------- CoP sessions → JP ledger


def schedule_session(user, community, title, starts_at, duration_hours, mode=CopSession.Mode.ONLINE, place=""):
    require(is_moderator(user, community))
    duration = Decimal(str(duration_hours))
    if duration <= 0 or duration > 24:
        raise ValidationError(_("Durasi harus lebih dari 0 dan paling lama 24 jam."))
    if not (title or "").strip():
        raise ValidationError(_("Judul sesi wajib diisi."))
    session = CopSession.objects.create(
        community=community,
        title=title.strip()[:200],
        mode=mode,
        place=place,
        starts_at=starts_at,
        duration_hours=duration,
        created_by=user,
    )
    members = [m.user for m in Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)]
    notify(members, community, Notification.Kind.SESSION, actor=user)
    return session


def record_attendance(user, session, attendees, hours=None):
    """Record who attended; each attendee gets one verified `komunitas_belajar` ledger entry (idempotent).

    The quantity is the hours attended in JP; the active rulebook then applies its caps (e.g. ≤ 2 JP a day).
    Nobody verifies their own JP: a moderator who lists themselves gets a submitted entry for a verifier.
    """
    from ledger.services import record_activity

    community = session.community
    require(is_moderator(user, community))
    hours = Decimal(str(hours)) if hours is not None else session.duration_hours
    if hours <= 0 or hours > session.duration_hours:
        raise ValidationError(_("Jam hadir harus lebih dari 0 dan tidak melebihi durasi sesi."))
    day = timezone.localtime(session.starts_at).date() if timezone.is_aware(session.starts_at) else session.starts_at
    if isinstance(day, datetime.datetime):
        day = day.date()
    results = []
    for attendee in attendees:
        if not is_member(attendee, community):
            raise ValidationError(_("%(name)s bukan anggota komunitas.") % {"name": attendee.nama or attendee})
        attendance, _created = Attendance.objects.get_or_create(
            session=session, user=attendee, defaults={"hours": hours}
        )
        entry, _new = record_activity(
            attendee,
            LEDGER_FORM,
            f"{community.title}: {session.title}",
            day,
            day,
            attendance.hours,
            "jp",
            source=LEDGER_SOURCE,
            source_ref=f"cop-session:{session.pk}",
            status="submitted" if attendee.pk == user.pk else "verified",
            verifier=None if attendee.pk == user.pk else user,
            actor=user,
            organiser=community.title,
        )
        if attendance.entry_id != entry.pk:
            attendance.entry = entry
            attendance.save(update_fields=["entry"])
        results.append(attendance)
    return results


# ---------------------------------------------------------------- search


def search(user, community, query):
    """Threads of the community matching the query in the title or a post this user may read."""
    query = (query or "").strip()
    if not query:
        return Thread.objects.none()
    threads = visible_threads(user, community)
    posts = Reply.objects.filter(thread__community=community, body_source__icontains=query)
    if not is_moderator(user, community):
        posts = posts.filter(hidden=False)
    return threads.filter(Q(title__icontains=query) | Q(pk__in=posts.values("thread_id")))


# ---------------------------------------------------------------- thread → knowledge asset


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


def communities_for(user):
    """Live communities this user may see (for lists and the notification page)."""
    from corpu.access import filter_visible

    return filter_visible(CommunityPage.objects.live(), user)


def home_activity(user, limit=5, now=None):
    """For "Beranda saya": the most recently active visible threads and the next sessions of the communities the
    user belongs to (active membership) or that their kelompok keahlian owns, only where the policy lets them
    read, and their unread notifications of communities they may still read (never of a hidden thread). Four
    queries whatever the number of communities, threads or notifications."""
    if not getattr(user, "is_authenticated", False):
        return {"threads": [], "sessions": [], "notifications": []}
    from corpu.access import filter_visible

    kelompok_ids = viewer_for(user).kelompok_ids
    readable = filter_visible(CommunityPage.objects.live(), user)
    mine = Q(memberships__user=user, memberships__status=Membership.Status.ACTIVE)
    if kelompok_ids:
        mine |= Q(owner_kelompok__in=kelompok_ids)
    communities = readable.filter(mine).values("pk")
    threads = (
        Thread.objects.filter(community__in=communities, hidden=False)
        .select_related("community")
        .order_by("-last_activity_at", "-pk")[:limit]
    )
    sessions = (
        CopSession.objects.filter(community__in=communities, starts_at__gte=now or timezone.now())
        .select_related("community")
        .order_by("starts_at")[:limit]
    )
    notifications = (
        Notification.objects.filter(user=user, read_at__isnull=True, community__in=readable.values("pk"))
        .exclude(thread__hidden=True)
        .select_related("community", "thread", "actor")[:limit]
    )
    return {"threads": list(threads), "sessions": list(sessions), "notifications": list(notifications)}
