"""Words that Django and the libraries show in Finnish and Swedish pages but whose own
catalogues do not translate yet (Django 6.1's new admin strings, django-tasks-db's names).
Marked here so that makemessages takes them into Lämpiö's catalogue, which Django reads
before its own (LOCALE_PATHS). tests/platform_wide/test_no_english.py finds new ones."""

from django.utils.translation import gettext_noop

FRAMEWORK_STRINGS = (
    gettext_noop("- Select an option -"),
    gettext_noop("Run"),
    gettext_noop("Change or view list link"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
)
