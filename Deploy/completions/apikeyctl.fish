function __apikeyctl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __apikeyctl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __apikeyctl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __apikeyctl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __apikeyctl_parse_tokens -S
    set -l unparsed_tokens (__apikeyctl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'apikeyctl'
        __apikeyctl_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'issue'
            __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'email=' 'organisation=' 'contact-name=' 'email-2=' 'contact-name-2=' 'department=' 'expires=' 'no-expiry' 'name=' 'tag=+' 'request-id=' 'h/help'
        case 'keys'
            __apikeyctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'search=' 'organisation=' 'email=' 'expiring-before=' 'tag=+' 'name-contains=' 'used-since=' 'unused-since=' 'signed-by=' 'order=' 'expired' 'not-expired' 'revoked' 'not-revoked' 'sent' 'unsent' 'page-size=' 'page-token=' 'all' 'h/help'
            case 'expiring'
                __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'within=' 'organisation=' 'h/help'
            case 'show'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'h/help'
            case 'usage'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'days=' 'h/help'
            case 'update'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'email=' 'organisation=' 'contact-name=' 'email-2=' 'contact-name-2=' 'department=' 'expires=' 'no-expiry' 'name=' 'tag=+' 'untag=+' 'sent' 'unsent' 'resign' 'h/help'
            case 'mark-sent'
                __apikeyctl_parse_subcommand -r 1 'socket=' 'json' 'daemon-user=' 'h/help'
            case 'resign'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'signed-by=' 'output=' 'h/help'
            case 'renew'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'until=' 'h/help'
            case 'revoke'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'reason=' 'yes' 'wait-for-verifiers=' 'h/help'
            case 'erase'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'yes' 'h/help'
            end
        case 'signing-key'
            __apikeyctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'not-before=' 'h/help'
            case 'generate'
                __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'not-before=' 'h/help'
            case 'rotate'
                __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'publish-ahead=' 'wait-for-verifiers=' 'h/help'
            case 'list'
                __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'h/help'
            case 'retire'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'grace=' 'dry-run' 'yes' 'wait-for-verifiers=' 'h/help'
            end
        case 'public-keys'
            __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'h/help'
        case 'verify'
            __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'h/help'
        case 'audit'
            __apikeyctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'since=' 'until=' 'target=' 'action=' 'wide' 'newest-first' 'h/help'
            case 'verify'
                __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'h/help'
            end
        case 'import'
            __apikeyctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'django'
                __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'dry-run' 'timezone=' 'h/help'
            end
        case 'backup'
            __apikeyctl_parse_subcommand 1 'socket=' 'json' 'daemon-user=' 'h/help'
        case 'verifiers'
            __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'window=' 'h/help'
        case 'console'
            __apikeyctl_parse_subcommand 0 'socket=' 'json' 'daemon-user=' 'listen=' 'session-lifetime=' 'h/help'
        case 'help'
            __apikeyctl_parse_subcommand -r 1 
        end
    end
end

function __apikeyctl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __apikeyctl_parse_subcommand -S -a positional_count
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

function __apikeyctl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __apikeyctl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__apikeyctl_tokens -p)
    if test -z "$(__apikeyctl_tokens -t)"
        set -l index (count (__apikeyctl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'apikeyctl' -f
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'issue' -d 'Issue an API key; prints the token on stdout (details on stderr).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'keys' -d 'List, show, update, re-sign, renew, revoke and erase API keys.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'signing-key' -d 'Add, generate, rotate, list and retire signing keys.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'public-keys' -d 'Print the published key set as a JWKS (with --json: the full set message).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'verify' -d 'Check an API key against the published keys (exit 0 valid, 1 invalid).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'audit' -d 'List the audit trail, or verify its hash chain.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'import' -d 'Import records from the original apikeyserv.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'backup' -d 'Write a consistent copy of the live database to a new file.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'verifiers' -d 'List the verifiers that reported recently, SYNCED or STALE.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'console' -d 'Serve the admin console in a browser, as you, on loopback or a Unix socket.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" email' -l 'email' -d 'Contact e-mail address.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" organisation' -l 'organisation' -d 'Organisation.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" contact-name' -l 'contact-name' -d 'Name of the contact person.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" email-2' -l 'email-2' -d 'Second contact\'s e-mail address.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" contact-name-2' -l 'contact-name-2' -d 'Second contact\'s name.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" department' -l 'department' -d 'Department.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" expires' -l 'expires' -d 'Expiry: a date (2027-06-30, or 2027-06-30T12:00:00Z) or a time from now (30d, 12w, 1y).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" no-expiry' -l 'no-expiry' -d 'The key never expires.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" name' -l 'name' -d 'What the key is for, e.g. "BBGA dashboard, production" (at most 200 characters).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue"' -l 'tag' -d 'A tag, key=value (repeat for several; at most 16 per key; keys of a-z 0-9 _ . -).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" request-id' -l 'request-id' -d 'Idempotency key: repeating the command with the same id returns the same key.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl issue" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'list' -d 'List API keys, newest first.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'expiring' -d 'List keys (not revoked) that expire within a period, and their expiry reminders: sent, due, or failing and why.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'show' -d 'Show one API key\'s record.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'usage' -d 'Print an API key\'s daily use as its verifiers reported it.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'update' -d 'Change an API key\'s owner record, name or tags; options left out keep their value.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'mark-sent' -d 'Record that keys were handed to their owners.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'resign' -d 'Print fresh tokens, signed by the current signing key.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'renew' -d 'Renew an API key, keeping its id: a later expiry and a fresh token (on stdout).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'revoke' -d 'Revoke an API key for good (asks first on a terminal).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl keys" -eq 1' -fa 'erase' -d 'Erase an API key\'s owner details for good (asks first on a terminal).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" search' -l 'search' -d 'Text anywhere in the e-mail addresses, contact names, organisation, department, name or id, ignoring case.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" organisation' -l 'organisation' -d 'Only this organisation, the whole name (ignoring case); see --search.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" email' -l 'email' -d 'Only keys with this whole e-mail address (first or second contact); see --search.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" expiring-before' -l 'expiring-before' -d 'Only keys not yet expired that expire before this date (2027-06-30).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list"' -l 'tag' -d 'Only keys with this tag (repeat: all of them); the value ignoring case.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" name-contains' -l 'name-contains' -d 'Only keys whose name holds this text, ignoring case.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" used-since' -l 'used-since' -d 'Only keys with an accepted use reported within this long (`7d`, `12h`).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" unused-since' -l 'unused-since' -d 'Only keys with no accepted use reported within this long (`90d`): candidates to revoke.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" signed-by' -l 'signed-by' -d 'Only keys holding a token signed by this signing key (expired tokens too).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" order' -l 'order' -d 'newest: newest first; expiry: the soonest expiry first (keys that never expire left out).' -rfka 'newest expiry'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" expired' -l 'expired' -d 'Only expired keys.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" not-expired' -l 'not-expired' -d 'Only keys not expired (keys that never expire included).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" revoked' -l 'revoked' -d 'Only revoked keys.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" not-revoked' -l 'not-revoked' -d 'Only keys not revoked.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" sent' -l 'sent' -d 'Only keys marked as handed to their owners.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" unsent' -l 'unsent' -d 'Only keys not marked so.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" page-size' -l 'page-size' -d 'Records per page (1-1000).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" page-token' -l 'page-token' -d 'Continue from this page token (printed after a page).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" all' -l 'all' -d 'Fetch every page.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys expiring" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys expiring" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys expiring" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys expiring" within' -l 'within' -d 'The period from now (90s, 65m, 2h, 30d, 12w). Default: 30d.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys expiring" organisation' -l 'organisation' -d 'Only this organisation.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys expiring" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys show" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys show" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys show" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys usage" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys usage" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys usage" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys usage" days' -l 'days' -d 'How many days back, today included (1 to the daemon\'s retention).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys usage" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" email' -l 'email' -d 'Contact e-mail address.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" organisation' -l 'organisation' -d 'Organisation.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" contact-name' -l 'contact-name' -d 'Name of the contact person.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" email-2' -l 'email-2' -d 'Second contact\'s e-mail address.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" contact-name-2' -l 'contact-name-2' -d 'Second contact\'s name.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" department' -l 'department' -d 'Department.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" expires' -l 'expires' -d 'Expiry: a date (2027-06-30, or 2027-06-30T12:00:00Z) or a time from now (30d, 12w, 1y).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" no-expiry' -l 'no-expiry' -d 'The key never expires.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" name' -l 'name' -d 'What the key is for, e.g. "BBGA dashboard, production" (at most 200 characters).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update"' -l 'tag' -d 'A tag, key=value (repeat for several; at most 16 per key; keys of a-z 0-9 _ . -).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update"' -l 'untag' -d 'Remove the tag with this key (repeat for several).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" sent' -l 'sent' -d 'Mark as handed to its owner, or not.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" unsent' -l 'unsent' -d 'Mark as handed to its owner, or not.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" resign' -l 'resign' -d 'Also sign a fresh token with the record as changed (printed on stdout).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys update" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys mark-sent" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys mark-sent" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys mark-sent" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys mark-sent" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys resign" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys resign" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys resign" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys resign" signed-by' -l 'signed-by' -d 'Re-sign every key that depends on this signing key.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys resign" output' -l 'output' -d 'With --signed-by: write the JSON lines to this new file (mode 0600).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys resign" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys renew" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys renew" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys renew" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys renew" until' -l 'until' -d 'The new expiry (2027-06-30).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys renew" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys revoke" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys revoke" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys revoke" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys revoke" reason' -l 'reason' -d 'Why, in a few words; recorded in the audit entry (no contact data: addresses are taken out).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys revoke" yes' -l 'yes' -d 'Revoke without asking (a terminal is asked to confirm; scripts are not).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys revoke" wait-for-verifiers' -l 'wait-for-verifiers' -d 'Return once every verifier seen in the last 24 h reports the new revision, or at this timeout (default 5m) naming those that did not, with exit status 3.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys revoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys erase" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys erase" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys erase" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys erase" yes' -l 'yes' -d 'Erase without asking (a terminal is asked to confirm; scripts are not).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl keys erase" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl signing-key" -eq 1' -fa 'add' -d 'Add an Ed25519 key from a PKCS#8 PEM file, or - for stdin.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl signing-key" -eq 1' -fa 'generate' -d 'Generate a new signing key inside the daemon.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl signing-key" -eq 1' -fa 'rotate' -d 'Generate the next signing key: published now, signing after a delay.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl signing-key" -eq 1' -fa 'list' -d 'List signing keys with their state and the time of each step.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl signing-key" -eq 1' -fa 'retire' -d 'Retire a signing key: it stops signing, and leaves the published set.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key add" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key add" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key add" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key add" not-before' -l 'not-before' -d 'Publish now, start signing at this time (2027-06-30T12:00:00Z). Default: now.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key generate" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key generate" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key generate" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key generate" not-before' -l 'not-before' -d 'Publish now, start signing at this time. Default: now.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key generate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key rotate" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key rotate" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key rotate" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key rotate" publish-ahead' -l 'publish-ahead' -d 'How long to publish the new key before it signs (90s, 65m, 2h, 7d). Default: 65m.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key rotate" wait-for-verifiers' -l 'wait-for-verifiers' -d 'Return once every verifier seen in the last 24 h reports the new revision, or at this timeout (default 5m) naming those that did not, with exit status 3.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key rotate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key list" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key list" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key list" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key retire" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key retire" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key retire" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key retire" grace' -l 'grace' -d 'Keep the key published this long before it leaves the set (90s, 65m, 2h, 7d).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key retire" dry-run' -l 'dry-run' -d 'Only print the impact; change nothing.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key retire" yes' -l 'yes' -d 'Retire even when API keys would stop verifying, without asking.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key retire" wait-for-verifiers' -l 'wait-for-verifiers' -d 'Return once every verifier seen in the last 24 h reports the new revision, or at this timeout (default 5m) naming those that did not, with exit status 3.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl signing-key retire" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl public-keys" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl public-keys" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl public-keys" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl public-keys" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verify" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verify" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verify" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl audit" -eq 1' -fa 'list' -d 'Print audit entries, oldest first unless --newest-first (ids and kids only, never contact data).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl audit" -eq 1' -fa 'verify' -d 'Check the audit trail\'s hash chain and the sealed security state; exit 1 naming what is broken.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" since' -l 'since' -d 'Only entries at or after this time (2027-06-30 or 2027-06-30T12:00:00Z).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" until' -l 'until' -d 'Only entries before this time.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" target' -l 'target' -d 'Only entries about this API key id or kid.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" action' -l 'action' -d 'Only entries of this action (issue_key, request_key, update_key, mark_sent, resign_key, revoke_key, generate_signing_key, rotate_signing_key, retire_signing_key, …).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" wide' -l 'wide' -d 'Every column in full (the caller as the daemon recorded it, the hash).'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" newest-first' -l 'newest-first' -d 'Newest first instead of oldest first.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit verify" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit verify" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit verify" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl audit verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_positional "apikeyctl import" -eq 1' -fa 'django' -d 'Import `python manage.py dumpdata apikeys` JSON: API keys and signing keys.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl import django" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl import django" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl import django" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl import django" dry-run' -l 'dry-run' -d 'Only print what would change.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl import django" timezone' -l 'timezone' -d 'IANA time zone of the dump\'s timestamps (default: Europe/Amsterdam).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl import django" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl backup" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl backup" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl backup" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl backup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verifiers" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verifiers" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verifiers" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verifiers" window' -l 'window' -d 'Verifiers that reported within this long (default 24h).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl verifiers" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl console" socket' -l 'socket' -d 'Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl console" json' -l 'json' -d 'Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.'
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl console" daemon-user' -l 'daemon-user' -d 'The user the daemon runs as; a socket served by anyone else is refused.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl console" listen' -l 'listen' -d 'Where to serve: 127.0.0.1:PORT (0: a free port), [::1]:PORT, or unix:PATH (created mode 0600). Loopback only.' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl console" session-lifetime' -l 'session-lifetime' -d 'How long a browser session lasts from entry (8h, 30m, 1d).' -rfka ''
complete -c 'apikeyctl' -n '__apikeyctl_should_offer_completions_for_flags_or_options "apikeyctl console" h help' -s 'h' -l 'help' -d 'Show help information.'
