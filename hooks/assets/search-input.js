// Material's search reads the query box on key-up only, so text that arrives without a key (a paste
// from the context menu or a phone's long-press, autofill, an input method's composition) never
// searches. Every change of the box's value fires "input": pass it on as the key-up Material waits
// for. The event does not bubble, so nothing else takes it for a key; Material ignores a value it
// has already searched for, so typing still searches once per change.
(function () {
  var box = document.querySelector("[data-md-component=search-query]");
  if (!box) return;
  function search() {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: false }));
  }
  box.addEventListener("input", function (event) {
    if (!event.isComposing) search(); // mid-composition text is not the query yet
  });
  box.addEventListener("compositionend", search);
})();
