from django.urls import path

from . import views

app_name = "communities"
urlpatterns = [
    path("notifikasi/", views.notifications, name="notifications"),
    path("<int:community_id>/gabung/", views.join, name="join"),
    path("<int:community_id>/keluar/", views.leave, name="leave"),
    path("<int:community_id>/langganan/", views.subscribe_community, name="subscribe"),
    path("<int:community_id>/utas-baru/", views.new_thread, name="new_thread"),
    path("<int:community_id>/moderasi/", views.moderation, name="moderation"),
    path("<int:community_id>/sesi-baru/", views.new_session, name="new_session"),
    path("sesi/<int:session_id>/", views.session_detail, name="session"),
    path("utas/<int:thread_id>/", views.thread_detail, name="thread"),
    path("utas/<int:thread_id>/balas/", views.reply, name="reply"),
    path("utas/<int:thread_id>/moderasi/", views.moderate_thread, name="moderate_thread"),
    path("pos/<int:post_id>/ubah/", views.edit_post, name="edit_post"),
    path("pos/<int:post_id>/riwayat/", views.post_history, name="post_history"),
    path("pos/<int:post_id>/reaksi/", views.react, name="react"),
    path("pos/<int:post_id>/terima/", views.accept, name="accept"),
    path("pos/<int:post_id>/laporkan/", views.report, name="report"),
    path("pos/<int:post_id>/moderasi/", views.moderate_post, name="moderate_post"),
    path("lampiran/<int:attachment_id>/", views.attachment, name="attachment"),
]
