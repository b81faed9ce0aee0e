/** The web remote's HTML and CSS. */
export const indexHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark light">
<title>atv remote</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header>
  <select id="device" aria-label="Device"></select>
  <span id="connection" class="badge" data-state="idle">idle</span>
  <button id="scan" type="button" title="Scan for devices">Scan</button>
</header>
<main>
  <section id="now-playing" aria-label="Now playing">
    <img id="artwork" alt="" hidden>
    <div class="meta">
      <div id="title" class="title">Nothing playing</div>
      <div id="artist"></div>
      <div id="album"></div>
      <div id="app" class="dim"></div>
      <progress id="progress" max="1" value="0"></progress>
      <div class="times"><span id="position">0:00</span><span id="state" class="dim">idle</span><span id="total">0:00</span></div>
    </div>
  </section>
  <section class="dpad" aria-label="Navigation">
    <button data-cmd="up" class="up" aria-label="Up">&#9650;</button>
    <button data-cmd="left" class="left" aria-label="Left">&#9664;</button>
    <button data-cmd="select" class="select" aria-label="Select">OK</button>
    <button data-cmd="right" class="right" aria-label="Right">&#9654;</button>
    <button data-cmd="down" class="down" aria-label="Down">&#9660;</button>
  </section>
  <section class="row" aria-label="Menu">
    <button data-cmd="menu">Menu</button>
    <button data-cmd="home">Home</button>
  </section>
  <section class="row" aria-label="Playback">
    <button data-cmd="previous" aria-label="Previous">&#9664;&#9664;</button>
    <button data-cmd="skip_backward" aria-label="Skip back">-10s</button>
    <button data-cmd="play_pause" aria-label="Play/Pause">&#9654;&#8202;&#9646;&#9646;</button>
    <button data-cmd="skip_forward" aria-label="Skip forward">+10s</button>
    <button data-cmd="next" aria-label="Next">&#9654;&#9654;</button>
  </section>
  <section class="row" aria-label="Volume">
    <button data-cmd="volume_down" aria-label="Volume down">&#8722;</button>
    <input id="volume" type="range" min="0" max="100" step="1" value="0" aria-label="Volume">
    <button data-cmd="volume_up" aria-label="Volume up">+</button>
    <span id="volume-value" class="dim">–</span>
  </section>
  <section class="row" aria-label="Apps">
    <select id="apps" aria-label="App"><option value="">Apps…</option></select>
    <button id="launch" type="button">Launch</button>
  </section>
  <section class="row" aria-label="Keyboard">
    <input id="text" type="text" placeholder="Text for the focused field" aria-label="Text">
    <button id="send-text" type="button">Send</button>
  </section>
  <section class="row" aria-label="Power">
    <button data-cmd="turn_on">On</button>
    <button data-cmd="turn_off">Off</button>
    <span id="power" class="dim">power: unknown</span>
  </section>
  <p id="error" role="alert"></p>
</main>
</body>
</html>
`;

export const appCss = `*{box-sizing:border-box}
body{margin:0;font:16px/1.4 system-ui,sans-serif;background:#111;color:#eee}
header{display:flex;gap:.5rem;align-items:center;padding:.6rem;background:#1c1c1e;position:sticky;top:0}
header select{flex:1;min-width:0}
main{max-width:28rem;margin:0 auto;padding:.75rem;display:flex;flex-direction:column;gap:.9rem}
button,select,input{font:inherit;color:inherit;background:#2c2c2e;border:1px solid #3a3a3c;border-radius:.6rem;padding:.55rem .8rem}
button{cursor:pointer;min-width:3rem;min-height:2.75rem}
button:active{background:#48484a}
.badge{font-size:.8rem;padding:.15rem .5rem;border-radius:1rem;background:#3a3a3c}
.badge[data-state=connected]{background:#1f6f3a}
.badge[data-state=reconnecting],.badge[data-state=connecting]{background:#8a6d1a}
.badge[data-state=failed]{background:#8a1a1a}
#now-playing{display:flex;gap:.8rem;align-items:center;background:#1c1c1e;border-radius:.8rem;padding:.7rem}
#artwork{width:6rem;height:6rem;object-fit:cover;border-radius:.4rem;background:#333}
.meta{flex:1;min-width:0}
.title{font-weight:600;font-size:1.1rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.dim{color:#98989d;font-size:.85rem}
progress{width:100%;height:.4rem}
.times{display:flex;justify-content:space-between;font-size:.8rem}
.dpad{display:grid;grid-template-columns:repeat(3,4.5rem);grid-template-rows:repeat(3,4rem);gap:.4rem;justify-content:center}
.dpad .up{grid-area:1/2}.dpad .left{grid-area:2/1}.dpad .select{grid-area:2/2;border-radius:50%}.dpad .right{grid-area:2/3}.dpad .down{grid-area:3/2}
.row{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;justify-content:center}
.row input[type=text],.row select{flex:1;min-width:0}
.row input[type=range]{flex:1}
#error{color:#ff6b6b;min-height:1.2em;margin:0}
@media (prefers-color-scheme: light){body{background:#f2f2f7;color:#111}header,#now-playing{background:#fff}button,select,input{background:#e5e5ea;border-color:#d1d1d6}}
`;
