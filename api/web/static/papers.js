// A button marked data-print prints the page (the policy allows no inline script).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
