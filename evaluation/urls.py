from django.urls import path  # noqa: F401

app_name = "evaluation"

urlpatterns = []

from .views import learning as learning_views  # noqa: E402
from .views import reaction as reaction_views  # noqa: E402

urlpatterns += [
    path("reaksi/saya/", reaction_views.mine, name="reaction_mine"),
    path("reaksi/<str:kind>/<int:pk>/", reaction_views.results, name="reaction_results"),
    path("reaksi/<str:kind>/<int:pk>/isi/", reaction_views.answer, name="reaction_answer"),
    path("pembelajaran/kursus/<int:course_id>/", learning_views.course, name="learning_course"),
]
