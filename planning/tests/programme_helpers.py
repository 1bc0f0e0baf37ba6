"""Programmes for the programme tests: made directly (year, level, targets) and invited like the forum does."""

import datetime

from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, LessonPage
from planning.lan import Level, Method
from planning.models import Delivery, LearningProgramme
from planning.services import invitations

from .conftest import YEAR


def make_programme(world, title="Program", units=None, positions="", **extra):
    data = {
        "year": YEAR,
        "level": Level.STRATEGIC,
        "title": title,
        "objective": "Mampu menyampaikan laporan teknis dengan jelas",
        "method": Method.FORMAL,
        "organiser": "BKPSDM",
        "starts_on": datetime.date(YEAR, 5, 4),
        "ends_on": datetime.date(YEAR, 5, 6),
        "delivery": Delivery.EXTERNAL,
        "target_positions": positions,
        "competency": world["komunikasi"],
        **extra,
    }
    item = LearningProgramme.objects.create(**data)
    item.target_units.set(units if units is not None else [world["bidang"]])
    invitations.invite(item, email=False)
    return item


def published_course(home, title="Komunikasi Publik"):
    catalog = CourseCatalogPage.objects.first()
    if catalog is None:
        catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus"))
        catalog.save_revision().publish()
    course = catalog.add_child(instance=CoursePage(title=title, access_level=AccessLevel.ASN))
    course.save_revision().publish()
    lesson = course.add_child(instance=LessonPage(title="Pengantar", body=[("text", "<p>Halo</p>")]))
    lesson.save_revision().publish()
    return course, lesson
