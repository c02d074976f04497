// The recovery codes page: a Copy button (shown only when the browser can copy) that puts the
// codes, one a line, on the clipboard and says so in the page's status line.
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-codes]");
  if (!button || !navigator.clipboard || !window.isSecureContext) return;
  var status = document.querySelector("[data-copy-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    var items = document.querySelectorAll(button.getAttribute("data-copy-codes") + " li");
    var text = Array.prototype.map.call(items, function (li) { return li.textContent.trim(); }).join("\n") + "\n";
    navigator.clipboard.writeText(text).then(
      function () { status.textContent = "Copied " + items.length + " codes. Paste them into your password manager."; },
      function () { status.textContent = "Your browser did not allow copying; select the codes or download them instead."; }
    );
  });
})();
