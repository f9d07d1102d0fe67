"""The published Forum report as the Word paper a clerk puts on the agenda (python-docx).

Built from the frozen snapshot only, in the council's usual sections: purpose, background, summary of
progress, progress by workstream (RAG as the word in a shaded cell), changes since the last report, the
financial position with the forecast table, each chart as an image followed by its data table, and
recommendations; then an appendix with every open milestone. Nothing is read from the live plan.
"""

import io
from collections.abc import Callable

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.agreements_report import TRAJECTORY_COLUMNS
from reports.chart_images import chart_pngs
from workstreams.rag import RAG_DEFINITIONS, RAG_PRINT_COLOURS, Rag

FONT = "Arial"


# Sections a council writes when its papers carry them, before the recommendations (page and paper alike).
OPTIONAL_SECTIONS = (
    ("value_for_money", "Value for money"),
    ("measuring_success", "Measuring success"),
    ("next_steps", "Next steps"),
)


def _shade(cell, fill: str, font: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.color.rgb = RGBColor.from_string(font)
            run.bold = True


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _arial_everywhere(style) -> None:
    """Arial in the style itself: python-docx's template gives headings the theme's font (Calibri Light)
    through *Theme attributes, which win over a named font until removed."""
    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _language(style, tag: str = "en-GB") -> None:
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)
    rpr.append(lang)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay the pages out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


