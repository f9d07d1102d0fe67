// "Copy" buttons: copy an address (a public report link, a calendar feed) with one click. Hidden until this
// script shows them, so a browser without script never offers a button that does nothing. No inline handlers
// under the CSP.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copy + "-copied");
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.value !== undefined ? target.value : target.textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        if (status) status.textContent = "Copied";
      }, function () {
        if (status) status.textContent = "Could not copy: select the address and copy it";
      });
    });
  });
});
