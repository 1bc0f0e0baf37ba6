"""The server's own score of an H5P answer: `result.response` checked against the package's content parameters.

Each scorer takes the content parameters and the response as H5P formats it (answers joined by `[,]`) and
returns (raw, max) as the content type itself would compute it. Sets (Question Set, Single Choice Set) are
scored from their questions' latest answers in the attempt, keyed by subContentId (Single Choice Set's questions
carry none, so by their question text). Types without a scorer here cannot be re-checked.
"""

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from corpu.storage import private_storage

SEPARATOR = "[,]"
SUB_CONTENT = "http://h5p.org/x-api/h5p-subContentId"
CLOZE = re.compile(r"\*([^*]*)\*")
DRAG_PARTS = re.compile(r"(\*.*?\*)")
MARK_WORDS = re.compile(r" \*[^* ]+\* |\S+")
WORD_PREFIX = re.compile(r"^[\[({⟨¿¡“\"«„]+")
WORD_SUFFIX = re.compile(r"[\",….:;?!\])}⟩»”]+$")
TAGS = re.compile(r"<[^>]*>")


def machine_name(library):
    """ "H5P.MultiChoice 1.16" → "H5P.MultiChoice"."""
    return str(library or "").split(" ")[0]


def plain(text):
    """Text of an HTML fragment, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(TAGS.sub(" ", str(text or ""))).split())


def answers_of(response):
    """The answers of an H5P `result.response`, in order."""
    return str(response).split(SEPARATOR) if response not in (None, "") else []


def _indices(response, count):
    chosen = []
    for item in answers_of(response):
        item = item.strip()
        if item.isascii() and item.isdigit() and len(item) < 7 and int(item) < count and int(item) not in chosen:
            chosen.append(int(item))
    return chosen


def _dict(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def true_false(params, response):
    """H5P.TrueFalse: response "true"/"false" against `correct`."""
    return int(str(response).strip() == str(params.get("correct", "true"))), 1


def multi_choice(params, response):
    """H5P.MultiChoice: response = chosen answers' original indices. One correct answer (or type "single"):
    1 point for it; otherwise +1 per right choice, −1 per wrong, at least 0, and with `singlePoint` (the player's
    default) 1 point when the pass percentage is reached."""
    correct = [bool(_dict(answer).get("correct")) for answer in _list(params.get("answers"))]
    behaviour = _dict(params.get("behaviour"))
    right = sum(correct)
    kind = behaviour.get("type", "auto")
    single = right == 1 if kind == "auto" else kind == "single"
    chosen = _indices(response, len(correct))
    if single:
        return int(len(chosen) == 1 and correct[chosen[0]]), 1
    if right == 0:  # nothing is correct: the blank answer is
        return int(not chosen), 1
    raw = max(0, sum(1 if correct[i] else -1 for i in chosen))
    if behaviour.get("singlePoint", True):
        return int(100 * raw / right >= behaviour.get("passPercentage", 100)), 1
    return raw, right


def _osa_distance(a, b):
    """Damerau-Levenshtein distance (optimal string alignment), as H5P.TextUtilities computes it."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def _misspelt(answer, option):
    """H5P.Blanks' small misspelling: one edit for answers over 3 letters, two for those over 9."""
    if abs(len(answer) - len(option)) > 2:  # farther apart is never a small misspelling (and stays cheap)
        return False
    distance = _osa_distance(answer, option)
    return (len(option) > 9 and distance <= 2) or (len(option) > 3 and distance <= 1)


def blank_solutions(params):
    """Per blank of H5P.Blanks, its accepted answers: `*answer/alternative:tip*`, tags stripped, decoded."""
    solutions = []
    for question in _list(params.get("questions")):
        for cloze in CLOZE.findall(str(question)):
            text = TAGS.sub("", cloze).split(":", 1)[0]
            solutions.append([html.unescape(alternative).strip() for alternative in text.split("/")])
    return solutions


def blanks(params, response):
    """H5P.Blanks: one point per blank whose trimmed answer is accepted (case-insensitive unless `caseSensitive`,
    the player's default; small misspellings with `acceptSpellingErrors`)."""
    behaviour = _dict(params.get("behaviour"))
    case = behaviour.get("caseSensitive", True) is True
    fuzzy = behaviour.get("acceptSpellingErrors") is True
    given = answers_of(response)
    raw = 0
    solutions = blank_solutions(params)
    for index, accepted in enumerate(solutions):
        answer = given[index].strip() if index < len(given) else ""
        if not case:
            answer, accepted = answer.lower(), [option.lower() for option in accepted]
        if any(answer == option or (fuzzy and _misspelt(answer, option)) for option in accepted):
            raw += 1
    return raw, len(solutions)


class _TextNodes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes = []

    def handle_data(self, data):
        self.nodes.append(data)


def marked_words(params):
    """H5P.MarkTheWords' selectable words in order, each (text, is an answer): words of every text node,
    leading/trailing punctuation left out, `*word*` marking an answer."""
    parser = _TextNodes()
    parser.feed(str(params.get("textField", "")))
    parser.close()
    words = []
    for node in parser.nodes:
        for entry in MARK_WORDS.findall(re.sub(r"\r\n|\n|\r", " ", node)):
            entry = entry.strip()
            prefix, suffix = WORD_PREFIX.search(entry), WORD_SUFFIX.search(entry)
            start = len(prefix.group()) if prefix else 0
            end = len(entry) - (len(suffix.group()) if suffix else 0)
            word = entry[start:end] if end > start else ""
            if word:
                words.append((word, len(word) > 1 and word.startswith("*") and word.endswith("*")))
    return words


