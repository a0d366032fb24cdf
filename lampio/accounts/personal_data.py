"""Everything Lämpiö keeps about a person, for "My data" (GDPR articles 15 and 20).

Each app that keeps something about people registers a section here (in its AppConfig.ready),
so accounts need not import the apps built on it. tests/platform_wide/test_personal_data.py
lists every table that points at a person and fails when a new one is in no section. A
section gets the person and every address they have, and returns a JSON-ready value.
"""

from collections.abc import Callable

_SECTIONS: dict[str, Callable] = {}


def personal_data_section(name: str):
    def register(build: Callable) -> Callable:
        _SECTIONS[name] = build
        return build

    return register


def personal_data_sections() -> dict[str, Callable]:
    return dict(_SECTIONS)
