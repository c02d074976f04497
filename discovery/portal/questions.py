"""Turning the questionnaire into pages and posted fields back into answers, for the client's forms.

The server's engine decides visibility: a section is rendered with only the questions its current
answers show, and a posted answer to a question that is hidden is ignored.
"""

from dataclasses import dataclass, field

from assessments import engine
from assessments.services.answers import AnswerRejected, SavedAnswers, answers_save
from discovery.portal.answer_input import posted_answer

PRESENT = "present"  # each rendered question posts its slug here, so an unticked box reads as "cleared"


def visible_slugs(definition: engine.Questionnaire, answers: dict) -> set[str]:
    return set(engine.visible_slugs(definition, answers))


@dataclass
class QuestionField:
    question: engine.Question
    value: object = None
    error: str = ""

    @property
    def name(self) -> str:
        return self.question.slug

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        """(value, label, checked) for each option; yes/no questions get Yes and No."""
        q = self.question
        if q.type == "yes_no":
            return [("yes", "Yes", self.value is True), ("no", "No", self.value is False)]
        chosen = self.value if isinstance(self.value, list) else [self.value]
        return [(c.value, c.label, c.value in chosen) for c in q.choices]


@dataclass
class SectionPage:
    section: engine.Section
    fields: list[QuestionField] = field(default_factory=list)


def section_page(definition, section, answers: dict, errors: dict, posted: dict) -> SectionPage:
    """The questions of `section` shown for `answers`; a rejected value is redisplayed as typed."""
    shown = visible_slugs(definition, answers)
    page = SectionPage(section)
    for q in section.questions:
        if q.slug in shown:
            value = posted[q.slug] if q.slug in errors and q.slug in posted else answers.get(q.slug)
            page.fields.append(QuestionField(q, value, errors.get(q.slug, "")))
    return page


def read_posted(questions, post) -> tuple[dict, dict[str, str]]:
    """(posted values, errors) by slug for the ``questions`` the page said it rendered (PRESENT;
    anything else is ignored): each value as the engine types it, checked for type, choices and
    length. A refused value is kept in ``posted`` to redisplay it as typed."""
    rendered = set(post.getlist(PRESENT))
    posted: dict = {}
    errors: dict[str, str] = {}
    for q in questions:
        if q.slug not in rendered:
            continue
        value = posted_answer(q, post, q.slug)
        posted[q.slug] = value
        unclear = q.type == "yes_no" and isinstance(value, str)  # a yes/no that says neither comes back as text
        problem = "Choose Yes or No." if unclear else engine.value_problem(q, value)
        if problem:
            errors[q.slug] = problem[0].upper() + problem[1:]
    return posted, errors


def section_save(*, assessment, definition, section, post, label: str) -> tuple[dict, dict, SavedAnswers]:
    """Save the posted answers of one section; return (errors by slug, posted values by slug, what
    the save did: the stored answers before and after it).

    1. Read only this section's questions that the page said it rendered; anything else is ignored.
    2. Check each value (type, choices, length); a bad one is reported and the stored answer kept.
    3. Save the rest in one go (answers_save): answers to questions the new values hide are
       ignored, and only answers that changed are written.
    """
    posted, errors = read_posted(section.questions, post)
    valid = {s: v for s, v in posted.items() if s not in errors}
    try:
        saved = answers_save(assessment=assessment, values=valid, label=label)
    except AnswerRejected as exc:  # submitted meanwhile: nothing was saved
        current = assessment.answer_values()
        return {**errors, **dict.fromkeys(valid, str(exc))}, posted, SavedAnswers(current, current)
    return {**errors, **saved.errors}, posted, saved


def resume_section(definition, answers: dict) -> str | None:
    """The first section with a visible required question still unanswered (None: all done)."""
    shown = visible_slugs(definition, answers)
    for section in definition.sections:
        for q in section.questions:
            if q.slug in shown and q.required and q.slug not in answers:
                return section.slug
    return None


def progress(definition, answers: dict) -> tuple[int, int]:
    """(answered, total) over the questions currently shown."""
    shown = visible_slugs(definition, answers)
    return sum(1 for s in shown if s in answers), len(shown)
