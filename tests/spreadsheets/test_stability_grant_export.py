"""The Stability Grant workbook: LibreOffice, recalculating its formulas itself, gets the page's figures."""

import io
import re
import subprocess
import zipfile
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from dsg.selectors import stability_evidence_for_council
from dsg.services import stability_claim_record, stability_figure_record
from spreadsheets.exports.stability_grant import StabilityGrantExport
from spreadsheets.writer import to_workbook
from tests.spreadsheets.test_projections_export import RECALC_ALWAYS, SOFFICE


def values(data: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(data), data_only=True)["Stability grant evidence"]
    return {row[0]: list(row[1:5]) for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_libreoffice_recalculates_the_pages_figures(home, tmp_path):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    for source, amount in (("dsg_note", "9800000"), ("assurance", "10000000"), ("accounts", "9750000.50")):
        stability_figure_record(
            council=home.council, user=None, financial_year=2025, source=source, deficit=D(amount),
            document=f"=HYPERLINK(\"{source}\")", document_date=date(2026, 9, 30),
        )  # fmt: skip
    stability_claim_record(council=home.council, user=None, financial_year=2025, non_high_needs=D(250000))
    evidence = stability_evidence_for_council(council=home.council, financial_year=2025)
    data = to_workbook(StabilityGrantExport(council=home.council, evidence=evidence))
    blank = io.BytesIO()  # without cached values: every figure LibreOffice shows is one it computed
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(blank, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1<v />", content)
            dst.writestr(item, content)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "grant.xlsx").write_bytes(blank.getvalue())
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    source = tmp_path / "in" / "grant.xlsx"
    command += ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    again = values((tmp_path / "out" / "grant.xlsx").read_bytes())
    assert again["Lowest of the five figures"][0] == pytest.approx(9750000.5)
    assert again["Eligible deficit"][0] == pytest.approx(9500000.5)
    assert again["Grant: 90% of the eligible deficit"][0] == pytest.approx(float(evidence.grant))
    assert again["Chief finance officer's DSG assurance sign-off"][3] == pytest.approx(249999.5)
    # A document named like a formula stays text.
    assert again["DSG note in the statement of accounts"][1] == '=HYPERLINK("dsg_note")'
    cached = values(data)
    assert cached["Grant: 90% of the eligible deficit"][0] == float(evidence.grant) == 8550000.45
