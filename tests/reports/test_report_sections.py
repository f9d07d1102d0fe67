"""A report's sections keep the council's line breaks and "- " bullets, a new report starts from the last
one's sections and the next Forum meeting's date, and the sections the councils' papers use (value for money,
measuring success, next steps) are written, frozen and printed like the rest (issue 21, item 11)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import Role
from reports import services
from tests.conftest import member_client
from tests.factories import ForumMeetingFactory, UserFactory, tiny_png


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def admin(home):
    return member_client(home.council, Role.COUNCIL_ADMIN)


def test_it_keeps_line_breaks_and_bullets(home, admin):
    report = services.report_create(
        plan=home.plan,
        user=UserFactory(),
        meeting_date=date(2026, 12, 10),
        title="Update",
        summary="Progress this term:\n- SLA agreed <with> schools\n- Panel met\nMore to do.\n\n"
        "Next steps follow.",
    )
    body = admin.get(f"/councils/{home.council.slug}/reports/{report.pk}/").content.decode()
    assert '<p class="govuk-body">Progress this term:</p>' in body
    bullets = "<li>SLA agreed &lt;with&gt; schools</li><li>Panel met</li>"
    assert f'<ul class="govuk-list govuk-list--bullet">{bullets}</ul>' in body
    assert (
        '<p class="govuk-body">More to do.</p>' in body
        and '<p class="govuk-body">Next steps follow.</p>' in body
    )


def test_a_line_break_inside_a_paragraph_stays(home, admin):
    report = services.report_create(
        plan=home.plan, user=UserFactory(), meeting_date=date(2026, 12, 10), title="Update",
        background="Agreed in June 2019.\nReviewed in March 2020.",
    )  # fmt: skip
    body = admin.get(f"/councils/{home.council.slug}/reports/{report.pk}/").content.decode()
    assert '<p class="govuk-body">Agreed in June 2019.<br>Reviewed in March 2020.</p>' in body


def test_a_new_report_starts_from_the_last_one(home, admin):
    author = UserFactory()
    services.report_create(
        plan=home.plan,
        user=author,
        meeting_date=date(2026, 10, 8),
        title="DSG Recovery Plan – Project Progress Update",
        background="In June 2019 School Forum supported £357k of additional annual investment.",
        recommendations="Members of School Forum note the project progress to date.",
    )
    ForumMeetingFactory(council=home.council, meets_on=date(2027, 1, 14))
    form = admin.get(f"/councils/{home.council.slug}/reports/new/").content.decode()
    assert "In June 2019 School Forum supported £357k of additional annual investment." in form
    assert "Members of School Forum note the project progress to date." in form
    assert 'value="DSG Recovery Plan – Project Progress Update"' in form
    assert 'value="14"' in form and 'value="2027"' in form  # the next meeting's date in the boxes


def test_the_papers_own_sections_are_written_frozen_carried_forward_and_printed(home, admin):
    import io

    from docx import Document

    from reports.models import ForumReport
    from reports.word_paper import forum_paper

    author = UserFactory()
    url = f"/councils/{home.council.slug}/reports/"
    response = admin.post(
        url + "new/",
        {
            "meeting_date": "2027-01-14",
            "title": "DSG Recovery Plan – Project Progress Update",
            "summary": "Progress this term.",
            "value_for_money": "The outreach team costs £120k a year against £400k of avoided placements.",
            "measuring_success": "- Fewer requests for assessment\n- More pupils in mainstream",
            "next_steps": "Report again in March.",
            "recommendations": "Note the progress.",
        },
    )
    report = ForumReport.objects.get(plan=home.plan)
    assert response.status_code == 302 and report.value_for_money.startswith("The outreach team")
    body = admin.get(f"{url}{report.pk}/").content.decode()
    headings = [
        h for h in ("Value for money", "Measuring success", "Next steps", "Recommendations") if h in body
    ]
    assert headings == ["Value for money", "Measuring success", "Next steps", "Recommendations"]
    assert body.index("Next steps</h2>") < body.index("Recommendations</h2>")
    assert "<li>Fewer requests for assessment</li><li>More pupils in mainstream</li>" in body

    published = services.report_publish(report=report, user=author)
    services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Unrelated draft"
    )  # an earlier draft: the form starts from the latest report, which is this published one
    form = admin.get(url + "new/").content.decode()
    assert "Report again in March." in form  # carried forward to the next report, to be edited

    ForumReport.objects.filter(pk=published.pk).update(value_for_money="changed after publishing")
    published.refresh_from_db()
    assert published.snapshot["value_for_money"] == [
        "The outreach team costs £120k a year against £400k of avoided placements."
    ]
    data = forum_paper(published.snapshot, images=lambda charts: [tiny_png() for _ in charts])
    text = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    headings = [t.split(". ", 1)[-1] for t in text if t[:1].isdigit() and ". " in t]  # "7. Next steps"
    assert headings[-4:] == ["Value for money", "Measuring success", "Next steps", "Recommendations"]
    assert "Report again in March." in text
