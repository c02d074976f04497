"""The report's chapters, each built by one small function from one `ReportSource`.

`report_document(report)` reads what a version is made of once (`report_source`) and asks each
builder in `CHAPTERS` for its chapter; a builder returns None to leave its chapter out. Adding a
chapter is one function here and one line in `CHAPTERS`: the contents, the HTML, the PDF and the
Word file follow (docs/architecture.md, "Adding a report chapter").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from assessments.engine import answer_text, approach_label, explain, kind_finding, verdict_label
from assessments.engine.facts import FACTS
from assessments.reports.charts import scorecard_rows
from assessments.reports.document import (
    BulletList,
    Cell,
    ClientText,
    Cover,
    Group,
    Heading,
    Paragraph,
    ReportDocument,
    Scorecard,
    ScoreRow,
    Section,
    Table,
)
from assessments.reports.measured import measured_readiness
from assessments.reports.paths import training_paths_section
from assessments.reports.scope import programme_scope
from assessments.reports.selectors import report_action_plan, report_answers
from assessments.reports.since import points_of_disagreement, since_last_assessment
from assessments.samples import summary as sample_summary
from assessments.selectors import content_definition
from web.dates import date_as
from web.names import display_name


@dataclass(frozen=True)
class ReportSource:
    """What one version is made of, read once: the evaluation snapshot and its content, the
    architect's edits (on `report`), the measured facts, and the answers in words."""

    report: object
    result: dict
    criteria: dict  # slug → criterion definition, from the version's own criteria set
    criteria_set: object
    questions: dict  # slug → question definition
    answers: dict
    appendix: list[dict]
    measured: dict | None
    generated_at: datetime
    # A re-assessment's comparison with the assessment before it (None for a first assessment),
    # and the client's respondents' disagreements settled so far (assessments/reports/since.py).
    since_last: dict | None
    respondent_disagreements: list[dict]

    @property
    def engagement(self):
        return self.report.assessment.engagement

    @property
    def organisation(self) -> str:
        return self.engagement.organisation.name

    @property
    def verdict(self) -> str:
        return self.result["verdict"]

    @property
    def shown_verdict(self) -> str:
        """The verdict the client is given: the architect's, where they chose one."""
        return self.report.override_verdict or self.verdict

    @property
    def approaches(self) -> list[str]:
        return [approach_label(a) for a in self.result["approaches"]]


def report_source(report) -> ReportSource:
    evaluation = report.evaluation
    questionnaire = content_definition(evaluation.questionnaire)
    criteria_set = content_definition(evaluation.criteria_set)
    return ReportSource(
        report=report,
        result=evaluation.result,
        criteria=criteria_set.by_slug,
        criteria_set=criteria_set,
        questions={q.slug: q for s in questionnaire.sections for q in s.questions},
        answers=evaluation.answers,
        appendix=report_answers(report),
        measured=measured_readiness(report),
        generated_at=report.created_at,  # "Prepared": when this version was made
        since_last=since_last_assessment(report),
        respondent_disagreements=points_of_disagreement(report),
    )


def counterfactual_in_words(cf: dict) -> dict:
    """The engine's sentence, with the verdict in words ("… becomes Do not fine-tune")."""
    slug = cf["new_verdict"]
    sentence = cf["sentence"]
    if sentence.endswith(f"becomes {slug}"):
        sentence = sentence[: -len(slug)] + f"“{verdict_label(slug)}”."
    return {**cf, "sentence": sentence, "label": verdict_label(slug)}


def evidence_rows(source: ReportSource, slug: str, value) -> list[tuple[str, str]]:
    """What a matched criterion read, in words: a question's answer as its choice labels, and a
    measured namespace (`sample`, `evals`) one row per fact in it, never the raw map."""
    if slug in source.questions:
        return [(source.questions[slug].prompt, answer_text(source.questions[slug], value))]
    if isinstance(value, dict):
        rows = []
        for key, measured in value.items():
            fact = FACTS.get(f"{slug}.{key}")
            if fact is not None:
                rows.append((f"Measured: {fact.label}", f"{measured:.0%}" if fact.type is float else f"{measured:,}"))
        return rows
    return [(slug, str(value))]


