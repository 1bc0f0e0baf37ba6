// A form that came back with errors: move the focus to its error summary (templates/includes/form_errors.html), so
// keyboard and screen-reader users start at the list of what to fix; a link in the summary focuses its field.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    const field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    (field || target).focus();
  });
}
