/* actorgraph: the network as an analyst reads it (Dash loads every file in assets/).
 *
 * Cytoscape sizes text in graph units, so a label drawn at 12 units is 6 px at zoom 0.5.
 * Here labels keep their size on screen at any zoom, and only as many are drawn as the
 * canvas holds: the heaviest actors in view (a node's `rank` is its place in the view's
 * order) whose labels cover no heavier one's, so zooming in labels lighter ones; edge labels only between labelled actors. A fit
 * never zooms past FIT_MAX_ZOOM, and its padding grows with the canvas. Hovering shows the
 * full name; clicking an actor highlights it, its edges and neighbours, and dims the rest.
 * An actor the analyst drags stays where it was dropped in that view (the page's URL): the
 * places are kept in localStorage and put back each time the view is drawn, until "Reset
 * positions"; in another view the actor is where the server put it.
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
  var REST_MS = 120; // the view has stopped moving this long: label the actors now in view
  var DRAGGED_STORE = "actorgraph.draggedPositions"; // localStorage: [[view, {actor: [x, y]}], …], oldest first
  var DRAGGED_VIEWS = 100; // views whose dragged actors are remembered; the least recently used go

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
    var nodes = clearOfEachOther(heaviest, room, cy.nodes(".ag-lit"));
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
    });
    cy.scratch("_agLabelled", labelled);
    sizeLabels(cy, labelled);
  }

  // The heaviest actors' labels, heaviest first, each only where it covers none already placed
  // (a label hidden so is drawn once zooming in has pulled the actors apart); the MIN_LABELS
  // heaviest and the lit ones whatever they cover.
  function clearOfEachOther(heaviest, room, lit) {
    var placed = lit.map(labelBox);
    var chosen = [];
    for (var i = 0; i < heaviest.length && chosen.length < room; i++) {
      var node = heaviest[i];
      var box = labelBox(node);
      var free = placed.every(function (other) {
        return !overlaps(box, other);
      });
      if (free || chosen.length < MIN_LABELS) {
        chosen.push(node);
        placed.push(box);
      }
    }
    return lit.union(lit.cy().collection(chosen));
  }

  // Where a node's label is drawn on screen: centred below it, wrapping past LABEL_WIDTH_PX
  // (a character is taken as 0.58 of the font size: near enough for a sans-serif face).
  function labelBox(node) {
    var p = node.renderedPosition();
    var length = String(node.data("label") || "").length * NODE_FONT_PX * 0.58;
    var width = Math.min(LABEL_WIDTH_PX, length);
    var lines = Math.max(1, Math.ceil(length / LABEL_WIDTH_PX));
    var top = p.y + node.renderedHeight() / 2 + 3;
    return { x1: p.x - width / 2, x2: p.x + width / 2, y1: top, y2: top + lines * NODE_FONT_PX * 1.15 };
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  // The labels drawn keep their size on screen: a few dozen elements, cheap at every frame.
  function sizeLabels(cy, labelled) {
    var unit = 1 / cy.zoom();
    cy.batch(function () {
      labelled.nodes().style({
        "font-size": NODE_FONT_PX * unit,
        "text-outline-width": 2.5 * unit,
        "text-margin-y": 3 * unit,
        "text-max-width": LABEL_WIDTH_PX * unit,
      });
      labelled.edges().style({ "font-size": EDGE_FONT_PX * unit, "text-background-padding": 1.5 * unit });
    });
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

  // ---- Dragged actors, remembered per view -------------------------------------------------
  // A view is the page's URL (the app writes the canonical query of each view), on one canvas.
  function viewKey(cy) {
    return cy.container().id + " " + window.location.pathname + window.location.search;
  }

  // Storage may be missing (private mode, disabled) or full: positions are then not kept, and
  // the page goes on.
  function readViews() {
    try {
      var views = JSON.parse(window.localStorage.getItem(DRAGGED_STORE) || "[]");
      return Array.isArray(views) ? views : [];
    } catch (error) {
      return [];
    }
  }

  function writeViews(views) {
    // full: drop the least recently used views until the rest fits
    for (var kept = views.slice(-DRAGGED_VIEWS); ; kept = kept.slice(1)) {
      try {
        if (kept.length) window.localStorage.setItem(DRAGGED_STORE, JSON.stringify(kept));
        else window.localStorage.removeItem(DRAGGED_STORE);
        return;
      } catch (error) {
        if (!kept.length) return;
      }
    }
  }

  function withoutView(views, key) {
    return views.filter(function (entry) {
      return entry && entry[0] !== key;
    });
  }

  function positionsIn(views, key) {
    var entry = views.filter(function (e) {
      return e && e[0] === key;
    })[0];
    return (entry && entry[1]) || {};
  }

  function rememberedPositions(key) {
    return positionsIn(readViews(), key);
  }

  function rememberPositions(key, nodes) {
    var views = readViews();
    var positions = Object.assign({}, positionsIn(views, key));
    nodes.forEach(function (node) {
      var p = node.position();
      positions[node.id()] = [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
    });
    writeViews(withoutView(views, key).concat([[key, positions]])); // now the most recently used
  }

  function forgetPositions(key) {
    writeViews(withoutView(readViews(), key));
  }

  // A node moved off the place the server (or the browser's layout) gave it keeps, in its
  // scratch, that place (to go back there in a view where it was not dragged) and where it was
  // moved to: any other position it takes is the server's or a layout's, its new place.
  var MOVED = "_agMoved";

  function copy(p) {
    return { x: p.x, y: p.y };
  }

  function markMoved(node, to) {
    var moved = node.scratch(MOVED) || { place: copy(node.position()) };
    moved.at = copy(to);
    node.scratch(MOVED, moved);
    return moved;
  }

  // Each actor of the view drawn goes where it was dropped in this view, or back to its place.
  function restorePositions(cy) {
    var key = viewKey(cy);
    var remembered = rememberedPositions(key);
    cy.scratch("_agView", key);
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var dropped = remembered[node.id()];
        var moved = node.scratch(MOVED);
        if (dropped) {
          node.position(markMoved(node, { x: dropped[0], y: dropped[1] }).at);
        } else if (moved) {
          node.removeScratch(MOVED);
          node.position(moved.place);
        }
      });
    });
  }

  // "Reset positions": this view's actors go back to their places, framed.
  function resetPositions(cy) {
    forgetPositions(viewKey(cy));
    restorePositions(cy);
    fit(cy, true);
    restyle(cy);
  }

  function keepDrags(cy) {
    cy.on("grab", "node", function (event) {
      var node = event.target;
      if (!node.scratch(MOVED)) markMoved(node, node.position());
    });
    cy.on("dragfree", "node", function (event) {
      event.target.forEach(function (node) {
        markMoved(node, node.position());
      });
      rememberPositions(cy.scratch("_agView") || viewKey(cy), event.target);
    });
    cy.on("position", "node", function (event) {
      var node = event.target;
      var moved = node.scratch(MOVED);
      var p = node.position();
      if (moved && !node.grabbed() && (p.x !== moved.at.x || p.y !== moved.at.y)) node.removeScratch(MOVED);
    });
  }

  // After a layout: a preset one without positions keeps the nodes where they are (dragged ones
  // too); any other placed every node afresh, and that is each node's place now.
  function afterLayout(cy, options) {
    if (options.name !== "preset" || options.positions) {
      cy.nodes().forEach(function (node) {
        node.removeScratch(MOVED);
      });
    }
    restorePositions(cy);
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
    // While the analyst drags or wheels the view, Cytoscape moves a picture of the last frame
    // instead of redrawing every actor and label (a mouse pan of 2,000 actors: 21 -> 56 frames/s
    // on a software canvas); the full drawing comes back when the gesture ends. Dash's component
    // does not pass this renderer option through, so it is set on the renderer here.
    var renderer = cy.renderer && cy.renderer();
    if (renderer) renderer.textureOnViewport = true;
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
        // a re-render that kept every actor runs no layout: the view may still be another one
        if (cy.scratch("_agView") !== undefined && cy.scratch("_agView") !== viewKey(cy)) restorePositions(cy);
        restyle(cy);
      });
    }
    // While the view moves, only the labels drawn are resized at each frame; which actors are
    // labelled is decided again once it rests (deciding reads every actor: 65 ms for 2,000,
    // which at every frame made panning a big view stutter).
    var sizing = false;
    var resting = null;
    var sizedAt = cy.zoom();
    function moving() {
      if (!sizing && cy.zoom() !== sizedAt) {
        // a pan leaves every label's size as it was: only a zoom restyles them
        sizedAt = cy.zoom();
        sizing = true;
        window.requestAnimationFrame(function () {
          sizing = false;
          sizeLabels(cy, cy.scratch("_agLabelled") || cy.elements());
        });
      }
      window.clearTimeout(resting);
      resting = window.setTimeout(soon, REST_MS);
    }
    cy.on("zoom pan", moving);
    cy.on("resize data", soon); // data: a re-render that kept the elements may have re-ranked them
    cy.on("add remove", function () {
      changed = true;
      soon();
    });
    keepDrags(cy);
    cy.on("layoutstop", function (event) {
      var options = (event.layout && event.layout.options) || {};
      afterLayout(cy, options); // before the fit, so that it frames the dropped actors
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
    if (cy.nodes().nonempty()) {
      // drawn before this script attached: its first layout went by unseen
      restorePositions(cy);
      fit(cy, false);
    }
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
    DRAGGED_STORE: DRAGGED_STORE,
    DRAGGED_VIEWS: DRAGGED_VIEWS,
    cyOf: cyOf,
    fit: fit,
    restyle: restyle,
    viewKey: viewKey,
    rememberedPositions: rememberedPositions,
    rememberPositions: rememberPositions,
    restorePositions: restorePositions,
    resetPositions: resetPositions,
  };
})();
