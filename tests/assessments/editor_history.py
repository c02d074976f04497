"""Builders for editor tests: a history of evaluated assessments, and a draft to change."""

from assessments.models import Answer, Assessment
from assessments.selectors import published_criteria_set
from assessments.services.evaluation import assessment_evaluate
from assessments.services.publishing import content_draft_from
from discovery.models import Engagement, Organisation


def seed_history(count=None):
    """One submitted, evaluated assessment per golden case of the published criteria set
    (cycled up to `count`), each in its own engagement. Returns the assessments."""
    criteria_set = published_criteria_set()
    cases = list(criteria_set.golden_cases.all())
    count = count or len(cases)
    assessments = []
    for i in range(count):
        case = cases[i % len(cases)]
        organisation = Organisation.objects.create(name=f"Client {i} Ltd")
        engagement = Engagement.objects.create(organisation=organisation, source=Engagement.WORKSHOP)
        assessment = Assessment.objects.create(engagement=engagement, questionnaire=criteria_set.questionnaire)
        Answer.objects.bulk_create(
            Answer(assessment=assessment, question_slug=slug, value=value) for slug, value in case.answers.items()
        )
        assessment_evaluate(assessment=assessment, criteria_set=criteria_set)
        assessments.append(assessment)
    return assessments


def draft_with_condition(user, slug, condition):
    """A new draft of the published criteria set with one criterion's condition changed."""
    draft = content_draft_from(version=published_criteria_set(), user=user)
    criterion = draft.criteria.get(slug=slug)
    criterion.condition = condition
    criterion.save()
    return draft