def _rows(pairs, numeric: bool = False) -> tuple[tuple[Cell, ...], ...]:
    return tuple((Cell(str(label)), Cell(str(value), numeric=numeric)) for label, value in pairs)


def _columns(*names: str, numeric: tuple[int, ...] = ()) -> tuple[Cell, ...]:
    return tuple(Cell(name, numeric=i in numeric) for i, name in enumerate(names))


# --- The cover -------------------------------------------------------------------------------


def cover(source: ReportSource) -> Cover:
    report, engagement = source.report, source.engagement
    overridden = bool(report.override_verdict) and report.override_verdict != source.verdict
    contact = f" · {engagement.contact.name}" if engagement.contact else ""
    led_by = f" · led by {display_name(engagement.lead)}" if engagement.lead else ""
    questionnaire, criteria = source.result["questionnaire"], source.result["criteria_set"]
    meta = Table(
        rows=_rows(
            [
                ("Client", f"{source.organisation}{contact}"),
                ("Engagement", f"No. {engagement.pk} · {engagement.get_source_display()} assessment{led_by}"),
                ("Report version", report.number),
                ("Prepared", date_as(source.generated_at, "DATE")),
                ("Questionnaire", f"{questionnaire['slug']} v{questionnaire['version']}"),
                ("Criteria", f"{criteria['slug']} v{criteria['version']}"),
            ]
        ),
        row_headers=True,
        style="cover-meta",
        widths=(4, 12),
    )
    return Cover(
        kicker="Discovery · Fine-tuning readiness",
        title=f"Recommendation for {source.organisation}",
        label="Our architect's recommendation" if overridden else "Our recommendation",
        verdict=source.shown_verdict if overridden else source.verdict,
        verdict_label=verdict_label(source.shown_verdict if overridden else source.verdict),
        override=(
            "Computed from your answers:",
            (source.verdict, verdict_label(source.verdict)),
            "The architect's judgement differs; the executive summary says why.",
        )
        if overridden
        else None,
        meta=meta,
    )


# --- The chapters, in the order the report reads ---------------------------------------------


def summary(source: ReportSource) -> Section:
    """Leads with the recommendation in the client's words; the explanation names the rule that
    decided it and every qualifier (tests/assessments/reports/test_explanation_properties.py)."""
    report = source.report
    rows = [(Cell("Our recommendation"), Cell(verdict_label(source.shown_verdict), verdict=source.shown_verdict))]
    if report.override_verdict:
        rows += [
            (Cell("What your answers alone point to"), Cell(verdict_label(source.verdict), verdict=source.verdict)),
            (Cell("Why the architect differs"), Cell(report.override_justification)),
        ]
    rows.append((Cell("Approaches your answers point to, in order"), Cell(", ".join(source.approaches))))
    decided_by = source.result.get("decided_by", {})
    explanation = explain(source.criteria_set, rule=decided_by.get("rule", ""), matched=source.result["matched"])
    blocks = [
        Table(rows=tuple(rows), row_headers=True, style="verdict-table", widths=(6, 10)),
        explanation_group(explanation.sentences),
    ]
    if report.narrative:
        blocks.append(ClientText(report.narrative))
    use_case = source.answers.get("use_case_summary") or source.engagement.use_case_description
    if use_case:
        blocks += [Heading("The use case, in your words"), ClientText(use_case, style="quote")]
    return Section("summary", "Executive summary", tuple(blocks))


def explanation_group(sentences) -> Group:
    """The engine's explanation, one paragraph per sentence."""
    return Group(tuple(Paragraph(s) for s in sentences), style="explanation")


