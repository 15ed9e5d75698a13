// The Report page's print button (a file of its own: the pages allow no inline script).
document.querySelectorAll('[data-action="print"]').forEach((button) => button.addEventListener('click', () => window.print()));
