"""Demo training paths and costs (recorded demo data, not read from any provider):

* Meridian Retail's report carries the traffic it stated, so its cost section works out a
  monthly saving and the break-even against gpt-4.1-mini's retirement on 14 January 2027;
* Lumen Publishing's delivered report froze the provider figures as Discovery held them before
  the re-check of 4 December 2026 — no retirement date yet for OpenAI's models, no Gemini 3.1
  Flash Lite path — so its review page says newer figures exist, while the report stays as sent.

Every fine-tune or not-yet demo report also shows OpenAI's paths closing on 6 January 2027.
"""

from copy import deepcopy

TRAFFIC = {
    "Meridian Retail": {
        "requests_per_day": 12_000,
        "prompt_tokens": 1_800,
        "tuned_prompt_tokens": 250,
        "answer_tokens": 180,
    }
}
EARLIER_FIGURES = "Lumen Publishing"
ADDED_SINCE = ("vertex-gemini-3-1-flash-lite-sft",)


def earlier_profiles(current: list[dict]) -> list[dict]:
    """``current`` (frozen profile dicts) as they stood before the re-check: OpenAI's base models
    had no retirement date and one Gemini path wasn't listed yet."""
    earlier = []
    for entry in deepcopy(current):
        if entry["slug"] in ADDED_SINCE:
            continue
        if entry["provider"] == "openai":
            entry["retires_on"] = None
            entry["figures"]["retirement"]["note"] = "No retirement date announced (recorded demo data)."
            entry["figures"]["retirement"]["checked"] = "2026-11-20"
        earlier.append(entry)
    return earlier


def report_overrides(organisation: str, profiles_now) -> dict:
    """What the demo's report for ``organisation`` carries beyond the defaults, as
    report_generate_now keywords. ``profiles_now``: a callable giving today's frozen profiles."""
    extra = {}
    if organisation in TRAFFIC:
        extra["traffic"] = TRAFFIC[organisation]
    if organisation == EARLIER_FIGURES:
        extra["profiles"] = {"profiles_used": earlier_profiles(profiles_now()["profiles_used"])}
    return extra
