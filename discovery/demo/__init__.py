"""Demo data for `make run`: rich enough that a newcomer sees every feature.

Each module adds one part (`build(stdout)`), idempotently; STEPS runs them in order.
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
