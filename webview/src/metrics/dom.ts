// Building the panel's elements. Every text from the runs (names, keys, paths, notes) goes in as text, never as
// markup, so a hostile run name cannot inject anything.

type Child = Node | string | undefined | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; title?: string; data?: Record<string, string>; [attr: string]: unknown } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'data') for (const [k, v] of Object.entries(value as Record<string, string>)) el.dataset[k] = v;
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value as EventListener);
    else if (value === true) el.setAttribute(name, '');
    else if (typeof value === 'string' || typeof value === 'number') el.setAttribute(name === 'class' ? 'class' : name, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A small coloured swatch for a run. */
export function swatch(color: string, dashed = false): HTMLElement {
  const el = h('span', { class: dashed ? 'swatch dashed' : 'swatch' });
  el.style.setProperty('--run-color', color);
  return el;
}