class Paper:
    def __init__(self):
        self.doc = Document()
        styles = self.doc.styles
        styles["Normal"].font.size = Pt(11)
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid"):
            _arial_everywhere(styles[name])
        _language(styles["Normal"])
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            styles[name].font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, as council papers are
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2))
        self.section_number = 0

    def heading(self, text: str, *, numbered: bool = True) -> None:
        if numbered:
            self.section_number += 1
            text = f"{self.section_number}. {text}"
        self.doc.add_heading(text, level=1)

    def paragraphs(self, texts: list[str], empty: str = "") -> None:
        for text in texts or ([empty] if empty else []):
            self.doc.add_paragraph(text)

    def table(
        self,
        columns: list[str],
        rows: list[list],
        *,
        widths: list[float] | None = None,
        style_cell: Callable | None = None,
    ):
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        _repeat_header(header)
        for cell, text in zip(header.cells, columns, strict=True):
            cell.text = str(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for values in rows:
            cells = table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
                cell.text = "" if value is None else str(value)
                if style_cell:
                    style_cell(i, cell, value)
        if len(columns) >= WIDE:  # smaller type, so words fit their columns rather than break
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(8)
        widths = widths or _default_widths(len(columns))
        if widths:
            # Word reads the cells' widths, LibreOffice the table grid's: set both, and fix the layout.
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        self.doc.add_paragraph()
        return table

    def footer(self, text: str) -> None:
        """Every page: what the paper is, and "Page n of m"."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.text = f"{text} · Page "
        _field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES")
        for run in paragraph.runs:
            run.font.size = Pt(9)

    def picture(self, png: bytes, *, description: str, title: str) -> None:
        """A chart with alt text (what it shows, and where its figures are) for screen readers."""
        shape = self.doc.add_picture(io.BytesIO(png), width=Cm(16.5))
        properties = shape._inline.docPr
        properties.set("descr", description)
        properties.set("title", title)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


TEXT_WIDTH_CM = 17.0  # A4 less 2 cm margins


def _default_widths(n: int) -> list[float]:
    """A wide first column (the row's name), the figures sharing the rest."""
    if n < 2:
        return [TEXT_WIDTH_CM] * n
    first = 3.5 if n >= WIDE else 5.0 if n > 3 else 8.5
    return [first] + [(TEXT_WIDTH_CM - first) / (n - 1)] * (n - 1)


WIDE = 7  # columns from which a table's words no longer fit a portrait A4 page at 11pt ("unmitiga-ted")


def _narrow(columns: list, rows: list[list]) -> tuple[list, list[list]]:
    """A chart's data table turned so its series are rows and its years columns, when that gives fewer
    columns (a forecast with bounds has nine series and a handful of years)."""
    if len(columns) < WIDE or len(rows) + 1 >= len(columns):
        return columns, rows
    turned_columns = ["Scenario", *(row[0] for row in rows)]
    turned_rows = [[name, *(row[i] for row in rows)] for i, name in enumerate(columns) if i > 0]
    return turned_columns, turned_rows


def _rag_column(index: int):
    def style(i, cell, value):
        if i == index and value in RAG_PRINT_COLOURS:
            _shade(cell, *RAG_PRINT_COLOURS[value])

    return style


def forum_paper(snapshot: dict, *, images: Callable[[list[dict]], list[bytes]] | None = None) -> bytes:
    """The .docx bytes of a published report's snapshot. `images` draws the charts (chart_pngs)."""
    images = images or chart_pngs
    s = snapshot
    paper = Paper()
    doc = paper.doc
    doc.core_properties.title = s["title"]
    doc.core_properties.subject = f"{s['council']} Schools Forum, {s['meeting_date']}"
    doc.core_properties.author = s["council"]
    # The template's own dates (2013) and language (en-US) otherwise stay in every paper.
    made = timezone.now().replace(microsecond=0)
    doc.core_properties.created = doc.core_properties.modified = made
    doc.core_properties.last_modified_by = s["council"]
    doc.core_properties.language = "en-GB"
    doc.core_properties.revision = 1
    paper.footer(f"{s['council']} Schools Forum, {s['meeting_date']}: {s['title']}")

    doc.add_paragraph(f"{s['council']} · Schools Forum · {s['meeting_date']}")
    doc.add_heading(s["title"], level=0)
    doc.add_paragraph(f"{s['plan']}. Figures as at {s['figures_as_at']}.")

    paper.heading("Purpose")
    paper.paragraphs(s.get("purpose", []), "To update members of Schools Forum on the recovery plan.")
    if s.get("background"):
        paper.heading("Background")
        paper.paragraphs(s["background"])

    paper.heading("Summary of progress")
    paper.paragraphs(s.get("summary", []))
    if s.get("headline"):
        paper.table(
            ["Measure", "Figure"],
            [[card["caption"], card["exact"] or card["value"]] for card in s["headline"]],
            widths=[11, 6],
        )

    paper.heading("Progress by workstream")
    doc.add_paragraph(
        "RAG: "
        + "; ".join(f"{rag.label} – {RAG_DEFINITIONS[rag].lower()}" for rag in Rag)
        + ". A milestone past its forecast date counts as Red unless its lead records a reason to keep "
        "another RAG."
    )
    paper.table(
        ["Workstream", "RAG", "Lead", "Overdue", "Latest commentary"],
        [
            [
                row["workstream"],
                row["rag_label"],
                row["lead"],
                row.get("overdue") or "",
                row["commentary"] + (f"\n({row['commentary_source']})" if row["commentary_source"] else ""),
            ]
            for row in s["rag_summary"]
        ],
        widths=[4.3, 1.6, 2.6, 2.0, 6.5],
        style_cell=_rag_column(1),
    )

    paper.heading("Changes since the last report")
    _changes(paper, s)

    paper.heading("Financial position: High Needs Block deficit forecast")
    forecast = s["forecast"]
    if forecast["rows"]:
        doc.add_paragraph(f"From “{forecast['name']}”, as at {forecast['as_at']}.")
        paper.table(forecast["columns"], forecast["rows"])
    else:
        doc.add_paragraph("There was no current forecast.")
    charts = s.get("charts", [])
    for chart, png in zip(charts, images([c["figure"] for c in charts]), strict=True):
        doc.add_heading(chart["title"], level=2)
        if chart.get("note"):
            doc.add_paragraph(chart["note"])
        paper.picture(
            png,
            title=chart["title"],
            description=f"Chart: {chart['title']}. "
            + (f"{chart['note']} " if chart.get("note") else "")
            + "Its figures are in the table after it.",
        )
        doc.add_paragraph(f"Data for the chart “{chart['title']}”:")
        paper.table(*_narrow(chart["columns"], chart["rows"]))

    if (s.get("agreements") or {}).get("agreements"):
        _agreements(paper, s["agreements"]["agreements"])
    if s.get("indicators", {}).get("rows"):
        _indicators(paper, s["indicators"])
    if (s.get("benchmarking") or {}).get("rows"):
        _benchmarking(paper, s)

    for key, title in OPTIONAL_SECTIONS:
        if s.get(key):
            paper.heading(title)
            paper.paragraphs(s[key])
    paper.heading("Recommendations")
    paper.paragraphs(s.get("recommendations", []), "No recommendations this time.")

    _appendix(paper, s)
    return paper.bytes()


def _aside(word: str, value: str | None) -> str:
    return f" ({word} {value})" if value else ""


def _changes(paper: Paper, s: dict) -> None:
    doc = paper.doc
    if s.get("first_report"):
        doc.add_paragraph(
            "This is the first report on this plan to Schools Forum, so there is no earlier report to "
            "compare with."
        )
        return
    previous = s.get("previous")
    since = f"{previous['title']} ({previous['meeting_date']})" if previous else s["changes_since"]
    doc.add_paragraph(f"Since {since}.")
    c = s["changes"]
    if c["is_empty"]:
        doc.add_paragraph(
            "Nothing changed: no RAG moves, completions, slipped dates, new workstreams or new milestones."
        )
        return

    def slip(m: dict) -> str:
        reason = f" ({m['reason']})" if m["reason"] else ""
        return f"{m['workstream']} – {m['milestone']}: {m['old_due'] or 'no date'} → {m['new_due']}{reason}"

    sections = [
        ("RAG changes", [f"{m['workstream']} – {m['milestone']}: {m['old_label']} → {m['new_label']}"
                         for m in c["rag_moves"]]),
        ("Milestones completed", [f"{m['workstream']} – {m['milestone']}, completed {m['completed_on']}"
                                  for m in c["completed"]]),
        ("Dates slipped", [slip(m) for m in c["slipped"]]),
        ("New workstreams", [f"{w['code']}. {w['title']}" + _aside("added", w["added_on"])
                             for w in c["new_workstreams"]]),
        ("New milestones", [f"{m['workstream']} – {m['milestone']}" + _aside("due", m["due"])
                            for m in c.get("new_milestones", [])]),
    ]  # fmt: skip
    for title, items in sections:
        if items:
            doc.add_heading(title, level=2)
            for item in items:
                doc.add_paragraph(item, style="List Bullet")


def _indicators(paper: Paper, section: dict) -> None:
    paper.heading("SEND performance indicators")
    counts = section.get("counts", {})
    paper.doc.add_paragraph(
        f"{len(section['rows'])} indicators: {counts.get('green', 0)} Green, {counts.get('amber', 0)} Amber, "
        f"{counts.get('red', 0)} Red, {counts.get('none', 0)} without a target or a figure to judge."
    )
    paper.table(
        ["Indicator", "RAG", "Baseline", "Latest", "Target"],
        [
            [
                row["name"],
                row.get("rag_label") or "",
                " ".join(x for x in (row.get("baseline") or "", f"({row['baseline_period']})"
                                     if row.get("baseline_period") else "") if x),
                " ".join(x for x in (row.get("latest") or "", f"({row['latest_period']})"
                                     if row.get("latest_period") else "") if x),
                row.get("target") or "",
            ]
            for row in section["rows"]
        ],
        widths=[6, 1.8, 3, 3, 3.2],
        style_cell=_rag_column(1),
    )  # fmt: skip


def _agreements(paper: Paper, agreements: list[dict]) -> None:
    paper.heading("Agreements with the DfE")
    doc = paper.doc
    for a in agreements:
        doc.add_heading(a["title"], level=2)
        status = a["status"] + (f" ({a['status_note']})" if a.get("status_note") else "")
        doc.add_paragraph(f"{a['kind']}, agreed {a['agreed_on']} for {a['term']}. Status: {status}.")
        if a["kind_key"] == "safety_valve":
            p = a["payments"]
            doc.add_paragraph(
                f"DfE payments: received {p['received']} of {p['contribution']}; still withheld "
                f"{p['still_withheld']}; still to come {p['remaining']}."
            )
            if a["forecast"]:
                off = f" {a['off_track']} of {a['rated']} years off track." if a["rated"] else ""
                doc.add_paragraph(
                    f"The current forecast, {a['forecast']}, against the agreed cumulative deficit "
                    f"excluding DfE payments. A year is off track when the forecast is more than "
                    f"{a['tolerance']} above the agreed deficit.{off}"
                )
            else:
                doc.add_paragraph("There was no current forecast to compare with the trajectory.")
            if a["rows"]:
                paper.table(
                    a["columns"],
                    [_not_forecast(row, a) for row in a["rows"]],
                    widths=[1.7, 2.6, 2.6, 2.6, 2.4, 1.8, 2.3],
                )
            paper.table(
                ["Condition", "Owner", "RAG", "Commentary"],
                [
                    [f"{c['number']}. {c['text']}", c["owner"],
                     c["rag_label"], c["commentary"] + (f"\n({c['note']})" if c.get("note") else "")]
                    for c in a["conditions"]
                ] or [["No conditions.", "", "", ""]],
                widths=[6.5, 2.6, 1.7, 5.2],
                style_cell=_rag_column(2),
            )  # fmt: skip
        elif a["kind_key"] == "dbv":
            doc.add_paragraph(f"The grant is {a['grant']}.")
            if a["rows"]:
                paper.table(a["columns"], [*a["rows"], a["total"]])
            else:
                doc.add_paragraph("No grant has been allocated to workstreams yet.")


def _not_forecast(row: list[str], agreement: dict) -> list[str]:
    """A trajectory year the current forecast does not reach says so, rather than leaving a blank cell."""
    at = TRAJECTORY_COLUMNS.index("Forecast")
    if agreement["forecast"] and len(row) == len(TRAJECTORY_COLUMNS) and not row[at]:
        return [*row[:at], "Not forecast", *row[at + 1 :]]
    return row


def _benchmarking(paper: Paper, s: dict) -> None:
    section = s["benchmarking"]
    paper.heading("Benchmarking against statistical neighbours")
    paper.doc.add_paragraph(
        f"Where {s.get('council', '')} stands against {section['group']} "
        f"({', '.join(section.get('neighbours', []))}) on the Department for Education's own figures, latest "
        "year of each measure. A median is over the councils with a figure."
    )
    paper.table(
        ["Measure", "When", s.get("council", ""), "Rank", "Neighbour median", "England"],
        [
            [r["measure"], r["period"], r["value"], r["position"], f"{r['median']} (over {r['median_over']})",
             r["england"]]
            for r in section["rows"]
        ],
        widths=[5.2, 2.2, 2.2, 3, 2.4, 2],
    )  # fmt: skip
    for r in section["rows"]:
        paper.doc.add_paragraph(
            f"{r['measure']}: {r['formula']}. Source: {r['source']}.", style="List Bullet"
        )


def _appendix(paper: Paper, s: dict) -> None:
    rows = [
        [
            row["workstream"],
            m["title"],
            m["lead"],
            m["due"],
            m["rag_label"],
            "; ".join(x for x in (f"overdue {m['overdue_for']}" if m["overdue_for"] else "",
                                  f"slipped {m['slipped']}" if m["slipped"] else "", m["note"]) if x),
        ]
        for row in s["rag_summary"]
        for m in row.get("milestones", [])
    ]  # fmt: skip
    if not rows:
        return
    paper.doc.add_page_break()
    paper.heading("Appendix: open milestones", numbered=False)
    paper.table(
        ["Workstream", "Milestone", "Lead", "Due", "RAG", "Notes"],
        rows,
        widths=[3.2, 5, 1.5, 2.3, 1.7, 3.3],
        style_cell=_rag_column(4),
    )
