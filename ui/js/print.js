// Paper: each chart, drawn for the screen's width, is scaled to fit an A4 page's width.
(() => {
  if (window.parent.melPrintReady) return;
  window.parent.melPrintReady = true;
  const doc = window.parent.document;
  const PAPER_WIDTH = 690; // CSS pixels between the margins of ui/css/print.css
  const fit = (printing) => {
    doc.querySelectorAll(".js-plotly-plot").forEach((plot) => {
      const svg = plot.querySelector("svg.main-svg");
      const width = svg ? Number(svg.getAttribute("width")) : 0;
      const zoom = printing && width > PAPER_WIDTH ? PAPER_WIDTH / width : 1;
      plot.style.setProperty("--mel-print-zoom", String(zoom));
    });
  };
  window.parent.matchMedia("print").addEventListener("change", (event) => fit(event.matches));
  window.parent.addEventListener("beforeprint", () => fit(true));
  window.parent.addEventListener("afterprint", () => fit(false));
})();
