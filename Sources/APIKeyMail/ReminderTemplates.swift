/// The expiry reminder's Mustache templates, compiled into the binary: a plain-text part and an
/// HTML alternative, each Dutch first and English after. `{{{…}}}` in the text part (nothing to
/// escape there); `{{…}}` in the HTML part, which escapes what the owner typed (organisation,
/// name).
enum ReminderTemplates {
  static let all: [String: String] = ["text": text, "html": html]

  static let text = """
    (English below)

    Uw API-sleutel van {{{site}}} verloopt over {{{remainingNL}}}, op {{{expires}}}.

    Organisatie: {{{organisation}}}
    Nummer: {{{id}}}
    {{#name}}Gebruikt voor: {{{name}}}
    {{/name}}
    {{#link}}
    Verlengen kan tot {{{linkUntil}}} met deze link; u krijgt dan een nieuwe sleutel met hetzelfde
    nummer, geldig tot {{{renewedUntil}}}. De link werkt één keer:

      {{{link}}}
    {{/link}}
    {{^link}}
    Wilt u de sleutel blijven gebruiken, vraag dan om verlenging{{#contact}} bij {{{contact}}}{{/contact}}.
    {{/link}}
    Na {{{expires}}} weigeren diensten de huidige sleutel. Gebruikt u hem niet meer, dan hoeft u
    niets te doen.

    -----

    Your API key from {{{site}}} expires in {{{remainingEN}}}, on {{{expires}}}.

    Organisation: {{{organisation}}}
    Number: {{{id}}}
    {{#name}}Used for: {{{name}}}
    {{/name}}
    {{#link}}
    Until {{{linkUntil}}} you can renew it with this link; you then get a new key with the same
    number, valid until {{{renewedUntil}}}. The link works once:

      {{{link}}}
    {{/link}}
    {{^link}}
    To keep using the key, ask for a renewal{{#contact}} at {{{contact}}}{{/contact}}.
    {{/link}}
    After {{{expires}}} services refuse the current key. If you no longer use it, do nothing.

    You receive this message because this address is a contact of the key.
    """

  static let html = """
    <!DOCTYPE html>
    <html lang="nl">
    <head><meta charset="utf-8"><title>{{site}}</title></head>
    <body style="font-family:sans-serif;line-height:1.5;max-width:40rem">
    <p>Uw API-sleutel van {{site}} verloopt over {{remainingNL}}, op <strong>{{expires}}</strong>.</p>
    <table>
    <tr><th align="left">Organisatie</th><td>{{organisation}}</td></tr>
    <tr><th align="left">Nummer</th><td>{{id}}</td></tr>
    {{#name}}<tr><th align="left">Gebruikt voor</th><td>{{name}}</td></tr>{{/name}}
    </table>
    {{#link}}<p>Verlengen kan tot {{linkUntil}}: u krijgt een nieuwe sleutel met hetzelfde nummer, geldig tot {{renewedUntil}}. De link werkt één keer.</p>
    <p><a href="{{link}}">Sleutel verlengen</a></p>{{/link}}
    {{^link}}<p>Wilt u de sleutel blijven gebruiken, vraag dan om verlenging{{#contact}} bij <a href="mailto:{{contact}}">{{contact}}</a>{{/contact}}.</p>{{/link}}
    <p>Na {{expires}} weigeren diensten de huidige sleutel. Gebruikt u hem niet meer, dan hoeft u niets te doen.</p>
    <hr>
    <div lang="en">
    <p>Your API key from {{site}} expires in {{remainingEN}}, on <strong>{{expires}}</strong>.</p>
    <table>
    <tr><th align="left">Organisation</th><td>{{organisation}}</td></tr>
    <tr><th align="left">Number</th><td>{{id}}</td></tr>
    {{#name}}<tr><th align="left">Used for</th><td>{{name}}</td></tr>{{/name}}
    </table>
    {{#link}}<p>Until {{linkUntil}} you can renew it: you get a new key with the same number, valid until {{renewedUntil}}. The link works once.</p>
    <p><a href="{{link}}">Renew the key</a></p>{{/link}}
    {{^link}}<p>To keep using the key, ask for a renewal{{#contact}} at <a href="mailto:{{contact}}">{{contact}}</a>{{/contact}}.</p>{{/link}}
    <p>After {{expires}} services refuse the current key. If you no longer use it, do nothing.</p>
    <p>You receive this message because this address is a contact of the key.</p>
    </div>
    </body>
    </html>
    """
}
