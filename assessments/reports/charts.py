"""The scorecard chart: inline SVG built on the server (no JavaScript, prints everywhere)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.engine import KIND_HEADINGS

COLOURS = {"fit": "#2e7d32", "against": "#c62828", "prerequisite": "#ef6c00", "advisory": "#1565c0"}


def scorecard_rows(criteria: list[dict]) -> list[dict]:
    """Per kind: how many of its criteria matched, out of how many."""
    rows = []
    for kind, label in KIND_HEADINGS.items():
        colour = COLOURS[kind]
        of_kind = [c for c in criteria if c["kind"] == kind]
        rows.append(
            {
                "kind": kind,
                "label": label,
                "colour": colour,
                "matched": sum(1 for c in of_kind if c["matched"]),
                "total": len(of_kind),
            }
        )
    return rows


def scorecard_svg(rows: list[dict]) -> SafeString:
    """Horizontal bars, one per kind; every text is ours (no client data) and escaped anyway."""
    width, label_w, bar_w, row_h = 640, 300, 260, 34
    height = row_h * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="scorecard-title">',
        '<title id="scorecard-title">Criteria matched, by kind</title>',
    ]
    for i, row in enumerate(rows):
        y = 5 + i * row_h
        share = row["matched"] / row["total"] if row["total"] else 0
        filled = round(bar_w * share)
        parts += [
            f'<text x="0" y="{y + 20}" font-size="13" fill="#222">{escape(row["label"])}</text>',
            f'<rect x="{label_w}" y="{y + 6}" width="{bar_w}" height="18" fill="#eceff1" rx="3"/>',
            f'<rect x="{label_w}" y="{y + 6}" width="{filled}" height="18" fill="{row["colour"]}" rx="3"/>',
            f'<text x="{label_w + bar_w + 10}" y="{y + 20}" font-size="13" fill="#222">'
            f"{row['matched']} of {row['total']}</text>",
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built above from numbers and escaped labels
