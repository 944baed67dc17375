"""A document is dated as its report is, inside the file too: a PDF's creation date, a workbook's
properties and every member of its archive carry the report's date, not the moment the file was
built, so the same report (a closed year's, dated when the year closed) is the same file each time."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import openpyxl
from pypdf import PdfReader

from reports.agency import agency_pdf, agency_xlsx
from reports.province import province_pdf, province_xlsx
from reports.text import VIETNAM_TIME
from tests.conftest import present


def _utc(local: datetime) -> datetime:
    return local.replace(tzinfo=VIETNAM_TIME).astimezone(UTC)


def test_pdfs_carry_the_reports_date(province_report, agency_report) -> None:
    for build, report in ((province_pdf, province_report), (agency_pdf, agency_report)):
        created = present(PdfReader(io.BytesIO(build(report, "vi"))).metadata).creation_date
        assert created == _utc(report.generated_at), build.__name__


def test_workbooks_carry_the_reports_date_in_their_properties_and_archive(province_report, agency_report) -> None:
    for build, report in ((province_xlsx, province_report), (agency_xlsx, agency_report)):
        data = build(report, "vi")
        props = openpyxl.load_workbook(io.BytesIO(data)).properties
        assert props.created == props.modified == _utc(report.generated_at).replace(tzinfo=None), build.__name__
        stamps = {m.date_time for m in zipfile.ZipFile(io.BytesIO(data)).infolist()}
        assert stamps == {report.generated_at.timetuple()[:6]}, build.__name__
