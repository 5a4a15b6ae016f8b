"""Finishing WeasyPrint's AcroForm so every viewer shows ticks, dots and typed text alike.

WeasyPrint 70 writes a form that leans on the viewer: `NeedAppearances` asks it to redraw
every field, while tick boxes and radio buttons carry no default appearance (`/DA`) to redraw
from, so poppler (most Linux viewers, `pdftoppm`) draws no tick at all. It also lists each
radio button as a field of its own, and names a radio group after its first button.

`finish_form` runs on the PDF before it is written: each field gets a `/DA`, each tick box
and radio button an appearance for both its states (`on` and `/Off`) and the glyph a viewer
draws when it redraws anyway (`/MK /CA`), radio buttons become widgets of one group named
after the question, and viewers are told to use the file's own appearances. (Tab order
follows the structure tree, `/Tabs /S`, which WeasyPrint sets on every page of a tagged PDF.)
"""

from __future__ import annotations

import re

import pydyf

DA_BUTTON = pydyf.String("/ZaDb 0 Tf 0.12 0.16 0.19 rg")  # ZapfDingbats, auto size, dark ink
CHECK, DOT = "4", "l"  # ZapfDingbats: a tick, a filled circle
INK = b"0.12 0.16 0.19"  # the handout's text colour, #1f2a30


def finish_form(document, pdf: pydyf.PDF) -> None:
    acroform = pdf.catalog.get("AcroForm")
    if acroform is None:
        return
    acroform["NeedAppearances"] = "false"
    acroform["DR"] = _resources_with_zapf(pdf, acroform)
    acroform["DA"] = pydyf.String("/Helv 0 Tf 0 g")
    groups = {}
    for obj in list(pdf.objects):
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Subtype") != "/Widget":
            continue
        if "DA" in obj:
            obj["DA"] = _plain_da(obj["DA"])
        if obj.get("FT") == "/Btn":
            parent = _parent(pdf, obj)
            _draw_states(pdf, obj, radio=parent is not None)
            if parent is not None:
                groups.setdefault(parent.reference, parent)
    widgets_of_groups = {kid for group in groups.values() for kid in list(group["Kids"])}
    for group in groups.values():
        _name_group_states(pdf, group)
    acroform["Fields"] = pydyf.Array(
        ref for ref in acroform["Fields"] if ref not in widgets_of_groups
    )


def _name_group_states(pdf: pydyf.PDF, group: pydyf.Dictionary) -> None:
    """Each radio button's "on" state named after its option ("/Yes", "/n7"), not its index.

    WeasyPrint names them /0, /1, ... with the options in /Opt, so a filled form's value
    reads "/1"; named, it reads "/No", in every tool that exports or fills forms.
    """
    group["DA"] = DA_BUTTON
    taken = set()
    for index, kid_ref in enumerate(list(group["Kids"])):
        kid = _object(pdf, kid_ref)
        label = group["Opt"][index]
        kid.pop("T", None)  # a widget of its group, not a field named like it
        kid.pop("FT", None)
        kid["TU"] = label  # heard as the option, within the group's question
        name = _state_name(label.string, taken)
        old = next(key for key in kid["AP"]["N"] if key != "Off")
        for kind in ("N", "D"):
            states = kid["AP"][kind]
            kid["AP"][kind] = pydyf.Dictionary({name: states[old], "Off": states["Off"]})
        if kid["AS"] == f"/{old}":
            kid["AS"] = group["V"] = f"/{name}"
    del group["Opt"]


def _state_name(label: str, taken: set[str]) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-")[:40] or "option"
    if name[0].isdigit():
        name = f"n{name}"
    while name in taken:
        name += "-"
    taken.add(name)
    return name


def _draw_states(pdf: pydyf.PDF, widget: pydyf.Dictionary, *, radio: bool) -> None:
    """Both appearances of a tick box or radio button, drawn by us, not by the viewer."""
    left, top, right, bottom = (float(n) for n in widget["Rect"])
    width, height = abs(right - left), abs(top - bottom)
    on_state = next(key for key in widget["AP"]["N"] if key != "Off")
    drawn = _dot(width, height) if radio else _tick(width, height)
    on, off, down = (_form_xobject(pdf, width, height, body) for body in (drawn, b"", b""))
    widget["AP"] = pydyf.Dictionary(
        {
            "N": pydyf.Dictionary({on_state: on, "Off": off}),
            "D": pydyf.Dictionary({on_state: on, "Off": down}),
        }
    )
    widget["DA"] = DA_BUTTON
    widget["MK"] = pydyf.Dictionary(
        {
            "BC": pydyf.Array((0.3, 0.35, 0.38)),
            "CA": pydyf.String(DOT if radio else CHECK),
        }
    )


