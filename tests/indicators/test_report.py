"""Indicators in the Forum report: their own key in the frozen snapshot, with changes since the last one."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from indicators.models import IndicatorValue
from indicators.services import value_record
from reports import services as report_services
from tests.conftest import ROLES, member_client
from tests.factories import UserFactory


def publish(plan, meeting_date, title):
    author = UserFactory()
    report = report_services.report_create(plan=plan, user=author, meeting_date=meeting_date, title=title)
    return report_services.report_publish(report=report, user=author)


def test_the_snapshot_holds_the_indicators_under_their_own_key(home, indicator):
    report = publish(home.plan, date(2026, 12, 10), "December")
    section = report.snapshot["indicators"]
    row = section["rows"][0]
    assert (
        row["name"],
        row["latest"],
        row["latest_period"],
        row["target"],
        row["rag"],
        row["rag_label"],
    ) == ("EHC plans in mainstream schools", "44%", "2023", "45%", "green", "Green")
    assert row["latest_number"] == "44" and section["counts"] == {"green": 1, "amber": 0, "red": 0, "none": 0}
    assert {"headline", "rag_summary", "forecast", "charts"} <= set(report.snapshot)  # the rest is untouched


def test_a_published_report_keeps_its_indicators_as_presented(home, indicator):
    report = publish(home.plan, date(2026, 12, 10), "December")
    value_record(indicator=indicator, user=None, period="2024", value=Decimal(30))
    body = (
        member_client(home.council, ROLES[2])
        .get(f"/councils/home-council/reports/{report.pk}/")
        .content.decode()
    )
    assert "44%" in body and "30%" not in body and 'id="report-indicators"' in body


def test_changes_since_the_last_report_list_new_figures_and_rag_moves(home, indicator):
    first = publish(home.plan, date(2026, 9, 10), "September")
    IndicatorValue.objects.filter(indicator=indicator).update(
        recorded_at=first.published_at - timedelta(days=1)
    )
    value_record(indicator=indicator, user=None, period="2024", value=Decimal(40), note="January census")
    second = publish(home.plan, date(2026, 12, 10), "December")
    changes = second.snapshot["indicators"]["changes"]
    assert changes["rag_moves"] == [
        {"indicator": "EHC plans in mainstream schools", "old_label": "Green", "new_label": "Red"}
    ]
    assert [(v["period"], v["value"], v["note"]) for v in changes["new_values"]] == [
        ("2024", "40%", "January census")
    ]
    assert not changes["is_empty"]


def test_without_an_earlier_report_the_changes_cover_the_term_before_the_meeting(home, indicator):
    IndicatorValue.objects.filter(period="2022").update(recorded_at=timezone.now() - timedelta(days=400))
    report = publish(home.plan, timezone.localdate() + timedelta(days=7), "Next")
    changes = report.snapshot["indicators"]["changes"]
    assert [v["period"] for v in changes["new_values"]] == ["2023"] and changes["rag_moves"] == []


def test_a_report_published_before_indicators_existed_still_renders(home, indicator):
    report = publish(home.plan, date(2026, 12, 10), "December")
    snapshot = dict(report.snapshot)
    del snapshot["indicators"]
    type(report).objects.filter(pk=report.pk).update(snapshot=snapshot)
    body = (
        member_client(home.council, ROLES[0])
        .get(f"/councils/home-council/reports/{report.pk}/")
        .content.decode()
    )
    assert ">Recommendations<" in body and "SEND performance indicators</h2>" not in body
