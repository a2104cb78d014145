package ui

// svFiles holds Swedish translations for this part of the product; see
// catalogueSV.
var svFiles = map[string]string{}
