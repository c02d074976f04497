"""Several respondents to one assessment: their own answers, agreement, disagreement, settlement."""

import pytest

from assessments.models import Answer, Reconciliation, RespondentAnswer
from assessments.selectors import assessment_disagreements
from assessments.services.answers import AnswerRejected
from assessments.services.evaluation import assessment_disagreement_effects, disagreement_changes_verdict
from assessments.services.respondents import (
    RespondentRefused,
    disagreement_resolve,
    respondent_add,
    respondent_answers_save,
    respondent_lead,
    respondent_remove,
)
from tests.answers import READY_CLIENT
from tests.discovery.engagement_factories import make_assessment_for, make_engagement

pytestmark = pytest.mark.django_db


def _team(answers=None):
    """Pat (lead respondent) and Dana, the data lead invited to the Data and Evaluation sections."""
    assessment = make_assessment_for(make_engagement(), answers)
    pat = respondent_lead(assessment=assessment, name="Pat Product", role="product owner")
    dana = respondent_add(
        assessment=assessment,
        name="Dana Data",
        email="dana@client.example",
        role="data lead",
        sections=["data", "evaluation"],
        invited_by_label="Pat Product",
    )
    return assessment, pat, dana


def _answer(assessment, slug):
    return Answer.objects.filter(assessment=assessment, question_slug=slug).values_list("value", flat=True).first()


def test_the_lead_respondent_starts_with_the_answers_already_given():
    assessment, pat, _ = _team({"curated_examples": "100_to_1000"})
    assert RespondentAnswer.objects.get(respondent=pat, question_slug="curated_examples").value == "100_to_1000"


