"""Issue 14: the server's own score of each re-checkable H5P type, from `result.response` and content.json."""

from hypothesis import given
from hypothesis import strategies as st

from courses.h5p import recheck

TF = {"question": "<p>ASN boleh berkampanye.</p>", "correct": "false"}
MC_ONE = {"answers": [{"text": "A", "correct": False}, {"text": "B", "correct": True}, {"text": "C"}]}
MC_MANY = {
    "answers": [{"text": "RUP", "correct": True}, {"text": "HPS", "correct": True}, {"text": "Foto", "correct": False}],
    "behaviour": {"singlePoint": False},
}
BLANKS = {
    "questions": ["<p>Ibu kota Indonesia adalah *Jakarta/DKI Jakarta:kota besar*.</p>", "<p>1 + 1 = *2*</p>"],
    "behaviour": {"caseSensitive": False},
}
MARK = {"textField": "<p>Pilih kata kerja: Saya *membaca* buku dan *menulis*, lalu tidur.</p>"}
DRAG = {"textField": "ASN wajib *netral:sikap\\+Tepat\\-Salah* dalam *pemilu*."}


def test_true_false():
    assert recheck.check("H5P.TrueFalse 1.8", TF, "false") == (1, 1)
    assert recheck.check("H5P.TrueFalse 1.8", TF, "true") == (0, 1)
    assert recheck.check("H5P.TrueFalse 1.8", TF, None) == (0, 1)


def test_multi_choice_with_one_right_answer_takes_one_choice():
    assert recheck.check("H5P.MultiChoice 1.16", MC_ONE, "1") == (1, 1)
    assert recheck.check("H5P.MultiChoice 1.16", MC_ONE, "0") == (0, 1)
    assert recheck.check("H5P.MultiChoice 1.16", MC_ONE, "0[,]1") == (0, 1)  # a radio question has one answer


def test_multi_choice_with_several_right_answers_deducts_wrong_ones():
    assert recheck.check("H5P.MultiChoice 1.16", MC_MANY, "0[,]1") == (2, 2)
    assert recheck.check("H5P.MultiChoice 1.16", MC_MANY, "1[,]0[,]2") == (1, 2)
    assert recheck.check("H5P.MultiChoice 1.16", MC_MANY, "2") == (0, 2)
    assert recheck.check("H5P.MultiChoice 1.16", MC_MANY, "7[,]x[,]1[,]1") == (1, 2)  # unknown or repeated: ignored
    single_point = {**MC_MANY, "behaviour": {"singlePoint": True, "passPercentage": 100}}
    assert recheck.check("H5P.MultiChoice 1.16", single_point, "0[,]1") == (1, 1)
    assert recheck.check("H5P.MultiChoice 1.16", single_point, "0") == (0, 1)


def test_blanks_accept_alternatives_and_ignore_case_and_spaces_when_told():
    assert recheck.check("H5P.Blanks 1.14", BLANKS, "dki jakarta [,] 2") == (2, 2)
    assert recheck.check("H5P.Blanks 1.14", BLANKS, "Bandung[,]2") == (1, 2)
    assert recheck.check("H5P.Blanks 1.14", BLANKS, "kota besar[,]") == (0, 2)  # the tip is not an answer
    strict = {**BLANKS, "behaviour": {}}  # the player's default: case matters
    assert recheck.check("H5P.Blanks 1.14", strict, "jakarta[,]2") == (1, 2)


def test_blanks_accept_a_small_misspelling_only_when_allowed():
    fuzzy = {"questions": ["*Pancasila*"], "behaviour": {"acceptSpellingErrors": True}}
    assert recheck.check("H5P.Blanks 1.14", fuzzy, "Pancasilq") == (1, 1)
    assert recheck.check("H5P.Blanks 1.14", fuzzy, "Pancsilq") == (0, 1)
    assert recheck.check("H5P.Blanks 1.14", {"questions": ["*Pancasila*"]}, "Pancasilq") == (0, 1)


def test_mark_the_words_counts_selected_words_by_their_index():
    words = recheck.marked_words(MARK)
    assert [w for w, _answer in words] == [
        "Pilih",
        "kata",
        "kerja",
        "Saya",
        "*membaca*",
        "buku",
        "dan",
        "*menulis*",
    ] + [
        "lalu",
        "tidur",
    ]
    assert recheck.check("H5P.MarkTheWords 1.11", MARK, "4[,]7") == (2, 2)
    assert recheck.check("H5P.MarkTheWords 1.11", MARK, "4[,]5") == (0, 2)
    assert recheck.check("H5P.MarkTheWords 1.11", MARK, "4") == (1, 2)


def test_drag_text_needs_the_exact_word_on_each_zone():
    assert recheck.drag_solutions(DRAG) == ["netral", "pemilu"]
    assert recheck.check("H5P.DragText 1.10", DRAG, "netral[,]pemilu") == (2, 2)
    assert recheck.check("H5P.DragText 1.10", DRAG, "pemilu[,]netral") == (0, 2)
    assert recheck.check("H5P.DragText 1.10", DRAG, "[,]pemilu") == (1, 2)
    assert recheck.check("H5P.DragText 1.10", DRAG, "Netral[,]pemilu") == (1, 2)


def part(sub_content_id=None, response="0", description=None):
    target = {"id": "http://x/h5p/1/" + (f"?subContentId={sub_content_id}" if sub_content_id else "")}
    if description:
        target["definition"] = {"description": {"en-US": description}}
    return {"object": target, "result": {"response": response}, "context": {"contextActivities": {"parent": [{}]}}}


QS = {
    "questions": [
        {"library": "H5P.TrueFalse 1.8", "params": TF, "subContentId": "q1"},
        {"library": "H5P.MultiChoice 1.16", "params": MC_ONE, "subContentId": "q2"},
        {"library": "H5P.DragText 1.10", "params": DRAG, "subContentId": "q3"},
    ]
}


