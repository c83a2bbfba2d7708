/* handbok: sortable tables without a library. A header cell marked data-sorter gets a button;
 * the button sorts the rows and aria-sort tells screen readers the order. Norwegian collation,
 * numbers compared as numbers ("10 av 12" after "9 av 12"). A filter field (data-handbok-filter,
 * hidden until this script shows it) hides the rows of the page's tables without its words. */
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

  // Narrow screens show a wide table as one card per row (CSS, handbok-bred): each cell carries
  // its column's name in data-label for the card to show. The roles keep the table a table for
  // screen readers when CSS changes how its parts display.
  function label(table) {
    if (table.dataset.etiketter === "klar" || !table.tHead) return
    table.dataset.etiketter = "klar"
    var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim() })
    table.setAttribute("role", "table")
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (row) {
      row.setAttribute("role", "row")
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        var header = cell.tagName === "TH"
        var scope = cell.getAttribute("scope")
        cell.setAttribute("role", header ? (scope === "col" ? "columnheader" : "rowheader") : "cell")
        if (names[index] && !(header && scope === "col")) cell.setAttribute("data-label", names[index])
      })
    })
  }

  function filter(box) {
    if (box.dataset.klar) return
    box.dataset.klar = "ja"
    var field = box.querySelector("input")
    var said = box.querySelector("[role=status]")
    var rows = Array.prototype.slice.call(document.querySelectorAll("table.handbok-tabell tbody tr"))
    var texts = rows.map(function (row) { return row.textContent.toLowerCase() })
    box.hidden = false
    field.addEventListener("input", function () {
      var words = field.value.toLowerCase().split(/\s+/).filter(Boolean)
      var shown = 0
      rows.forEach(function (row, i) {
        row.hidden = !words.every(function (w) { return texts[i].indexOf(w) >= 0 })
        if (!row.hidden) shown++
      })
      said.textContent = words.length ? shown + " av " + rows.length + " rader vises." : ""
    })
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sorterbar"), setup)
    Array.prototype.forEach.call(document.querySelectorAll("table.handbok-bred"), label)
    Array.prototype.forEach.call(document.querySelectorAll("[data-handbok-filter]"), filter)
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
