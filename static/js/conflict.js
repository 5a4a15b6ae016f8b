// Settling a conflict between a person's unsaved words and a newer saved version (two tabs,
// two devices, or a partner sharing the answers). Used by static/js/autosave.js.
//
// merge() decides what it can: a field only one side changed takes that side's words. ask()
// shows each field both sides changed, their words beside the saved ones, with "Keep mine",
// "Use the saved one" and "Keep both" (mine after the saved text). Nothing is saved until the
// last field is settled; then autosave runs again on the newest version.
(() => {
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const filled = (values) => (values || []).filter(Boolean);
  const equal = (a, b) => JSON.stringify(filled(a)) === JSON.stringify(filled(b));

  const { byName } = window.TrustworkFields;

  // One text field whose words start with all of the saved words, and go on.
  function extends_(ours, theirs) {
    if (ours.length !== 1 || theirs.length !== 1) return false;
    const saved = clean(theirs[0]);
    return saved !== "" && clean(ours[0]).startsWith(saved);
  }

  // mine: this tab's fields; known: what this tab last knew the server had (may be missing);
  // latest: the newest saved fields; form: where to tell a text field from a choice.
  // Returns the fields to show and the fields to ask about.
  function merge(mine, known, latest, form) {
    const m = byName(mine);
    const k = known ? byName(known) : null;
    const t = byName(latest);
    const fields = [];
    const open = [];
    new Set([...m.keys(), ...t.keys()]).forEach((name) => {
      const ours = m.get(name) || [];
      const theirs = t.get(name) || [];
      const before = k ? k.get(name) || [] : null;
      let chosen = ours;
      if (equal(ours, theirs) || (before && equal(ours, before))) {
        chosen = theirs;
      } else if (form && isText(elementsNamed(form, name)[0]) && extends_(ours, theirs)) {
        // The saved words with more typed after them (a tab that kept typing while another
        // saved its words for it): keeping mine loses nothing, so there is nothing to ask.
      } else if (!(before && equal(theirs, before))) {
        open.push({ name, mine: ours, saved: theirs });
      }
      chosen.forEach((value) => fields.push([name, value]));
    });
    return { fields, open };
  }

  function elementsNamed(form, name) {
    return Array.from(form.elements).filter((el) => el.name === name);
  }

  function isText(el) {
    return el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text"));
  }

  function labelOf(form, name) {
    const el = elementsNamed(form, name)[0];
    if (!el) return name;
    const legend = el.closest("fieldset") && el.closest("fieldset").querySelector("legend");
    const own = el.labels && el.labels[0] ? clean(el.labels[0].textContent) : "";
    if (legend && !isText(el)) return clean(legend.textContent);
    if (legend && own) return clean(legend.textContent) + " (" + own + ")";
    return own || (legend ? clean(legend.textContent) : name);
  }

  // What a person would recognise: the words typed, or the labels of the options chosen.
  function shown(form, name, values) {
    const el = elementsNamed(form, name)[0];
    if (isText(el)) return filled(values)[0] || "";
    return filled(values)
      .map((value) => {
        const option = elementsNamed(form, name).find((input) => input.value === value);
        return option && option.labels && option.labels[0] ? clean(option.labels[0].textContent) : value;
      })
      .join(", ");
  }

  function current(form, name) {
    return elementsNamed(form, name)
      .filter((el) => !(el.type === "checkbox" || el.type === "radio") || el.checked)
      .map((el) => el.value);
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function version(title, text, empty) {
    const box = element("div", "conflict-field__version");
    box.appendChild(element("p", "conflict-field__which", title));
    box.appendChild(
      text ? element("p", "conflict-field__text", text) : element("p", "muted", empty),
    );
    return box;
  }

  function ask(form, box, open, apply, finish) {
    const list = box.querySelector("[data-conflict-fields]");
    const fallback = box.querySelector("[data-conflict-fallback]");
    const progress = box.querySelector("[data-conflict-progress]");
    if (fallback) fallback.hidden = true;
    list.replaceChildren();
    const remaining = new Set(open.map((item) => item.name));

    open.forEach((item) => {
      const el = elementsNamed(form, item.name)[0];
      const text = isText(el);
      const label = labelOf(form, item.name);
      const set = element("fieldset", "conflict-field");
      set.appendChild(element("legend", "conflict-field__label", label));
      const versions = element("div", "conflict-field__versions");
      versions.appendChild(version("Yours, not saved yet", shown(form, item.name, item.mine), "(empty)"));
      versions.appendChild(
        version("Saved somewhere else", shown(form, item.name, item.saved), "(empty)"),
      );
      set.appendChild(versions);
      const choices = element("div", "conflict-field__choices");
      const choose = (kind, values, said) => {
        apply(item.name, values);
        remaining.delete(item.name);
        set.remove();
        if (progress) progress.textContent = said + " for \u201c" + label + "\u201d.";
        if (remaining.size) {
          list.querySelector("button").focus();
          return;
        }
        box.hidden = true;
        if (el) el.focus();
        finish();
      };
      const button = (name, onClick) => {
        const b = element("button", "button", name);
        b.type = "button";
        b.addEventListener("click", onClick);
        choices.appendChild(b);
      };
      button("Keep mine", () => choose("mine", current(form, item.name), "Kept your text"));
      button("Use the saved one", () => choose("saved", item.saved, "Using the saved text"));
      const mineText = filled(current(form, item.name))[0];
      const savedText = filled(item.saved)[0];
      if (text && mineText && savedText) {
        button("Keep both", () => {
          const joiner = el.tagName === "TEXTAREA" ? "\n\n" : " ";
          const both = savedText + joiner + filled(current(form, item.name))[0];
          choose("both", [both], "Kept both texts");
        });
      }
      set.appendChild(choices);
      list.appendChild(set);
    });
    box.hidden = false;
    if (!typing(form, box)) box.focus();
  }

  // Someone typing in a field keeps the focus: a key pressed into the box would be lost.
  function typing(form, box) {
    const el = document.activeElement;
    return Boolean(el && form.contains(el) && !box.contains(el) && el.matches("input, textarea"));
  }

  // No newer version to merge into (the answers were submitted, the note signed): keep the
  // words in a box to copy.
  function cannotMerge(box, mine, message) {
    if (!box) return;
    const form = box.closest("form");
    const list = box.querySelector("[data-conflict-fields]");
    const fallback = box.querySelector("[data-conflict-fallback]");
    if (list) list.replaceChildren();
    if (fallback) {
      fallback.hidden = false;
      const said = fallback.querySelector("[data-conflict-message]");
      if (said && message) said.textContent = message;
      const copy = fallback.querySelector("[data-conflict-text]");
      if (copy) copy.value = filled(mine.map(([, value]) => value)).join("\n\n");
    }
    box.hidden = false;
    if (!typing(form, box)) box.focus();
  }

  window.TrustworkConflict = { merge, ask, cannotMerge };
})();
