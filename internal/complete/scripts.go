package complete

import "fmt"

// Script returns the completion script for shell. Each script calls
// `s3share __complete` with the line and shows what it prints (see Write).
func Script(shell string) (string, error) {
	switch shell {
	case "bash":
		return bashScript, nil
	case "zsh":
		return zshScript, nil
	case "fish":
		return fishScript, nil
	}
	return "", fmt.Errorf("no completion for the shell %q: use bash, zsh or fish", shell)
}

const bashScript = `# bash completion for s3share.
# Now:          source <(s3share completion bash)
# Every shell:  s3share completion bash > ~/.local/share/bash-completion/completions/s3share
#               (or add the first line to ~/.bashrc)
_s3share_complete() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local line=${COMP_LINE:0:COMP_POINT}
    local -a out
    mapfile -t out < <("${COMP_WORDS[0]}" __complete bash --line="$line" --cur="$cur" 2>/dev/null)
    COMPREPLY=("${out[@]:1}")
    case ${out[0]} in
    files) COMPREPLY=(); compopt -o default ;;
    nospace) compopt -o nospace ;;
    esac
}
complete -F _s3share_complete s3share
`

const zshScript = `#compdef s3share
# zsh completion for s3share (after compinit).
# Now:          source <(s3share completion zsh)
# Every shell:  s3share completion zsh > "${fpath[1]}/_s3share"
_s3share() {
    local -a lines vals descs dirs dirdescs
    local l v d cur
    # The word up to the cursor without its quoting: inside an open quote
    # $PREFIX is what follows the quote, quoted for it.
    cur=${(Q)${:-${compstate[quote]}${PREFIX}${compstate[quote]#\$}}}
    lines=("${(@f)$(${words[1]} __complete zsh -- "${(@Q)words[2,CURRENT-1]}" "$cur" 2>/dev/null)}")
    if [[ ${lines[1]} == files ]]; then
        _files
        return
    fi
    for l in "${(@)lines[2,-1]}"; do
        v=${l%%$'\t'*}
        d=${l#*$'\t'}
        if [[ $v == */ ]]; then
            dirs+=("$v"); dirdescs+=("$v${d:+  -- $d}")
        elif [[ -n $v ]]; then
            vals+=("$v"); descs+=("$v${d:+  -- $d}")
        fi
    done
    (( ${#vals} )) && compadd -l -d descs -- "${vals[@]}"
    (( ${#dirs} )) && compadd -S '' -l -d dirdescs -- "${dirs[@]}"
    return 0
}
if [[ ${funcstack[1]} == _s3share ]]; then
    _s3share "$@"
else
    compdef _s3share s3share
fi
`

const fishScript = `# fish completion for s3share.
# Now:          s3share completion fish | source
# Every shell:  s3share completion fish > ~/.config/fish/completions/s3share.fish
function __s3share_complete
    # The token up to the cursor without its quoting ("s3://b/My F after
    # an opening quote); fish quotes what it inserts for that quote.
    set -l cur (commandline -ct | string unescape)
    or set cur (commandline -ct)
    set -l words (commandline -opc) "$cur"
    set -l out ($words[1] __complete fish -- $words[2..-1] 2>/dev/null)
    if test "$out[1]" = files
        __fish_complete_path "$cur"
        return
    end
    if test (count $out) -gt 1
        printf '%s\n' $out[2..-1]
    end
end
complete -c s3share -f -a '(__s3share_complete)'
`
