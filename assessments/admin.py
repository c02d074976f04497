"""The Django admin for questionnaires and criteria sets: admins only, drafts editable, history kept.

Published and retired versions open read-only; editing means "Create a new draft" from one.
Publishing goes through services.publishing (the model's publish gate), so the admin can't
publish anything the engine would reject. Every change is recorded by django-simple-history
("History" on each version, with its rows' changes read by selectors.content_changes).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from assessments.admin_forms import PublishForm, SectionLimitedFormSet, condition_widgets
from assessments.models import (
    Choice,
    ContentError,
    CriteriaSet,
    Criterion,
    GoldenCase,
    PolicyRule,
    Question,
    Questionnaire,
    Section,
)
from assessments.models.content_checks import describe_error
from assessments.selectors import content_changes
from assessments.services.publishing import DraftExists, content_draft_from, content_publish, next_version_number
from discovery.roles import is_admin
from web.ids import parse_id


class AuditTrailAdmin(SimpleHistoryAdmin):
    """History pages that are a read-only audit trail, and answer 404 for a malformed id
    (simple_history would pass "abc" or "²" straight to the database)."""

    def history_view(self, request, object_id, extra_context=None):
        if parse_id(unquote(object_id)) is None:
            raise Http404("No such record.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if parse_id(unquote(object_id)) is None or parse_id(unquote(version_id)) is None:
            raise Http404("No such record.")
        if request.method == "POST":
            raise PermissionDenied  # history is read here, never reverted
        return super().history_form_view(request, object_id, version_id, extra_context)


class AdminsOnly:
    """Content is edited by admins only; a draft is editable, a published or retired one is not."""

    def _editable(self, request, version) -> bool:
        return is_admin(request.user) and (version is None or version.is_draft)

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)


class PartInline(AdminsOnly):
    """An inline whose rows belong to the parent version (obj is that version)."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


