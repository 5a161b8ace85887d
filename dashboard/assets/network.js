/* actorgraph: the network as an analyst reads it (Dash loads every file in assets/).
 *
 * Cytoscape sizes text in graph units, so a label drawn at 12 units is 6 px at zoom 0.5.
 * Here labels keep their size on screen at any zoom, and only as many are drawn as the
 * canvas holds: the heaviest actors in view (a node's `rank` is its place in the view's
 * order), so zooming in labels lighter ones; edge labels only between labelled actors. A fit
 * never zooms past FIT_MAX_ZOOM, and its padding grows with the canvas. Hovering shows the
 * full name; clicking an actor highlights it, its edges and neighbours, and dims the rest.
 *
 * The sizes are screen pixels; window.actorgraphNetwork exposes them to tests and the Fit button.
 */
(function () {
  "use strict";

  var NODE_FONT_PX = 13; // an actor's label on screen
  var EDGE_FONT_PX = 10.5; // a relation's label on screen
  var LABEL_WIDTH_PX = 150; // a label wraps onto a second line past this width
  var LABEL_AREA_PX = 150 * 34; // the screen a label needs, with room around it
  var MIN_LABELS = 5; // the heaviest actors in view are labelled whatever the canvas's size
  var EDGE_LABELS = 12; // relation labels at once
  var FIT_MAX_ZOOM = 1.25; // a fit never zooms a small view into giant nodes
  var FIT_PADDING_SHARE = 0.05; // of the canvas's smaller side

  function labelsThatFit(cy) {
    // a share of the canvas, so labels do not cover each other on a readable picture
    return Math.floor((cy.width() * cy.height()) / LABEL_AREA_PX / 5);
  }

  // The heaviest actors in view get a label, as many as the canvas holds (so zooming in
  // gives lighter ones their turn, and panning brings the heaviest of the new ground); a
  // clicked actor and its neighbours always. Relation labels go to the edges between
  // labelled actors with the most relations. Only the labelled elements are restyled at each
  // step (a few dozen, whatever the view's size); the others carry the class ag-nolabel,
  // changed only when an element's turn comes or goes.
  function restyle(cy) {
    var unit = 1 / cy.zoom(); // one screen pixel in graph units
    var box = cy.extent();
    var inView = cy.nodes().filter(function (node) {
      var p = node.position();
      return p.x >= box.x1 && p.x <= box.x2 && p.y >= box.y1 && p.y <= box.y2 && !node.hasClass("ag-dim");
    });
    var heaviest = inView.sort(function (a, b) {
      return (a.data("rank") || 0) - (b.data("rank") || 0);
    });
    // zoomed out past the fit, the picture shrinks and holds fewer labels: a quarter at each halving
    var shrunk = Math.min(1, Math.pow(cy.zoom() / (cy.scratch("_agFitZoom") || cy.zoom()), 2));
    var room = Math.max(MIN_LABELS, Math.floor(labelsThatFit(cy) * shrunk));
    var nodes = heaviest
      .filter(function (node, i) {
        return i < room;
      })
      .union(cy.nodes(".ag-lit"));
    var between = nodes.edgesWith(nodes).not(".ag-dim").sort(function (a, b) {
      return b.hasClass("ag-lit") - a.hasClass("ag-lit") || b.data("count") - a.data("count");
    });
    var edges = between.filter(function (edge, i) {
      return i < EDGE_LABELS * shrunk || edge.hasClass("ag-lit");
    });
    var labelled = nodes.union(edges);
    cy.batch(function () {
      var before = cy.scratch("_agLabelled") || cy.elements(); // at first, every label is on
      before.difference(labelled).addClass("ag-nolabel");
      labelled.removeClass("ag-nolabel");
      labelled.nodes().style({
        "font-size": NODE_FONT_PX * unit,
        "text-outline-width": 2.5 * unit,
        "text-margin-y": 3 * unit,
        "text-max-width": LABEL_WIDTH_PX * unit,
      });
      labelled.edges().style({ "font-size": EDGE_FONT_PX * unit, "text-background-padding": 1.5 * unit });
    });
    cy.scratch("_agLabelled", labelled);
  }

  function fit(cy, animate) {
    var padding = Math.max(24, FIT_PADDING_SHARE * Math.min(cy.width(), cy.height()));
    var elements = cy.elements();
    if (elements.empty()) return;
    var bb = elements.boundingBox();
    var zoom = Math.min(
      FIT_MAX_ZOOM,
      (cy.width() - 2 * padding) / Math.max(bb.w, 1),
      (cy.height() - 2 * padding) / Math.max(bb.h, 1)
    );
    zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), zoom));
    var pan = { x: cy.width() / 2 - zoom * (bb.x1 + bb.w / 2), y: cy.height() / 2 - zoom * (bb.y1 + bb.h / 2) };
    cy.scratch("_agFitZoom", zoom);
    if (animate) {
      cy.animate({ zoom: zoom, pan: pan, duration: 250 });
    } else {
      cy.viewport({ zoom: zoom, pan: pan });
    }
  }

  function highlight(cy, node) {
    var lit = node.closedNeighborhood();
    cy.batch(function () {
      cy.elements().removeClass("ag-lit ag-dim");
      cy.elements().not(lit).addClass("ag-dim");
      lit.addClass("ag-lit");
    });
    restyle(cy);
  }

  function clearHighlight(cy) {
    cy.elements().removeClass("ag-lit ag-dim");
    restyle(cy);
  }

  function tooltipOf(cy) {
    var box = cy.container();
    var tip = box.querySelector(".ag-tooltip");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "ag-tooltip";
      tip.hidden = true;
      box.appendChild(tip);
    }
    return tip;
  }

  function tooltipText(element) {
    var d = element.data();
    if (element.isNode()) {
      return [d.name || d.label, d.hint].filter(Boolean).join("\n");
    }
    var ends = element.source().data("name") + " → " + element.target().data("name");
    return [ends, d.label, d.hint].filter(Boolean).join("\n");
  }

  function showTooltip(cy, event) {
    var tip = tooltipOf(cy);
    var where = event.renderedPosition || event.target.renderedPosition();
    tip.textContent = tooltipText(event.target);
    tip.style.left = Math.round(where.x + 14) + "px";
    tip.style.top = Math.round(where.y + 14) + "px";
    tip.hidden = false;
  }

  function attach(cy) {
    if (cy.scratch("_agAttached")) return;
    cy.scratch("_agAttached", true);
    var pending = false;
    var changed = false;
    function soon() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        if (changed) {
          // a new view: no actor is highlighted, and each label is decided afresh
          cy.elements().removeClass("ag-lit ag-dim");
          cy.removeScratch("_agLabelled");
        }
        changed = false;
        restyle(cy);
      });
    }
    cy.on("zoom pan resize data", soon); // data: a re-render that kept the elements may have re-ranked them
    cy.on("add remove", function () {
      changed = true;
      soon();
    });
    cy.on("layoutstop", function (event) {
      var options = (event.layout && event.layout.options) || {};
      if (options.fit !== false) fit(cy, false);
      restyle(cy);
    });
    cy.on("tap", "node", function (event) {
      highlight(cy, event.target);
    });
    cy.on("tap", function (event) {
      if (event.target === cy) clearHighlight(cy);
    });
    cy.on("mouseover", "node, edge", function (event) {
      showTooltip(cy, event);
    });
    cy.on("mouseout", "node, edge", function () {
      tooltipOf(cy).hidden = true;
    });
    cy.on("pan zoom", function () {
      tooltipOf(cy).hidden = true;
    });
    restyle(cy);
  }

  function cyOf(box) {
    var inner = box && (box.querySelector("div") || {});
    return box && ((box._cyreg && box._cyreg.cy) || (inner._cyreg && inner._cyreg.cy));
  }

  // Dash draws the page after this script runs: attach to each canvas once it exists.
  window.setInterval(function () {
    document.querySelectorAll(".ag-cytoscape").forEach(function (box) {
      var cy = cyOf(box);
      if (cy) attach(cy);
    });
  }, 200);

  window.actorgraphNetwork = {
    NODE_FONT_PX: NODE_FONT_PX,
    EDGE_FONT_PX: EDGE_FONT_PX,
    FIT_MAX_ZOOM: FIT_MAX_ZOOM,
    cyOf: cyOf,
    fit: fit,
    restyle: restyle,
  };
})();
