// Progressive enhancement for every page; each page works fully without it.
// - Copy buttons: <button data-copy="ID" hidden> copies the text of element ID and says so.
// - File inputs: the chosen file's name appears in the translated label (<span data-file-name>).
// - The phone menu: the header's menu button opens and closes the navigation.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        var done = button.getAttribute("data-copied");
        var status = document.getElementById(button.getAttribute("data-copy") + "-status");
        if (status && done) {
          status.textContent = done;
        }
      });
    });
  });
  document.querySelectorAll("input[type=file].file-input").forEach(function (input) {
    var name = document.querySelector("[data-file-name='" + input.id + "']");
    if (!name) {
      return;
    }
    var empty = name.textContent;
    input.addEventListener("change", function () {
      var files = Array.prototype.map.call(input.files, function (f) { return f.name; });
      name.textContent = files.length ? files.join(", ") : empty;
    });
  });
  var toggle = document.querySelector(".menu-toggle");
  var header = document.querySelector(".site-header");
  var inner = header && header.querySelector(".header-inner");
  if (toggle && header && inner) {
    // One header height for every role and language. When the links do not fit on one line, the brand
    // first shows only its logo and the links move closer (German with an admin's links at 1280 px); only
    // when that is not enough either (a phone), they fold into the menu behind the button.
    var overflows = function () { return inner.scrollWidth > inner.clientWidth + 1; };
    var fit = function () {
      header.classList.remove("has-menu-toggle", "menu-open", "header-compact");
      toggle.setAttribute("aria-expanded", "false");
      toggle.hidden = true;
      if (overflows()) {
        header.classList.add("header-compact");
      }
      if (overflows()) {
        header.classList.remove("header-compact");
        header.classList.add("has-menu-toggle");
        toggle.hidden = false;
      }
    };
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    });
    window.addEventListener("resize", fit);
    fit();
  }
})();
