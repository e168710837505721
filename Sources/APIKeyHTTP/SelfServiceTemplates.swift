/// The self-service pages' Mustache templates, compiled into the binary (nothing to install
/// beside it). Dutch first, English beside it (`lang="en"`); one inline style sheet, no external
/// CSS, fonts or scripts; the pages work without JavaScript.
enum SelfServiceTemplates {
  static let all: [String: String] = [
    "head": head, "foot": foot, "register": register, "result": result, "docs": docs,
    "message": message, "renew": renew,
  ]

  static let head = """
    <!DOCTYPE html>
    <html lang="nl">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · {{site}}</title>
    <style nonce="{{nonce}}">
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:44rem;margin:0 auto;padding:1rem 1.25rem 3rem;line-height:1.5;color:#1a1a1a;background:#fff}
    header{border-bottom:3px solid #1f4e79;margin-bottom:1.5rem}
    header p{margin:.25rem 0 .5rem;font-weight:600}
    h1{font-size:1.6rem;margin:.5rem 0 1rem}
    h2{font-size:1.2rem;margin-top:2rem}
    .en{color:#4a4a4a}
    label{display:block;font-weight:600;margin-top:1rem}
    input[type=text],input[type=email]{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:2px solid #767676;border-radius:3px}
    input:focus,button:focus,a:focus,textarea:focus{outline:3px solid #1f4e79;outline-offset:2px}
    input[aria-invalid=true]{border-color:#b00020}
    .error{color:#b00020;font-weight:600;margin:.25rem 0 0}
    .check{display:flex;gap:.5rem;align-items:flex-start;margin-top:1.5rem}
    .check label{margin:0;font-weight:normal}
    .check input{width:1.25rem;height:1.25rem;margin-top:.2rem}
    .hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
    button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem;font-weight:600;color:#fff;background:#1f4e79;border:0;border-radius:3px;cursor:pointer}
    .notice{border-left:4px solid #1f4e79;background:#f3f6fa;padding:.75rem 1rem;margin:1rem 0}
    .alert{border-left:4px solid #b00020;background:#fdf2f3;padding:.75rem 1rem;margin:1rem 0}
    textarea{width:100%;box-sizing:border-box;font-family:ui-monospace,monospace;font-size:.9rem;padding:.5rem;border:2px solid #767676;word-break:break-all}
    pre{background:#f5f5f5;padding:.75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
    dt{font-weight:600}
    dd{margin:0;min-width:0;overflow-wrap:anywhere}
    @media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
    </style>
    </head>
    <body>
    <header><p>{{site}}</p></header>
    <main id="main">
    """

  static let foot = """
    </main>
    <footer><p><a href="/docs/">Documentatie <span lang="en" class="en">/ Documentation</span></a>{{#contact}} · <a href="mailto:{{contact}}">{{contact}}</a>{{/contact}}</p></footer>
    </body>
    </html>
    """

