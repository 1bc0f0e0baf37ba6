"""Demo evaluation levels 1 and 2 of a year: a question set for CoP sessions and one for programmes and external
activities, reaction responses about a course, a CoP session, a learning programme and external activities, and
a course with a pre-test / post-test pair its learners took — all made through the services. Idempotent: a
participant who already answered is skipped, a learner's quizzes are only taken once."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Site

from corpu.access import AccessLevel
from courses import services as courses
from courses.models import CourseCatalogPage, CoursePage, LessonPage, QuizAttempt
from people.models import User

from .models import PrePostPair, Question, QuestionSet, Response, TargetKind
from .services import reaction

DEMO_COURSE = "Penilaian Kinerja ASN: Pre-test dan Post-test"
QUIZ = {
    "max_attempts": 2,
    "questions": [
        {"kind": "tf", "text": "SKP disusun setiap tahun.", "answer_true": True},
        {"kind": "tf", "text": "Perilaku kerja tidak dinilai dalam SKP.", "answer_true": False},
        {"kind": "tf", "text": "Dialog kinerja dilakukan pegawai bersama atasannya.", "answer_true": True},
        {"kind": "tf", "text": "Ekspektasi pimpinan dituangkan dalam SKP.", "answer_true": True},
    ],
}
RIGHT = ["true", "false", "true", "true"]
LEARNERS = ["pegawai01", "pegawai02", "pegawai03", "pegawai04", "pegawai05", "pegawai06", "asn"]
SETS = {
    TargetKind.COP_SESSION: (
        "Survei reaksi sesi komunitas",
        "Bagaimana sesi komunitas ini menurut Anda?",
        [
            ("likert", "Topik sesi sesuai dengan masalah di tempat kerja saya", ""),
            ("likert", "Narasumber menjelaskan dengan jelas", ""),
            ("choice", "Format sesi yang paling Anda sukai", "Luring\nDaring\nCampuran"),
            ("text", "Topik yang Anda usulkan untuk sesi berikutnya", ""),
        ],
    ),
    TargetKind.PROGRAMME: (
        "Survei reaksi program pembelajaran",
        "Bagaimana program pembelajaran ini menurut Anda?",
        [
            ("likert", "Program sesuai dengan kebutuhan pengembangan kompetensi saya", ""),
            ("likert", "Jadwal dan tempat program memadai", ""),
            ("text", "Saran untuk penyelenggara", ""),
        ],
    ),
    TargetKind.EXTERNAL: (
        "Survei reaksi kegiatan eksternal",
        "Bagaimana kegiatan ini menurut Anda?",
        [
            ("likert", "Kegiatan relevan dengan pekerjaan saya", ""),
            ("choice", "Apakah Anda menyarankan kegiatan ini kepada rekan?", "Ya\nMungkin\nTidak"),
            ("text", "Hal yang akan Anda terapkan", ""),
        ],
    ),
}
COMMENTS = [
    "Perbanyak contoh kasus dari daerah kita.",
    "Materi sangat membantu pekerjaan sehari-hari.",
    "Waktu praktik perlu ditambah.",
    "",
]


def question_sets():
    for kind, (title, intro, questions) in SETS.items():
        question_set, created = QuestionSet.objects.get_or_create(
            default_for=kind, defaults={"title": title, "intro": intro}
        )
        if created:
            for order, (qkind, text, options) in enumerate(questions):
                Question.objects.create(
                    question_set=question_set,
                    sort_order=order,
                    kind=qkind,
                    text=text,
                    options=options,
                    required=qkind != "text",
                )


def answers_for(target, index):
    """A plausible filled-in form (field name -> value) for the index-th respondent."""
    data = {}
    for question in reaction.questions_of(target.question_set):
        name = f"reaksi-q{question.pk}"
        if question.kind == "likert":
            data[name] = str(5 - (index + question.sort_order) % 3)
        elif question.kind == "choice":
            data[name] = question.option_list[index % len(question.option_list)]
        elif COMMENTS[index % len(COMMENTS)]:
            data[name] = COMMENTS[index % len(COMMENTS)]
    return data


def respond(user, obj, index, when):
    """The user answers the activity's survey once (later runs skip); the response dated `when`."""
    target = reaction.target_of(obj)
    if target is None or not reaction.may_answer(user, obj) or reaction.has_answered(user, target):
        return 0
    response = reaction.submit(user, obj, answers_for(target, index))
    Response.objects.filter(pk=response.pk).update(submitted_at=when)
    return 1


