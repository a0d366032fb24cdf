"""The closing survey and the good-practice library: what the academy learns and shares."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lampio.accounts.scoping import Scope
from lampio.core.audit import audit_record
from lampio.core.refusals import RefusedError
from lampio.core.slugs import unique_slug
from lampio.programme.pictures import jpeg, picture_for_pages

from .models import Application, ClosingSurvey, PracticeArticle


def survey_open(application: Application, now: datetime | None = None) -> bool:
    """A participant answers once the course is over for them: completed, or the round's
    last session has ended."""
    if application.selected_for_id is None or application.status != Application.Status.SENT:
        return False
    if application.completed_at:
        return True
    last = application.training_round.sessions.aggregate(last=Max("ends_at"))["last"]
    return last is not None and last < (now or timezone.now())


@transaction.atomic
def survey_answer(
    *,
    application: Application,
    actor,
    usefulness: int,
    confidence: int,
    will_continue: bool,
    comment: str = "",
) -> ClosingSurvey:
    if application.applicant_id != actor.pk:
        raise RefusedError("academy.not_your_course")
    if not survey_open(application):
        raise RefusedError("academy.survey_not_yet")
    answer, _created = ClosingSurvey.objects.update_or_create(
        application=application,
        defaults={
            "usefulness": usefulness,
            "confidence": confidence,
            "will_continue": will_continue,
            "comment": comment,
        },
    )
    return answer


def may_write_articles(user) -> bool:
    scope = Scope.of(user)
    return scope.is_platform_admin or scope.is_trainer


@transaction.atomic
def article_save(*, form, actor, publish: bool) -> PracticeArticle:
    """Save a trainer's or an admin's article from ArticleForm; a picture is stored as the
    pages use pictures (upright, without its metadata, at most 1,600 px)."""
    if not may_write_articles(actor):
        raise RefusedError("academy.not_your_course")
    article = form.instance
    is_new = article.pk is None
    if is_new:
        article.slug = unique_slug(
            PracticeArticle, form.cleaned_data["title_fi"], fallback="artikkeli"
        )
        article.author = actor
    upload = form.cleaned_data.get("picture")
    article = form.save(commit=False)
    if upload and hasattr(upload, "content_type"):
        picture = picture_for_pages(upload)
        article.picture.save("practice.jpg", jpeg(picture), save=False)
    if publish and not article.published_at:
        article.published_at = timezone.now()
    if not publish:
        article.published_at = None
    article.save()
    form.save_m2m()
    audit_record(
        action="academy.article_published" if publish else "academy.article_saved",
        actor=actor,
        target=article,
    )
    return article
