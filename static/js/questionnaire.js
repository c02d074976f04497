// The client's questionnaire: shows the autosave state and copies the private link.
// Saving itself is htmx (see section.html); the server decides which questions are shown.
(function () {
  "use strict";
  document.documentElement.classList.add("has-js");

  var form = document.getElementById("questionnaire-form");
  var status = document.getElementById("save-status");
  var pending = false;

  function say(text, state) {
    if (!status) return;
    status.textContent = text;
    status.className = "mb-0 small save-status is-" + state;
  }

  function clock() {
    var now = new Date();
    return now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function showProgress(header) {
    var bar = document.querySelector("progress.q-progress");
    var label = document.getElementById("progress-label");
    var parts = (header || "").split("/");
    if (!bar || !label || parts.length !== 2) return;
    bar.max = Number(parts[1]);
    bar.value = Number(parts[0]);
    label.textContent = parts[0] + " of " + parts[1] + " questions answered";
  }

  function plural(n, noun) {
    return n + " " + noun + (n === 1 ? "" : "s");
  }

  var shown = form ? form.querySelectorAll("fieldset.question").length : 0;

  // Changes made so far, and how many of them the request in flight carries: "saved" is only
  // true once a request that carries the latest change has come back.
  var edits = 0;

  if (form && status) {
    form.addEventListener("input", function () {
      edits += 1;
      pending = true;
      say("Saving…", "saving");
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt === form) event.detail.xhr.editsSent = edits;
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) return;
      var xhr = event.detail.xhr;
      showProgress(xhr.getResponseHeader("X-Progress"));
      if (xhr.editsSent < edits && event.detail.successful) return; // a newer change is still on its way
      pending = false;
      if (xhr.status === 409) {
        say(xhr.responseText, "error");
      } else if (xhr.status === 404 || xhr.status === 403) {
        // The session behind the private link ended (expired, link replaced, or cookies cleared).
        say("Your session has ended, so this change was not saved. Copy anything you just typed, then open your " +
          "private link again — everything saved before is kept.", "error");
      } else if (!event.detail.successful) {
        pending = true;
        say("Not saved — check your connection. We'll save as soon as you're back online.", "error");
      } else if (xhr.getResponseHeader("X-Autosave") === "invalid") {
        say("Some answers need attention — see the messages above.", "error");
      } else {
        var saved = "All changes saved at " + clock() + ".";
        say(saved, "saved");
        // Tell screen-reader users when a follow-up question appears or goes away.
        window.setTimeout(function () {
          var count = form.querySelectorAll("fieldset.question").length;
          if (count > shown) say(saved + " " + plural(count - shown, "new question") + " below.", "saved");
          if (count < shown) say(saved + " " + plural(shown - count, "question") + " no longer needed.", "saved");
          shown = count;
        }, 50);
      }
    });
    // Back online after a failed save: send the page again without waiting for another change.
    window.addEventListener("online", function () {
      if (pending) form.dispatchEvent(new Event("input", { bubbles: true }));
    });
    // A change made before the scripts ran (a fast typist on a slow connection) raised no
    // event anyone heard; once htmx has wired the form up, save it if it differs from the page.
    function changedBeforeLoad() {
      return Array.prototype.some.call(form.elements, function (el) {
        if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
        if (el.tagName === "SELECT") {
          var chosen = Array.prototype.some.call(el.options, function (o) { return o.defaultSelected; });
          // With nothing marked selected the browser shows the first option; that is no change.
          if (!chosen) return el.selectedIndex > 0;
          return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
        }
        if (el.type === "hidden" || el.type === "submit" || el.type === "button") return false;
        return "defaultValue" in el && el.value !== el.defaultValue;
      });
    }
    function saveEarlyChanges() {
      if (changedBeforeLoad()) form.dispatchEvent(new Event("input", { bubbles: true }));
    }
    // htmx wires forms up on DOMContentLoaded; its listener was registered first, so it runs first.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", saveEarlyChanges);
    else window.setTimeout(saveEarlyChanges, 0);
    // If the tab closes before the debounced save runs, send the page's answers one last time.
    window.addEventListener("pagehide", function () {
      if (pending && navigator.sendBeacon) {
        navigator.sendBeacon(form.dataset.autosaveUrl, new FormData(form));
      }
    });
  }
})();
