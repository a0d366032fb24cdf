"""The academy's good-practice library, as producers read it in the studio."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lampio.academy.selectors import article_published, articles_published
from lampio.accounts.permissions import role_required


@role_required("admin", "producer", "trainer")
def practice_list(request: HttpRequest) -> HttpResponse:
    return render(request, "studio/practice_list.html", {"articles": articles_published()})


@role_required("admin", "producer", "trainer")
def practice_article(request: HttpRequest, slug: str) -> HttpResponse:
    article = article_published(slug)
    if article is None:
        raise Http404
    return render(request, "studio/practice_article.html", {"article": article})
