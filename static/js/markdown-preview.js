/*
 * Markdown preview for staff writing in the admin.
 *
 * Every textarea carrying data-markdown-preview-url gets a "Preview" button under it.
 * Pressing it POSTs the text (with the form's CSRF token) to the preview view, which
 * returns the sanitised HTML the page will show; it appears in a "Preview" region that
 * screen readers announce (aria-live="polite"). The text itself is never changed.
 * No inline scripts or style attributes: the CSP forbids them.
 */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
    return input ? input.value : "";
  }

  function showMessage(content, text) {
    var paragraph = document.createElement("p");
    paragraph.className = "markdown-preview-message";
    paragraph.textContent = text;
    content.replaceChildren(paragraph);
  }

  function setUp(textarea) {
    var url = textarea.getAttribute("data-markdown-preview-url");
    var baseId = (textarea.id || "markdown") + "-preview";

    var wrapper = document.createElement("div");
    wrapper.className = "markdown-preview";

    var button = document.createElement("button");
    button.type = "button";
    button.className = "button markdown-preview-button";
    button.textContent = "Preview";
    button.setAttribute("aria-controls", baseId);

    var region = document.createElement("section");
    region.id = baseId;
    region.className = "module markdown-preview-region";
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-labelledby", baseId + "-heading");

    var heading = document.createElement("h2");
    heading.id = baseId + "-heading";
    heading.textContent = "Preview";

    var content = document.createElement("div");
    content.className = "markdown-preview-content";
    showMessage(content, "Press Preview to see the text as the page will show it.");

    region.append(heading, content);
    wrapper.append(button, region);

    // Under the field's row (label, textarea and help text), inside the same fieldset.
    var row = textarea.closest(".form-row") || textarea;
    row.insertAdjacentElement("afterend", wrapper);

    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.append("markdown", textarea.value);
      button.disabled = true;
      region.setAttribute("aria-busy", "true");
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "X-CSRFToken": csrfToken(textarea.form),
          "X-Requested-With": "XMLHttpRequest",
        },
        body: body,
      })
        .then(function (response) {
          if (response.redirected) {
            // The session ended: the sign-in page came back instead of the preview.
            showMessage(content, "Your session has ended. Sign in again in another tab, then press Preview; your text is still here.");
            return;
          }
          return response.text().then(function (html) {
            if (!response.ok && response.status !== 400) {
              showMessage(content, "The preview could not be made (error " + response.status + "). Your text is still here.");
              return;
            }
            // The server has already sanitised this HTML (nh3 allow-list, no scripts or handlers).
            content.innerHTML = html.trim() ? html : "<p>There is nothing to preview yet.</p>";
          });
        })
        .catch(function () {
          showMessage(content, "The preview could not be reached. Check your connection and press Preview again.");
        })
        .finally(function () {
          button.disabled = false;
          region.removeAttribute("aria-busy");
        });
    });
  }

  function init() {
    document.querySelectorAll("textarea[data-markdown-preview-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
