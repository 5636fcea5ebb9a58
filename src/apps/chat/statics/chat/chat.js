// The chat page: rooms and messages through the API (session cookie + X-CSRF-Token), live messages through
// the websocket at data-ws-path (the session cookie authenticates it). Protocol: src/apps/chat/README.md.
const root = document.querySelector('.chat');
const people = JSON.parse(document.getElementById('chat-people').textContent || '{}');
const me = Number(root.dataset.userId);
const roomsUrl = root.dataset.roomsUrl;
const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;
const $ = (id) => document.getElementById(id);
const messages = $('messages');
let socket;
let current;
let retry = 500;

function alertUser(text) {
  const box = $('chat-alert');
  box.textContent = text;
  box.hidden = !text;
}

async function api(method, url, body) {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': csrfToken(), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(typeof data?.detail === 'string' ? data.detail : `Error ${res.status}`), { status: res.status });
  return data;
}

function renderMessage(message) {
  if (messages.querySelector(`[data-id="${message.id}"]`)) return;
  const item = document.createElement('li');
  item.className = message.author_id === me ? 'message mine' : 'message';
  item.dataset.id = String(message.id);
  const who = document.createElement('strong');
  who.className = 'author';
  who.textContent = message.author_id === null ? 'deleted user' : people[message.author_id] ?? `user #${message.author_id}`;
  const text = document.createElement('span');
  text.className = 'content';
  text.textContent = message.content;
  const at = document.createElement('time');
  at.className = 'muted';
  at.dateTime = message.created_at;
  at.textContent = new Date(message.created_at).toLocaleTimeString();
  item.append(who, ' ', text, ' ', at);
  if (message.author_id === me) {
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link-button danger message-delete';
    remove.textContent = 'Delete';
    remove.addEventListener('click', () => api('DELETE', `${roomsUrl}${message.room_id}/messages/${message.id}/`).catch((e) => alertUser(e.message)));
    item.append(' ', remove);
  }
  messages.append(item);
  messages.scrollTop = messages.scrollHeight;
}

async function openRoom(element) {
  const id = Number(element.dataset.id);
  alertUser('');
  document.querySelectorAll('.room').forEach((r) => r.classList.toggle('active', r === element));
  $('room-title').textContent = element.dataset.name;
  messages.replaceChildren();
  current = undefined;
  $('send-form').hidden = true;
  try {
    let page = await api('GET', `${roomsUrl}${id}/messages/?size=100`);
    if (page.pages > 1) page = await api('GET', `${roomsUrl}${id}/messages/?size=100&page=${page.pages}`);
    page.items.forEach(renderMessage);
  } catch (error) {
    alertUser(error.status === 403 ? 'Join this room to read and write in it.' : error.message);
    return;
  }
  current = id;
  send({ action: 'change_room', room_id: id });
}

function send(frame) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  else alertUser('Not connected: reconnecting…');
}

function onFrame(frame) {
  switch (frame.type) {
    case 'ready':
      $('chat-status').textContent = 'Connected.';
      if (current !== undefined) send({ action: 'change_room', room_id: current });
      break;
    case 'joined':
      if (frame.room_id === current) {
        $('send-form').hidden = false;
        $('chat-status').textContent = 'Connected: new messages appear as they are sent.';
      }
      break;
    case 'message':
      if (frame.room_id === current) renderMessage(frame.message);
      break;
    case 'message_deleted':
      messages.querySelector(`[data-id="${frame.message_id}"]`)?.remove();
      break;
    case 'room_deleted':
      document.querySelector(`.room[data-id="${frame.room_id}"]`)?.remove();
      if (frame.room_id === current) {
        current = undefined;
        $('send-form').hidden = true;
        alertUser('This room was deleted.');
      }
      break;
    case 'left':
      if (frame.room_id === current && frame.reason !== 'change_room') {
        $('send-form').hidden = true;
        alertUser('You left this room.');
      }
      break;
    case 'error':
      alertUser(frame.detail);
      break;
  }
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}${root.dataset.wsPath}`);
  socket.addEventListener('open', () => (retry = 500));
  socket.addEventListener('message', (event) => onFrame(JSON.parse(event.data)));
  socket.addEventListener('close', () => {
    $('chat-status').textContent = 'Disconnected: reconnecting…';
    $('send-form').hidden = true;
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 10_000);
  });
}

$('send-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('message-input');
  if (!input.value.trim() || current === undefined) return;
  send({ action: 'send', message: input.value, room_id: current });
  input.value = '';
});

$('new-room').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  try {
    await api('POST', roomsUrl, { name: form.elements.name.value, visibility: form.elements.visibility.checked ? 'public' : 'private' });
    location.reload();
  } catch (error) {
    alertUser(error.message);
  }
});

$('room-search').addEventListener('keydown', async (event) => {
  if (event.key !== 'Enter') return;
  event.preventDefault();
  const url = `${root.dataset.filterUrl}?${new URLSearchParams({ room_name: event.currentTarget.value })}`;
  try {
    const ids = new Set((await api('GET', url)).map((room) => String(room.id)));
    document.querySelectorAll('.room').forEach((r) => (r.hidden = !ids.has(r.dataset.id)));
  } catch (error) {
    alertUser(error.message);
  }
});

document.querySelectorAll('.room').forEach((element) => {
  const id = element.dataset.id;
  element.querySelector('.room-open').addEventListener('click', () => openRoom(element));
  const action = (selector, method, path) => element.querySelector(selector)?.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(method, `${roomsUrl}${id}/${path}`);
      location.reload();
    } catch (error) {
      alertUser(error.message);
    }
  });
  action('.room-subscribe', 'PATCH', 'subscribe/');
  action('.room-unsubscribe', 'PATCH', 'unsubscribe/');
  action('.room-delete', 'DELETE', '');
});

connect();
