"""Demo data for `make run`: rich enough that a newcomer sees every feature.

Each module adds one part (`build(stdout)`), idempotently; STEPS runs them in order.
"""

from . import people

STEPS = [people.build]
