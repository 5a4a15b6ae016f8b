"""Every prompt kind by name. A new kind: its class here, and templates/kinds/<kind>.html."""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import Field

from .base import PromptKind
from .entries import ListPrompt
from .grid import Grid
from .info import Info, ReadIt
from .options import Checklist, Choice
from .partners import EachPartner, Signature
from .scale import Scale
from .text import LongText, ShortText
from .yes_no import YesNo

AnyPrompt = (
    ShortText
    | LongText
    | Scale
    | Choice
    | Checklist
    | ListPrompt
    | YesNo
    | Grid
    | EachPartner
    | Signature
    | Info
    | ReadIt
)
# A worksheet file's prompt: pydantic picks the class by its `kind`.
Prompt = Annotated[AnyPrompt, Field(discriminator="kind")]


def _name(cls: type[PromptKind]) -> str:
    (name,) = get_args(cls.model_fields["kind"].annotation)
    return name


PROMPT_MODELS: dict[str, type[PromptKind]] = {_name(cls): cls for cls in get_args(AnyPrompt)}
KINDS = tuple(PROMPT_MODELS)
