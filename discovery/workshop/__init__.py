"""Workshop mode: consultants answer with the client in the room, a live verdict.

Workshop mode under an engagement: the consultant answers a section at a time with the client, sees
the live verdict ("Not decided yet" and on what, until it is decided), switches to the presenter
view, records attendees. Uploads in the room use the client portal's upload views.

Modules:
    urls.py — the workshop URLs under an engagement, its uploads included
    views.py — workshop mode: a section at a time; the live verdict says "Not decided yet" until it is decided
    services.py — workshop mode: consultants answer with the client in the room
    forms.py — the attendee form
"""
