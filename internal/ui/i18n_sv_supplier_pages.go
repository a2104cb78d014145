package ui

// svSupplierPages holds Swedish translations for this part of the product; see
// catalogueSV.
var svSupplierPages = map[string]string{}
