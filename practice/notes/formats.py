"""Note formats: each a fixed list of labelled sections with one line of guidance."""

from __future__ import annotations

from dataclasses import dataclass

SECTION_LIMIT = 20_000
PLAN_GUIDANCE = "Next steps, homework and what to pick up next session."


@dataclass(frozen=True)
class NoteSection:
    key: str
    label: str
    guidance: str


@dataclass(frozen=True)
class NoteFormat:
    key: str
    name: str
    summary: str
    sections: tuple[NoteSection, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(section.key for section in self.sections)


NOTE_FORMATS: dict[str, NoteFormat] = {
    "soap": NoteFormat(
        "soap",
        "SOAP",
        "Subjective, Objective, Assessment, Plan.",
        (
            NoteSection("subjective", "Subjective", "What the couple reported, in their words."),
            NoteSection("objective", "Objective", "What you observed in the room or on screen."),
            NoteSection("assessment", "Assessment", "Your clinical impression and progress."),
            NoteSection("plan", "Plan", PLAN_GUIDANCE),
        ),
    ),
    "dap": NoteFormat(
        "dap",
        "DAP",
        "Data, Assessment, Plan.",
        (
            NoteSection("data", "Data", "What was said and observed, reported and seen together."),
            NoteSection(
                "assessment", "Assessment", "Your interpretation: progress, patterns, risk."
            ),
            NoteSection("plan", "Plan", PLAN_GUIDANCE),
        ),
    ),
    "birp": NoteFormat(
        "birp",
        "BIRP",
        "Behavior, Intervention, Response, Plan.",
        (
            NoteSection("behavior", "Behavior", "How each partner presented and what they raised."),
            NoteSection("intervention", "Intervention", "What you did: techniques and exercises."),
            NoteSection("response", "Response", "How each partner responded to the interventions."),
            NoteSection("plan", "Plan", PLAN_GUIDANCE),
        ),
    ),
    "narrative": NoteFormat(
        "narrative",
        "Narrative",
        "The session in your own words.",
        (
            NoteSection(
                "narrative",
                "Narrative",
                "What happened, your impression, and what comes next, in your own words.",
            ),
        ),
    ),
}


def carry_sections(sections: dict[str, str], old: NoteFormat, new: NoteFormat) -> dict[str, str]:
    """Move a draft's text into another format without losing a word.

    Sections the new format shares keep their text; text from sections it lacks is added to
    its first section under the old label, so the counselor can sort it out.
    """
    carried = {key: sections.get(key, "") for key in new.keys}
    homeless = [
        f"{section.label}:\n{sections[section.key].strip()}"
        for section in old.sections
        if section.key not in new.keys and sections.get(section.key, "").strip()
    ]
    if homeless:
        first = new.sections[0].key
        carried[first] = "\n\n".join(part for part in [carried[first].strip(), *homeless] if part)
    return carried
