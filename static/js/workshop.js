// Workshop mode keyboard navigation.
// Alt+→ / PageDown: next section. Alt+← / PageUp: previous section.
// j / k (outside text fields): next / previous question. Tab moves between fields as usual.
(function () {
  "use strict";

  function isTyping(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && /^(text|search|email|number)$/.test(el.type));
  }

  function questions() {
    return Array.prototype.slice.call(document.querySelectorAll(".workshop-question"));
  }

  function focusQuestion(card) {
    if (!card) return;
    var target = card.querySelector("input[name=value]:checked") || card.querySelector("input[name=value], textarea[name=value]");
    (target || card).focus();
    card.scrollIntoView({ block: "center" });
  }

  function currentIndex() {
    var cards = questions();
    var active = document.activeElement;
    for (var i = 0; i < cards.length; i++) {
      if (cards[i].contains(active)) return i;
    }
    return -1;
  }

  function go(id) {
    var link = document.getElementById(id);
    if (link) window.location.assign(link.href);
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey) return;
    var next = (event.altKey && event.key === "ArrowRight") || (!event.altKey && event.key === "PageDown");
    var prev = (event.altKey && event.key === "ArrowLeft") || (!event.altKey && event.key === "PageUp");
    if (next || prev) {
      event.preventDefault();
      go(next ? "next-section" : "prev-section");
      return;
    }
    if (event.altKey || isTyping(document.activeElement)) return;
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      var cards = questions();
      var i = currentIndex();
      var j = event.key === "j" ? Math.min(i + 1, cards.length - 1) : Math.max(i - 1, 0);
      focusQuestion(cards[j]);
    }
  });

  // A save that shows or hides questions reloads the section; come back to the same field.
  document.addEventListener("focusin", function (event) {
    if (event.target.id) sessionStorage.setItem("workshop-focus", event.target.id);
  });

  document.addEventListener("DOMContentLoaded", function () {
    // A link to one question (#q-<slug>, e.g. from "still unanswered") wins over the remembered field.
    var linked = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (linked && linked.classList.contains("workshop-question")) {
      focusQuestion(linked);
      return;
    }
    var remembered = document.getElementById(sessionStorage.getItem("workshop-focus") || "");
    if (remembered && remembered.closest(".workshop-question")) {
      remembered.focus();
      remembered.scrollIntoView({ block: "center" });
    } else {
      focusQuestion(questions()[0]);
    }
  });
})();
