from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from . import selectors
from .uploads import EXTENSIONS


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    listings = selectors.documents_listing(language=get_language())
    return render(request, "library/index.html", {"listings": listings})


@require_safe
def file_view(request: HttpRequest, code: str, language: str) -> FileResponse:
    item = selectors.document_file_public(slug=code, language=language)
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # The name and type come from what the content was found to be on upload, never from the
    # uploader; as an attachment with nosniff, a file can never run as a page of the portal.
    filename = f"{item.document.slug}-{item.language}{EXTENSIONS.get(item.content_type, '')}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Language"] = item.language
    return response
