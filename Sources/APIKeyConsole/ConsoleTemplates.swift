/// The console's Mustache templates, compiled into the binary: the frame (`head`, `foot`), the
/// shared pieces (`field`, `message`, `confirm`, `token`), and one per page
/// (`ConsoleTemplates+Pages`). English; no asset from outside; every page works without
/// JavaScript.
enum ConsoleTemplates {
  static var all: [String: String] {
    [
      "head": head, "foot": foot, "field": field, "message": message, "confirm": confirm,
      "token": token, "keys": keys, "key": key, "issue": issue, "signing": signing,
      "audit": audit, "verifiers": verifiers, "backup": backup,
    ]
  }

  static let head = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>{{title}} · apikeyserv console</title>
    <link rel="stylesheet" href="/console.css">
    </head>
    <body>
    <a class="skip" href="#main">Skip to the content</a>
    <header>
    <p class="brand">apikeyserv console</p>
    {{#signedIn}}<nav aria-label="Console"><ul>
    <li><a href="/keys"{{#navKeys}} aria-current="page"{{/navKeys}}>Keys</a></li>
    <li><a href="/issue"{{#navIssue}} aria-current="page"{{/navIssue}}>Issue a key</a></li>
    <li><a href="/signing-keys"{{#navSigning}} aria-current="page"{{/navSigning}}>Signing keys</a></li>
    <li><a href="/audit"{{#navAudit}} aria-current="page"{{/navAudit}}>Audit trail</a></li>
    <li><a href="/verifiers"{{#navVerifiers}} aria-current="page"{{/navVerifiers}}>Verifiers</a></li>
    <li><a href="/backup"{{#navBackup}} aria-current="page"{{/navBackup}}>Backup</a></li>
    </ul></nav>
    <p class="who">as {{user}} on {{socket}}</p>{{/signedIn}}
    </header>
    <main id="main">
    {{#flash}}<div class="notice" role="status"><p>{{flash}}</p></div>{{/flash}}
    {{#problem}}<div class="alert" role="alert" id="problem"><p>{{problem}}</p></div>{{/problem}}
    """

  static let foot = """
    </main>
    <script src="/console.js"></script>
    </body>
    </html>
    """

  /// One labelled input; `kind` "textarea" for a text area, "select" with `options`.
  static let field = """
    <div class="field">
    <label for="{{name}}">{{label}}{{#required}} <span aria-hidden="true">*</span>{{/required}}</label>
    {{#hint}}<p class="hint" id="{{name}}-hint">{{hint}}</p>{{/hint}}
    {{#isTextarea}}<textarea id="{{name}}" name="{{name}}" rows="{{rows}}"{{#required}} required{{/required}}{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>{{value}}</textarea>{{/isTextarea}}
    {{#isSelect}}<select id="{{name}}" name="{{name}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>{{/options}}</select>{{/isSelect}}
    {{#isInput}}<input type="{{type}}" id="{{name}}" name="{{name}}" value="{{value}}"{{#required}} required{{/required}}{{#hint}} aria-describedby="{{name}}-hint"{{/hint}}{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>{{/isInput}}
    {{#error}}<p class="error" id="{{name}}-error">{{error}}</p>{{/error}}
    </div>
    """

  static let message = """
    {{> head}}
    <h1>{{title}}</h1>
    {{#paragraphs}}<p>{{.}}</p>{{/paragraphs}}
    {{#detail}}<p>The daemon said: <q>{{detail}}</q></p>{{/detail}}
    {{#retry}}<p><a href="{{retry}}">Try again</a></p>{{/retry}}
    {{> foot}}
    """

  static let confirm = """
    {{> head}}
    <h1>{{title}}</h1>
    {{#paragraphs}}<p>{{.}}</p>{{/paragraphs}}
    {{#impact}}<div class="table"><table><caption>{{caption}}</caption><thead><tr><th scope="col">Organisation</th><th scope="col">API keys</th></tr></thead><tbody>
    {{#rows}}<tr><td data-label="Organisation">{{organisation}}</td><td data-label="API keys">{{count}}</td></tr>{{/rows}}
    </tbody></table></div>{{/impact}}
    <form method="post" action="{{action}}">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="confirmed" value="yes">
    {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
    {{#fields}}{{> field}}{{/fields}}
    <button type="submit" class="{{buttonClass}}" id="confirm">{{button}}</button>
    <a class="button quiet" href="{{back}}">Cancel</a>
    </form>
    {{> foot}}
    """

  static let token = """
    {{> head}}
    <h1>{{title}}</h1>
    <div class="notice" role="status"><p>{{intro}} This page shows it once: copy it now. The console keeps no copy, and neither does the daemon.</p></div>
    <label for="token">Token of key {{id}}</label>
    <textarea id="token" class="token" rows="5" readonly>{{token}}</textarea>
    <button type="button" data-copy="token" hidden>Copy the token</button>
    <dl>
    <dt>Key</dt><dd><a href="/keys/{{id}}" id="key-link">{{id}}</a></dd>
    <dt>Organisation</dt><dd>{{organisation}}</dd>
    <dt>Signed by</dt><dd>{{kid}}</dd>
    <dt>Expires</dt><dd>{{expires}}</dd>
    </dl>
    {{> foot}}
    """
}
