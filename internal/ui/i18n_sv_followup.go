package ui

// svFollowUp translates the follow-up domain and pages.
var svFollowUp = map[string]string{}
