"""Cut small real extracts of the DfE's files into fixtures/dfe/ (Open Government Licence v3.0).

Sources (read, never changed):
- ../shared/dfe/ehcp_2025.zip — the "Education, health and care plans" release of June 2025, as downloaded;
- ../shared/dfe/dedicated-schools-grant_*.ods — DSG allocations (2020-21, 2021-22, 2023-24);
- MastodonC/witan.sen2 data/education-health-and-care-plans/education-health-and-care-plans_2022.zip
  (the 2022 release: sen2_estab_caseload.csv in the wide layout);
- dfe-analytical-services/local-authority-interactive-tool 01_data/02_prod/sn_may_2025.xlsx.
The public repositories are read from git mirrors (``--mirrors``, default /work/.mirror).

Kept: England, the four demo councils (Rutland 857, Wiltshire 865, Warwickshire 937, Stockton-on-Tees 808)
and reorganised councils (Northamptonshire 928 → North 940 / West 941 Northamptonshire; Cumbria 909 →
Cumberland 942 / Westmorland and Furness 943). Rows are copied byte for byte (same header, same order, BOM
kept); only other areas' rows are left out. la_codes.csv is the whole list of LAs the two SEN2 releases
name, with the first and last January census each appears in (it is how reorganisations show in the files).

No real s251 file is to hand: s251_outturn_sample.csv is written with the real column set
(DFE-Digital/education-benchmarking-and-insights input schemas) and made-up amounts, and so is
snpp_sample.csv (the SNPP header, 400 persons at every age, for the reader's tests); both say so in
fixtures/dfe/README.md. The real ONS file is too large for the mirrors: ``--snpp`` cuts
snpp_2022_extract.csv from it when it is to hand (the committed extract was read from
MastodonC/witan.population's copy, page by page, and checked by its sums).

Run: .venv/bin/python scripts/cut_dfe_extracts.py [--shared ../shared/dfe] [--mirrors /work/.mirror]
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import zipfile
from pathlib import Path

import pandas as pd

CODES = {"857", "865", "937", "808", "928", "940", "941", "909", "942", "943"}
NAMES = {
    "Rutland",
    "Wiltshire",
    "Warwickshire",
    "Stockton-on-Tees",
    "Northamptonshire",
    "North Northamptonshire",
    "West Northamptonshire",
    "Cumbria",
    "Cumberland",
    "Westmorland and Furness",
}
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "dfe"


def git_blob(mirrors: Path, repo: str, path: str) -> bytes:
    git_dir = mirrors / repo / "repo"
    command = ["git", "--git-dir", str(git_dir), "show", f"HEAD:{path}"]  # our own mirrors, fixed paths
    return subprocess.run(command, check=True, capture_output=True).stdout  # noqa: S603, S607


def keep_lines(data: bytes, keep) -> bytes:
    """The header and the lines whose row `keep` accepts, byte for byte (BOM and line endings kept)."""
    text = data.decode("utf-8-sig")
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    header = [h.strip() for h in header]
    out = [lines[0]]
    # Rows may hold quoted commas but no quoted newlines in these files.
    for line in lines[1:]:
        row = dict(zip(header, next(csv.reader([line])), strict=False))
        if keep(row):
            out.append(line)
    return bom + "".join(out).encode("utf-8")


def ours(row: dict) -> bool:
    level = row.get("geographic_level", "")
    return level == "National" or (level == "Local authority" and row.get("old_la_code", "").strip() in CODES)


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry dated as the release's files are, so the extract is the same each time it is cut."""
    entry = zipfile.ZipInfo(name, date_time=(2025, 7, 1, 10, 15, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def cut_ehcp_2025(shared: Path) -> None:
    archive = zipfile.ZipFile(shared / "ehcp_2025.zip")
    folder = OUT / "ehcp_2025"
    folder.mkdir(parents=True, exist_ok=True)
    topics = {
        "data/caseload.csv": {"All EHC plans", "Child or young persons age"},
        "data/newplans.csv": {"New EHC plans"},
        "data/ceased_plans.csv": {"All ceased EHC plans"},
        "data/sen_needs_all_plans.csv": {"All EHC plans"},
        "data/annual_reviews.csv": None,  # a table this version does not read: the zip lists it as skipped
    }
    extract = io.BytesIO()
    with zipfile.ZipFile(extract, "w", zipfile.ZIP_DEFLATED) as out_zip:
        for name, wanted in topics.items():
            data = archive.read(name)

            def keep(row, wanted=wanted):
                if not ours(row):
                    return False
                if wanted is None:
                    return row.get("geographic_level") == "National"
                return row.get("breakdown_topic", "") in wanted

            cut = keep_lines(data, keep)
            if wanted is not None:
                (folder / Path(name).name).write_bytes(cut)
            out_zip.writestr(_entry(name), cut)
        guidance = "data-guidance/data-guidance.txt"
        out_zip.writestr(_entry(guidance), archive.read(guidance)[:2000])
    (OUT / "ehcp_2025_extract.zip").write_bytes(extract.getvalue())


def cut_ehcp_2022(mirrors: Path) -> bytes:
    blob = git_blob(
        mirrors,
        "MastodonC+witan.sen2",
        "data/education-health-and-care-plans/education-health-and-care-plans_2022.zip",
    )
    archive = zipfile.ZipFile(io.BytesIO(blob))
    data = archive.read("data/sen2_estab_caseload.csv")
    # Group totals only (establishment_type "Total"): the rows the reader takes.
    cut = keep_lines(data, lambda row: ours(row) and row.get("establishment_type", "").strip() == "Total")
    (OUT / "sen2_estab_caseload_2022.csv").write_bytes(cut)
    new_plans = archive.read("data/sen2_estab_new_plans.csv")

    def grand_total(row):
        return (
            ours(row) and row["establishment_type"].strip() == row["establishment_group"].strip() == "Total"
        )

    (OUT / "sen2_estab_new_plans_2022.csv").write_bytes(keep_lines(new_plans, grand_total))
    return data


def la_codes(shared: Path, wide_2022: bytes) -> None:
    """Every LA either release names: codes, name, region, first and last January census it appears in."""
    with zipfile.ZipFile(shared / "ehcp_2025.zip") as archive:
        caseload = pd.read_csv(
            io.BytesIO(archive.read("data/caseload.csv")),
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
        )
    caseload = caseload[caseload.breakdown_topic == "All EHC plans"]
    caseload = caseload.assign(census=caseload.time_period.str[:4].astype(int) + 1)
    wide = pd.read_csv(io.BytesIO(wide_2022), dtype=str, keep_default_na=False)
    wide = wide.assign(census=wide.time_period.astype(int))
    both = pd.concat([caseload, wide])
    both = both[both.geographic_level == "Local authority"]
    rows = (
        both.groupby(["old_la_code", "new_la_code", "la_name", "region_name"])
        .census.agg(["min", "max"])
        .reset_index()
        .sort_values(["old_la_code", "max"])
    )
    # A council renamed or recoded keeps its three-digit code: keep its latest name and codes.
    rows = rows.groupby("old_la_code").agg(
        new_la_code=("new_la_code", "last"),
        la_name=("la_name", "last"),
        region_name=("region_name", "last"),
        first_census=("min", "min"),
        last_census=("max", "max"),
    )
    rows.reset_index().to_csv(OUT / "la_codes.csv", index=False)


def cut_dsg(shared: Path) -> None:
    sheets = ["Allocations_summary", "High_needs_block", "High_needs_deductions"]
    for path in sorted(shared.glob("dedicated-schools-grant_*.ods")):
        frames = pd.read_excel(path, sheet_name=sheets, engine="odf", header=None)
        cut = {}
        for name, frame in frames.items():
            first = frame.index[frame[0].astype(str).str.strip() == "ENGLAND"][0]
            mine = frame.iloc[first + 1 :]
            mine = mine[mine[1].astype(str).str.strip().isin(NAMES)]
            cut[name] = pd.concat([frame.iloc[: first + 1], mine])
        target = OUT / path.name
        with pd.ExcelWriter(target, engine="odf") as writer:
            for name, frame in cut.items():
                frame.to_excel(writer, sheet_name=name, header=False, index=False)
        if "2021_11_18" in path.name:  # an .xlsx copy, as councils save them
            with pd.ExcelWriter(OUT / path.name.replace(".ods", ".xlsx"), engine="openpyxl") as writer:
                for name, frame in cut.items():
                    frame.to_excel(writer, sheet_name=name, header=False, index=False)


def cut_neighbours(mirrors: Path) -> None:
    repo = "dfe-analytical-services+local-authority-interactive-tool"
    blob = git_blob(mirrors, repo, "01_data/02_prod/sn_may_2025.xlsx")
    frame = pd.read_excel(io.BytesIO(blob), sheet_name="LA SN Groups", header=None, dtype=object)
    mine = frame.iloc[3:][frame.iloc[3:][0].astype(str).str.strip().isin(CODES)]
    with pd.ExcelWriter(OUT / "sn_may_2025.xlsx", engine="openpyxl") as writer:
        cut = pd.concat([frame.iloc[:3], mine])
        cut.to_excel(writer, sheet_name="LA SN Groups", header=False, index=False)
    # The whole list too, byte for byte: it ships with the app (benchmarking's default comparator group),
    # loaded by the import of the LA list into a store without neighbours (dfe.services).
    (ROOT / "dfe" / "data" / "statistical_neighbours_may_2025.xlsx").write_bytes(blob)


def samples() -> None:
    """Made-up amounts in the real column sets (see the module docstring)."""
    lines = [
        ("1.0.2 High needs place funding within Individual Schools Budget", 0, 0, 0, 1200000, 0, 0),
        ("1.2.1 Top-up funding – maintained schools", 0, 150000, 90000, 800000, 0, 0),
        ("1.2.2 Top-up funding – academies, free schools and colleges", 0, 210000, 180000, 400000, 0, 350000),
        ("1.2.3 Top-up and other funding – non-maintained and independent providers", 0, 0, 0, 2100000, 0, 0),
        ("1.2.5 SEN support service", 0, 0, 0, 0, 0, 0),
        ("1.2.6 Hospital education services", 0, 0, 0, 0, 0, 0),
        ("1.2.7 Other alternative provision services", 0, 0, 0, 0, 95000, 0),
        ("1.2.13 Therapies and other health related services", 0, 0, 0, 60000, 0, 0),
        ("1.4.11 SEN transport", 0, 0, 0, 0, 0, 0),
        ("1.9.3 Dedicated Schools Grant carried forward to next year", 0, 0, 0, 0, 0, 0),
    ]
    header = (
        "time_period,time_identifier,geographic_level,country_name,country_code,region_name,region_code,"
        "la_name,old_la_code,new_la_code,main_category,category_of_expenditure,early_years_establishments,"
        "primary_schools,secondary_schools,sen_and_special_schools,pupil_referral_units_and_alt_provision,"
        "post_16,gross_expenditure,income,net_expenditure,net_per_capita_expenditure\n"
    )
    out = [header]
    for name, *amounts in lines:
        gross = sum(amounts)
        if name.startswith("1.9.3"):
            amounts, gross = ["x"] * 6, -1234567
        cells = [str(a) for a in amounts]
        out.append(
            f"202324,Financial year,Local authority,England,E92000001,East Midlands,E12000004,Rutland,857,"
            f'E06000017,Section A: Schools,"{name}",{",".join(cells)},{gross},0,{gross},c\n'
        )
    (OUT / "s251_outturn_sample.csv").write_bytes("".join(out).encode("cp1252"))
    ages = ",".join(str(y) for y in range(2022, 2048))
    snpp = [f"AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP,{ages}\n"]
    for age in [*range(0, 90), "90 and over", "All ages"]:
        values = ",".join(str(400 + i) if age != "All ages" else str(40000 + i) for i in range(26))
        for sex in ("females", "males", "persons"):
            snpp.append(f"E06000017,Rutland,Population,{sex},{age},{values}\n")
    (OUT / "snpp_sample.csv").write_text("".join(snpp), encoding="utf-8")


# The demo councils' GSS codes: the ONS files name areas by these, not by the DfE's three-digit codes. The
# ONS's population files have districts, not counties: Warwickshire (E10000031) is read as its five districts,
# which the import adds up (dfe/readers/counties.py).
WARWICKSHIRE_DISTRICTS = {"E07000218", "E07000219", "E07000220", "E07000221", "E07000222"}
GSS = {"E06000017", "E06000054", "E10000031", "E06000004", *WARWICKSHIRE_DISTRICTS}


def cut_snpp(path: Path) -> None:
    """ONS 2022-based SNPP, persons, single year of age (``2022 SNPP Population persons.csv`` from the ONS's
    2022snpppopulationsyoa zip, migration category variant on 2023 geographies, or the copy in
    MastodonC/witan.population): the demo councils' rows (Warwickshire's districts for Warwickshire) at ages 0
    to 25, byte for byte (LF line endings where the copy was made by hand: fixtures/dfe/README.md)."""

    def keep(row: dict) -> bool:
        return row["AREA_CODE"] in GSS and row["AGE_GROUP"].isdigit() and int(row["AGE_GROUP"]) <= 25

    (OUT / "snpp_2022_extract.csv").write_bytes(keep_lines(path.read_bytes(), keep))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "dfe")
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument(
        "--snpp",
        type=Path,
        help="the ONS '2022 SNPP Population persons.csv', when to hand (too large to mirror)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    cut_ehcp_2025(args.shared)
    wide = cut_ehcp_2022(args.mirrors)
    la_codes(args.shared, wide)
    cut_dsg(args.shared)
    cut_neighbours(args.mirrors)
    samples()
    if args.snpp:
        cut_snpp(args.snpp)
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            print(f"{path.stat().st_size:>9,}  {path.relative_to(OUT)}")


if __name__ == "__main__":
    main()