def mark_the_words(params, response):
    """H5P.MarkTheWords: response = selected word indices; right selections minus wrong ones, at least 0, out of
    the number of answers (a text without answers: 1 point for selecting nothing wrong)."""
    answers = [is_answer for _word, is_answer in marked_words(params)]
    chosen = _indices(response, len(answers))
    right = sum(1 for i in chosen if answers[i])
    wrong = len(chosen) - right
    if not any(answers):
        return int(wrong == 0), 1
    return max(right - wrong, 0), sum(answers)


def drag_solutions(params):
    """H5P.DragText's drop zones in order, each its correct text: `*answer:tip\\+right\\-wrong*`."""
    solutions = []
    for part in DRAG_PARTS.split(str(params.get("textField", ""))):
        if len(part) > 1 and part.startswith("*") and part.endswith("*"):
            inner = re.split(r"\\[+-]", part[1:-1], maxsplit=1)[0]
            solutions.append(html.unescape(inner.split(":", 1)[0]).strip())
    return solutions


def drag_text(params, response):
    """H5P.DragText: response = the text dropped on each zone ("" for an empty one); one point per exact match."""
    given = answers_of(response)
    solutions = drag_solutions(params)
    raw = sum(
        1
        for index, solution in enumerate(solutions)
        if index < len(given) and html.unescape(given[index]).strip() == solution
    )
    return raw, len(solutions)


def corpu_multiple_choice(params, response):
    """H5P.CorpUMultipleChoice: with one correct answer (or none), 1 point for choosing just that one; with several,
    MultiChoice's +1/−1 per choice out of the number of correct answers (no `singlePoint`)."""
    several = sum(bool(_dict(answer).get("correct")) for answer in _list(params.get("answers"))) > 1
    behaviour = {"type": "multi" if several else "single", "singlePoint": False}
    return multi_choice({**params, "behaviour": behaviour}, response)


SCORERS = {
    "H5P.CorpUTrueFalse": true_false,
    "H5P.CorpUMultipleChoice": corpu_multiple_choice,
    "H5P.TrueFalse": true_false,
    "H5P.MultiChoice": multi_choice,
    "H5P.Blanks": blanks,
    "H5P.MarkTheWords": mark_the_words,
    "H5P.DragText": drag_text,
}


def single_choice_set(params, parts):
    """H5P.SingleChoiceSet: one point per question whose answer is "0" (its first alternative, the right one)."""
    choices = _list(params.get("choices"))
    raw = sum(1 for choice in choices if str(parts.get(plain(_dict(choice).get("question")), "")).strip() == "0")
    return raw, len(choices)


def question_set(params, parts):
    """H5P.QuestionSet: the sum of its questions' scores, each from its latest answer in the attempt."""
    raw = maximum = 0
    for question in _list(params.get("questions")):
        question = _dict(question)
        score, most = SCORERS[machine_name(question.get("library"))](
            _dict(question.get("params")), parts.get(question.get("subContentId"))
        )
        raw, maximum = raw + score, maximum + most
    return raw, maximum


SETS = {"H5P.SingleChoiceSet": single_choice_set, "H5P.QuestionSet": question_set}
RECHECKABLE = frozenset(SCORERS) | frozenset(SETS)


def can_recheck(library, params):
    """Whether the server can score this content itself: a type with a scorer, or a Question Set whose every
    question is one (each with its subContentId)."""
    name = machine_name(library)
    if name in SCORERS or name == "H5P.SingleChoiceSet":
        return True
    if name != "H5P.QuestionSet":
        return False
    questions = [_dict(q) for q in _list(_dict(params).get("questions"))]
    return bool(questions) and all(
        machine_name(q.get("library")) in SCORERS and isinstance(q.get("subContentId"), str) for q in questions
    )


def part_keys(statement):
    """What names the question a part statement answers: its subContentId and its question text."""
    target = _dict(statement.get("object"))
    definition = _dict(target.get("definition"))
    keys = []
    match = re.search(r"[?&]subContentId=([^&#]+)", str(target.get("id", "")))
    for found in (
        match.group(1) if match else None,
        _dict(definition.get("extensions")).get(SUB_CONTENT),
        _dict(_dict(statement.get("context")).get("extensions")).get(SUB_CONTENT),
    ):
        if isinstance(found, str) and found:
            keys.append(found)
    description = _dict(definition.get("description"))
    if description:
        keys.append(plain(next(iter(description.values()))))
    return keys


def part_answers(statements):
    """The latest response per question key among a set's part statements (given oldest first)."""
    answers = {}
    for statement in statements:
        response = _dict(statement.get("result")).get("response")
        if response is None:
            continue
        for key in part_keys(statement):
            answers[key] = response
    return answers


def check(library, params, response=None, parts=()):
    """(raw, max) the server scores, or None when it cannot check this content. `parts`: a set's part
    statements of the same attempt, oldest first."""
    name = machine_name(library)
    if not can_recheck(library, params):
        return None
    if name in SETS:
        return SETS[name](params, part_answers(parts))
    return SCORERS[name](params, "" if response is None else response)


def content_params(activity):
    """The activity's stored content parameters (content/content.json as filtered on upload); {} if unreadable."""
    if not activity.folder:
        return {}
    try:
        return _dict(json.loads((Path(private_storage.path(activity.folder)) / "content" / "content.json").read_text()))
    except (OSError, ValueError):
        return {}


def activity_rechecked(activity):
    """Whether the server re-checks this activity's scores."""
    return can_recheck(activity.main_library, content_params(activity))