def scorecard(source: ReportSource) -> Section:
    titles = {slug: c.title for slug, c in source.criteria.items()}
    rows = tuple(
        ScoreRow(
            kind=r["kind"],
            label=r["label"],
            count=f"{r['matched']} of {r['total']}",
            share=r["matched"] / r["total"] if r["total"] else 0,
            fired=tuple(r["fired"]),
            none="None matched.",
        )
        for r in scorecard_rows(source.result["criteria"], titles=titles)
    )
    intro = Paragraph("Every kind of criterion we check, and which of them your answers matched.")
    return Section("scorecard", "Scorecard", (intro, Scorecard(rows)))


def criteria(source: ReportSource) -> Section:
    blocks = []
    for row in source.result["criteria"]:
        if row["matched"]:
            blocks.append(_criterion(source, row))
    if not blocks:
        blocks.append(Paragraph("None of the criteria matched your answers."))
    # When no reason for fine-tuning matched, say which ones were looked for (they are data).
    if not any(row["matched"] and row["kind"] == "fit" for row in source.result["criteria"]):
        looked_for = [
            source.criteria[row["slug"]].title
            for row in source.result["criteria"]
            if row["kind"] == "fit" and row["slug"] in source.criteria
        ]
        if looked_for:
            blocks += [
                Paragraph("None of the needs fine-tuning serves well came up in your answers. We looked for:"),
                BulletList(tuple(looked_for)),
            ]
    return Section("criteria", "Why: the criteria that applied", tuple(blocks))


def _criterion(source: ReportSource, row: dict) -> Group:
    definition = source.criteria.get(row["slug"])
    alternative = approach_label(definition.alternative) if definition else ""
    kind = kind_finding(row["kind"]) + (f" ({alternative})" if alternative else "")
    blocks = [Heading(definition.title if definition else row["slug"], aside=kind)]
    if definition and definition.rationale:
        blocks.append(Paragraph(definition.rationale))
    evidence = [pair for slug, value in row["evidence"].items() for pair in evidence_rows(source, slug, value)]
    if evidence:
        blocks.append(
            Table(rows=_rows(evidence), header=_columns("Question", "Your answer"), style="data evidence", stack=True)
        )
    return Group(tuple(blocks), style="criterion", kind=row["kind"])


def counterfactuals(source: ReportSource) -> Section:
    """The path to yes: changes of answers and of what was measured, by direction — what would
    make it "Fine-tune now" first, then other steps toward it, then what would rule it out.
    Versions evaluated before the path was stored list the answer changes as they were."""
    path = source.result.get("path")
    if path is None:
        sentences = tuple(counterfactual_in_words(cf)["sentence"] for cf in source.result.get("counterfactuals", []))
        if sentences:
            blocks = (BulletList(sentences),)
        else:
            blocks = (Paragraph("No change of one or two answers would lead to a different verdict."),)
        return Section("counterfactuals", "What would change the answer", blocks)
    groups = (
        (f"What would make it “{verdict_label('fine_tune')}”", [p for p in path if p["new_verdict"] == "fine_tune"]),
        (
            "What else would move it toward fine-tuning",
            [p for p in path if p["direction"] == "toward" and p["new_verdict"] != "fine_tune"],
        ),
        ("What would rule fine-tuning out", [p for p in path if p["direction"] == "away"]),
    )
    blocks = []
    for title, steps in groups:
        if steps:
            blocks += [Heading(title), BulletList(tuple(p["sentence"] for p in steps))]
    if not blocks:
        blocks = [Paragraph("No change of one or two answers or measurements would lead to a different verdict.")]
    return Section("counterfactuals", "What would change the answer", tuple(blocks))


