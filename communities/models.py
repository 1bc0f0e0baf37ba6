"""Communities of practice (komunitas belajar): forums, moderation, notifications and CoP sessions.

A community is an `AccessControlledPage`: its access level decides who may *read* its threads (public read,
ASN, or internal); posting needs an active membership. Everything below a community (threads, posts,
attachments, notifications, digests, search) is reached through the community and asks `corpu.access`.
The opening post of a thread is a `Reply` with `is_opening=True`, so reactions, reports, attachments and edit
history work the same for questions and answers.
"""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from corpu.access import filter_visible
from corpu.models import AccessControlledPage, OpenPage
from corpu.storage import private_storage
from corpu.uploads import UploadValidator, content_type_for

validate_attachment = UploadValidator([".pdf", ".docx", ".xlsx", ".pptx", ".png", ".jpg", ".jpeg"], max_mb=10)


class JoinMode(models.TextChoices):
    OPEN = "open", _("Terbuka (langsung bergabung)")
    APPROVAL = "approval", _("Dengan persetujuan moderator")


class CommunityIndexPage(OpenPage, Page):
    """The list of communities of practice a visitor may see."""

    intro = RichTextField(_("pengantar"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["corpu.HomePage"]
    subpage_types = ["communities.CommunityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("daftar komunitas belajar")

    def get_context(self, request, *args, **kwargs):
        from corpu import user_cache

        from . import fragments
        from .services import unread_count

        context = super().get_context(request, *args, **kwargs)
        # the cards are the same for one audience: cached until a page, a membership or a thread changes, and
        # their query is built only when they are not (the template calls `communities`)
        context["communities"] = lambda: self._cards(request.user)
        context["cards_key"], forums = fragments.forum_cards_key(request.user, self)
        context["page_cache_seconds"] = settings.PAGE_CACHE_SECONDS
        # the visitor's own count (their notifications, and threads hidden since: the forums generation)
        context["unread_notifications"] = user_cache.for_user(
            "community-unread", request.user, [forums], lambda: unread_count(request.user)
        )
        return context

    def _cards(self, user):
        communities = filter_visible(CommunityPage.objects.child_of(self).live(), user).order_by("title")
        return communities.annotate(
            member_count=models.Count(
                "memberships", filter=models.Q(memberships__status=Membership.Status.ACTIVE), distinct=True
            ),
            thread_count=models.Count("threads", filter=models.Q(threads__hidden=False), distinct=True),
        )


class CommunityPage(AccessControlledPage):
    """One community of practice, owned by a kelompok keahlian and run by its moderators."""

    purpose = models.TextField(_("tujuan komunitas"))
    join_mode = models.CharField(_("cara bergabung"), max_length=10, choices=JoinMode.choices, default=JoinMode.OPEN)
    moderators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("moderator"), blank=True, related_name="moderated_communities"
    )

    content_panels = Page.content_panels + [FieldPanel("purpose"), FieldPanel("join_mode"), FieldPanel("moderators")]
    search_fields = AccessControlledPage.search_fields + [index.SearchField("purpose")]
    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("komunitas belajar")
        verbose_name_plural = _("komunitas belajar")

    def __str__(self):
        return self.title

    def get_context(self, request, *args, **kwargs):
        from .views import community_context

        context = super().get_context(request, *args, **kwargs)
        context.update(community_context(self, request))
        return context


class Membership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("aktif")
        PENDING = "pending", _("menunggu persetujuan")

    class Role(models.TextChoices):
        MEMBER = "member", _("anggota")
        MODERATOR = "moderator", _("moderator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships")
    community = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan komunitas")
        verbose_name_plural = _("keanggotaan komunitas")
        constraints = [models.UniqueConstraint(fields=["user", "community"], name="unique_community_membership")]

    def __str__(self):
        return f"{self.user} @ {self.community}"


class Category(models.Model):
    community = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori forum")
        verbose_name_plural = _("kategori forum")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="unique_community_category")]

    def __str__(self):
        return self.name


