package ui

// svFinance holds Swedish translations for this part of the product (the
// finances of the annual activity report); see catalogueSV.
var svFinance = map[string]string{
	"No finances are recorded for %d.": "Det finns ingen ekonomi registrerad för %d.",
	"Someone else saved the finances for %d at the same time. Reload the page and enter your changes again.":                 "Någon annan sparade ekonomin för %d samtidigt. Ladda om sidan och gör dina ändringar igen.",
	"The finances for %d have no opening balance and there are none for %d to carry over. Enter the opening balance for %d.": "Ekonomin för %d saknar ingående balans och det finns ingen ekonomi för %d att föra över från. Ange den ingående balansen för %d.",
	"Enter a contribution of zero or more.":                                                                          "Ange ett bidrag på noll eller mer.",
	"Enter a cost of zero or more; enter a refund as a smaller cost.":                                                "Ange en kostnad på noll eller mer; ange en återbetalning som en lägre kostnad.",
	"Enter an opening balance of zero or more, or leave it empty to carry over the previous year's closing balance.": "Ange en ingående balans på noll eller mer, eller lämna fältet tomt för att föra över föregående års utgående balans.",
	"Choose one of the regions; region %d is not one of them.":                                                       "Välj en av regionerna; region %d är inte en av dem.",
	"Enter a rate per inhabitant greater than zero, such as 0.50 SEK.":                                               "Ange ett belopp per invånare som är större än noll, till exempel 0,50 kr.",
	"Say why the invoiced contribution differs from the computed one.":                                               "Ange varför det fakturerade bidraget skiljer sig från det beräknade.",
	"The reason can be at most %d characters.":                                                                       "Motiveringen får vara högst %d tecken.",
	"A region's contribution can be set by hand only once per year; remove the duplicate.":                           "En regions bidrag kan bara anges manuellt en gång per år; ta bort dubbletten.",
	"Choose the region whose contribution you set by hand.":                                                          "Välj den region vars bidrag du anger manuellt.",
	"Choose the cost type: personnel, other costs or other services.":                                                "Välj kostnadstyp: personal, övriga kostnader eller övriga tjänster.",
}
