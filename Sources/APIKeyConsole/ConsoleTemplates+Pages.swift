/// The pages' templates: keys, one key, issue, signing keys, audit trail, verifiers, backup.
extension ConsoleTemplates {
  static let keys = """
    {{> head}}
    <h1>Keys</h1>
    <form method="get" action="/keys" role="search" class="filters">
    <div><label for="q">Search</label><input type="search" id="q" name="q" value="{{q}}" aria-describedby="q-hint"><p class="hint" id="q-hint">E-mail, organisation, contact, name or id</p></div>
    <div><label for="show">Show</label><select id="show" name="show">{{#shows}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>{{/shows}}</select></div>
    <div><label for="days">Days</label><input type="number" id="days" name="days" min="1" max="3650" value="{{days}}" aria-describedby="days-hint"><p class="hint" id="days-hint">For “expiring within” and “unused for”</p></div>
    <div><label for="kid">Signed by</label><select id="kid" name="kid"><option value="">any signing key</option>{{#kids}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/kids}}</select></div>
    <div><label for="order">Order</label><select id="order" name="order">{{#orders}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>{{/orders}}</select></div>
    <div><button type="submit">Find</button></div>
    </form>
    {{#fieldError}}<p class="error" role="alert">{{fieldError}}</p>{{/fieldError}}
    <p id="count">{{summary}}</p>
    <div class="table"><table id="keys">
    <thead><tr><th scope="col">Id</th><th scope="col">Organisation</th><th scope="col">E-mail</th><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">State</th></tr></thead>
    <tbody>
    {{#rows}}<tr><td data-label="Id"><a href="/keys/{{id}}">{{id}}</a></td><td data-label="Organisation">{{organisation}}</td><td data-label="E-mail">{{email}}</td><td data-label="Name">{{name}}</td><td data-label="Created">{{created}}</td><td data-label="Expires">{{expires}}</td><td data-label="State"><span class="state {{state}}">{{stateText}}</span></td></tr>{{/rows}}
    </tbody></table></div>
    <p class="pager">{{#first}}<a href="{{first}}">First page</a>{{/first}}{{#next}}<a href="{{next}}" rel="next" id="next">Next page</a>{{/next}}</p>
    {{> foot}}
    """

  static let key = """
    {{> head}}
    <h1>Key {{id}}{{#name}}: {{name}}{{/name}} <span class="state {{state}}">{{stateText}}</span></h1>
    <dl>
    <dt>Created</dt><dd>{{created}} ({{origin}})</dd>
    <dt>Modified</dt><dd>{{modified}}</dd>
    <dt>Expires</dt><dd id="expires">{{expires}}</dd>
    {{#revoked}}<dt>Revoked</dt><dd>{{revoked}}{{#reason}}: {{reason}}{{/reason}}</dd>{{/revoked}}
    {{#erased}}<dt>Erased</dt><dd>{{erased}}</dd>{{/erased}}
    <dt>Tags</dt><dd>{{tagsText}}</dd>
    <dt>Last use</dt><dd>{{lastUse}}</dd>
    <dt>Uses (7 / 30 days)</dt><dd>{{used7}} / {{used30}} accepted, {{rejected30}} refused in 30 days</dd>
    <dt>Seen by</dt><dd>{{seenBy}}</dd>
    </dl>
    <h2>Tokens</h2>
    <div class="table"><table id="tokens"><thead><tr><th scope="col">Signed</th><th scope="col">Signing key</th><th scope="col">Expires</th></tr></thead><tbody>
    {{#tokens}}<tr><td data-label="Signed">{{issued}}</td><td data-label="Signing key">{{kid}} <span class="state {{kidState}}">{{kidState}}</span></td><td data-label="Expires">{{expires}}</td></tr>{{/tokens}}
    </tbody></table></div>
    {{#hasReminders}}<h2>Expiry reminders</h2><ul>{{#reminders}}<li>{{.}}</li>{{/reminders}}</ul>{{/hasReminders}}
    <h2>Actions</h2>
    <div class="actions">
    {{#active}}
    <form method="post" action="/keys/{{id}}/resign"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="resign">Re-sign (a new token)</button></form>
    {{#renewable}}<form method="post" action="/keys/{{id}}/renew"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="renew">Renew</button></form>{{/renewable}}
    <a class="button danger" href="/keys/{{id}}/revoke" id="revoke">Revoke…</a>
    {{/active}}
    {{^erased}}<a class="button danger" href="/keys/{{id}}/erase" id="erase">Erase personal data…</a>{{/erased}}
    </div>
    {{#editable}}
    <h2 id="details">Details</h2>
    <form method="post" action="/keys/{{id}}" id="edit" novalidate>
    <input type="hidden" name="csrf" value="{{csrf}}">
    {{#fields}}{{> field}}{{/fields}}
    <button type="submit" id="save">Save the changes</button>
    </form>
    {{/editable}}
    <h2>History</h2>
    <div class="table"><table id="history"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Outcome</th><th scope="col">By</th></tr></thead><tbody>
    {{#history}}<tr><td data-label="When">{{at}}</td><td data-label="What">{{action}}</td><td data-label="Outcome">{{outcome}}</td><td data-label="By">{{caller}}</td></tr>{{/history}}
    </tbody></table></div>
    <p><a href="/audit?target=key:{{id}}">The whole history in the audit trail</a></p>
    {{> foot}}
    """

