package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/demo"
	"github.com/s3share/s3share/internal/testsrv"
)

// completionEnv starts the demo server and returns the environment that
// points s3share at it, with the binary's folder first on PATH so the
// shell finds it as "s3share".
func completionEnv(t *testing.T) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv, err := demo.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return []string{
		"PATH=" + filepath.Dir(Binary(t)) + ":" + os.Getenv("PATH"),
		"AWS_ACCESS_KEY_ID=" + srv.AccessKey, "AWS_SECRET_ACCESS_KEY=" + srv.SecretKey,
		"AWS_REGION=" + srv.Region, "AWS_ENDPOINT_URL_S3=" + srv.Endpoint,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true",
	}
}

// needShell skips without the shell, or fails under CI=true.
func needShell(t *testing.T, shell string) {
	t.Helper()
	if _, err := exec.LookPath(shell); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the %s completion test needs %s: apt-get install %s", shell, shell, shell)
		}
		t.Skipf("no %s: apt-get install %s", shell, shell)
	}
}

// startShell runs shell in a pane, waits for its first prompt, then runs
// setup (which sets a plain prompt and clears the screen) and waits for
// prompt alone on the last line.
func startShell(t *testing.T, cmdline string, env []string, setup, prompt string) *Term {
	t.Helper()
	term := StartTerm(t, cmdline, TermOptions{Width: 160, Env: env})
	term.WaitUntil(func(s string) bool { return strings.TrimSpace(s) != "" }, "a prompt", 10*time.Second)
	term.Type(setup + "\n")
	waitCleared(t, term, prompt)
	return term
}

// waitCleared waits until the screen holds only the prompt, as after clear.
func waitCleared(t *testing.T, term *Term, prompt string) {
	t.Helper()
	term.WaitUntil(func(s string) bool { return strings.TrimSpace(s) == prompt }, "a clear screen", 10*time.Second)
}

// newLine drops the line being typed (readline's C-u: a C-c races with
// the keys typed after it) and clears the screen.
func newLine(t *testing.T, term *Term, prompt string) {
	t.Helper()
	term.SendKeys("C-e", "C-u")
	term.Type("clear\n")
	waitCleared(t, term, prompt)
}

// lastLine is the last line of the screen that is not empty.
func lastLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n "), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// waitLine waits until the screen's last line is want.
func waitLine(t *testing.T, term *Term, want string) {
	t.Helper()
	term.WaitUntil(func(s string) bool { return lastLine(s) == want }, "the line "+want, 10*time.Second)
}

// TestBashCompletesS3Locations loads the script into an interactive bash
// and presses Tab as a person does: the buckets of the demo server, then a
// folder, then a key (with a space, escaped), all live from S3.
func TestBashCompletesS3Locations(t *testing.T) {
	needShell(t, "bash")
	term := startShell(t, "bash --norc --noprofile -i", completionEnv(t), "PS1='$ '; source <(s3share completion bash); clear", "$")
	term.Type("complete -p s3share\n")
	term.WaitFor("complete -F _s3share_complete s3share", 10*time.Second)
	newLine(t, term, "$")

	term.Type("s3share presign s3://de")
	term.SendKeys("Tab")
	waitLine(t, term, "$ s3share presign s3://demo-") // demo-photos and demo-screens share "demo-"
	term.SendKeys("Tab", "Tab")
	// bash lists them from the last ":" on, as it does for scp host:path.
	term.WaitUntil(func(s string) bool {
		return strings.Contains(s, "//demo-photos/") && strings.Contains(s, "//demo-screens/")
	}, "both demo buckets listed", 10*time.Second)
	newLine(t, term, "$")

	term.Type("s3share presign s3://demo-p")
	term.SendKeys("Tab")
	waitLine(t, term, "$ s3share presign s3://demo-photos/") // a bucket: no space after it
	term.Type("he")
	term.SendKeys("Tab")
	waitLine(t, term, "$ s3share presign s3://demo-photos/hero.png")
	term.Type("s3://demo-photos/des") // a space follows the completed key
	term.SendKeys("Tab")
	waitLine(t, term, "$ s3share presign s3://demo-photos/hero.png s3://demo-photos/designs/")
	term.Type("caf")
	term.SendKeys("Tab")
	waitLine(t, term, `$ s3share presign s3://demo-photos/hero.png s3://demo-photos/designs/café\ menu.png`)

	// The completed line runs: both links are issued.
	term.Type(" --no-history\n")
	term.WaitUntil(func(s string) bool {
		return strings.Count(s, "/demo-photos/") >= 4 && strings.Contains(s, "X-Amz-Signature=")
	}, "two presigned links", 15*time.Second)
}

