function __apikeyserv_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __apikeyserv_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __apikeyserv_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __apikeyserv_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __apikeyserv_parse_tokens -S
    set -l unparsed_tokens (__apikeyserv_tokens -pc)
    switch $unparsed_tokens[1]
    case 'apikeyserv'
        __apikeyserv_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'serve'
            __apikeyserv_parse_subcommand 0 'data-dir=' 'database=' 'database-password-file=' 'database-pool-size=' 'master-key-file=' 'socket=' 'admin-socket=' 'admin-group=' 'self-service' 'register-socket=' 'register-group=' 'self-service-delivery=' 'sendmail=' 'mail-from=' 'site-name=' 'limit-per-email=' 'limit-per-client=' 'limit-overall=' 'expiry-reminders=' 'renewal-period=' 'renewal-url=' 'renewal-link-lifetime=' 'generate-signing-key-if-none' 'max-connections-per-user=' 'max-streams-per-user=' 'max-message-size=' 'idle-timeout=' 'call-timeout=' 'metrics-listen=' 'metrics-group=' 'usage-retention=' 'verifier-stale-after=' 'usage-report-limit=' 'erase-contact-after=' 'log-level=' 'log-format=' 'config=' 'check-config' 'h/help'
        case 'restore'
            __apikeyserv_parse_subcommand 1 'data-dir=' 'database=' 'database-password-file=' 'database-pool-size=' 'master-key-file=' 'log-level=' 'log-format=' 'config=' 'h/help'
        case 'copy-database'
            __apikeyserv_parse_subcommand 0 'from=' 'to=' 'from-password-file=' 'to-password-file=' 'data-dir=' 'master-key-file=' 'log-level=' 'log-format=' 'config=' 'h/help'
        case 'help'
            __apikeyserv_parse_subcommand -r 1 
        end
    end
end

function __apikeyserv_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __apikeyserv_parse_subcommand -S -a positional_count
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

