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
