// The live cluster page: one snapshot of /api/cluster, then the membership events as server-sent
// events. Every (re)connection starts with the current view, so the page rebuilds from it.
(() => {
  'use strict';

  const COLORS = { ALIVE: '#2e9e5b', SUSPECT: '#e0a100', FAILED: '#d64545', LEFT: '#8a8f98' };
  const SVG = 'http://www.w3.org/2000/svg';
  const MAX_EVENTS = 50;
  // leaders: role -> { nodeId, epoch }, the epoch 0 while this node knows none
  const state = { local: null, roles: [], members: new Map(), leaders: new Map() };
  let renderPending = false;

  const byId = (id) => document.getElementById(id);

  function compareIds(a, b) {
    const numA = /^[0-9]+$/.test(a);
    const numB = /^[0-9]+$/.test(b);
    if (numA && numB) {
      const x = BigInt(a);
      const y = BigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (numA !== numB) {
      return numA ? -1 : 1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function setStatus(text, kind) {
    const status = byId('status');
    status.textContent = text;
    status.className = 'status ' + kind;
  }

  async function start() {
    let view;
    try {
      const response = await fetch('api/cluster');
      view = await response.json();
    } catch (error) {
      setStatus('cannot reach this node; retrying…', 'error');
      setTimeout(start, 3000);
      return;
    }
    state.local = view.localNodeId;
    state.roles = view.roles;
    byId('node').textContent = view.localNodeId ?? '?';
    if (!view.enabled) {
      setStatus(view.message, 'disabled');
      render();
      return;
    }
    connect();
  }

  function connect() {
    const source = new EventSource('api/cluster/events');
    source.onopen = () => {
      state.members.clear();
      state.leaders.clear();
      setStatus('live', 'live');
      scheduleRender();
    };
    source.onmessage = (message) => apply(JSON.parse(message.data));
    source.onerror = () => setStatus('connection to node ' + state.local + ' lost; reconnecting…', 'error');
  }

  function apply(event) {
    switch (event.type) {
      case 'LEADER_CHANGED':
        if (event.member) {
          state.leaders.set(event.role, { nodeId: event.member.nodeId, epoch: event.epoch ?? 0 });
        } else {
          state.leaders.delete(event.role);
        }
        break;
      case 'REMOVED':
        state.members.delete(event.member.nodeId);
        break;
      case 'NODE_ID_CONFLICT':
        setStatus('another process uses node id ' + event.member.nodeId + ' at ' + event.member.address, 'error');
        break;
      default:
        state.members.set(event.member.nodeId, event.member);
    }
    if (event.type !== 'CURRENT') {
      logEvent(event);
    }
    scheduleRender();
  }

  function logEvent(event) {
    const item = document.createElement('li');
    const time = new Date(event.timestamp).toLocaleTimeString();
    item.textContent = time + ' ' + event.type + ' ' + (event.type === 'LEADER_CHANGED'
      ? event.role + ' → ' + (event.member ? 'node ' + event.member.nodeId + epochText(event.epoch) : 'nobody')
      : 'node ' + event.member.nodeId + ' (' + event.member.status + ')');
    const list = byId('events');
    list.prepend(item);
    while (list.children.length > MAX_EVENTS) {
      list.lastChild.remove();
    }
  }

  function scheduleRender() {
    if (!renderPending) {
      renderPending = true;
      setTimeout(() => {
        renderPending = false;
        render();
      }, 0);
    }
  }

  function epochText(epoch) {
    return epoch > 0 ? ' (epoch ' + epoch + ')' : '';
  }

  function leaderOf(role) {
    return state.leaders.get(role)?.nodeId;
  }

  function ledBy(nodeId) {
    return [...state.leaders].filter(([, leader]) => leader.nodeId === nodeId).map(([role]) => role).sort();
  }

  function render() {
    const members = [...state.members.values()].sort((a, b) => compareIds(a.nodeId, b.nodeId));
    renderRing(members);
    renderMembers(members);
    renderVersions(members);
    renderRoles(members);
  }

  function svg(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function renderRing(members) {
    const ring = byId('ring');
    ring.replaceChildren();
    const radius = members.length > 1 ? 110 : 0;
    members.forEach((member, index) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * index) / members.length;
      const x = Math.round(radius * Math.cos(angle));
      const y = Math.round(radius * Math.sin(angle));
      const group = svg('g', {
        class: 'member' + (member.local ? ' local' : ''),
        transform: `translate(${x} ${y})`,
        'data-node-id': member.nodeId,
        'data-status': member.status,
      });
      group.append(svg('title', {}, `node ${member.nodeId} at ${member.address}: ${member.status}`));
      group.append(svg('circle', { r: 30, fill: COLORS[member.status] ?? '#555' }));
      group.append(svg('text', { class: 'id', dy: 6 }, member.nodeId));
      group.append(svg('text', { class: 'state', dy: 46 }, member.status + (member.local ? ' (this node)' : '')));
      const leads = ledBy(member.nodeId);
      if (leads.length > 0) {
        group.append(svg('text', { class: 'leads', dy: 61 }, '★ ' + leads.join(' ')));
      }
      ring.append(group);
    });
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function renderMembers(members) {
    const body = byId('members').tBodies[0];
    body.replaceChildren();
    members.forEach((member) => {
      const row = body.insertRow();
      cell(row, member.nodeId + (member.local ? ' (this node)' : ''));
      cell(row, member.status, 'state-' + member.status);
      cell(row, member.address);
      cell(row, String(member.incarnation));
      cell(row, member.appVersion ?? '—');
      cell(row, member.roles.map((role) => (leaderOf(role) === member.nodeId ? '★ ' : '') + role).join(', '));
    });
  }

  // how many live members run each application version: a rolling upgrade moves them down the rows
  function renderVersions(members) {
    const body = byId('versions').tBodies[0];
    body.replaceChildren();
    const byVersion = new Map();
    members.filter((m) => m.status === 'ALIVE' || m.status === 'SUSPECT').forEach((m) => {
      const version = m.appVersion ?? null;
      byVersion.set(version, [...(byVersion.get(version) ?? []), m.nodeId]);
    });
    // by version, the members that announce none last (as /api/cluster lists them)
    const versions = [...byVersion.keys()].sort((a, b) => (a === null) - (b === null) || (a < b ? -1 : a > b ? 1 : 0));
    versions.forEach((version) => {
      const nodeIds = byVersion.get(version);
      const row = body.insertRow();
      row.dataset.version = version ?? '';
      cell(row, version ?? 'none');
      cell(row, String(nodeIds.length));
      cell(row, nodeIds.join(', '));
    });
  }

  function renderRoles(members) {
    const body = byId('roles').tBodies[0];
    body.replaceChildren();
    const roles = new Set(state.roles);
    members.forEach((member) => member.roles.forEach((role) => roles.add(role)));
    [...roles].sort().forEach((role) => {
      const holders = members.filter((m) => (m.status === 'ALIVE' || m.status === 'SUSPECT') && m.roles.includes(role));
      const row = body.insertRow();
      row.dataset.role = role;
      cell(row, role);
      cell(row, holders.map((m) => m.nodeId).join(', ') || '—');
      const leader = state.leaders.get(role);
      cell(row, leader ? 'node ' + leader.nodeId + epochText(leader.epoch) : '—');
    });
  }

  start();
})();
