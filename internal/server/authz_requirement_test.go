package server

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tillit-project/tillit"
)

// Who reaches the requirements library: everyone signed in reads it; the
// national office writes and publishes.
var expectedRequirements = map[string][]tillit.Role{
	"GET /requirements":                              signedIn,
	"GET /requirements.csv":                          signedIn,
	"GET /requirements.xlsx":                         signedIn,
	"GET /requirements/new":                          office,
	"POST /requirements/new":                         office,
	"GET /requirements/{code}":                       signedIn,
	"GET /requirements/{code}/diff":                  signedIn,
	"GET /requirements/{code}/versions/new":          office,
	"POST /requirements/{code}/versions/new":         office,
	"GET /requirements/{code}/versions/{n}":          signedIn,
	"GET /requirements/{code}/versions/{n}/edit":     office,
	"POST /requirements/{code}/versions/{n}/edit":    office,
	"POST /requirements/{code}/versions/{n}/publish": office,
	"GET /api/v1/requirements":                       signedIn,
	"GET /api/v1/requirements/{code}":                signedIn,
}

var requirementSerial atomic.Int64

// requirementParams gives each request a requirement of its own with
// version 1 published and version 2 a draft, so publishing by one role
// does not change what the next role finds; readers get version 1.
func requirementParams(f *fixture, path string) map[string]string {
	if !strings.Contains(path, "/requirements/{code}") {
		return nil
	}
	code := fmt.Sprintf("ZZ-%d", requirementSerial.Add(1))
	ctx, sys := context.Background(), tillit.SystemActor("test")
	in := func(from string) tillit.VersionInput {
		d, _ := time.Parse(time.DateOnly, from)
		return tillit.VersionInput{Title: tillit.Text{SV: "Prov", EN: "Test"}, Body: tillit.Text{SV: "Text", EN: "Text"}, EffectiveFrom: d}
	}
	r := &tillit.Requirement{Code: code, Kind: tillit.KindCodeOfConduct}
	if err := f.db.CreateRequirement(ctx, sys, r, in("2020-01-01")); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.db.PublishRequirementVersion(ctx, sys, code, 1); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.db.AddRequirementDraft(ctx, sys, code, in("2023-01-01")); err != nil {
		f.t.Fatal(err)
	}
	n := "1"
	if strings.HasSuffix(path, "/edit") || strings.HasSuffix(path, "/publish") {
		n = "2"
	}
	return map[string]string{"{code}": code, "{n}": n}
}
