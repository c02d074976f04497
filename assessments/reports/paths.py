"""The report's "Training paths and cost" section and the review page's panel: built from the
provider profiles the version froze when it was made (``Report.profiles_used``), the training
sample and eval set its evaluation used, and the traffic the architect entered (today's prompt
length, when not entered, measured from that sample's system prompts).

A version made before profiles were frozen has no section: a delivered report never gains one.
"""

from datetime import date

from assessments.samples import profiles_from
from assessments.samples.costs import ASSUMPTIONS, Usage, measured_prompt, money, path_cost, with_measured_prompt
from assessments.samples.paths import training_paths
from assessments.selectors import provider_profiles, samples_analysed_as_of
from web.dates import date_as

# The verdicts that lead somewhere to train (the others name no path).
TRAINING_VERDICTS = ("fine_tune", "not_yet")


def say_date(day: date) -> str:
    return date_as(day, "DATE")


def frozen_profiles(today: date) -> dict:
    """What a new report version stores: today's profiles, and the day."""
    return {"profiles_used": [p.to_dict() for p in provider_profiles()], "profiles_as_of": today}


def usage_of(report) -> Usage:
    return Usage(
        requests_per_day=report.requests_per_day,
        prompt_tokens=report.prompt_tokens,
        tuned_prompt_tokens=report.tuned_prompt_tokens,
        answer_tokens=report.answer_tokens or 0,
    )


def training_paths_section(report) -> dict | None:
    """The section's content, or None (no frozen profiles, no evaluation, or a verdict that
    doesn't lead to training)."""
    evaluation = report.evaluation
    if evaluation is None or not report.profiles_used or report.profiles_as_of is None:
        return None
    verdict = report.override_verdict or evaluation.verdict
    if verdict not in TRAINING_VERDICTS:
        return None
    profiles = profiles_from({"paths": report.profiles_used})
    training, evals = _findings(report)
    return paths_content(profiles, training, evals, report.profiles_as_of, usage_of(report))


def _findings(report) -> tuple[dict | None, dict | None]:
    """The training sample's and eval set's findings as the version's evaluation saw them."""
    uploads = samples_analysed_as_of(report.assessment, report.evaluation.created_at)
    training = uploads["training"].findings if "training" in uploads else None
    evals = uploads["eval"].findings if "eval" in uploads else None
    return training, evals


def report_measured_prompt(report) -> tuple[int, int] | None:
    """(median system-prompt tokens, how many) of the training sample the version's evaluation
    used, for the review form's default; None when unknown."""
    if report.evaluation is None:
        return None
    return measured_prompt(_findings(report)[0])


def paths_content(profiles, training: dict | None, evals: dict | None, on: date, usage: Usage) -> dict:
    """The section's content from frozen profiles, the findings and the traffic (no database: the
    report's property test renders it over generated findings and days). Today's prompt length,
    when not given, is the training sample's measured one."""
    usage = with_measured_prompt(usage, training)
    outcome = training_paths(profiles, training, on, say_date)
    costs = {
        row.profile.slug: path_cost(row.profile, training, evals, usage, on, say_date) for row in outcome.recommended
    }
    rows = [_row(row, costs.get(row.profile.slug)) for row in outcome.rows]
    return {
        "as_of": on,
        "summary": outcome.summary,
        "measured": outcome.measured,
        "recommended": [r for r in rows if r["recommended"]],
        "others": [r for r in rows if not r["recommended"]],
        "usage": usage,
        "usage_given": usage.complete,
        "standing": provider_standing(outcome.rows),
        "assumptions": ASSUMPTIONS,
        "unconfirmed_note": "Figures marked “unconfirmed” were not read on the provider's own page; check them "
        "before relying on them.",
    }


def provider_standing(rows) -> list[tuple[str, str]]:
    """Where each provider stands, as (who, what they publish), each text said once: under the
    provider's name when all its paths share it (OpenAI's four paths close together), else under
    the names of the paths it is about."""
    texts: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        if row.profile.availability:
            texts.setdefault(row.profile.provider_name, {}).setdefault(row.profile.availability, []).append(
                row.profile.name
            )
    standing = []
    for provider, by_text in texts.items():
        for text, names in by_text.items():
            standing.append((provider if len(by_text) == 1 else "; ".join(names), text))
    return standing


def _row(row, cost) -> dict:
    p = row.profile
    return {
        "slug": p.slug,
        "name": p.name,
        "provider": p.provider_name,
        "model": p.model,
        "method": row.method_label,
        "availability": p.availability,
        "status": row.status_label,
        "self_serve": row.self_serve,
        "recommended": row.recommended,
        "fits": row.fits,
        "retires_on": row.retires_on,
        "reasons": row.reasons,
        "notes": row.notes,
        "warnings": row.warnings,
        "unconfirmed": row.unconfirmed,
        "cost": _cost(cost) if cost else None,
    }


def _cost(cost) -> dict:
    return {
        "tokens": cost.billed_tokens,
        "epochs": cost.epochs,
        "estimated": cost.estimated_tokens,
        "training": money(cost.training_cost) if cost.training_cost is not None else cost.price_note,
        "monthly_saving": money(cost.monthly_saving) if cost.monthly_saving is not None else "",
        "findings": cost.findings,
    }


def newer_profiles(report) -> list[str]:
    """Names of the training paths whose figures changed (or that were added or removed) since
    the version froze them; empty when it froze none or nothing changed."""
    if not report.profiles_used:
        return []
    frozen = {entry["slug"]: entry for entry in report.profiles_used}
    current = {p.slug: p.to_dict() for p in provider_profiles()}
    changed = [
        entry.get("name", slug) if slug in frozen else current[slug]["name"]
        for slug, entry in {**current, **frozen}.items()
        if frozen.get(slug) != current.get(slug)
    ]
    return sorted(set(changed))
