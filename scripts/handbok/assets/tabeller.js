/* handbok: sortable tables without a library. A header cell marked data-sorter gets a button;
 * the button sorts the rows and aria-sort tells screen readers the order. Norwegian collation,
 * numbers compared as numbers ("10 av 12" after "9 av 12"). */
(function () {
  "use strict"
  var collator = new Intl.Collator("nb", { numeric: true, sensitivity: "base" })

  function cellText(row, index) {
    var cell = row.children[index]
    if (!cell) return ""
    var time = cell.querySelector("time")
    return (time ? time.getAttribute("datetime") : cell.textContent).trim()
  }

  function sortBy(table, th, index) {
    var ascending = th.getAttribute("aria-sort") !== "ascending"
    var body = table.tBodies[0]
    var rows = Array.prototype.slice.call(body.rows)
    rows.sort(function (a, b) {
      var order = collator.compare(cellText(a, index), cellText(b, index))
      return ascending ? order : -order
    })
    rows.forEach(function (row) { body.appendChild(row) })
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort") })
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending")
  }

  function setup(table) {
    if (table.dataset.sorterbar === "klar" || !table.tHead) return
    table.dataset.sorterbar = "klar"
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.hasAttribute("data-sorter")) return
      var button = document.createElement("button")
      button.type = "button"
      button.className = "handbok-sorter"
      button.textContent = th.textContent
      button.addEventListener("click", function () { sortBy(table, th, index) })
      th.textContent = ""
      th.appendChild(button)
    })
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sorterbar"), setup)
  }

  // Material's instant navigation swaps pages without a reload; document$ tells us when.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setupAll)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll)
  } else {
    setupAll()
  }
})()
