"""The annual report's PDF structure, as a screen reader or a PDF/UA checker reads it (pikepdf)."""

import io

import pikepdf
import pytest

from reports.models import AnnualReport
from reports.services import report_build, report_build_request

pytestmark = pytest.mark.django_db


def _open(language: str) -> pikepdf.Pdf:
    report = report_build_request(year=2025, language=language, queue=False)
    report = report_build(report_id=report.pk)
    assert report.status == AnnualReport.Status.READY
    with report.pdf.open("rb") as handle:
        return pikepdf.open(io.BytesIO(handle.read()))


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, seen = [], set()
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem" and kid.objgen not in seen:
                seen.add(kid.objgen)
                found.append(kid)
                stack.append(kid)
    return found


def _parent(element):
    return element.get("/P")


def test_every_table_header_cell_has_a_scope(media_root, population_2025):
    pdf = _open("en")
    elements = _elements(pdf)
    headers = [e for e in elements if e.S == "/TH"]
    assert headers
    assert all("/Scope" in e.A for e in headers)
    # Header cells of a head row label columns; the first cell of a body row labels its row.
    in_head = [e for e in headers if _parent(_parent(e)).S == "/THead"]
    in_body = [e for e in headers if _parent(_parent(e)).S == "/TBody"]
    assert in_head
    assert in_body
    assert {str(e.A.Scope) for e in in_head} == {"/Column"}
    assert {str(e.A.Scope) for e in in_body} == {"/Row"}


def test_every_table_has_a_caption(media_root, population_2025):
    pdf = _open("en")
    elements = _elements(pdf)
    tables = [e for e in elements if e.S == "/Table"]
    assert tables
    for table in tables:
        kids = [k for k in table.K if isinstance(k, pikepdf.Dictionary)]
        assert any(k.get("/S") == "/Caption" for k in kids)


def test_running_headers_and_page_numbers_are_artifacts(media_root, population_2025):
    pdf = _open("en")
    assert len(pdf.pages) > 2
    reachable = {e.objgen for e in _elements(pdf)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for index in range(0, len(nums), 2):
        mapping = nums[index + 1]
        if isinstance(mapping, pikepdf.Array):
            # Every marked content left in a page belongs to the structure tree.
            assert all(elem.objgen in reachable for elem in mapping if elem is not None and elem.is_indirect)
    page_three = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[2]))
    assert b"/Artifact <</Type /Pagination>>" in page_three.replace(b" >>", b">>").replace(b"<< ", b"<<")


def test_links_are_described_by_their_text_not_a_fragment_id(media_root, population_2025):
    pdf = _open("en")
    links = [
        annotation
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if annotation.get("/Subtype") == "/Link"
    ]
    assert links
    descriptions = [str(link.get("/Contents", "")) for link in links]
    assert "Executive summary" in descriptions
    assert not [d for d in descriptions if d.startswith("#") or d.startswith("section-") or not d]


def test_english_data_in_the_arabic_report_is_marked_english(media_root, population_2025):
    pdf = _open("ar")
    assert str(pdf.Root.Lang) == "ar"
    elements = _elements(pdf)
    english = [e for e in elements if str(e.get("/Lang", "")) == "en"]
    # The population table's row labels are the dataset's English names ("Foreign-born").
    assert english
    assert any(e.S == "/TH" for e in english)
    assert not [e for e in elements if str(e.get("/Lang", "")) not in ("", "en")]
