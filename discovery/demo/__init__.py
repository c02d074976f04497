"""Demo data for `make run`: rich enough that a newcomer sees every feature.

Each module adds one part (`build(stdout)`), idempotently; STEPS runs them in order.

Modules:
    people.py — demo consultants and an admin, with profiles
    engagements.py — a dozen clients in every status, both sources, every SLA state
    samples.py — demo uploads, analysed
    reports.py — a rendered report for every submitted demo assessment
    history.py — eight months of past engagements for the analytics charts
    client_links.py — a self-service client half-way through, with a working link
"""

from . import engagements, people, samples

# samples before reports: Meridian Retail's report is made from its measured sample.
STEPS = [people.build, engagements.build, samples.build]

from . import reports  # noqa: E402  (after engagements: it renders their submitted assessments)

STEPS.append(reports.build)

from . import history  # noqa: E402  (after reports: its engagements bring their own reports)

STEPS.append(history.build)

# Last, whatever is added above: prints a working client link once the engagements exist.
from . import client_links  # noqa: E402

STEPS.append(client_links.build)
