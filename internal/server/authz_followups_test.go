package server

import "github.com/tillit-project/tillit"

// expectedFollowUps says who may use each route of routes_followups.go.
var expectedFollowUps = map[string][]tillit.Role{}

// followUpParams gives the wildcards of these routes values from the fixture.
func followUpParams(f *fixture, path string) map[string]string {
	return nil
}
