"""Request clean-up every view can rely on."""

from django.http import QueryDict

NUL = "\x00"


def _without_nul(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(key.replace(NUL, ""), [v.replace(NUL, "") for v in values])
    cleaned._mutable = False
    return cleaned


class DropNulCharacters:
    """No keyboard types U+0000 and PostgreSQL can't store it in text, so a field holding one
    would end in a 500 at save time: it is dropped from every GET and POST field here, once,
    and the rest of the value kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(NUL in k or any(NUL in v for v in vs) for k, vs in request.GET.lists()):
            request.GET = _without_nul(request.GET)
        if request.method == "POST" and any(NUL in k or any(NUL in v for v in vs) for k, vs in request.POST.lists()):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)
