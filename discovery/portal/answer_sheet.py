"""Every section of a questionnaire as one answerable sheet, drawn with the client's own question
widgets (client_questions.section_page and templates/client/_section_questions.html), so what an
admin answers is what a client would see: the same fields, the same visibility.

Nothing here stores anything. The editor uses it for a golden case's answers and for the preview
of a questionnaire as the client sees it.
"""

from assessments import engine
from discovery.portal.questions import SectionPage, read_posted, section_page


def sheet_read(definition: engine.Questionnaire, post) -> tuple[dict, dict, dict]:
    """(answers, errors, posted) from a posted sheet.

    1. Read only the questions the sheet said it rendered (PRESENT); anything else is ignored.
    2. Check each value (type, choices, length); a refused one is an error by slug, redisplayed as typed.
    3. Keep the valid answers to the questions they leave visible (hidden ones are dropped, as the
       engine drops them), in questionnaire order.
    """
    posted, errors = read_posted(definition.questions, post)
    valid = {s: v for s, v in posted.items() if s not in errors}
    answers = engine.validate_answers(definition, valid).answers
    return dict(answers), errors, posted


def sheet_pages(definition: engine.Questionnaire, answers: dict, errors=None, posted=None) -> list[SectionPage]:
    """One page per section, each with the questions `answers` show."""
    return [section_page(definition, s, answers, errors or {}, posted or {}) for s in definition.sections]


def sheet_missing(definition: engine.Questionnaire, answers: dict) -> list[engine.Question]:
    """Required questions shown for `answers` and not answered yet (what a client would still be asked)."""
    shown = set(engine.visible_slugs(definition, answers))
    return [q for q in definition.questions if q.slug in shown and q.required and q.slug not in answers]
