"""Threads, replies, edits, reactions and accepted answers; bodies are sanitised Markdown."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import sanitize
from ..models import Attachment, Notification, PostRevision, Reaction, Reply, Subscription, Thread
from .notifications import notify
from .rules import can_post, is_moderator, require


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
    from ..models import validate_attachment

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
