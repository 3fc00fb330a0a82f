"""Demo data for the annual report: population figures, a narrative and department data requests.

Boston's headline figures come from the ordinance's preamble (over 690,000 residents, 29%
foreign-born, 15% limited English proficiency, 35% speak a language other than English at
home). The breakdowns are invented for the demo and labelled as such in the report.

The department requests (ordinance 12-19.4(1)) go through the services staff use: one answered
with demo figures (they reach the report), one sent and waiting, one draft to send from the admin.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from demo.loading import SHARED, localized, read
from demo.marks import demo_user_ensure
from moia.accounts.roles import REPORT_EDITORS
from reports.models import DepartmentFigure, DepartmentRequest, PopulationStatistic, ReportNarrative
from reports.services import department_request_answer, department_request_send


def seed(*, office: str, stdout) -> None:
    year = timezone.localdate().year - 1
    shared = read(SHARED, "reports")
    # Labels and sources are translated once, by their English text (a language whose labels are
    # missing cannot be published).
    labels = shared["labels"]
    for row in read(office, "reports")["population"]:
        dimension, source, moe = row["dimension"], row["source"], row["margin_of_error"]
        translations = {
            build_localized_fieldname(field, language): text
            for field, english in (("dimension", dimension), ("source", source))
            for language, text in labels.get(english, {}).items()
        }
        PopulationStatistic.objects.update_or_create(
            year=year,
            topic=row["topic"],
            dimension_en=dimension,
            geography="citywide",
            defaults={
                "dimension": dimension,
                "value": Decimal(str(row["value"])),
                "unit": row["unit"],
                "margin_of_error": Decimal(str(moe)) if moe is not None else None,
                "source_en": source,
                "source": source,
                "is_demo": row["is_demo"],
                # A total of the other rows of its topic: shown in the table, left out of the chart.
                "is_aggregate": dimension in shared["aggregates"],
                # Year-of-entry bands in their natural order, oldest first.
                "order": shared["order"].get(dimension, 0),
                **translations,
            },
        )
    ReportNarrative.objects.get_or_create(
        year=year,
        defaults={
            build_localized_fieldname(field, language): text
            # The demo's texts in English, Spanish and Arabic, not reviewed: a person must review
            # each language in the admin before its report can be published.
            for language, texts in shared["narrative"].items()
            for field, text in texts.items()
        },
    )
    asked = _department_requests(office, year)
    stdout.write(f"  population statistics, narrative and {asked} department requests for {year}")


def _department_requests(office: str, year: int) -> int:
    """Create the office's demo requests once (keyed by year and department); a request staff
    have since sent, answered or withdrawn is left as it is."""
    specs = read(office, "reports").get("department_requests", [])
    editor = demo_user_ensure("report-editor@example.org", staff=True, group=REPORT_EDITORS)
    today = timezone.localdate()
    for spec in specs:
        request, created = DepartmentRequest.objects.get_or_create(
            year=year,
            department_en=spec["department"]["en"],
            defaults={
                **localized("department", spec["department"], default=True),
                "contact_name": spec["contact_name"],
                "contact_email": spec["contact_email"],
                "due_on": today + datetime.timedelta(days=spec["due_in_days"]),
            },
        )
        if not created:
            continue
        figures = DepartmentFigure.objects.bulk_create(
            DepartmentFigure(
                request=request,
                order=order,
                section=figure["section"],
                unit=figure["unit"],
                **localized("label", figure["label"], default=True),
                definition=figure["definition"],
                definition_en=figure["definition"],
            )
            for order, figure in enumerate(spec["figures"])
        )
        if spec["state"] in ("sent", "answered"):
            department_request_send(request=request, by=editor)
        if spec["state"] == "answered":
            answer = spec["answer"]
            department_request_answer(
                request=request,
                values={row.pk: figure["value"] for row, figure in zip(figures, spec["figures"], strict=True)},
                name=answer["name"],
                role=answer["role"],
                note=answer["note"],
            )
    return len(specs)
