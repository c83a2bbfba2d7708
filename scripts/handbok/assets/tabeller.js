/* handbok: how a page's tables and facts fit the screen. A header cell marked data-sorter gets a button;
 * the button sorts the rows and aria-sort tells screen readers the order. Norwegian collation,
 * numbers compared as numbers ("10 av 12" after "9 av 12"). A filter field (data-handbok-filter,
 * hidden until this script shows it) hides the rows of the page's tables without its words. Every
 * table's cells carry their column's name, for the cards a narrow screen shows instead of columns.
 * A document's facts box (details data-handbok-fakta) is folded on a phone and opened on a wide screen. */
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

  // A table shown as cards (fit, handbok.css) has one card per row: each cell carries
  // its column's name in data-label for the card to show. The roles keep the table a table for
  // screen readers when CSS changes how its parts display.
  function label(table) {
    if (table.dataset.etiketter === "klar" || !table.tHead) return
    table.dataset.etiketter = "klar"
    var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim() })
    table.setAttribute("role", "table")
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (row) {
      var head = row.parentNode === table.tHead
      row.setAttribute("role", "row")
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        cell.setAttribute("role", head ? "columnheader" : cell.tagName === "TH" ? "rowheader" : "cell")
        if (names[index] && !head) cell.setAttribute("data-label", names[index])
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

  // Folded in the page as sent, so a phone shows the text first without a jump; opened where there is room.
  function facts(box) {
    if (box.dataset.klar) return
    box.dataset.klar = "ja"
    if (window.matchMedia("(min-width: 40em)").matches) box.open = true
  }

  // Cards where a table does not fit its column, measured as a table (cards off), and on a narrow screen
  // for every table but a compact one: a name and a short value per row (counts, averages), which reads
  // best as a table wherever it fits.
  var NARROW = window.matchMedia("(max-width: 40em)")

  function compact(table) {
    return Array.prototype.every.call(table.tBodies, function (body) {
      return Array.prototype.every.call(body.rows, function (row) {
        return row.cells.length <= 2 && (row.cells.length < 2 || row.cells[1].textContent.trim().length <= 12)
      })
    })
  }

  function overflows(table) {
    return table.offsetWidth > table.parentElement.clientWidth + 1 || table.scrollWidth > table.clientWidth + 1
  }

  function fit(tables) {
    tables.forEach(function (table) { table.removeAttribute("data-kort") })
    var cards = tables.filter(function (table) { return (NARROW.matches && !compact(table)) || overflows(table) })
    cards.forEach(function (table) { table.setAttribute("data-kort", "") })
  }

  function setupAll() {
    var tables = Array.prototype.slice.call(document.querySelectorAll(".md-typeset table"))
    Array.prototype.forEach.call(document.querySelectorAll("table.sorterbar"), setup)
    tables.forEach(label)
    fit(tables)
    Array.prototype.forEach.call(document.querySelectorAll("[data-handbok-filter]"), filter)
    Array.prototype.forEach.call(document.querySelectorAll("details[data-handbok-fakta]"), facts)
  }

  var waiting = false
  window.addEventListener("resize", function () {
    if (waiting) return
    waiting = true
    window.requestAnimationFrame(function () {
      waiting = false
      fit(Array.prototype.slice.call(document.querySelectorAll(".md-typeset table")))
    })
  })

  // Material's instant navigation swaps pages without a reload; document$ tells us when.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setupAll)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll)
  } else {
    setupAll()
  }
})()
