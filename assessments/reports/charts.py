"""The scorecard: per kind of criterion, how many matched and which (no chart: names say more)."""

from assessments.engine import KIND_HEADINGS

# One colour per kind, shared with the portfolio charts (analytics).
COLOURS = {"fit": "#2e7d32", "against": "#c62828", "prerequisite": "#ef6c00", "advisory": "#1565c0"}


def scorecard_rows(criteria: list[dict], *, titles: dict[str, str]) -> list[dict]:
    """Per kind: how many of its criteria matched, out of how many, and the matched ones' titles
    (`titles` by criterion slug; a slug no longer in the set reads as itself)."""
    rows = []
    for kind, label in KIND_HEADINGS.items():
        of_kind = [c for c in criteria if c["kind"] == kind]
        rows.append(
            {
                "kind": kind,
                "label": label,
                "matched": sum(1 for c in of_kind if c["matched"]),
                "total": len(of_kind),
                "fired": [titles.get(c["slug"], c["slug"]) for c in of_kind if c["matched"]],
            }
        )
    return rows
