/** The report's stylesheet, inline: system fonts only, nothing to fetch. */
export const style = `:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1f2328; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 12px 24px 48px; }
h1 { font-size: 1.45em; margin: .5em 0 .2em; }
h2 { font-size: 1.2em; margin: 0; }
h3 { font-size: 1.05em; margin: 1.3em 0 .5em; padding-bottom: .2em; border-bottom: 1px solid #e5e7eb; }
h4 { font-size: .95em; margin: 1em 0 .3em; font-weight: 600; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: 8px 10px; border-radius: 6px; max-height: 28em; overflow: auto; }
.meta { color: #57606a; margin: .3em 0; overflow-wrap: anywhere; }
.muted { color: #6e7781; font-weight: normal; font-size: .9em; }
.badge { display: inline-block; padding: .05em .6em; border-radius: 1em; font-size: .8em; font-weight: 600; color: #fff; background: #6e7781; vertical-align: .12em; }
.badge.passed { background: #1a7f37; }
.badge.failed, .badge.error, .badge.timeout { background: #cf222e; }
.badge.interrupted, .badge.skipped, .badge.warning { background: #9a6700; }
.badge.hint { background: #0969da; }
header.report { border-bottom: 2px solid #d0d7de; padding-bottom: .4em; }
header.verdict.failed h1 { color: #a40e26; }
nav.toc ol { margin: .4em 0; padding-left: 1.4em; }
nav.toc li { margin: .15em 0; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a:hover code { text-decoration: underline; }
section.lab { border: 1px solid #d0d7de; border-radius: 8px; padding: 14px 18px; margin: 20px 0; }
section.lab.failed, section.lab.error, section.lab.timeout { border-color: #f1aeb5; }
section.refused { border: 1px solid #cf222e; background: #fff5f5; border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
svg.timeline { display: block; width: 100%; height: auto; }
svg.timeline text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 10px; fill: #24292f; }
svg.timeline .lane-label { fill: #57606a; font-style: italic; }
svg.timeline .pod-label { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 9.5px; }
svg.timeline .axis-label, svg.timeline .axis-caption { fill: #57606a; }
svg.timeline .downtime-label { font-weight: 600; fill: #b31d28; }
svg.timeline .action-label { fill: #24292f; }
svg.timeline rect.pod-bar:hover, svg.timeline rect.traffic-ok:hover, svg.timeline rect.traffic-failed:hover, svg.timeline circle:hover { stroke: #000; stroke-width: .8; }
ul.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 6px 0 0; padding: 0; font-size: 12px; color: #444; }
ul.legend .sw { display: inline-block; width: 14px; height: 9px; margin-right: 5px; border-radius: 2px; vertical-align: 0; }
ul.legend .sw-dot { width: 9px; border-radius: 50%; }
ul.legend .sw-tick, ul.legend .sw-deleted { width: 2px; height: 12px; border-radius: 0; vertical-align: -2px; }
ul.legend .sw-restart { width: 7px; height: 7px; border: 1.5px solid #000; border-radius: 50%; background: #fff; }
ul.legend .sw-warning, ul.legend .sw-action { width: 0; height: 0; border-radius: 0; border-left: 4px solid transparent; border-right: 4px solid transparent; border-top: 6px solid #d62728; }
ul.legend .sw-action { border-top-color: #555; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #eaeef2; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.mark { width: 1.2em; font-weight: 700; }
table.checks td:nth-child(2) { width: 40%; }
table.checks th:nth-child(3) { white-space: nowrap; width: 9em; text-align: right; }
tr.check-row.passed td.mark { color: #1a7f37; }
tr.check-row.failed { background: #fff5f5; }
tr.check-row.failed td.mark { color: #cf222e; }
.advice { color: #0550ae; margin-top: 2px; }
.diagnosis { background: #fffbea; border-left: 3px solid #d4a72c; padding: 6px 10px; margin: 4px 0; }
.diagnosis table { margin: 4px 0; }
.error .message { font-weight: 600; color: #a40e26; }
ul.findings { padding-left: 1.2em; }
ul.findings li { margin: .3em 0; }
ul.events { padding-left: 1.2em; font-size: 12px; }
details.journal { margin-top: 1em; }
details.journal summary { cursor: pointer; color: #0969da; }
table.journal td { border: 0; padding: 0 8px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
table.journal tr.j-action td { font-weight: 600; }
table.journal tr.warn td { color: #cf222e; }
@media print { section.lab { break-inside: avoid-page; } details.journal { display: none; } }
`;
