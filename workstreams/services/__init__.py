"""Every write to workstreams, milestones, their savings, categories and lead officers, one module per
concern (progress, plan, savings, leads).

Keyword-only, typed, atomic. Each write is recorded: a progress update as an append-only MilestoneUpdate,
and every model change in django-simple-history with the acting user (set here, so it holds outside a
request too). Nothing is deleted: workstreams and milestones are archived and can be restored. Callers
import from here (``from workstreams import services``) or from the module itself.
"""

from workstreams.services.leads import (
    LeadDetails,
    lead_create,
    lead_edit,
)
from workstreams.services.plan import (
    InitialProgress,
    MilestoneDetails,
    WorkstreamDetails,
    category_create,
    category_rename,
    milestone_archive,
    milestone_create,
    milestone_edit,
    milestone_move,
    workstream_archive,
    workstream_create,
    workstream_edit,
    workstream_move,
)
from workstreams.services.progress import (
    Progress,
    ProgressSaved,
    StaleMilestone,
    held_reason,
    milestone_update,
    milestone_update_problems,
    milestones_update,
)
from workstreams.services.recording import Direction
from workstreams.services.savings import (
    StaleSavings,
    plan_savings_carry_forward,
    workstream_savings_set,
)

__all__ = [
    "Direction",
    "InitialProgress",
    "LeadDetails",
    "MilestoneDetails",
    "Progress",
    "ProgressSaved",
    "StaleMilestone",
    "StaleSavings",
    "WorkstreamDetails",
    "category_create",
    "category_rename",
    "held_reason",
    "lead_create",
    "lead_edit",
    "milestone_archive",
    "milestone_create",
    "milestone_edit",
    "milestone_move",
    "milestone_update",
    "milestone_update_problems",
    "milestones_update",
    "plan_savings_carry_forward",
    "workstream_archive",
    "workstream_create",
    "workstream_edit",
    "workstream_move",
    "workstream_savings_set",
]
