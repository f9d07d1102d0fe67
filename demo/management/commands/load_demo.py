from django.core.management.base import BaseCommand

from demo.plans import DEMO_PASSWORD, DEMO_SLUGS, load_demo


class Command(BaseCommand):
    help = "Load the four seed councils, their plans and the demo users. Safe to run twice."

    def handle(self, *args, **options):
        for result in load_demo():
            figures = ", ".join(f"{n} {name}" for name, n in result.counts.items())
            self.stdout.write(f"{result.council}: {figures}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        self.stdout.write("  admin (staff: all councils, national overview, Django admin)")
        for slug in DEMO_SLUGS:
            self.stdout.write(f"  {slug}-officer  {slug}-finance  {slug}-forum  {slug}-admin")
