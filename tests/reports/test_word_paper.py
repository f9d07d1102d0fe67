"""The Word paper opens with python-docx and holds the snapshot's words, figures, RAG and chart images."""

import io
from datetime import date

import pytest
from docx import Document

from reports import services
from reports.word_paper import forum_paper
from tests.factories import (
    ForecastFactory,
    ForecastYearFactory,
    MilestoneFactory,
    UserFactory,
    WorkstreamFactory,
    tiny_png,
)
from workstreams.rag import Rag


@pytest.fixture
def published(home):
    author = UserFactory()
    ws = WorkstreamFactory(plan=home.plan, code="2", title="Resource provision")
    MilestoneFactory(workstream=ws, title="Open two RP sites", rag=Rag.AMBER, commentary="Sites agreed")
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published", name="Summer forecast")
    for year, value in [(2024, 1_500_000), (2025, 2_220_995)]:
        ForecastYearFactory(
            forecast=forecast, financial_year=year, scenario="unmitigated", cumulative_deficit=value
        )
        ForecastYearFactory(
            forecast=forecast, financial_year=year, scenario="target", cumulative_deficit=value - 90_000
        )
    report = services.report_create(
        plan=home.plan,
        user=author,
        meeting_date=date(2025, 2, 13),
        title="DSG Recovery Plan – Project Progress Update",
        purpose="To update members of School Forum on the implementation of the Recovery Plan projects.",
        background="In June 2019 School Forum supported £357k of additional annual investment.",
        summary="Good progress.",
        recommendations="Members of School Forum note the project progress to date.",
    )
    return services.report_publish(report=report, user=author)


def text_of(doc) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def stub_images(figures):
    return [tiny_png() for _ in figures]


def test_it_holds_the_snapshots_words_and_figures(published):
    snapshot = published.snapshot
    doc = Document(io.BytesIO(forum_paper(snapshot, images=stub_images)))
    text = text_of(doc)
    for words in [
        snapshot["title"],
        "1. Purpose",
        "To update members of School Forum on the implementation of the Recovery Plan projects.",
        "2. Background",
        "£357k",
        "Progress by workstream",
        "2. Resource provision",
        "Sites agreed",
        "first report on this plan",
        "Members of School Forum note the project progress to date.",
        "Appendix: open milestones",
        "Open two RP sites",
    ]:
        assert words in text, words
    for row in snapshot["forecast"]["rows"]:
        assert all(str(cell) in text for cell in row)
    assert doc.core_properties.title == snapshot["title"]


def test_it_writes_rag_as_the_word_in_a_shaded_cell(published):
    doc = Document(io.BytesIO(forum_paper(published.snapshot, images=stub_images)))
    progress = next(t for t in doc.tables if t.rows[0].cells[0].text == "Workstream")
    amber = next(row.cells[1] for row in progress.rows if row.cells[0].text == "2. Resource provision")
    assert amber.text == "Amber"
    assert 'w:fill="FFC000"' in amber._tc.xml


def test_it_puts_each_chart_in_as_an_image_with_its_data_table(published):
    charts = published.snapshot["charts"]
    doc = Document(io.BytesIO(forum_paper(published.snapshot, images=stub_images)))
    assert len(charts) >= 2 and len(doc.inline_shapes) == len(charts)
    text = text_of(doc)
    for chart in charts:
        assert f"Data for the chart “{chart['title']}”" in text


@pytest.mark.browser  # draws with kaleido in the system Chromium, offline: CI installs it
def test_it_draws_the_charts_as_real_images_offline(published):
    doc = Document(io.BytesIO(forum_paper(published.snapshot)))
    images = [rel.target_part.blob for rel in doc.part.rels.values() if "image" in rel.reltype]
    assert len(images) == len(published.snapshot["charts"])
    assert all(blob.startswith(b"\x89PNG") and len(blob) > 10_000 for blob in images)
