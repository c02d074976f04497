"""The order `load_demo` builds the demo in: each step is one data module's `build(stdout)`."""

from demo import baseline, engagements, people, samples

# samples and the baseline before reports: Meridian Retail's report is made from its measurements.
STEPS = [people.build, engagements.build, samples.build, baseline.build]

from demo import respondents  # noqa: E402  (before reports: its re-assessment's report compares)

STEPS.append(respondents.build)

from demo import reports  # noqa: E402  (after engagements: it renders their submitted assessments)

STEPS.append(reports.build)

from demo import history  # noqa: E402  (after reports: its engagements bring their own reports)

STEPS.append(history.build)

from demo import integrations  # noqa: E402  (after engagements: its recorded webhooks name one)

STEPS.append(integrations.build)

# Last, whatever is added above: prints a working client link once the engagements exist.
from demo import client_links  # noqa: E402

STEPS.append(client_links.build)
