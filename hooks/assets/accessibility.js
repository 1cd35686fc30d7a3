// Material wraps each table in a box that scrolls sideways when the table is wider than the page.
// A keyboard user can scroll such a box only if it can take focus (axe-core rule
// scrollable-region-focusable), so each box that scrolls gets a tab stop and a name.
document$.subscribe(function () {
  function label(box) {
    var scrolls = box.scrollWidth > box.clientWidth;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table, scrolls sideways");
    }
  }
  var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
  boxes.forEach(label);
  window.addEventListener("resize", function () { boxes.forEach(label); });
});

// Every tab stop shows where it is (the stylesheet draws the rings). Two of Material's are not on
// screen when a keyboard reaches them: the search results' box, of no height until a search, is a
// tab stop (its results are links, which take focus themselves; -1, not none, as Chromium makes a
// box that scrolls a tab stop unless told otherwise); and on a narrow screen the menu
// button is a label, which no key reaches, so the drawer it opens cannot be opened without a mouse.
// (The stylesheet takes the closed drawer out of the tab order.)
(function () {
  var results = document.querySelector(".md-search__scrollwrap");
  if (results) results.setAttribute("tabindex", "-1");

  var drawer = document.getElementById("__drawer");
  var button = document.querySelector("label.md-header__button[for=__drawer]");
  if (!drawer || !button) return;
  button.setAttribute("tabindex", "0");
  button.setAttribute("role", "button");
  button.setAttribute("aria-label", "Menu");
  function state() { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); }
  state();
  drawer.addEventListener("change", state);
  button.addEventListener("focus", state); // Material also closes the drawer without a change event
  var sidebar = document.querySelector(".md-sidebar--primary");
  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    event.stopPropagation(); // Material clicks a focused label on Enter too: that would shut it again
    if (event.repeat) return;
    button.click(); // a label's click toggles its checkbox, as a tap does
    var first = sidebar && sidebar.querySelector("a[href]");
    if (!drawer.checked || !first) return;
    // Into the drawer when the key is released: sooner, the same key's keypress would land on the
    // link now focused and follow it.
    button.addEventListener("keyup", function () { first.focus(); }, { once: true });
  });
  // Escape closes the open drawer and returns to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drawer.checked || !sidebar || !sidebar.contains(document.activeElement)) return;
    button.click();
    button.focus();
  });
})();