class SectionInline(PartInline, admin.TabularInline):
    model = Section
    fields = ("order", "slug", "title", "intro")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "intro":
            kwargs["widget"] = condition_widgets(db_field.name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class QuestionInline(PartInline, admin.StackedInline):
    model = Question
    formset = SectionLimitedFormSet
    fields = (("order", "section"), ("slug", "type", "required"), "prompt", "help_text", "visible_when", "max_length")
    show_change_link = True  # choices are edited on the question's own page

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("visible_when", "help_text"):
            kwargs["widget"] = condition_widgets(db_field.name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ChoiceInline(PartInline, admin.TabularInline):
    model = Choice
    fields = ("order", "value", "label")

    def _editable(self, request, question) -> bool:
        # The parent here is a question; what may change depends on its questionnaire.
        return super()._editable(request, question.questionnaire if question else None)


class CriterionInline(PartInline, admin.StackedInline):
    model = Criterion
    verbose_name_plural = "criteria"
    fields = (
        ("order", "slug", "kind", "alternative"),
        "title",
        "condition",
        "rationale",
        ("next_step", "next_step_owner"),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("condition", "rationale", "next_step"):
            kwargs["widget"] = condition_widgets(db_field.name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PolicyRuleInline(PartInline, admin.TabularInline):
    model = PolicyRule
    fields = ("order", "slug", "condition", "verdict", "explanation")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("condition", "explanation"):
            kwargs["widget"] = condition_widgets(db_field.name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class GoldenCaseInline(PartInline, admin.StackedInline):
    model = GoldenCase
    fields = (("order", "name", "expected_verdict"), "answers", ("must_match", "must_not_match"), "note")
    classes = ("collapse",)


class VersionAdmin(AdminsOnly, AuditTrailAdmin):
    """What questionnaires and criteria sets share: numbering, read-only when frozen, actions."""

    change_form_template = "admin/assessments/version_change_form.html"
    object_history_template = "admin/assessments/version_history.html"
    list_display = ("slug", "version", "title", "status", "published_at", "published_by")
    list_filter = ("status", "slug")
    search_fields = ("slug", "title")
    actions = ("create_draft_action", "publish_action")
    version_fields = ("version", "status", "change_note", "created_at", "created_by", "published_at", "published_by")

    class Media:
        css = {"all": ["css/admin_content.css"]}

    def get_readonly_fields(self, request, obj=None):
        return ("slug", *self.version_fields) if obj else self.version_fields

    def has_add_permission(self, request):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)

    def get_actions(self, request):
        # Bulk delete would reach published versions too; a draft is deleted from its own page.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def revert_disabled(self, request, obj=None):
        return True  # history is an audit trail here; changes go through drafts

    def history_view(self, request, object_id, extra_context=None):
        # The version's own history, plus every change to its rows (criteria, questions…).
        version = self.get_object(request, unquote(object_id)) if parse_id(unquote(object_id)) else None
        parts = content_changes(version, limit=100, rows_only=True) if version else []
        return super().history_view(request, object_id, {**(extra_context or {}), "part_changes": parts})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.version = next_version_number(type(obj), obj.slug)
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saving a draft never fails on cross-row problems; say what still blocks publishing.
        errors = form.instance.validation_errors()
        if errors:
            lines = "; ".join(describe_error(e) for e in errors[:5])
            more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
            messages.warning(request, f"Saved, but this draft can't be published yet: {lines}{more}")

    # --- actions and their pages ------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="{}_{}_publish".format(*info),
            ),
            path(
                "<path:object_id>/new-draft/",
                self.admin_site.admin_view(self.new_draft_view),
                name="{}_{}_new_draft".format(*info),
            ),
            *super().get_urls(),
        ]

    def _change_url(self, version):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[version.pk])

    @admin.action(description="Create new draft from this version")
    def create_draft_action(self, request, queryset):
        if not is_admin(request.user):
            raise PermissionDenied
        for version in queryset:
            try:
                draft = content_draft_from(version=version, user=request.user)
            except DraftExists as exists:  # one open draft per slug: say which one to continue
                self.message_user(request, exists.problems[0], messages.WARNING)
                continue
            self.message_user(request, f"Created {draft} from v{version.version}.", messages.SUCCESS)

    @admin.action(description="Publish…")
    def publish_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Publish one version at a time.", messages.ERROR)
            return None
        version = queryset.get()
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_publish", args=[version.pk])
        return HttpResponseRedirect(url)

    def new_draft_view(self, request, object_id):
        version = get_object_or_404(self.model, pk=parse_id(object_id))
        if not is_admin(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            draft = content_draft_from(version=version, user=request.user)
        except DraftExists as exists:  # one open draft per slug: continue that one
            self.message_user(request, exists.problems[0], messages.WARNING)
            return HttpResponseRedirect(self._change_url(exists.draft))
        self.message_user(request, f"Created {draft}; edit it here, then publish it.", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(draft))

    def publish_view(self, request, object_id):
        version = get_object_or_404(self.model, pk=parse_id(object_id))
        if not is_admin(request.user):
            raise PermissionDenied
        form = PublishForm(request.POST or None)
        problems = [p for p in version.publish_problems() if "note" not in p]
        if request.method == "POST" and form.is_valid():
            try:
                content_publish(version=version, user=request.user, note=form.cleaned_data["note"])
            except ContentError as exc:
                problems = exc.problems
            else:
                self.message_user(request, f"Published {version.slug} v{version.version}.", messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(version))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Publish {version.slug} v{version.version}",
            "opts": self.opts,
            "original": version,
            "form": form,
            "problems": problems,
            "change_url": self._change_url(version),
        }
        return TemplateResponse(request, "admin/assessments/publish.html", context)


@admin.register(Questionnaire)
class QuestionnaireAdmin(VersionAdmin):
    fields = ("slug", "title", "description", *VersionAdmin.version_fields)
    inlines = (SectionInline, QuestionInline)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(VersionAdmin):
    fields = ("slug", "title", "questionnaire", *VersionAdmin.version_fields)
    list_display = (*VersionAdmin.list_display, "questionnaire", "criterion_count")
    inlines = (CriterionInline, PolicyRuleInline, GoldenCaseInline)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("questionnaire").annotate(criterion_total=Count("criteria"))

    @admin.display(description="Criteria", ordering="criterion_total")
    def criterion_count(self, obj):
        return obj.criterion_total


@admin.register(Question)
class QuestionAdmin(AdminsOnly, AuditTrailAdmin):
    """A question's own page, reached from its questionnaire, for editing its choices."""

    fields = ("questionnaire", "section", "slug", "type", "prompt", "help_text", "required", "visible_when")
    readonly_fields = ("questionnaire", "section", "slug", "type")
    inlines = (ChoiceInline,)
    list_display = ("slug", "questionnaire", "type", "required")
    list_filter = ("questionnaire",)

    class Media:
        css = {"all": ["css/admin_content.css"]}

    def get_model_perms(self, request):
        return {}  # not listed on the admin index; reached through a questionnaire

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("visible_when", "help_text"):
            kwargs["widget"] = condition_widgets(db_field.name)
        elif db_field.name == "prompt":
            kwargs["widget"] = forms.TextInput(attrs={"class": "content-wide"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return False  # questions are added on their questionnaire's page

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj.questionnaire if obj else None)

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True
