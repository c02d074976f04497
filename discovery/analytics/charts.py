"""The analytics charts: inline SVG drawn on the server (no JavaScript, allowed by the CSP).

Each chart is drawn from the same `Figure` its table shows, so the picture and the numbers
can't disagree. Every text is escaped (organisation names and criterion titles are data); the
SVGs have a viewBox and no fixed size, so CSS scales them to the width of a phone.
"""

import textwrap

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.engine import KIND_LABELS, VERDICT_LABELS, verdict_colour
from assessments.reports.charts import COLOURS as KIND_COLOURS

from .figures import Figure, direction_counts

COLOUR_OF_VERDICT = {label: verdict_colour(slug) for slug, label in VERDICT_LABELS.items()}
COLOUR_OF_KIND = {label: KIND_COLOURS[slug] for slug, label in KIND_LABELS.items()}
ACCENT = "#1f5fbf"
INK, MUTED, GRID = "#1b2430", "#5b6675", "#dde3ea"
WIDTH = 360  # narrow on purpose: on a 390 px phone the text keeps nearly its full size
FONT = 'font-family="system-ui, sans-serif"'
LABEL_CHARS = 46  # what fits on one line of a bar label at 13 px across the chart


def _open(chart_id: str, title: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="analytics-svg" '
        f'role="img" aria-labelledby="{chart_id}-title" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]


def _close(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only, built above


def _empty(chart_id: str, title: str) -> SafeString:
    parts = _open(chart_id, title, 60)
    parts.append(f'<text x="0" y="35" font-size="14" fill="{MUTED}">Nothing to show for these filters.</text>')
    return _close(parts)


def _legend(items: list[tuple[str, str]], y: int) -> tuple[list[str], int]:
    """Swatches and labels, wrapping onto a new line when the next one would not fit; returns
    the parts and the y of the last line."""
    parts, x = [], 0
    for label, colour in items:
        width = 17 + 7 * len(label)
        if x and x + width > WIDTH:
            x, y = 0, y + 18
        parts += [
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" rx="2" fill="{colour}"/>',
            f'<text x="{x + 17}" y="{y}" font-size="12" fill="{INK}">{escape(label)}</text>',
        ]
        x += width + 16
    return parts, y


def _nice_max(value: float) -> int:
    """The axis top: the value rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def stacked_columns_svg(chart_id: str, title: str, categories: list[str], series: list[tuple[str, str, list]]):
    """One column per category (a month, "Jan 2026"), stacked by series (label, colour, values)."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(categories))]
    if not any(totals):
        return _empty(chart_id, title)
    legend, legend_y = _legend([(label, colour) for label, colour, _ in series], 14)
    top, left, plot_h = legend_y + 22, 28, 160
    height = top + plot_h + 40
    axis = _nice_max(max(totals))
    slot = (WIDTH - left) / len(categories)
    bar = min(36, slot * 0.7)
    parts = _open(chart_id, title, height) + legend
    # Counts are whole: a half-way line only where it falls on a whole number.
    for tick in (0, axis // 2, axis) if axis % 2 == 0 else (0, axis):
        y = top + plot_h - plot_h * tick / axis
        parts += [
            f'<line x1="{left}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>',
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}" text-anchor="end">{tick}</text>',
        ]
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        y = top + plot_h
        for _, colour, values in series:
            h = plot_h * values[i] / axis
            if h:
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}"/>')
        centre = x + bar / 2
        parts.extend(_month_label(category, centre=centre, baseline=top + plot_h, first=i == 0))
    return _close(parts)


def bars_svg(chart_id: str, title: str, bars: list[tuple[str, float, str]], legend=()):
    """Horizontal bars (label, value, colour), each label above its bar (wrapped onto a second
    line when long) so criterion titles fit a phone; `legend` (label, colour) names the colours."""
    if not bars:
        return _empty(chart_id, title)
    longest = max(value for _, value, _ in bars) or 1
    track, parts, y = WIDTH - 64, [], 0
    if legend:
        parts, legend_y = _legend(list(legend), 14)
        y = legend_y + 10
    for label, value, colour in bars:
        for line in textwrap.wrap(label, LABEL_CHARS) or [""]:
            parts.append(f'<text x="0" y="{y + 15}" font-size="13" fill="{INK}">{escape(line)}</text>')
            y += 16
        width = track * value / longest
        parts += [
            f'<rect x="0" y="{y + 5}" width="{track}" height="14" rx="3" fill="#eef1f5"/>',
            f'<rect x="0" y="{y + 5}" width="{width:.1f}" height="14" rx="3" fill="{colour}"/>',
            f'<text x="{track + 8}" y="{y + 17}" font-size="13" fill="{INK}">{value:g}</text>',
        ]
        y += 28
    return _close(_open(chart_id, title, y + 4) + parts)


def share_columns_svg(chart_id: str, title: str, categories: list[str], shares: list[float | None]):
    """Columns from 0 to 100 %, the share written on top; a month with nothing to judge shows "–"."""
    if all(share is None for share in shares):
        return _empty(chart_id, title)
    top, left, plot_h = 20, 38, 160  # room on the left for "100%"
    height = top + plot_h + 40
    slot = (WIDTH - left) / len(categories)
    bar = min(36, slot * 0.7)
    parts = _open(chart_id, title, height)
    for tick in (0, 50, 100):
        y = top + plot_h - plot_h * tick / 100
        parts += [
            f'<line x1="{left}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>',
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}" text-anchor="end">{tick}%</text>',
        ]
    for i, (category, share) in enumerate(zip(categories, shares, strict=True)):
        x = left + slot * i + (slot - bar) / 2
        centre = x + bar / 2
        h = plot_h * (share or 0) / 100
        if h:
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{ACCENT}"/>'
            )
        text = "–" if share is None else f"{share:.0f}%"
        label_y = max(top + plot_h - h - 4, 11)
        parts.append(
            f'<text x="{centre:.1f}" y="{label_y:.1f}" font-size="10" fill="{INK}" text-anchor="middle">{text}</text>'
        )
        parts.extend(_month_label(category, centre=centre, baseline=top + plot_h, first=i == 0))
    return _close(parts)