  static let register = """
    {{> head}}
    <h1>API-sleutel aanvragen <span lang="en" class="en">/ Request an API key</span></h1>
    <p>Met een API-sleutel gebruikt u onze API's.
    {{#deliveryPage}}Na het versturen ziet u de sleutel direct op de volgende pagina, één keer: kopieer hem daar. Hij wordt niet gemaild.{{/deliveryPage}}
    {{#deliveryEmail}}We sturen de sleutel naar het eerste e-mailadres dat u hieronder invult; hij staat niet op de pagina. Kijk ook in uw map met ongewenste e-mail.{{/deliveryEmail}}
    {{^deliveryPage}}{{^deliveryEmail}}Na het versturen leest u hoe u de sleutel krijgt.{{/deliveryEmail}}{{/deliveryPage}}
    <span lang="en" class="en">An API key gives you access to our APIs.
    {{#deliveryPage}}Once you send the form, the next page shows the key, once: copy it there. It is not e-mailed.{{/deliveryPage}}
    {{#deliveryEmail}}We e-mail the key to the first address you fill in below; the page does not show it. Check your spam folder too.{{/deliveryEmail}}
    {{^deliveryPage}}{{^deliveryEmail}}Once you send the form, the next page says how you get the key.{{/deliveryEmail}}{{/deliveryPage}}</span></p>
    {{#unavailable}}<div class="alert" role="status"><p>Sleutels aanvragen kan op dit moment niet. Probeer het later opnieuw. <span lang="en" class="en">Keys cannot be requested right now. Please try again later.</span></p></div>{{/unavailable}}
    {{#expired}}<div class="alert" role="alert" tabindex="-1" id="problems"><p>Het formulier was verlopen of uw browser stuurde geen cookie mee; er is nog geen sleutel aangemaakt. Controleer uw gegevens en verstuur het formulier opnieuw.
    <span lang="en" class="en">The form had expired or your browser sent no cookie; no key was made yet. Check your details and send the form again.</span></p></div>
    <script nonce="{{nonce}}">document.getElementById('problems').focus();</script>{{/expired}}
    {{#hasProblems}}<div class="alert" role="alert" tabindex="-1" id="problems" aria-labelledby="problems-title"><h2 id="problems-title">Controleer het formulier <span lang="en" class="en">/ Please check the form</span></h2>
    <ul>{{/hasProblems}}{{#problems}}<li><a href="#{{target}}">{{nl}}</a> <span lang="en" class="en">{{en}}</span></li>{{/problems}}{{#hasProblems}}</ul></div>
    <script nonce="{{nonce}}">document.getElementById('problems').focus();</script>{{/hasProblems}}
    <form method="post" action="/register/" novalidate>
    <input type="hidden" name="csrfmiddlewaretoken" value="{{csrf}}">
    <input type="hidden" name="request_id" value="{{requestID}}">
    {{#fields}}
    <label for="{{name}}">{{nl}} <span lang="en" class="en">/ {{en}}</span>{{#required}} <span aria-hidden="true">*</span>{{/required}}</label>
    <input type="{{type}}" id="{{name}}" name="{{name}}" value="{{value}}" autocomplete="{{autocomplete}}" maxlength="256"{{#required}} required aria-required="true"{{/required}}{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>
    {{#error}}<p class="error" id="{{name}}-error">{{errorNL}} <span lang="en">{{error}}</span></p>{{/error}}
    {{/fields}}
    <div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
    <h2>Privacy</h2>
    <p>We bewaren de contactgegevens hierboven zolang de sleutel bestaat, om u te kunnen bereiken over uw gebruik van onze API's. Een sleutel verloopt na een jaar, tenzij hij verlengd wordt. De sleutel zelf bevat geen persoonsgegevens. {{#contact}}Wilt u uw gegevens laten verwijderen of inzien, schrijf dan naar <a href="mailto:{{contact}}">{{contact}}</a>.{{/contact}}
    <span lang="en" class="en">We keep the contact details above as long as the key exists, to reach you about your use of our APIs. A key expires after a year unless it is renewed. The key itself holds no personal data. {{#contact}}To see your data or have it deleted, write to <a href="mailto:{{contact}}">{{contact}}</a>.{{/contact}}</span>
    {{#privacy}}<a href="{{privacy}}">Privacyverklaring <span lang="en" class="en">/ Privacy statement</span></a>{{/privacy}}</p>
    <div class="check">
    <input type="checkbox" id="agree_on_personal_data" name="agree_on_personal_data" value="on" required aria-required="true"{{#agreed}} checked{{/agreed}}{{#agreementError}} aria-invalid="true" aria-describedby="agree_on_personal_data-error"{{/agreementError}}>
    <label for="agree_on_personal_data">Ik ga akkoord met het bewaren van deze gegevens. <span lang="en" class="en">I agree that these details are kept.</span> <span aria-hidden="true">*</span></label>
    </div>
    {{#agreementError}}<p class="error" id="agree_on_personal_data-error">{{agreementErrorNL}} <span lang="en">{{agreementError}}</span></p>{{/agreementError}}
    <p>Hoe u de sleutel gebruikt: <a href="/docs/">documentatie</a>. <span lang="en" class="en">How to use the key: <a href="/docs/">documentation</a>.</span></p>
    <button type="submit">Sleutel aanvragen <span lang="en">/ Request key</span></button>
    </form>
    <p><small>* verplicht <span lang="en" class="en">/ required</span></small></p>
    {{> foot}}
    """

