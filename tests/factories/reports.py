import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from reports.models import DepartmentFigure, DepartmentRequest, PopulationStatistic, ReportNarrative


class PopulationStatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationStatistic

    year = 2025
    topic = "nativity"
    dimension = factory.Sequence(lambda n: f"Group {n}")
    dimension_en = factory.SelfAttribute("dimension")
    dimension_es = factory.LazyAttribute(lambda o: f"{o.dimension} (es)")
    dimension_ar = factory.LazyAttribute(lambda o: f"{o.dimension} (ar)")
    geography = "citywide"
    value = Decimal("29")
    unit = "percent"
    source = "ACS 2019-2023 5-year, table B05002"
    source_en = factory.SelfAttribute("source")
    source_es = "ACS 2019-2023, estimaciones de 5 años, tabla B05002"
    source_ar = "المسح الأمريكي للمجتمع 2019-2023، الجدول B05002"


class ReportNarrativeFactory(factory.django.DjangoModelFactory):
    """A year's texts written in English, Spanish and Arabic (not yet reviewed)."""

    class Meta:
        model = ReportNarrative

    year = 2025
    director_letter_en = "Dear Councillors, this is our report."
    needs_commentary_en = "Residents most often asked for legal help."
    barriers_commentary_en = "Language was the barrier named most often."
    recommendations_en = "Translate every notice into the threshold languages."
    director_letter_es = "Estimados concejales, este es nuestro informe."
    needs_commentary_es = "Los residentes pidieron sobre todo ayuda legal."
    barriers_commentary_es = "El idioma fue la barrera mencionada con más frecuencia."
    recommendations_es = "Traducir cada aviso a los idiomas principales."
    director_letter_ar = "حضرات أعضاء المجلس، هذا تقريرنا."
    needs_commentary_ar = "طلب السكان المساعدة القانونية في أغلب الأحيان."
    barriers_commentary_ar = "كانت اللغة أكثر العوائق ذكرًا."
    recommendations_ar = "ترجمة كل إشعار إلى اللغات الرئيسية."


class DepartmentRequestFactory(factory.django.DjangoModelFactory):
    """A request to the Office of Language and Communications Access for two 2025 figures (a draft)."""

    class Meta:
        model = DepartmentRequest

    year = 2025
    department = "Office of Language and Communications Access"
    department_en = factory.SelfAttribute("department")
    department_es = "Oficina de Acceso Lingüístico y a las Comunicaciones"
    department_ar = "مكتب الوصول اللغوي والاتصالات"
    contact_name = "Dana Reyes"
    contact_email = "olca@example.org"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))

    @factory.post_generation
    def figures(self, create, extracted, **kwargs):
        if not create:
            return
        for order, (label, es, ar, section, unit) in enumerate(
            extracted
            or [
                (
                    "Interpretation requests served",
                    "Solicitudes de interpretación atendidas",
                    "طلبات الترجمة الفورية الملباة",
                    "needs",
                    "count",
                ),
                ("Documents translated", "Documentos traducidos", "الوثائق المترجمة", "barriers", "count"),
            ]
        ):
            DepartmentFigure.objects.create(
                request=self, order=order, label_en=label, label_es=es, label_ar=ar, section=section, unit=unit
            )
