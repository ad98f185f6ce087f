"""Rewrite the README's field reference, between its markers, from `ledger types --markdown` (`make readme`)."""

from __future__ import annotations

import sys
from pathlib import Path

BEGIN = "<!-- types:begin -->"
END = "<!-- types:end -->"
README = Path(__file__).resolve().parents[1] / "README.md"


def splice(readme: str, section: str) -> str:
    """The README with `section` between its markers, in place of what was there."""
    head, begin, rest = readme.partition(BEGIN + "\n")
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"the README needs the lines {BEGIN} and {END}")
    return f"{head}{begin}{section}{end}{tail}"


def main() -> int:
    from ledger.documents.reference import as_markdown

    text = README.read_text(encoding="utf-8")
    updated = splice(text, as_markdown())
    if updated != text:
        README.write_text(updated, encoding="utf-8")
    print(f"{README.name}: field reference {'rewritten' if updated != text else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
