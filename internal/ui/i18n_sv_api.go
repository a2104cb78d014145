package ui

// svAPI holds Swedish translations for this part of the product; see
// catalogueSV.
var svAPI = map[string]string{
	// Query parameters and paging.
	"The parameter %s is not known. Use one of: %s.":    "Parametern %s är okänd. Använd någon av: %s.",
	"Give the parameter %s only once.":                  "Ange parametern %s bara en gång.",
	"Use a positive whole number, such as 12.":          "Använd ett positivt heltal, till exempel 12.",
	"Use a number between 1 and %d.":                    "Använd ett tal mellan 1 och %d.",
	"Write the date as YYYY-MM-DD, such as 2026-03-31.": "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-31.",
	"The cursor is not valid for this list. Pass the value of next from the previous page, with the same sort.": "Markören gäller inte för den här listan. Skicka värdet av next från föregående sida, med samma sortering.",
	"The search text can be at most 200 characters.":                                                            "Söktexten får vara högst 200 tecken.",
	"Use open or closed.":              "Använd open (pågående) eller closed (avslutad).",
	"Use green, yellow or red.":        "Använd green, yellow eller red (trafikljusets grönt, gult eller rött).",
	"Use major, minor or observation.": "Använd major (större avvikelse), minor (mindre avvikelse) eller observation.",
	"Use true or false.":               "Använd true eller false.",
	"Use opened or supplier.":          "Använd opened (öppnad) eller supplier (leverantör).",

	// Follow-ups and their events.
	"Only the national office and the coordinators of the category's responsible regions can open follow-ups in it.":                     "Bara nationella kansliet och samordnarna i inköpskategorins ansvariga regioner kan öppna uppföljningar i den.",
	"Your role does not allow changes to this follow-up. Ask the national office if you need access.":                                    "Din roll får inte ändra den här uppföljningen. Fråga nationella kansliet om du behöver behörighet.",
	"Only the national office and the coordinators of the follow-up's responsible regions can make this change.":                         "Bara nationella kansliet och samordnarna i uppföljningens ansvariga regioner kan göra den här ändringen.",
	"Only the national office, the coordinators of the responsible regions and the auditor assigned to audit %d can record its results.": "Bara nationella kansliet, samordnarna i de ansvariga regionerna och revisorn som tilldelats revision %d kan registrera dess resultat.",
	"Only the supplier's own staff and the national office can do this on the supplier's behalf.":                                        "Bara leverantörens egen personal, och nationella kansliet för leverantörens räkning, kan göra detta.",
	"Say what happened in the field type, one of: %s.":                                                                                   "Ange vad som hände i fältet type, något av: %s.",
	"Enter the event type.":                  "Ange typen av händelse.",
	"Unknown event type %q. Use one of: %s.": "Okänd händelsetyp %q. Använd någon av: %s.",
	"A follow-up is opened with POST /api/v1/followups, not with an event. Use one of: %s.":                                               "En uppföljning öppnas med POST /api/v1/followups, inte med en händelse. Använd någon av: %s.",
	"Choose an auditor who works for the organisation that performs the audit, or leave auditor_user_id out and give the auditor's name.": "Välj en revisor som arbetar för organisationen som utför revisionen, eller utelämna auditor_user_id och ange revisorns namn.",
	"Choose one of the supplier's production sites (GET /api/v1/suppliers/%d/sites).":                                                     "Välj ett av leverantörens tillverkningsställen (GET /api/v1/suppliers/%d/sites).",
	"The report is not a file attached to this follow-up. Upload it to the follow-up first and give its hash.":                            "Rapporten är inte en fil som bifogats till den här uppföljningen. Ladda först upp den till uppföljningen och ange dess hash.",
	"One of the evidence files is not attached to this follow-up. Upload it to the follow-up first and give its hash.":                    "En av bevisfilerna är inte bifogad till den här uppföljningen. Ladda först upp den till uppföljningen och ange dess hash.",

	// The supplier register.
	"You can add contracts only for your own region.":         "Du kan bara lägga till avtal för din egen region.",
	"You can add production sites only for your own company.": "Du kan bara lägga till tillverkningsställen för ditt eget företag.",
}
