"""U+0000 never reaches a view: it is dropped from every field, the rest of the value kept."""

from django.http import HttpResponse
from django.test import RequestFactory

from web.middleware import DropNulCharacters


def _seen(request):
    seen = {}

    def view(req):
        seen["GET"], seen["POST"] = req.GET.dict(), req.POST.dict()
        return HttpResponse()

    DropNulCharacters(view)(request)
    return seen


def test_nul_is_dropped_from_posted_fields_and_their_names_and_the_rest_kept():
    request = RequestFactory().post("/", {"note": "a\x00b", "x\x00y": "1", "plain": "ok"})
    assert _seen(request)["POST"] == {"note": "ab", "xy": "1", "plain": "ok"}


def test_nul_is_dropped_from_query_strings():
    assert _seen(RequestFactory().get("/", {"q": "\x00abc"}))["GET"] == {"q": "abc"}


def test_a_request_without_nul_is_left_as_it_is():
    request = RequestFactory().post("/", {"choice": ["a", "b"]})
    DropNulCharacters(lambda r: HttpResponse())(request)
    assert request.POST.getlist("choice") == ["a", "b"]
