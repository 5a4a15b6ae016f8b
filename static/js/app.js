// Progressive enhancements only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Put the keyboard where the problem is: the first field with an error.
  const firstInvalid = document.querySelector('[aria-invalid="true"]');
  if (firstInvalid) {
    firstInvalid.focus();
  }
  // Signed in again with words carried from before: send them on to their page at once.
  document.querySelectorAll("form[data-autosend]").forEach((form) => form.submit());
  // Signing out on purpose: no unsaved words are left behind in this browser for the next
  // person at a shared computer (autosave.js hands them over in localStorage).
  document.querySelectorAll('form[action$="/auth/sign-out"]').forEach((form) => {
    form.addEventListener("submit", () => {
      try {
        Object.keys(localStorage)
          .filter((name) => name.startsWith("trustwork-handoff:"))
          .forEach((name) => localStorage.removeItem(name));
      } catch (error) {
        // Storage refused: nothing was kept there.
      }
    });
  });
  // Copy buttons beside read-only text (the invitation link): shown only where the
  // clipboard can be used; the text itself stays selectable either way.
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const source = document.getElementById(button.dataset.copy);
    const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        if (status) status.textContent = "Link copied. Paste it into your message.";
      } catch (error) {
        source.select();
        if (status) status.textContent = "Couldn't copy: the link is selected, copy it yourself.";
      }
    });
  });
  // Ask before actions that are hard to undo.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
});