  static let issue = """
    {{> head}}
    <h1>Issue a key</h1>
    <p>The same fields and rules as <code>apikeyctl issue</code>. The token is shown once, on the next page.</p>
    <form method="post" action="/issue" id="issue" novalidate>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="request_id" value="{{requestID}}">
    {{#fields}}{{> field}}{{/fields}}
    <button type="submit" id="submit">Issue the key</button>
    </form>
    {{> foot}}
    """

  static let signing = """
    {{> head}}
    <h1>Signing keys</h1>
    <p>Key set revision {{revision}}. Tokens are signed by the current key; every published key verifies them.</p>
    <div class="table"><table id="signing-keys"><thead><tr><th scope="col">Kid</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Signs from</th><th scope="col">Retired</th><th scope="col"><span class="skip">Actions</span></th></tr></thead><tbody>
    {{#keys}}<tr><td data-label="Kid"><code>{{kid}}</code></td><td data-label="State"><span class="state {{state}}">{{state}}</span></td><td data-label="Created">{{created}}</td><td data-label="Signs from">{{notBefore}}</td><td data-label="Retired">{{retired}}</td>
    <td>{{#retirable}}<form method="get" action="/signing-keys/{{kid}}/retire" class="inline"><label for="grace-{{kid}}">Grace period</label><input type="text" id="grace-{{kid}}" name="grace" value="" aria-describedby="grace-hint"><button type="submit" class="danger" id="retire-{{kid}}">Retire…</button></form>{{/retirable}}</td></tr>{{/keys}}
    </tbody></table></div>
    <p class="hint" id="grace-hint">A grace period (<code>7d</code>, <code>12h</code>) keeps a retired key published that long, so tokens it signed keep verifying while they are re-signed; empty: it leaves the set at once.</p>
    <h2>Rotate</h2>
    <form method="post" action="/signing-keys/rotate" id="rotate">
    <input type="hidden" name="csrf" value="{{csrf}}">
    {{#rotateFields}}{{> field}}{{/rotateFields}}
    <button type="submit" id="rotate-submit">Rotate</button>
    </form>
    <h2>Generate</h2>
    <form method="post" action="/signing-keys/generate" id="generate">
    <input type="hidden" name="csrf" value="{{csrf}}">
    {{#generateFields}}{{> field}}{{/generateFields}}
    <button type="submit" id="generate-submit">Generate a key</button>
    </form>
    <h2>Add from a PEM</h2>
    <form method="post" action="/signing-keys/add" enctype="multipart/form-data" id="add">
    <input type="hidden" name="csrf" value="{{csrf}}">
    {{#addFields}}{{> field}}{{/addFields}}
    <label for="pem_file">Or upload the PEM file</label><input type="file" id="pem_file" name="pem_file" accept=".pem,.key,text/plain">
    <button type="submit" id="add-submit">Add the key</button>
    </form>
    {{> foot}}
    """

