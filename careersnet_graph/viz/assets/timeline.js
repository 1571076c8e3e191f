/* The time slider: replays the network year by year by hiding, in the page's vis DataSets, the
   actors and links that appear after the chosen year (the last position shows everything,
   undated links included). It keeps the page's type, country and sector filters. */
(function () {
  "use strict";
  var holder = document.getElementById("careersnet-timeline");
  var api = window.careersnetNetwork;
  if (!holder || !api) {
    return;
  }
  var timeline = JSON.parse(holder.textContent);
  var years = timeline.years;
  var slider = document.getElementById("timeline-year");
  var label = document.getElementById("timeline-label");
  var play = document.getElementById("timeline-play");
  var facets = ["type", "country", "sector"];
  slider.min = "0";
  slider.max = String(years.length);
  slider.value = String(years.length);

  function inTime(year, position) {
    return position >= years.length || (year !== null && year !== undefined && year <= years[position]);
  }

  function matchesFilters(id) {
    var info = api.details[id];
    var chosen = {};
    facets.forEach(function (facet) {
      chosen[facet] = document.getElementById("filter-" + facet).value;
    });
    return (
      (!chosen.type || info.type_label === chosen.type) &&
      (!chosen.country || info.country_labels.indexOf(chosen.country) !== -1) &&
      (!chosen.sector || info.sectors.indexOf(chosen.sector) !== -1)
    );
  }

  function apply() {
    var position = Number(slider.value);
    var shown = {};
    var nodeCount = 0;
    var edgeCount = 0;
    api.nodes.update(
      api.nodes.getIds().map(function (id) {
        shown[id] = inTime(timeline.nodes[id], position) && matchesFilters(id);
        nodeCount += shown[id] ? 1 : 0;
        return { id: id, hidden: !shown[id] };
      })
    );
    api.edges.update(
      api.edges.get().map(function (item) {
        var key = [item.from, item.to].sort().join(" ");
        var visible = shown[item.from] && shown[item.to] && inTime(timeline.edges[key], position);
        edgeCount += visible ? 1 : 0;
        return { id: item.id, hidden: !visible };
      })
    );
    var when = position >= years.length ? "all years, undated links included" : "as of the end of " + years[position];
    label.textContent = when + ": " + nodeCount + " actors, " + edgeCount + " links";
  }

  var timer = null;
  function stop() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
      play.textContent = "Play";
    }
  }
  play.addEventListener("click", function () {
    if (timer !== null) {
      stop();
      return;
    }
    slider.value = "0";
    apply();
    play.textContent = "Stop";
    timer = window.setInterval(function () {
      if (Number(slider.value) >= years.length) {
        stop();
        return;
      }
      slider.value = String(Number(slider.value) + 1);
      apply();
    }, 700);
  });
  slider.addEventListener("input", function () {
    stop();
    apply();
  });
  facets.forEach(function (facet) {
    document.getElementById("filter-" + facet).addEventListener("change", apply);
  });
  apply();
  api.setTimelinePosition = function (position) {
    stop();
    slider.value = String(position);
    apply();
  };
})();
