/* Progressive enhancement for the access request form: a box that narrows the long
   list of councils as you type. Without JavaScript the grouped <select> still works. */
(function () {
  "use strict";
  var select = document.querySelector("select[data-council-filter]");
  if (!select) {
    return;
  }
  var field = select.closest(".mb-3") || select.parentNode;
  var wrapper = document.createElement("div");
  wrapper.className = "mb-2";
  var label = document.createElement("label");
  label.className = "form-label";
  label.htmlFor = select.id + "-filter";
  label.textContent = "Type part of your council's name to shorten the list";
  var input = document.createElement("input");
  input.type = "search";
  input.id = select.id + "-filter";
  input.className = "form-control";
  input.autocomplete = "off";
  var status = document.createElement("p");
  status.id = select.id + "-filter-status";
  status.className = "form-text mb-0";
  status.setAttribute("aria-live", "polite");
  input.setAttribute("aria-describedby", status.id);
  wrapper.appendChild(label);
  wrapper.appendChild(input);
  wrapper.appendChild(status);
  field.parentNode.insertBefore(wrapper, field);

  input.addEventListener("input", function () {
    var term = input.value.trim().toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var groupMatches = group.label.toLowerCase().indexOf(term) !== -1;
      var visible = 0;
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
        var match = !term || groupMatches || option.textContent.toLowerCase().indexOf(term) !== -1;
        option.hidden = !match;
        if (match) {
          visible += 1;
        }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    status.textContent = term ? shown + (shown === 1 ? " council matches" : " councils match") : "";
  });
}());
