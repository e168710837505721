function __apikey-http_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __apikey-http_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __apikey-http_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __apikey-http_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __apikey-http_parse_tokens -S
    set -l unparsed_tokens (__apikey-http_tokens -pc)
    switch $unparsed_tokens[1]
    case 'apikey-http'
        __apikey-http_parse_subcommand 0 'socket=' 'host=' 'port=' 'max-age=' 'max-backoff=' 'daemon-user=' 'max-connections=' 'header-timeout=' 'request-timeout=' 'idle-timeout=' 'verifier-name=' 'revision-report-interval=' 'accept-usage-reports' 'usage-report-limit=' 'self-service' 'register-socket=' 'trust-proxy=+' 'limit-per-client=' 'max-body-size=' 'allowed-origin=+' 'self-service-texts=' 'site-name=' 'contact-email=' 'privacy-url=' 'api-base-url=' 'log-level=' 'log-format=' 'config=' 'check-config' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __apikey-http_parse_subcommand -r 1 
        end
    end
end

function __apikey-http_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __apikey-http_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __apikey-http_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __apikey-http_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__apikey-http_tokens -p)
    if test -z "$(__apikey-http_tokens -t)"
        set -l index (count (__apikey-http_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'apikey-http' -f
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" socket' -l 'socket' -d 'The daemon\'s public socket. Default: $APIKEYSERV_SOCKET, else ./var/apikeyserv.sock' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" host' -l 'host' -d 'Address to listen on.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" port' -l 'port' -d 'Port to listen on.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" max-age' -l 'max-age' -d 'Cache-Control max-age of the key set, in seconds.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" max-backoff' -l 'max-backoff' -d 'Longest wait between reconnection attempts, in seconds.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused. Default: root or the owner of the socket\'s directory.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" max-connections' -l 'max-connections' -d 'Open HTTP connections at most (kept below the open-file limit); at the cap a new connection closes the one that has waited longest for a request.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" header-timeout' -l 'header-timeout' -d 'Seconds a connection may take to send a request head, after opening or after its previous response.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" request-timeout' -l 'request-timeout' -d 'Seconds a connection may take to send a whole request, body included, after opening or after its previous response.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" idle-timeout' -l 'idle-timeout' -d 'Seconds a connection may stay without traffic.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" verifier-name' -l 'verifier-name' -d 'The name the bridge reports the key-set revision it serves under (apikeyctl verifiers).' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" revision-report-interval' -l 'revision-report-interval' -d 'Seconds between the bridge\'s reports of the revision it serves (it reports at once when the revision changes).' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" accept-usage-reports' -l 'accept-usage-reports' -d 'Accept verifiers\' usage reports at POST /usage/ and forward them to the daemon\'s public socket. Off by default: anyone who reaches the bridge could make a key look used.'
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" usage-report-limit' -l 'usage-report-limit' -d 'Usage reports per client address at POST /usage/.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" self-service' -l 'self-service' -d 'Serve /register/, /apikeys/ and /docs/, so the public can request keys.'
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" register-socket' -l 'register-socket' -d 'The daemon\'s registration socket. Default: register.sock beside --socket' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http"' -l 'trust-proxy' -d 'A proxy (CIDR, or one address) whose X-Forwarded-For names the client; repeat for more.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" limit-per-client' -l 'limit-per-client' -d 'Key requests per client address (COUNT/UNIT: second, minute, hour, day).' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" max-body-size' -l 'max-body-size' -d 'Largest request body of /register/ and /apikeys/, in bytes.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http"' -l 'allowed-origin' -d 'An origin (https://HOST[:PORT]) whose pages may POST /apikeys/ from a browser; repeat, or separate with commas, for more. Default: any origin, as the original (any web page can then make its visitors request keys).' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" self-service-texts' -l 'self-service-texts' -d 'A JSON file with the pages\' texts: site_name, contact_email, privacy_url.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" site-name' -l 'site-name' -d 'Who issues the keys, as the pages name it (overrides the texts file; the daemon\'s --site-name names it in the e-mails).' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" contact-email' -l 'contact-email' -d 'An address for questions, shown on the pages.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" privacy-url' -l 'privacy-url' -d 'A link to the full privacy statement, shown beside the form\'s privacy text.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" api-base-url' -l 'api-base-url' -d 'The base URL of the APIs the keys are for, for the examples on /docs/ (https://api.data.example.org). Default: a placeholder.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" log-level' -l 'log-level' -d 'Log level.' -rfka 'trace debug info notice warning error critical'
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" log-format' -l 'log-format' -d 'Log line format: text, or json (one object per line).' -rfka 'text json'
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" config' -l 'config' -d 'A configuration file: one "name = value" per line, a long option\'s name without its dashes. Flags and environment variables override it.' -rfka ''
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" check-config' -l 'check-config' -d 'Print the effective configuration (where each setting came from) and exit without serving; a setting that does not parse exits non-zero naming it.'
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_flags_or_options "apikey-http" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikey-http' -n '__apikey-http_should_offer_completions_for_positional "apikey-http" -eq 1' -fa 'help' -d 'Show subcommand help information.'
