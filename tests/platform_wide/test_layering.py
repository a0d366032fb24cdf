"""The house rules that a reviewer would otherwise have to remember (the shape of Zulip's
custom lint rules): views and consumers read through selectors or the scoping layer
(`request.access`, `Scope`), never by querying a model themselves, so a permission rule
lives in one place and a new page cannot forget it."""

import ast
from pathlib import Path

import pytest

LAMPIO = Path(__file__).resolve().parents[2] / "lampio"
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def is_view_or_consumer(path: Path) -> bool:
    return path.name in ("views.py", "consumers.py") or path.name.endswith("_views.py")


VIEW_MODULES = sorted(path for path in LAMPIO.rglob("*.py") if is_view_or_consumer(path))


def direct_queries(source: str) -> list[str]:
    """Each place the module queries a model class directly: `Model.objects…`,
    `Model._default_manager…`, or a shortcut given a model class rather than a queryset."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("objects", "_default_manager")
            and isinstance(node.value, ast.Name)
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SHORTCUTS
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id[:1].isupper()
        ):
            found.append(f"line {node.lineno}: {node.func.id}({node.args[0].id}, …)")
    return found


def test_the_rule_sees_every_view_and_consumer_module():
    names = {str(path.relative_to(LAMPIO)) for path in VIEW_MODULES}
    assert {"foyer/consumers.py", "studio/upload_views.py", "manage/views.py"} <= names


def test_the_rule_catches_what_it_forbids_and_allows_scoped_relations():
    forbidden = (
        "offering = Offering.objects.get(slug=slug)\n"
        "image = get_object_or_404(OfferingImage, pk=pk)\n"
        "n = Showing._default_manager.count()\n"
    )
    assert len(direct_queries(forbidden)) == 3
    allowed = (
        "offering = request.access.offerings_editable().filter(slug=slug).first()\n"
        "image = get_object_or_404(offering.images, pk=pk)\n"
    )
    assert direct_queries(allowed) == []


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(LAMPIO)))
def test_views_and_consumers_do_not_query_models_directly(path):
    assert direct_queries(path.read_text()) == [], (
        f"{path.relative_to(LAMPIO)} queries a model directly; read through a selector or "
        "request.access (accounts/scoping.py) instead"
    )
