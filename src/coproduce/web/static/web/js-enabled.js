// Marks the page as scripted before it is drawn (GOV.UK Frontend styles depend on it).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
