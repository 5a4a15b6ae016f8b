// Autosave for editors that must never lose a word (see practice/autosave.py).
//
// <form data-autosave-url="..." data-version="3" data-storage-key="response-12">
//   <p data-save-status></p> ... fields ...
//   <div data-conflict hidden></div> <div data-signed-out hidden></div>
// </form>
//
// Saves a few seconds after typing stops and when a field loses focus; keeps a copy in
// sessionStorage (this tab only) until the server has it; on a conflict or an expired
// session the text stays on screen and nothing is thrown away.
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
      if (!el.name || el.disabled || el.name === "csrf_token" || el.name === "version") return;
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
      if (el.name === "csrf_token" || el.name === "version" || el.disabled) return;
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
    let inFlight = false;

    const say = (text, kind) => {
      if (!status) return;
      status.textContent = text;
      status.dataset.kind = kind || "";
    };

    // Text kept from a save that never reached the server (this tab, this page).
    const kept = sessionStorage.getItem(key);
    if (kept) {
      try {
        const data = JSON.parse(kept);
        if (JSON.stringify(data.fields) !== lastSent) {
          restore(form, data.fields);
          say("We kept what you wrote before. Saving it now…", "pending");
          schedule(10);
        } else {
          sessionStorage.removeItem(key);
        }
      } catch (error) {
        sessionStorage.removeItem(key);
      }
    }

    function schedule(delay) {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(save, delay === undefined ? DELAY_MS : delay);
    }

    async function save() {
      if (stopped || inFlight) return;
      const fields = fieldsOf(form);
      const body = JSON.stringify(fields);
      if (body === lastSent && !sessionStorage.getItem(key)) return;
      sessionStorage.setItem(key, JSON.stringify({ fields }));
      inFlight = true;
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
        inFlight = false;
        say("Not saved yet: no connection. Your text is safe here; we'll keep trying.", "warn");
        schedule(8000);
        return;
      }
      inFlight = false;
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
        sessionStorage.removeItem(key);
        form.querySelectorAll("[data-field-error]").forEach((el) => el.remove());
        say("Saved at " + data.saved_at, "ok");
        if (signedOutBox) signedOutBox.hidden = true;
        if (JSON.stringify(fieldsOf(form)) !== lastSent) schedule();
      } else if (response.status === 409) {
        stopped = true;
        say("Not saved: a newer version exists.", "error");
        if (conflictBox) {
          conflictBox.hidden = false;
          const copy = conflictBox.querySelector("[data-conflict-text]");
          if (copy) copy.value = fields.map(([, value]) => value).filter(Boolean).join("\n\n");
          conflictBox.focus();
        }
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
    }

    function showErrors(errors) {
      form.querySelectorAll("[data-field-error]").forEach((el) => el.remove());
      Object.entries(errors).forEach(([id, message]) => {
        const wrapper = form.querySelector('[data-prompt-id="' + id + '"]') || form.querySelector("[data-errors]");
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

    // Someone quick may have typed before this script ran: save that too.
    if (!kept && JSON.stringify(fieldsOf(form)) !== lastSent) {
      say("Changes not saved yet…", "pending");
      schedule();
    }

    form.addEventListener("input", () => {
      say("Changes not saved yet…", "pending");
      sessionStorage.setItem(key, JSON.stringify({ fields: fieldsOf(form) }));
      schedule();
    });
    form.addEventListener("focusout", () => schedule(10));
    form.addEventListener("submit", () => {
      clearTimeout(timer);
      stopped = true;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-autosave-url]").forEach(setup);
  });
})();
