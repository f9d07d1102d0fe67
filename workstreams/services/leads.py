"""Lead officers of a council."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from recovery.data_version import council_lock, council_lock_for
from recovery.models import Council, LeadOfficer
from workstreams.services.recording import recorded, values_of


@dataclass(frozen=True)
class LeadDetails:
    name: str
    initials: str
    job_title: str = ""
    email: str = ""
    account: AbstractBaseUser | None = None  # the sign-in of this officer, for "My milestones"


@transaction.atomic
def lead_create(*, council: Council, user: AbstractBaseUser, details: LeadDetails) -> LeadOfficer:
    council_lock(council=council)
    values = values_of(details)
    lead = LeadOfficer(council=council, user=values.pop("account"), **values)
    recorded(lead, user).save()
    return lead


@transaction.atomic
def lead_edit(*, lead: LeadOfficer, user: AbstractBaseUser, details: LeadDetails) -> LeadOfficer:
    council_lock_for(lead)
    lead = LeadOfficer.objects.select_for_update().get(pk=lead.pk)
    values = values_of(details)
    values["user"] = values.pop("account")
    for name, value in values.items():
        setattr(lead, name, value)
    recorded(lead, user).save(update_fields=list(values))
    return lead
