"""Wagtail admin of evaluation levels 1 and 2 (CLO): reaction question sets, their attachment to activities, and
the courses' pre-test / post-test pairs. Who may open each is the model permission evaluation/roles.py grants."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PrePostPair, QuestionSet, SurveyTarget


class QuestionSetViewSet(ModelViewSet):
    model = QuestionSet
    icon = "list-ol"
    menu_label = _("Set pertanyaan reaksi")
    list_display = ["title", "default_for", "active"]
    list_filter = ["default_for", "active"]
    search_fields = ["title"]


class SurveyTargetViewSet(ModelViewSet):
    model = SurveyTarget
    icon = "link"
    menu_label = _("Penugasan survei reaksi")
    list_display = ["question_set", "course", "cop_session", "programme", "entry"]
    list_filter = ["question_set"]


class PrePostPairViewSet(ModelViewSet):
    model = PrePostPair
    icon = "doc-full"
    menu_label = _("Pre-test dan post-test")
    list_display = ["course", "title", "pre_kind", "post_kind"]


class ReactionLearningViewSetGroup(ViewSetGroup):
    menu_label = _("Evaluasi: reaksi dan pembelajaran")
    menu_icon = "tasks"
    menu_order = 280
    items = (
        QuestionSetViewSet("evaluation_questionset"),
        SurveyTargetViewSet("evaluation_surveytarget"),
        PrePostPairViewSet("evaluation_prepost"),
    )