def next_steps(source: ReportSource) -> Section:
    """The readiness plan from the client's own state: what they have already done first, then
    each step with who owns it (report_action_plan)."""
    plan = report_action_plan(source.report)
    # The step a client's own work already covers is named, so they see why it is not asked of them.
    done = [
        Paragraph(f"Already done: {row['done']}, which covers “{row['step'].rstrip('.')}”.")
        for row in plan
        if row["done"]
    ]
    steps = tuple(f"{row['step']} Who: {row['who']}." for row in plan if not row["done"])
    if steps:
        plan_list = BulletList(steps, ordered=True, style="plan")
        return Section("next-steps", "Next steps: readiness plan", (*done, plan_list))
    if done:
        block = Group(tuple(done))
    elif source.verdict == "do_not_fine_tune":
        block = Paragraph(
            f"No criterion added a step. Start with {', then '.join(source.approaches)}; "
            "we will agree the first steps with you."
        )
    else:
        block = Paragraph("Nothing needs to be in place before the programme starts.")
    return Section("next-steps", "Next steps: readiness plan", (block,))


def measured(source: ReportSource) -> Section | None:
    """What the uploaded training sample and eval set showed (aggregates and line numbers only)."""
    facts = source.measured
    if not facts:
        return None
    blocks: list = [Paragraph(facts["kept_note"])]
    if facts["disagreements"]:
        blocks.append(
            Group(
                (
                    Heading("Where your answers and the measurement differ"),
                    BulletList(tuple(facts["disagreements"])),
                    Paragraph("Where both exist, the criteria use the measurement."),
                ),
                style="stated-vs-measured",
            )
        )
    for part, heading in facts["parts"]:
        if part:
            blocks += _measured_part(part, heading, facts["profiles_checked"])
    if facts["next_steps"]:
        blocks += [Heading("What to do next"), BulletList(tuple(facts["next_steps"]), ordered=True, style="plan")]
    return Section("measured", "Measured readiness", tuple(blocks))


def _measured_part(part: dict, heading: str, profiles_checked: str) -> list:
    f = part["findings"]
    is_eval = f.get("cases_with_expected") is not None
    counts = [
        ("Lines", f["lines"]),
        ("Valid cases" if is_eval else "Valid examples", f["valid_examples"]),
        ("Unique (no exact or near duplicate)", f["unique_examples"]),
        ("Duplicates", part["duplicates"]),
        ("Lines with personal data", part["pii_count"]),
    ]
    if is_eval:
        counts += [
            ("Cases with an expected answer", f["cases_with_expected"]),
            ("Cases that repeat a training example", part["contaminated"]),
        ]
    blocks: list = [
        Heading(f"{heading}: {part['name']}"),
        Table(rows=_rows(counts, numeric=True), row_headers=True, style="measured-counts", widths=(10, 6)),
    ]
    if part["issues"]:
        blocks += [
            Paragraph("What we found, with the first lines to look at:"),
            BulletList(tuple(issue["sentence"] for issue in part["issues"])),
        ]
    if part["histogram"]:
        tokens = f["tokens"]
        blocks.append(
            Table(
                caption="Tokens per example (OpenAI's tokenizer; an estimate for other models): "
                f"median {tokens['p50']}, 90th percentile {tokens['p90']}, longest {tokens['max']}",
                header=_columns("Tokens", "Examples", "Share", numeric=(1,)),
                rows=tuple(
                    (
                        Cell(r["label"], numeric=True),
                        Cell(str(r["count"]), numeric=True),
                        Cell(f"{r['percent']}%", bar=r["tenths"]),
                    )
                    for r in part["histogram"]
                ),
                row_headers=True,
                style="token-histogram",
            )
        )
    if part["providers"]:
        blocks += _provider_fit(part, profiles_checked)
    return blocks


