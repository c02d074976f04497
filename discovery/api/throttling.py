"""A request budget per token (API_RATE_LIMIT), counted in the cache as the intake limits are."""

from rest_framework.throttling import SimpleRateThrottle

from discovery.api.models import IntegrationToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, IntegrationToken):
            return None  # refused before it does anything; nothing to count
        return f"api:throttle:{request.auth.pk}"