  static let result = """
    {{> head}}
    {{#renewed}}
    <h1>Uw API-sleutel is verlengd <span lang="en" class="en">/ Your API key was renewed</span></h1>
    <div class="notice" role="status"><p>De nieuwe sleutel heeft hetzelfde nummer en is geldig tot {{expires}}. Vervang de oude sleutel overal door de nieuwe: de oude werkt tot {{currentExpiry}}.
    <span lang="en" class="en">The new key has the same number and is valid until {{expires}}. Replace the old key with it everywhere: the old one works until {{currentExpiry}}.</span></p></div>
    {{/renewed}}
    {{#token}}
    {{^renewed}}<h1>Uw API-sleutel <span lang="en" class="en">/ Your API key</span></h1>{{/renewed}}
    <div class="notice" role="status"><p><strong>Kopieer de sleutel nu: hij wordt niet gemaild en niet nog eens getoond.</strong>
    <span lang="en" class="en">Copy the key now: it is not e-mailed and not shown again.</span></p></div>
    <label for="apikey">API-sleutel <span lang="en" class="en">/ API key</span></label>
    <textarea id="apikey" readonly rows="5" spellcheck="false">{{token}}</textarea>
    <button type="button" id="copy" hidden>Kopiëren <span lang="en">/ Copy</span></button>
    <p id="copied" role="status" aria-live="polite"></p>
    {{/token}}
    {{^token}}
    {{^renewed}}
    <h1>Uw API-sleutel is verstuurd <span lang="en" class="en">/ Your API key was sent</span></h1>
    <div class="notice" role="status"><p>We hebben de sleutel naar <strong>{{email}}</strong> gestuurd.
    <span lang="en" class="en">We sent the key to <strong>{{email}}</strong>.</span></p></div>
    {{/renewed}}
    {{#renewed}}
    <div class="notice" role="status"><p>We hebben de nieuwe sleutel naar het eerste e-mailadres van de sleutel gestuurd.
    <span lang="en" class="en">We sent the new key to the key's first e-mail address.</span></p></div>
    {{/renewed}}
    {{/token}}
    <dl>
    <dt>Nummer <span lang="en" class="en">/ Number</span></dt><dd>{{id}}</dd>
    <dt>Organisatie <span lang="en" class="en">/ Organisation</span></dt><dd>{{organisation}}</dd>
    <dt>Geldig tot <span lang="en" class="en">/ Valid until</span></dt><dd>{{expires}}</dd>
    </dl>
    <h2>Gebruik <span lang="en" class="en">/ Usage</span></h2>
    <p>Stuur de sleutel mee in de header <code>X-Api-Key</code>. <span lang="en" class="en">Send the key in the <code>X-Api-Key</code> header.</span></p>
    <pre>curl -H 'X-Api-Key: {{#token}}{{token}}{{/token}}{{^token}}YOUR_KEY{{/token}}' https://…</pre>
    <p><a href="/docs/">Meer in de documentatie <span lang="en" class="en">/ More in the documentation</span></a></p>
    {{#token}}
    <script nonce="{{nonce}}">
    (function(){var b=document.getElementById('copy'),k=document.getElementById('apikey'),s=document.getElementById('copied');
    if(!navigator.clipboard||!b)return;b.hidden=false;b.addEventListener('click',function(){navigator.clipboard.writeText(k.value).then(function(){s.textContent='Gekopieerd / Copied';},function(){k.select();});});})();
    </script>
    {{/token}}
    {{> foot}}
    """

