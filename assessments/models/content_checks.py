"""What makes content invalid: checks for one row being edited, and for a whole version.

Only the engine is needed here (and rows duck-typed, so the models can import this module):

* Row checks (the models' `clean()` calls these) build the smallest engine definition that
  contains the row being edited, run the engine's own validator on it (`validate_criteria_set` /
  `validate_questionnaire` / `validate_answers`) and map the errors back to the row's fields, so a
  form can show each message next to the field it is about.
* Version checks (`questionnaire_validation_errors`, `criteria_set_validation_errors`,
  `golden_case_failures`) are what the publish gate (`VersionedContent.publish`) runs on the
  whole version, so a row saved before a later edit broke it can't slip through.

Definitions are built from the rows each time (uncached): the cached ones are a read
(`selectors.content_definition`), which the models can't import.
"""

from django.core.exceptions import ObjectDoesNotExist

from assessments import engine

# A slug the engine treats as an ordinary rule, used to close a one-rule policy under test.
_CATCH_ALL = "catch_all_for_checking"


def _parent(row, name: str):
    """The row's parent version, saved or not (an admin "add" page validates rows before the
    new version they belong to is saved), or None when none is set yet."""
    try:
        return getattr(row, name)
    except ObjectDoesNotExist:
        return None


def _questionnaire_definition(criteria_set):
    return criteria_set.questionnaire.to_definition()


