"""The one access helper every council view uses: (user, slug, allowed roles) -> the council, or 404/403.

Anything of a council the user does not belong to is a 404 (we do not confirm it exists). A member whose
role may only read gets a 403 on a write, so a forum member posting a milestone form is refused, not hidden.
Staff (superusers) may do everything everywhere.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404

from accounts.models import Membership, Role
from recovery.models import Council

ANY_ROLE: frozenset[Role] = frozenset(Role)
MILESTONE_EDITORS: frozenset[Role] = frozenset({Role.OFFICER, Role.COUNCIL_ADMIN})
PLAN_MANAGERS: frozenset[Role] = frozenset({Role.COUNCIL_ADMIN})
FINANCE_EDITORS: frozenset[Role] = frozenset({Role.FINANCE, Role.COUNCIL_ADMIN})
REPORT_PUBLISHERS: frozenset[Role] = frozenset({Role.COUNCIL_ADMIN})
# Workstream savings are finance figures as much as plan content: finance keep them in step with forecasts.
SAVINGS_EDITORS: frozenset[Role] = frozenset({Role.FINANCE, Role.COUNCIL_ADMIN})
# The plan's tracker workbook: the people who keep the plan (officers, finance, council admins).
TRACKER_EXPORTERS: frozenset[Role] = frozenset({Role.OFFICER, Role.FINANCE, Role.COUNCIL_ADMIN})
# Importing a tracker changes workstreams and milestones: council admins, as for managing the plan.
TRACKER_IMPORTERS: frozenset[Role] = PLAN_MANAGERS
# Schools Forum members read published forecasts and reports only (DESIGN.md); everyone else sees drafts.
DRAFT_READERS: frozenset[Role] = frozenset({Role.OFFICER, Role.FINANCE, Role.COUNCIL_ADMIN})
# The SEND performance framework (indicators, targets, values, the SEN2 import): officers and finance keep it.
INDICATOR_EDITORS: frozenset[Role] = frozenset({Role.OFFICER, Role.FINANCE, Role.COUNCIL_ADMIN})


@dataclass(frozen=True)
class CouncilAccess:
    """What the request user may do in one council; templates use the `can_*` flags to show controls."""

    council: Council
    role: Role | None  # None for staff who are not members
    is_staff: bool

    def has(self, roles: Collection[Role]) -> bool:
        return self.is_staff or (self.role is not None and self.role in roles)

    @property
    def can_update_milestones(self) -> bool:
        return self.has(MILESTONE_EDITORS)

    @property
    def can_manage_plan(self) -> bool:
        return self.has(PLAN_MANAGERS)

    @property
    def can_edit_finance(self) -> bool:
        return self.has(FINANCE_EDITORS)

    @property
    def can_publish_reports(self) -> bool:
        return self.has(REPORT_PUBLISHERS)

    @property
    def can_edit_savings(self) -> bool:
        return self.has(SAVINGS_EDITORS)

    @property
    def can_export_tracker(self) -> bool:
        return self.has(TRACKER_EXPORTERS)

    @property
    def can_import_tracker(self) -> bool:
        return self.has(TRACKER_IMPORTERS)

    @property
    def can_edit_indicators(self) -> bool:
        return self.has(INDICATOR_EDITORS)

    @property
    def sees_drafts(self) -> bool:
        """The one rule for drafts: forecasts and Forum reports in draft are hidden from Forum members."""
        return self.has(DRAFT_READERS)

    @property
    def role_label(self) -> str:
        return "Staff" if self.role is None else self.role.label


def council_access(user, slug: str, roles: Collection[Role] = ANY_ROLE) -> CouncilAccess:
    """Resolve `slug` for `user`: 404 unless a member (or staff), 403 if the member's role is not in `roles`.

    Costs one query (the council with the user's membership).
    """
    if not user.is_authenticated:
        raise Http404("No such council")
    my_role = Membership.objects.filter(user=user, council=OuterRef("pk")).values("role")[:1]
    try:
        council = Council.objects.annotate(my_role=Subquery(my_role)).get(slug=slug)
    except Council.DoesNotExist:
        raise Http404("No such council") from None
    if user.is_superuser:
        return CouncilAccess(council=council, role=None, is_staff=True)
    role_value = council.my_role
    if role_value is None:
        raise Http404("No such council")
    access = CouncilAccess(council=council, role=Role(role_value), is_staff=False)
    if not access.has(roles):
        raise PermissionDenied("Your role in this council cannot do this.")
    return access


def councils_for_user(user):
    """The councils a user may open: all for staff, else those they belong to."""
    if user.is_superuser:
        return Council.objects.all()
    return Council.objects.filter(memberships__user=user).distinct()
