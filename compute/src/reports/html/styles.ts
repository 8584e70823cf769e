/** The report's only stylesheet, inline: screen first, then what changes on paper. */
export const STYLES = `
:root{--ink:#1d2430;--muted:#5b6575;--line:#dde2ea;--panel:#f6f8fb;--accent:#1f4e78;--good:#2e7d32;--warning:#b7791f;--critical:#c0392b;--high:#d35400;--medium:#b7791f;--low:#2c6fad;--info:#6b7280}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
header.top{background:var(--accent);color:#fff;padding:20px 32px}
header.top h1{margin:0 0 4px;font-size:22px}
header.top p{margin:0;opacity:.85}
.layout{display:flex;align-items:flex-start}
nav.toc{position:sticky;top:0;flex:0 0 220px;max-height:100vh;overflow:auto;padding:16px;border-right:1px solid var(--line);font-size:13px}
nav.toc ol{margin:0;padding-left:18px}
nav.toc a{color:var(--accent);text-decoration:none}
main{flex:1;min-width:0;padding:8px 32px 48px}
section.report-section{margin-top:24px;border-top:2px solid var(--line);padding-top:8px}
h2{font-size:19px;margin:8px 0 12px}
h3{font-size:15px;margin:0 0 8px}
.muted{color:var(--muted)}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 16px}
.tile{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:140px}
.tile .k{font-size:12px;color:var(--muted)}
.tile .v{font-size:20px;font-weight:600}
.tile.good .v{color:var(--good)}.tile.warning .v{color:var(--warning)}.tile.critical .v{color:var(--critical)}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(430px,1fr));gap:14px}
.card{border:1px solid var(--line);border-radius:6px;padding:12px 14px;break-inside:avoid;page-break-inside:avoid}
.card header{display:flex;justify-content:space-between;gap:8px;align-items:baseline;margin-bottom:6px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;background:var(--panel);border:1px solid var(--line)}
.sev{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;color:#fff;background:var(--info)}
.sev.critical{background:var(--critical)}.sev.high{background:var(--high)}.sev.medium{background:var(--medium)}.sev.low{background:var(--low)}
.status-good{color:var(--good)}.status-warning{color:var(--warning)}.status-critical{color:var(--critical)}
dl.stats{display:grid;grid-template-columns:auto 1fr auto 1fr;gap:2px 10px;margin:6px 0;font-size:13px}
dl.stats dt{color:var(--muted)}dl.stats dd{margin:0;font-variant-numeric:tabular-nums}
svg.chart{display:block;max-width:100%;height:auto;margin:6px 0}
svg.chart text{font-size:10px;fill:var(--muted)}
svg.chart .bar{fill:#4a7fb0}
svg.chart .axis{stroke:var(--line)}
svg.overlay .baseline{fill:#9aa5b1;fill-opacity:.55}
svg.overlay .current{fill:#1f77b4;fill-opacity:.55}
svg.split .present{fill:#4a7fb0}svg.split .missing{fill:#e0a23b}svg.split .removed{fill:var(--critical)}
svg.gauge{width:180px}
svg.gauge .track{fill:none;stroke:var(--line);stroke-width:12}
svg.gauge .fill{fill:none;stroke-width:12;stroke:var(--good)}
svg.gauge.warning .fill{stroke:var(--warning)}svg.gauge.critical .fill{stroke:var(--critical)}
svg.gauge .score{font-size:22px;font-weight:600;fill:var(--ink)}
svg.heatmap{max-width:760px}
.legend span{display:inline-block;margin-right:12px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
.missing-matrix td.cell{text-align:center;font-variant-numeric:tabular-nums}
.note{background:#fff8e1;border-left:4px solid var(--warning);padding:6px 10px;margin:8px 0}
.summary-text{font-size:15px;max-width:900px}
.cites a{font-size:12px;margin-right:6px}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
@media print{
  nav.toc{display:none}
  header.top{background:none;color:var(--ink);border-bottom:2px solid var(--ink);padding:0 0 8px}
  main{padding:0}
  body{font-size:11px}
  .cards{grid-template-columns:1fr 1fr;gap:8px}
  .card{margin-bottom:10px}
  section.report-section{break-before:auto}
  h2{break-after:avoid}
  table{font-size:10px}
  a{color:inherit;text-decoration:none}
}
`;
