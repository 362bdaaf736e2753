// Paper entry by keyboard: each question is one field, so Tab goes to the next question. A
// field of tick boxes takes the numbers printed beside the ticked boxes ("2", or "2 5"); the
// words of those boxes are read back beside it as they are typed. The server reads the whole
// form back in words again before it is saved, so this is a help, not a safeguard.
(function () {
  function readBack(input) {
    var said = document.getElementById("said-" + input.name);
    if (!said) return;
    var boxes = JSON.parse(input.dataset.boxes);
    var numbers = input.value.split(/[\s,;.+/]+/).filter(Boolean);
    var words = [];
    var wrong = numbers.some(function (n) {
      var index = /^[0-9]+$/.test(n) ? Number(n) : 0;
      if (index < 1 || index > boxes.length) return true;
      words.push(boxes[index - 1]);
      return false;
    }) || (numbers.length > 1 && !("multiple" in input.dataset));
    said.textContent = wrong ? "?" : words.join(", ");
    said.classList.toggle("wrong", wrong);
  }
  document.querySelectorAll(".paper-entry input[data-boxes]").forEach(function (input) {
    input.addEventListener("input", function () { readBack(input); });
    readBack(input);
  });
})();
