package cli

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// needTool skips without the program, or fails under CI=true.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("this test needs %s: apt-get install %s", name, name)
		}
		t.Skipf("no %s: apt-get install %s", name, name)
	}
}

// TestCompletionScriptsParse: each script is valid in its own shell.
func TestCompletionScriptsParse(t *testing.T) {
	check := map[string][]string{"bash": {"bash", "-n"}, "zsh": {"zsh", "-n"}, "fish": {"fish", "--no-execute"}}
	for shell, argv := range check {
		needTool(t, argv[0])
		r := runCLIEnv(t, nil, "", nil, "completion", shell)
		if r.code != 0 {
			t.Fatalf("completion %s: exit %d: %s", shell, r.code, r.stderr)
		}
		path := filepath.Join(t.TempDir(), "script")
		os.WriteFile(path, []byte(r.stdout), 0o600)
		if out, err := exec.Command(argv[0], append(argv[1:], path)...).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse its script: %v\n%s", shell, err, out)
		}
	}
	if r := runCLIEnv(t, nil, "", nil, "completion", "tcsh"); r.code != exitUsage {
		t.Errorf("completion tcsh: exit %d, want 2", r.code)
	}
}

// completeWords runs the hidden __complete as the zsh and fish scripts do.
func completeWords(t *testing.T, env []string, words ...string) []string {
	t.Helper()
	r := runCLIEnv(t, nil, "", env, append([]string{"__complete", "fish", "--"}, words...)...)
	if r.code != 0 {
		t.Fatalf("__complete %q: exit %d: %s", words, r.code, r.stderr)
	}
	return strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
}

// TestCompleteHistoryIDs: ids complete from the real history; revoke
// offers only the links it can revoke, and the ids already typed drop out.
func TestCompleteHistoryIDs(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	srv.Put(t, "photos", "b.png", []byte("png"))
	history := filepath.Join(t.TempDir(), "h.db")
	for _, args := range [][]string{{"s3://photos/a.png"}, {"--revocable", "--label", "for Ann", "s3://photos/b.png"}, {"s3://photos/a.png"}} {
		if r := runCLI(t, srv, history, append([]string{"presign"}, args...)...); r.code != 0 {
			t.Fatalf("presign: %s", r.stderr)
		}
	}
	lines := completeWords(t, nil, "--history", history, "history", "rm", "")
	if len(lines) != 4 || lines[0] != "-" || !strings.HasPrefix(lines[1], "3\ts3://photos/a.png, active") ||
		!strings.HasPrefix(lines[2], "2\ts3://photos/b.png, active (for Ann)") || !strings.HasPrefix(lines[3], "1\t") {
		t.Errorf("history rm offers %q, want ids 3, 2, 1 newest first with what they link to", lines)
	}
	if lines := completeWords(t, nil, "--history", history, "history", "label", ""); len(lines) != 4 || !strings.HasPrefix(lines[2], "2\t") {
		t.Errorf("history label offers %q, want ids 3, 2, 1", lines)
	}
	if lines := completeWords(t, nil, "--history", history, "history", "label", "2", ""); len(lines) > 1 && lines[1] != "" {
		t.Errorf("history label 2 offers %q for the label, want nothing", lines)
	}
	if lines := completeWords(t, nil, "--history", history, "revoke", ""); len(lines) != 2 || !strings.HasPrefix(lines[1], "2\t") {
		t.Errorf("revoke offers %q, want only the revocable link 2", lines)
	}
	if lines := completeWords(t, nil, "--history", history, "check", "3", "1", ""); len(lines) != 2 || !strings.HasPrefix(lines[1], "2\t") {
		t.Errorf("check 3 1 offers %q, want only 2", lines)
	}
	// S3SHARE_HISTORY is found as the commands find it; a missing history
	// is not created by pressing Tab.
	if lines := completeWords(t, []string{"S3SHARE_HISTORY=" + history}, "renew", "2"); len(lines) != 2 || !strings.HasPrefix(lines[1], "2\t") {
		t.Errorf("renew 2 offers %q", lines)
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	completeWords(t, nil, "--history", missing, "revoke", "")
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("completion created the history %s", missing)
	}
}

// TestCompletionGivesUpAfterASecond: a server that takes the connection
// and never answers costs the shell about a second, then nothing is
// offered (the SDK alone would wait 20s a try).
func TestCompletionGivesUpAfterASecond(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered
		}
	}()
	srv := testsrv.Fake(t)
	line := "s3share --endpoint-url http://" + ln.Addr().String() + " presign s3://"
	start := time.Now()
	r := runCLIEnv(t, nil, "", srv.Env(), "__complete", "bash", "--line="+line, "--cur=//")
	took := time.Since(start)
	if r.code != 0 || r.stdout != "-\n" {
		t.Errorf("a silent server: exit %d, %q, want exit 0 and no candidates", r.code, r.stdout)
	}
	if took > 5*time.Second {
		t.Errorf("completion held the shell %v; it must give up after about a second", took)
	}
}

