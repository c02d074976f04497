"""What the report concept announces to the rest of the product, as Django signals.

Kept apart from the report service so a listener (the engagement side's webhooks) can connect to
it without importing the service, and with it the PDF renderer: the sample-analysis command
starts without WeasyPrint.
"""

from django.dispatch import Signal

# A version finished rendering and is ready for review: sent with `report`, after its commit.
report_ready = Signal()
