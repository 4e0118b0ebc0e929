// Drafts kept on this device for long forms, so nothing typed is lost when a save does
// not reach the server (the session expired, the connection dropped, the tab closed).
//
// A form opts in with data-draft-key (unique per person and form) and
// data-draft-server-saved (when the server last saved what the form shows, in seconds
// since 1970, or 0). Every change is written to localStorage with the time it was typed.
// On the next visit a draft typed after the server's last save is put back into the form,
// with a notice and a button to discard it; a draft the server has since saved is
// dropped. The server stays the record: a draft is only ever restored into the form for
// the person to save.
(function () {
  "use strict";

  var PREFIX = "kalc-draft:";
  var SKIPPED = { csrfmiddlewaretoken: true };

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage blocked: the form works as before, without drafts
    }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && !SKIPPED[element.name] && element.type !== "hidden" &&
        element.type !== "submit" && element.type !== "button" && element.type !== "file";
    });
  }

  function read(form) {
    var values = {};
    fields(form).forEach(function (element) {
      if (element.type === "checkbox") {
        values[element.name] = values[element.name] || [];
        if (element.checked) values[element.name].push(element.value);
      } else if (element.type === "radio") {
        if (!(element.name in values)) values[element.name] = null;
        if (element.checked) values[element.name] = element.value;
      } else {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function write(form, values) {
    fields(form).forEach(function (element) {
      if (!(element.name in values)) return;
      var value = values[element.name];
      if (element.type === "checkbox") {
        element.checked = Array.isArray(value) && value.indexOf(element.value) !== -1;
      } else if (element.type === "radio") {
        element.checked = value === element.value;
      } else {
        element.value = value;
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function notice(form, key, shown) {
    var box = document.createElement("div");
    box.className = "alert alert-info draft-notice";
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    text.className = "mb-2";
    text.textContent = "We put back answers you typed on this device that were not saved. " +
      "Check them, then save this section to keep them.";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-outline-dark btn-sm";
    discard.textContent = "Discard the unsaved answers";
    discard.addEventListener("click", function () {
      write(form, shown);
      store.removeItem(key);
      box.remove();
      form.querySelector("button[type=submit], input, select, textarea").focus();
    });
    box.appendChild(text);
    box.appendChild(discard);
    form.insertBefore(box, form.firstChild);
  }

  var store = storage();
  if (!store) return;

  document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
    var key = PREFIX + form.dataset.draftKey;
    var serverSavedMs = Number(form.dataset.draftServerSaved || 0) * 1000;
    var shown = read(form);
    var draft = null;
    try {
      draft = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      store.removeItem(key);
    }
    if (draft && (draft.typedAt <= serverSavedMs || same(draft.values, shown))) {
      store.removeItem(key); // saved since, or nothing different: not a draft any more
    } else if (draft) {
      write(form, draft.values);
      notice(form, key, shown);
    }

    function keep() {
      store.setItem(key, JSON.stringify({ typedAt: Date.now(), values: read(form) }));
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
  });
})();
