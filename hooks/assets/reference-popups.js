// A citation's full reference and an abbreviation's meaning, for every way of reading.
//
// With a mouse or the keyboard the stylesheet shows a citation's reference (its data-reference) on
// hover and on focus, and the browser shows an abbreviation's title on hover. A touch screen has
// neither: there the first tap on a citation shows its reference in place, with a link to its entry
// in the bibliography, instead of leaving the page (a second tap follows the citation's own link),
// and a tap on an abbreviation shows its meaning. A tap anywhere else, or Escape, closes it; the
// URL never changes. Escape also hides the hover or focus tooltip (WCAG 1.4.13). Screen readers
// get each citation's reference as its description (aria-describedby).
(function () {
  var MARGIN = 8; // px kept free between the popup and the edges of the window
  var pointer = ""; // the kind of pointer that pressed last: "mouse", "touch" or "pen"
  var popup = null; // the open popup, and the citation or abbreviation it belongs to
  var owner = null;

  function describeCitations() {
    var holder = document.createElement("div");
    holder.hidden = true;
    var ids = {}; // one description per reference text, shared by its citations
    document.querySelectorAll("a.citation-link[data-reference]").forEach(function (link) {
      var text = link.getAttribute("data-reference");
      if (!ids[text]) {
        var span = document.createElement("span");
        ids[text] = span.id = "citation-reference-" + holder.childNodes.length;
        span.textContent = text;
        holder.appendChild(span);
      }
      link.setAttribute("aria-describedby", ids[text]);
    });
    if (holder.childNodes.length) document.body.appendChild(holder);
  }

  function place(box) {
    var page = document.documentElement.clientWidth;
    popup.style.maxWidth = Math.max(page - 2 * MARGIN, 0) + "px";
    var host = popup.offsetParent || document.body;
    var origin = host.getBoundingClientRect();
    var width = popup.offsetWidth;
    var height = popup.offsetHeight;
    var left = Math.max(MARGIN, Math.min(box.left, page - width - MARGIN));
    var below = box.bottom + 6;
    var top = below + height > window.innerHeight && box.top - height - 6 > 0 ? box.top - height - 6 : below;
    popup.style.left = left - origin.left - host.clientLeft + "px";
    popup.style.top = top - origin.top - host.clientTop + "px";
  }

  function open(target, text, href) {
    close(false);
    popup = document.createElement("span");
    popup.className = "reference-popup";
    popup.id = "reference-popup";
    popup.setAttribute("role", "note");
    var body = document.createElement("span");
    body.className = "reference-popup__text";
    body.textContent = text;
    popup.appendChild(body);
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = "In the bibliography";
      popup.appendChild(link);
    }
    owner = target;
    if (owner.matches("a")) { // a link may say that it opened something; an abbreviation may not
      owner.setAttribute("aria-expanded", "true");
      owner.setAttribute("aria-controls", popup.id);
    }
    target.insertAdjacentElement("afterend", popup); // next in reading order, for screen readers too
    place(target.getClientRects()[0] || target.getBoundingClientRect());
  }

  function close(returnFocus) {
    if (!popup) return;
    popup.remove();
    owner.removeAttribute("aria-controls");
    owner.removeAttribute("aria-expanded");
    if (returnFocus && owner.matches("a")) owner.focus();
    popup = owner = null;
  }

  function outside(target) {
    return popup && !popup.contains(target) && !owner.contains(target);
  }

  document.addEventListener("pointerdown", function (event) { pointer = event.pointerType; }, true);

  // A tap ends in pointerup (a swipe to scroll in pointercancel): a tap elsewhere closes the popup
  // even where the browser sends no click (iOS, on text that is not a link).
  document.addEventListener("pointerup", function (event) {
    if (event.pointerType !== "mouse" && outside(event.target)) close(false);
  });

  document.addEventListener("click", function (event) {
    var touch = (pointer === "touch" || pointer === "pen") && event.detail !== 0; // detail 0: the keyboard
    var citation = event.target.closest("a.citation-link[data-reference]");
    if (citation && touch) {
      if (citation === owner) { close(false); return; } // the second tap follows the link
      event.preventDefault();
      open(citation, citation.getAttribute("data-reference"), citation.href);
      return;
    }
    var abbreviation = event.target.closest("abbr[title]");
    if (abbreviation && touch && !abbreviation.closest("a")) { // in a link, the tap is the link's
      if (abbreviation === owner) { close(false); return; }
      open(abbreviation, abbreviation.textContent + ": " + abbreviation.title, "");
      return;
    }
    if (outside(event.target)) close(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (popup) { close(true); return; }
    var shown = document.querySelectorAll("a.citation-link:hover, a.citation-link:focus-visible");
    shown.forEach(function (link) { link.classList.add("citation-link--quiet"); });
  });
  function speakUp(event) {
    var link = event.target.closest && event.target.closest("a.citation-link--quiet");
    if (link && !link.contains(event.relatedTarget)) link.classList.remove("citation-link--quiet");
  }
  document.addEventListener("focusout", speakUp);
  document.addEventListener("mouseout", speakUp);

  window.addEventListener("resize", function () { close(false); });
  describeCitations();
})();
