"""The Word paper is accessible and says what it is: alt text on every chart, a footer with page numbers,
Arial headings (not the theme's font), this year's dates and British English, and RAG shading with text at
4.5:1 or more (issue 21, item 13)."""

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from docx import Document
from docx.oxml.ns import qn

from reports import services
from reports.word_paper import forum_paper
from tests.factories import ForecastFactory, ForecastYearFactory, MilestoneFactory, UserFactory, tiny_png
from workstreams.rag import RAG_PRINT_COLOURS, Rag

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paper(home):
    author = UserFactory()
    MilestoneFactory(workstream=home.workstream, title="Open two RP sites", rag=Rag.RED, commentary="Delayed")
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published", name="Summer forecast")
    for year, value in [(2025, 1_500_000), (2026, 2_220_995)]:
        for scenario in ("unmitigated", "target"):
            ForecastYearFactory(
                forecast=forecast, financial_year=year, scenario=scenario, cumulative_deficit=value
            )
    report = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Update"
    )
    report = services.report_publish(report=report, user=author)
    data = forum_paper(report.snapshot, images=lambda figures: [tiny_png() for _ in figures])
    return report, Document(io.BytesIO(data))


def test_every_chart_has_alt_text(paper):
    report, doc = paper
    pictures = doc.inline_shapes
    assert len(pictures) == len(report.snapshot["charts"]) > 0
    for shape in pictures:
        description = shape._inline.docPr.get("descr")
        assert description and description.startswith("Chart: ") and "table after it" in description


def test_every_page_has_a_footer_with_its_number(paper):
    _, doc = paper
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Home Council Schools Forum, 10 December 2026: Update · Page ")
    fields = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]


def test_headings_are_arial_not_the_themes_font(paper):
    _, doc = paper
    for name in ("Title", "Heading 1", "Heading 2"):
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:ascii")) == "Arial" and fonts.get(qn("w:asciiTheme")) is None, name


def test_it_is_dated_now_and_in_british_english(paper):
    _, doc = paper
    assert doc.core_properties.created == NOW
    assert doc.core_properties.language == "en-GB"
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"


def contrast(fill: str, text: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(fill), luminance(text)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_rag_shading_keeps_its_text_readable(paper):
    for word, (fill, text) in RAG_PRINT_COLOURS.items():
        assert contrast(fill, text) >= 4.5, word
    _, doc = paper
    fills = {
        cell.text: cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
        for table in doc.tables
        for row in table.rows
        for cell in row.cells
        if cell._tc.tcPr is not None and cell._tc.tcPr.find(qn("w:shd")) is not None
    }
    assert fills["Red"] == "C00000"


def test_joint_leads_are_all_named(home):
    from tests.factories import LeadFactory

    lead, other = (
        LeadFactory(council=home.council, initials="LCJ"),
        LeadFactory(council=home.council, initials="CC"),
    )
    shared = MilestoneFactory(workstream=home.workstream, title="Shared step", lead=lead)
    shared.other_leads.add(other)
    author = UserFactory()
    report = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Update"
    )
    report = services.report_publish(report=report, user=author)
    leads = {m["title"]: m["lead"] for row in report.snapshot["rag_summary"] for m in row["milestones"]}
    assert leads["Shared step"] == "LCJ/CC"
    doc = Document(
        io.BytesIO(forum_paper(report.snapshot, images=lambda figures: [tiny_png() for _ in figures]))
    )
    appendix = doc.tables[-1]
    assert any(row.cells[1].text == "Shared step" and row.cells[2].text == "LCJ/CC" for row in appendix.rows)


def test_a_wide_chart_table_is_turned_and_set_smaller(paper):
    from reports.word_paper import _narrow

    columns = ["Year", *[f"Upper bound series {i}" for i in range(9)]]
    rows = [["2024-25", *range(9)], ["2025-26", *range(9, 18)]]
    turned_columns, turned_rows = _narrow(columns, rows)
    assert turned_columns == ["Scenario", "2024-25", "2025-26"]
    assert turned_rows[0] == ["Upper bound series 0", 0, 9] and len(turned_rows) == 9
    assert _narrow(columns[:3], [r[:3] for r in rows]) == (
        columns[:3],
        [r[:3] for r in rows],
    )  # narrow: as is
    from reports.word_paper import Paper

    table = Paper().table(
        ["Scenario", *[f"20{y}-{y + 1}" for y in range(20, 27)]], [["Unmitigated", *range(7)]]
    )
    runs = [run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs]
    assert {run.font.size.pt for run in runs} == {8.0} and round(table.columns[0].width.cm, 1) == 3.5
