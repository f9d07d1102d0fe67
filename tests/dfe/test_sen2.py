"""The SEN2 readers on real extracts of the 2025 and 2022 releases; figures checked by hand on the rows."""

import io
import zipfile
from decimal import Decimal

import pytest

from dfe.readers.common import DfeFileError, LayoutNotRecognised
from dfe.readers.sen2 import read_release_zip, read_sen2_file
from tests.dfe.conftest import fixture_bytes


def figures(name, **where):
    read = read_sen2_file(fixture_bytes(name), file=name.split("/")[-1])
    return read, [f for f in read.figures if all(getattr(f, k) == v for k, v in where.items())]


def one(found):
    assert len(found) == 1, found
    return found[0]


def test_it_reads_the_2025_caseload_totals_for_the_january_census():
    read, rutland = figures("ehcp_2025/caseload.csv", la_code="857", period="2025-01", breakdown="")
    assert read.layout == "caseload (2025 on)"
    by_series = {f.series: f.value.number for f in rutland}
    # caseload.csv line 350: 202425, Rutland, All EHC plans: ehcplans 376, mainstream_total 201 (53.5%),
    # special_total 78 (20.7%), special_independent 32, special_academy_free 17.
    assert by_series["ehcp_total"] == 376
    assert by_series["ehcp_mainstream"] == 201
    assert by_series["ehcp_mainstream_pc"] == Decimal("53.5")
    assert by_series["ehcp_special"] == 78
    assert by_series["ehcp_special_pc"] == Decimal("20.7")
    assert by_series["ehcp_special_independent"] == 32
    assert by_series["ehcp_special_academy"] == 17
    assert one([f for f in rutland if f.series == "ehcp_total"]).line == 350


def test_it_reads_stockton_2080_plans_in_january_2024():
    _, found = figures(
        "ehcp_2025/caseload.csv", la_code="808", period="2024-01", series="ehcp_total", breakdown=""
    )
    figure = one(found)
    assert (figure.value.number, figure.gss_code, figure.la_name, figure.line) == (
        2080,
        "E06000004",
        "Stockton-on-Tees",
        64,
    )


def test_it_reads_england_and_the_age_breakdown():
    _, england = figures(
        "ehcp_2025/caseload.csv", la_code="E", period="2025-01", series="ehcp_total", breakdown=""
    )
    assert one(england).value.number == 638745
    _, age = figures("ehcp_2025/caseload.csv", la_code="857", period="2025-01", breakdown="age 10")
    assert one(age).value.number == 25


def test_it_reads_the_2026_renamed_and_split_columns():
    data = fixture_bytes("ehcp_2025/caseload.csv").decode("utf-8-sig")
    header, rest = data.split("\n", 1)
    # The 2026 release split special_academy_free into special_academy + special_free_school and renamed
    # AP_PRU_total_pc: the same rows under the new header, the split column shown as 12 + 5.
    header = header.replace("special_academy_free", "special_academy,special_free_school").replace(
        "AP_PRU_total_pc", "ap_pru_total_pc"
    )
    line = next(r for r in rest.splitlines() if r.startswith("202425") and ",Rutland,All EHC plans" in r)
    cells = line.split(",")
    cells[26:27] = ["12", "5"]  # special_academy_free (17) is column 27
    new = ("\ufeff" + header + "\n" + ",".join(cells) + "\n").encode()
    read = read_sen2_file(new, file="caseload.csv")
    got = {f.series: f.value.number for f in read.figures}
    assert got["ehcp_special_academy"] == 17
    assert got["ehcp_ap_pc"] == 0
    assert got["ehcp_total"] == 376


def test_it_keeps_a_symbol_and_never_makes_it_zero():
    data = fixture_bytes("ehcp_2025/caseload.csv").decode("utf-8-sig")
    data = data.replace(
        "E06000017,857,Rutland,All EHC plans,All EHC plans,376,",
        "E06000017,857,Rutland,All EHC plans,All EHC plans,c,",
    )
    read = read_sen2_file(data.encode(), file="caseload.csv")
    figure = one(
        [
            f
            for f in read.figures
            if (f.la_code, f.period, f.series, f.breakdown) == ("857", "2025-01", "ehcp_total", "")
        ]
    )
    assert figure.value.number is None
    assert figure.value.symbol == "c"
    assert "suppressed" in figure.value.meaning


