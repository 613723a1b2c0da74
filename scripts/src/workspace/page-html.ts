/** The workspace page's markup and styles; behaviour lives in host/page.ts (served as /host.js). */
export const WORKSPACE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Triage workspace (local Zendesk)</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #2f3941; background: #f8f9f9; height: 100vh; display: flex; flex-direction: column; }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; padding: 8px 16px; background: #03363d; color: #fff; }
  header h1 { font-size: 15px; margin: 0 16px 0 0; white-space: nowrap; }
  header > * { white-space: nowrap; }
  header button { padding: 2px 8px; }
  header .spacer { flex: 1; }
  header button, header input { font: inherit; }
  #clock { font-variant-numeric: tabular-nums; }
  .layout { flex: 1; display: flex; min-height: 0; }
  nav { width: 210px; background: #fff; border-right: 1px solid #d8dcde; padding: 12px 0; overflow: auto; }
  nav button { display: block; width: 100%; text-align: left; padding: 8px 16px; border: 0; background: none; font: inherit; cursor: pointer; }
  nav button.active { background: #edf7ff; font-weight: 600; }
  nav h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #68737d; margin: 12px 16px 4px; }
  main { flex: 1; overflow: auto; padding: 16px; min-width: 0; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e9ebed; vertical-align: top; }
  tr.row { cursor: pointer; } tr.row:hover { background: #f3f6f7; }
  .ticket { display: flex; gap: 16px; align-items: flex-start; }
  .ticket .body { flex: 1; min-width: 0; }
  .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px 12px; background: #fff; padding: 12px; border: 1px solid #d8dcde; border-radius: 4px; margin-bottom: 12px; }
  .fields label { display: flex; flex-direction: column; font-size: 12px; color: #68737d; }
  .fields select, .fields input { font: inherit; padding: 4px; margin-top: 2px; }
  .fields .dirty select { outline: 2px solid #f5a133; }
  .comment { background: #fff; border: 1px solid #d8dcde; border-radius: 4px; padding: 8px 12px; margin-bottom: 8px; white-space: pre-wrap; }
  .comment.internal { background: #fff8ed; border-color: #fcdba9; }
  .comment .meta { font-size: 12px; color: #68737d; margin-bottom: 4px; }
  .reply { background: #fff; border: 1px solid #d8dcde; border-radius: 4px; padding: 8px; }
  .reply.internal { background: #fff8ed; }
  .reply textarea { width: 100%; min-height: 90px; font: inherit; }
  .reply .actions { display: flex; gap: 8px; align-items: center; margin-top: 6px; }
  .reply .actions .spacer { flex: 1; }
  button.primary { background: #1f73b7; color: #fff; border: 0; border-radius: 4px; padding: 6px 14px; font: inherit; cursor: pointer; }
  button.primary:disabled { opacity: .5; }
  aside.apps { width: 340px; flex: none; background: #fff; border: 1px solid #d8dcde; border-radius: 4px; }
  aside.apps h3 { margin: 0; padding: 8px 12px; font-size: 13px; border-bottom: 1px solid #e9ebed; }
  aside.apps iframe { width: 100%; border: 0; height: 400px; display: block; }
  iframe.navbar { width: 100%; height: calc(100vh - 140px); border: 1px solid #d8dcde; background: #fff; }
  #toasts { position: fixed; top: 56px; right: 16px; display: flex; flex-direction: column; gap: 8px; z-index: 10; max-width: 380px; }
  .toast { padding: 10px 14px; border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,.15); background: #fff; border-left: 4px solid #1f73b7; cursor: pointer; }
  .toast.alert { border-left-color: #f5a133; } .toast.error { border-left-color: #cc3340; }
  .muted { color: #68737d; }
  .pill { display: inline-block; padding: 0 6px; border-radius: 8px; background: #e9ebed; font-size: 12px; }
</style>
</head>
<body>
<header>
  <h1>Triage workspace <span class="muted" style="color:#9fd">· local Zendesk</span></h1>
  <span id="agent"></span>
  <span class="spacer"></span>
  <span>Zendesk time: <strong id="clock">…</strong></span>
  <input id="travel-at" type="datetime-local" step="60" aria-label="Travel to (UTC)">
  <button id="travel-go" type="button">Go (UTC)</button>
  <button data-advance="15" type="button">+15 min</button>
  <button data-advance="60" type="button">+1 h</button>
  <button data-advance="1440" type="button">+1 day</button>
</header>
<div class="layout">
  <nav>
    <h2>Views</h2>
    <button data-view="needs-org" type="button">Needs org &amp; triage</button>
    <button data-view="mine" type="button">My tickets</button>
    <button data-view="open" type="button">All unsolved</button>
    <h2>Apps</h2>
    <button data-view="navbar" type="button">Triage Assistant</button>
  </nav>
  <main id="main"></main>
</div>
<div id="toasts" aria-live="polite"></div>
<div id="background" hidden></div>
<script type="module" src="/host.js"></script>
</body>
</html>
`;