def _field_messages(errors, kind: str, slug: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        if len(error.field) == 3 and error.field[:2] == (kind, slug):
            found.setdefault(error.field[2], []).append(error.message)
    return found


def criterion_errors(criterion) -> dict[str, list[str]]:
    """Problems with one criterion's condition (syntax, names, choice values, types) and with
    its kind/alternative pairing, keyed by model field."""
    found: dict[str, list[str]] = {}
    alternative = criterion.alternative or None
    if criterion.kind == "against" and not alternative:
        found["alternative"] = ["An 'against' criterion names the approach that serves better."]
    elif criterion.kind != "against" and alternative:
        found["alternative"] = ["Only 'against' criteria name an alternative; leave this empty."]
    criteria_set = _parent(criterion, "criteria_set")
    if criteria_set is None or not criteria_set.questionnaire_id:
        return found
    try:
        questionnaire = _questionnaire_definition(criteria_set)
    except engine.DefinitionError as exc:
        return {**found, "condition": [f"The targeted questionnaire is incomplete: {exc}"]}
    probe = engine.CriteriaSet(
        slug=criteria_set.slug,
        version=criteria_set.version or 0,
        title="",
        questionnaire_slug=questionnaire.slug,
        questionnaire_version=questionnaire.version,
        criteria=(engine.Criterion(criterion.slug, "fit", criterion.title, criterion.condition),),
        policy=(engine.PolicyRule(_CATCH_ALL, "true", "fine_tune"),),
    )
    errors = engine.validate_criteria_set(questionnaire, probe)
    return {**_field_messages(errors, "criteria", criterion.slug), **found}


def policy_rule_errors(rule) -> dict[str, list[str]]:
    """Problems with one policy rule's condition, which reads `matched` (criterion slugs of this
    set, as stored now) and `matched_kinds`."""
    if not rule.criteria_set_id:
        return {}  # a new set's criteria aren't stored yet; publishing checks the rule
    slugs = rule.criteria_set.criteria.values_list("slug", flat=True)
    if rule.verdict not in dict(rule.VERDICTS):
        return {}  # the field's own choices check reports it
    probe = engine.CriteriaSet(
        slug=rule.criteria_set.slug,
        version=rule.criteria_set.version or 0,
        title="",
        questionnaire_slug="",
        questionnaire_version=0,
        criteria=tuple(engine.Criterion(slug, "fit", "", "true") for slug in slugs),
        policy=(
            engine.PolicyRule(rule.slug, rule.condition, rule.verdict),
            engine.PolicyRule(_CATCH_ALL, "true", "fine_tune"),
        ),
    )
    questionnaire = engine.Questionnaire("", 0, "")
    errors = [e for e in engine.validate_criteria_set(questionnaire, probe) if e.field != ("questionnaire",)]
    return _field_messages(errors, "policy", rule.slug)


def _question_definition(question, *, slug=None, type=None, visible_when=None):
    choices = tuple(engine.Choice(c.value, c.label) for c in question.choices.all()) if question.pk else ()
    kind = type or question.type
    if kind in ("single_choice", "multi_choice") and not choices:
        return None  # not usable yet: it has no choices (publishing reports that)
    return engine.Question(
        slug=slug or question.slug,
        section="s",
        type=kind,
        prompt=question.prompt,
        visible_when=question.visible_when if visible_when is None else visible_when,
        choices=choices if kind in ("single_choice", "multi_choice") else (),
    )


def question_errors(question) -> dict[str, list[str]]:
    """Problems with a question's slug (it becomes a CEL variable) and its visibility condition,
    which may only read questions that come before it."""
    if not question.questionnaire_id or not question.section_id:
        # A new questionnaire: its other questions aren't stored yet, so only the slug can be
        # checked now; publishing checks the condition.
        probe = engine.Questionnaire(
            "probe", 0, "", (engine.Section("s", "s", "", (_question_definition(question, type="long_text"),)),)
        )
        errors = [e for e in engine.validate_questionnaire(probe) if e.field[2:] == ("slug",)]
        return _field_messages(errors, "questions", question.slug)
    key = (question.section.order, question.order, question.pk or float("inf"))
    others = question.questionnaire.questions.exclude(pk=question.pk).select_related("section")
    earlier = [q for q in others if (q.section.order, q.order, q.pk) < key]
    later = sorted(
        (q for q in others if (q.section.order, q.order, q.pk) > key), key=lambda q: (q.section.order, q.order, q.pk)
    )
    definitions = [d for d in (_question_definition(q, visible_when="") for q in earlier) if d]
    # The question's own type and choices don't matter to its condition; long_text needs none.
    definitions.append(_question_definition(question, type="long_text"))
    # Later questions are included so that reading one is reported as "asked later", not unknown.
    definitions += [d for d in (_question_definition(q, visible_when="") for q in later) if d]
    probe = engine.Questionnaire("probe", 0, "", (engine.Section("s", "s", "", tuple(definitions)),))
    try:
        errors = engine.validate_questionnaire(probe)
    except engine.DefinitionError as exc:
        return {"slug": [str(exc)]}
    return _field_messages(errors, "questions", question.slug)


def golden_case_errors(case) -> dict[str, list[str]]:
    """A golden case's answers must be a valid answer set for the targeted questionnaire, and
    the criteria it names must exist in the set."""
    criteria_set = _parent(case, "criteria_set")
    if criteria_set is None or not criteria_set.questionnaire_id:
        return {}
    found: dict[str, list[str]] = {}
    try:
        questionnaire = _questionnaire_definition(criteria_set)
    except engine.DefinitionError:
        questionnaire = None
    if questionnaire is not None:
        problems = engine.validate_answers(questionnaire, case.answers).problems
        if problems:
            found["answers"] = [str(p) for p in problems]
    if case.facts and (fact_problems := engine.fact_problems(case.facts)):
        found["facts"] = fact_problems
    # A new set's criteria aren't stored yet; then only the shape is checked here.
    slugs = set(criteria_set.criteria.values_list("slug", flat=True)) if criteria_set.pk else None
    for field in ("must_match", "must_not_match"):
        value = getattr(case, field)
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            found[field] = ['A list of criterion slugs, e.g. ["fit_style_voice"].']
        elif slugs is not None and (unknown := [s for s in value if s not in slugs]):
            found[field] = [f"Not a criterion of this set: {', '.join(unknown)}."]
    return found


# --- whole versions (the publish gate) ---------------------------------------------------------


def describe_error(error: engine.ConditionError) -> str:
    """One readable line for a validation error, naming where it is, e.g.
    'criterion fit_style_voice, condition: Unknown name 'goalz'.'"""
    labels = {"criteria": "criterion", "policy": "policy rule", "questions": "question", "sections": "section"}
    field = error.field
    if len(field) == 3:
        return f"{labels.get(field[0], field[0])} {field[1]}, {field[2].replace('_', ' ')}: {error.message}"
    if field:
        return f"{labels.get(field[0], field[0])}: {error.message}"
    return error.message


def _unreadable(exc: Exception) -> list[engine.ConditionError]:
    if isinstance(exc, engine.DefinitionError):
        return [engine.ConditionError((), str(exc))]
    return [engine.ConditionError((), f"The content is incomplete: {exc}")]


def questionnaire_validation_errors(questionnaire) -> list[engine.ConditionError]:
    """Every problem that makes a questionnaire version unpublishable: a malformed definition,
    condition syntax/unknown names/bad choice values/type mismatches, duplicate slugs, no question,
    a section without questions."""
    try:
        definition = questionnaire.to_definition()
    except (engine.DefinitionError, KeyError, TypeError, ValueError) as exc:
        return _unreadable(exc)
    errors = list(engine.validate_questionnaire(definition))
    if not definition.questions:
        errors.append(engine.ConditionError(("questions",), "A questionnaire needs at least one question."))
    # A client would be shown a page with nothing to answer: an empty section is unfinished work.
    errors += [
        engine.ConditionError(("sections", s.slug, "questions"), "Add a question to it, or remove the section.")
        for s in definition.sections
        if not s.questions
    ]
    return errors


def _criteria_set_definitions(criteria_set) -> tuple[engine.Questionnaire, engine.CriteriaSet]:
    return _questionnaire_definition(criteria_set), criteria_set.to_definition()


def criteria_set_validation_errors(criteria_set) -> list[engine.ConditionError]:
    """Every problem that makes a criteria set version unpublishable, short of running golden
    cases: malformed definitions, invalid conditions, duplicate slugs, a policy without a
    catch-all, no criterion."""
    try:
        questionnaire, definition = _criteria_set_definitions(criteria_set)
    except (engine.DefinitionError, KeyError, TypeError, ValueError) as exc:
        return _unreadable(exc)
    errors = list(engine.validate_criteria_set(questionnaire, definition))
    if not definition.criteria:
        errors.append(engine.ConditionError(("criteria",), "A criteria set needs at least one criterion."))
    return errors


def golden_case_failures(criteria_set) -> list[str]:
    """One line per failing golden case of a criteria set (empty when all pass)."""
    questionnaire, definition = _criteria_set_definitions(criteria_set)
    return [
        f"golden case {result.case.name!r}: {'; '.join(result.failures)}"
        for result in engine.run_golden_cases(questionnaire, definition)
        if not result.passed
    ]


# The logic check's findings each kind of version answers for: a questionnaire for questions
# never shown (reading later or missing questions is already a validation error), a criteria set
# for criteria that never or always match.
_QUESTIONNAIRE_FINDINGS = ("never_shown",)
_CRITERIA_FINDINGS = ("never_matches", "always_matches")


def questionnaire_logic_findings(questionnaire) -> list[engine.Finding]:
    """The blocking logic-check findings about a valid questionnaire's questions."""
    findings, _ = engine.logic_check(questionnaire.to_definition())
    return [f for f in findings if f.kind in _QUESTIONNAIRE_FINDINGS]


def criteria_set_logic_findings(criteria_set) -> list[engine.Finding]:
    """The blocking logic-check findings about a valid criteria set's criteria."""
    questionnaire, definition = _criteria_set_definitions(criteria_set)
    findings, _ = engine.logic_check(questionnaire, definition)
    return [f for f in findings if f.kind in _CRITERIA_FINDINGS]
