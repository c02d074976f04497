"""The upload panels beside the questionnaire's data and evaluation sections: what each shows
and where its forms post, for the client's pages and the workshop screen alike."""

from django.urls import reverse

from assessments.models import SampleUpload
from assessments.samples import summary as sample_summary
from assessments.selectors import provider_profiles, samples_latest

# Which upload sits beside which questionnaire section.
SECTION_KINDS = {"data": SampleUpload.TRAINING, "evaluation": SampleUpload.EVAL}
KIND_TEXT = {
    SampleUpload.TRAINING: (
        "Attach a training sample (optional)",
        "A few hundred to a few thousand examples as JSON Lines (OpenAI chat, Bedrock, Vertex or "
        "prompt/completion) or CSV. We count valid and duplicate examples, tokens and personal data.",
    ),
    SampleUpload.EVAL: (
        "Attach an eval set (optional)",
        "Test cases as JSON Lines (input with ideal/target/expected) or CSV. We count cases with an "
        "expected answer and cases that repeat an example of your training sample.",
    ),
}


def panel_context(*, assessment, kind: str, urls, may_upload: bool, error: str = "") -> dict:
    """Everything one upload panel shows: the latest upload of ``kind`` and its findings."""
    sample = samples_latest(assessment).get(kind)
    findings = sample.findings if sample and sample.status == SampleUpload.ANALYSED else None
    title, hint = KIND_TEXT[kind]
    providers = sample_summary.provider_fit(findings, provider_profiles()) if findings and kind == "training" else []
    return {
        "kind": kind,
        "title": title,
        "hint": hint,
        "sample": sample,
        "findings": findings,
        "issues": sample_summary.issues(findings) if findings else [],
        "format_label": sample_summary.format_label(findings) if findings else "",
        "providers": providers,
        "upload_url": urls.upload(kind),
        "status_url": urls.status(sample) if sample else "",
        "retry_url": urls.retry(sample) if sample and sample.file else "",
        "may_upload": may_upload,
        "error": error,
    }


def panels_for_section(*, assessment, section_slug: str, urls, may_upload: bool) -> list[dict]:
    kind = SECTION_KINDS.get(section_slug)
    return [panel_context(assessment=assessment, kind=kind, urls=urls, may_upload=may_upload)] if kind else []


class ClientUrls:
    def upload(self, kind):
        return reverse("client-sample-upload", args=[kind])

    def status(self, sample):
        return reverse("client-sample", args=[sample.pk])

    def retry(self, sample):
        return reverse("client-sample-retry", args=[sample.pk])


class WorkshopUrls:
    def __init__(self, engagement):
        self.pk = engagement.pk

    def upload(self, kind):
        return reverse("workshop-sample-upload", args=[self.pk, kind])

    def status(self, sample):
        return reverse("workshop-sample", args=[self.pk, sample.pk])

    def retry(self, sample):
        return reverse("workshop-sample-retry", args=[self.pk, sample.pk])
