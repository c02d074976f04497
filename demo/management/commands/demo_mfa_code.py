from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.people import DEMO_ADMIN, DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = "Print the demo admin's current MFA code (from the demo data's known secret). Never in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo MFA code is for local demo data only.")
        device = TOTPDevice.objects.filter(user__username=DEMO_ADMIN, name=DEMO_DEVICE_NAME).first()
        if device is None:
            raise CommandError("No demo admin device: run `manage.py load_demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}  (for {DEMO_ADMIN}; valid for {left} more seconds)")
