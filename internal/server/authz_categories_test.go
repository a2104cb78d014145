package server

import (
	"strings"

	"github.com/tillit-project/tillit"
)

// Who reaches the category routes: everyone signed in reads them, the
// office records changes. {code} is the fixture's category; the forms are
// sent empty, so those let through get 400, which is not a refusal.
var expectedCategories = map[string][]tillit.Role{
	"GET /categories":                     signedIn,
	"GET /categories/{code}":              signedIn,
	"POST /categories/{code}/scopes":      office,
	"POST /categories/{code}/groups":      office,
	"POST /categories/{code}/groups/move": office,
	"GET /api/v1/categories":              signedIn,
}

// categoryParams gives the wildcards of these routes values.
func categoryParams(f *fixture, path string) map[string]string {
	if strings.HasPrefix(path, "/categories/") {
		return map[string]string{"{code}": f.category.Code}
	}
	return nil
}
