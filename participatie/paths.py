"""Where the app finds its top-level resources (templates, questionnaires).

In a checkout they sit beside the package (the design card's layout); an installed wheel carries
them inside the package under ``_resources`` (see ``force-include`` in pyproject.toml).
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder ``name`` from the wheel's resources, else from the project root."""
    bundled = PACKAGE_DIR / "_resources" / name
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / name
