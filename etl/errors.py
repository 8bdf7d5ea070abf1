"""One error type for everything a user can be told about.

Modelled on Harlequin's exception: a short title, a detail, and a hint that says
what to do next. The CLI prints them to stderr; library errors are wrapped `from e`.
"""

from __future__ import annotations


class DiplotimeError(Exception):
    """An error with a human title and a next step."""

    def __init__(self, title: str, detail: str = "", hint: str = "") -> None:
        super().__init__(f"{title}: {detail}" if detail else title)
        self.title = title
        self.detail = detail
        self.hint = hint

    def render(self) -> str:
        lines = [f"Error: {self.title}"]
        if self.detail:
            lines.append(f"  {self.detail}")
        if self.hint:
            lines.append(f"  What to do: {self.hint}")
        return "\n".join(lines)