def _provider_fit(part: dict, profiles_checked: str) -> list:
    """One short row per path (the examples and the token limit), then each conversion said once
    for the paths that need it. Where each path stands (open, closing, closed) is the "Training
    paths and cost" chapter's to say, not repeated here."""
    notes = sample_summary.conversion_notes(part["findings"], part["providers"])
    blocks: list = [
        Table(
            caption="Provider fit",
            header=_columns("Path", "Examples", "Over the token limit"),
            rows=tuple((Cell(p["name"]), Cell(p["examples"]), Cell(p["over_limit_text"])) for p in part["providers"]),
            row_headers=True,
            style="provider-fit",
            stack=True,
            widths=(6, 6, 4),
        )
    ]
    if notes["intro"]:
        blocks.append(Paragraph(notes["intro"]))
    if notes["targets"]:
        blocks.append(BulletList(tuple(notes["targets"])))
    if notes["pairs"]:
        blocks.append(Paragraph(notes["pairs"]))
    blocks.append(
        Paragraph(
            "Provider figures from their published documentation, last checked "
            f"{profiles_checked or 'recently'}; they change without notice.",
            style="source",
        )
    )
    return blocks


def scope(source: ReportSource) -> Section | None:
    found = programme_scope(verdict=source.shown_verdict, answers=source.answers)
    if not found:
        return None
    blocks = []
    if found["starts_after_readiness"]:
        blocks.append(
            Paragraph(
                "This programme starts once the readiness plan above is complete; until then, keep improving "
                "the prompt-based solution."
            )
        )
    total = found["total_weeks"]
    blocks.append(
        Table(
            header=_columns("Phase", "Weeks", "Work", numeric=(1,)),
            rows=tuple(
                (Cell(p["name"]), Cell(str(p["weeks"]), numeric=True), Cell(p["work"])) for p in found["phases"]
            ),
            footer=(Cell("Total"), Cell(str(total), numeric=True), Cell(f"About {total} weeks end to end.")),
            stack=True,
            widths=(4, 2, 10),
        )
    )
    return Section("scope", "Fine-tuning programme scope", tuple(blocks))


def since_last(source: ReportSource) -> Section | None:
    """A re-assessment against the one before: the verdict then and now, why it moved or stayed
    (the criteria's effect told apart from the client's), and the answers and measurements that
    changed."""
    since = source.since_last
    if not since:
        return None
    blocks: list = [
        Paragraph(
            f"On {date_as(since['previous_date'], 'DATE')} the verdict was “{since['then_label']}”; "
            f"it is now “{since['now_label']}”."
        ),
        Heading("Why it moved" if since["moved"] else "Why it stayed"),
        Paragraph(_with_flips(since["criteria_sentence"], since["criteria_flips"])),
        Paragraph(_with_flips(since["client_sentence"], since["client_flips"])),
    ]
    if since["answers"]:
        blocks.append(
            Table(
                caption="Answers that changed",
                header=_columns("Question", "Then", "Now"),
                rows=tuple((Cell(a["prompt"]), Cell(a["then"]), Cell(a["now"])) for a in since["answers"]),
                stack=True,
                widths=(6, 5, 5),
            )
        )
    if since["facts"]:
        blocks.append(
            Table(
                caption="Measurements that changed",
                header=_columns("Measured", "Then", "Now"),
                rows=tuple((Cell(f["label"]), Cell(f["then"]), Cell(f["now"])) for f in since["facts"]),
                stack=True,
                widths=(8, 4, 4),
            )
        )
    return Section("since-last", "Since your last assessment", tuple(blocks))


def _with_flips(sentence: str, flips: list[str]) -> str:
    return f"{sentence} ({'; '.join(flips)})" if flips else sentence


