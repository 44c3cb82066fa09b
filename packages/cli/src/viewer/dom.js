// Small DOM helpers for the trace viewer. Every string from a trace goes through text nodes.

export const $ = (selector, root = document) => root.querySelector(selector);

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'style') node.setAttribute('style', value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const ms = (value) => (typeof value === 'number' ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)}` : '–');
export const statusClass = (status) => (typeof status === 'number' ? `s${String(status)[0]}` : '');
export const isError = (status) => /Error|Failed|ResourceLimit/.test(status || '');

/** Saves `text` as a file through a temporary object URL. */
export function download(name, type, text) {
  const link = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 0);
}

/**
 * Shows a curl command in `output` and puts it on the clipboard when the page may write there
 * (a secure context such as localhost); the shown text is there to select either way.
 */
export async function showAndCopy(output, text) {
  output.hidden = false;
  output.querySelector('code').textContent = text;
  const note = output.querySelector('.copy-note');
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = 'Copied to the clipboard.';
  } catch {
    note.textContent = 'The browser did not allow copying; select the command.';
  }
}

export function copyBox(id) {
  return el('div', { class: 'curl', id, hidden: true }, el('span', { class: 'copy-note muted' }), el('pre', {}, el('code', {})));
}
