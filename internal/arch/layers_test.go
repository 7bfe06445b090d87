package arch

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/s3share/s3share"

// layers ranks every package of the module: a package may import only
// packages of a lower rank. Tests, test servers' users and scripts are free.
var layers = map[string]int{
	// the ground: no imports from the module
	"presigned": 0, "termtext": 0, "imagemeta": 0, "preview": 0, "listing": 0,
	"internal/interrupt": 0, "internal/hint": 0, "internal/clipboard": 0, "internal/testclock": 0, "internal/faultproxy": 0, "internal/testimage": 0, "internal/testdisplay": 0,
	// S3 and helpers over the ground
	"s3browse": 1, "internal/userfile": 1, "internal/complete": 1, "internal/golden": 1,
	// one job each over S3: the store, the checks, the formats; test servers
	"history": 2, "linkcheck": 2, "linkfmt": 2, "demo": 2, "internal/testsrv": 2,
	"internal/accesslogproxy": 3, // test support over internal/testsrv
	// the jobs people ask for
	"share": 3, "ledger": 3, "accesslog": 3,
	// settings, and the jobs over the jobs; then the front ends
	// the ledger with the history as its cache; settings; then the front ends
	"team":         4,
	"config":       4,
	"opens":        4, // reads access logs into the history for both front ends
	"ui":           5,
	"internal/cli": 6,
	"":             7, // main
	// not part of the program
	"e2e": 9, "scripts/bench": 9, "scripts/benchreport": 9, "internal/arch": 9,
}

// packages lists each package of the module with its imports (or, with
// deps, everything it depends on), paths relative to the module.
func packages(t *testing.T, field string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}:{{join ."+field+" \" \"}}", module+"/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	pkgs := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, deps, _ := strings.Cut(line, ":")
		pkgs[relative(name)] = strings.Fields(deps)
	}
	return pkgs
}

// relative is p without the module's path ("" for the module's root).
func relative(p string) string {
	if p == module {
		return ""
	}
	return strings.TrimPrefix(p, module+"/")
}

// TestDependenciesPointDown: every package has a layer, and imports only
// packages of lower layers.
func TestDependenciesPointDown(t *testing.T) {
	for pkg, imports := range packages(t, "Imports") {
		rank, ok := layers[pkg]
		if !ok {
			t.Errorf("package %q has no layer: give it one in layers", pkg)
			continue
		}
		for _, imp := range imports {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			if r := layers[relative(imp)]; r >= rank {
				t.Errorf("%s (layer %d) imports %s (layer %d): dependencies point down", pkg, rank, relative(imp), r)
			}
		}
	}
}

// TestCharmOnlyInTheFrontEnds: only ui, the CLI and main depend on Bubble
// Tea, bubbles or lipgloss (preview may use the charmbracelet/x helpers).
func TestCharmOnlyInTheFrontEnds(t *testing.T) {
	frontEnds := map[string]bool{"ui": true, "internal/cli": true, "": true, "e2e": true}
	var bad []string
	for pkg, deps := range packages(t, "Deps") {
		if frontEnds[pkg] {
			continue
		}
		for _, d := range deps {
			if strings.HasPrefix(d, "charm.land/") || strings.HasPrefix(d, "github.com/charmbracelet/bubble") ||
				strings.HasPrefix(d, "github.com/charmbracelet/lipgloss") {
				bad = append(bad, pkg+" depends on "+d)
			}
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
}
