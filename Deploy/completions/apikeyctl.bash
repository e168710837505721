#!/bin/bash

__apikeyctl_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__apikeyctl_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__apikeyctl_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__apikeyctl_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_apikeyctl() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(-h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __apikeyctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    issue|keys|signing-key|public-keys|verify|audit|import|backup|verifiers|console|help)
        # Offer subcommand argument completions
        "_apikeyctl_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'issue keys signing-key public-keys verify audit import backup verifiers console help' -- "${cur}"))
        ;;
    esac
}

_apikeyctl_issue() {
    repeating_flags=()
    non_repeating_flags=(--json --no-expiry -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--socket --daemon-user --email --organisation --contact-name --email-2 --contact-name-2 --department --expires --name --request-id)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--email')
        return
        ;;
    '--organisation')
        return
        ;;
    '--contact-name')
        return
        ;;
    '--email-2')
        return
        ;;
    '--contact-name-2')
        return
        ;;
    '--department')
        return
        ;;
    '--expires')
        return
        ;;
    '--name')
        return
        ;;
    '--tag')
        return
        ;;
    '--request-id')
        return
        ;;
    esac
}

_apikeyctl_keys() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __apikeyctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|expiring|show|usage|update|mark-sent|resign|renew|revoke|erase)
        # Offer subcommand argument completions
        "_apikeyctl_keys_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list expiring show usage update mark-sent resign renew revoke erase' -- "${cur}"))
        ;;
    esac
}

_apikeyctl_keys_list() {
    repeating_flags=()
    non_repeating_flags=(--json --expired --not-expired --revoked --not-revoked --sent --unsent --all -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--socket --daemon-user --search --organisation --email --expiring-before --name-contains --used-since --unused-since --signed-by --order --page-size --page-token)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--search')
        return
        ;;
    '--organisation')
        return
        ;;
    '--email')
        return
        ;;
    '--expiring-before')
        return
        ;;
    '--tag')
        return
        ;;
    '--name-contains')
        return
        ;;
    '--used-since')
        return
        ;;
    '--unused-since')
        return
        ;;
    '--signed-by')
        return
        ;;
    '--order')
        __apikeyctl_add_completions -W 'newest'$'\n''expiry'
        return
        ;;
    '--page-size')
        return
        ;;
    '--page-token')
        return
        ;;
    esac
}

_apikeyctl_keys_expiring() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --within --organisation)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--within')
        return
        ;;
    '--organisation')
        return
        ;;
    esac
}

_apikeyctl_keys_show() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    esac
}

_apikeyctl_keys_usage() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --days)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--days')
        return
        ;;
    esac
}

_apikeyctl_keys_update() {
    repeating_flags=()
    non_repeating_flags=(--json --no-expiry --sent --unsent --resign -h --help)
    repeating_options=(--tag --untag)
    non_repeating_options=(--socket --daemon-user --email --organisation --contact-name --email-2 --contact-name-2 --department --expires --name)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--email')
        return
        ;;
    '--organisation')
        return
        ;;
    '--contact-name')
        return
        ;;
    '--email-2')
        return
        ;;
    '--contact-name-2')
        return
        ;;
    '--department')
        return
        ;;
    '--expires')
        return
        ;;
    '--name')
        return
        ;;
    '--tag')
        return
        ;;
    '--untag')
        return
        ;;
    esac
}

_apikeyctl_keys_mark-sent() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user)
    __apikeyctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    esac
}

_apikeyctl_keys_resign() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --signed-by --output)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--signed-by')
        return
        ;;
    '--output')
        return
        ;;
    esac
}

_apikeyctl_keys_renew() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --until)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--until')
        return
        ;;
    esac
}

_apikeyctl_keys_revoke() {
    repeating_flags=()
    non_repeating_flags=(--json --yes -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --reason --wait-for-verifiers)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--reason')
        return
        ;;
    '--wait-for-verifiers')
        return
        ;;
    esac
}

_apikeyctl_keys_erase() {
    repeating_flags=()
    non_repeating_flags=(--json --yes -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    esac
}

_apikeyctl_signing-key() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __apikeyctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|generate|rotate|list|retire)
        # Offer subcommand argument completions
        "_apikeyctl_signing-key_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add generate rotate list retire' -- "${cur}"))
        ;;
    esac
}

_apikeyctl_signing-key_add() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --not-before)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--not-before')
        return
        ;;
    esac
}

_apikeyctl_signing-key_generate() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --not-before)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--not-before')
        return
        ;;
    esac
}

_apikeyctl_signing-key_rotate() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --publish-ahead --wait-for-verifiers)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--publish-ahead')
        return
        ;;
    '--wait-for-verifiers')
        return
        ;;
    esac
}

_apikeyctl_signing-key_list() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    esac
}

_apikeyctl_signing-key_retire() {
    repeating_flags=()
    non_repeating_flags=(--json --dry-run --yes -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --grace --wait-for-verifiers)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--grace')
        return
        ;;
    '--wait-for-verifiers')
        return
        ;;
    esac
}

_apikeyctl_public-keys() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    esac
}

_apikeyctl_verify() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    esac
}

_apikeyctl_audit() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __apikeyctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|verify)
        # Offer subcommand argument completions
        "_apikeyctl_audit_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list verify' -- "${cur}"))
        ;;
    esac
}

_apikeyctl_audit_list() {
    repeating_flags=()
    non_repeating_flags=(--json --wide --newest-first -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --since --until --target --action)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--target')
        return
        ;;
    '--action')
        return
        ;;
    esac
}

_apikeyctl_audit_verify() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    esac
}

_apikeyctl_import() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __apikeyctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    django)
        # Offer subcommand argument completions
        "_apikeyctl_import_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'django' -- "${cur}"))
        ;;
    esac
}

_apikeyctl_import_django() {
    repeating_flags=()
    non_repeating_flags=(--json --dry-run -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --timezone)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--timezone')
        return
        ;;
    esac
}

_apikeyctl_backup() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user)
    __apikeyctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    esac
}

_apikeyctl_verifiers() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --window)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--window')
        return
        ;;
    esac
}

_apikeyctl_console() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --daemon-user --listen --session-lifetime)
    __apikeyctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--daemon-user')
        return
        ;;
    '--listen')
        return
        ;;
    '--session-lifetime')
        return
        ;;
    esac
}

_apikeyctl_help() {
    :
}

complete -o filenames -F _apikeyctl apikeyctl
