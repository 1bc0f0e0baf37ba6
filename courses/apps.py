from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kursus")

    def ready(self):
        from corpu import page_cache

        from .models import CourseSession

        page_cache.invalidate_on(CourseSession)  # the course outline's sessions (courses/services/outline.py)
