// "Print" links open the browser's print dialog when JavaScript runs; without it they
// lead to the printable layout, which the visitor prints with the browser's menu.
document.querySelectorAll("[data-directory-print]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
