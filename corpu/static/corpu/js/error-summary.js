// A form that came back with errors: move the focus to its error summary (templates/includes/form_errors.html), so
// keyboard and screen-reader users start at the list of what to fix.
const summary = document.querySelector("[data-error-summary]");
if (summary) summary.focus();
