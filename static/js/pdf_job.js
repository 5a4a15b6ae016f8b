// The "Preparing your PDF" page: ask every second how the PDF is doing, start the download
// once it is made, and show the page again for anything else (it failed, or went missing).
// Without JavaScript the page refreshes itself instead (a <noscript> meta refresh).
(function () {
  "use strict";
  var card = document.querySelector(".pdf-job");
  if (!card) return;
  var download = card.getAttribute("data-download-url");

  function startDownload() {
    var message = card.querySelector(".pdf-job__message");
    if (message) message.textContent = "Your PDF is ready. It is downloading now.";
    var spinner = card.querySelector(".pdf-job__spinner");
    if (spinner) spinner.hidden = true;
    var fallback = card.querySelector(".pdf-job__ready");
    if (fallback) fallback.hidden = false;
    window.location.assign(download);
  }

  if (card.getAttribute("data-status") === "finished") {
    startDownload();
    return;
  }

  function ask() {
    fetch(card.getAttribute("data-status-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.status === "finished") startDownload();
        else if (job.status === "queued" || job.status === "started") setTimeout(ask, 1000);
        else window.location.reload();
      })
      .catch(function () { setTimeout(function () { window.location.reload(); }, 2000); });
  }
  setTimeout(ask, 700);
})();
