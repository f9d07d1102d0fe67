"""Reading a tracker as councils keep it (seed 002): header found by its words, merged or blank action
cells, dates and RAG as people write them, and every problem named by sheet, cell and reason."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from spreadsheets.importer.parse import parse_date, parse_tracker, split_action
from tests.spreadsheets.workbooks import HEADER, ROWS, tracker


def parse(data: bytes):
    return parse_tracker(load_workbook(io.BytesIO(data), read_only=True))


def test_it_finds_the_header_under_title_rows_and_stops_at_the_first_blank_row():
    parsed = parse(tracker())
    assert parsed.problems == []
    assert [(a.code, a.title) for a in parsed.actions] == [
        ("1", "Nurture approach"),
        ("2", "SEMH specialist teachers"),
    ]
    nurture = parsed.actions[0]
    assert nurture.description == "To progress a small nurture pilot"  # capitals run on into the description
    assert [m.title for m in nurture.milestones] == [
        "Integration with EIP",
        "Extension work to share practice",
    ]
    assert parsed.milestone_count == 3  # the RAG key and the names line below the blank row are not actions


def test_it_reads_dates_rag_and_shared_leads_as_people_write_them():
    first, second = parse(tracker()).actions[0].milestones
    assert (first.start, first.end, first.status, first.leads) == (
        date(2020, 1, 1),
        date(2021, 3, 1),
        "amber",
        ["LCJ"],
    )
    assert (second.start, second.end, second.status, second.leads) == (
        date(2021, 11, 1),
        date(2022, 4, 30),
        "green",
        ["LCJ", "CC"],
    )
    teacher = parse(tracker()).actions[1]
    assert teacher.description == "A pilot of specialist teachers"
    assert teacher.milestones[0].status == "complete" and teacher.milestones[0].end == date(2019, 9, 30)


def test_it_finds_columns_by_their_words_in_any_order_with_an_optional_commentary():
    header = [
        "Lead",
        "Progress (RAG)",
        "Key Milestones",
        "End Date",
        "Start Date",
        "Key Improvement Action",
        "Commentary",
    ]
    rows = [
        [
            "HC/AM",
            "Red",
            "Undertake research",
            "Nov 2022",
            "Nov 2021",
            "5. Review of SEN funding models",
            "Late",
        ]
    ]
    parsed = parse(tracker(rows, header=header, title_rows=()))
    milestone = parsed.actions[0].milestones[0]
    assert (milestone.status, milestone.leads, milestone.commentary) == ("red", ["HC", "AM"], "Late")


def test_it_takes_the_rag_from_the_fill_when_the_cell_holds_progress_text():
    rows = [
        [
            "1. Nurture",
            "",
            "",
            "Integration with EIP",
            "LCJ",
            "Jan 2020",
            "March 2021",
            "Staff trained to deliver advice",
        ]
    ]
    parsed = parse(tracker(rows, fills={"H4": "FFC000"}))
    milestone = parsed.actions[0].milestones[0]
    assert milestone.status == "amber" and milestone.commentary == "Staff trained to deliver advice"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("November 2021", date(2021, 11, 1)),
        ("Nov-21", date(2021, 11, 1)),
        ("Sept 2019", date(2019, 9, 1)),
        ("Apr 19", date(2019, 4, 1)),
        ("01/11/2021", date(2021, 11, 1)),
        ("TBC", None),
        ("ongoing", None),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_month_year_text_as_the_first_of_the_month(text, day):
    assert parse_date(text) == day


def test_it_names_every_problem_by_sheet_cell_and_reason_all_at_once():
    rows = [
        ["1. Nurture", "", "", "Integration", "", "soon", "Nov 2021", "Grn"],
        [None, None, None, "Extension", "LCJ", "01/11/2021", "01/04/2021", "Green"],
    ]
    parsed = parse(tracker(rows))
    assert parsed.problems == [
        "Recovery Plan!E4: no lead",
        "Recovery Plan!F4: 'soon' is not a date (use a date, dd/mm/yyyy, or a month and year like November "
        "2021; TBC or ongoing for none)",
        "Recovery Plan!H4: unknown RAG 'Grn' (use Green, Amber, Red or Complete)",
        "Recovery Plan!G5: end date 01/04/2021 is before the start date 01/11/2021",
    ]


def test_it_says_which_columns_the_header_lacks():
    header = [h for h in HEADER if h not in ("Lead", "End Date")]
    rows = [[r[0], r[1], r[2], r[3], r[5], r[7]] for r in ROWS]
    parsed = parse(tracker(rows, header=header))
    assert parsed.problems == [
        "Recovery Plan!3: the header row has no Lead, End Date column "
        "(columns are found by their header text)."
    ]


def test_it_says_when_no_sheet_looks_like_a_tracker():
    parsed = parse(tracker([["a", "b"]], header=["Name", "Value"]))
    assert "No sheet has a header row" in parsed.problems[0]


def test_it_splits_an_actions_number_title_and_description():
    assert split_action("3. Education inclusion partnerships\nDevelop partnerships") == (
        "3",
        "Education inclusion partnerships",
        "Develop partnerships",
    )
    assert split_action("SEMH SPECIALIST TEACHERS Implement a small pilot") == (
        "",
        "Semh specialist teachers",
        "Implement a small pilot",
    )
    assert split_action("a) Early years SLCN") == ("a", "Early years SLCN", "")
    assert split_action("2. SEMH specialist teachers") == ("2", "SEMH specialist teachers", "")
