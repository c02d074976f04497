"""The analytics filters (a GET form): period, industry and lead, checked into PortfolioFilters."""

import re
from datetime import date
from urllib.parse import urlencode

from django import forms

from .figures import Month, months_between
from .selectors import PortfolioFilters

PERIODS = [("3", "Last 3 months"), ("6", "Last 6 months"), ("12", "Last 12 months"), ("24", "Last 24 months")]
DEFAULT_PERIOD = "12"
MAX_MONTHS = 36  # a longer axis stops being readable; the CSVs of two periods can be joined
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> Month:
    match = MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise forms.ValidationError("Enter a month as YYYY-MM, for example 2026-03.")
    return int(match.group(1)), int(match.group(2))


def months_back(today: date, count: int) -> Month:
    """The month `count - 1` months before today's, so "last 3 months" includes this one."""
    index = today.year * 12 + today.month - 1 - (count - 1)
    return index // 12, index % 12 + 1


class AnalyticsFilterForm(forms.Form):
    period = forms.ChoiceField(required=False, choices=PERIODS)
    start = forms.CharField(required=False, max_length=7, label="From month")
    end = forms.CharField(required=False, max_length=7, label="To month")
    industry = forms.ChoiceField(required=False)
    lead = forms.ChoiceField(required=False)

    def __init__(self, data, *, industries: list[str], leads: list[tuple[int, str]], today: date):
        super().__init__(data)
        self.today = today
        self.fields["industry"].choices = [("", "All industries"), *((i, i) for i in industries)]
        self.fields["lead"].choices = [("", "Anyone"), *((str(pk), name) for pk, name in leads)]

    def clean_start(self):
        return parse_month(self.cleaned_data["start"]) if self.cleaned_data["start"].strip() else None

    def clean_end(self):
        return parse_month(self.cleaned_data["end"]) if self.cleaned_data["end"].strip() else None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        this_month = (self.today.year, self.today.month)
        start, end = data.get("start"), data.get("end")
        if start or end:
            # A month range wins over the preset; an open end means "up to this month".
            end = end or max(this_month, start)
            start = start or months_back(date(end[0], end[1], 1), int(DEFAULT_PERIOD))
        else:
            end, start = this_month, months_back(self.today, int(data.get("period") or DEFAULT_PERIOD))
        if start > end:
            raise forms.ValidationError("The first month comes after the last one: swap them.")
        if len(months_between(start, end)) > MAX_MONTHS:
            raise forms.ValidationError(f"Choose at most {MAX_MONTHS} months at a time.")
        data["filters"] = PortfolioFilters(
            first=start,
            last=end,
            industry=data.get("industry") or "",
            lead_id=int(data["lead"]) if data.get("lead") else None,
        )
        return data

    def query_string(self, **extra) -> str:
        """The filters as they were submitted, for the CSV links (so a download matches the page)."""
        params = {name: self.data[name] for name in self.fields if self.data.get(name)}
        return urlencode({**params, **extra})