  static let docs = """
    {{> head}}
    <h1>API-sleutels gebruiken <span lang="en" class="en">/ Using API keys</span></h1>
    <p>Een API-sleutel vraagt u aan op <a href="/register/">/register/</a>. Stuur hem mee in de header <code>X-Api-Key</code> van elk verzoek:
    <span lang="en" class="en">Request an API key at <a href="/register/">/register/</a>. Send it in the <code>X-Api-Key</code> header of every request:</span></p>
    <pre>curl -H 'X-Api-Key: YOUR_KEY' {{api}}/…</pre>
    <p>Programma's die geen headers kunnen sturen, geven de sleutel mee als query-parameter <code>x-api-key</code>:
    <span lang="en" class="en">Tools that cannot send headers pass the key as the <code>x-api-key</code> query parameter:</span></p>
    <pre>{{api}}/…?x-api-key=YOUR_KEY</pre>
    <p>Een query-parameter kan in logbestanden terechtkomen; gebruik de header waar dat kan.
    <span lang="en" class="en">A query parameter may end up in log files; use the header where you can.</span></p>
    <h2>Voor ontwikkelaars <span lang="en" class="en">/ For developers</span></h2>
    <p>Sleutels zijn JWT's, ondertekend met Ed25519. De publieke sleutels staan op <a href="/signingkeys/">/signingkeys/</a> (JWKS), ingetrokken sleutels op <a href="/revoked">/revoked</a>.
    <span lang="en" class="en">Keys are JWTs signed with Ed25519. The public keys are at <a href="/signingkeys/">/signingkeys/</a> (a JWKS), revoked keys at <a href="/revoked">/revoked</a>.</span></p>
    <p>Een ingetrokken sleutel wordt geweigerd door wie de lijst <a href="/revoked">/revoked</a> leest: de Swift-bibliotheek APIKeyClient, de controle <code>VerifyKey</code> van de daemon en elke dienst die de lijst zelf controleert. De oorspronkelijke Python-middleware (datadiensten-apikeyclient) leest die lijst niet: daar blijft zo'n sleutel geldig tot hij verloopt.
    <span lang="en" class="en">A revoked key is refused by whoever reads the list at <a href="/revoked">/revoked</a>: the Swift library APIKeyClient, the daemon's <code>VerifyKey</code> and any service that checks the list itself. The original's Python middleware (datadiensten-apikeyclient) does not read it: there such a key stays valid until it expires.</span></p>
    <p>Een programma kan een sleutel aanvragen met <code>POST /apikeys/</code> en de velden van het formulier als JSON:
    <span lang="en" class="en">A program can request a key with <code>POST /apikeys/</code> and the form's fields as JSON:</span></p>
    <pre>curl -H 'Content-Type: application/json' -d '{"email_1": "you@example.org", "organisation": "Example", "agree_on_personal_data": true}' {{base}}/apikeys/</pre>
    {{> foot}}
    """

  static let renew = """
    {{> head}}
    <h1>API-sleutel verlengen <span lang="en" class="en">/ Renew an API key</span></h1>
    <dl>
    <dt>Nummer <span lang="en" class="en">/ Number</span></dt><dd>{{id}}</dd>
    <dt>Organisatie <span lang="en" class="en">/ Organisation</span></dt><dd>{{organisation}}</dd>
    {{#name}}<dt>Gebruikt voor <span lang="en" class="en">/ Used for</span></dt><dd>{{name}}</dd>{{/name}}
    <dt>Geldig tot <span lang="en" class="en">/ Valid until</span></dt><dd>{{currentExpiry}}</dd>
    <dt>Na verlengen <span lang="en" class="en">/ After renewal</span></dt><dd>{{expires}}</dd>
    </dl>
    <p>U krijgt een nieuwe sleutel met hetzelfde nummer. De link werkt één keer.
    <span lang="en" class="en">You get a new key with the same number. The link works once.</span></p>
    <form method="post">
    <input type="hidden" name="csrfmiddlewaretoken" value="{{csrf}}">
    <button type="submit">Verlengen <span lang="en">/ Renew</span></button>
    </form>
    {{> foot}}
    """

  static let message = """
    {{> head}}
    <h1>{{title}}</h1>
    <div class="alert" role="alert"><p>{{nl}}</p><p lang="en" class="en">{{en}}</p></div>
    <p><a href="/register/">Terug naar het formulier <span lang="en" class="en">/ Back to the form</span></a></p>
    {{> foot}}
    """
}
