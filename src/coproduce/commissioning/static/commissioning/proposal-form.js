// Looks for similar proposals while the title is typed, through the "Check" button's URL.
document.addEventListener("DOMContentLoaded", function () {
  var title = document.querySelector("[name=title]");
  var check = document.querySelector("button[name=action][value=check][hx-get]");
  if (title && check && window.htmx) {
    title.setAttribute("hx-get", check.getAttribute("hx-get"));
    title.setAttribute("hx-trigger", "keyup changed delay:400ms");
    title.setAttribute("hx-target", "#duplicates");
    window.htmx.process(title);
  }
});