def test_it_reads_without_a_bom():
    data = fixture_bytes("ehcp_2025/newplans.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    read = read_sen2_file(data[3:], file="newplans.csv")
    stockton = one([f for f in read.figures if f.la_code == "808" and f.period == "2024" and not f.breakdown])
    assert stockton.series == "ehcp_new"
    assert stockton.value.number == 385  # newplans.csv line 42: 2024, Stockton-on-Tees, 385


def test_it_reads_ceased_plans_by_reason_for_calendar_years():
    read, rutland = figures("ehcp_2025/ceased_plans.csv", la_code="857", period="2024")
    by = {f.breakdown: f.value.number for f in rutland}
    # ceased_plans.csv line 23: 2024, Rutland: transfer 21, no_engage 26, total_ceased 47.
    assert by[""] == 47
    assert by["transfer"] == 21
    assert by["no_engage"] == 26


def test_it_reads_primary_need():
    _, rutland = figures("ehcp_2025/sen_needs_all_plans.csv", la_code="857", period="2025-01")
    by = {f.breakdown: f.value.number for f in rutland}
    assert (by["asd"], by["semh"], by["slcn"]) == (136, 80, 46)
    assert {f.series for f in rutland} == {"ehcp_need"}


def test_it_reads_the_2022_wide_layout_back_to_2010():
    read, rutland = figures("sen2_estab_caseload_2022.csv", la_code="857", series="ehcp_total")
    assert read.layout == "caseload by establishment (2022 and earlier)"
    by_period = {f.period: f.value.number for f in rutland}
    # Total_all on the Total/Total rows: 279 in January 2022 (as the 2025 release says), 183 in 2010.
    assert by_period["2022-01"] == 279
    assert by_period["2010-01"] == 183
    _, stockton = figures("sen2_estab_caseload_2022.csv", la_code="808", period="2022-01")
    assert {f.series: f.value.number for f in stockton} == {
        "ehcp_total": 1821,
        "ehcp_mainstream": 706,
        "ehcp_special": 764,
    }


def test_it_reads_the_2023_2024_long_layout():
    # No real 2023 or 2024 file is to hand (the mirrors hold them as absent large files): the long layout's
    # header with Stockton's January 2024 figures as the 2025 release gives them.
    header = (
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
        "new_la_code,old_la_code,la_name,establishment_group,establishment_type,ehcp_or_statement,"
        "num_caseload,pc_caseload\n"
    )
    start = (
        "2024,Calendar year,Local authority,E92000001,England,E12000001,North East,"
        "E06000004,808,Stockton-on-Tees,"
    )
    rows = [
        start + "Total,Total,Total,2080,100\n",
        start + "Mainstream school,Total,Total,863,41.5\n",
        start + "Mainstream school,Mainstream - Academy,Total,534,25.7\n",
        start + "Special school,Total,Total,816,39.2\n",
    ]
    read = read_sen2_file((header + "".join(rows)).encode(), file="sen2_estab_caseload.csv")
    assert read.layout == "caseload by establishment (2023–2024)"
    assert {f.series: f.value.number for f in read.figures} == {
        "ehcp_total": 2080,
        "ehcp_mainstream": 863,
        "ehcp_special": 816,
    }


def test_it_names_an_unknown_layout_in_words():
    data = fixture_bytes("ehcp_2025_extract.zip")
    annual_reviews = zipfile.ZipFile(io.BytesIO(data)).read("data/annual_reviews.csv")
    with pytest.raises(LayoutNotRecognised) as refused:
        read_sen2_file(annual_reviews, file="annual_reviews.csv")
    message = str(refused.value)
    assert message.startswith(
        "annual_reviews.csv: this looks like another table of the DfE's EHC plans release"
    )
    assert "this version reads caseload.csv" in message
    assert "time_identifier" not in message  # no dump of column names


def test_it_names_file_line_and_column_of_a_bad_cell():
    data = fixture_bytes("ehcp_2025/newplans.csv").replace(b",385,", b",three hundred,", 1)
    with pytest.raises(DfeFileError, match=r"newplans.csv, line 42, column new_ehc_plans: “three hundred”"):
        read_sen2_file(data, file="newplans.csv")


def test_it_refuses_binary_and_non_utf8():
    with pytest.raises(DfeFileError, match="not a CSV file"):
        read_sen2_file(b"\x00\x01\x02binary", file="x.csv")
    with pytest.raises(DfeFileError, match="x.csv, line 2: the file is not UTF-8"):
        read_sen2_file("time_period,la_name\n2024,Caf\xe9".encode("latin-1")[:-1] + b"\xff", file="x.csv")


def test_it_reads_every_known_file_of_the_release_zip_and_lists_the_rest():
    read = read_release_zip(fixture_bytes("ehcp_2025_extract.zip"), file="ehcp_2025_extract.zip")
    assert sorted(f.file for f in read.files) == [
        "data/caseload.csv",
        "data/ceased_plans.csv",
        "data/newplans.csv",
        "data/sen_needs_all_plans.csv",
    ]
    assert read.skipped == ["data-guidance/data-guidance.txt", "data/annual_reviews.csv"]
    assert any(f.la_code == "808" and f.period == "2024-01" and f.value.number == 2080 for f in read.figures)


def test_it_refuses_a_damaged_zip_and_a_zip_bomb():
    data = fixture_bytes("ehcp_2025_extract.zip")
    with pytest.raises(DfeFileError, match="not a zip file, or it is damaged or cut short"):
        read_release_zip(data[: len(data) // 2], file="cut.zip")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data/caseload.csv", b"0" * (201 * 1024 * 1024))
    with pytest.raises(DfeFileError, match="unzips to more than 200 MB"):
        read_release_zip(bomb.getvalue(), file="bomb.zip")


def test_it_reads_new_plans_from_the_2022_wide_layout():
    read, rutland = figures("sen2_estab_new_plans_2022.csv", la_code="857")
    assert read.layout == "new plans by establishment (2022 and earlier)"
    by_year = {f.period: f.value.number for f in rutland}
    # Total_new_all on the Total/Total rows: 37 in 2021 (as the 2025 release's newplans.csv says), 15 in 2015.
    assert (by_year["2021"], by_year["2015"], by_year["2012"]) == (37, 15, 18)
    assert {f.series for f in rutland} == {"ehcp_new"}


def test_it_reads_the_header_whole_whatever_comes_after_it():
    # An en dash (3 bytes in UTF-8) straddling byte 8,192 once made a fixed-size read of the head undecodable,
    # and the file was skipped; only the header line is read now.
    header = fixture_bytes("ehcp_2025/newplans.csv").split(b"\n", 1)[0]
    filler = b"x" * (8191 - len(header) - 1)
    data = header + b"\n" + filler + "–".encode() + b"\n"
    assert data[8191:8194] == "–".encode()  # a cut at 8,192 bytes splits it
    read = read_release_zip(_zip({"data/newplans.csv": data}), file="z.zip")
    assert [f.file for f in read.files] == ["data/newplans.csv"]


def _zip(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()
