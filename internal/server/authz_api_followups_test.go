package server

import "github.com/tillit-project/tillit"

// expectedAPIFollowUps says who may use each route of routes_api_followups.go.
var expectedAPIFollowUps = map[string][]tillit.Role{}

// apiFollowUpParams gives the wildcards of these routes values from the fixture.
func apiFollowUpParams(f *fixture, path string) map[string]string {
	return nil
}
