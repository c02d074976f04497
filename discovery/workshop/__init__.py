"""Workshop mode: consultants answer with the client in the room, a live verdict.

Workshop mode under an engagement: the consultant answers a section at a time with the client, sees
the provisional verdict live, switches to the presenter view, records attendees. Uploads in the
room use the client portal's upload views; the attendee form is in
`discovery/engagements/forms.py`.

Modules:
    urls.py — the workshop URLs under an engagement, its uploads included
    views.py — workshop mode: a section at a time, a live provisional verdict
    services.py — workshop mode: consultants answer with the client in the room
"""
