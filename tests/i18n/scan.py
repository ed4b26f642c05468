"""Visible text in a template that is not inside a translation tag.

Every template tag and variable is blanked out (the text of {% translate %} and {% blocktranslate %}
with them); what an HTML parser then finds as text, or as a visible attribute, is unmarked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.template.base import DebugLexer, TokenType

# Attributes a person reads or hears (screen readers read aria-label and title).
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
# Names and abbreviations that read the same in every language.
ALLOWED = {"CSV", "XLSX", "SVG", "PDF", "UTC", "NPS", "JSON", "QR", "n"}
WORD = re.compile(r"[^\W\d_]+")


def blank_template_code(source: str) -> str:
    """The source with every tag, variable and comment, and everything inside translation blocks, removed."""
    kept: list[str] = []
    inside: str | None = None  # the closing tag of the block being skipped
    for token in DebugLexer(source).tokenize():
        if inside is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == inside:
                inside = None
            continue
        if token.token_type == TokenType.TEXT:
            kept.append(token.contents)
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in {"blocktranslate", "blocktrans"}:
                inside = "end" + name
            elif name == "comment":
                inside = "endcomment"
    return "".join(kept)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden_depth += 1
        self.found.extend(value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden_depth = max(0, self._hidden_depth - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.found.append(data)


def unmarked_texts(source: str) -> list[str]:
    """Each piece of visible text with words in it that no translation tag covers."""
    parser = _VisibleText()
    parser.feed(blank_template_code(source))
    parser.close()
    unmarked = []
    for text in parser.found:
        words = [w for w in WORD.findall(text) if w not in ALLOWED]
        if words:
            unmarked.append(" ".join(text.split()))
    return unmarked
