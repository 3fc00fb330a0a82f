/* USWDS opens the phone menu by a class on <body> but leaves the Menu button's aria-expanded alone;
   keep it in step so a screen reader says whether the menu is open (the button names #primary-nav). */
(function () {
  var button = document.querySelector(".usa-menu-btn[aria-controls]");
  if (!button) return;
  var sync = function () {
    var open = document.body.classList.contains("usa-js-mobile-nav--active");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  };
  new MutationObserver(sync).observe(document.body, {attributes: true, attributeFilter: ["class"]});
  sync();
})();
