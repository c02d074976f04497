"""A golden case saved from an engagement names it (source_engagement), so that client's erasure
reaches every copy. Cases saved before say so only in their note ("Saved from engagement #12, …"):
they are linked from it, in every version and in their history."""

import re

import django.db.models.deletion
from django.db import migrations, models

SAVED_FROM = re.compile(r"^Saved from engagement #(\d+), evaluated with ")


def link_from_note(apps, schema_editor):
    Engagement = apps.get_model("discovery", "Engagement")
    known = set(Engagement.objects.values_list("pk", flat=True))
    for name in ("GoldenCase", "HistoricalGoldenCase"):
        model = apps.get_model("assessments", name)
        # The historical manager here is a plain one: frozen versions' rows are written directly.
        for pk, note in model.objects.filter(note__startswith="Saved from engagement #").values_list("pk", "note"):
            match = SAVED_FROM.match(note)
            if match and int(match.group(1)) in known:
                model.objects.filter(pk=pk).update(source_engagement_id=int(match.group(1)))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0013_report_status_erased"),
        ("discovery", "0006_outgoing_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="goldencase",
            name="source_engagement",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="discovery.engagement",
            ),
        ),
        migrations.AddField(
            model_name="historicalgoldencase",
            name="source_engagement",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="discovery.engagement",
            ),
        ),
        migrations.RunPython(link_from_note, migrations.RunPython.noop),
    ]
