package ui

// svFollowUpPages holds Swedish translations for this part of the product; see
// catalogueSV.
var svFollowUpPages = map[string]string{}
