"""The Wilson score interval for a pass rate: honest at small counts and near 0 % or 100 %,
where the normal approximation gives intervals outside 0–1 or of zero width."""

from __future__ import annotations

import math

Z_95 = 1.959963984540054  # the two-sided 95 % quantile of the standard normal


def wilson(passed: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """(low, high) of the Wilson interval for ``passed`` successes in ``total`` trials;
    (0.0, 1.0) when nothing was graded (nothing is known)."""
    if total <= 0:
        return 0.0, 1.0
    if not 0 <= passed <= total:
        raise ValueError(f"passed={passed} is not between 0 and total={total}")
    p = passed / total
    z2 = z * z
    centre = p + z2 / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    denominator = 1 + z2 / total
    low, high = (centre - spread) / denominator, (centre + spread) / denominator
    return max(0.0, low), min(1.0, high)