def _verdict_series(figure: Figure) -> list[tuple[str, str, list]]:
    return [
        (label, COLOUR_OF_VERDICT[label], [row[1 + i] for row in figure.rows])
        for i, label in enumerate(VERDICT_LABELS.values())
    ]


def verdicts_by_month_chart(figure: Figure) -> SafeString:
    categories = [row[0] for row in figure.rows]
    return stacked_columns_svg("chart-verdicts-by-month", figure.title, categories, _verdict_series(figure))


def verdicts_by_version_chart(figure: Figure) -> SafeString:
    # Versions are few and their names long: one bar per version and verdict reads best.
    bars = [
        (f"{row[0]}: {label}", row[1 + i], COLOUR_OF_VERDICT[label])
        for row in figure.rows
        for i, label in enumerate(VERDICT_LABELS.values())
    ]
    return bars_svg("chart-verdicts-by-version", figure.title, bars)


def criteria_chart(figure: Figure, limit: int = 10) -> SafeString:
    bars = [(row[0], row[2], COLOUR_OF_KIND.get(row[1], ACCENT)) for row in figure.rows[:limit]]
    kinds = list(dict.fromkeys(row[1] for row in figure.rows[:limit]))
    legend = [(kind, COLOUR_OF_KIND[kind]) for kind in KIND_LABELS.values() if kind in kinds]
    return bars_svg("chart-criteria", figure.title, bars, legend)


def sla_chart(figure: Figure) -> SafeString:
    return share_columns_svg(
        "chart-sla", figure.title, [row[0] for row in figure.rows], [row[5] for row in figure.rows]
    )


def overrides_chart(figure: Figure) -> SafeString:
    counts = direction_counts(figure, 0, 1, count_column=3)
    kept = sum(row[3] for row in figure.rows if row[0] == row[1])
    bars = [(f"{a} → {b}", n, COLOUR_OF_VERDICT.get(b, ACCENT)) for (a, b), n in counts.most_common()]
    if bars or kept:
        bars.append(("Computed verdict kept", kept, "#9aa5b1"))
    return bars_svg("chart-overrides", figure.title, bars)


def one_answer_away_chart(figure: Figure) -> SafeString:
    counts = direction_counts(figure, 2, 3)
    bars = [(f"{a} → {b}", n, COLOUR_OF_VERDICT.get(b, ACCENT)) for (a, b), n in counts.most_common()]
    return bars_svg("chart-one-answer-away", figure.title, bars)


CHARTS = {
    "verdicts-by-month": verdicts_by_month_chart,
    "verdicts-by-version": verdicts_by_version_chart,
    "criteria": criteria_chart,
    "sla": sla_chart,
    "overrides": overrides_chart,
    "one-answer-away": one_answer_away_chart,
}


def _month_label(category: str, *, centre: float, baseline: float, first: bool) -> list[str]:
    """A month's name under its bar; the year under it too on the first bar and in January."""
    month, _, year = category.partition(" ")
    texts = [
        f'<text x="{centre:.1f}" y="{baseline + 16}" font-size="11" fill="{INK}" '
        f'text-anchor="middle">{escape(month)}</text>'
    ]
    if year and (first or month == "Jan"):
        texts.append(
            f'<text x="{centre:.1f}" y="{baseline + 30}" font-size="11" fill="{MUTED}" '
            f'text-anchor="middle">{escape(year)}</text>'
        )
    return texts
