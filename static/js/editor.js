// Editor: insert a question slug or value into the condition being edited, and the
// history page's "compare" form. No inline scripts (CSP).
(function () {
  "use strict";
  var lastCondition = null;

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("textarea.condition")) {
      lastCondition = event.target;
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.insert");
    if (!button) return;
    var field = lastCondition || document.querySelector("textarea.condition");
    if (!field || field.disabled) return;
    var text = button.getAttribute("data-insert");
    var start = field.selectionStart || 0;
    var end = field.selectionEnd || 0;
    var before = field.value.slice(0, start);
    var spacer = before && !/\s$/.test(before) ? " " : "";
    field.value = before + spacer + text + field.value.slice(end);
    var caret = start + spacer.length + text.length;
    field.focus();
    field.setSelectionRange(caret, caret);
    // Validate (input) and autosave (change) as if typed.
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  });

  var compare = document.getElementById("compare-form");
  if (compare) {
    compare.addEventListener("submit", function (event) {
      event.preventDefault();
      var oldPk = document.getElementById("compare-old").value;
      var newPk = document.getElementById("compare-new").value;
      window.location = "/editor/" + compare.dataset.kind + "/" + oldPk + "/diff/" + newPk + "/";
    });
  }
})();
