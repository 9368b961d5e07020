// Sorts a table (ui/tables.py) by a click on, or Enter in, one of its headers.
(() => {
  if (window.parent.melTableSort) return;
  const doc = window.parent.document;
  const key = (cell) => cell.dataset.sort ?? cell.innerText;
  window.parent.melTableSort = (event) => {
    const head = event.target.closest("table.mel-table thead th");
    if (!head) return;
    const table = head.closest("table");
    const index = [...head.parentNode.children].indexOf(head);
    const ascending = head.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach((th) => th.removeAttribute("aria-sort"));
    head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const numeric = rows.every((r) => { const v = key(r.cells[index]); return v === "" || !isNaN(Number(v)); });
    const collator = new Intl.Collator(doc.documentElement.lang || undefined, { numeric: true });
    rows.sort((a, b) => {
      const x = key(a.cells[index]), y = key(b.cells[index]);
      if (x === "" || y === "") return (x === "") - (y === "");  // empty cells last, either way
      const order = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return ascending ? order : -order;
    });
    body.append(...rows);
  };
  doc.addEventListener("click", window.parent.melTableSort);
  doc.addEventListener("keydown", (e) => { if (e.key === "Enter") window.parent.melTableSort(e); });
})();