// TestBashCompletesCommandsAndFlags: commands, subcommands and flags come
// from the command model.
func TestBashCompletesCommandsAndFlags(t *testing.T) {
	needShell(t, "bash")
	term := startShell(t, "bash --norc --noprofile -i", completionEnv(t), "PS1='$ '; source <(s3share completion bash); clear", "$")
	term.Type("s3share pres")
	term.SendKeys("Tab")
	// "presign " with a space after it; Type would take "--rev" for a tmux flag.
	waitLine(t, term, "$ s3share presign")
	term.tmux("send-keys", "-t", term.session, "-l", "--", "--rev")
	term.SendKeys("Tab")
	waitLine(t, term, "$ s3share presign --revocable")
	newLine(t, term, "$")
	term.Type("s3share history p")
	term.SendKeys("Tab")
	waitLine(t, term, "$ s3share history prune")
}

// TestZshCompletesS3Locations: the zsh script in a real zsh with compinit.
func TestZshCompletesS3Locations(t *testing.T) {
	needShell(t, "zsh")
	term := startShell(t, "zsh -f -i", completionEnv(t), "PROMPT='%% '; autoload -U compinit && compinit -u && source <(s3share completion zsh) && clear", "%")
	term.Type("s3share presign s3://demo-p")
	term.SendKeys("Tab")
	waitLine(t, term, "% s3share presign s3://demo-photos/")
	term.Type("he")
	term.SendKeys("Tab")
	waitLine(t, term, "% s3share presign s3://demo-photos/hero.png")
}

// TestFishCompletesS3Locations: the fish script in a real fish.
func TestFishCompletesS3Locations(t *testing.T) {
	needShell(t, "fish")
	env := append(completionEnv(t), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir())
	term := startShell(t, "fish --no-config -i", env, "function fish_prompt; echo -n '> '; end; s3share completion fish | source; clear", ">")
	term.Type("s3share presign s3://demo-p")
	term.SendKeys("Tab")
	waitLine(t, term, "> s3share presign s3://demo-photos/")
	term.Type("he")
	term.SendKeys("Tab")
	waitLine(t, term, "> s3share presign s3://demo-photos/hero.png")
}

// quotedKeysEnv starts a server whose keys need quoting on a command line,
// with a twin of one key that carries a bidi override (U+202E between
// "report" and "gnp.exe" shows as "reportexe.png"), and returns the
// environment that points s3share at it.
func quotedKeysEnv(t *testing.T) []string {
	t.Helper()
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	for _, key := range []string{"hero.png", "My Folder/it's $5.png", "My Folder/report.png", "My Folder/report\u202egnp.exe"} {
		srv.Put(t, "photos", key, []byte("png"))
	}
	return append(srv.Env(), "PATH="+filepath.Dir(Binary(t))+":"+os.Getenv("PATH"), "AWS_ENDPOINT_URL_S3="+srv.Endpoint)
}

// completionShell is how to start one shell with the s3share script loaded.
type completionShell struct {
	name, cmdline, setup, prompt string
	extraEnv                     func(t *testing.T) []string
	// insideSingle is "it's $5.png" completed inside single quotes, the
	// way this shell writes a quote there.
	insideSingle string
}

