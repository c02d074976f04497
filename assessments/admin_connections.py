"""Model connections in the Django admin (admins only): the provider, the endpoint, the models
consultants may run, dated and sourced prices, the concurrency limit, and the API key.

The key is write-only: typed into a password field that is never filled back in, sealed at rest
(web/sealed.py) and never shown again; the list and the form say only where it comes from. An
environment variable named on the row is preferred (the key then never enters the database).
"""

from django import forms
from django.contrib import admin

from assessments.models import ModelConnection
from assessments.services.baseline import connection_key_store
from discovery.roles import is_admin


class ModelConnectionForm(forms.ModelForm):
    # Explicit schemes: a local server is usually plain http, a price page https.
    base_url = forms.URLField(
        required=False, assume_scheme="http", help_text=ModelConnection._meta.get_field("base_url").help_text
    )
    price_source = forms.URLField(max_length=500, assume_scheme="https", help_text="Where the prices were read.")
    api_key = forms.CharField(
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Stored encrypted and never shown again. Leave empty to keep the stored key. "
        "Prefer an environment variable (Key variable) where you can.",
    )
    clear_key = forms.BooleanField(required=False, help_text="Remove the stored key.")

    class Meta:
        model = ModelConnection
        fields = [
            "name",
            "kind",
            "base_url",
            "key_variable",
            "models_allowed",
            "price_input_per_million",
            "price_output_per_million",
            "price_source",
            "price_checked",
            "concurrency_limit",
            "timeout_seconds",
            "active",
        ]

    def clean_models_allowed(self):
        value = self.cleaned_data["models_allowed"]
        if not isinstance(value, list) or not value or not all(isinstance(m, str) and m.strip() for m in value):
            raise forms.ValidationError('A JSON list of model ids, e.g. ["gpt-4o-mini"].')
        return [m.strip() for m in value]

    def clean(self):
        data = super().clean()
        has_stored = bool(self.instance.pk and self.instance.key_sealed) and not data.get("clear_key")
        if not data.get("key_variable") and not data.get("api_key") and not has_stored:
            raise forms.ValidationError("Name the environment variable that holds the key, or enter the key.")
        return data


@admin.register(ModelConnection)
class ModelConnectionAdmin(admin.ModelAdmin):
    form = ModelConnectionForm
    list_display = ("name", "kind", "base_url", "key_source", "concurrency_limit", "price_checked", "active")
    readonly_fields = ("key_source",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("api_key"):
            connection_key_store(connection=obj, key=form.cleaned_data["api_key"])
        elif form.cleaned_data.get("clear_key"):
            connection_key_store(connection=obj, key="")

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
