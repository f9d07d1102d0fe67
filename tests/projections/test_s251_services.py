"""A new mapping version: saved whole or not at all, recorded, and the council's data version bumped."""

import pytest

from projections.models import S251Mapping
from projections.s251_mapping import DEFAULT_MAPPING, LEFT_OUT
from projections.s251_selectors import s251_mapping_in_use, s251_mapping_versions
from projections.s251_services import S251MappingError, s251_mapping_save
from recovery.models import Council
from tests.factories import UserFactory


def version_of(council):
    return Council.objects.get(pk=council.pk).data_version


def test_it_saves_numbered_versions_and_the_latest_is_in_use(home):
    user = UserFactory()
    before = version_of(home.council)
    first = s251_mapping_save(
        council=home.council, user=user, assignments={**DEFAULT_MAPPING, "sen_transport": "support_services"}
    )
    second = s251_mapping_save(
        council=home.council, user=user, assignments={**DEFAULT_MAPPING, "hospital": LEFT_OUT}, note=" Audit "
    )
    assert (first.version, second.version) == (1, 2)
    assert second.created_by == user and second.note == "Audit"
    in_use = s251_mapping_in_use(council=home.council)
    assert in_use.version == second and in_use.assignments["hospital"] == LEFT_OUT
    assert in_use.assignments["sen_transport"] == LEFT_OUT  # version 2 replaced version 1 whole
    assert [v.version for v in s251_mapping_versions(council=home.council)] == [2, 1]
    assert version_of(home.council) == before + 2


def test_the_mapping_in_use_unchanged_saves_nothing(home):
    before = version_of(home.council)
    assert s251_mapping_save(council=home.council, user=None, assignments=dict(DEFAULT_MAPPING)) is None
    assert not S251Mapping.objects.exists() and version_of(home.council) == before
    assert s251_mapping_in_use(council=home.council).is_default


def test_bad_input_names_the_group_and_saves_nothing(home):
    with pytest.raises(S251MappingError) as refused:
        s251_mapping_save(council=home.council, user=None, assignments={**DEFAULT_MAPPING, "top_ups": "x"})
    assert refused.value.errors == {"top_ups": "“x” is not a provision type."}
    assert not S251Mapping.objects.exists()


def test_one_councils_mapping_is_not_anothers(home, foreign):
    s251_mapping_save(
        council=foreign.council, user=None, assignments={**DEFAULT_MAPPING, "hospital": LEFT_OUT}
    )
    assert s251_mapping_in_use(council=home.council).is_default
