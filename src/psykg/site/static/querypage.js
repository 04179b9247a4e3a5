// psykg query page: YASGUI with one tab per packaged query, against this site's endpoint.
// YASGUI itself is static/yasgui/ (vendored from npm); nothing is loaded from elsewhere.
"use strict";

(function () {
  const queries = JSON.parse(document.getElementById("psykg-queries").textContent);
  const config = JSON.parse(document.getElementById("psykg-config").textContent);
  const endpoint = new URL(config.endpoint, document.baseURI).href;
  const byName = Object.fromEntries(queries.map((q) => [q.name, q]));
  const form = document.getElementById("params");
  const fields = document.getElementById("params-fields");
  const apiStatus = document.getElementById("api-status");

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: {
      value: config.example,
      persistenceId: null,
      autocompleters: ["variables", "prefixes"],  // no look-ups on other hosts
      prefixCcApi: new URL(config.prefixesFile, document.baseURI).href,
      editorHeight: "320px",
      collapsePrefixesOnLoad: true,
    },
    yasr: { persistenceId: null, prefixes: config.prefixes },
  });

  function addTab(id, name, text, active) {
    return yasgui.addTab(active, {
      id: id, name: name, yasqe: { value: text }, requestConfig: { endpoint: endpoint },
    });
  }

  addTab("query", "new query", config.example, true);
  for (const q of queries) addTab(q.name, q.name, q.query, false);

  function showParams(tabId) {
    const q = byName[tabId];
    fields.replaceChildren();
    apiStatus.textContent = "";
    apiStatus.className = "";
    form.hidden = !q || q.parameters.length === 0;
    if (form.hidden) return;
    const title = document.createElement("strong");
    title.textContent = q.summary;
    fields.appendChild(title);
    for (const p of q.parameters) {
      const label = document.createElement("label");
      label.textContent = p.name + (p.optional ? " (optional) " : " ");
      const input = document.createElement("input");
      input.name = p.name;
      input.placeholder = p.type === "iri" || p.type === "any" ? "a label, CURIE or IRI" : "a value";
      label.appendChild(input);
      fields.appendChild(label);
    }
  }

  function select(tabId) {
    if (!yasgui.getTab(tabId)) return;
    yasgui.selectTabId(tabId);
    showParams(tabId);
  }

  yasgui.on("tabSelect", (_instance, tabId) => showParams(tabId));
  window.addEventListener("hashchange", () => select(location.hash.slice(1)));
  select(byName[location.hash.slice(1)] ? location.hash.slice(1) : "query");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const tab = yasgui.getTab();
    const q = byName[tab.getId()];
    if (tab.getEndpoint() !== endpoint) {
      apiStatus.className = "error";
      apiStatus.textContent = "the web API is psykg serve's, next to its own endpoint (" +
        endpoint + "); with another endpoint, run the query text (its parameters left open)";
      return;
    }
    const args = new URLSearchParams();
    for (const input of fields.querySelectorAll("input")) {
      if (input.value.trim()) args.set(input.name, input.value.trim());
    }
    const url = new URL(config.api + encodeURIComponent(q.name) + "?" + args, document.baseURI);
    apiStatus.className = "";
    apiStatus.textContent = "running " + url.pathname + url.search;
    const started = performance.now();
    const response = await fetch(url, { headers: { Accept: "application/sparql-results+json" } });
    const text = await response.text();
    if (!response.ok) {
      apiStatus.className = "error";
      apiStatus.textContent = response.status === 404 && !text.includes("packaged query")
        ? "no web API here (HTTP 404): this copy of the site is not served by psykg serve"
        : text.trim();
      return;
    }
    apiStatus.textContent = "answered by " + url.pathname + url.search;
    tab.getYasr().setResponse({
      data: text, status: response.status,
      contentType: response.headers.get("Content-Type"),
      executionTime: Math.round(performance.now() - started),
    });
  });
})();