  static let audit = """
    {{> head}}
    <h1>Audit trail</h1>
    <div class="{{chainClass}}" role="status" id="chain"><p>{{chain}}</p></div>
    <form method="get" action="/audit" class="filters">
    <div><label for="action">Action</label><input type="text" id="action" name="action" value="{{action}}" aria-describedby="action-hint"><p class="hint" id="action-hint">e.g. issue_key, revoke_key</p></div>
    <div><label for="target">Target</label><input type="text" id="target" name="target" value="{{target}}" aria-describedby="target-hint"><p class="hint" id="target-hint">An API key id or a signing key's kid</p></div>
    <div><label for="since">Since</label><input type="text" id="since" name="since" value="{{since}}" aria-describedby="since-hint"><p class="hint" id="since-hint">A date (2027-06-30) or a time ago (7d)</p></div>
    <div><label for="order">Order</label><select id="order" name="order">{{#orders}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>{{/orders}}</select></div>
    <div><button type="submit">Filter</button></div>
    </form>
    {{#fieldError}}<p class="error" role="alert">{{fieldError}}</p>{{/fieldError}}
    <div class="table"><table id="audit"><thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">By</th></tr></thead><tbody>
    {{#entries}}<tr><td data-label="#">{{seq}}</td><td data-label="When">{{at}}</td><td data-label="Action">{{action}}</td><td data-label="Target">{{#link}}<a href="{{link}}">{{target}}</a>{{/link}}{{^link}}{{target}}{{/link}}</td><td data-label="Outcome">{{outcome}}</td><td data-label="By">{{caller}}</td></tr>{{/entries}}
    </tbody></table></div>
    <p class="pager">{{#first}}<a href="{{first}}">First page</a>{{/first}}{{#next}}<a href="{{next}}" rel="next" id="next">Next page</a>{{/next}}</p>
    {{> foot}}
    """

  static let verifiers = """
    {{> head}}
    <h1>Verifiers</h1>
    <p>The services that reported within {{window}}: the key set revision each holds (the daemon's is {{revision}}), and whether it is synced. A verifier is stale when it is behind or silent for more than {{staleAfter}}.</p>
    <div class="table"><table id="verifiers"><thead><tr><th scope="col">Name</th><th scope="col">State</th><th scope="col">Revision</th><th scope="col">Last report</th><th scope="col">Peer</th><th scope="col">Daemon</th></tr></thead><tbody>
    {{#rows}}<tr><td data-label="Name">{{name}}</td><td data-label="State"><span class="state {{state}}">{{state}}</span>{{#problem}} {{problem}}{{/problem}}</td><td data-label="Revision">{{revision}}</td><td data-label="Last report">{{last}}</td><td data-label="Peer">{{peer}}</td><td data-label="Daemon">{{daemon}}</td></tr>{{/rows}}
    </tbody></table></div>
    {{^rows}}<p>No verifier reported within {{window}}.</p>{{/rows}}
    {{> foot}}
    """

  static let backup = """
    {{> head}}
    <h1>Backup</h1>
    <p>A consistent copy of the live database (SQLite's online backup; the daemon keeps serving meanwhile): API keys, owner records, sealed signing keys and the audit trail, with a manifest. Not the master key: keep that apart. Restore with <code>apikeyserv restore FILE --data-dir DIR</code>.</p>
    <p>The download is checked against the checksum the daemon sends last; a damaged one is cut off, and the browser reports it failed.</p>
    <form method="post" action="/backup" id="backup">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <button type="submit" id="download">Download a backup</button>
    </form>
    {{> foot}}
    """
}
