"""Render reports for the demo engagements that have reached submission (idempotent)."""

from django.core.management.base import BaseCommand

from demo.reports import build


class Command(BaseCommand):
    help = "Generate reports for demo assessments that are submitted, in review or delivered."

    def handle(self, *args, **options):
        build(self.stdout)
