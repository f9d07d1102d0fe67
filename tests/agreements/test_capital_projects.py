"""A Safety Valve agreement's capital projects, recorded one by one (name, budget, spend to date, status,
expected completion, commentary): refused clearly when wrong, frozen by a return when it is submitted, and the
same on the return's page, in its workbook and in its Word paper; a return submitted before, with the free
text, still shows its text."""

import io
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role
from agreements import services
from agreements.models import CapitalProject, QuarterlyReturn
from agreements.services import CapitalProjectDetails
from core.errors import Refused
from reports.return_paper import capital_project_rows, return_paper
from tests.conftest import member_client
from tests.factories import AgreementFactory, QuarterlyReturnFactory, UserFactory

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN]
READERS = [Role.OFFICER, Role.FORUM]


@pytest.fixture
def agreement(home):
    return AgreementFactory(plan=home.plan, title="Home Safety Valve")


def school(**changes) -> CapitalProjectDetails:
    values = {
        "name": "New special school",
        "budget": Decimal("12500000"),
        "spent": Decimal("3200000.40"),
        "status": "in_progress",
        "expected_completion": date(2027, 9, 1),
        "commentary": "Groundworks complete.",
    }
    return CapitalProjectDetails(**(values | changes))


def test_it_records_a_project_and_who_did(agreement):
    user = UserFactory()
    project = services.capital_project_set(agreement=agreement, user=user, details=school())
    assert (project.name, project.budget, project.status_label) == (
        "New special school",
        Decimal("12500000"),
        "In progress",
    )
    assert project.history.get().history_user == user


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "Enter the project's name"),
        ({"budget": Decimal(-1)}, "budget", "budget"),
        ({"spent": Decimal(-1)}, "spent", "spend to date"),
        ({"status": "lost"}, "status", "status"),
    ],
)
def test_it_refuses_bad_input_on_its_field_and_saves_nothing(agreement, changes, field, message):
    with pytest.raises(Refused, match=message) as refused:
        services.capital_project_set(agreement=agreement, user=None, details=school(**changes))
    assert refused.value.field == field
    assert not CapitalProject.objects.exists()


def test_it_refuses_the_same_name_twice_and_a_dbv_plan(agreement, home):
    services.capital_project_set(agreement=agreement, user=None, details=school())
    with pytest.raises(Refused, match="already"):
        services.capital_project_set(
            agreement=agreement, user=None, details=school(name="NEW SPECIAL SCHOOL")
        )
    dbv = AgreementFactory(plan=home.plan, kind="dbv", title="DBV", dfe_contribution=Decimal(1_000_000))
    with pytest.raises(Refused, match="Safety Valve"):
        services.capital_project_set(agreement=dbv, user=None, details=school())
    assert CapitalProject.objects.count() == 1


def test_it_corrects_and_removes_a_project(agreement):
    project = services.capital_project_set(agreement=agreement, user=None, details=school())
    services.capital_project_set(
        agreement=agreement, user=None, project=project, details=school(status="delayed", spent=Decimal(4))
    )
    project.refresh_from_db()
    assert (project.status, project.spent) == ("delayed", Decimal(4))
    assert (
        services.capital_project_delete(project=project, user=None)
        == "the capital project “New special school”"
    )
    assert not CapitalProject.objects.exists()


def test_a_submitted_return_freezes_its_projects_the_same_on_page_workbook_and_paper(agreement, home):
    project = services.capital_project_set(agreement=agreement, user=None, details=school())
    ret = QuarterlyReturnFactory(agreement=agreement)
    services.return_submit(quarterly_return=ret, user=None)
    services.capital_project_set(
        agreement=agreement, user=None, project=project, details=school(status="complete", spent=Decimal(1))
    )
    frozen = QuarterlyReturn.objects.get().snapshot["capital_projects"]
    assert frozen[0]["status"] == "In progress" and frozen[0]["spent"] == "3200000.40"
    expected = [["New special school", "£12,500,000", "£3,200,000", "In progress", "1 September 2027",
                 "Groundworks complete."]]  # fmt: skip
    assert capital_project_rows(frozen) == expected
    client = member_client(home.council, Role.FORUM)
    args = [home.council.slug, agreement.pk, ret.pk]
    page = client.get(reverse("return_detail", args=args)).content.decode()
    for text in expected[0]:
        assert text in page
    assert "Complete" not in page.split('id="return-capital-projects"')[1].split("</table>")[0]
    paper = docx.Document(io.BytesIO(client.get(reverse("return_paper", args=args)).content))
    assert expected[0] in [[c.text for c in row.cells] for table in paper.tables for row in table.rows]
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("return_workbook", args=args)).content))
    rows = [list(r) for r in book["Capital projects"].iter_rows(values_only=True)]
    row = next(r for r in rows if r[0] == "New special school")
    assert row[1:4] == [12500000, 3200000, "In progress"] and row[4].date() == date(2027, 9, 1)


