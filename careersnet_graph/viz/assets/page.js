/* careersnet-graph network page: draws the embedded graph with vis-network.
   Every value from the data is put on the page with textContent or as a DOM property, never as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("careersnet-data").textContent);
  var details = data.details;
  var edgeDetails = data.edgeDetails;
  var filters = { type: "", country: "", sector: "" };
  var span = data.facets.years;
  var years = { from: null, to: null, undated: true };
  var colourMode = "type";

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function joined(values) {
    return values && values.length ? values.join(", ") : "—";
  }

  function nodeTooltip(id) {
    var info = details[id];
    var box = element("div", null, "tip");
    box.appendChild(element("strong", info.label));
    box.appendChild(element("div", info.type_label));
    if (info.country_labels.length) {
      box.appendChild(element("div", "Country: " + joined(info.country_labels)));
    }
    if (info.sectors.length) {
      box.appendChild(element("div", "Sectors: " + joined(info.sectors)));
    }
    return box;
  }

  function edgeTooltip(id, from, to) {
    var info = edgeDetails[id];
    var box = element("div", null, "tip");
    box.appendChild(element("strong", details[from].label + " — " + details[to].label));
    box.appendChild(element("div", "Weight: " + info.weight));
    if (info.roles.length) {
      box.appendChild(element("div", "Roles: " + joined(info.roles)));
    }
    if (info.shared.length) {
      box.appendChild(element("div", "Shared: " + joined(info.shared)));
    }
    box.appendChild(element("div", "Sources: " + info.sources + (info.inferred ? ", inferences: " + info.inferred : "")));
    return box;
  }

  var nodes = new vis.DataSet(
    data.nodes.map(function (record) {
      var copy = Object.assign({}, record, { title: nodeTooltip(record.id), hidden: false });
      delete copy.colors;
      return copy;
    })
  );
  var edges = new vis.DataSet(
    data.edges.map(function (record) {
      return Object.assign({}, record, { title: edgeTooltip(record.id, record.from, record.to), hidden: false });
    })
  );
  var colours = {};
  data.nodes.forEach(function (record) {
    colours[record.id] = record.colors;
  });

  var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);
  var api = { network: network, nodes: nodes, edges: edges, ready: false, details: details };

  /* The layout comes with the data (physics is off). The first view fits the nodes and the large
     labels (estimated as Python's layout estimates them: 0.62 font sizes a character, drawn below
     the node) into the canvas; vis-network's own fit would ignore labels not yet drawn. */
  function firstView() {
    var records = nodes.get();
    if (records.length < 2) {
      network.fit({ animation: false });
      return;
    }
    var largest = Math.max.apply(null, records.map(function (n) { return n.font.size; }));
    var box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    records.forEach(function (n) {
      var labelled = n.font.size === largest;
      var half = labelled ? Math.max(n.size, (0.62 * n.font.size * n.label.length) / 2) : n.size;
      box.left = Math.min(box.left, n.x - half);
      box.right = Math.max(box.right, n.x + half);
      box.top = Math.min(box.top, n.y - n.size);
      box.bottom = Math.max(box.bottom, n.y + n.size + (labelled ? 6 + 1.3 * n.font.size : 0));
    });
    var canvas = document.getElementById("network").getBoundingClientRect();
    var scale = 0.96 * Math.min(canvas.width / (box.right - box.left), canvas.height / (box.bottom - box.top));
    network.moveTo({
      position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
      scale: scale,
      animation: false,
    });
  }
  firstView();
  api.ready = true;

  /* Drawn: the first frame vis-network paints once the first view is set (moveTo asks for the next
     frame), marked on the canvas's holder for the browser tests and benchmarks/pages.py. */
  network.once("afterDrawing", function () {
    api.drawn = true;
    document.getElementById("network").dataset.drawn = "true";
  });

  /* Side panel */
  var panel = document.getElementById("panel");
  var fields = document.getElementById("panel-fields");

  function addField(name, content) {
    fields.appendChild(element("dt", name));
    var cell = element("dd");
    if (typeof content === "string") {
      cell.textContent = content;
    } else {
      cell.appendChild(content);
    }
    fields.appendChild(cell);
  }

  function sourceList(addresses) {
    var list = element("ul");
    addresses.forEach(function (address) {
      var item = element("li");
      if (/^https?:\/\//i.test(address)) {
        var link = element("a", address);
        link.href = address;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        item.appendChild(link);
      } else {
        item.textContent = address;
      }
      list.appendChild(item);
    });
    return list;
  }

  function neighbourList(id) {
    var list = element("ul");
    network
      .getConnectedNodes(id)
      .slice()
      .sort(function (a, b) {
        return details[a].label.localeCompare(details[b].label);
      })
      .forEach(function (other) {
        var item = element("li");
        var button = element("button", details[other].label, "link");
        button.type = "button";
        button.addEventListener("click", function () {
          focusNode(other);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
    return list;
  }

  function showPanel(id) {
    var info = details[id];
    document.getElementById("panel-title").textContent = info.label;
    fields.replaceChildren();
    addField("Type", info.type_label + (info.type ? " (" + info.type + ")" : ""));
    addField("Country", joined(info.country_labels.length ? info.country_labels : info.country));
    addField("Sectors", joined(info.sectors));
    addField("Roles", joined(info.roles));
    addField("Community", info.community);
    addField("Identifier", info.iri);
    addField("Neighbours", neighbourList(id));
    addField("Sources", info.sources.length ? sourceList(info.sources) : "—");
    if (info.inferred.length) {
      addField("Inferred by", sourceList(info.inferred));
    }
    var metrics = Object.keys(info.metrics).map(function (name) {
      return name + ": " + info.metrics[name];
    });
    addField("Centrality", joined(metrics));
    panel.hidden = false;
    api.selected = id;
  }

  function hidePanel() {
    panel.hidden = true;
    api.selected = null;
  }

  document.getElementById("panel-close").addEventListener("click", hidePanel);
  network.on("click", function (params) {
    if (params.nodes.length) {
      showPanel(params.nodes[0]);
    } else {
      hidePanel();
    }
  });

  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showPanel(id);
  }

  /* Search: an exact label first, then the first label containing the text, in label order. */
  function search(text) {
    var wanted = String(text).trim().toLocaleLowerCase();
    var status = document.getElementById("search-status");
    if (!wanted) {
      status.textContent = "";
      return null;
    }
    var visible = nodes.get({
      filter: function (item) {
        return !item.hidden;
      },
    });
    var labels = visible
      .map(function (item) {
        return { id: item.id, label: details[item.id].label };
      })
      .sort(function (a, b) {
        return a.label.localeCompare(b.label) || (a.id < b.id ? -1 : 1);
      });
    var exact = labels.filter(function (item) {
      return item.label.toLocaleLowerCase() === wanted;
    });
    var partial = labels.filter(function (item) {
      return item.label.toLocaleLowerCase().indexOf(wanted) !== -1;
    });
    var found = exact.length ? exact[0] : partial.length ? partial[0] : null;
    if (!found) {
      status.textContent = "No shown actor matches “" + text + "”.";
      return null;
    }
    status.textContent = "";
    focusNode(found.id);
    return found.id;
  }

  document.getElementById("controls").addEventListener("submit", function (event) {
    event.preventDefault();
    search(document.getElementById("search").value);
  });

  /* Filters: a node is shown when it matches every chosen facet; a link when both its ends are shown. */
  function matches(id) {
    var info = details[id];
    return (
      (!filters.type || info.types.indexOf(filters.type) !== -1) &&
      (!filters.country || info.country_labels.indexOf(filters.country) !== -1) &&
      (!filters.sector || info.sectors.indexOf(filters.sector) !== -1)
    );
  }

  /* Years: a dated node or link is shown when its years meet the range; an undated node always,
     an undated link when "undated links" is ticked. */
  function inYears(range, undated) {
    if (years.from === null && years.to === null) {
      return true;
    }
    if (!range.length) {
      return undated;
    }
    return (years.to === null || range[0] <= years.to) && (years.from === null || range[1] >= years.from);
  }

  function applyFilters() {
    var shown = {};
    nodes.update(
      nodes.getIds().map(function (id) {
        shown[id] = matches(id) && inYears(details[id].years, true);
        return { id: id, hidden: !shown[id] };
      })
    );
    edges.update(
      edges.get().map(function (item) {
        var visible = shown[item.from] && shown[item.to] && inYears(edgeDetails[item.id].years, years.undated);
        return { id: item.id, hidden: !visible };
      })
    );
    if (api.selected && !shown[api.selected]) {
      hidePanel();
    }
  }

  function setFilter(facet, value) {
    filters[facet] = value || "";
    document.getElementById("filter-" + facet).value = filters[facet];
    applyFilters();
  }

  ["type", "country", "sector"].forEach(function (facet) {
    var select = document.getElementById("filter-" + facet);
    data.facets[facet].forEach(function (value) {
      var option = element("option", value);
      option.value = value;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      setFilter(facet, select.value);
    });
  });

  function yearValue(id) {
    var text = document.getElementById(id).value;
    return text === "" ? null : Number(text);
  }

  function setYears(from, to, undated) {
    years = { from: from, to: to, undated: undated !== false };
    document.getElementById("year-from").value = from === null ? "" : String(from);
    document.getElementById("year-to").value = to === null ? "" : String(to);
    document.getElementById("year-undated").checked = years.undated;
    applyFilters();
  }

  if (span.length) {
    document.getElementById("years").hidden = false;
    ["year-from", "year-to"].forEach(function (id) {
      var input = document.getElementById(id);
      input.min = String(span[0]);
      input.max = String(span[1]);
      input.placeholder = String(id === "year-from" ? span[0] : span[1]);
    });
    ["year-from", "year-to", "year-undated"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", function () {
        setYears(yearValue("year-from"), yearValue("year-to"), document.getElementById("year-undated").checked);
      });
    });
  }

  /* Colours and legend: one group per side for types (actors, initiatives), one for the others. */
  function renderLegend() {
    var legend = document.getElementById("legend");
    legend.replaceChildren();
    data.legends[colourMode].forEach(function (group) {
      var box = element("div", null, "group");
      box.appendChild(element("h2", group.title));
      var list = element("ul");
      group.entries.forEach(function (entry) {
        var item = element("li");
        var swatch = element("span", null, "swatch");
        swatch.style.backgroundColor = entry[1];
        item.appendChild(swatch);
        item.appendChild(element("span", entry[0]));
        item.appendChild(element("span", "(" + entry[2] + ")", "count"));
        list.appendChild(item);
      });
      box.appendChild(list);
      legend.appendChild(box);
    });
  }

  function setColourBy(mode) {
    colourMode = mode;
    document.getElementById("colour-by").value = mode;
    nodes.update(
      nodes.getIds().map(function (id) {
        return { id: id, color: colours[id][mode] };
      })
    );
    renderLegend();
  }

  document.getElementById("colour-by").addEventListener("change", function (event) {
    setColourBy(event.target.value);
  });
  renderLegend();

  api.legends = data.legends;
  api.setYears = setYears;
  api.search = search;
  api.setFilter = setFilter;
  api.setColourBy = setColourBy;
  api.focusNode = focusNode;
  window.careersnetNetwork = api;
})();
