/* handbok: the search page sok/. Reads ?q= from the address and lists Pagefind's results in
 * #sokeresultater, best first. Pagefind (a post-build pass) matches Norwegian stems exactly; this
 * file makes it forgiving: words typed without æøå, the handbook's synonyms (sok/synonymer.json),
 * one-letter typos against the words of titles and headings (sok/ord.json, «Mente du …?»), and a
 * phrase that finds nothing as a whole is searched word by word. Results rank by their page's group
 * first (data-pagefind-filter="gruppe:…", set by the page templates): routines in force, then roles,
 * then the hand-written pages, each group best first. Drafts, consultations and expired routines are
 * searched only when the reader asks (?alle=ja), and then come last, labelled; otherwise the page says
 * how many it left out. Loaded by sok/ only, never inline (the Content-Security-Policy forbids inline script). */
(function () {
  "use strict"
  var list = document.getElementById("sokeresultater")
  if (!list) return
  var statusLine = document.getElementById("sokestatus")
  var field = document.getElementById("handbok-sok-felt")
  var params = new URLSearchParams(window.location.search)
  var query = (params.get("q") || "").trim()
  var alle = params.get("alle") === "ja"
  var I_KRAFT = ["rutine", "rolle", "side"]
  var IKKE_I_KRAFT = ["under-arbeid", "utgaatt"]
  var GRUPPER = alle ? I_KRAFT.concat(IKKE_I_KRAFT) : I_KRAFT
  // Results shown at once: each needs its own fragment file from the index. The first few come first,
  // so the best result is on screen sooner; the rest of the first page follows by itself.
  var FORSTE = 2
  var PER_OMGANG = 10
  var VEKT = { ord: 1, synonym: 0.9, ordvis: 0.6, rettet: 0.8 }
  if (field) field.value = query
  var everything = document.getElementById("handbok-sok-alle")
  if (everything) everything.checked = alle

  // The theme's scripts at the end of the page wait (a post-build pass turned them into placeholders):
  // on a slow link their bytes would share the line with the search's. Loaded in order once the first
  // results are shown; the theme starts on DOMContentLoaded, so it is told again that the page is ready.
  function loadWaitingScripts() {
    var waiting = document.querySelectorAll("script[data-handbok-etter-sok]")
    if (!waiting.length) return
    var chain = Promise.resolve()
    waiting.forEach(function (placeholder) {
      chain = chain.then(function () {
        return new Promise(function (done) {
          var script = document.createElement("script")
          script.src = placeholder.getAttribute("data-handbok-etter-sok")
          script.onload = script.onerror = done
          placeholder.replaceWith(script)
        })
      })
    })
    chain.then(function () { document.dispatchEvent(new Event("DOMContentLoaded")) })
  }

  function whenParsed(then) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", then, { once: true })
    else then()
  }

  if (!query) { whenParsed(loadWaitingScripts); return }

  function address(name) { return new URL(list.getAttribute("data-" + name), document.baseURI) }

  function fetchJson(name) {
    return fetch(address(name)).then(function (r) { return r.ok ? r.json() : {} }).catch(function () { return {} })
  }

  function words(text) { return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [] }

  // å → a, aa → a, ø → o, æ → ae: a word typed without æøå and the word itself fold to the same key.
  function fold(word) {
    return word.replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a").replace(/aa/g, "a")
  }

  // Optimal string alignment distance, stopped early: one-letter typos are all we correct.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1
    var rows = [], i, j
    for (i = 0; i <= a.length; i++) { rows.push([i]) }
    for (j = 1; j <= b.length; j++) rows[0][j] = j
    for (i = 1; i <= a.length; i++) {
      var best = limit + 1
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1)
        rows[i][j] = d
        best = Math.min(best, d)
      }
      if (best > limit) return limit + 1
    }
    return rows[a.length][b.length]
  }

  function Vocabulary(counts, synonyms) {
    this.counts = counts
    this.byFold = {}
    this.synonyms = {}
    var self = this
    Object.keys(counts).forEach(function (w) { (self.byFold[fold(w)] = self.byFold[fold(w)] || []).push(w) })
    Object.keys(synonyms).forEach(function (w) { self.synonyms[fold(w)] = synonyms[w] })
  }

  // The known words the typed word may stand for (the same word with æøå), most frequent first.
  Vocabulary.prototype.spellings = function (word) {
    var counts = this.counts
    return (this.byFold[fold(word)] || []).slice().sort(function (a, b) { return counts[b] - counts[a] })
  }

  Vocabulary.prototype.synonymsOf = function (word) { return this.synonyms[fold(word)] || [] }

  // The closest known word one edit away (two for long words); null for a known word.
  Vocabulary.prototype.correction = function (word) {
    if (word.length < 4 || this.byFold[fold(word)] || this.synonyms[fold(word)]) return null
    var limit = word.length >= 9 ? 2 : 1, best = null, bestDistance = limit + 1, counts = this.counts
    Object.keys(counts).forEach(function (known) {
      var d = distance(fold(word), fold(known), limit)
      if (d < bestDistance || (d === bestDistance && best !== null && counts[known] > counts[best])) {
        best = known
        bestDistance = d
      }
    })
    return bestDistance <= limit ? best : null
  }

  function replaced(terms, index, word) {
    return terms.map(function (t, i) { return i === index ? word : t }).join(" ")
  }

  // The queries that mean what was typed: as typed, with æøå put back, and with each synonym.
  function variants(terms, vocabulary) {
    var spelled = terms.map(function (t) { return vocabulary.spellings(t)[0] || t })
    var queries = [[terms.join(" "), VEKT.ord], [spelled.join(" "), VEKT.ord]]
    terms.forEach(function (t, i) {
      vocabulary.spellings(t).slice(1, 3).forEach(function (s) { queries.push([replaced(spelled, i, s), VEKT.ord]) })
      vocabulary.synonymsOf(t).forEach(function (s) { queries.push([replaced(spelled, i, s), VEKT.synonym]) })
    })
    return queries
  }

  // Results by page: a page found by several queries keeps its best score (or their sum, word by word),
  // and the rank of its group (the index in GRUPPER), which orders before the score does.
  function Merged() { this.byId = {} }

  Merged.prototype.put = function (result, score, rank, add) {
    var old = this.byId[result.id]
    this.byId[result.id] = { result: result, rank: rank,
                             score: old ? (add ? old.score + score : Math.max(old.score, score)) : score }
  }

  Merged.prototype.add = function (other, weight, add) {
    var self = this
    other.best().forEach(function (e) { self.put(e.result, e.score * weight, e.rank, add) })
  }

  Merged.prototype.best = function () {
    var self = this
    return Object.keys(this.byId).map(function (id) { return self.byId[id] })
      .sort(function (a, b) { return a.rank - b.rank || b.score - a.score })
  }

  Merged.prototype.top = function () {
    return this.best().reduce(function (most, e) { return Math.max(most, e.score) }, 0)
  }

  Merged.prototype.size = function () { return Object.keys(this.byId).length }

  // Every query in every group (Pagefind filters by the group in its index, so no page is fetched for it).
  function searchAll(pagefind, queries, groups) {
    var seen = {}, merged = new Merged()
    var unique = queries.filter(function (q) { return !seen[q[0]] && (seen[q[0]] = true) })
    return Promise.all(unique.map(function (q) {
      return Promise.all((groups || GRUPPER).map(function (group, rank) {
        return pagefind.search(q[0], { filters: { gruppe: group } }).then(function (found) {
          found.results.forEach(function (r) { merged.put(r, r.score * q[1], rank, false) })
        })
      }))
    })).then(function () { return merged })
  }

  // Several words that find nothing together: each word alone, a page scoring once per word it has.
  function wordByWord(pagefind, terms, vocabulary) {
    return Promise.all(terms.map(function (t) { return searchAll(pagefind, variants([t], vocabulary)) }))
      .then(function (singles) {
        var merged = new Merged()
        singles.forEach(function (single) { merged.add(single, VEKT.ordvis, true) })
        return merged
      })
  }

  function corrected(terms, vocabulary) {
    var changed = false
    var fixed = terms.map(function (t) {
      var c = vocabulary.correction(t)
      if (c) changed = true
      return c || t
    })
    return changed ? fixed : null
  }

  function excerpt(html) {
    // Pagefind's excerpt is text with <mark> around the hits: rebuild only those two kinds of node.
    var parsed = new DOMParser().parseFromString(html, "text/html").body
    var p = document.createElement("p")
    p.className = "handbok-treff__utdrag"
    Array.prototype.forEach.call(parsed.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark")
        mark.textContent = node.textContent
        p.appendChild(mark)
      } else {
        p.appendChild(document.createTextNode(node.textContent))
      }
    })
    return p
  }

  // The page's group (a Pagefind filter the template sets): the label's look for a document not in force.
  function group(data) { return ((data.filters || {}).gruppe || [""])[0] }

  function item(data) {
    var li = document.createElement("li")
    li.className = "handbok-treff"
    var a = document.createElement("a")
    a.href = data.url
    a.textContent = data.meta.title || data.url
    li.appendChild(a)
    if (data.meta.merke) {
      var label = document.createElement("span")
      label.className = "handbok-merke handbok-merke--" + group(data)
      label.textContent = data.meta.merke
      li.appendChild(document.createTextNode(" "))
      li.appendChild(label)
    }
    li.appendChild(excerpt(data.excerpt || ""))
    return li
  }

  // The results best first, a few at a time: Pagefind's data() (one fragment file each) is loaded for
  // the ones shown only, the next ones when the reader asks.
  function Pages(entries) {
    this.entries = entries
    this.next = 0
  }

  Pages.prototype.done = function () { return this.next >= this.entries.length }

  // Shows the next results; resolves to the first new list item (null when none).
  Pages.prototype.more = function (count) {
    var self = this
    var batch = this.entries.slice(this.next, this.next + count)
    this.next += batch.length
    return Promise.all(batch.map(function (e) { return e.result.data() })).then(function (found) {
      var items = found.map(item)
      items.forEach(function (li) { list.appendChild(li) })
      return items[0] || null
    })
  }

  // «Vis flere treff» below the list while there are more; the first new result gets the focus.
  function moreButton(pages) {
    var button = document.createElement("button")
    button.type = "button"
    button.className = "handbok-flere"
    button.textContent = "Vis flere treff"
    button.addEventListener("click", function () {
      button.disabled = true
      pages.more(PER_OMGANG).then(function (first) {
        button.disabled = false
        button.hidden = pages.done()
        if (first) first.querySelector("a").focus()
      })
    })
    list.parentNode.insertBefore(button, list.nextSibling)
    return button
  }

  function show(entries) {
    var pages = new Pages(entries)
    return pages.more(FORSTE).then(function (first) {
      if (!pages.done()) pages.more(PER_OMGANG - FORSTE).then(function () { if (!pages.done()) moreButton(pages) })
      return first ? 1 : 0
    })
  }

  function suggest(terms) {
    var box = document.getElementById("forslag")
    var link = document.getElementById("forslag-lenke")
    if (!box || !link) return
    var text = terms.join(" ")
    link.href = "?q=" + encodeURIComponent(text)
    link.textContent = text
    box.hidden = false
  }

  function count(n) { return n === 1 ? "1 treff" : n + " treff" }

  // Without ?alle=ja: how many drafts, consultations and expired routines match too, and a way to see them.
  function hidden(pagefind, queries) {
    var box = document.getElementById("skjulte")
    if (alle || !box) return Promise.resolve()
    return searchAll(pagefind, queries, IKKE_I_KRAFT).then(function (found) {
      if (!found.size()) return
      box.querySelector("span").textContent = count(found.size()) + " som ikke er gjeldende (utkast, høring eller " +
        "utgått), vises ikke."
      var params = new URLSearchParams({ q: query, alle: "ja" })
      document.getElementById("skjulte-lenke").href = "?" + params.toString()
      box.hidden = false
    })
  }

  function run(pagefind, vocabulary) {
    var terms = words(query)
    var fixed = corrected(terms, vocabulary)
    var asked = variants(terms, vocabulary).concat(fixed ? variants(fixed, vocabulary) : [])
    return Promise.all([searchAll(pagefind, variants(terms, vocabulary)),
                        searchAll(pagefind, fixed ? variants(fixed, vocabulary) : [])])
      .then(function (found) {
        var merged = found[0], better = found[1].top()
        // Pagefind matches parts of unknown words («legemidel» → «lege»): suggest when the correction finds more.
        if (better && better > merged.top()) suggest(fixed)
        merged.add(found[1], VEKT.rettet, false)
        if (merged.size() || terms.length < 2) return merged
        return wordByWord(pagefind, fixed || terms, vocabulary)
      }).then(function (merged) {
        return Promise.all([show(merged.best()), hidden(pagefind, asked)]).then(function (done) {
          statusLine.textContent = done[0] ? count(merged.size()) + " for «" + query + "»"
            : "Ingen treff for «" + query + "». Prøv et annet ord, eller finn rutinen i listen over rutiner."
        })
      })
  }

  statusLine.textContent = "Søker etter «" + query + "» …"
  // The index's entry under the name the search pass preloaded it by (its tag is a hash of the file), and
  // no worker: one file less to fetch before the first result, and the search itself takes milliseconds.
  var entry = document.querySelector("link[data-handbok-pagefind=entry]")
  var options = { baseUrl: address("rot").pathname, excerptLength: 24, noWorker: true }
  if (entry) options.metaCacheTag = new URL(entry.href).searchParams.get("ts")
  var bundle = address("pagefind")
  var loading = import(bundle.href).then(function (pagefind) {
    return pagefind.options(options).then(function () { return pagefind })
  })
  Promise.all([loading, fetchJson("ord"), fetchJson("synonymer")]).then(function (loaded) {
    return run(loaded[0], new Vocabulary(loaded[1], loaded[2]))
  }).catch(function () {
    statusLine.textContent = "Søket virker ikke akkurat nå. Finn rutinen i listen over rutiner."
  }).then(function () { whenParsed(loadWaitingScripts) })
})()
