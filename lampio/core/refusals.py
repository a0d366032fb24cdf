"""One way to refuse: `RefusedError(code, **params)`.

A service that will not do what a person asked raises it with a namespaced code
("foyer.too_fast", "media.caption_time"). Each app keeps its texts in one table,
`lampio/<app>/refusals.py` (`REFUSALS`, translated), so views, the foyer's consumer and
the upload API all show the same plain sentence for the same refusal, in the person's
language, and a test checks that every code has a text in fi, sv and en."""

from importlib import import_module

from django.utils.translation import gettext_lazy as _

# core's own refusals (the other apps keep theirs in <app>/refusals.py).
REFUSALS = {
    "too_many_mails": _(
        "You have sent many messages in a short time. Please try again a little later."
    ),
}


class RefusedError(Exception):
    def __init__(self, code: str, /, **params):
        app, _, name = code.partition(".")
        if not app or not name:
            raise ValueError(f"a refusal code is namespaced by its app: {code!r}")
        super().__init__(code)
        self.code = code
        self.app = app
        self.name = name
        self.params = params

    @property
    def message(self) -> str:
        return refusal_text(self.code, **self.params)

    def __str__(self) -> str:
        return self.message


def refusal_table(app: str) -> dict:
    return import_module(f"lampio.{app}.refusals").REFUSALS


def refusal_text(code: str, **params) -> str:
    app, _, name = code.partition(".")
    text = str(refusal_table(app)[name])
    return text % params if params else text
