"""Generate a new report version for one assessment, in this process (no worker needed)."""

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment, Report
from assessments.reports.services import report_generate_now


class Command(BaseCommand):
    help = "Render a new recommendation report version for an assessment and print the PDF's name in the file storage."

    def add_arguments(self, parser):
        parser.add_argument("--assessment", type=int, required=True, help="Assessment id")

    def handle(self, *args, assessment, **options):
        found = Assessment.objects.filter(pk=assessment).first()
        if found is None:
            raise CommandError(f"No assessment with id {assessment}.")
        report = report_generate_now(assessment=found)
        if report.status != Report.READY:
            raise CommandError(f"Report v{report.number} failed: {report.error}")
        verdict = report.evaluation.verdict
        self.stdout.write(f"Report v{report.number} for assessment {found.pk}: {verdict} → {report.pdf.name}")