def test_where_respondents_agree_their_answer_is_the_answer():
    assessment, pat, dana = _team()
    respondent_answers_save(respondent=pat, values={"curated_examples": "over_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "over_1000"}, label="Dana")
    assert _answer(assessment, "curated_examples") == "over_1000"
    assert assessment_disagreements(assessment) == []


def test_where_respondents_differ_the_question_has_no_answer_and_shows_who_said_what():
    assessment, pat, dana = _team()
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    assert _answer(assessment, "curated_examples") is None
    [disagreement] = assessment_disagreements(assessment)
    assert disagreement.is_open
    assert [(r.name, value) for r, value, _words in disagreement.positions] == [
        ("Pat Product", "100_to_1000"),
        ("Dana Data", "under_100"),
    ]
    assert disagreement.positions[1][2] == "Fewer than 100 curated examples"


def test_a_respondent_is_refused_a_question_outside_their_sections_and_the_rest_is_saved():
    assessment, _pat, dana = _team()
    saved = respondent_answers_save(
        respondent=dana, values={"goals": ["style_voice"], "evaluation_method": "defined_metrics"}, label="Dana"
    )
    assert "goals" in saved.errors
    assert _answer(assessment, "goals") is None
    assert _answer(assessment, "evaluation_method") == "defined_metrics"


def test_the_effect_of_each_answer_on_the_verdict_is_given_for_a_disagreement_that_matters():
    answers = {k: v for k, v in READY_CLIENT.items() if k != "curated_examples"}
    assessment, pat, dana = _team(answers)
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    disagreements = assessment_disagreements(assessment)
    effects = assessment_disagreement_effects(assessment=assessment, disagreements=disagreements)
    assert dict(effects["curated_examples"]) == {"100_to_1000": "fine_tune", "under_100": "not_yet"}
    assert disagreement_changes_verdict(effects["curated_examples"])


def test_a_disagreement_that_gives_the_same_verdict_either_way_does_not_change_it():
    assessment, pat, _dana = _team(READY_CLIENT)
    colleague = respondent_add(
        assessment=assessment, name="Ola Ops", email="ola@client.example", invited_by_label="Pat Product"
    )
    respondent_answers_save(respondent=colleague, values={"target_timeline": "over_3_months"}, label="Ola")
    effects = assessment_disagreement_effects(assessment=assessment, disagreements=assessment_disagreements(assessment))
    assert not disagreement_changes_verdict(effects["target_timeline"])


def test_an_answer_whose_verdict_hangs_on_another_open_disagreement_gives_not_decided_yet():
    # The curated examples and the evaluation method are both disputed. Dana's "no evaluation"
    # gives Not yet whatever the examples are; Pat's "defined metrics" depends on the examples,
    # which are still open, so it gives no verdict yet (not one worked out as if they were "none").
    open_two = {k: v for k, v in READY_CLIENT.items() if k not in ("curated_examples", "evaluation_method")}
    assessment, pat, dana = _team(open_two)
    both = ("curated_examples", "evaluation_method")
    respondent_answers_save(
        respondent=pat, values=dict(zip(both, ("100_to_1000", "defined_metrics"), strict=True)), label="Pat"
    )
    respondent_answers_save(respondent=dana, values=dict(zip(both, ("under_100", "none"), strict=True)), label="Dana")
    effects = assessment_disagreement_effects(assessment=assessment, disagreements=assessment_disagreements(assessment))
    assert dict(effects["evaluation_method"]) == {"defined_metrics": None, "none": "not_yet"}
    assert dict(effects["curated_examples"]) == {"100_to_1000": None, "under_100": "not_yet"}
    assert disagreement_changes_verdict(effects["evaluation_method"])
    # Once the examples are settled, each answer on the evaluation method decides the verdict.
    disagreement_resolve(
        assessment=assessment, slug="curated_examples", value="100_to_1000", note="Pat counted.", label="Alice"
    )
    effects = assessment_disagreement_effects(
        assessment=assessment, disagreements=[d for d in assessment_disagreements(assessment) if d.is_open]
    )
    assert dict(effects["evaluation_method"]) == {"defined_metrics": "fine_tune", "none": "not_yet"}


def test_an_answer_that_leaves_the_verdict_undecided_counts_as_changing_it():
    assert disagreement_changes_verdict([("a", "fine_tune"), ("b", None)])
    assert disagreement_changes_verdict([("a", None), ("b", None)])
    assert not disagreement_changes_verdict([("a", "fine_tune"), ("b", "fine_tune")])


def test_settling_a_disagreement_stores_the_picked_answer_with_its_note():
    assessment, pat, dana = _team()
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    disagreement_resolve(
        assessment=assessment, slug="curated_examples", value="under_100", note="Dana counted them.", label="Alice"
    )
    assert _answer(assessment, "curated_examples") == "under_100"
    [disagreement] = assessment_disagreements(assessment)
    assert not disagreement.is_open
    assert disagreement.reconciliation.note == "Dana counted them."


@pytest.mark.parametrize(
    ("value", "note", "message"),
    [("under_100", "  ", "note"), ("none", "We guess.", "one of the respondents")],
)
def test_settling_is_refused_without_a_note_or_with_an_answer_nobody_gave(value, note, message):
    assessment, pat, dana = _team()
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    with pytest.raises(RespondentRefused, match=message):
        disagreement_resolve(assessment=assessment, slug="curated_examples", value=value, note=note, label="Alice")
    assert not Reconciliation.objects.exists()
    assert _answer(assessment, "curated_examples") is None


def test_settling_is_refused_where_the_respondents_agree():
    assessment, pat, _dana = _team()
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    with pytest.raises(RespondentRefused, match="agree"):
        disagreement_resolve(
            assessment=assessment, slug="curated_examples", value="100_to_1000", note="x", label="Alice"
        )


def test_a_respondent_changing_their_answer_after_a_settlement_reopens_the_disagreement():
    assessment, pat, dana = _team()
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    disagreement_resolve(
        assessment=assessment, slug="curated_examples", value="under_100", note="Dana counted.", label="Alice"
    )
    respondent_answers_save(respondent=pat, values={"curated_examples": "over_1000"}, label="Pat")
    [disagreement] = assessment_disagreements(assessment)
    assert disagreement.is_open
    assert _answer(assessment, "curated_examples") is None


def test_a_colleague_can_not_be_invited_twice_nor_to_a_section_that_does_not_exist():
    assessment, _pat, _dana = _team()
    with pytest.raises(RespondentRefused, match="already answering"):
        respondent_add(assessment=assessment, name="Dana", email="DANA@client.example", invited_by_label="Pat")
    with pytest.raises(RespondentRefused, match="Unknown section"):
        respondent_add(
            assessment=assessment, name="Sam", email="sam@client.example", sections=["finance"], invited_by_label="x"
        )


def test_a_submitted_assessment_takes_no_respondent_answers():
    assessment, pat, _dana = _team()
    assessment.status = assessment.SUBMITTED
    assessment.save()
    with pytest.raises(AnswerRejected):
        respondent_answers_save(respondent=pat, values={"curated_examples": "none"}, label="Pat")


def test_a_removed_colleagues_answers_are_kept_as_history_but_no_longer_count():
    assessment, pat, dana = _team()
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    assert _answer(assessment, "curated_examples") is None
    assert respondent_remove(respondent=dana, label="Pat Product") == ["curated_examples"]
    dana.refresh_from_db()
    assert dana.is_removed and dana.removed_by_label == "Pat Product"
    assert RespondentAnswer.objects.get(respondent=dana, question_slug="curated_examples").value == "under_100"
    assert _answer(assessment, "curated_examples") == "100_to_1000"
    assert assessment_disagreements(assessment) == []


def test_an_answer_only_a_removed_colleague_gave_is_cleared():
    assessment, _pat, dana = _team()
    respondent_answers_save(respondent=dana, values={"evaluation_method": "defined_metrics"}, label="Dana")
    assert _answer(assessment, "evaluation_method") == "defined_metrics"
    respondent_remove(respondent=dana, label="Pat Product")
    assert _answer(assessment, "evaluation_method") is None


def test_the_lead_can_not_be_removed_nor_a_colleague_twice_nor_after_submission():
    assessment, pat, dana = _team()
    with pytest.raises(RespondentRefused, match="lead respondent can't be removed"):
        respondent_remove(respondent=pat, label="Alice")
    respondent_remove(respondent=dana, label="Alice")
    with pytest.raises(RespondentRefused, match="removed already"):
        respondent_remove(respondent=dana, label="Alice")
    sam = respondent_add(assessment=assessment, name="Sam", email="sam@client.example", invited_by_label="Pat")
    assessment.status = assessment.SUBMITTED
    assessment.save()
    with pytest.raises(RespondentRefused, match="submitted"):
        respondent_remove(respondent=sam, label="Alice")


def test_a_removed_colleague_can_be_invited_again_with_a_fresh_start():
    assessment, _pat, dana = _team()
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    respondent_remove(respondent=dana, label="Pat Product")
    again = respondent_add(
        assessment=assessment, name="Dana Data", email="dana@client.example", invited_by_label="Pat Product"
    )
    assert again.pk != dana.pk and not again.answers.exists()


def test_settling_hands_an_answer_set_in_a_workshop_back_to_the_respondents():
    assessment, pat, dana = _team()
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(
        value="over_1000", set_in_workshop=True
    )
    disagreement_resolve(
        assessment=assessment, slug="curated_examples", value="under_100", note="Dana counted.", label="Alice"
    )
    answer = Answer.objects.get(assessment=assessment, question_slug="curated_examples")
    assert (answer.value, answer.set_in_workshop) == ("under_100", False)
    # From here a respondent's change re-opens it as any settled disagreement does.
    respondent_answers_save(respondent=pat, values={"curated_examples": "over_1000"}, label="Pat")
    assert _answer(assessment, "curated_examples") is None
