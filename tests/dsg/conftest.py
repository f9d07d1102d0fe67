"""The role matrix of the DSG pages: everyone of the council reads the ledger; finance and council admins
(and staff) change it."""

from accounts.models import Role
from tests.projections.conftest import STAFF, client_as  # noqa: F401 — shared with the forecast pages

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN, STAFF]
READERS = [Role.OFFICER, Role.FORUM]


def add_plan_records(council) -> None:
    """A plan with something in every section: the four blocks of 2024-25, an engagement, a sign-off, a
    narrative and a Forum meeting (shared by the plan's page tests and its Word paper's)."""
    from datetime import date
    from decimal import Decimal as D

    from dsg.services import engagement_record, narrative_save, sign_off_record
    from tests.factories import DsgLineFactory, ForumMeetingFactory

    for block in ("schools", "central", "early_years", "high_needs"):
        DsgLineFactory(
            council=council, block=block, brought_forward=D(-500000) if block == "high_needs" else D(0),
            expenditure=D(20250000) if block == "high_needs" else D(20000000),
        )  # fmt: skip
    engagement_record(council=council, user=None, group="parents", held_on=date(2026, 10, 1),
                      discussed="Specialist places", changed="Two new resourced units")  # fmt: skip
    sign_off_record(council=council, user=None, role="s151", name="A Treasurer", signed_on=date(2026, 11, 1))
    narrative_save(council=council, user=None, section="outcomes", text="More children in mainstream.")
    ForumMeetingFactory(council=council, meets_on=date(2027, 1, 14))
