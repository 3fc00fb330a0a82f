/* Error summary (templates/includes/form_errors.html): take focus on load so a screen reader reads
   it first; a link to a problem focuses its control (not only scrolls), showing its label too.
   Without JavaScript the summary is still first and its links still jump to the controls. */
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var control = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!control) return;
    event.preventDefault();
    var group = control.closest("fieldset");
    var label = group ? group.querySelector("legend") : document.querySelector("label[for='" + control.id + "']");
    (label || control).scrollIntoView();
    control.focus({preventScroll: true});
  });
})();
