package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// The listing figures of issue 22: s3share holding one folder of many
// objects, as whole processes against the listing server (listserver.go)
// in a process of its own.
//
//   - The UI in a 120x40 pty opens s3://photos-N/uploads/2026/11/, lists
//     every page, goes to the end, types a filter and clears it; then its
//     peak resident set (VmHWM in /proc/PID/status) is read.
//   - `s3share ls --all` and `s3share find --all` of the folder to
//     /dev/null, with their peak resident set from wait4 (ru_maxrss).

// cliSizes are the folder sizes ls and find are measured on.
var cliSizes = []int{10_000, 1_000_000}

// listingOptions choose the listing figures measured (flags -ui-sizes,
// -ui-runs, -listing-cli).
type listingOptions struct {
	uiSizes []int // folder sizes the UI lists
	uiRuns  int   // runs per size: the run of median peak is kept
	cli     bool  // measure ls and find
}

// parseSizes reads a comma-separated list of folder sizes ("" or "none"
// for none).
func parseSizes(list string) ([]int, error) {
	var sizes []int
	if list == "" || list == "none" {
		return nil, nil
	}
	for f := range strings.SplitSeq(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a folder size", f)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// listingWait bounds one listing of a million objects in the UI.
const listingWait = 10 * time.Minute

// UIListing is the UI holding one folder.
type UIListing struct {
	Objects   int       `json:"objects"`
	PeakRSSMB float64   `json:"peak_rss_mb"`            // VmHWM once listed, scrolled and filtered
	RSSMB     float64   `json:"rss_mb"`                 // VmRSS at that moment
	AnonMB    float64   `json:"anon_mb"`                // of which anonymous memory (heap, stacks), from smaps_rollup
	FileMB    float64   `json:"file_mb"`                // and file pages (the binary's, mostly)
	PeakRuns  []float64 `json:"peak_runs_mb,omitempty"` // VmHWM of every run, with -ui-runs
	ListedMS  float64   `json:"listed_ms"`              // start to the last page on screen
	EndMS     float64   `json:"end_ms"`                 // the End key to the last object on screen
	FilterMS  []float64 `json:"filter_ms"`              // each filter keystroke to its count on screen
	Filter    string    `json:"filter"`                 // the keys typed
}

// CLIListing is one run of ls or find.
type CLIListing struct {
	Command   string  `json:"command"`
	Objects   int     `json:"objects"`
	PeakRSSMB float64 `json:"peak_rss_mb"` // ru_maxrss
	WallMS    float64 `json:"wall_ms"`
}

// ListingResults are the listing figures.
type ListingResults struct {
	UI  []UIListing  `json:"ui"`
	CLI []CLIListing `json:"cli"`
}

// measureListing starts the listing server and measures the UI, ls and
// find on each size.
func measureListing(o options, tmp string, res *Results) error {
	lo := o.listing
	sizes := slices.Clone(lo.uiSizes)
	if lo.cli {
		sizes = append(sizes, cliSizes...)
	}
	slices.Sort(sizes)
	url, stop, err := startListServer(slices.Compact(sizes))
	if err != nil {
		return err
	}
	defer stop()
	env := append(noCredentialsEnv(filepath.Join(tmp, "home-listing")), "AWS_ACCESS_KEY_ID="+accessKey,
		"AWS_SECRET_ACCESS_KEY="+secretKey, "AWS_REGION="+region, "AWS_EC2_METADATA_DISABLED=true")
	lr := &ListingResults{}
	res.Listing = lr
	for _, n := range lo.uiSizes {
		u, err := measureUIRuns(o.bin, env, url, n, max(lo.uiRuns, 1))
		if err != nil {
			return fmt.Errorf("UI with %d objects: %w", n, err)
		}
		lr.UI = append(lr.UI, u)
	}
	if !lo.cli {
		return nil
	}
	for _, command := range []string{"ls", "find"} {
		for _, n := range cliSizes {
			c, err := measureCLI(o.bin, env, url, command, n)
			if err != nil {
				return fmt.Errorf("%s of %d objects: %w", command, n, err)
			}
			fmt.Fprintf(os.Stderr, "%s, %d objects: peak %.1f MB in %.0f ms\n", command, n, c.PeakRSSMB, c.WallMS)
			lr.CLI = append(lr.CLI, c)
		}
	}
	return nil
}

// measureUIRuns measures the UI on n objects runs times and keeps the run
// of median peak resident set, with every run's peak beside it.
func measureUIRuns(bin string, env []string, url string, n, runs int) (UIListing, error) {
	var all []UIListing
	for range runs {
		u, err := measureUI(bin, env, url, n)
		if err != nil {
			return u, err
		}
		fmt.Fprintf(os.Stderr, "UI, %d objects: peak %.1f MB (anonymous %.1f, file %.1f), listed in %.0f ms, filter keystrokes %v ms\n",
			n, u.PeakRSSMB, u.AnonMB, u.FileMB, u.ListedMS, u.FilterMS)
		all = append(all, u)
	}
	slices.SortFunc(all, func(a, b UIListing) int { return cmp.Compare(a.PeakRSSMB, b.PeakRSSMB) })
	median := all[len(all)/2]
	if runs > 1 {
		for _, u := range all {
			median.PeakRuns = append(median.PeakRuns, u.PeakRSSMB)
		}
	}
	return median, nil
}

// measureCLI runs ls or find of the folder of n objects to /dev/null.
func measureCLI(bin string, env []string, url, command string, n int) (CLIListing, error) {
	loc := "s3://" + listBucket(n) + "/" + uploadPrefix
	if command == "find" {
		loc = "s3://" + listBucket(n) + "/uploads/"
	}
	cmd := exec.Command(bin, "--endpoint-url", url, "--path-style", command, "--all", loc)
	cmd.Env, cmd.Dir = env, os.TempDir()
	out, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return CLIListing{}, err
	}
	defer out.Close()
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = out, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return CLIListing{}, err
	}
	peak := make(chan float64)
	go func() { peak <- watchPeak(cmd.Process.Pid) }()
	if err := cmd.Wait(); err != nil {
		return CLIListing{}, fmt.Errorf("%w: %s", err, stderr.String())
	}
	return CLIListing{Command: command, Objects: n, PeakRSSMB: <-peak, WallMS: ms(time.Since(start))}, nil
}

