// psykg query page: packaged queries as tabs, run against the SPARQL endpoint, show the rows.
// Self-written, no dependencies; everything it needs is in this file and query.html.
"use strict";

(function () {
  const queries = JSON.parse(document.getElementById("psykg-queries").textContent);
  const config = JSON.parse(document.getElementById("psykg-config").textContent);
  const tabs = document.getElementById("tabs");
  const editor = document.getElementById("query");
  const params = document.getElementById("params");
  const summary = document.getElementById("summary");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const endpoint = document.getElementById("endpoint");
  let current = null;

  function shorten(iri) {
    let best = "";
    for (const [prefix, ns] of Object.entries(config.prefixes)) {
      if (iri.startsWith(ns) && ns.length > (config.prefixes[best] || "").length) {
        const local = iri.slice(ns.length);
        if (local && !local.includes("/") && !local.includes("#")) best = prefix;
      }
    }
    return best ? best + ":" + iri.slice(config.prefixes[best].length) : iri;
  }

  function localLink(iri) {
    // Resources of this dataset link to their page in this site; others to themselves.
    if (iri.startsWith(config.resource) && !iri.includes("#")) {
      return "resource/" + iri.slice(config.resource.length) + ".html";
    }
    if (iri.startsWith(config.vocabulary)) {
      return "ontology.html#" + iri.slice(config.vocabulary.length);
    }
    return iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = localLink(term.value);
      a.title = term.value;
      a.textContent = shorten(term.value);
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  function showTable(data) {
    results.replaceChildren();
    if ("boolean" in data) {
      results.textContent = String(data.boolean);
      return 1;
    }
    const vars = data.head.vars;
    const rows = data.results.bindings;
    const table = document.createElement("table");
    table.className = "facts";
    table.id = "result-table";
    const head = table.insertRow();
    for (const name of vars) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    }
    for (const row of rows) {
      const tr = table.insertRow();
      for (const name of vars) tr.appendChild(cell(row[name]));
    }
    results.appendChild(table);
    return rows.length;
  }

  function select(name) {
    current = queries.find((q) => q.name === name) || null;
    for (const button of tabs.querySelectorAll("button")) {
      button.setAttribute("aria-selected", String(button.dataset.name === (current ? current.name : "")));
    }
    editor.value = current ? current.query : config.example;
    summary.textContent = current ? current.summary + (current.description ? " — " + current.description : "") : "Write any SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query.";
    params.replaceChildren();
    for (const p of current ? current.parameters : []) {
      const label = document.createElement("label");
      label.textContent = p.name + (p.optional ? " (optional) " : " ");
      const input = document.createElement("input");
      input.name = p.name;
      input.placeholder = p.type === "iri" || p.type === "any" ? "label, CURIE or IRI" : p.type;
      label.appendChild(input);
      params.appendChild(label);
    }
    results.replaceChildren();
    status.textContent = "";
    status.className = "";
  }

  async function run() {
    status.className = "";
    status.textContent = "running…";
    results.replaceChildren();
    const values = [...params.querySelectorAll("input")].filter((i) => i.value.trim());
    let response;
    try {
      const here = endpoint.value === endpoint.defaultValue;  // psykg serve's own endpoint
      if (here && current && editor.value === current.query && values.length) {
        const search = new URLSearchParams(values.map((i) => [i.name, i.value.trim()]));
        response = await fetch("api/" + encodeURIComponent(current.name) + "?" + search, {
          headers: { Accept: "application/sparql-results+json" },
        });
      } else {
        response = await fetch(endpoint.value, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded",
                     Accept: "application/sparql-results+json" },
          body: new URLSearchParams({ query: editor.value }),
        });
      }
      const text = await response.text();
      if (!response.ok) {
        status.className = "error";
        status.textContent = here && response.status === 404
          ? "no SPARQL endpoint here (HTTP 404): this copy of the site is not served by " +
            "psykg serve; enter the URL of an endpoint that holds the data"
          : "HTTP " + response.status + ": " + text;
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      if (type.includes("json") && !type.includes("ld+json")) {
        const count = showTable(JSON.parse(text));
        status.textContent = count + " row" + (count === 1 ? "" : "s");
      } else {
        const pre = document.createElement("pre");
        pre.textContent = text;
        results.appendChild(pre);
        status.textContent = "graph result (" + type + ")";
      }
    } catch (error) {
      status.className = "error";
      status.textContent = "the endpoint could not be reached: " + error;
    }
  }

  for (const q of [{ name: "", summary: "new query" }, ...queries]) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.name = q.name;
    button.textContent = q.name || "new query";
    button.title = q.summary;
    button.setAttribute("role", "tab");
    button.addEventListener("click", () => {
      history.replaceState(null, "", q.name ? "#" + q.name : "#");
      select(q.name);
    });
    tabs.appendChild(button);
  }
  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
  });
  select(decodeURIComponent(location.hash.slice(1)));
})();