class Thread(models.Model):
    community = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="threads")
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), null=True, blank=True, on_delete=models.SET_NULL, related_name="threads"
    )
    title = models.CharField(_("judul"), max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_threads")
    pinned = models.BooleanField(_("disematkan"), default=False)
    locked = models.BooleanField(_("dikunci"), default=False)
    solved = models.BooleanField(_("terjawab"), default=False)
    accepted_reply = models.ForeignKey(
        "Reply", verbose_name=_("jawaban diterima"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden = models.BooleanField(_("disembunyikan"), default=False)
    hidden_reason = models.CharField(_("alasan disembunyikan"), max_length=300, blank=True)
    promoted_asset = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("utas")
        verbose_name_plural = _("utas")
        ordering = ["-pinned", "-last_activity_at"]

    def __str__(self):
        return self.title

    @property
    def opening(self):
        return self.replies.filter(is_opening=True).first()


class Reply(models.Model):
    """A post in a thread: the opening question (is_opening) or an answer."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_replies")
    is_opening = models.BooleanField(default=False)
    body_source = models.TextField(_("isi (Markdown)"), max_length=20000)
    body_html = models.TextField(editable=False)
    quote = models.ForeignKey(
        "self", verbose_name=_("mengutip"), null=True, blank=True, on_delete=models.SET_NULL, related_name="quoted_by"
    )
    hidden = models.BooleanField(_("disembunyikan"), default=False)
    hidden_reason = models.CharField(_("alasan disembunyikan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("balasan")
        verbose_name_plural = _("balasan")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} — {self.thread}"

    @property
    def community(self):
        return self.thread.community


class PostRevision(models.Model):
    """The text a post had before an edit (edit history for moderators)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="revisions")
    body_source = models.TextField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat suntingan")
        verbose_name_plural = _("riwayat suntingan")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.reply_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "suka", _("Suka")
        THANKS = "terima_kasih", _("Terima kasih")
        HELPFUL = "membantu", _("Membantu")

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=15, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reply", "user", "kind"], name="unique_post_reaction")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.reply_id}"


def attachment_path(instance, filename):
    return f"communities/{instance.reply.thread.community_id}/{Path(filename).name}"


class Attachment(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_path, validators=[validate_attachment])
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self):
        return self.original_name

    @property
    def content_type(self):
        return content_type_for(self.original_name)


class Report(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("alasan"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("selesai ditangani"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan pos")
        verbose_name_plural = _("laporan pos")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.reporter_id} → {self.reply_id}: {self.reason[:40]}"


class Subscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_subscriptions")
    community = models.ForeignKey(
        CommunityPage, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(community__isnull=False, thread__isnull=True)
                | models.Q(community__isnull=True, thread__isnull=False),
                name="subscription_community_xor_thread",
            ),
            models.UniqueConstraint(fields=["user", "community"], name="unique_community_subscription"),
            models.UniqueConstraint(fields=["user", "thread"], name="unique_thread_subscription"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.community_id or ''}{self.thread_id or ''}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_THREAD = "new_thread", _("utas baru")
        REPLY = "reply", _("balasan baru")
        MENTION = "mention", _("menyebut Anda")
        ACCEPTED = "accepted", _("jawaban Anda diterima")
        SESSION = "session", _("sesi komunitas")
        MEMBERSHIP = "membership", _("keanggotaan")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_notifications")
    community = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reply = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user_id}: {self.kind}"


class CopSession(models.Model):
    class Mode(models.TextChoices):
        ONLINE = "online", _("Daring")
        OFFLINE = "offline", _("Luring")

    community = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("judul sesi"), max_length=200)
    mode = models.CharField(_("moda"), max_length=10, choices=Mode.choices, default=Mode.ONLINE)
    place = models.CharField(_("tempat / tautan"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    duration_hours = models.DecimalField(_("durasi (jam)"), max_digits=4, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("sesi komunitas")
        verbose_name_plural = _("sesi komunitas")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(CopSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cop_attendances")
    hours = models.DecimalField(_("jam hadir"), max_digits=4, decimal_places=2)
    entry = models.ForeignKey("ledger.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kehadiran sesi")
        verbose_name_plural = _("kehadiran sesi")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="unique_cop_attendance")]

    def __str__(self):
        return f"{self.user_id} @ {self.session_id}"
