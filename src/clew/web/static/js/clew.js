// Clew's only page-wide script (no inline scripts: the CSP forbids them).
// Every htmx request carries the session's CSRF token, read from <meta name="csrf-token">
// (checklist H6). Set on each request rather than through inherited hx-headers, so it does
// not depend on htmx's attribute inheritance rules.
"use strict";
document.addEventListener("htmx:configRequest", (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers["X-CSRF-Token"] = meta.content;
});
