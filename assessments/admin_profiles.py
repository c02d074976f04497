"""Provider profiles in the Django admin: admins keep each training path's status, dates,
limits and prices up to date, and say per figure where and when it was read (inline). The list
warns when any figure was last checked over 90 days ago. New analyses, training paths and cost
sections use the rows as they are; a report already made keeps the profiles it froze."""

from django.contrib import admin, messages

from assessments.models import ProfileFigure, ProviderProfile
from assessments.selectors import profiles_unchecked_since, stale_check_cutoff
from discovery.roles import is_admin


class AdminOnly:
    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)


class ProfileFigureInline(AdminOnly, admin.TabularInline):
    model = ProfileFigure
    extra = 0
    fields = ("figure", "source", "checked_on", "confirmed", "note")


@admin.register(ProviderProfile)
class ProviderProfileAdmin(AdminOnly, admin.ModelAdmin):
    list_display = (
        "name",
        "model",
        "method",
        "status",
        "closes_on",
        "retires_on",
        "training_price_per_million",
        "last_checked",
    )
    list_filter = ("provider", "status", "method")
    ordering = ("order", "pk")
    inlines = [ProfileFigureInline]
    fieldsets = (
        (None, {"fields": ("slug", "name", "provider", "provider_name", "model", "method", "order")}),
        ("Availability", {"fields": ("status", "closes_on", "retires_on", "availability")}),
        (
            "Limits",
            {
                "fields": (
                    "min_examples",
                    "recommended_examples",
                    "max_tokens_per_example",
                    "max_training_examples",
                    "max_validation_examples",
                    "formats",
                )
            },
        ),
        (
            "Prices (US dollars per million tokens; empty when not published)",
            {
                "fields": (
                    "training_price_per_million",
                    "default_epochs",
                    "base_input_price_per_million",
                    "base_output_price_per_million",
                    "tuned_input_price_per_million",
                    "tuned_output_price_per_million",
                )
            },
        ),
        ("Sources", {"fields": ("source", "notes")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("figures")

    @admin.display(description="Last checked")
    def last_checked(self, obj):
        dates = [f.checked_on for f in obj.figures.all()]
        return min(dates) if dates else "never"

    def changelist_view(self, request, extra_context=None):
        self._warn_unchecked(request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._warn_unchecked(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def _warn_unchecked(self, request):
        if request.method != "GET":
            return
        stale = profiles_unchecked_since(stale_check_cutoff())
        if stale:
            names = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
            messages.warning(
                request,
                f"Figures not checked for over 90 days (or never): {names}. "
                "Read the provider's page again and update the figure's checked date.",
            )