def test_a_question_set_scores_each_question_once_by_its_latest_answer():
    one_right = [part("q1", "false"), part("q2", "0"), part("q3", "pemilu[,]netral")]
    assert recheck.check("H5P.QuestionSet 1.20", QS, parts=one_right) == (1, 4)
    again = [*one_right, part("q1", "false"), part("q2", "1")]  # answered again: the latest counts, once
    assert recheck.check("H5P.QuestionSet 1.20", QS, parts=again) == (2, 4)
    assert recheck.check("H5P.QuestionSet 1.20", QS, parts=[part("zz", "false")]) == (0, 4)


def test_a_single_choice_set_scores_the_first_alternative_by_question_text():
    scs = {
        "choices": [
            {"question": "Asas ASN?", "answers": ["Netral", "Partisan"]},
            {"question": "Q &amp; A", "answers": ["a", "b"]},
        ]
    }
    parts = [part(description="Asas ASN?", response="0"), part(description="Q & A", response="1")]
    assert recheck.check("H5P.SingleChoiceSet 1.11", scs, parts=parts) == (1, 2)


def test_corpu_sample_types_are_scored_as_their_players_score():
    assert recheck.check("H5P.CorpUTrueFalse 1.0", TF, "false") == (1, 1)
    assert recheck.check("H5P.CorpUTrueFalse 1.0", TF, "true") == (0, 1)
    many = {"answers": MC_MANY["answers"]}  # no behaviour: the player gives a point per right choice anyway
    assert recheck.check("H5P.CorpUMultipleChoice 1.0", many, "0[,]1") == (2, 2)
    assert recheck.check("H5P.CorpUMultipleChoice 1.0", many, "0") == (1, 2)
    assert recheck.check("H5P.CorpUMultipleChoice 1.0", many, "0[,]2") == (0, 2)
    assert recheck.check("H5P.CorpUMultipleChoice 1.0", MC_ONE, "1") == (1, 1)
    assert recheck.check("H5P.CorpUMultipleChoice 1.0", MC_ONE, "0[,]1") == (0, 1)
    nothing_right = {"answers": [{"text": "A"}, {"text": "B"}]}
    assert recheck.check("H5P.CorpUMultipleChoice 1.0", nothing_right, "") == (0, 1)  # the player scores 0 too


def test_what_cannot_be_rechecked():
    assert recheck.check("H5P.Essay 1.5", {}, "jawaban") is None
    assert recheck.check("H5P.DragQuestion 1.14", {}, "0[.]1") is None
    with_essay = {"questions": [*QS["questions"], {"library": "H5P.Essay 1.5", "params": {}, "subContentId": "q4"}]}
    assert not recheck.can_recheck("H5P.QuestionSet 1.20", with_essay)
    assert not recheck.can_recheck("H5P.QuestionSet 1.20", {"questions": [{"library": "H5P.TrueFalse 1.8"}]})
    assert recheck.can_recheck("H5P.QuestionSet 1.20", QS)


def test_part_keys_read_the_sub_content_id_wherever_h5p_puts_it():
    by_extension = {"object": {"id": "x", "definition": {"extensions": {recheck.SUB_CONTENT: "q9"}}}}
    assert recheck.part_keys(by_extension) == ["q9"]
    assert recheck.part_keys(part("ab-12")) == ["ab-12"]


responses = st.lists(st.sampled_from(["0", "1", "2", "3", "x", "", " 1 ", "99"]), max_size=6).map("[,]".join)


@given(responses)
def test_choice_scores_stay_within_zero_and_max_for_any_response(response):
    for params in (MC_ONE, MC_MANY, {"answers": [{"text": "x"}]}):
        for library in ("H5P.MultiChoice 1.16", "H5P.CorpUMultipleChoice 1.0"):
            raw, maximum = recheck.check(library, params, response)
            assert 0 <= raw <= maximum
    raw, maximum = recheck.check("H5P.MarkTheWords 1.11", MARK, response)
    assert 0 <= raw <= maximum == 2


@given(st.lists(st.text(max_size=12), max_size=4))
def test_blank_and_drag_scores_stay_within_zero_and_max_for_any_answers(answers):
    response = "[,]".join(answers)
    for library, params in (("H5P.Blanks", BLANKS), ("H5P.DragText", DRAG)):
        raw, maximum = recheck.check(library, params, response)
        assert 0 <= raw <= maximum == 2


@given(st.permutations(["netral", "pemilu"]))
def test_drag_text_full_marks_only_in_the_right_order(order):
    expected = 2 if order == ["netral", "pemilu"] else 0
    assert recheck.check("H5P.DragText", DRAG, "[,]".join(order)) == (expected, 2)


@given(st.text(alphabet="abcdefghij", min_size=4, max_size=14), st.integers(min_value=0, max_value=13))
def test_one_swapped_pair_of_letters_is_a_small_misspelling(word, at):
    at = at % (len(word) - 1)
    swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    assert recheck._osa_distance(word, swapped) <= 1
    fuzzy = {"questions": [f"*{word}*"], "behaviour": {"acceptSpellingErrors": True}}
    assert recheck.check("H5P.Blanks", fuzzy, swapped) == (1, 1)


def test_oversized_or_odd_responses_score_nothing_quickly():
    assert recheck.check("H5P.MultiChoice", MC_MANY, "9" * 5000 + "[,]１[,]१") == (0, 2)
    fuzzy = {"questions": ["*Pancasila*"], "behaviour": {"acceptSpellingErrors": True}}
    assert recheck.check("H5P.Blanks", fuzzy, "x" * 200_000) == (0, 1)
