"""ETags on every read: a strong validator over the body, and 304 Not Modified when the client's
If-None-Match already names it, so a CRM polling a list downloads it only when it changed."""

import hashlib

from django.utils.cache import get_conditional_response
from rest_framework import status


class ETagged:
    """A DRF view mixin: sets ETag on a 200 GET (or HEAD) and answers a matching If-None-Match with 304."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != status.HTTP_200_OK:
            return response
        if getattr(response, "streaming", False):
            return response
        response.render()
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["Cache-Control"] = "private, no-cache"
        return get_conditional_response(request, etag=response["ETag"], response=response)
