package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestSwedishCatalogueComplete fails when a text the interface can show
// has no Swedish translation: every {{t …}}/{{tf …}} literal in the
// templates, and every message literal in the Go code (tillit.Errorf,
// tillit.Msg, Problems.Add, T(…)). Keys that are no longer used fail too,
// so the catalogue does not rot.
func TestSwedishCatalogueComplete(t *testing.T) {
	used := map[string]string{} // key → where
	tmplRe := regexp.MustCompile(`\{\{-?\s*(?:t|tf)\s+(?:\$?\.Lang|\$\.Lang)\s+("(?:[^"\\]|\\.)*")`)
	err := fs.WalkDir(templateFS, "templates", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, _ := templateFS.ReadFile(p)
		for _, m := range tmplRe.FindAllStringSubmatch(string(b), -1) {
			s, err := strconv.Unquote(m[1])
			if err != nil {
				t.Errorf("%s: %v", p, err)
			}
			used[s] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, where := range goMessages(t, "../..") {
		used[k] = where
	}
	var missing []string
	for k, where := range used {
		if _, ok := catalogueSV[k]; !ok {
			if _, ok := catalogueEN[k]; ok && strings.HasPrefix(k, "role:") {
				continue
			}
			missing = append(missing, strconv.Quote(k)+"  // "+where)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no Swedish translation for %s", m)
	}
	for k := range catalogueSV {
		if _, ok := used[k]; !ok && !strings.HasPrefix(k, "role:") && !dynamicKeys[k] {
			t.Errorf("catalogueSV has an unused key %q", k)
		}
	}
	for k, v := range catalogueSV {
		if strings.Count(k, "%") != strings.Count(v, "%") {
			t.Errorf("translation of %q has different format verbs: %q", k, v)
		}
	}
}

// dynamicKeys are catalogue keys passed through variables, which the
// scan cannot see.
var dynamicKeys = map[string]bool{
	"Something needs fixing": true, "Not allowed": true, "Page not found": true, "Could not be saved": true,
	"Too many attempts": true, "Something went wrong": true,
	"Home": true, "Follow-ups": true, "Suppliers": true, "Inbox": true, "Regions": true, "Finances": true, "Annual reports": true, "Risk analyses": true, "Edit risk analysis": true, "Procurement categories": true, "Users": true, "Audit trail": true, "My account": true,
	mailResetSubject: true, mailResetBody: true, mailInviteSubject: true, mailInviteBody: true,
	"Sign in": true, "Forgot your password?": true, "Welcome to tillit": true, "Choose a new password": true,
	"API tokens": true, "New user": true, "Edit user": true,
	"You have signed out.": true, "Your password is set.": true, "The token is revoked.": true,
	"Your password is changed. Other browsers where you were signed in have been signed out.": true,
	"The user is created.": true, "The user is created and an invitation has been sent.": true,
	"The changes are saved.": true, "An invitation has been sent.": true,
}

// goMessages collects the string literals that become user-facing
// messages in the Go code under root (tests excluded): the arguments of
// tillit.Errorf, tillit.Msg, Problems.Add, T, and the ui's page titles and
// flash messages.
func goMessages(t *testing.T, root string) map[string]string {
	out := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (e.Name() == "testdata" || e.Name() == "node_modules" || strings.HasPrefix(e.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		// The command line and the demo loader speak to operators in
		// English only; the store, domain and web layers reach users.
		if strings.Contains(p, "/cmd/") || strings.Contains(p, "/demo/") || strings.Contains(p, "/browsertest/") || strings.Contains(p, "/mail/") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			idx := -1
			switch name {
			case "Errorf":
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && (x.Name == "tillit") {
						idx = 1
					}
				} else if filepath.Dir(p) == filepath.Clean(root) {
					idx = 1 // Errorf inside the root package itself
				}
			case "Msg":
				idx = 0
			case "Add":
				idx = 1
			case "T":
				idx = 1
			case "page": // u.page(r, "Title"), not the route table's page(…)
				if _, ok := call.Fun.(*ast.SelectorExpr); ok {
					idx = 1
				}
			case "redirect": // u.redirect(w, r, to, "Flash message.")
				if _, ok := call.Fun.(*ast.SelectorExpr); ok {
					idx = 3
				}
			case "invalid": // the domain's invalid(field, format, …)
				idx = 1
			}
			if idx < 0 || len(call.Args) <= idx {
				return true
			}
			lit, ok := call.Args[idx].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil {
				out[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
