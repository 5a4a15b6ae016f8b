// Autosave for editors that must never lose a word (see practice/autosave.py).
//
// <form data-autosave-url="..." data-page-url="..." data-version="3" data-storage-key="response-12">
//   ... fields ... <p data-save-status aria-live="polite"></p>
//   {{ autosave_notices(...) }}  (templates/macros/autosave.html: conflict and signed-out boxes)
// </form>
//
// Saves a few seconds after typing stops and when a field loses focus. Until the server has
// the text, a copy stays in sessionStorage (this tab) with the version it was written against
// and the text it started from. When the tab is signed out or closes with words unsaved, the
// copy is also handed to localStorage, so the tab that signs in again, or the next visit,
// picks the words up. A copy written against an older version is never saved over a newer
// one: the person chooses, field by field (static/js/conflict.js).
(() => {
  if (window.TrustworkAutosave) return; // included by a page and by its notices macro
  window.TrustworkAutosave = true;

  const DELAY_MS = 2500;
  const RETRY_UNREACHABLE_MS = 4000;
  const RETRY_SERVER_ERROR_MS = 10000;
  const SIGN_IN_CHECK_MS = 3000;
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("trustwork-autosave") : null;

  const {
    stored,
    fieldsOf,
    defaultFieldsOf,
    same,
    setValues,
    restore,
  } = window.TrustworkFields;

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

  function setup(form) {
    const url = form.dataset.autosaveUrl;
    const pageUrl = form.dataset.pageUrl || window.location.href;
    const key = "trustwork-unsaved:" + form.dataset.storageKey;
    const handoffKey = "trustwork-handoff:" + form.dataset.storageKey;
    const status = form.querySelector("[data-save-status]");
    const conflictBox = form.querySelector("[data-conflict]");
    const signedOutBox = form.querySelector("[data-signed-out]");
    const versionInput = form.querySelector('input[name="version"], input[name$="-version"]');
    let base = defaultFieldsOf(form); // what the server has, as far as this page knows
    // ok | conflict | signed-out | offline | unreachable | server-error | leaving
    let state = "ok";
    let timer = null;
    let saving = null; // the save in flight, as a promise
    let pageGoing = false; // a reload or a leave has begun (beforeunload or pagehide)

    const say = (text, kind) => {
      if (!status) return;
      status.textContent = text;
      status.dataset.kind = kind || "";
    };

    const copy = (fields) => ({ version: form.dataset.version, fields, base });
    const keep = (fields) => stored.write(sessionStorage, key, copy(fields));
    // For the tab that signs in again, or the next visit: sessionStorage dies with the tab.
    const handOff = (fields) => stored.write(localStorage, handoffKey, copy(fields));
    const forget = () => {
      stored.drop(sessionStorage, key);
      stored.drop(localStorage, handoffKey);
    };
    const unsaved = () => !same(fieldsOf(form), base);
    // A copy still to be saved (not one that records a save already made: see saved()).
    const pending = () => {
      const kept = stored.read(sessionStorage, key);
      return Boolean(kept && !kept.saved);
    };

    function adopt(version) {
      form.dataset.version = String(version);
      if (versionInput) versionInput.value = String(version);
    }

    function schedule(delay) {
      if (state === "conflict" || state === "leaving") return;
      clearTimeout(timer);
      timer = setTimeout(save, delay === undefined ? DELAY_MS : delay);
    }

    // extra: fetch options; {keepalive: true} lets the save outlive a page being closed.
    function save(extra) {
      clearTimeout(timer);
      timer = null;
      if (state === "conflict" || state === "leaving") return Promise.resolve(state);
      if (saving) return saving.then(() => save(extra));
      saving = send(extra).finally(() => {
        saving = null;
      });
      return saving;
    }

    function post(fields, extra) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": csrfToken(),
          "X-Requested-With": "autosave",
        },
        body: JSON.stringify({ version: Number(form.dataset.version), fields }),
        ...extra,
      });
    }

    async function send(extra) {
      const fields = fieldsOf(form);
      if (same(fields, base) && !pending()) {
        if (state !== "signed-out") state = "ok";
        return "saved";
      }
      keep(fields);
      if (!navigator.onLine) return offline();
      say("Saving…", "pending");
      let response;
      try {
        response = await post(fields, extra);
      } catch (error) {
        // A fetch that fails outright: no network at all, or no server answering.
        return navigator.onLine ? unreachable() : offline();
      }
      let data = {};
      try {
        data = await response.json();
      } catch (error) {
        data = {};
      }
      if (response.ok) return saved(fields, data);
      if (response.status === 409) return conflict(fields, data);
      if (response.status === 401 || (response.status === 400 && data.csrf)) {
        return signedOut(fields);
      }
      if (response.status === 422 && data.errors) {
        state = "ok";
        say("Not saved yet: please check the highlighted answers.", "error");
        showErrors(data.errors);
        return "invalid";
      }
      state = "server-error";
      say(
        "Not saved yet: something went wrong on our side. Your text is safe on this page, " +
          "and we'll try again shortly.",
        "warn",
      );
      schedule(RETRY_SERVER_ERROR_MS);
      return "server-error";
    }

    function saved(fields, data) {
      state = "ok";
      adopt(data.version);
      base = fields;
      form.querySelectorAll("[data-field-error]").forEach((el) => el.remove());
      if (signedOutBox) signedOutBox.hidden = true;
      if (channel) {
        channel.postMessage({ key, version: data.version, fields, savedAt: data.saved_at });
      }
      if (same(fieldsOf(form), fields)) {
        forget();
        if (pageGoing) {
          // The save begun on leaving came back before the page went. The next page (a
          // reload) may have been read before it landed: this copy tells it the words and
          // the version the server now has.
          stored.write(sessionStorage, key, {
            version: data.version,
            fields,
            base: fields,
            saved: data.saved_at || "just now",
          });
        }
        say("Saved at " + data.saved_at, "ok");
      } else {
        keep(fieldsOf(form)); // typed while saving: keep that too, against the new version
        schedule();
      }
      return "saved";
    }

    function offline() {
      state = "offline";
      say(
        "You're offline. Your text is safe on this page, and it will be saved as soon as " +
          "you're back online.",
        "warn",
      );
      schedule(RETRY_UNREACHABLE_MS); // in case the browser never says it is back
      return "offline";
    }

    function unreachable() {
      state = "unreachable";
      say(
        "Not saved yet: the server could not be reached. Your text is safe on this page, " +
          "and we'll keep trying.",
        "warn",
      );
      schedule(RETRY_UNREACHABLE_MS);
      return "unreachable";
    }

    function signedOut(fields) {
      state = "signed-out";
      say("Not saved yet: you were signed out. Your text is safe on this page.", "warn");
      if (signedOutBox) signedOutBox.hidden = false;
      handOff(fields);
      return "signed-out";
    }

    // Signed in again (in another tab, or this one after a reload): a fresh token, then save.
    async function retryAfterSignIn() {
      if (state !== "signed-out") return;
      if (await refreshCsrfToken().catch(() => false)) {
        state = "ok";
        schedule(10);
      }
    }

    // Typing while signed out: now and then, ask whether a sign-in elsewhere brought us back.
    let lastSignInCheck = 0;
    function checkSignedInAgain() {
      if (Date.now() - lastSignInCheck < SIGN_IN_CHECK_MS) return;
      lastSignInCheck = Date.now();
      retryAfterSignIn();
    }

    // The newest saved version, read from a fresh copy of this page.
    async function newest() {
      try {
        const response = await fetch(pageUrl, { credentials: "same-origin" });
        if (!response.ok) return null;
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const other = Array.from(page.querySelectorAll("form[data-storage-key]")).find(
          (candidate) => candidate.dataset.storageKey === form.dataset.storageKey,
        );
        return other ? { version: other.dataset.version, fields: defaultFieldsOf(other) } : null;
      } catch (error) {
        return null;
      }
    }

    async function conflict(mine, data) {
      state = "conflict";
      clearTimeout(timer);
      keep(mine);
      const known = base;
      const latest = await newest();
      if (!latest) {
        // Locked (submitted, signed) or out of reach: nothing to merge into. Keep the words.
        window.TrustworkConflict.cannotMerge(conflictBox, fieldsOf(form), data && data.message);
        say("Not saved: these words were changed somewhere else. Your text is kept above.", "error");
        showJump(true);
        return "conflict";
      }
      // What is on the page now, with anything typed while the newest version was fetched.
      resolve(fieldsOf(form), known, latest);
      return state === "conflict" ? "conflict" : "merged";
    }

    // In the bar at the bottom, beside the status: the way to the choices at the top of the
    // form. The conflict box takes the focus only when nobody is typing (keys typed into a
    // box that takes no text would be lost); this button is the way there by keyboard.
    const jump = document.createElement("button");
    jump.type = "button";
    jump.className = "button";
    jump.textContent = "Choose what to keep";
    jump.hidden = true;
    jump.addEventListener("click", () => {
      conflictBox.scrollIntoView({ block: "start" });
      conflictBox.focus();
    });
    if (status && conflictBox) status.insertAdjacentElement("afterend", jump);
    const showJump = (shown) => {
      jump.hidden = !shown;
    };

    // Merge this tab's words (mine) with the newest saved ones: a field only one side changed
    // takes that side's words; a field both changed is for the person to decide.
    function resolve(mine, known, latest) {
      state = "conflict";
      const decided = window.TrustworkConflict.merge(mine, known, latest.fields, form);
      restore(form, decided.fields);
      adopt(latest.version);
      base = latest.fields;
      const finish = () => {
        state = "ok";
        showJump(false);
        keep(fieldsOf(form)); // re-based on the newest version, until the save clears it
        say("Saving your choices…", "pending");
        schedule(10);
      };
      if (!decided.open.length) {
        finish();
        return;
      }
      say(
        "Not saved yet: these words were also changed somewhere else. Choose what to keep.",
        "error",
      );
      showJump(true);
      window.TrustworkConflict.ask(form, conflictBox, decided.open, (name, values) => {
        setValues(form, name, values);
      }, finish);
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

    // Another tab of this person saved this form: follow it when that loses nothing here.
    function followOtherTab(message) {
      if (message.key !== key || state === "conflict" || state === "leaving") return;
      if (Number(message.version) <= Number(form.dataset.version)) return;
      const current = fieldsOf(form);
      if (!same(current, message.fields) && unsaved()) return; // a save here will ask
      const wasSignedOut = state === "signed-out";
      restore(form, message.fields);
      adopt(message.version);
      base = message.fields;
      forget();
      state = "ok";
      clearTimeout(timer);
      timer = null;
      if (signedOutBox) signedOutBox.hidden = true;
      say("Saved at " + message.savedAt, "ok");
      if (wasSignedOut) refreshCsrfToken().catch(() => false);
    }

    // Words kept from before a reload, or handed over by a tab that was signed out or closed.
    function pickUpKeptWords() {
      const kept = stored.read(sessionStorage, key) || stored.read(localStorage, handoffKey);
      if (kept && kept.saved && Array.isArray(kept.fields)) {
        // Saved as the last page went, perhaps after this page was read: show what the
        // server has now, unless this page is already as new.
        forget();
        if (Number(kept.version) > Number(form.dataset.version)) {
          restore(form, kept.fields);
          adopt(kept.version);
          base = kept.fields;
          say("Saved at " + kept.saved, "ok");
        }
        return;
      }
      if (!kept || !Array.isArray(kept.fields)) {
        forget();
        if (unsaved()) {
          say("Changes not saved yet…", "pending"); // typed before this script ran
          schedule();
        }
        return;
      }
      if (same(kept.fields, base)) {
        forget(); // the server has them
      } else if (String(kept.version) === form.dataset.version) {
        restore(form, kept.fields);
        keep(kept.fields);
        say("We kept what you wrote before. Saving it now…", "pending");
        schedule(10);
      } else {
        // Written against an older version: never saved over the newer one unasked.
        resolve(kept.fields, kept.base, { version: form.dataset.version, fields: base });
      }
    }

    form.addEventListener("input", () => {
      if (state === "leaving") return;
      const fields = fieldsOf(form);
      keep(fields);
      if (state === "conflict") return; // the save waits for the person's choices
      if (state === "signed-out") {
        handOff(fields);
        checkSignedInAgain(); // focus events do not always come (a tab brought back by script)
        return;
      }
      if (state === "ok") say("Changes not saved yet…", "pending");
      schedule(state === "ok" ? undefined : 10);
    });
    form.addEventListener("focusout", (event) => {
      if (event.target.closest("[data-conflict]")) return;
      if (state === "ok" && (timer || unsaved())) schedule(10);
    });

    // A button press while a save is pending or in flight: finish that save first, so the
    // form posts the version the server now has (otherwise it would look like a conflict).
    // Signed out, the form goes at once: the server carries the words through sign-in.
    form.addEventListener("submit", (event) => {
      if (state === "leaving") return;
      const submitter = event.submitter;
      if (state === "conflict") {
        event.preventDefault();
        say("Please choose what to keep first: your words are not saved yet.", "error");
        if (conflictBox) conflictBox.focus();
        return;
      }
      if (state === "signed-out" || !(saving || timer)) {
        leave();
        return;
      }
      event.preventDefault();
      save().then((outcome) => {
        if (outcome === "saved" || outcome === "signed-out" || outcome === "invalid") {
          leave();
          sendForm(submitter);
        }
        // Otherwise (no connection, a conflict) the page says why and keeps the words.
      });
    });

    function leave() {
      state = "leaving";
      clearTimeout(timer);
    }

    function sendForm(submitter) {
      // Send the button's own name and value, as the browser would have.
      if (submitter && submitter.name) {
        const pressed = document.createElement("input");
        pressed.type = "hidden";
        pressed.name = submitter.name;
        pressed.value = submitter.value;
        form.appendChild(pressed);
      }
      HTMLFormElement.prototype.submit.call(form);
    }

    // "Reload the newest version": the person chose to leave their unsaved changes out.
    form.querySelectorAll("[data-conflict-discard]").forEach((link) => {
      link.addEventListener("click", () => {
        leave();
        forget();
      });
    });

    // Leaving or closing the page: one last save that outlives it, and a copy to pick up.
    window.addEventListener("pagehide", () => {
      pageGoing = true;
      if (state === "leaving" || state === "conflict" || !unsaved()) return;
      const fields = fieldsOf(form);
      keep(fields);
      handOff(fields);
      if (state === "signed-out" || !navigator.onLine) return;
      try {
        post(fields, { keepalive: true }).catch(() => {});
      } catch (error) {
        // Too large to outlive the page: the copy above is picked up on the next visit.
      }
    });
    // Hidden (another app, the tab switcher, a tab being closed): the last moment a page is
    // sure to run. A save now, that outlives the page if it is closed next.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && state === "ok" && unsaved()) {
        save({ keepalive: true });
      }
    });
    // About to leave with a save pending: ask first, and start that save now, while the page
    // is sure to be alive (a request begun as the tab closes may never leave the browser).
    window.addEventListener("beforeunload", (event) => {
      pageGoing = true;
      if (state === "leaving" || state === "signed-out") return;
      if (timer || saving || (state !== "ok" && unsaved())) {
        event.preventDefault();
        event.returnValue = ""; // older browsers show the warning only when this is set
        if (state === "ok" && timer) save({ keepalive: true });
      }
    });

    window.addEventListener("online", () => {
      if (state === "offline") schedule(10);
    });
    window.addEventListener("offline", () => {
      if (state === "ok" && (timer || saving)) say("You're offline. Your text is safe on this page.", "warn");
    });
    window.addEventListener("focus", retryAfterSignIn);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") retryAfterSignIn();
    });
    if (channel) channel.addEventListener("message", (event) => followOtherTab(event.data));

    pickUpKeptWords();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-autosave-url]").forEach(setup);
  });
})();
