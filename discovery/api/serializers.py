"""What the API shows of each resource, and what its writes accept.

Reads name people by id and display name; a contact whose personal data was erased shows as
null. A report's files are offered only once the version was delivered (what the client has).
"""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.engine.vocabulary import verdict_label
from assessments.models import Assessment, Evaluation, Report
from assessments.selectors import assessment_measured_facts
from discovery.engagements.sla import LABELS, engagement_sla_state
from discovery.models import Engagement, Organisation, validate_organisation_name
from web.names import display_name


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return display_name(user)


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "industry", "created_at"]


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    role = serializers.CharField()


class SlaSerializer(serializers.Serializer):
    state = serializers.CharField(allow_null=True, help_text="due_soon, overdue, answered…; null before submission")
    label = serializers.CharField(allow_blank=True)
    response_due_at = serializers.DateTimeField(allow_null=True)
    first_response_at = serializers.DateTimeField(allow_null=True)


class EngagementSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)
    lead = PersonSerializer(read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    contact = serializers.SerializerMethodField()
    sla = serializers.SerializerMethodField()
    assessment_ids = serializers.SerializerMethodField()

    class Meta:
        model = Engagement
        fields = [
            "id",
            "organisation",
            "contact",
            "source",
            "status",
            "status_label",
            "lead",
            "sla",
            "use_case_description",
            "created_at",
            "updated_at",
            "submitted_at",
            "delivered_at",
            "assessment_ids",
        ]

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, engagement) -> dict | None:
        contact = engagement.contact
        if contact is None or contact.erased_at:
            return None
        return {"name": contact.name, "email": contact.email, "role": contact.role}

    @extend_schema_field(SlaSerializer)
    def get_sla(self, engagement) -> dict:
        state = engagement_sla_state(engagement, timezone.now())
        return {
            "state": state,
            "label": LABELS.get(state, ""),
            "response_due_at": serializers.DateTimeField().to_representation(engagement.response_due_at)
            if engagement.response_due_at
            else None,
            "first_response_at": serializers.DateTimeField().to_representation(engagement.first_response_at)
            if engagement.first_response_at
            else None,
        }

    def get_assessment_ids(self, engagement) -> list[int]:
        return [a.pk for a in engagement.assessments.all()]


class EngagementRequestSerializer(serializers.Serializer):
    """The intake, as a CRM that captured a lead sends it (the public request form's fields)."""

    organisation = serializers.CharField(max_length=200, validators=[validate_organisation_name])
    industry = serializers.CharField(max_length=100)
    contact_name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    use_case = serializers.CharField(max_length=2000)
    consent = serializers.BooleanField(help_text="The contact agreed to be contacted about the assessment.")

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError("The contact must have agreed to be contacted: we email them a link.")
        return value


class LeadSerializer(serializers.Serializer):
    lead = serializers.IntegerField(allow_null=True, min_value=1, help_text="A consultant's user id; null: nobody.")
    expected_lead = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The lead you last saw (null: nobody); when given, a colleague's change meanwhile is a 409.",
    )


class TransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=Engagement.STATUSES)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField(source="question_slug")
    value = serializers.JSONField()
    updated_at = serializers.DateTimeField()


class VerdictSerializer(serializers.Serializer):
    verdict = serializers.CharField()
    label = serializers.CharField()
    evaluation_id = serializers.IntegerField()
    evaluated_at = serializers.DateTimeField()


class AssessmentSerializer(serializers.ModelSerializer):
    engagement_id = serializers.IntegerField(read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    verdict = serializers.SerializerMethodField()
    measured_facts = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "engagement_id", "status", "created_at", "submitted_at", "answers", "verdict", "measured_facts"]

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, assessment) -> dict | None:
        evaluation = max(assessment.evaluations.all(), key=lambda e: (e.created_at, e.pk), default=None)
        if evaluation is None:
            return None
        return {
            "verdict": evaluation.verdict,
            "label": verdict_label(evaluation.verdict),
            "evaluation_id": evaluation.pk,
            "evaluated_at": serializers.DateTimeField().to_representation(evaluation.created_at),
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_measured_facts(self, assessment) -> dict:
        return assessment_measured_facts(assessment)


class ReportSerializer(serializers.ModelSerializer):
    engagement_id = serializers.IntegerField(source="assessment.engagement_id", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    verdict = serializers.SerializerMethodField()
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "assessment_id",
            "engagement_id",
            "number",
            "status",
            "status_label",
            "verdict",
            "created_at",
            "delivered_at",
            "downloads",
        ]

    def get_verdict(self, report) -> str | None:
        if report.override_verdict:
            return report.override_verdict
        return report.evaluation.verdict if report.evaluation_id else None

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "format": "uri"}})
    def get_downloads(self, report) -> dict:
        """Links to the delivered version's files (none before delivery, nor after an erasure)."""
        if not report.is_delivered or report.erased_at:
            return {}
        request = self.context.get("request")
        links = {}
        for kind in ("pdf", "docx"):
            if getattr(report, kind):
                url = reverse(f"api:report-{kind}", kwargs={"pk": report.pk})
                links[kind] = request.build_absolute_uri(url) if request else url
        return links


class EvaluationSerializer(serializers.ModelSerializer):
    verdict_label = serializers.SerializerMethodField()
    criteria_set = serializers.CharField(source="criteria_set.__str__", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "assessment_id", "verdict", "verdict_label", "criteria_set", "created_at", "result"]

    def get_verdict_label(self, evaluation) -> str:
        return verdict_label(evaluation.verdict)
