"""Community views. Every view first reaches the community and asks the access policy (`deny_response`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from corpu import page_cache
from corpu.access import deny_response

from . import fragments, services
from .models import Attachment, Category, CommunityPage, CopSession, Membership, Reaction, Reply, Report, Thread

POSTS_PER_PAGE = 25  # a long thread in pages: what a page costs does not grow with the thread


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ThreadForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=services.MAX_TITLE_LENGTH)
    category = forms.ModelChoiceField(label=gettext_lazy("Kategori"), queryset=Category.objects.none(), required=False)
    body = forms.CharField(
        label=gettext_lazy("Pertanyaan atau topik"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=services.MAX_POST_LENGTH,
        help_text=gettext_lazy("Markdown sederhana; sebut anggota dengan @namapengguna."),
    )

    def __init__(self, community, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = community.categories.all()


class SessionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul sesi"), max_length=200)
    mode = forms.ChoiceField(label=gettext_lazy("Moda"), choices=CopSession.Mode.choices)
    place = forms.CharField(label=gettext_lazy("Tempat / tautan"), max_length=300, required=False)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Mulai"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration_hours = forms.DecimalField(
        label=gettext_lazy("Durasi (jam)"), min_value=0.25, max_value=24, decimal_places=2
    )


def _community(request, community_id):
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    denied = deny_response(request, community)
    if denied is not None:
        raise _Denied(denied)
    return community


def _thread(request, thread_id, with_standing=False):
    """The thread if the visitor may read it; `with_standing` reads their standing in the same query."""
    threads = Thread.objects.select_related("community")
    if with_standing:
        threads = services.with_standing(threads, request.user)
    thread = get_object_or_404(threads, pk=thread_id)
    community = thread.community
    if not community.live:
        raise Http404
    denied = deny_response(request, community)
    if denied is not None:
        raise _Denied(denied)
    if thread.hidden and not services.is_moderator(request.user, community):
        raise Http404
    return thread


def _post(request, post_id):
    reply = get_object_or_404(Reply.objects.select_related("thread__community"), pk=post_id)
    thread = _thread(request, reply.thread_id)
    return thread, reply


class _Denied(Exception):
    def __init__(self, response):
        self.response = response


def guarded(view):
    """Turn a `_Denied` (sign-in redirect for anonymous visitors) into its response."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Denied as denied:
            return denied.response
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            back = request.META.get("HTTP_REFERER", "")
            safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
            return redirect(back if safe else "/")

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def community_context(community, request):
    """Context of the community page: threads (filtered, searchable), membership, sessions, categories."""
    user = request.user
    threads = services.visible_threads(user, community).select_related("author", "category")
    query = request.GET.get("q", "").strip()
    category_id = request.GET.get("kategori", "")
    if query:
        threads = services.search(user, community, query).select_related("author", "category")
    elif category_id.isdigit():
        threads = threads.filter(category_id=int(category_id))
    replies = Reply.objects.filter(thread=OuterRef("pk"), is_opening=False)
    if not services.is_moderator(user, community):
        replies = replies.filter(hidden=False)
    count = replies.order_by().values("thread").annotate(n=Count("pk")).values("n")
    threads = threads.annotate(reply_count=Coalesce(Subquery(count), 0))[:100]
    membership = services.membership_of(user, community)
    return {
        "threads": threads,
        "query": query,
        "categories": community.categories.all(),
        "selected_category": category_id,
        "membership": membership,
        "is_member": services.is_member(user, community),
        "is_moderator": services.is_moderator(user, community),
        "member_count": community.memberships.filter(status=Membership.Status.ACTIVE).count(),
        "sessions": community.sessions.all()[:10],
        "subscribed": user.is_authenticated and community.subscriptions.filter(user=user).exists(),
        "thread_form": ThreadForm(community),
        "open_reports": (
            Report.objects.filter(reply__thread__community=community, resolved=False).count()
            if services.is_moderator(user, community)
            else 0
        ),
    }


