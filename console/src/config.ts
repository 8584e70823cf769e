/**
 * Where the API lives. The same build runs from the edge itself (/console/, same origin) or from
 * any other origin: `?api=https://api.example.com` (remembered in this browser), else the page's
 * `<meta name="agensium-api">`, else the page's own origin.
 */
const STORAGE_KEY = "agensium.api";

function clean(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

export function resolveApiBase(): string {
  const fromQuery = new URLSearchParams(location.search).get("api");
  if (fromQuery) {
    localStorage.setItem(STORAGE_KEY, clean(fromQuery));
    return clean(fromQuery);
  }
  const remembered = localStorage.getItem(STORAGE_KEY);
  if (remembered) return remembered;
  const meta = document.querySelector<HTMLMetaElement>('meta[name="agensium-api"]')?.content;
  if (meta) return clean(meta);
  return location.origin;
}

export const API_BASE = resolveApiBase();
