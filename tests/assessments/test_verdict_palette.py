"""One verdict palette: the CSS custom properties equal the Python map, and nothing else
hard-codes a verdict's colour (the five copies used to disagree)."""

import re
from pathlib import Path

from assessments import engine

ROOT = Path(__file__).resolve().parents[2]
PALETTE_CSS = ROOT / "static" / "css" / "verdicts.css"
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
SLUG = "|".join(sorted(engine.VERDICT_COLOURS, key=len, reverse=True))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    light, dark = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_css_custom_properties_equal_the_python_map():
    declared = dict(re.findall(r"--verdict-([\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;", PALETTE_CSS.read_text()))
    expected = {}
    for slug, colours in engine.VERDICT_COLOURS.items():
        expected[slug] = colours["solid"]
        expected[f"{slug}-tint"] = colours["tint"]
        expected[f"{slug}-ink"] = colours["ink"]
    assert {k: v.lower() for k, v in declared.items()} == expected


def test_every_verdict_colour_passes_wcag_aa_for_its_text():
    for slug, colours in engine.VERDICT_COLOURS.items():
        assert _contrast(colours["solid"], "#ffffff") >= 4.5, slug  # white text on the fill
        assert _contrast(colours["ink"], colours["tint"]) >= 4.5, slug  # the app's badge


def test_do_not_fine_tune_is_not_the_alarm_red_the_report_used():
    assert engine.verdict_colour("do_not_fine_tune") != "#c62828"
    assert engine.verdict_colour("unknown") == "#5b6675"


def _css_files():
    for path in (ROOT / "static").rglob("*.css"):
        if "vendor" not in path.parts and path != PALETTE_CSS:
            yield path


def test_no_other_stylesheet_hard_codes_a_verdict_colour():
    offenders = []
    for path in _css_files():
        # A rule at a time: a selector naming a verdict may only use the custom properties.
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", path.read_text()):
            # White text on the solid fill is the palette's contract, not a verdict's colour.
            colours = [c for c in HEX.findall(body) if c.lower() not in ("#fff", "#ffffff")]
            if re.search(rf"verdict-({SLUG})\b", selector) and colours:
                offenders.append(f"{path.relative_to(ROOT)}: {selector.strip()}")
    assert offenders == []


def test_no_python_or_template_hard_codes_a_verdict_colour():
    vocabulary = ROOT / "assessments" / "engine" / "vocabulary.py"
    files = [p for d in ("assessments", "discovery", "web") for p in (ROOT / d).rglob("*.py")]
    files += list((ROOT / "templates").rglob("*.html"))
    offenders = []
    for path in files:
        if path == vocabulary:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(rf"\b({SLUG})\b", line) and HEX.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_the_report_stylesheet_and_every_page_load_the_palette():
    assert '@import url("verdicts.css")' in (ROOT / "static/css/report-print.css").read_text()
    assert "css/verdicts.css" in (ROOT / "templates/base.html").read_text()