def disagreements(source: ReportSource) -> Section | None:
    """The respondents' settled disagreements (always: they are the client's own), then the
    workshop's differing views when the architect chose to include them."""
    blocks: list = []
    if source.respondent_disagreements:
        blocks += [
            Paragraph(
                "Your colleagues answered these questions differently. Each was settled as shown, for the reason given."
            ),
            Table(
                header=_columns("Question", "Who said what", "Answer used, and why"),
                rows=tuple(
                    (
                        Cell(d["prompt"]),
                        Cell("\n".join(_said(who, words, at) for who, words, at in d["positions"])),
                        Cell(f"{d['answer']}: {d['note']} ({d['settled_by']}, {date_as(d['settled_at'], 'DATE')})"),
                    )
                    for d in source.respondent_disagreements
                ),
                style="data respondent-disagreements",
                stack=True,
                widths=(5, 5, 6),
            ),
        ]
    rows = tuple(
        (Cell(a["prompt"]), Cell(a["answer"]), Cell(a["provenance"].disagreement_detail or "Not recorded"))
        for section in source.appendix
        for a in section["answers"]
        if a["provenance"] and a["provenance"].stakeholders_disagree
    )
    if source.report.include_disagreements and rows:
        blocks += [
            Paragraph(
                "In the workshop, people held different views on these answers. The report uses the answer "
                "shown; the views are as recorded."
            ),
            Table(
                header=_columns("Question", "Answer used", "Who held which view"),
                rows=rows,
                stack=True,
                widths=(5, 4, 7),
            ),
        ]
    if not blocks:
        return None
    return Section("disagreements", "Points of disagreement", tuple(blocks))


def _said(who: str, words: str, at) -> str:
    return f"{who}: {words} ({date_as(at, 'DATE')})" if at else f"{who}: {words}"


def team(source: ReportSource) -> Section:
    report = source.report
    people = list(report.proposed_engineers.select_related("user"))
    if people:
        block = Table(
            header=_columns("Name", "Role", "Skills"),
            rows=tuple((Cell(p.display_name), Cell(p.title), Cell(", ".join(p.skill_labels()))) for p in people),
            stack=True,
        )
    elif report.no_engineers_reason:
        block = Paragraph(report.no_engineers_reason)
    else:
        block = Paragraph("The team will be confirmed with you before work starts.")
    return Section("team", "Proposed team", (block,))


def attendees(source: ReportSource) -> Section | None:
    people = list(source.report.assessment.attendees.all())
    if not people:
        return None
    items = tuple(f"{a.name}, {a.role}" if a.role else a.name for a in people)
    return Section("attendees", "Who took part in the workshop", (BulletList(items),))


def appendix(source: ReportSource) -> Section:
    blocks = []
    if any(a["client_answer"] for s in source.appendix for a in s["answers"]):
        blocks.append(
            Paragraph(
                "Answers marked “Changed in the workshop” differ from what you first answered; "
                "your own answer is shown beneath."
            )
        )
    if any(a["respondents"] for s in source.appendix for a in s["answers"]):
        blocks.append(
            Paragraph(
                "Where several of you answered a question, each person's own answer is shown beneath "
                "it with the date they gave it, and how any difference was settled."
            )
        )
    for section in source.appendix:
        if section["answers"]:
            blocks += [
                Heading(section["title"]),
                Table(
                    rows=tuple((Cell(a["prompt"]), _answer_cell(a)) for a in section["answers"]),
                    row_headers=True,
                    widths=(7, 9),
                ),
            ]
    return Section("appendix", "Appendix: every answer", tuple(blocks))


def _answer_cell(answer: dict) -> Cell:
    notes = []
    if answer["client_answer"]:
        notes.append(
            Paragraph(
                f"on {date_as(answer['provenance'].at, 'DATE')}. You first answered: {answer['client_answer']}",
                lead="Changed in the workshop",
                style="changed",
            )
        )
    voices = answer["respondents"]
    if voices:
        notes.append(
            Paragraph(
                "\n".join(f"{who}: {words} ({date_as(at, 'DATE')})" for who, words, at in voices.said),
                lead="Each of you answered" if voices.agree else "Your colleagues answered differently",
                style="respondents",
            )
        )
        if voices.settled is not None:
            settled = voices.settled
            notes.append(
                Paragraph(
                    f"by {settled.settled_by_label} on {date_as(settled.settled_at, 'DATE')}: {settled.note}",
                    lead="Settled",
                    style="settled",
                )
            )
    return Cell(answer["answer"], notes=tuple(notes))


