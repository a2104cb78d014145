package ui

// svAPI holds Swedish translations for this part of the product; see
// catalogueSV.
var svAPI = map[string]string{}
