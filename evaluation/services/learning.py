"""Learning gain of a course's pre-test / post-test pairs (docs/adr/0016).

A learner's pre-test score is their first result on it (retaking the pre-test after learning does not raise it);
their post-test score is their best result, as the course itself counts it: for a quiz the best attempt, for an
H5P activity the stored best score (the server's re-checked score where it re-checks). Gain is post − pre in
percentage points; the normalised gain (post − pre) / (100 − pre) is given where pre < 100."""

from dataclasses import dataclass
from statistics import mean

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from courses.models import H5PResult, QuizAttempt, XAPIStatement
from courses.services import is_part

from ..models import AssessmentKind, PrePostPair


@dataclass(frozen=True)
class Score:
    percent: float
    at: object  # when it was reached (datetime)


def _clamp(value):
    return min(max(float(value), 0.0), 100.0)


def _quiz_scores(lesson, block_id, user_ids, first):
    rows = QuizAttempt.objects.filter(lesson=lesson, block_id=block_id, user_id__in=user_ids).order_by(
        "user_id", "submitted_at", "pk"
    )
    scores = {}
    for user_id, score, at in rows.values_list("user_id", "score", "submitted_at"):
        best = scores.get(user_id)
        if best is None or (not first and float(score) > best.percent):
            scores[user_id] = Score(_clamp(score), at)
    return scores


def _h5p_first(activity, user_ids):
    """The first counted score of each learner: the activity's own statements (not a part's), the server's
    re-checked score where there is one."""
    rows = (
        XAPIStatement.objects.filter(activity=activity, user_id__in=user_ids, reported_score__isnull=False)
        .order_by("user_id", "stored_at", "pk")
        .values_list("user_id", "reported_score", "checked_score", "stored_at", "statement")
    )
    scores = {}
    for user_id, reported, checked, at, statement in rows:
        if user_id not in scores and not is_part(statement):
            scores[user_id] = Score(_clamp(reported if checked is None else checked), at)
    return scores


def _h5p_best(activity, user_ids):
    rows = (
        H5PResult.objects.filter(activity=activity, user_id__in=user_ids)
        .annotate(percent=Cast("best_score", FloatField()))
        .values_list("user_id", "percent", "updated_at")
    )
    return {user_id: Score(_clamp(percent), at) for user_id, percent, at in rows if percent is not None}


def scores(pair, which, user_ids):
    """learner id -> Score on the pair's "pre" or "post" assessment (first result for pre, best for post)."""
    kind, lesson, ref = pair.assessment(which)
    if kind == AssessmentKind.QUIZ:
        return _quiz_scores(lesson, ref, user_ids, first=which == "pre")
    if ref is None:
        return {}
    return _h5p_first(ref, user_ids) if which == "pre" else _h5p_best(ref, user_ids)


@dataclass(frozen=True)
class Gain:
    user: object
    pre: Score | None
    post: Score | None

    @property
    def paired(self):
        return self.pre is not None and self.post is not None

    @property
    def points(self):
        return round(self.post.percent - self.pre.percent, 2) if self.paired else None

    @property
    def normalised(self):
        if not self.paired or self.pre.percent >= 100:
            return None
        return round((self.post.percent - self.pre.percent) / (100 - self.pre.percent), 3)


def pair_gains(pair):
    """One Gain per learner of the course holding a result on either test, by name. Constant queries."""
    from courses.models import Enrolment

    enrolments = Enrolment.objects.filter(course_id=pair.course_id).select_related("user").order_by("user__nama")
    users = {e.user_id: e.user for e in enrolments}
    pre, post = scores(pair, "pre", list(users)), scores(pair, "post", list(users))
    return [Gain(user, pre.get(uid), post.get(uid)) for uid, user in users.items() if uid in pre or uid in post]


def summary(gains):
    """Per course: n paired learners, learners with only one of the two tests, mean pre, post, gain, normalised."""
    paired = [g for g in gains if g.paired]
    normalised = [g.normalised for g in paired if g.normalised is not None]
    return {
        "paired": len(paired),
        "only_pre": sum(1 for g in gains if g.pre is not None and g.post is None),
        "only_post": sum(1 for g in gains if g.post is not None and g.pre is None),
        "mean_pre": round(mean(g.pre.percent for g in paired), 2) if paired else None,
        "mean_post": round(mean(g.post.percent for g in paired), 2) if paired else None,
        "mean_gain": round(mean(g.points for g in paired), 2) if paired else None,
        "mean_normalised": round(mean(normalised), 3) if normalised else None,
    }


def course_pairs(course):
    """The course's pairs with their per-learner gains and summary."""
    pairs = PrePostPair.objects.filter(course=course).select_related(
        "pre_lesson", "post_lesson", "pre_activity", "post_activity"
    )
    result = []
    for pair in pairs:
        gains = pair_gains(pair)
        result.append({"pair": pair, "gains": gains, "summary": summary(gains)})
    return result


def paired_gains_in(year, units=None):
    """Every paired learner of every pair whose post-test result falls in `year` (units: the learners' units)."""
    unit_ids = None if units is None else {getattr(u, "pk", u) for u in units}
    found = []
    for pair in PrePostPair.objects.select_related("pre_lesson", "post_lesson", "pre_activity", "post_activity"):
        for gain in pair_gains(pair):
            if not gain.paired or timezone.localtime(gain.post.at).year != year:
                continue
            if unit_ids is not None and gain.user.unit_kerja_id not in unit_ids:
                continue
            found.append(gain)
    return found
