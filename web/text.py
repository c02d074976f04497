"""Text as an XML document (XLSX, DOCX) can hold it.

XML 1.0 allows tab, newline and carriage return below U+0020, no lone surrogates, and nothing at
U+FFFE/U+FFFF; lxml refuses the whole file over one such character, so an export would fail for
everyone over one client's odd paste.
"""

import re

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)
