// unspin web: the only script. It switches the article page between the plain
// and the original view without a reload (the same switch is a plain link
// without JavaScript). It never inserts article text as markup.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.getElementById("toggle-original");
  var plain = document.getElementById("plain-view");
  var original = document.getElementById("original-view");
  if (!toggle || !plain || !original) {
    return;
  }
  var plainView = toggle.dataset.plainView || "plain";  // "filled" on the version with additions
  function show(view) {
    var showOriginal = view === "original";
    plain.hidden = showOriginal;
    original.hidden = !showOriginal;
    toggle.setAttribute("aria-pressed", showOriginal ? "true" : "false");
    toggle.textContent = showOriginal ? toggle.dataset.originalLabel : toggle.dataset.plainLabel;
    toggle.setAttribute("href", "?view=" + (showOriginal ? plainView : "original"));
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "?view=" + view);
    }
  }
  toggle.addEventListener("click", function (event) {
    event.preventDefault();
    show(original.hidden ? "original" : plainView);
  });
  toggle.addEventListener("keydown", function (event) {
    if (event.key === " ") {  // role="button": Space activates it too
      event.preventDefault();
      toggle.click();
    }
  });
});