# --- Training paths and cost -------------------------------------------------------------------


def baseline(source: ReportSource) -> Section | None:
    """The base model measured on the client's own eval set: each prompt's pass rate with its 95 %
    interval (the bar), the target, how answers were graded, the cost, and what follows
    (assessments/reports/baseline.py). Rates only, never the client's cases."""
    b = (source.measured or {}).get("baseline")
    if not b:
        return None
    run, variants = b["run"], len(b["bars"])
    extra = f" and {variants - 1} improved prompt{'s' if variants > 2 else ''}" if variants > 1 else ""
    said = (
        f"We ran your eval set through {run.model_id} ({run.connection_name}) with your current prompt{extra}, "
        f"{run.repeats} time{'s' if run.repeats != 1 else ''} per case, and graded every answer."
    )
    if run.recorded_demo:
        said += " (Recorded demo data.)"
    if b["target"] is not None:
        said += f" Your quality target: {_percent(b['target'])} of cases."
    graded = ", ".join(f"{name} ({n} case{'s' if n != 1 else ''})" for name, n in b["graders"])
    grading = f"How answers were graded: {graded}."
    if b["model_graded"]:
        grading += " Some grades came from a second model and are marked model-graded."
    grading += f" Cost of the run: ${b['cost']:,.2f}."
    if b["stopped_at_cap"]:
        grading += f" The run stopped at its cost cap after {b['cases_reached']} of {b['cases']} cases."
    rows = tuple(
        (
            Cell(bar["label"] + (" (model-graded)" if bar["model_graded"] else "")),
            Cell(f"{bar['graded']:,}", numeric=True),
            Cell(f"{bar['passed']:,}", numeric=True),
            Cell(
                f"{_percent(bar['rate'])} ({_percent(bar['low'], sign=False)}–{_percent(bar['high'])})",
                bar=round(bar["rate"] * 10),
            ),
        )
        for bar in b["bars"]
    )
    table = Table(
        rows,
        header=_columns("Prompt", "Cases graded", "Passed", "Pass rate (95 % interval)", numeric=(1, 2)),
        row_headers=True,
        caption="Pass rate of each prompt on your eval set",
        stack=True,
        widths=(6.0, 2.4, 2.0, 5.0),
    )
    follows = Paragraph(b["what_follows"], lead="What follows:")
    return Section("baseline", "Measured baseline", (Paragraph(said), table, Paragraph(grading), follows))


def _percent(share: float, sign: bool = True) -> str:
    return f"{round(share * 100)}{' %' if sign else ''}"


def training_paths(source: ReportSource) -> Section | None:
    """Where the client could train on the day the version froze the provider profiles, with the
    closing and retirement warnings, and what each path would cost (assessments/reports/paths.py)."""
    paths = training_paths_section(source.report)
    if paths is None:
        return None
    return Section("training-paths", "Training paths and cost", paths_blocks(paths))


