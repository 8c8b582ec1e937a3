import re
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from trustmgmt.disclosure.services import publish_through

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_month(text: str) -> date:
    found = MONTH.fullmatch(text.strip())
    if not found or not 1 <= int(found[2]) <= 12 or int(found[1]) < 2000:
        raise CommandError(f"--through “{text}” is not a month written as YYYY-MM, such as 2024-05.")
    return date(int(found[1]), int(found[2]), 1)


class Command(BaseCommand):
    help = (
        "Publish, in order, every ended month not yet published up to --through, as the committee member --by, "
        "through the same service as the publish page. All or nothing: a user without the right, a month "
        "not ended or already published writes nothing and exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("--through", required=True, metavar="YYYY-MM", help="the last month to publish")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="the committee member who publishes")

    def handle(self, *args, through: str, by: str, **options):
        month = parse_month(through)
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"There is no user “{by}”. Nothing was published.")
        try:
            published = publish_through(through=month, by=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was published.") from None
        first, last = published[0], published[-1]
        self.stdout.write(
            self.style.SUCCESS(
                f"Published {len(published)} month(s), {first.month:%Y-%m} to {last.month:%Y-%m}, as {by}; "
                f"ledger fingerprint {last.fingerprint}"
            )
        )
