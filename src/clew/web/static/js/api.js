// For the JavaScript islands: fetch JSON from the audited REST API of the session's operation,
// with the session's purpose (X-Clew-Purpose) and, for state-changing calls, its CSRF token.
// Same origin only; nothing is kept in browser storage.
function meta(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  return el ? el.content : "";
}

export function operation() {
  return meta("clew-operation");
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = { "X-Clew-Purpose": meta("clew-purpose"), Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = meta("csrf-token");
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const url = `/api/v1/operations/${encodeURIComponent(operation())}${path}`;
  const response = await fetch(url, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin", cache: "no-store",
  });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

// Text into the page without HTML (textContent only: nothing from the data is ever markup).
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function line(parent, tag, text, cls) {
  const item = document.createElement(tag);
  item.textContent = text;
  if (cls) item.className = cls;
  parent.appendChild(item);
  return item;
}
