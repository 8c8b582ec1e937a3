import time

from django.core.management.base import BaseCommand, CommandError

from trustmgmt import demo


class Command(BaseCommand):
    help = (
        "Load a realistic demo complex (flats, a share of them vacant, fee plans, years of payments and "
        "spending) and the demo users, and print their logins. Does nothing to the data if the database "
        "already has households, so it is safe to run every time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=240, help="how many flats (default 240)")
        parser.add_argument("--years", type=int, default=3, help="how many fee years, ending this one (default 3)")
        parser.add_argument("--seed", type=int, default=2023, help="random seed, for the same demo every time")

    def handle(self, *args, households, years, seed, **options):
        if not 1 <= households <= 100_000:
            raise CommandError("--households must be between 1 and 100000.")
        if not 1 <= years <= 30:
            raise CommandError("--years must be between 1 and 30.")
        started = time.monotonic()

        def progress(text: str) -> None:
            self.stdout.write(f"  … {text}")
            self.stdout.flush()

        built = demo.seed(households=households, years=years, seed=seed, progress=progress)
        if built:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo complex built: {households} households, {years} fee years "
                    f"({time.monotonic() - started:.1f} s)."
                )
            )
        else:
            self.stdout.write("The database already has households; the demo data was left as it is.")
        self.stdout.write("Demo logins (user / password):")
        for username, password, role, name in demo.LOGINS:
            self.stdout.write(f"  {username:<11} {password:<22} {role or 'admin':<10} {name}")
