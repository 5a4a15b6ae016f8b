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
  // Ask before actions that are hard to undo.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
});
