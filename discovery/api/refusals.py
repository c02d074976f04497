"""Every API error as JSON `{"detail": …, "code": …}`: DRF's own, and the pages' refusals
(`web.refusals.Refused`) with the status they carry (400 bad input, 409 conflicts with the state)."""

from rest_framework.response import Response
from rest_framework.views import exception_handler

from web.refusals import Refused


def api_exception_handler(exc, context):
    if isinstance(exc, Refused):
        return Response({"detail": str(exc), "code": type(exc).__name__}, status=exc.status)
    return exception_handler(exc, context)