// watchPeak reads VmHWM of process pid every 2 ms until it has gone and
// returns the last value read. (wait4's ru_maxrss will not do: it counts
// the benchmark's own memory, which the child shared until its exec.)
func watchPeak(pid int) float64 {
	last := 0.0
	for {
		peak, _, err := residentSet(pid)
		if err != nil {
			return last
		}
		last = peak
		time.Sleep(2 * time.Millisecond)
	}
}

// screen is s3share's UI in a pty, read through a terminal emulator.
type screen struct {
	emu    *vt.SafeEmulator
	master *os.File
	cmd    *exec.Cmd
}

// startScreen starts argv in a 120x40 pty.
func startScreen(env, argv []string) (*screen, error) {
	master, slave, err := openPTY(40, 120)
	if err != nil {
		return nil, err
	}
	s := &screen{emu: vt.NewSafeEmulator(120, 40), master: master, cmd: exec.Command(argv[0], argv[1:]...)}
	s.cmd.Env, s.cmd.Dir = env, os.TempDir()
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = slave, slave, slave
	s.cmd.SysProcAttr = ttyAttr()
	if err := s.cmd.Start(); err != nil {
		slave.Close()
		master.Close()
		return nil, err
	}
	slave.Close()
	go func() { _, _ = io.Copy(s.emu, master) }() // what s3share draws
	go func() { _, _ = io.Copy(master, s.emu) }() // the terminal's keys and replies
	return s, nil
}

// text is the screen as plain text.
func (s *screen) text() string { return ansi.Strip(s.emu.Render()) }

// waitFor polls the screen until ok holds and returns when it did: every
// millisecond for a minute (the driver's own CPU is a cost to the two
// cores s3share shares), then every 20 ms.
func (s *screen) waitFor(what string, limit time.Duration, ok func(string) bool) (time.Time, error) {
	begin := time.Now()
	for end := begin.Add(limit); time.Now().Before(end); {
		if time.Since(begin) < time.Minute {
			time.Sleep(time.Millisecond)
		} else {
			time.Sleep(20 * time.Millisecond)
		}
		if ok(s.text()) {
			return time.Now(), nil
		}
	}
	return time.Time{}, fmt.Errorf("never saw %s; screen:\n%s", what, s.text())
}

// stop ends s3share and the pty.
func (s *screen) stop() {
	s.emu.SendKey(uv.KeyPressEvent{Code: 'c', Mod: uv.ModCtrl})
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
	s.master.Close()
	s.emu.Close()
}

