"""One way to refuse: every RefusedError raised anywhere names a code that has a text, the
text fills in with the parameters given where it is raised, and it reads in fi, sv and en."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from lampio.core.refusals import RefusedError, refusal_table, refusal_text

LAMPIO = Path(__file__).resolve().parents[2] / "lampio"


def raised_refusals() -> list[tuple[str, str, set[str]]]:
    """(where, code, parameter names) for each RefusedError(...) with literal codes;
    both arms of a conditional code count."""
    found = []
    for path in LAMPIO.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "RefusedError"
                and node.args
            ):
                continue
            first = node.args[0]
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            params = {keyword.arg for keyword in node.keywords}
            where = f"{path.relative_to(LAMPIO)}:{node.lineno}"
            for option in options:
                if isinstance(option, ast.Constant):
                    found.append((where, option.value, params))
                elif isinstance(option, ast.JoinedStr):  # f"foyer.blocked_{reason}"
                    prefix = option.values[0].value
                    codes = [
                        f"{prefix.split('.')[0]}.{name}"
                        for name in refusal_table(prefix.split(".")[0])
                        if name.startswith(prefix.split(".", 1)[1])
                    ]
                    assert codes, f"{where}: no refusal text starts with {prefix!r}"
                    found.extend((where, code, params) for code in codes)
    return found


RAISED = raised_refusals()


def test_the_scan_finds_the_refusals_of_every_app():
    apps = {code.split(".")[0] for _, code, _ in RAISED}
    assert {"accounts", "feedback", "foyer", "media", "programme"} <= apps


@pytest.mark.parametrize(("where", "code", "params"), RAISED, ids=[r[0] for r in RAISED])
def test_every_refusal_raised_has_a_text_that_takes_its_parameters(where, code, params):
    app, _, name = code.partition(".")
    assert name in refusal_table(app), f"{where}: {code} has no text in {app}/refusals.py"
    text = refusal_text(code, **dict.fromkeys(params, 1))
    assert "%(" not in text, f"{where}: {code} leaves a parameter unfilled"


@pytest.mark.parametrize("app", ["accounts", "feedback", "foyer", "media", "programme"])
def test_every_refusal_text_reads_in_finnish_and_swedish(app):
    for name, text in refusal_table(app).items():
        with translation.override("en"):
            english = str(text)
        for language in ("fi", "sv"):
            with translation.override(language):
                assert str(text) != english, f"{app}.{name} is not translated to {language}"


def test_a_refusal_carries_its_text_in_the_persons_language():
    refusal = RefusedError("media.caption_time", line=7)
    with translation.override("en"):
        assert refusal.message.startswith("Line 7: the time is not in the form")
    with translation.override("fi"):
        assert refusal.message.startswith("Rivi 7")


def test_a_code_without_its_app_is_refused_at_once():
    with pytest.raises(ValueError):
        RefusedError("too_fast")