@require_POST
@login_required
@guarded
def join(request, community_id):
    community = _community(request, community_id)
    membership = services.join(request.user, community)
    if membership.status == Membership.Status.PENDING:
        messages.info(request, _("Permintaan bergabung Anda menunggu persetujuan moderator."))
    else:
        messages.success(request, _("Anda sekarang anggota komunitas ini."))
    return redirect(community.url)


@require_POST
@login_required
@guarded
def leave(request, community_id):
    community = _community(request, community_id)
    services.leave(request.user, community)
    messages.info(request, _("Anda keluar dari komunitas ini."))
    return redirect(community.url)


@require_POST
@login_required
@guarded
def subscribe_community(request, community_id):
    community = _community(request, community_id)
    if request.POST.get("action") == "off":
        services.unsubscribe(request.user, community=community)
    else:
        services.subscribe(request.user, community=community)
    return redirect(community.url)


@login_required
@guarded
def new_thread(request, community_id):
    community = _community(request, community_id)
    if not services.can_post(request.user, community):
        raise PermissionDenied(_("Hanya anggota komunitas yang dapat membuat utas."))
    form = ThreadForm(community, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.create_thread(
                request.user,
                community,
                form.cleaned_data["title"],
                form.cleaned_data["body"],
                category=form.cleaned_data["category"],
                files=request.FILES.getlist("attachments"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Utas diterbitkan."))
            return redirect("communities:thread", thread.pk)
    return render(request, "communities/thread_form.html", {"community": community, "form": form})


@guarded
def thread_detail(request, thread_id, draft="", quote=None):
    """A thread with its posts; a constant number of queries whatever its length. The posts' HTML is shared by
    the visitors of one audience and role (communities/fragments.py); the visitor's own bits fill its slots."""
    thread = _thread(request, thread_id, with_standing=True)
    community = thread.community
    user = request.user
    moderator, can_post, subscribed = services.standing(user, thread)
    number = request.GET.get("halaman", 1)
    if request.GET.get("pos", "").isdigit():  # a link to one post opens the page that holds it
        number = _page_of(thread, int(request.GET["pos"]))
    number = fragments.page_number(number)
    role = fragments.role_of(moderator, can_post)
    shown = page_cache.for_audience(
        "thread-posts",
        user,
        [thread.pk, role, number],
        lambda: _posts_fragment(thread, number, moderator, can_post),
        generation_keys=[fragments.thread_key(thread.pk)],
    )
    paginator = Paginator(thread.replies.all(), POSTS_PER_PAGE)
    paginator.count = shown["count"]  # counted with the posts: no second query
    page_obj = paginator.get_page(shown["number"])
    mine = set()
    if can_post and shown["authors"]:
        mine = set(
            Reaction.objects.filter(user=user, reply_id__in=list(shown["authors"])).values_list("reply_id", "kind")
        )
    posts_html = fragments.personalise(
        shown["html"], request, shown["authors"], asker=thread.author_id == user.pk, mine=mine
    )
    if quote is None and request.GET.get("kutip", "").isdigit():
        quote = thread.replies.filter(pk=int(request.GET["kutip"]), hidden=False).first()
    return render(
        request,
        "communities/thread.html",
        {
            "page": community,
            "community": community,
            "thread": thread,
            "posts_html": posts_html,
            "posts_page": page_obj,
            "is_moderator": moderator,
            "can_post": can_post,
            "quote": quote,
            "draft": draft,
            "max_post_length": services.MAX_POST_LENGTH,
            "subscribed": subscribed,
        },
    )


def _posts_fragment(thread, number, moderator, can_post):
    """One page of the thread's posts rendered for a role (no visitor's bits): its HTML, the shown posts' authors,
    the thread's post count and the page number the paginator answered."""
    page_obj = Paginator(thread.replies.all(), POSTS_PER_PAGE).get_page(number)
    posts = list(
        page_obj.object_list.select_related("author", "quote__author")
        .prefetch_related("attachments")
        .annotate(revision_count=Count("revisions"))
    )
    reactions = {}
    counted = Reaction.objects.filter(reply__in=[post.pk for post in posts]).values("reply_id", "kind")
    for row in counted.annotate(n=Count("id")):
        reactions.setdefault(row["reply_id"], {})[row["kind"]] = row["n"]
    rows = [
        {
            "post": post,
            "reactions": [
                (kind, label, reactions.get(post.pk, {}).get(kind, 0)) for kind, label in Reaction.Kind.choices
            ],
            "react_url": reverse("communities:react", args=[post.pk]),  # once per post, not once per reaction
        }
        for post in posts
    ]
    context = {"rows": rows, "thread": thread, "is_moderator": moderator, "can_post": can_post}
    return {
        "html": render_to_string("communities/_thread_posts.html", context),
        "authors": {post.pk: post.author_id for post in posts},
        "count": page_obj.paginator.count,
        "number": page_obj.number,
    }


@require_POST
@login_required
@guarded
def reply(request, thread_id):
    thread = _thread(request, thread_id)
    quote = None
    if request.POST.get("quote", "").isdigit():
        quote = thread.replies.filter(pk=int(request.POST["quote"])).first()
    body = request.POST.get("body", "")
    try:
        post = services.add_reply(request.user, thread, body, quote=quote, files=request.FILES.getlist("attachments"))
    except ValidationError as error:  # the page again, with the member's text kept in the form
        messages.error(request, " ".join(error.messages))
        return thread_detail(request, thread_id, draft=body, quote=quote)
    return redirect(post_url(thread, post))


def thread_url(thread):
    return reverse("communities:thread", args=[thread.pk])


def post_url(thread, post):
    """The thread's page that holds this post, scrolled to it."""
    return f"{thread_url(thread)}?pos={post.pk}#pos-{post.pk}"


def _page_of(thread, post_id):
    """The page number (POSTS_PER_PAGE a page, oldest first) holding this post of the thread; 1 if not found."""
    post = thread.replies.filter(pk=post_id).values("created_at").first()
    if post is None:
        return 1
    at = post["created_at"]
    earlier = thread.replies.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=post_id))
    return earlier.count() // POSTS_PER_PAGE + 1


@login_required
@guarded
def edit_post(request, post_id):
    thread, post = _post(request, post_id)
    if not services.can_edit(request.user, post):
        raise PermissionDenied
    body, error = post.body_source, None
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.edit_post(request.user, post, body)
        except ValidationError as refused:  # the form again, with the member's text kept
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(post_url(thread, post))
    context = {
        "thread": thread,
        "post": post,
        "community": thread.community,
        "body": body,
        "error": error,
        "max_post_length": services.MAX_POST_LENGTH,
    }
    return render(request, "communities/post_edit.html", context)


@login_required
@guarded
def post_history(request, post_id):
    thread, post = _post(request, post_id)
    if not services.is_moderator(request.user, thread.community):
        raise PermissionDenied
    return render(
        request,
        "communities/post_history.html",
        {"thread": thread, "post": post, "revisions": post.revisions.select_related("editor")},
    )


@require_POST
@login_required
@guarded
def react(request, post_id):
    thread, post = _post(request, post_id)
    services.toggle_reaction(request.user, post, request.POST.get("kind", ""))
    return redirect(post_url(thread, post))


@require_POST
@login_required
@guarded
def accept(request, post_id):
    thread, post = _post(request, post_id)
    services.accept_answer(request.user, thread, post)
    messages.success(request, _("Jawaban ditandai diterima; utas terjawab."))
    return redirect(post_url(thread, post))


@require_POST
@login_required
@guarded
def report(request, post_id):
    thread, post = _post(request, post_id)
    services.report_post(request.user, post, request.POST.get("reason", ""))
    messages.success(request, _("Terima kasih, laporan Anda diteruskan ke moderator."))
    return redirect(post_url(thread, post))


@require_POST
@login_required
@guarded
def moderate_post(request, post_id):
    thread, post = _post(request, post_id)
    if request.POST.get("action") == "restore":
        services.restore_post(request.user, post)
        messages.success(request, _("Pos dipulihkan."))
    else:
        services.hide_post(request.user, post, request.POST.get("reason", ""))
        messages.success(request, _("Pos disembunyikan."))
    return redirect(post_url(thread, post))


@require_POST
@login_required
@guarded
def moderate_thread(request, thread_id):
    thread = _thread(request, thread_id)
    action = request.POST.get("action", "")
    user = request.user
    if action in ("pin", "unpin"):
        services.set_thread_flag(user, thread, "pinned", action == "pin")
    elif action in ("lock", "unlock"):
        services.set_thread_flag(user, thread, "locked", action == "lock")
    elif action == "hide":
        services.hide_thread(user, thread, request.POST.get("reason", ""))
    elif action == "restore":
        services.restore_thread(user, thread)
    elif action == "promote":
        asset = services.promote_thread(user, thread)
        messages.success(
            request, _("Draf aset pengetahuan “%(title)s” dibuat; lanjutkan ke revidu pakar.") % {"title": asset.title}
        )
    elif action in ("subscribe", "unsubscribe"):
        if action == "subscribe":
            services.subscribe(user, thread=thread)
        else:
            services.unsubscribe(user, thread=thread)
    else:
        raise Http404
    return redirect(thread_url(thread))


@login_required
@guarded
def moderation(request, community_id):
    community = _community(request, community_id)
    queue = services.moderation_queue(request.user, community)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "resolve":
            report = get_object_or_404(Report, pk=request.POST.get("report"), reply__thread__community=community)
            services.resolve_report(request.user, report)
        elif action in ("approve", "reject"):
            membership = get_object_or_404(
                Membership, pk=request.POST.get("membership"), community=community, status=Membership.Status.PENDING
            )
            if action == "approve":
                services.approve_membership(request.user, membership)
            else:
                services.reject_membership(request.user, membership)
        return redirect("communities:moderation", community.pk)
    return render(request, "communities/moderation.html", {"community": community, **queue})


@login_required
@guarded
def new_session(request, community_id):
    community = _community(request, community_id)
    if not services.is_moderator(request.user, community):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = services.schedule_session(
            request.user,
            community,
            data["title"],
            data["starts_at"],
            data["duration_hours"],
            mode=data["mode"],
            place=data["place"],
        )
        messages.success(request, _("Sesi dijadwalkan."))
        return redirect("communities:session", session.pk)
    return render(request, "communities/session_form.html", {"community": community, "form": form})


@login_required
@guarded
def session_detail(request, session_id):
    session = get_object_or_404(CopSession.objects.select_related("community"), pk=session_id)
    community = _community(request, session.community_id)
    moderator = services.is_moderator(request.user, community)
    if not moderator:
        raise PermissionDenied
    members = (
        get_user_model()
        .objects.filter(
            community_memberships__community=community, community_memberships__status=Membership.Status.ACTIVE
        )
        .order_by("nama", "username")
    )
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("attendees") if v.isdigit()]
        hours = request.POST.get("hours") or None
        attendees = list(members.filter(pk__in=ids))
        services.record_attendance(request.user, session, attendees, hours=hours)
        messages.success(
            request, _("Kehadiran %(n)s peserta dicatat; JP masuk ke buku JP masing-masing.") % {"n": len(attendees)}
        )
        return redirect("communities:session", session.pk)
    attended = set(session.attendances.values_list("user_id", flat=True))
    return render(
        request,
        "communities/session.html",
        {"community": community, "session": session, "members": members, "attended": attended},
    )


@guarded
def attachment(request, attachment_id):
    """Serve an attachment only to visitors who may read its community (and its thread/post is not hidden)."""
    item = get_object_or_404(Attachment.objects.select_related("reply__thread__community"), pk=attachment_id)
    thread, post = _post(request, item.reply_id)
    if post.hidden and not services.is_moderator(request.user, thread.community):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=item.content_type, as_attachment=True, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
def notifications(request):
    items = services.notifications_for(request.user)
    response = render(request, "communities/notifications.html", {"items": items})
    if request.method == "GET":
        services.mark_read(request.user)
    return response
