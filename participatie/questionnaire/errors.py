"""Problems in a questionnaire file, each named by the file and the key path."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str  # e.g. "sections[1].questions[3].options[0].label.ar"
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DefinitionError(Exception):
    """A questionnaire file that cannot be used; ``lines()`` names every problem."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.source}: {problem}" for problem in self.problems]


def key_path(parts) -> str:
    """``("sections", 1, "title", "ar")`` → ``"sections[1].title.ar"``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
