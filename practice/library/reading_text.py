"""A reading's section text as paragraphs and bulleted lists, for the portal and paper.

Paragraphs are separated by a blank line. A line starting with "- " or "* " starts a list
item; the lines after it, up to the next item, continue it (a long item wraps in the file).
"""

from __future__ import annotations

from dataclasses import dataclass

BULLETS = ("- ", "* ", "\u2022 ")


@dataclass(frozen=True)
class Block:
    paragraph: str = ""
    items: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.items)


def reading_blocks(text: str | None) -> list[Block]:
    blocks: list[Block] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lead: list[str] = []
        items: list[list[str]] = []
        for line in chunk.strip().split("\n"):
            stripped = line.strip()
            if not stripped:
                continue
            if stripped[:2] in BULLETS:
                items.append([stripped[2:].strip()])
            elif items:
                items[-1].append(stripped)
            else:
                lead.append(stripped)
        if lead:
            blocks.append(Block(paragraph=" ".join(lead)))
        if items:
            blocks.append(Block(items=tuple(" ".join(parts) for parts in items)))
    return blocks
