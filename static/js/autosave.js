// Autosave for editors that must never lose a word (see practice/autosave.py).
//
// <form data-autosave-url="..." data-version="3" data-storage-key="response-12">
//   ... fields ... <p data-save-status></p>
//   <div data-conflict hidden><textarea data-conflict-text></textarea></div>
//   <div data-signed-out hidden></div>
// </form>
//
// Saves a few seconds after typing stops and when a field loses focus. Until the server has
// the text, a copy stays in sessionStorage (this tab only) together with the version it was
// written against. A copy written against an older version is never saved over a newer one:
// it is shown in the conflict box to copy. On a conflict or an expired session the text stays
// on screen and nothing is thrown away.
(() => {
  const DELAY_MS = 2500;

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  async function refreshCsrfToken() {
    const response = await fetch("/auth/csrf-token", { credentials: "same-origin" });
    if (!response.ok) return false;
    const data = await response.json();
    document.querySelector('meta[name="csrf-token"]').content = data.csrf_token;
    document.querySelectorAll('input[name="csrf_token"]').forEach((input) => {
      input.value = data.csrf_token;
    });
    return true;
  }

  function editable(el) {
    return el.name && !el.disabled && el.name !== "csrf_token" && el.name !== "version";
  }

  function fieldsOf(form) {
    const pairs = [];
    new FormData(form).forEach((value, name) => {
      if (name !== "csrf_token" && name !== "version" && typeof value === "string") {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  // The values the page arrived with (what the server has), whatever was typed since.
  function defaultFieldsOf(form) {
    const pairs = [];
    Array.from(form.elements).forEach((el) => {
      if (!editable(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.defaultChecked) pairs.push([el.name, el.value]);
      } else if (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "submit")) {
        pairs.push([el.name, el.defaultValue]);
      }
    });
    return pairs;
  }

  function restore(form, pairs) {
    const byName = new Map();
    pairs.forEach(([name, value]) => {
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name).push(value);
    });
    form.querySelectorAll("input[name], textarea[name], select[name]").forEach((el) => {
      if (!editable(el)) return;
      const values = byName.get(el.name) || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.includes(el.value);
      } else if (el.type !== "hidden" && el.type !== "submit") {
        el.value = values.length ? values[0] : "";
      }
    });
  }

  function setup(form) {
    const url = form.dataset.autosaveUrl;
    const key = "trustwork-unsaved:" + form.dataset.storageKey;
    const status = form.querySelector("[data-save-status]");
    const conflictBox = form.querySelector("[data-conflict]");
    const signedOutBox = form.querySelector("[data-signed-out]");
    const versionInput = form.querySelector('input[name="version"]');
    let timer = null;
    let lastSent = JSON.stringify(defaultFieldsOf(form));
    let stopped = false;
    let saving = null; // the save in flight, as a promise
    let submitting = false;

    const say = (text, kind) => {
      if (!status) return;
      status.textContent = text;
      status.dataset.kind = kind || "";
    };

    const keep = (fields) => {
      sessionStorage.setItem(key, JSON.stringify({ version: form.dataset.version, fields }));
    };

    function showConflict(fields) {
      stopped = true;
      clearTimeout(timer);
      say("Not saved: a newer version exists.", "error");
      if (!conflictBox) return;
      conflictBox.hidden = false;
      const copy = conflictBox.querySelector("[data-conflict-text]");
      if (copy) copy.value = fields.map(([, value]) => value).filter(Boolean).join("\n\n");
      conflictBox.focus();
    }

    function schedule(delay) {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(save, delay === undefined ? DELAY_MS : delay);
    }

    function save() {
      clearTimeout(timer);
      timer = null;
      if (stopped) return Promise.resolve(false);
      if (saving) return saving.then(() => save());
      saving = send().finally(() => {
        saving = null;
      });
      return saving;
    }

    async function send() {
      const fields = fieldsOf(form);
      const body = JSON.stringify(fields);
      if (body === lastSent && !sessionStorage.getItem(key)) return true;
      keep(fields);
      say("Saving…", "pending");
      let response;
      try {
        response = await fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            "X-CSRFToken": csrfToken(),
            "X-Requested-With": "autosave",
          },
          body: JSON.stringify({ version: Number(form.dataset.version), fields }),
        });
      } catch (error) {
        say("Not saved yet: no connection. Your text is safe here; we'll keep trying.", "warn");
        schedule(8000);
        return false;
      }
      let data = {};
      try {
        data = await response.json();
      } catch (error) {
        data = {};
      }
      if (response.ok) {
        form.dataset.version = String(data.version);
        if (versionInput) versionInput.value = String(data.version);
        lastSent = body;
        form.querySelectorAll("[data-field-error]").forEach((el) => el.remove());
        if (signedOutBox) signedOutBox.hidden = true;
        if (JSON.stringify(fieldsOf(form)) === body) {
          sessionStorage.removeItem(key);
          say("Saved at " + data.saved_at, "ok");
        } else {
          keep(fieldsOf(form)); // typed while saving: keep that too, against the new version
          schedule();
        }
        return true;
      }
      if (response.status === 409) {
        showConflict(fields);
      } else if (response.status === 401 || (response.status === 400 && data.csrf)) {
        say("Not saved yet: you were signed out. Your text is safe on this page.", "warn");
        if (signedOutBox) signedOutBox.hidden = false;
        waitForSignIn();
      } else if (response.status === 422 && data.errors) {
        say("Not saved yet: please check the highlighted answers.", "error");
        showErrors(data.errors);
      } else {
        say("Not saved yet. Your text is safe here; we'll try again shortly.", "warn");
        schedule(10000);
      }
      return false;
    }

    function showErrors(errors) {
      form.querySelectorAll("[data-field-error]").forEach((el) => el.remove());
      Object.entries(errors).forEach(([id, message]) => {
        const wrapper =
          form.querySelector('[data-prompt-id="' + id + '"]') || form.querySelector("[data-errors]");
        if (!wrapper) return;
        const p = document.createElement("p");
        p.className = "field__error";
        p.dataset.fieldError = "";
        p.textContent = message;
        wrapper.appendChild(p);
      });
    }

    // After signing in again (in another tab), fetch a fresh token and save what we kept.
    function waitForSignIn() {
      const retry = async () => {
        if (await refreshCsrfToken().catch(() => false)) {
          window.removeEventListener("focus", retry);
          schedule(10);
        }
      };
      window.addEventListener("focus", retry);
    }

    // Text this tab kept from before a reload, and the version it was written against.
    const kept = sessionStorage.getItem(key);
    if (kept) {
      try {
        const data = JSON.parse(kept);
        if (JSON.stringify(data.fields) === lastSent) {
          sessionStorage.removeItem(key);
        } else if (String(data.version) === form.dataset.version) {
          restore(form, data.fields);
          say("We kept what you wrote before. Saving it now…", "pending");
          schedule(10);
        } else {
          // Written against an older version: never save it over the newer one.
          showConflict(data.fields);
        }
      } catch (error) {
        sessionStorage.removeItem(key);
      }
    } else if (JSON.stringify(fieldsOf(form)) !== lastSent) {
      // Someone quick typed before this script ran: save that too.
      say("Changes not saved yet…", "pending");
      schedule();
    }

    form.addEventListener("input", () => {
      if (stopped) return;
      say("Changes not saved yet…", "pending");
      keep(fieldsOf(form));
      schedule();
    });
    form.addEventListener("focusout", () => schedule(10));

    // A button press while a save is pending or in flight: finish that save first, so the
    // form posts the version the server now has (otherwise it would look like a conflict).
    form.addEventListener("submit", (event) => {
      if (submitting) return;
      if (!stopped && (saving || timer)) {
        event.preventDefault();
        const submitter = event.submitter;
        save().then((ok) => {
          if (!ok || stopped) return;
          submitting = true;
          stopped = true;
          // Send the button's own name and value, as the browser would have.
          if (submitter && submitter.name) {
            const pressed = document.createElement("input");
            pressed.type = "hidden";
            pressed.name = submitter.name;
            pressed.value = submitter.value;
            form.appendChild(pressed);
          }
          HTMLFormElement.prototype.submit.call(form);
        });
        return;
      }
      submitting = true;
      clearTimeout(timer);
      stopped = true;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-autosave-url]").forEach(setup);
  });
})();
