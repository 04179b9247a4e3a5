// psykg graph pictures: draw the elements embedded in the page (#psykg-graph) with the
// vendored Cytoscape.js (static/cytoscape/). Click a node to open its page.
"use strict";

(function () {
  const source = document.getElementById("psykg-graph");
  const box = document.getElementById("graph");
  if (!source || !box) return;
  const doc = JSON.parse(source.textContent);

  const KIND = {
    therapy: ["#1f5f99", "round-rectangle"], condition: ["#c0611b", "ellipse"],
    trait: ["#2e7d32", "diamond"], goal: ["#6a3d9a", "hexagon"],
    population: ["#00838f", "tag"], focus: ["#8d6e63", "round-tag"],
    theory: ["#616161", "barrel"], person: ["#616161", "barrel"], other: ["#9e9e9e", "ellipse"],
  };
  const style = [
    { selector: "node", style: {
      label: "data(label)", "font-size": 12, "text-valign": "bottom", "text-margin-y": 3,
      "text-wrap": "wrap", "text-max-width": 110, width: 18, height: 18, color: "#1d232a",
      "text-background-color": "#ffffff", "text-background-opacity": 0.7,
    } },
    { selector: "node.centre", style: {
      width: 30, height: 30, "font-weight": "bold", "border-width": 3, "border-color": "#111",
    } },
    { selector: "edge", style: {
      width: 1.5, "line-color": "#9e9e9e", "target-arrow-color": "#9e9e9e",
      "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)",
      "font-size": 9, color: "#5b6670", "text-rotation": "autorotate", "text-opacity": 0,
      "text-background-color": "#ffffff", "text-background-opacity": 0.8,
    } },
    { selector: "edge.use, edge.candidates, edge.shown", style: { "text-opacity": 1 } },
    { selector: "edge.use", style: { "line-color": "#c0611b", "target-arrow-color": "#c0611b" } },
    { selector: "edge.primary", style: { width: 5 } },
    { selector: "edge.effective", style: { width: 3 } },
    { selector: "edge.also", style: { width: 2, "line-style": "dashed" } },
    { selector: "edge.less", style: {
      width: 2, "line-style": "dotted", "line-color": "#b00020", "target-arrow-color": "#b00020",
    } },
    { selector: "edge.candidates.good", style: {
      width: 3, "line-color": "#2e7d32", "target-arrow-color": "#2e7d32",
    } },
    { selector: "edge.candidates.poor", style: {
      width: 2, "line-style": "dashed", "line-color": "#b00020", "target-arrow-color": "#b00020",
    } },
    { selector: "edge.goals", style: { "line-color": "#6a3d9a", "target-arrow-color": "#6a3d9a" } },
    { selector: "edge.lineage", style: {
      "line-color": "#616161", "target-arrow-color": "#616161", "target-arrow-shape": "vee",
    } },
    { selector: "edge.comparison", style: {
      "line-color": "#1f5f99", "target-arrow-color": "#1f5f99",
    } },
    { selector: "edge.partner", style: { "line-style": "dotted" } },
    { selector: "edge.hedged", style: { opacity: 0.55 } },
    { selector: "edge.evidence", style: { "source-arrow-shape": "tee",
                                          "source-arrow-color": "#1d232a" } },
  ];
  for (const [kind, [colour, shape]] of Object.entries(KIND)) {
    style.push({ selector: "node." + kind, style: { "background-color": colour, shape: shape } });
  }
  // the resource in the middle; conditions, therapies and traits on the inner ring, the rest
  // (goals, focus, populations, people) on the outer one, each kind together (the build
  // sorts the nodes by kind)
  const INNER = ["condition", "therapy", "trait"];
  const OVERVIEW_RING = { therapy: 4, condition: 3, trait: 2, goal: 2 };
  const kindOf = (n) => Object.keys(KIND).find((k) => n.hasClass(k)) || "other";
  const LAYOUT = {
    neighbourhood: { name: "concentric", animate: false, padding: 10, minNodeSpacing: 40,
                     concentric: (n) => (n.hasClass("centre") ? 3
                       : INNER.some((k) => n.hasClass(k)) ? 2 : 1),
                     levelWidth: () => 1 },
    // rings from the inside out: therapies, conditions, traits and goals, the rest
    overview: { name: "concentric", animate: false, padding: 10, minNodeSpacing: 75,
                concentric: (n) => OVERVIEW_RING[kindOf(n)] || 1, levelWidth: () => 1 },
  };

  const cy = cytoscape({
    container: box, elements: doc.elements, style: style,
    layout: LAYOUT[doc.layout] || LAYOUT.overview,
    userZoomingEnabled: false, boxSelectionEnabled: false, maxZoom: 1.4,
  });
  cy.on("tap", "node", (event) => {
    const href = event.target.data("href");
    if (href) window.location.href = href;
  });
  // an edge's label (the statement's predicate and hedge) shows while the pointer is on it
  // or on one of its ends
  const show = (on) => (event) => {
    const target = event.target;
    (target.isNode() ? target.connectedEdges() : target).toggleClass("shown", on);
  };
  cy.on("mouseover", "node, edge", show(true));
  cy.on("mouseout", "node, edge", show(false));
  cy.ready(() => {
    box.dataset.nodes = String(cy.nodes().length);
    box.dataset.edges = String(cy.edges().length);
  });
})();
