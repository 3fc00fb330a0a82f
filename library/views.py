from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from grants.uploads import attachment_response

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
    filename = f"{item.document.slug}-{item.language}{EXTENSIONS.get(item.content_type, '')}"
    response = attachment_response(item.file, filename=filename, content_type=item.content_type)
    response["Content-Language"] = item.language
    return response