def demo_course():
    """A small course whose first lesson is a pre-test quiz and last a post-test quiz (same questions)."""
    catalog = CourseCatalogPage.objects.first()
    if catalog is None:
        home = Site.objects.get(is_default_site=True).root_page
        catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-daring"))
    course = CoursePage.objects.child_of(catalog).filter(title=DEMO_COURSE).first()
    if course is None:
        course = catalog.add_child(
            instance=CoursePage(
                title=DEMO_COURSE,
                access_level=AccessLevel.ASN,
                jp_value=Decimal(2),
                ledger_form="e_learning",
                summary="Ukur pemahaman Anda sebelum dan sesudah belajar menyusun SKP.",
            )
        )
        course.save_revision().publish()
    lessons = {}
    for title, body, required in [
        ("Pre-test: penilaian kinerja", [("quiz", {"title": "Pre-test", **QUIZ})], False),
        ("Materi: SKP dan dialog kinerja", [("text", "<p>SKP memuat hasil kerja dan perilaku kerja.</p>")], True),
        ("Post-test: penilaian kinerja", [("quiz", {"title": "Post-test", **QUIZ})], True),
    ]:
        page = LessonPage.objects.child_of(course).filter(title=title).first()
        if page is None:
            page = course.add_child(instance=LessonPage(title=title, body=body, required=required))
            page.save_revision().publish()
        lessons[title.split(":")[0]] = page
    pair = PrePostPair.objects.filter(course=course).first()
    if pair is None:
        pair = PrePostPair(
            course=course,
            title="Pemahaman penilaian kinerja",
            pre_kind="quiz",
            pre_lesson=lessons["Pre-test"],
            post_kind="quiz",
            post_lesson=lessons["Post-test"],
        )
        pair.full_clean()
        pair.save()
    return course, lessons, pair


def _answers(right):
    return {
        str(i): answer if i < right else ("false" if answer == "true" else "true") for i, answer in enumerate(RIGHT)
    }


def take_course(user, course, lessons, index):
    """Pre-test (1–3 right), reading, post-test (3–4 right: the course completes). Once per learner."""
    if QuizAttempt.objects.filter(user=user, lesson=lessons["Pre-test"]).exists():
        return
    courses.enrol(user, course)
    pre_block = lessons["Pre-test"].blocks_of("quiz")[0][0]
    post_block = lessons["Post-test"].blocks_of("quiz")[0][0]
    courses.submit_quiz(user, lessons["Pre-test"], pre_block, _answers(1 + index % 3))
    courses.complete_lesson(user, lessons["Materi"])
    if index % 4 != 3:  # one learner in four leaves before the post-test
        courses.submit_quiz(user, lessons["Post-test"], post_block, _answers(3 + index % 2))


def seed(out, year=None):
    year = year or timezone.localdate().year
    when = min(timezone.make_aware(datetime.datetime(year, 6, 15, 10, 0)), timezone.now())
    question_sets()
    made = 0
    course, lessons, _pair = demo_course()
    learners = list(User.objects.filter(username__in=LEARNERS).order_by("username"))
    for index, user in enumerate(learners):
        take_course(user, course, lessons, index)
        made += respond(user, course, index, when)
    from communities.models import CopSession
    from ledger.models import Entry
    from planning.models import LearningProgramme

    for session in CopSession.objects.filter(starts_at__year=year).prefetch_related("attendances__user")[:5]:
        for index, attendance in enumerate(session.attendances.all()):
            made += respond(attendance.user, session, index, when)
    staff = list(User.objects.filter(is_active=True, unit_kerja__isnull=False).select_related("unit_kerja"))
    for programme in LearningProgramme.objects.filter(year=year).prefetch_related("target_units")[:3]:
        targeted = [user for user in staff if reaction.may_answer(user, programme)][:6]
        for index, user in enumerate(targeted):
            made += respond(user, programme, index, when)
    entries = Entry.objects.filter(source="external", kind="original", start_date__year=year).exclude(status="rejected")
    for index, entry in enumerate(entries.select_related("employee").order_by("pk")[:8]):
        made += respond(entry.employee, entry, index, when)
    total = Response.objects.filter(submitted_at__year=year).count()
    out.write(f"Evaluasi reaksi dan pembelajaran {year}: {made} jawaban survei baru ({total} jawaban tahun ini).")
