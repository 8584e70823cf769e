/** A tiny element builder: h("button", {class: "primary", onclick}, "Start"). */
type Child = Node | string | number | null | undefined | false;
type Attributes<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], "style" | "children">> & {
  class?: string;
  style?: string;
  dataset?: Record<string, string>;
  [attribute: `data-${string}` | `aria-${string}`]: string | undefined;
};

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes<K> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === "class") element.className = value as string;
    else if (name === "style") element.setAttribute("style", value as string);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("data-") || name.startsWith("aria-")) element.setAttribute(name, String(value));
    else (element as unknown as Record<string, unknown>)[name] = value;
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
