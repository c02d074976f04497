"""The JSON API's endpoints (DRF). Reads are lists and details; writes call the same services as
the pages (intake, assign the lead, move, withdraw) and their refusals come back as JSON with the
same message and a 400 or 409 (discovery/api/refusals.py)."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments.models import Answer, Assessment, Evaluation, Report
from discovery.api import filters, serializers
from discovery.api.etags import ETagged
from discovery.engagements.services.engagements import engagement_assign, engagement_move, engagement_withdraw
from discovery.models import Engagement, Organisation
from discovery.portal.services.intake import engagement_request
from discovery.roles import CONSULTANTS
from web.refusals import Refused

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class LeadRefused(Refused):
    """The lead named isn't an active consultant."""


class ReadOnly(ETagged, viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "id"  # web/converters.py: a malformed or huge id is a 404, never a 500


class OrganisationViewSet(ReadOnly):
    queryset = Organisation.objects.order_by("name", "pk")
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter


REFUSAL = OpenApiResponse(description="Refused: `{detail, code}` says why (the same message as the page).")


class EngagementViewSet(ETagged, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Engagements, oldest change first (`updated_since` + `ordering` by update: an incremental sync)."""

    queryset = (
        Engagement.objects.select_related("organisation", "contact", "lead")
        .prefetch_related(Prefetch("assessments", queryset=Assessment.objects.only("pk", "engagement_id")))
        .order_by("updated_at", "pk")
    )
    serializer_class = serializers.EngagementSerializer
    filterset_class = filters.EngagementFilter
    lookup_value_converter = "id"

    @extend_schema(
        request=serializers.EngagementRequestSerializer,
        responses={
            201: serializers.EngagementSerializer,
            200: OpenApiResponse(
                serializers.EngagementSerializer,
                description="This email has an open engagement already; its link was emailed again.",
            ),
            400: REFUSAL,
        },
        summary="Record a request (the public intake), as a CRM that captured a lead",
    )
    def create(self, request, *args, **kwargs):
        data = serializers.EngagementRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = engagement_request(
            organisation_name=values["organisation"],
            industry=values["industry"],
            contact_name=values["contact_name"],
            email=values["email"],
            role=values["role"],
            use_case=values["use_case"],
            consent=values["consent"],
        )
        body = self.get_serializer(self.get_queryset().get(pk=result.engagement.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if result.is_new else status.HTTP_200_OK)

    @extend_schema(
        request=serializers.LeadSerializer,
        responses={200: serializers.EngagementSerializer, 400: REFUSAL, 409: REFUSAL},
        summary="Set or clear the lead architect (the engagement page's rules)",
    )
    @action(detail=True, methods=["post"])
    def lead(self, request, pk=None):
        engagement = self.get_object()
        data = serializers.LeadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lead = None
        if data.validated_data["lead"] is not None:
            consultants = get_user_model().objects.filter(groups__name=CONSULTANTS, is_active=True)
            lead = consultants.filter(pk=data.validated_data["lead"]).first()
            if lead is None:
                raise LeadRefused("Choose a consultant to lead this engagement: no active consultant has that id.")
        expected = {}
        if "expected_lead" in data.validated_data:
            expected = {"expected_lead_id": data.validated_data["expected_lead"]}
        engagement_assign(engagement=engagement, lead=lead, user=request.user, **expected)
        return Response(self.get_serializer(self.get_queryset().get(pk=engagement.pk)).data)

    @extend_schema(
        request=serializers.TransitionSerializer,
        responses={200: serializers.EngagementSerializer, 400: REFUSAL, 409: REFUSAL},
        summary="Move the engagement through the state machine (the page's status buttons)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        engagement = self.get_object()
        data = serializers.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        engagement_move(engagement=engagement, target=data.validated_data["target"], user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=engagement.pk)).data)

    @extend_schema(
        request=serializers.WithdrawSerializer,
        responses={200: serializers.EngagementSerializer, 400: REFUSAL, 409: REFUSAL},
        summary="Withdraw the engagement, with the reason kept on its timeline",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        engagement = self.get_object()
        data = serializers.WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        engagement_withdraw(engagement=engagement, user=request.user, reason=data.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=engagement.pk)).data)


class AssessmentViewSet(ReadOnly):
    queryset = Assessment.objects.prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by("question_slug")), "evaluations"
    ).order_by("pk")
    serializer_class = serializers.AssessmentSerializer
    filterset_class = filters.AssessmentFilter


class ReportViewSet(ReadOnly):
    queryset = Report.objects.select_related("assessment", "evaluation").order_by("pk")
    serializer_class = serializers.ReportSerializer
    filterset_class = filters.ReportFilter

    def _download(self, kind: str):
        report = self.get_object()
        file = getattr(report, kind)
        if not report.is_delivered or report.erased_at or not file:
            raise Http404("Only a delivered version's files can be downloaded.")
        name = f"report-{report.assessment_id}-v{report.number}.{kind}"
        return FileResponse(file.open("rb"), as_attachment=True, filename=name)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: REFUSAL},
        summary="Download a delivered version as PDF",
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return self._download("pdf")

    @extend_schema(
        responses={(200, DOCX): OpenApiTypes.BINARY, 404: REFUSAL},
        summary="Download a delivered version as a Word document",
    )
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        return self._download("docx")


class EvaluationViewSet(ReadOnly):
    queryset = Evaluation.objects.select_related("criteria_set").order_by("pk")
    serializer_class = serializers.EvaluationSerializer
    filterset_class = filters.EvaluationFilter
