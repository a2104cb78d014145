package server

import "github.com/tillit-project/tillit"

// expectedSuppliers says who may use each route of routes_suppliers.go.
var expectedSuppliers = map[string][]tillit.Role{}

// supplierParams gives the wildcards of these routes values from the fixture.
func supplierParams(f *fixture, path string) map[string]string {
	return nil
}