def test_a_return_submitted_with_free_text_still_shows_it(agreement, home):
    ret = QuarterlyReturnFactory(agreement=agreement)
    services.return_submit(quarterly_return=ret, user=None)
    ret.refresh_from_db()
    ret.snapshot["capital_projects"] = "Third resource base: building work delayed."
    QuarterlyReturn.objects.filter(pk=ret.pk).update(snapshot=ret.snapshot)
    client = member_client(home.council, Role.FORUM)
    page = client.get(
        reverse("return_detail", args=[home.council.slug, agreement.pk, ret.pk])
    ).content.decode()
    assert "Third resource base: building work delayed." in page
    paper = docx.Document(io.BytesIO(return_paper(ret.snapshot)))
    assert "Third resource base: building work delayed." in [p.text for p in paper.paragraphs]


@pytest.mark.parametrize("role", EDITORS)
def test_editors_add_change_and_remove_a_project_from_the_pages(agreement, role):
    client = member_client(agreement.council, role)
    add = reverse("capital_project_create", args=["home-council", agreement.pk])
    assert client.get(add).status_code == 200
    refused = client.post(add, {"name": "School", "budget": "-5", "status": "planned"})
    assert refused.status_code == 200 and not CapitalProject.objects.exists()
    response = client.post(
        add,
        {"name": "School", "budget": "1,000,000", "spent": "", "status": "planned", "commentary": ""},
        follow=True,
    )
    assert "Capital project saved." in response.content.decode()
    project = CapitalProject.objects.get()
    edit = reverse("capital_project_edit", args=["home-council", agreement.pk, project.pk])
    assert "1,000,000" in client.get(edit).content.decode()
    client.post(edit, {"name": "School", "budget": "1,000,000", "spent": "10", "status": "delayed"})
    project.refresh_from_db()
    assert project.status == "delayed" and project.spent == Decimal(10)
    page = client.get(reverse("agreement_detail", args=["home-council", agreement.pk])).content.decode()
    assert "the capital project School" in page
    remove = reverse("capital_project_delete", args=["home-council", agreement.pk, project.pk])
    assert "Remove the capital project “School”?" in client.get(remove).content.decode()
    assert CapitalProject.objects.count() == 1
    assert "Removed: the capital project “School”." in client.post(remove, follow=True).content.decode()
    assert not CapitalProject.objects.exists()


@pytest.mark.parametrize("role", READERS)
def test_readers_see_projects_but_may_not_change_them(agreement, role):
    project = services.capital_project_set(agreement=agreement, user=None, details=school())
    client = member_client(agreement.council, role)
    page = client.get(reverse("agreement_detail", args=["home-council", agreement.pk])).content.decode()
    assert "New special school" in page and "Add a capital project" not in page
    assert (
        client.get(reverse("capital_project_create", args=["home-council", agreement.pk])).status_code == 403
    )
    remove = reverse("capital_project_delete", args=["home-council", agreement.pk, project.pk])
    assert client.get(remove).status_code == 403
    assert client.post(remove).status_code == 403
    assert CapitalProject.objects.count() == 1


def test_another_councils_project_is_a_404(agreement, foreign):
    project = services.capital_project_set(agreement=agreement, user=None, details=school())
    theirs = AgreementFactory(plan=foreign.plan)
    client = member_client(foreign.council, Role.FINANCE)
    for agreement_pk in (agreement.pk, theirs.pk):
        for name in ("capital_project_edit", "capital_project_delete"):
            url = reverse(name, args=["foreign-council", agreement_pk, project.pk])
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
    assert CapitalProject.objects.count() == 1