var completionShells = []completionShell{
	{name: "bash", cmdline: "bash --norc --noprofile -i", prompt: "$",
		setup:        "PS1='$ '; source <(s3share completion bash); clear",
		insideSingle: `'s3://photos/My Folder/it'\''s $5.png'`},
	{name: "zsh", cmdline: "zsh -f -i", prompt: "%",
		setup:        "PROMPT='%% '; autoload -U compinit && compinit -u && source <(s3share completion zsh) && clear",
		insideSingle: `'s3://photos/My Folder/it'\''s $5.png'`},
	{name: "fish", cmdline: "fish --no-config -i", prompt: ">",
		setup: "function fish_prompt; echo -n '> '; end; s3share completion fish | source; clear",
		extraEnv: func(t *testing.T) []string {
			return []string{"XDG_CONFIG_HOME=" + t.TempDir(), "XDG_DATA_HOME=" + t.TempDir()}
		},
		insideSingle: `'s3://photos/My Folder/it\'s $5.png'`},
}

// TestCompletionInsideQuotes types an opening quote before a location in
// bash, zsh and fish and presses Tab as a person does: the folder completes
// inside the quote and leaves it open, the key completes quoted for that
// quote and closes it, the key whose twin carries a bidi override completes
// alone (the twin is not offered), and the line runs.
func TestCompletionInsideQuotes(t *testing.T) {
	for _, sh := range completionShells {
		t.Run(sh.name, func(t *testing.T) {
			needShell(t, sh.name)
			env := quotedKeysEnv(t)
			if sh.extraEnv != nil {
				env = append(env, sh.extraEnv(t)...)
			}
			term := startShell(t, sh.cmdline, env, sh.setup, sh.prompt)
			p := sh.prompt + " "

			term.Type(`s3share presign "s3://photos/My F`)
			term.SendKeys("Tab")
			waitLine(t, term, p+`s3share presign "s3://photos/My Folder/`)
			term.Type("it")
			term.SendKeys("Tab")
			line := p + `s3share presign "s3://photos/My Folder/it's \$5.png"`
			waitLine(t, term, line)
			term.Type(`"s3://photos/My Folder/rep`) // after the space the shell added
			term.SendKeys("Tab")
			waitLine(t, term, line+` "s3://photos/My Folder/report.png"`)
			term.Type(" --no-history\n")
			waitLinks(t, term, "My%20Folder/it%27s%20%245.png", "My%20Folder/report.png")
			newLine(t, term, sh.prompt)

			term.Type(`s3share presign 's3://photos/My Folder/it`)
			term.SendKeys("Tab")
			waitLine(t, term, p+"s3share presign "+sh.insideSingle)
			term.Type(" --no-history\n")
			waitLinks(t, term, "My%20Folder/it%27s%20%245.png")
		})
	}
}

// waitLinks waits until the screen shows a presigned link to each key path
// (as the URL writes it); a link may wrap across lines.
func waitLinks(t *testing.T, term *Term, paths ...string) {
	t.Helper()
	term.WaitUntil(func(s string) bool {
		joined := strings.ReplaceAll(s, "\n", "")
		for _, p := range paths {
			if !strings.Contains(joined, "/photos/"+p+"?") {
				return false
			}
		}
		return strings.Count(joined, "X-Amz-Signature=") >= len(paths)
	}, fmt.Sprintf("links to %q", paths), 15*time.Second)
}

// TestBashDropsBidiKeysUnquoted: without quotes too, the key whose twin
// carries a bidi override completes alone.
func TestBashDropsBidiKeysUnquoted(t *testing.T) {
	needShell(t, "bash")
	sh := completionShells[0]
	term := startShell(t, sh.cmdline, quotedKeysEnv(t), sh.setup, sh.prompt)
	term.Type(`s3share presign s3://photos/My\ Folder/rep`)
	term.SendKeys("Tab")
	waitLine(t, term, `$ s3share presign s3://photos/My\ Folder/report.png`)
}
