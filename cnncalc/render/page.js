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

function sortTable(header) {
  const table = header.closest("table");
  const column = Array.from(header.parentNode.children).indexOf(header);
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  const numeric = header.classList.contains("num");
  const key = (row) => {
    const text = row.children[column] ? row.children[column].textContent : "";
    if (!numeric) return text;
    const number = parseFloat(text.replace(/[^0-9.eE+-]/g, ""));
    return Number.isNaN(number) ? -Infinity : number;
  };
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  if (!rows[0] || rows[0].dataset.index === undefined) rows.forEach((row, index) => { row.dataset.index = index; });
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const order = numeric ? x - y : String(x).localeCompare(String(y));
    return (ascending ? order : -order) || Number(a.dataset.index) - Number(b.dataset.index);
  });
  for (const other of header.parentNode.children) other.removeAttribute("aria-sort");
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  body.append(...rows);
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-scale-by], button[data-view], button[data-order]");
  if (button) {
    const group = button.closest(".controls");
    press(group, button);
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