def paths_blocks(paths: dict) -> tuple:
    """The chapter's blocks, also shown on the review page."""
    checked = f"Provider figures as checked on {date_as(paths['as_of'], 'DATE')}."
    blocks: list = [Paragraph(checked, lead=paths["summary"])]
    recommended = paths["recommended"]
    if recommended:
        blocks.append(
            Table(
                tuple(_path_row(row) for row in recommended),
                header=_columns(
                    "Path", "Status", "Base model retires", "Training cost", "Saving a month", numeric=(3, 4)
                ),
                row_headers=True,
                caption="Recommended paths for this data",
                stack=True,
                widths=(5.0, 3.2, 3.2, 2.8, 2.6),
            )
        )
    for row in recommended:
        cost = row["cost"]
        items = [
            f"Base model: {row['model']}" + ("" if row["self_serve"] else "; not self-serve") + ".",
            *row["warnings"],
            *cost["findings"],
            *row["notes"],
        ]
        if cost["tokens"]:
            epochs = f"{cost['epochs']} epoch{'s' if cost['epochs'] != 1 else ''}"
            items.append(f"Training bills {cost['tokens']:,} tokens ({epochs}, validation included).")
        if row["unconfirmed"]:
            items.append(f"Unconfirmed: {', '.join(row['unconfirmed'])}.")
        blocks += [Heading(row["name"]), BulletList(tuple(items))]
    if paths["others"]:
        blocks += [
            Heading("Paths that don't apply"),
            BulletList(tuple(_not_applying(row) for row in paths["others"])),
        ]
    if paths["standing"]:
        blocks.append(Heading("Where each provider stands"))
        blocks += [Paragraph(text, lead=f"{who}.", style="provider-availability") for who, text in paths["standing"]]
    usage = paths["usage"]
    if paths["usage_given"]:
        blocks.append(
            Paragraph(
                f"Traffic used: {usage.requests_per_day:,} requests a day; prompts of {usage.prompt_tokens:,} tokens "
                f"today, {usage.prompt_source}, and {usage.tuned_prompt_tokens:,} once fine-tuned; answers of "
                f"{usage.answer_tokens:,} tokens."
            )
        )
    elif usage.prompt_measured_from is not None:
        blocks.append(
            Paragraph(
                "No saving is worked out: the requests a day and the prompt length once trained weren't given. "
                f"Today's prompt is {usage.prompt_tokens:,} tokens, {usage.prompt_source}."
            )
        )
    else:
        blocks.append(
            Paragraph(
                "No saving is worked out: the requests a day and the prompt lengths, today and once trained, "
                "weren't given."
            )
        )
    blocks += [Heading("Assumptions"), BulletList((*paths["assumptions"], paths["unconfirmed_note"]))]
    return tuple(blocks)


def _unconfirmed(row: dict, figure: str, text: str) -> str:
    return f"{text} (unconfirmed)" if figure in row["unconfirmed"] else text


def _path_row(row: dict) -> tuple[Cell, ...]:
    cost = row["cost"]
    if row["retires_on"]:
        retires = _unconfirmed(row, "retirement date", date_as(row["retires_on"], "DATE"))
    else:
        retires = "no date found" if "retirement date" in row["unconfirmed"] else "no date announced"
    training = cost["training"] + (" (estimate)" if cost["estimated"] else "")
    if training.startswith("$"):
        training = _unconfirmed(row, "price", training)
    return (
        Cell(row["name"]),
        Cell(_unconfirmed(row, "availability", row["status"])),
        Cell(retires),
        # A figure never wraps; a sentence in its place ("price not confirmed") must, on a phone.
        Cell(training, numeric=training.startswith("$")),
        Cell(cost["monthly_saving"] or "—", numeric=True),
    )


def _not_applying(row: dict) -> str:
    when = f"; base model retires {date_as(row['retires_on'], 'DATE')}" if row["retires_on"] else ""
    return f"{row['name']} ({row['status']}{when}): {'; '.join(row['reasons'])}."


# The chapters in reading order. A builder returns None to leave its chapter out of this report.
CHAPTERS: tuple[Callable[[ReportSource], Section | None], ...] = (
    summary,
    scorecard,
    criteria,
    counterfactuals,
    next_steps,
    measured,
    baseline,
    training_paths,
    scope,
    since_last,
    disagreements,
    team,
    attendees,
    appendix,
)


def report_document(report) -> ReportDocument:
    """The whole report for one version (with its evaluation snapshot), built once; every
    format renders this."""
    source = report_source(report)
    title = f"Recommendation for {source.organisation} (version {report.number})"
    return ReportDocument(
        title=title,
        running_header=f"{source.organisation} · Fine-tuning recommendation · version {report.number}",
        cover=cover(source),
        contents_title="Contents",
        sections=tuple(section for build in CHAPTERS if (section := build(source)) is not None),
    )
