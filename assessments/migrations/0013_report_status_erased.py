"""An erased report version says so: status "erased" (it was left "ready" with its files gone)."""

from django.db import migrations, models


def mark_erased(apps, schema_editor):
    Report = apps.get_model("assessments", "Report")
    Report.objects.filter(erased_at__isnull=False).update(status="erased")


def unmark_erased(apps, schema_editor):
    # Back to the closest old status: nothing renders an erased version again either way.
    Report = apps.get_model("assessments", "Report")
    Report.objects.filter(status="erased").update(status="ready")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0012_provider_availability"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("generating", "Generating"),
                    ("ready", "Ready"),
                    ("failed", "Failed"),
                    ("erased", "Erased"),
                ],
                default="queued",
                max_length=12,
            ),
        ),
        migrations.RunPython(mark_erased, unmark_erased),
    ]
