// Progressive enhancement for the trainer editor; the page works fully without it (a plain textarea).
// With CodeMirror (vendor/codemirror/editor.bundle.js, global `CodeMirror`) the textarea is replaced by an
// editor with Markdown highlighting, line numbers and soft wrap, which copies every change back into the
// textarea, so the form still sends the textarea. While the trainer types, the form's Preview is asked for
// the checker's findings as JSON (debounced) and they appear at their lines. A click on "line N" next to a
// problem in the check panel selects that line.
(function () {
  "use strict";
  var source = document.getElementById("source");
  var mount = document.getElementById("source-cm");
  if (!source) {
    return;
  }
  var view = window.CodeMirror && mount ? enhance() : null;

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-line]") : null;
    var line = link ? parseInt(link.getAttribute("data-line"), 10) : 0;
    if (line > 0) {
      event.preventDefault();
      selectLine(line);
    }
  });

  function selectLine(number) {
    if (view) {
      var line = view.state.doc.line(Math.min(number, view.state.doc.lines));
      view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
      view.focus();
      return;
    }
    var lines = source.value.split("\n");
    var start = 0;
    for (var i = 0; i < number - 1 && i < lines.length; i++) {
      start += lines[i].length + 1;
    }
    source.focus();
    source.setSelectionRange(start, start + (lines[number - 1] || "").length);
    var lineHeight = parseFloat(window.getComputedStyle(source).lineHeight) || 20;
    source.scrollTop = Math.max(0, (number - 3) * lineHeight);
  }

  function enhance() {
    var CM = window.CodeMirror;
    var form = source.form;
    var status = document.getElementById("source-status");
    var describedBy = ["source-help", "source-keys"];
    if (source.getAttribute("aria-describedby").indexOf("source-error") >= 0) {
      describedBy.push("source-error");
    }
    var highlight = CM.HighlightStyle.define([
      { tag: CM.tags.heading, fontWeight: "bold", color: "#0f3d5e" },
      { tag: CM.tags.strong, fontWeight: "bold" },
      { tag: CM.tags.emphasis, fontStyle: "italic" },
      { tag: [CM.tags.link, CM.tags.url], color: "#1f5f99", textDecoration: "underline" },
      { tag: CM.tags.monospace, color: "#7a2e0e" },
      { tag: [CM.tags.processingInstruction, CM.tags.contentSeparator, CM.tags.meta], color: "#5b6470" },
      { tag: CM.tags.quote, color: "#2f5a34" },
      { tag: CM.tags.definition(CM.tags.propertyName), color: "#6a2c8c" },
      { tag: [CM.tags.string, CM.tags.labelName], color: "#1e6a3f" },
      { tag: CM.tags.comment, color: "#5b6470", fontStyle: "italic" },
    ]);
    var editor = new CM.EditorView({
      parent: mount,
      state: CM.EditorState.create({
        doc: source.value,
        extensions: [
          CM.EditorView.cspNonce.of(mount.getAttribute("data-style-nonce") || ""),
          CM.EditorState.phrases.of(JSON.parse(mount.getAttribute("data-phrases") || "{}")),
          CM.lineNumbers(),
          CM.highlightActiveLineGutter(),
          CM.highlightSpecialChars(),
          CM.history(),
          CM.drawSelection(),
          CM.highlightActiveLine(),
          CM.EditorView.lineWrapping,
          CM.yamlFrontmatter({ content: CM.markdownLanguage }),
          CM.syntaxHighlighting(highlight),
          CM.lintGutter(),
          CM.linter(check, { delay: 800 }),
          // No Tab binding: Tab leaves the editor, as it leaves any other field.
          CM.keymap.of([].concat(CM.defaultKeymap, CM.historyKeymap, CM.lintKeymap)),
          CM.EditorView.contentAttributes.of({
            "aria-labelledby": "source-label",
            "aria-describedby": describedBy.join(" "),
            lang: source.getAttribute("lang") || "",
            spellcheck: "false",
            // Focusable already (contenteditable); said outright for checkers such as axe, which
            // otherwise take the scrolling box around it for one without keyboard access.
            tabindex: "0",
          }),
          CM.EditorView.domEventHandlers({ beforeinput: typeOverSelection }),
          CM.EditorView.updateListener.of(function (update) {
            if (update.docChanged) {
              source.value = update.state.doc.toString();
            }
          }),
        ],
      }),
    });
    source.hidden = true;
    mount.hidden = false;
    document.getElementById("source-keys").hidden = false;
    document.getElementById("source-label").addEventListener("click", function () {
      editor.focus();
    });
    return editor;

    // Typing over a selection: Chrome would keep the look of the replaced text by wrapping the typed text
    // in <span style="…">, which the CSP refuses (a console error each time); made a CodeMirror change
    // here instead. Input methods (Chinese, composition events) are left to CodeMirror.
    function typeOverSelection(event, current) {
      if (event.inputType !== "insertText" || !event.data || event.isComposing || current.state.selection.main.empty) {
        return false;
      }
      event.preventDefault();
      var change = current.state.replaceSelection(event.data);
      change.userEvent = "input.type";
      change.scrollIntoView = true;
      current.dispatch(change);
      return true;
    }

    // The checker's findings for the text as it is now, from the form's Preview answered as JSON.
    function check(current) {
      var data = new FormData(form);
      data.set("source", current.state.doc.toString());
      data.set(form.elements.preview.name, form.elements.preview.value);
      return fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (response.status !== 200 && response.status !== 422) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          show([answer.summary, answer.elsewhere].filter(Boolean).join(" "));
          return answer.diagnostics.map(function (found) {
            return diagnostic(current.state.doc, found);
          });
        })
        .catch(function () {
          show(mount.getAttribute("data-check-failed"));
          return [];
        });
    }

    function diagnostic(doc, found) {
      var line = doc.line(Math.max(1, Math.min(found.line, doc.lines)));
      return {
        from: line.from,
        to: line.to,
        severity: found.severity === "error" ? "error" : "warning",
        message: found.label + ": " + found.message,
        renderMessage: function () {
          var box = document.createElement("span");
          var label = document.createElement("strong");
          var text = document.createElement("span");
          label.textContent = found.label + ": ";
          text.textContent = found.message;
          if (found.lang) {
            text.lang = found.lang;
          }
          box.append(label, text);
          return box;
        },
      };
    }

    function show(text) {
      if (status.textContent !== text) {
        status.textContent = text;
      }
      status.hidden = false;
    }
  }
})();
