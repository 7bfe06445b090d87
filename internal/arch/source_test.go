package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// root is the module's directory.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// librarySources parses every non-test Go file of the packages that are
// neither a front end nor test support, and calls visit with each.
func librarySources(t *testing.T, visit func(pkg, file string, f *ast.File, fset *token.FileSet)) {
	t.Helper()
	free := map[string]bool{"ui": true, "internal/cli": true, "": true, "e2e": true, "scripts": true,
		"internal/arch": true, "internal/testsrv": true, "internal/testclock": true, "internal/golden": true,
		"internal/faultproxy": true, "internal/accesslogproxy": true, "internal/complete": true, "internal/testdisplay": true}
	base := root(t)
	err := filepath.WalkDir(base, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		if d.IsDir() {
			dir = path
		}
		rel, _ := filepath.Rel(base, dir)
		rel = filepath.ToSlash(strings.TrimPrefix(rel, "."))
		if d.IsDir() {
			if path != base && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || free[rel]) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || free[rel] {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		visit(rel, filepath.Base(path), f, fset)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// flagName is a command-line flag in a message: "--history", "--no-copy".
var flagName = regexp.MustCompile(`(^|[\s(])--[a-z][a-z-]+`)

// flagsAllowed are flags of other programs a message may name.
var flagsAllowed = map[string]bool{"--path-as-is": true} // curl's

// TestLibrariesSpeakNoCLI: no string in a library package names a flag of
// s3share; errors say what to change in words and carry a hint.Setting,
// and each front end names it its own way.
func TestLibrariesSpeakNoCLI(t *testing.T) {
	librarySources(t, func(pkg, file string, f *ast.File, fset *token.FileSet) {
		if pkg == "config" && file == "specs.go" {
			return // the settings' help names the flag each setting goes with
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if strings.HasPrefix(s, "--") && !strings.ContainsAny(s, " =") {
				return true // an argument for another program (xsel --clipboard)
			}
			for _, m := range flagName.FindAllString(s, -1) {
				if name := strings.TrimSpace(strings.TrimLeft(m, " (")); !flagsAllowed[name] {
					t.Errorf("%s: %q names the flag %s: say it in words and return a hint.Setting", fset.Position(lit.Pos()), s, name)
				}
			}
			return true
		})
	})
}

// TestOnlyConfigReadsTheEnvironment: library packages get what the
// environment says from config, passed in; they never read it themselves.
func TestOnlyConfigReadsTheEnvironment(t *testing.T) {
	librarySources(t, func(pkg, file string, f *ast.File, fset *token.FileSet) {
		if pkg == "config" {
			return
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "os" {
				switch sel.Sel.Name {
				case "Getenv", "LookupEnv", "Environ", "ExpandEnv":
					t.Errorf("%s: os.%s outside config: read it in config.ReadEnvironment and pass it in", fset.Position(sel.Pos()), sel.Sel.Name)
				}
			}
			return true
		})
	})
}