function __apikeyserv_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __apikeyserv_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__apikeyserv_tokens -p)
    if test -z "$(__apikeyserv_tokens -t)"
        set -l index (count (__apikeyserv_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'apikeyserv' -f
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_positional "apikeyserv" -eq 1' -fa 'serve' -d 'Run the daemon (the default command).'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_positional "apikeyserv" -eq 1' -fa 'restore' -d 'Install a backup made by `apikeyctl backup` (stop the daemon first).'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_positional "apikeyserv" -eq 1' -fa 'copy-database' -d 'Copy a stopped store into an empty one: SQLite to PostgreSQL, or back.'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_positional "apikeyserv" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" data-dir' -l 'data-dir' -d 'Directory for the database, master key and sockets.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" database' -l 'database' -d 'The database: a SQLite file path, or a postgres:// (postgresql://) URL for daemons on several hosts sharing one state. Default: DATA_DIR/apikeyserv.db' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" database-password-file' -l 'database-password-file' -d 'A file whose first line is the PostgreSQL password (e.g. a systemd credential); it overrides one in the URL.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" database-pool-size' -l 'database-pool-size' -d 'PostgreSQL: connections in the pool.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" master-key-file' -l 'master-key-file' -d 'Master key file (32 bytes, 0600 or 0400). Default: $CREDENTIALS_DIRECTORY/master.key when systemd passes it (LoadCredential=master.key:…), else DATA_DIR/master.key' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" socket' -l 'socket' -d 'Public socket path (PublicKeys + Health, mode 0666). Default: DATA_DIR/apikeyserv.sock' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" admin-socket' -l 'admin-socket' -d 'Admin socket path (all services, mode 0600). Default: DATA_DIR/admin.sock' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" admin-group' -l 'admin-group' -d 'Let this group use the admin socket (mode 0660).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" self-service' -l 'self-service' -d 'Open the registration socket, so apikey-http --self-service can let the public request keys.'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" register-socket' -l 'register-socket' -d 'Registration socket path (Registration + Health, mode 0600). Default: DATA_DIR/register.sock' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" register-group' -l 'register-group' -d 'Let this group use the registration socket (mode 0660): the bridge\'s user\'s group.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" self-service-delivery' -l 'self-service-delivery' -d 'How a new key reaches its requester: page (shown once) or email (sent to email_1).' -rfka 'page email'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" sendmail' -l 'sendmail' -d 'The host\'s sendmail program, for --self-service-delivery email and --expiry-reminders.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" mail-from' -l 'mail-from' -d 'From address of the key e-mails, with a name if you like (API keys <noreply@example.org>). Default: the mail transfer agent\'s.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" site-name' -l 'site-name' -d 'Who issues the keys, as the daemon\'s e-mails name it (the bridge\'s --site-name names it on the pages).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" limit-per-email' -l 'limit-per-email' -d 'Self-service keys per e-mail address (COUNT/UNIT: second, minute, hour, day).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" limit-per-client' -l 'limit-per-client' -d 'Self-service keys per client address (an IPv6 client counts per /64).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" limit-overall' -l 'limit-overall' -d 'Self-service keys altogether.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" expiry-reminders' -l 'expiry-reminders' -d 'E-mail each key\'s contacts this long before it expires, once per threshold (`30d,7d,1d`), through --sendmail, From --mail-from, naming --site-name. Default: none.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" renewal-period' -l 'renewal-period' -d 'How far a renewal (`apikeyctl keys renew`, a reminder\'s link) moves a key\'s expiry, from its current expiry.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" renewal-url' -l 'renewal-url' -d 'The self-service bridge\'s public address (https://keys.example.org): each reminder links to /renew/… there, where the owner renews once. Needs --self-service. Default: no link; the reminder says to ask --mail-from.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" renewal-link-lifetime' -l 'renewal-link-lifetime' -d 'How long a reminder\'s renewal link works.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" generate-signing-key-if-none' -l 'generate-signing-key-if-none' -d 'Generate a signing key at startup when none can sign.'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" max-connections-per-user' -l 'max-connections-per-user' -d 'Public socket: open connections per user (the kernel\'s uid of the caller).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" max-streams-per-user' -l 'max-streams-per-user' -d 'Public socket: concurrent calls and watch streams per user.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" max-message-size' -l 'max-message-size' -d 'Public socket: largest request message, in bytes.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" idle-timeout' -l 'idle-timeout' -d 'Public socket: seconds a connection may stay without a call before it is closed.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" call-timeout' -l 'call-timeout' -d 'Longest call in seconds, on both sockets (clients may ask for less; watch streams have none).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" metrics-listen' -l 'metrics-listen' -d 'Serve GET /metrics (Prometheus) at PORT (on 127.0.0.1), HOST:PORT, or a Unix socket path. Default: no metrics endpoint.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" metrics-group' -l 'metrics-group' -d 'The group whose members may scrape a Unix --metrics-listen socket (mode 0660). Default: the daemon\'s user only (0600).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" usage-retention' -l 'usage-retention' -d 'How long daily usage counts are kept (`400d`, `52w`).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" verifier-stale-after' -l 'verifier-stale-after' -d 'How long a verifier may hold an older key-set revision, or stay silent, before `apikeyctl verifiers` shows it STALE.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" usage-report-limit' -l 'usage-report-limit' -d 'Usage reports per peer (a user on the public socket; a client address through the bridge).' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" erase-contact-after' -l 'erase-contact-after' -d 'Erase the owner\'s details (contact, name, tags) of keys expired or revoked longer ago than this (`90d`), on a schedule, audited as the daemon. Default: kept.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" log-level' -l 'log-level' -d 'Log level.' -rfka 'trace debug info notice warning error critical'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" log-format' -l 'log-format' -d 'Log line format: text, or json (one object per line).' -rfka 'text json'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" config' -l 'config' -d 'A configuration file: one "name = value" per line, a long option\'s name without its dashes. Flags and environment variables override it.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" check-config' -l 'check-config' -d 'Print the effective configuration (where each setting came from, secrets hidden) and check it without starting or changing anything; exit 1 naming each problem.'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" data-dir' -l 'data-dir' -d 'Directory for the database, master key and sockets.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" database' -l 'database' -d 'The database: a SQLite file path, or a postgres:// (postgresql://) URL for daemons on several hosts sharing one state. Default: DATA_DIR/apikeyserv.db' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" database-password-file' -l 'database-password-file' -d 'A file whose first line is the PostgreSQL password (e.g. a systemd credential); it overrides one in the URL.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" database-pool-size' -l 'database-pool-size' -d 'PostgreSQL: connections in the pool.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" master-key-file' -l 'master-key-file' -d 'Master key file (32 bytes, 0600 or 0400). Default: $CREDENTIALS_DIRECTORY/master.key when systemd passes it (LoadCredential=master.key:…), else DATA_DIR/master.key' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" log-level' -l 'log-level' -d 'Log level.' -rfka 'trace debug info notice warning error critical'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" log-format' -l 'log-format' -d 'Log line format: text, or json (one object per line).' -rfka 'text json'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" config' -l 'config' -d 'A configuration file: one "name = value" per line, a long option\'s name without its dashes. Flags and environment variables override it.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv restore" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" from' -l 'from' -d 'The store to copy: a SQLite path or a postgres:// URL.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" to' -l 'to' -d 'The empty store to fill: a SQLite path or a postgres:// URL.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" from-password-file' -l 'from-password-file' -d 'A file whose first line is the source\'s PostgreSQL password.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" to-password-file' -l 'to-password-file' -d 'A file whose first line is the target\'s PostgreSQL password.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" data-dir' -l 'data-dir' -d 'The data directory of the source\'s daemon, whose master key is used.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" master-key-file' -l 'master-key-file' -d 'The master key file. Default: DATA_DIR/master.key' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" log-level' -l 'log-level' -d 'Log level.' -rfka 'trace debug info notice warning error critical'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" log-format' -l 'log-format' -d 'Log line format: text, or json (one object per line).' -rfka 'text json'
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" config' -l 'config' -d 'A configuration file: one "name = value" per line, a long option\'s name without its dashes. Flags and environment variables override it.' -rfka ''
complete -c 'apikeyserv' -n '__apikeyserv_should_offer_completions_for_flags_or_options "apikeyserv copy-database" h help' -s 'h' -l 'help' -d 'Show help information.'
