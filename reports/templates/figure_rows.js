/* The children behind a figure: every figure value in the pack is a button (data-figure,
   data-group); one click opens its numerator's rows in a dialog. The rows travel in the page
   gzip-compressed and base64-encoded (jtai_analysis/pack/figure_rows.py) and are decompressed
   with the browser's own DecompressionStream only when a reader opens a figure. No network. */
(function () {
  "use strict";
  var carried = null;
  var tables = {};
  var trigger = null;

  function carriedData() {
    if (carried === null) {
      var element = document.getElementById("jtai-figure-rows");
      carried = element ? JSON.parse(element.textContent) : { lists: {}, figures: {} };
    }
    return carried;
  }

  async function unpack(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  function ukDate(days) {
    if (days === null || days === undefined) { return ""; }
    var day = new Date(days * 86400000);
    var dd = String(day.getUTCDate()).padStart(2, "0");
    var mm = String(day.getUTCMonth() + 1).padStart(2, "0");
    return dd + "/" + mm + "/" + day.getUTCFullYear();
  }

  function decodeColumn(column) {
    if (column.kind === "codes") {
      return column.values.map(function (v) { return v === null ? "" : column.words[v]; });
    }
    if (column.kind === "date") { return column.values.map(ukDate); }
    return column.values.map(function (v) { return v === null ? "" : String(v); });
  }

  async function listTable(key) {
    if (!tables[key]) {
      var spec = carriedData().lists[key];
      var columns = await unpack(spec.data);
      var decoded = {};
      spec.columns.forEach(function (name) { decoded[name] = decodeColumn(columns[name]); });
      tables[key] = { spec: spec, columns: decoded };
    }
    return tables[key];
  }

  function cell(tag, text, scope) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (scope) { element.setAttribute("scope", scope); }
    return element;
  }

  async function rowsOf(figure) {
    var rows = [];
    var dates = figure.dates || [];
    for (var key in figure.rows) {
      if (!Object.prototype.hasOwnProperty.call(figure.rows, key)) { continue; }
      var table = await listTable(key);
      var deltas = await unpack(figure.rows[key]);
      var position = 0;
      deltas.forEach(function (delta) {
        position += delta;
        var c = table.columns;
        var decided = dates.filter(function (d) { return c[d]; }).map(function (d) {
          var header = table.spec.headers[table.spec.columns.indexOf(d)];
          return c[d][position] ? header + ": " + c[d][position] : "";
        }).filter(Boolean).join("; ");
        rows.push([c.child_id[position], table.spec.label, c.source_file[position], c.sheet[position], c.row[position], decided]);
      });
    }
    return rows;
  }

  function summary(figure, id, group) {
    var parts = [figure.group + ": " + figure.value + "."];
    var noun = figure.counts === "children" ? "children" : "rows";
    if (figure.numerator !== null && figure.unit !== "median") {
      parts.push("Numerator: " + figure.numerator.toLocaleString("en-GB") + " " + noun + ".");
    }
    if (figure.denominator !== null) {
      parts.push("Denominator: " + figure.denominator.toLocaleString("en-GB") + " " + noun +
        " (their rows are in " + carriedData().rowsFile + ").");
    }
    if (figure.note) { parts.push(figure.note); }
    return parts.join(" ");
  }

  async function open(button) {
    var dialog = document.getElementById("jtai-children");
    if (!dialog) { return; }
    trigger = button;
    var id = button.getAttribute("data-figure");
    var group = button.getAttribute("data-group");
    var figure = carriedData().figures[id + "|" + group];
    var title = dialog.querySelector("#jtai-children-title");
    var about = dialog.querySelector(".jtai-children-summary");
    var more = dialog.querySelector(".jtai-children-more");
    var body = dialog.querySelector("tbody");
    body.replaceChildren();
    more.textContent = "";
    title.textContent = figure ? figure.title : id;
    about.textContent = figure ? summary(figure, id, group) : "This figure's rows are not in the page.";
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    if (!figure) { return; }
    var rows = await rowsOf(figure);
    rows.forEach(function (values) {
      var tr = document.createElement("tr");
      values.forEach(function (value, i) { tr.appendChild(cell(i === 0 ? "th" : "td", value, i === 0 ? "row" : null)); });
      body.appendChild(tr);
    });
    if (figure.shown < figure.total) {
      more.textContent = "Showing the first " + figure.shown.toLocaleString("en-GB") + " of " +
        figure.total.toLocaleString("en-GB") + " rows. All of them: " + carriedData().rowsFile +
        " beside this pack (figure_id " + id + ", group " + group + "), or jtai explain --pack DIR " +
        id + " --group " + group + " --all.";
    } else if (!rows.length) {
      more.textContent = "No rows.";
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.jtai-fig") : null;
    if (button) { open(button); return; }
    var close = event.target.closest ? event.target.closest("#jtai-children .jtai-children-close") : null;
    if (close) { document.getElementById("jtai-children").close(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.getElementById("jtai-children");
    if (dialog) {
      dialog.addEventListener("close", function () { if (trigger) { trigger.focus(); } });
    }
  });
})();
