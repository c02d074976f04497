"""`python manage.py export_content SLUG [VERSION] [--output FILE]`: one content version as JSON.

The document is in the `discovery-content/1` format (assessments/content/FORMAT.md), the same one
`import_content` reads. Without VERSION the published version is exported (or, when none is
published, the newest).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from assessments.models import CriteriaSet, Questionnaire, VersionStatus


class Command(BaseCommand):
    help = "Export a questionnaire or criteria set version as JSON (discovery-content/1)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="e.g. fine-tuning-readiness or fine-tuning-criteria")
        parser.add_argument(
            "number", nargs="?", type=int, metavar="VERSION", help="version number (default: the published one)"
        )
        parser.add_argument(
            "--kind", choices=["questionnaire", "criteria_set"], help="only needed when both kinds use the slug"
        )
        parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")

    def handle(self, *args, slug, number, kind, output, **options):
        version = self._find(slug, number, kind)
        text = json.dumps(version.to_document(), indent=2, ensure_ascii=False) + "\n"
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise CommandError(f"Can't write {output}: {exc.strerror or exc}") from exc
        self.stderr.write(f"Wrote {version} to {output}.")

    def _find(self, slug, number, kind):
        models = {"questionnaire": [Questionnaire], "criteria_set": [CriteriaSet], None: [Questionnaire, CriteriaSet]}
        found = [model for model in models[kind] if model.objects.filter(slug=slug).exists()]
        if not found:
            raise CommandError(f"No questionnaire or criteria set has the slug {slug!r}.")
        if len(found) > 1:
            raise CommandError(f"Both a questionnaire and a criteria set use {slug!r}; add --kind.")
        versions = found[0].objects.filter(slug=slug)
        if number is not None:
            version = versions.filter(version=number).first()
            if version is None:
                known = ", ".join(str(v) for v in versions.order_by("version").values_list("version", flat=True))
                raise CommandError(f"{slug} has no version {number} (it has {known}).")
            return version
        return versions.filter(status=VersionStatus.PUBLISHED).first() or versions.order_by("-version").first()
