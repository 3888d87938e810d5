// The page's few interactions: the metric boxes and bars are scaled by, bars per layer or per block and
// in network order or largest first, a tap on a bar for its formula, table columns that sort.
"use strict";

function press(group, button) {
  for (const other of group.querySelectorAll("button")) other.setAttribute("aria-pressed", String(other === button));
}

function orderBars(chart) {
  const metric = chart.closest("[data-metric]").dataset.metric;
  const sorted = chart.dataset.order === "sorted";
  for (const list of chart.querySelectorAll("ol.bars")) {
    const items = Array.from(list.children);
    items.sort((a, b) => sorted ? Number(b.dataset[metric]) - Number(a.dataset[metric])
                                : Number(a.dataset.index) - Number(b.dataset.index));
    list.append(...items);
  }
}

// a header's taps: ascending, descending, then the table's own order again
function sortTable(header) {
  const table = header.closest("table");
  const column = Array.from(header.parentNode.children).indexOf(header);
  const state = header.getAttribute("aria-sort");
  const ascending = state !== "ascending";
  const restore = state === "descending";
  const numeric = header.classList.contains("num");
  const key = (row) => {  // a number cell sorts by its data-sort (627 ns, 2.4 MiB), else by its text
    const cell = row.children[column];
    if (!cell) return numeric ? -Infinity : "";
    if (!numeric) return cell.textContent;
    const number = Number(cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.replace(/,/g, ""));
    return Number.isNaN(number) ? -Infinity : number;
  };
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  if (!rows[0] || rows[0].dataset.index === undefined) rows.forEach((row, index) => { row.dataset.index = index; });
  const words = new Intl.Collator(undefined, {numeric: true});  // conv[2] before conv[10]
  rows.sort((a, b) => {
    if (restore) return Number(a.dataset.index) - Number(b.dataset.index);
    const x = key(a), y = key(b);
    const order = numeric ? (x === y ? 0 : x < y ? -1 : 1) : words.compare(String(x), String(y));
    return (ascending ? order : -order) || Number(a.dataset.index) - Number(b.dataset.index);
  });
  for (const other of header.parentNode.children) other.removeAttribute("aria-sort");
  if (!restore) header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  body.append(...rows);
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-scale-by], button[data-view], button[data-order]");
  if (button) {
    press(button.parentElement, button);
    if (button.dataset.scaleBy) {
      const scope = button.closest("[data-metric]");
      scope.dataset.metric = button.dataset.scaleBy;
      for (const chart of scope.querySelectorAll(".chart[data-order='sorted']")) orderBars(chart);
    }
    const chart = button.closest(".chart");
    if (button.dataset.view) {
      for (const list of chart.querySelectorAll("ol.bars")) list.hidden = list.dataset.view !== button.dataset.view;
    }
    if (button.dataset.order) {
      chart.dataset.order = button.dataset.order;
      orderBars(chart);
    }
    return;
  }
  const header = event.target.closest("th");
  if (header && header.closest("table.sortable") && header.closest("thead")) {
    sortTable(header);
    return;
  }
  const bar = event.target.closest("ol.bars > li");
  if (bar) bar.classList.toggle("open");
});

// printed, every folded block shows what it holds
const folded = [];
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details:not([open])")) { folded.push(details); details.open = true; }
});
window.addEventListener("afterprint", () => { while (folded.length) folded.pop().open = false; });
