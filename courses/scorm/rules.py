"""When a SCORM activity satisfies its lesson: the SCO's own status, and its score against the pass mark."""

from .models import ScormAttempt, ScormVersion

DONE_12 = frozenset({"passed", "completed"})


def packages_of(lesson):
    """The lesson's SCORM packages in order, once each (a deleted snippet leaves an empty block)."""
    return list(dict.fromkeys(b.value for b in lesson.body if b.block_type == "scorm" and b.value is not None))


def attempt_satisfied(attempt, version, pass_mark):
    """1.2: lesson_status passed or completed; 2004: completion_status completed and success_status not
    failed. A reported score must also reach the course's pass mark."""
    if version == ScormVersion.SCORM_12:
        done = attempt.lesson_status in DONE_12
    else:
        done = attempt.completion_status == "completed" and attempt.success_status != "failed"
    return done and (attempt.score is None or attempt.score >= pass_mark)


def scorm_satisfied(user, lesson, pass_mark):
    """Every SCORM package of the lesson has a satisfying attempt of this learner in this lesson."""
    packages = {package.pk: package.version for package in packages_of(lesson)}
    if not packages:
        return True
    attempts = ScormAttempt.objects.filter(user=user, lesson=lesson, package_id__in=packages)
    done = {a.package_id for a in attempts if attempt_satisfied(a, packages[a.package_id], pass_mark)}
    return done == set(packages)
