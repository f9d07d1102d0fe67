"""The role matrix of the DSG pages: everyone of the council reads the ledger; finance and council admins
(and staff) change it."""

from accounts.models import Role
from tests.projections.conftest import STAFF, client_as  # noqa: F401 — shared with the forecast pages

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN, STAFF]
READERS = [Role.OFFICER, Role.FORUM]
