"""Download URLs the City Council can cite: no language prefix, never change.

/reports/2025/annual-report-2025-en.pdf, /reports/2025/annual-report-2025-data.csv, and
/reports/2025/v1/annual-report-2025-en.pdf for each archived version.
"""

import re

from django.conf import settings
from django.urls import path, register_converter

from . import views


class PortalLanguageConverter:
    regex = "|".join(re.escape(code) for code in settings.LANGUAGE_CODES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class DataFormatConverter:
    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PortalLanguageConverter, "portal_lang")
register_converter(DataFormatConverter, "data_format")

urlpatterns = [
    path(
        "reports/<int:year>/annual-report-<int:file_year>-<portal_lang:language>.pdf",
        views.report_pdf_view,
        name="report_pdf",
    ),
    path(
        "reports/<int:year>/annual-report-<int:file_year>-data.<data_format:fmt>",
        views.report_data_view,
        name="report_data",
    ),
    path(
        "reports/<int:year>/v<int:version>/annual-report-<int:file_year>-<portal_lang:language>.pdf",
        views.report_archive_pdf_view,
        name="report_archive_pdf",
    ),
]
