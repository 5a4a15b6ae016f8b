// A form's words: read them, compare them, put them back, and keep copies of them.
// Shared by static/js/autosave.js and static/js/conflict.js (window.TrustworkFields).
//
// Words travel as [name, value] pairs in the form's order, as FormData gives them.
(() => {
  const stored = {
    read(area, key) {
      try {
        return JSON.parse(area.getItem(key));
      } catch (error) {
        return null;
      }
    },
    write(area, key, value) {
      try {
        area.setItem(key, JSON.stringify(value));
      } catch (error) {
        // Storage full or refused (private mode): the words are still on the page.
      }
    },
    drop(area, key) {
      try {
        area.removeItem(key);
      } catch (error) {
        // as above
      }
    },
  };

  // The form's own workings, not the person's words.
  function isWorking(name) {
    return name === "csrf_token" || name === "version" || name.endsWith("-version");
  }

  function editable(el) {
    return el.name && !el.disabled && !isWorking(el.name);
  }

  function fieldsOf(form) {
    const pairs = [];
    new FormData(form).forEach((value, name) => {
      if (!isWorking(name) && typeof value === "string") pairs.push([name, value]);
    });
    return pairs;
  }

  // The values a form arrived with (what the server had), whatever was typed since. Works on
  // a form parsed from a freshly fetched page too.
  function defaultFieldsOf(form) {
    const pairs = [];
    Array.from(form.elements).forEach((el) => {
      if (!editable(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.defaultChecked) pairs.push([el.name, el.value]);
      } else if (el.tagName === "SELECT") {
        Array.from(el.options).forEach((option) => {
          if (option.defaultSelected) pairs.push([el.name, option.value]);
        });
      } else if (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "submit")) {
        pairs.push([el.name, el.defaultValue]);
      }
    });
    return pairs;
  }

  function byName(pairs) {
    const map = new Map();
    (pairs || []).forEach(([name, value]) => {
      if (!map.has(name)) map.set(name, []);
      map.get(name).push(value);
    });
    return map;
  }

  // Two sets of fields hold the same words (a field left empty counts as empty).
  function same(a, b) {
    const left = byName(a);
    const right = byName(b);
    const names = new Set([...left.keys(), ...right.keys()]);
    for (const name of names) {
      const x = (left.get(name) || []).filter(Boolean);
      const y = (right.get(name) || []).filter(Boolean);
      if (JSON.stringify(x) !== JSON.stringify(y)) return false;
    }
    return true;
  }

  function setValues(form, name, values) {
    form.querySelectorAll("input[name], textarea[name], select[name]").forEach((el) => {
      if (el.name !== name || !editable(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.includes(el.value);
      } else if (el.tagName === "SELECT") {
        Array.from(el.options).forEach((option) => {
          option.selected = values.includes(option.value);
        });
      } else if (el.type !== "hidden" && el.type !== "submit") {
        const value = values.length ? values[0] : "";
        if (el.value !== value) el.value = value; // the same words: leave the caret be
      }
    });
  }

  function restore(form, pairs) {
    const values = byName(pairs);
    const names = new Set(Array.from(form.elements).filter(editable).map((el) => el.name));
    names.forEach((name) => setValues(form, name, values.get(name) || []));
  }

  window.TrustworkFields = {
    stored,
    isWorking,
    editable,
    fieldsOf,
    defaultFieldsOf,
    byName,
    same,
    setValues,
    restore,
  };
})();
