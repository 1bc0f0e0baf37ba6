"""Learning gain page of one course: its pre-test / post-test pairs, per learner and in summary."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from corpu.access import can_see_activity_evaluation
from courses.models import CoursePage

from ..services import learning


@login_required
def course(request, course_id):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not can_see_activity_evaluation(request.user, "kursus", course):
        raise PermissionDenied(_("Hasil evaluasi kursus ini hanya untuk fasilitator, CLO dan Dewan Pengarah."))
    return render(
        request, "evaluation/learning_course.html", {"course": course, "pairs": learning.course_pairs(course)}
    )
