// The summary page's "Print or save as PDF" button (a file, not an inline handler: the page's
// Content-Security-Policy allows only the server's own scripts).
document.getElementById("print").addEventListener("click", function () { window.print(); });
