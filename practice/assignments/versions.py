"""Perspective versions: which version of a worksheet each partner gets.

A worksheet may come in versions for each side of a trust injury (the partner who was hurt,
the partner who broke trust), grouped by a family. Given to "each partner", each partner
gets the version for the side the case records for them; where it records none (or "both"),
the counselor picks. The assign form always shows who gets which before anything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..audit.who import Who
from ..auth.models import User
from ..couples.models import Client, Couple
from ..library.loader import Library
from ..library.schema import PERSPECTIVES, Worksheet
from .models import Assignment
from .services import EACH, ONE, AssignmentError, assign

SIDED = ("hurt", "broke-trust")
CHECK_VERSIONS = "Check which version each partner gets, then press Assign."


class SharingNeedsOneVersion(AssignmentError):
    """Sharing asked for while the partners get different versions."""


@dataclass(frozen=True)
class VersionPick:
    """One partner's line on the assign form: their recorded side and their version field."""

    partner: Client
    field: object  # the form's SelectField for this partner

    @property
    def side_said(self) -> str:
        if self.partner.side in SIDED:
            return f"Recorded as {self.partner.side_label.lower()}."
        if self.partner.side == "both":
            return "Recorded as both hurt and having broken trust: choose the version."
        return "No side recorded for this partner: choose the version."


def one_partner_versions(worksheet: Worksheet | None, library: Library) -> dict[str, Worksheet]:
    """The versions a partner can be given on their own (a together version is for both)."""
    if worksheet is None or worksheet.family is None:
        return {}
    versions = library.versions_of(worksheet)
    sided = {p: ws for p, ws in versions.items() if ws.audience != "together"}
    return sided if len(sided) >= 2 else {}


def version_label(worksheet: Worksheet) -> str:
    return f"{worksheet.title} ({PERSPECTIVES[worksheet.perspective]})"


def prepare_picks(form, couple: Couple, library: Library) -> list[VersionPick]:
    """Fill the form's version fields for the chosen worksheet; none if it has no versions.

    Until the counselor has seen the picks for this worksheet, each field opens on the
    version for the partner's recorded side (or on "Choose").
    """
    versions = one_partner_versions(library.get(form.worksheet.data or ""), library)
    if not versions:
        return []
    seen = form.versions_seen.data == form.worksheet.data
    choices = {"": "Choose a version"} | {ws.slug: version_label(ws) for ws in versions.values()}
    picks = []
    for partner, field in zip(couple.partners, (form.version_1, form.version_2), strict=False):
        field.label.text = partner.full_name
        field.choices = choices
        field.flags.required = True
        pick = VersionPick(partner, field)
        field.description = pick.side_said
        if not seen:
            suggested = versions.get(partner.side) if partner.side in SIDED else None
            field.data = suggested.slug if suggested else ""
        picks.append(pick)
    return picks


def picked_versions(
    picks: list[VersionPick], library: Library
) -> list[tuple[Client, Worksheet]] | None:
    """Each partner's picked version, or None with the fields' errors set."""
    chosen = []
    for pick in picks:
        worksheet = library.get(pick.field.data or "")
        if worksheet is None or pick.field.data not in dict(pick.field.choices):
            pick.field.errors = [f"Choose which version {pick.partner.full_name} gets."]
        else:
            chosen.append((pick.partner, worksheet))
    return chosen if len(chosen) == len(picks) else None


def assign_versions(
    couple: Couple,
    chosen: list[tuple[Client, Worksheet]],
    *,
    by: User,
    due_date,
    instructions: str,
    share: bool,
    reason: str,
    who: Who,
) -> list[Assignment]:
    """One assignment for both when both get the same each-partner version; otherwise one
    each (a version written for one partner is never one shared assignment)."""
    common = dict(by=by, due_date=due_date, instructions=instructions, reason=reason, who=who)
    slugs = {worksheet.slug for _, worksheet in chosen}
    if len(slugs) == 1 and chosen[0][1].audience == "each-partner":
        worksheet = chosen[0][1]
        return [assign(couple, worksheet, recipients=EACH, for_client=None, share=share, **common)]
    if share:
        raise SharingNeedsOneVersion(
            "Sharing needs both partners on the same worksheet, and these are two versions. "
            "Turn sharing off, or give both partners the same version."
        )
    return [
        assign(couple, worksheet, recipients=ONE, for_client=partner, share=False, **common)
        for partner, worksheet in chosen
    ]


def assigned_message(assignments: list[Assignment]) -> str:
    if len(assignments) == 1:
        return f"\u201c{assignments[0].title}\u201d assigned to each partner."
    parts = [f"{a.for_client.full_name} gets \u201c{a.title}\u201d" for a in assignments]
    return "Assigned: " + "; ".join(parts) + "."
