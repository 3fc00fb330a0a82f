"""What WeasyPrint's PDF/UA-1 tagging leaves out, added while and after it writes the report.

Checked against WeasyPrint 70 (pdf_variant "pdf/ua-1"; "pdf/ua-2" only changes the PDF version and
metadata, not these): it tags headings, lists, tables with Headers/IDs, figures with Alt, but
- table header cells have no /Scope (the HTML `scope` is used only for Headers),
- no structure element carries /Lang, so English data in an Arabic report is read with Arabic rules,
- a link's description (/Contents) is its fragment id ("section-needs"), not its text,
- running headers and page numbers (CSS margin boxes) are marked content outside the structure
  tree instead of artifacts, which PDF/UA checkers report as untagged content.
The first three are added on the structure elements as WeasyPrint builds them (`_build_box_tree` is
wrapped while the report renders); the last by rewriting the page content with pikepdf.
Not done: /ActualText on Arabic runs (WeasyPrint's ToUnicode maps already give the text back).
"""

from __future__ import annotations

import io
import re
import threading
from contextlib import contextmanager

# Scripts whose text never looks like English: in a report in one of them, a passage in Latin
# letters only is English data (a programme's or a dataset's name) and is marked as such.
NON_LATIN_LANGUAGES = {"ar", "ru", "zh-Hans", "zh-Hant"}
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_OTHER_LETTER = re.compile(r"[^\W\dA-Za-z_\u00c0-\u024f]")
_PATCH_LOCK = threading.Lock()


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _passage_language(element, document_lang: str) -> str:
    """The language to record on an element's structure, or "" when it is the document's."""
    lang = element.get("lang")
    if lang:
        return "" if lang == document_lang else lang
    if document_lang in NON_LATIN_LANGUAGES:
        text = _text(element)
        if _LATIN_LETTER.search(text) and not _OTHER_LETTER.search(text):
            return "en"
    return ""


@contextmanager
def finer_structure(document_lang: str):
    """While WeasyPrint writes a PDF: /Scope on header cells, /Lang on foreign passages, link texts."""
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    done: set[int] = set()

    def build(box, parent, pdf, page_number, nums, annotations, page_tags):
        for element in original(box, parent, pdf, page_number, nums, annotations, page_tags):
            # The html/body boxes pass on their children's elements, already seen.
            if id(element) not in done and getattr(box, "element", None) is not None:
                done.add(id(element))
                _annotate(element, box, document_lang, pydyf)
            yield element

    with _PATCH_LOCK:
        tags._build_box_tree = build
        try:
            yield
        finally:
            tags._build_box_tree = original


def _annotate(element, box, document_lang: str, pydyf) -> None:
    source = box.element
    kind = element["S"]
    if kind == "/TH":
        scope = source.get("scope", "")
        element["A"]["Scope"] = "/Row" if scope.startswith("row") else "/Column"
    if kind in ("/P", "/H1", "/H2", "/H3", "/TH", "/TD", "/LI", "/Caption", "/Link", "/Span"):
        lang = _passage_language(source, document_lang)
        if lang:
            element["Lang"] = pydyf.String(lang)
    if kind == "/Link" and box.link_annotation is not None:
        text = _text(source)
        if text:
            box.link_annotation["Contents"] = pydyf.String(text)
            element["Alt"] = pydyf.String(text)


def margins_as_artifacts(data: bytes) -> bytes:
    """Running headers and page numbers become pagination artifacts instead of untagged content."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        reachable = set()
        stack = [root]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            if kids is None:
                continue
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                is_element = isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem"
                if is_element and kid.objgen not in reachable:
                    reachable.add(kid.objgen)
                    stack.append(kid)
        nums = root.ParentTree.Nums
        begin_marked_content = pikepdf.Operator("BDC")
        for index in range(0, len(nums), 2):
            page_number, mapping = int(nums[index]), nums[index + 1]
            if page_number >= len(pdf.pages) or not isinstance(mapping, pikepdf.Array):
                continue
            orphans = {mcid for mcid, elem in enumerate(mapping) if elem.objgen not in reachable}
            if not orphans:
                continue
            page = pdf.pages[page_number]
            instructions = []
            # The parsed instructions are kept as they are, not unpacked into tuples, and the
            # operator compared as an Operator, not as text: a third of the PDF's post-processing
            # time went into those conversions for a 35-page report (issue 20).
            for instruction in pikepdf.parse_content_stream(page):
                operands = instruction.operands
                if instruction.operator == begin_marked_content and len(operands) == 2:
                    properties = operands[1]
                    if isinstance(properties, pikepdf.Dictionary) and int(properties.get("/MCID", -1)) in orphans:
                        instruction = pikepdf.ContentStreamInstruction(
                            [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)],
                            begin_marked_content,
                        )
                instructions.append(instruction)
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
            for mcid in orphans:
                mapping[mcid] = pikepdf.Object.parse(b"null")
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