def _plain_da(da) -> pydyf.String:
    """A text field's `/DA` with only its font and colour: WeasyPrint also puts a graphics
    state (`/a1.0 gs`) there, which a DA may not hold and the form's resources do not name."""
    text = da.string if isinstance(da, pydyf.String) else da
    text = text.decode() if isinstance(text, bytes) else str(text)
    words = text.split()
    keep = [i for i, word in enumerate(words) if word in ("Tf", "rg", "g", "k")]
    operands = {"Tf": 2, "rg": 3, "g": 1, "k": 4}
    kept = [" ".join(words[i - operands[words[i]] : i + 1]) for i in keep]
    return pydyf.String(" ".join(kept))


def _tick(width: float, height: float) -> bytes:
    """A tick stroked inside the box, clear of its border."""
    points = ((0.22, 0.52), (0.42, 0.28), (0.78, 0.76))
    (x0, y0), (x1, y1), (x2, y2) = ((x * width, y * height) for x, y in points)
    line = max(min(width, height) * 0.14, 0.8)
    return (
        f"q {INK.decode()} RG {line:.2f} w 1 J 1 j "
        f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l {x2:.2f} {y2:.2f} l S Q"
    ).encode()


def _dot(width: float, height: float) -> bytes:
    """A filled circle in the middle of the box, a bezier approximation."""
    cx, cy, r = width / 2, height / 2, min(width, height) * 0.28
    k = r * 0.5523
    return (
        f"q {INK.decode()} rg {cx + r:.2f} {cy:.2f} m "
        f"{cx + r:.2f} {cy + k:.2f} {cx + k:.2f} {cy + r:.2f} {cx:.2f} {cy + r:.2f} c "
        f"{cx - k:.2f} {cy + r:.2f} {cx - r:.2f} {cy + k:.2f} {cx - r:.2f} {cy:.2f} c "
        f"{cx - r:.2f} {cy - k:.2f} {cx - k:.2f} {cy - r:.2f} {cx:.2f} {cy - r:.2f} c "
        f"{cx + k:.2f} {cy - r:.2f} {cx + r:.2f} {cy - k:.2f} {cx + r:.2f} {cy:.2f} c f Q"
    ).encode()


def _form_xobject(pdf: pydyf.PDF, width: float, height: float, body: bytes):
    stream = pydyf.Stream(
        [body] if body else [],
        {"Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array((0, 0, width, height))},
    )
    pdf.add_object(stream)
    return stream.reference


def _resources_with_zapf(pdf: pydyf.PDF, acroform: pydyf.Dictionary) -> pydyf.Dictionary:
    """The form's resources: the fonts text fields use, ZapfDingbats for redrawn ticks and
    Helvetica for a viewer that redraws a field with no font of its own."""
    fonts = pydyf.Dictionary()
    old = acroform.get("DR")
    if old is not None:
        resources = _object(pdf, old)
        fonts.update(_object(pdf, resources.get("Font", pydyf.Dictionary())))
    for name, base in (("ZaDb", "/ZapfDingbats"), ("Helv", "/Helvetica")):
        font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": base})
        if base == "/Helvetica":
            font["Encoding"] = "/WinAnsiEncoding"
        pdf.add_object(font)
        fonts[name] = font.reference
    return pydyf.Dictionary({"Font": fonts})


def _parent(pdf: pydyf.PDF, widget: pydyf.Dictionary) -> pydyf.Dictionary | None:
    parent = widget.get("Parent")
    return None if parent is None else _object(pdf, parent)


def _object(pdf: pydyf.PDF, value):
    """The object a reference such as b"12 0 R" names, or the value itself."""
    text = value.decode() if isinstance(value, bytes) else value
    if isinstance(text, str) and text.endswith(" R"):
        return pdf.objects[int(text.split()[0])]
    return value
