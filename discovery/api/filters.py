"""The list filters a CRM syncs with: status, lead, updated since (django-filter; a value that
isn't one is a 400 naming the field)."""

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField

from assessments.models import Assessment, Evaluation, Report
from discovery.models import Engagement, Organisation


class _UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, turned to UTC before it reaches the database: PostgreSQL refuses
    offsets beyond ±15:59 that ISO allows, and an instant off the calendar after conversion is the
    caller's mistake, so both are a 400 naming the field rather than a database error."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError as error:
            raise forms.ValidationError("Give a date and time between the years 1 and 9999 in UTC.") from error


class _UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = _UtcIsoDateTimeField


class EngagementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Engagement.STATUSES)
    lead = django_filters.NumberFilter(field_name="lead_id", min_value=1, max_value=2**63 - 1)
    unassigned = django_filters.BooleanFilter(field_name="lead", lookup_expr="isnull", label="Only without a lead")
    updated_since = _UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Engagement
        fields = ["status", "lead", "unassigned", "updated_since"]


class OrganisationFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", max_length=200)

    class Meta:
        model = Organisation
        fields = ["name"]


class _ByEngagement(django_filters.FilterSet):
    engagement = django_filters.NumberFilter(field_name="engagement_id", min_value=1, max_value=2**63 - 1)


class AssessmentFilter(_ByEngagement):
    status = django_filters.ChoiceFilter(choices=Assessment.STATUSES)

    class Meta:
        model = Assessment
        fields = ["engagement", "status"]


class ReportFilter(django_filters.FilterSet):
    engagement = django_filters.NumberFilter(field_name="assessment__engagement_id", min_value=1, max_value=2**63 - 1)
    status = django_filters.ChoiceFilter(choices=Report.STATUSES)
    delivered = django_filters.BooleanFilter(field_name="delivered_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Report
        fields = ["engagement", "status", "delivered"]


class EvaluationFilter(django_filters.FilterSet):
    assessment = django_filters.NumberFilter(field_name="assessment_id", min_value=1, max_value=2**63 - 1)

    class Meta:
        model = Evaluation
        fields = ["assessment"]
