// Accessibility the page's elements lack: the page's language on the html element (screen readers choose
// their voice by it), and each chart named by its description (ui/figures.py sets layout.meta).
(() => {
  const win = window.parent;
  const doc = win.document;
  const name = () => {
    doc.querySelectorAll(".js-plotly-plot").forEach((plot) => {
      const described = plot.layout && plot.layout.meta && plot.layout.meta.description;
      if (described && plot.getAttribute("aria-label") !== described) {
        plot.setAttribute("role", "figure");
        plot.setAttribute("aria-label", described);
      }
    });
  };
  const lang = doc.querySelector("[data-mel-lang]");
  if (lang) doc.documentElement.lang = lang.dataset.melLang;
  if (win.melA11y) { name(); return; }
  win.melA11y = new MutationObserver(() => {
    const marker = doc.querySelector("[data-mel-lang]");
    if (marker && doc.documentElement.lang !== marker.dataset.melLang) doc.documentElement.lang = marker.dataset.melLang;
    name();
  });
  win.melA11y.observe(doc.body, { childList: true, subtree: true });
  name();
})();
