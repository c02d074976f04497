"""Provider profiles in the Django admin: admins keep the figures (minimum and recommended
examples, token limit, source) up to date as providers change them. New analyses and reports
use the rows as they are; an analysis already made keeps the over-limit counts it measured."""

from django.contrib import admin

from assessments.models import ProviderProfile
from discovery.roles import is_admin


@admin.register(ProviderProfile)
class ProviderProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "min_examples", "recommended_examples", "max_tokens_per_example", "checked")
    list_editable = ()
    ordering = ("order", "pk")

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)
