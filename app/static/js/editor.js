// Progressive enhancement for the trainer editor; the page works fully without it.
// A click on "line N" next to a problem selects that line in the textarea.
(function () {
  "use strict";
  var source = document.getElementById("source");
  if (!source) {
    return;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-line]") : null;
    if (!link) {
      return;
    }
    var line = parseInt(link.getAttribute("data-line"), 10);
    if (!(line > 0)) {
      return;
    }
    event.preventDefault();
    var lines = source.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) {
      start += lines[i].length + 1;
    }
    var end = start + (lines[line - 1] || "").length;
    source.focus();
    source.setSelectionRange(start, end);
    var lineHeight = parseFloat(window.getComputedStyle(source).lineHeight) || 20;
    source.scrollTop = Math.max(0, (line - 3) * lineHeight);
  });
})();
