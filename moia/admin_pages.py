"""The admin's extra pages (a report, an import, a check-in list): one way to render them.

Each page is a ModelAdmin view outside Django's own change list and change form. It needs what
every admin page has (the site's header, navigation and user links: `each_context`), the model's
`opts` (breadcrumbs and app labels) and a title; the page's own keys come after.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse


def admin_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    template: str,
    title: str,
    /,
    *,
    http_status: int = 200,
    **context,
) -> TemplateResponse:
    """The admin page `template` with the site's context, the model's opts, `title` and `context`.

    The first four are positional only, so a page may have its own `request` or `title`-like keys; the
    response's status is `http_status` because some pages have a `status` of their own."""
    return TemplateResponse(
        request,
        template,
        {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, "title": title, **context},
        status=http_status,
    )