// measureUI lists the folder of n objects in the UI, goes to its end,
// types a filter, clears it, and reads the peak resident set.
func measureUI(bin string, env []string, url string, n int) (UIListing, error) {
	names := uploadKeys(n)
	for i := range names {
		names[i] = strings.TrimPrefix(names[i], uploadPrefix)
	}
	start := time.Now()
	s, err := startScreen(env, []string{bin, "--endpoint-url", url, "--path-style", "s3://" + listBucket(n) + "/" + uploadPrefix})
	if err != nil {
		return UIListing{}, err
	}
	defer s.stop()
	u := UIListing{Objects: n, Filter: "3f0"}
	header := fmt.Sprintf("%d images, %d objects", n, n)
	listed, err := s.waitFor(header, listingWait, func(t string) bool {
		return strings.Contains(t, header) && !strings.Contains(t, "loading more")
	})
	if err != nil {
		return u, err
	}
	u.ListedMS = ms(listed.Sub(start))
	sent := time.Now()
	s.emu.SendText("G")
	shown, err := s.waitFor("the last object", time.Minute, func(t string) bool { return cursorOn(t, names[n-1][:20]) })
	if err != nil {
		return u, err
	}
	u.EndMS = ms(shown.Sub(sent))
	if u.FilterMS, err = typeFilter(s, names, u.Filter); err != nil {
		return u, err
	}
	peak, rss, err := residentSet(s.cmd.Process.Pid)
	u.PeakRSSMB, u.RSSMB = peak, rss
	if err != nil {
		return u, err
	}
	u.AnonMB, u.FileMB, err = residentKinds(s.cmd.Process.Pid)
	return u, err
}

// residentKinds reads how much of process pid's resident set is anonymous
// memory and how much file pages (/proc/PID/smaps_rollup), in MB.
func residentKinds(pid int) (anon, file float64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, 0, err
	}
	var rss float64
	for line := range strings.SplitSeq(string(data), "\n") {
		name, value, _ := strings.Cut(line, ":")
		kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 64)
		switch name {
		case "Rss":
			rss = kb / 1024
		case "Anonymous":
			anon = kb / 1024
		}
	}
	return anon, rss - anon, nil
}

// typeFilter opens the filter, types query a key at a time and times each
// keystroke to the count of its matches on screen, then clears it.
func typeFilter(s *screen, names []string, query string) ([]float64, error) {
	s.emu.SendText("/")
	if _, err := s.waitFor("the filter", time.Minute, func(t string) bool { return filterShows(t) == len(names) }); err != nil {
		return nil, err
	}
	var times []float64
	for i := range query {
		want := 0
		for _, name := range names {
			if strings.Contains(name, query[:i+1]) {
				want++
			}
		}
		sent := time.Now()
		s.emu.SendText(query[i : i+1])
		shown, err := s.waitFor(fmt.Sprintf("%d matches of %q", want, query[:i+1]), time.Minute, func(t string) bool { return filterShows(t) == want })
		if err != nil {
			return times, err
		}
		times = append(times, ms(shown.Sub(sent)))
	}
	s.emu.SendKey(uv.KeyPressEvent{Code: uv.KeyEscape})
	_, err := s.waitFor("the filter cleared", time.Minute, func(t string) bool { return filterShows(t) < 0 })
	return times, err
}

// filterCount finds the count of the filter line ("/3f  1234 of 1000000",
// perhaps cut short at the screen's edge).
var filterCount = regexp.MustCompile(`^/.*?\s(\d+) of( |\d|…|$)`)

// filterShows is the number of matches the filter line of screen t shows,
// or -1 when no filter is open.
func filterShows(t string) int {
	for line := range strings.SplitSeq(t, "\n") {
		if m := filterCount.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return -1
}

// residentSet reads the peak and current resident set of process pid, in MB.
func residentSet(pid int) (peak, now float64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), ":")
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 64)
		switch {
		case name != "VmHWM" && name != "VmRSS":
		case err != nil:
			return 0, 0, fmt.Errorf("%s %q: %w", name, value, err)
		case name == "VmHWM":
			peak = kb / 1024
		default:
			now = kb / 1024
		}
	}
	if peak == 0 {
		return 0, 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
	}
	return peak, now, sc.Err()
}

// printListing writes the listing figures.
func printListing(w io.Writer, l *ListingResults) {
	if l == nil {
		return
	}
	for _, u := range l.UI {
		fmt.Fprintf(w, "UI, %7d objects: peak RSS %6.1f MB (now %.1f: anonymous %.1f, file %.1f), listed in %.0f ms, end key %.1f ms, filter %q keystrokes %v ms\n",
			u.Objects, u.PeakRSSMB, u.RSSMB, u.AnonMB, u.FileMB, u.ListedMS, u.EndMS, u.Filter, u.FilterMS)
		if len(u.PeakRuns) > 0 {
			fmt.Fprintf(w, "    peak RSS of each run: %v MB\n", u.PeakRuns)
		}
	}
	for _, c := range l.CLI {
		fmt.Fprintf(w, "%-4s --all, %7d objects: peak RSS %6.1f MB in %.0f ms\n", c.Command, c.Objects, c.PeakRSSMB, c.WallMS)
	}
}

// cursorOn reports whether the cursor's row on screen t shows name.
func cursorOn(t, name string) bool {
	for line := range strings.SplitSeq(t, "\n") {
		if strings.HasPrefix(line, ">") && strings.Contains(line, name) {
			return true
		}
	}
	return false
}
