"""The `<id:…>` URL converter: a database key in a path, or no match (a 404), never a 500.

Django's `<int:…>` accepts any run of digits, and a 25-digit one reaches the database as an
integer no column holds (SQLite raises OverflowError). Importing this module registers the
converter once; every URL module that names an id imports it.
"""

from django.urls import register_converter

from web.ids import parse_id


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not an id")  # Django treats this as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
