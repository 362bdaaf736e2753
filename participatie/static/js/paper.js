// Paper entry by keyboard: in a question's choices, a number key picks that answer (toggles a
// checkbox); for a single answer the cursor then moves on to the next question.
(function () {
  document.addEventListener("keydown", function (event) {
    var group = event.target.closest && event.target.closest("fieldset[data-keys]");
    if (!group || !/^[1-9]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    var inputs = group.querySelectorAll("input");
    var input = inputs[Number(event.key) - 1];
    if (!input) return;
    event.preventDefault();
    if (input.type === "checkbox") { input.checked = !input.checked; input.focus(); return; }
    input.checked = true;
    var all = Array.prototype.slice.call(document.querySelectorAll(
      ".paper-entry fieldset[data-keys] input, .paper-entry textarea, .paper-entry input:not([type=hidden]), .paper-entry button"));
    var after = all.filter(function (el) {
      return !group.contains(el) && (group.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    if (after.length) after[0].focus();
  });
})();
