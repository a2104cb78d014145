package ui

import "github.com/tillit-project/tillit"

// The interface is written in English in the code and translated at
// render time: the English text is the key, as in gettext, so a missing
// translation shows English instead of a key. catalogueSV holds the
// Swedish; catalogueEN only labels that are keys rather than text.

// T translates s into lang.
func T(lang tillit.Lang, s string) string {
	if lang == tillit.Swedish {
		if v, ok := catalogueSV[s]; ok {
			return v
		}
	}
	if v, ok := catalogueEN[s]; ok {
		return v
	}
	return s
}

// translator returns T bound to lang, for tillit.Message.In.
func translator(lang tillit.Lang) func(string) string {
	return func(s string) string { return T(lang, s) }
}

var catalogueEN = map[string]string{
	"role:admin":       "Administrator",
	"role:officer":     "Officer at the national office",
	"role:coordinator": "Regional coordinator",
	"role:staff":       "Region staff",
	"role:auditor":     "Auditor",
	"role:supplier":    "Supplier",
	"role:editor":      "Web editor",
}

// catalogueSV is the whole Swedish catalogue, kept in one file per part of
// the product so that work on different parts does not collide.
var catalogueSV = mergeCatalogues(svFoundation, svFollowUp, svFollowUpPages, svSupplierPages, svAPI, svFiles, svFinance, svReport, svRisk, svTraining, svIncident, svConsultation, svQuestionnaire, svSite, svImport, svCategories, svRequirement, svInquiry, svSupplyChain)

func mergeCatalogues(parts ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}
