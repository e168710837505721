/// The console's style sheet and its one script, served from the console itself
/// (`/console.css`, `/console.js`): the Content-Security-Policy allows nothing else. Every page
/// works without the script; it only adds the copy buttons.
enum ConsoleAssets {
  static let css = """
    *{box-sizing:border-box}
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;line-height:1.45;color:#1a1a1a;background:#fff}
    .skip{position:absolute;left:-10000px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
    header{background:#1f4e79;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;align-items:center}
    header .brand{font-weight:700;margin:0}
    header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
    header a{color:#fff}header a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
    header .who{margin:0 0 0 auto;font-size:.85rem;opacity:.9}
    main{max-width:72rem;margin:0 auto;padding:1rem 1rem 3rem}
    h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin-top:2rem}
    a{color:#1f4e79}
    a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f0a202;outline-offset:2px}
    table{border-collapse:collapse;width:100%;font-size:.92rem}
    th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:anywhere}
    th{background:#f3f6fa}
    .table{overflow-x:auto}
    label{display:block;font-weight:600;margin-top:.75rem}
    .hint{margin:.1rem 0;color:#555;font-size:.88rem}
    input[type=text],input[type=email],input[type=search],input[type=number],select,textarea{display:block;width:100%;max-width:32rem;padding:.45rem;font-size:1rem;border:2px solid #767676;border-radius:3px;background:#fff}
    textarea{max-width:48rem;font-family:ui-monospace,monospace;font-size:.9rem}
    input[aria-invalid=true],textarea[aria-invalid=true]{border-color:#b00020}
    .error{color:#b00020;font-weight:600;margin:.25rem 0 0}
    button,.button{display:inline-block;margin-top:1rem;padding:.5rem 1rem;font-size:1rem;font-weight:600;color:#fff;background:#1f4e79;border:0;border-radius:3px;cursor:pointer;text-decoration:none}
    button.danger,.button.danger{background:#b00020}
    button.quiet{background:#fff;color:#1f4e79;border:2px solid #1f4e79}
    .notice{border-left:4px solid #1f4e79;background:#f3f6fa;padding:.6rem 1rem;margin:1rem 0}
    .alert{border-left:4px solid #b00020;background:#fdf2f3;padding:.6rem 1rem;margin:1rem 0}
    .ok{color:#1b6e20;font-weight:600}.bad{color:#b00020;font-weight:600}
    .state{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.85rem;background:#eee;white-space:nowrap}
    th{white-space:nowrap}
    .state.revoked,.state.expired,.state.retired,.state.stale{background:#fdf2f3;color:#b00020}
    .state.current,.state.synced,.state.active{background:#e8f5e9;color:#1b6e20}
    .state.pending,.state.retiring,.state.expiring{background:#fff4e0;color:#7a4a00}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;min-width:0;overflow-wrap:anywhere}
    .filters{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}.filters>div{min-width:10rem}
    .filters button{margin-top:.5rem}
    .actions{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}
    .inline{display:flex;flex-wrap:wrap;gap:.25rem .5rem;align-items:center}.inline label{margin:0;font-weight:normal}
    .inline input[type=text]{width:6rem;display:inline-block}.inline button{margin-top:0}
    .token{word-break:break-all}
    fieldset{border:1px solid #ccc;margin:1rem 0;padding:.5rem 1rem 1rem}
    .pager{display:flex;gap:1rem;margin-top:1rem}
    @media (max-width:40rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}header .who{margin:0}
      thead{display:none}tr{display:block;border-bottom:2px solid #ccc;padding:.25rem 0}td{display:block;border:0;padding:.1rem .25rem}
      td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
    """

  static let js = """
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var field = document.getElementById(button.getAttribute('data-copy'));
        field.select();
        var done = function () { button.textContent = 'Copied'; };
        if (navigator.clipboard) { navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand('copy'); done(); }); }
        else { document.execCommand('copy'); done(); }
      });
    });
    """
}