// TestCompleteLiveBucketsBash: bash's line, split at the ":" of s3://,
// gets the rest of each word (the tmux test in e2e presses Tab for real).
func TestCompleteLiveBucketsBash(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "demo-photos")
	srv.CreateBucket(t, "demo-screens")
	srv.CreateBucket(t, "logs")
	srv.Put(t, "demo-photos", "designs/café menu.png", []byte("png"))
	env := append(srv.Env(), "AWS_ENDPOINT_URL_S3="+srv.Endpoint)
	r := runCLIEnv(t, nil, "", env, "__complete", "bash", "--line=s3share presign s3://de", "--cur=//de")
	if r.stdout != "nospace\n//demo-photos/\n//demo-screens/\n" {
		t.Errorf("buckets: %q", r.stdout)
	}
	r = runCLIEnv(t, nil, "", env, "__complete", "bash", "--line=s3share presign s3://demo-photos/designs/c", "--cur=//demo-photos/designs/c")
	if r.stdout != "-\n//demo-photos/designs/café\\ menu.png\n" {
		t.Errorf("keys: %q", r.stdout)
	}
}

// TestVersion: --version names the commit the binary was built from, as
// make install builds it.
func TestVersion(t *testing.T) {
	needTool(t, "git")
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err == nil && !fi.IsDir() {
		t.Skip("a git worktree (.git is a file): Go stamps no commit there (golang.org/issue/58218)")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "s3share")
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "github.com/s3share/s3share").CombinedOutput(); err != nil {
		t.Fatalf("go build -buildvcs=true: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	if !strings.HasPrefix(got, "s3share ") || !strings.Contains(got, "commit "+string(head[:12])) || !strings.Contains(got, " go1.") {
		t.Errorf("--version = %q, want the version, commit %s and the Go version", got, head[:12])
	}
}

// quotedKeys starts a server with keys that need quoting on a command line,
// and one whose bidi override would hide what the line says.
func quotedKeys(t *testing.T) []string {
	t.Helper()
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	for _, key := range []string{"hero.png", "My Folder/it's $5.png", "My Folder/report.png", "My Folder/report\u202egnp.exe"} {
		srv.Put(t, "photos", key, []byte("png"))
	}
	return append(srv.Env(), "AWS_ENDPOINT_URL_S3="+srv.Endpoint)
}

// TestCompleteInsideQuotesBash: after an opening quote bash gets each
// candidate from that quote on, quoted for it; a lone folder comes with
// what it holds, so bash does not close the quote after it.
func TestCompleteInsideQuotesBash(t *testing.T) {
	env := quotedKeys(t)
	cases := []struct{ line, want string }{
		{`s3share presign "s3://photos/My F`, "-\ns3://photos/My Folder/\ns3://photos/My Folder/it's \\$5.png\ns3://photos/My Folder/report.png\n"},
		{`s3share presign "s3://photos/My Folder/i`, "-\ns3://photos/My Folder/it's \\$5.png\n"},
		{`s3share presign 's3://photos/My Folder/i`, "-\ns3://photos/My Folder/it'\\''s $5.png\n"},
		{`s3share presign s3://photos/"My Folder/r`, "-\nMy Folder/report.png\n"},
	}
	for _, c := range cases {
		_, cur, _ := strings.Cut(c.line, "presign ")
		r := runCLIEnv(t, nil, "", env, "__complete", "bash", "--line="+c.line, "--cur="+cur)
		if r.code != 0 || r.stdout != c.want {
			t.Errorf("%s: exit %d, %q; want %q", c.line, r.code, r.stdout, c.want)
		}
	}
}

// TestCompleteDropsBidiKeys: a key with a bidi override is offered to no
// shell; its twin without one is.
func TestCompleteDropsBidiKeys(t *testing.T) {
	env := quotedKeys(t)
	for _, shell := range []string{"zsh", "fish"} {
		r := runCLIEnv(t, nil, "", env, "__complete", shell, "--", "presign", "s3://photos/My Folder/r")
		if r.stdout != "-\ns3://photos/My Folder/report.png\t\n" {
			t.Errorf("%s: %q, want only report.png", shell, r.stdout)
		}
	}
	r := runCLIEnv(t, nil, "", env, "__complete", "bash", `--line=s3share presign s3://photos/My\ Folder/r`, `--cur=//photos/My\ Folder/r`)
	if r.stdout != "-\n//photos/My\\ Folder/report.png\n" {
		t.Errorf("bash: %q, want only report.png", r.stdout)
	}
}
