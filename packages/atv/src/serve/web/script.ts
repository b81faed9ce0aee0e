/** The web remote's script: plain ES5-style JavaScript, no dependencies, no build step. */
// prettier-ignore
export const appJs = `"use strict";
(function () {
  var params = new URLSearchParams(location.search);
  var token = params.get("token");
  var deviceId = null;
  var socket = null;
  var socketRetry = 0;
  var playing = null;
  var playingAt = 0;
  var artworkHash = null;
  var $ = function (id) { return document.getElementById(id); };

  function showError(message) { $("error").textContent = message || ""; }
  function withToken(path) {
    if (!token) return path;
    return path + (path.indexOf("?") < 0 ? "?" : "&") + "token=" + encodeURIComponent(token);
  }
  function api(method, path, body) {
    var headers = { accept: "application/json" };
    if (token) headers.authorization = "Bearer " + token;
    if (body !== undefined) headers["content-type"] = "application/json";
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (json) {
          if (!r.ok) throw new Error((json.error && json.error.message) || ("HTTP " + r.status));
          return json;
        });
      });
  }
  function devicePath(suffix) { return "/api/devices/" + encodeURIComponent(deviceId) + suffix; }
  function command(name, args) {
    if (!deviceId) return Promise.resolve(null);
    showError("");
    return api("POST", devicePath("/commands/" + name), { args: args || [] }).catch(function (e) {
      showError(name + ": " + e.message);
      return null;
    });
  }
  function time(seconds) {
    if (!seconds || seconds < 0) seconds = 0;
    seconds = Math.floor(seconds);
    var s = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (s < 10 ? "0" : "") + s;
  }

  function renderPlaying() {
    var p = playing || {};
    $("title").textContent = p.title || (p.device_state && p.device_state !== "idle" ? "Unknown title" : "Nothing playing");
    $("artist").textContent = p.artist || "";
    $("album").textContent = p.album || "";
    $("app").textContent = p.app || "";
    $("state").textContent = p.device_state || "idle";
    renderPosition();
    var hash = p.hash || null;
    if (hash !== artworkHash) {
      artworkHash = hash;
      var img = $("artwork");
      if (hash && p.device_state && p.device_state !== "idle") {
        img.hidden = false;
        img.src = withToken(devicePath("/artwork?width=300&t=" + encodeURIComponent(hash)));
      } else {
        img.hidden = true;
        img.removeAttribute("src");
      }
    }
  }
  function renderPosition() {
    var p = playing || {};
    var position = p.position || 0;
    if (p.device_state === "playing") position += (Date.now() - playingAt) / 1000;
    if (p.total_time) position = Math.min(position, p.total_time);
    $("position").textContent = time(position);
    $("total").textContent = time(p.total_time || 0);
    $("progress").max = p.total_time || 1;
    $("progress").value = p.total_time ? position : 0;
  }
  function setConnection(state) {
    var badge = $("connection");
    badge.textContent = state;
    badge.setAttribute("data-state", state);
  }
  function setVolume(level) {
    $("volume").value = String(Math.round(level));
    $("volume-value").textContent = Math.round(level) + "%";
  }

  function onEvent(event) {
    if (event.device !== deviceId) return;
    if ("hash" in event && "device_state" in event) {
      playing = event;
      playingAt = Date.now();
      renderPlaying();
    }
    if ("connection" in event) setConnection(event.connection);
    if ("volume" in event && typeof event.volume === "number") setVolume(event.volume);
    if ("power_state" in event) $("power").textContent = "power: " + event.power_state;
  }

  function openEvents() {
    if (socket) { socket.onclose = null; socket.close(); socket = null; }
    if (!deviceId) return;
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      withToken("/api/events?device=" + encodeURIComponent(deviceId));
    var ws = new WebSocket(url);
    socket = ws;
    ws.onopen = function () { socketRetry = 0; document.body.setAttribute("data-events", "open"); };
    ws.onmessage = function (m) {
      try { onEvent(JSON.parse(m.data)); } catch (e) { showError("bad event: " + e.message); }
    };
    ws.onclose = function () {
      document.body.setAttribute("data-events", "closed");
      if (socket !== ws) return;
      socketRetry = Math.min(socketRetry + 1, 6);
      setTimeout(openEvents, 250 * Math.pow(2, socketRetry));
    };
  }

  function loadApps() {
    if (!deviceId) return;
    api("POST", devicePath("/commands/app_list"), { args: [] }).then(function (r) {
      var select = $("apps");
      while (select.options.length > 1) select.remove(1);
      (r.app_list || []).forEach(function (app) {
        var option = document.createElement("option");
        option.value = app.identifier;
        option.textContent = app.name || app.identifier;
        select.appendChild(option);
      });
    }).catch(function () { /* no Companion pairing: no app list */ });
  }

  function selectDevice(id) {
    deviceId = id || null;
    playing = null;
    artworkHash = null;
    renderPlaying();
    if (deviceId) localStorage.setItem("atv.device", deviceId);
    openEvents();
    if (!deviceId) return;
    api("GET", devicePath("/playing")).then(function (p) {
      if (!playing) { playing = p; playingAt = Date.now(); renderPlaying(); }
    }).catch(function (e) { showError(e.message); });
    command("volume").then(function (r) { if (r && typeof r.volume === "number") setVolume(r.volume); });
    command("power_state").then(function (r) { if (r) $("power").textContent = "power: " + r.power_state; });
    loadApps();
  }

  function fillDevices(devices) {
    var select = $("device");
    select.textContent = "";
    devices.forEach(function (d) {
      var option = document.createElement("option");
      option.value = d.identifier;
      option.textContent = d.name + " (" + d.address + ")";
      select.appendChild(option);
    });
    if (devices.length === 0) {
      var none = document.createElement("option");
      none.value = "";
      none.textContent = "No devices found";
      select.appendChild(none);
    }
    var saved = localStorage.getItem("atv.device");
    var pick = devices.some(function (d) { return d.identifier === saved; }) ? saved : (devices[0] && devices[0].identifier);
    select.value = pick || "";
    selectDevice(pick);
  }

  function scanDevices() {
    $("scan").disabled = true;
    return api("POST", "/api/scan").then(function (r) { fillDevices(r.devices || []); })
      .catch(function (e) { showError(e.message); })
      .then(function () { $("scan").disabled = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-cmd]").forEach(function (button) {
      button.addEventListener("click", function () { command(button.getAttribute("data-cmd")); });
    });
    $("device").addEventListener("change", function () { selectDevice($("device").value); });
    $("scan").addEventListener("click", scanDevices);
    $("volume").addEventListener("change", function () { command("set_volume", [Number($("volume").value)]); });
    $("launch").addEventListener("click", function () { if ($("apps").value) command("launch_app", [$("apps").value]); });
    $("send-text").addEventListener("click", function () { command("text_set", [$("text").value]); });
    $("text").addEventListener("keydown", function (e) { if (e.key === "Enter") command("text_set", [$("text").value]); });
    $("artwork").addEventListener("error", function () { $("artwork").hidden = true; });
    setInterval(renderPosition, 1000);
    api("GET", "/api/devices").then(function (r) {
      if (r.devices && r.devices.length > 0) fillDevices(r.devices);
      else return scanDevices();
    }).catch(function (e) { showError(e.message); });
  });
})();
`;
