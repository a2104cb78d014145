package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The public site's demo content. The facts (who did what, when, the
// titles of the articles and the figures) are those of the collaboration's
// own public pages; every sentence is written anew for the demo. Where a
// page gave no date (the Swedish Medtech conference, the Santiago
// conference, the two calendar entries without titles), the date or title
// is the demo's own and says so in a comment.

// siteDay is a Swedish calendar day at a time of day, in UTC.
func siteDay(s string, hour, minute int) time.Time {
	loc, err := time.LoadLocation(tillit.ReportZone)
	if err != nil {
		loc = time.UTC
	}
	d := mustDate(s)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, loc).UTC()
}

type demoAuthor struct {
	key  string
	a    tillit.Author
	news []string // titles written by the author
}

var siteAuthors = []demoAuthor{
	{key: "pauline", a: tillit.Author{Name: "Pauline Göthberg",
		Role: tillit.Translated{SV: "Nationell samordnare", EN: "National coordinator"},
		Bio: tillit.Translated{
			SV: "Pauline samordnar regionernas gemensamma arbete för hållbar upphandling. Hon disputerade vid KTH i juni 2011 med en avhandling om företags sociala ansvar (CSR) och har skrivit flera läroböcker om hållbar utveckling och socialt ansvarstagande.",
			EN: "Pauline coordinates the regions' joint work on sustainable procurement. She earned her doctorate at KTH in June 2011 with a thesis on corporate social responsibility and has written several textbooks on sustainable development and social responsibility."}}},
	{key: "karin", a: tillit.Author{Name: "Karin Lonaeus",
		Role: tillit.Translated{SV: "Hållbarhetsstrateg", EN: "Sustainability strategist"},
		Bio: tillit.Translated{
			SV: "Karin är hållbarhetsstrateg vid regionernas nationella kansli för hållbar upphandling.",
			EN: "Karin is a sustainability strategist at the regions' national office for sustainable procurement."}}},
}

type demoNews struct {
	title, summary, body tillit.Translated
	day                  string
	hour                 int
	author               string   // key in siteAuthors, "" for none
	regions              []string // county codes
	categories           []string // category codes
}

func sv(s string) tillit.Translated { return tillit.Translated{SV: s} }

var siteNews = []demoNews{
	{title: tillit.Translated{SV: "Ett händelserikt 2018 för regionernas samarbete", EN: "An eventful 2018 for the regions' collaboration"},
		summary: tillit.Translated{SV: "Ett axplock av vad regionerna, leverantörerna och kansliet gjorde tillsammans under året.", EN: "A selection of what the regions, the suppliers and the office did together during the year."},
		body: tillit.Translated{SV: "Vi ser tillbaka på ett år då samarbetet växte på flera håll:\n\n" +
			"- Regionerna beslutade att samordna miljöarbetet i upphandling nationellt, och sedan april 2018 har kansliet en nationell miljöstrateg.\n" +
			"- 38 självskattningar gick ut till leverantörer, 13 nya kontorsrevisioner och 2 fabriksrevisioner genomfördes, 29 pågående uppföljningar hanterades och 7 uppföljningar kunde avslutas när avvikelserna var åtgärdade.\n" +
			"- Många leverantörer arbetar nu systematiskt med att hitta hållbarhetsrisker i sina leveranskedjor, som ett direkt resultat av regionernas krav.\n" +
			"- En särskild riskanalys gjordes för globala logistik- och transportkedjor.\n" +
			"- Tillsammans med Region A, Sykehusinnkjøp och kansliet startade ett projekt om risker vid instrumenttillverkning i Pakistan, med en studieresa dit.\n" +
			"- Vi bidrog till Upphandlingsmyndighetens vägledning om hållbara leveranskedjor.\n" +
			"- Regionala samordnare och kontaktpersoner fick utbildning om mänskliga rättigheter och ILO:s kärnkonventioner.\n" +
			"- Leverantörskonferenser hölls tillsammans med SKL Kommentus på tre orter i Sverige.\n"},
		day: "2018-12-20", hour: 10, author: "pauline", categories: []string{CategorySurgicalInstruments}},
	// The page gives no date; the conference is the 2018 one the year's
	// review mentions.
	{title: sv("Hållbarhet som konkurrensfördel på Swedish Medtechs upphandlingskonferens"),
		summary: sv("Kansliet och flera regionala samordnare höll seminarier och workshoppar tillsammans med leverantörer."),
		body: sv("Temat för Swedish Medtechs årliga upphandlingskonferens var hållbara affärer. Katharina och Pauline från kansliet inledde tillsammans med Karin Melén från TLV: Pauline om socialt ansvar i offentlig upphandling, Katharina om giftfri miljö och minskad klimatpåverkan, och Karin Melén om det ekonomiska perspektivet.\n\n" +
			"## Workshoppar med leverantörer\n\nPå eftermiddagen ledde kansliet, de regionala samordnarna Anja Björnberg Ekstrand och Magnus Strand och flera leverantörer workshoppar om hur hållbarhet kan bli en konkurrensfördel. Deltagarna diskuterade planering, upphandling och uppföljning, och vikten av att sträva efter bästa totalkostnad.\n\n" +
			"## Kraven framåt\n\nDen andra dagen deltog Pauline i ett seminarium med Théo Jaekel från Advokatfirman Vinge och Andreas Rydell från Atea om hur hållbarhetskraven har utvecklats och vad som väntar. Resultaten tas med när handlingsplanerna för de åtta prioriterade riskområdena skrivs."),
		day: "2018-11-22", hour: 9, author: "karin", regions: []string{"10"}, categories: []string{CategoryMedicalTechnology}},
	{title: sv("Region Skåne sänkte utsläpp och kostnader med nya operationskläder"),
		summary: sv("Med hållbarhetskriterier i upphandlingen av en ny textil minskade både koldioxidutsläppen och kostnaderna."),
		body:    sv("Region Skåne har det nationella ansvaret för riskområdet textilier och har analyserat var andra material kan ge mindre miljöpåverkan eller en säkrare leveranskedja. När en ny textil för operationskläder upphandlades under 2018 fanns hållbarhetskriterier med, och resultatet blev lägre utsläpp och lägre kostnader."),
		day:     "2019-03-19", hour: 9, regions: []string{"12"}, categories: []string{CategoryTextilesFurniture}},
	{title: tillit.Translated{SV: "Det nationella kansliet träffar Region Blekinge", EN: "The national office meets Region Blekinge"},
		summary: tillit.Translated{SV: "Magnus Strand och hans kollegor inom upphandling och miljö bjöd in kansliet.", EN: "Magnus Strand and his colleagues in procurement and environment invited the office."},
		body: tillit.Translated{SV: "Vi berättade om vårt gemensamma arbete och särskilt om den nya nationella miljösamordningen. Vi hann också tala om regionens arbete med riskområdet medicinteknik.",
			EN: "We presented our joint work, in particular the new national environmental coordination, and discussed the region's work on the medical technology risk area."},
		day: "2019-03-14", hour: 15, regions: []string{"10"}, categories: []string{CategoryMedicalTechnology}},
	{title: sv("Medtech Magazine om bättre arbetsvillkor i instrumenttillverkningen"),
		summary: sv("Tidningen skriver om hur regionernas krav bidrar till bättre villkor i fabriker i Pakistan."),
		body:    sv("Reportaget bygger på erfarenheterna från studieresan 2018 och beskriver projektet som Sveriges regioner, ETI UK, Sykehusinnkjøp i Norge och OneMed har startat för att möta riskerna i tillverkningen av kirurgiska instrument."),
		day:     "2019-03-12", hour: 10, categories: []string{CategorySurgicalInstruments}},
	{title: sv("Region Stockholm tar fram en metod för risker i IKT-leveranskedjan"),
		summary: sv("Åtta upphandlingar av hårdvara under 2018 gav en metod för att hantera risker i leveranskedjan."),
		body:    sv("Region Stockholm har huvudansvaret för informations- och kommunikationsteknik i regionernas samarbete. Under 2018 upphandlade regionen datorer, bildskärmar och mobiler i åtta upphandlingar och utvecklade samtidigt en metod för att hantera riskerna och för att teckna avtal med leverantörer som aktivt arbetar med hållbara leveranskedjor."),
		day:     "2019-03-07", hour: 11, regions: []string{"01"}, categories: []string{CategoryICT}},
	{title: sv("Nationella kansliet träffar Region Kronoberg"),
		summary: sv("Kansliet mötte medarbetare från upphandling, miljö och fastighet."),
		day:     "2019-03-04", hour: 14, regions: []string{"07"}},
	{title: sv("WSP prioriterar inköpskategorierna i regionernas samarbete"),
		summary: sv("En ny utredning analyserar miljökonsekvenser och möjlig miljönytta per inköpskategori."),
		body:    sv("I onsdags presenterade WSP sin rapport om hur landstingens och regionernas inköpskategorier kan prioriteras utifrån miljökonsekvens och potentiell miljönytta."),
		day:     "2019-02-27", hour: 9},
	{title: sv("Migrantarbetares rättigheter i den malaysiska handskindustrin"),
		summary: sv("Internationella medier har sedan november rapporterat om allvarliga brott mot migrantarbetares rättigheter."),
		body:    sv("Rapporterna gäller företag som levererar medicinska engångshandskar till flera europeiska länder, bland dem Sverige. Den här veckan skrev också Svenska Dagbladet om saken."),
		day:     "2019-02-19", hour: 10, categories: []string{CategoryCareEquipment}},
	{title: sv("Miljökrav gav effekt hos Varuförsörjningen"),
		summary: sv("På tre år minskade antalet förbrukningsartiklar med ftalater med 44 procent."),
		body:    sv("Ftalater är mjukgörare i plast, och några av dem är klassade som hormon- eller reproduktionsstörande. En databas med miljöinformation har gjort det möjligt att välja vilka produkter som ska prioriteras, sätta mätbara mål och följa upp dem."),
		day:     "2019-02-11", hour: 9, regions: []string{"14"}, categories: []string{CategoryWoundCareDental}},
	{title: sv("Kemkollen"),
		summary: sv("Ett nytt projekt ska ge bättre kontroll på kemikalieinnehållet i upphandlade varor."),
		body:    sv("Projektet startade med ett webbinarium i tisdags. Bakom det står SKL Kommentus Inköpscentral och det nationella kansliet, tillsammans med forskningsprojektet ”Kemikaliekontroll och cirkulär ekonomi” som Stockholms universitet och Trossa AB driver."),
		day:     "2019-02-08", hour: 10},
	{title: sv("EU-parlamentet samtalade om upphandling och arbetares rättigheter"),
		summary: sv("Efter rapporterna från Malaysia bjöd parlamentets arbetsgrupp för ansvarsfullt företagande in till möte."),
		body:    sv("Heidi Hautala ledde samtalen med ett trettiotal deltagare från näringslivet, upphandlande myndigheter, frivilligorganisationer och mellanstatliga organisationer som FN och OSSE. Mötet handlade både om offentlig upphandling som styrmedel och om vilken gottgörelse som är möjlig för de drabbade."),
		day:     "2019-02-07", hour: 10},
	// The page gives no date; the conference took place in the months
	// before Chile Compra's visit on 25 October.
	{title: sv("Mänskliga rättigheter i offentlig upphandling – samtal med Latinamerika"),
		summary: sv("Kansliet talade vid en konferens för de 32 länderna i upphandlingsnätverket RICG."),
		body: sv("Konferensen handlade om hur länderna kan börja ställa krav på mänskliga rättigheter i offentlig upphandling. Intresset för regionernas arbete var stort: deltagarna ville veta hur kontraktsvillkoren följer FN:s vägledande principer, hur kraven följs upp och hur riskanalyser och handlingsplaner tas fram.\n\n" +
			"Vi fortsätter dialogen med FN:s arbetsgrupp och delar vår vägledning för uppförandekoden med RICG:s medlemmar. Den 25 oktober är vi värdar när Chiles statliga inköpsorganisation Chile Compra besöker Norden."),
		day: "2017-09-15", hour: 10, author: "pauline"},
	{title: tillit.Translated{SV: "Ny vägledning om uppförandekoden för leverantörer", EN: "New guidance on the supplier code of conduct"},
		summary: tillit.Translated{SV: "Vägledningen beskriver hela vägen från uppförandekodens förväntningar till uppföljning och revision.", EN: "The guidance describes the whole way from the code's expectations to follow-up and audit."},
		body:    sv("Dokumentet samlar det som är viktigt för både leverantörer och upphandlare: vad uppförandekoden förväntar sig, hur uppföljningen går till och när det kan bli en revision."),
		day:     "2016-10-21", hour: 9},
	{title: sv("Västra Götalandsregionen bjöd in till miljödagar"),
		summary: sv("Över 70 deltagare samlades på VGR Campus Nya Varvet."),
		body:    sv("Ett av temana var hållbar upphandling som styrmedel."),
		day:     "2016-10-20", hour: 9, regions: []string{"14"}},
	{title: sv("Rundabordssamtal om migrantarbetare i Thailand"),
		summary: sv("Kansliet var värd tillsammans med SKL Kommentus och Swedwatch."),
		body:    sv("Samtalet den 26 september handlade om migrantarbetarnas situation inom kycklingindustrin i Thailand."),
		day:     "2016-10-20", hour: 11, categories: []string{CategoryFood}},
	{title: sv("Leverantörsbesök i Centralamerika"),
		summary: sv("Tre fabriker som tillverkar suturer och operationstextilier besöktes."),
		body:    sv("I början av september deltog Karin Lonaeus från kansliet i en studieresa som Helse Sør-Øst och Sykehuspartner anordnade. Syftet var att tala med leverantörer om socialt ansvar; två av fabrikerna ligger i norra Mexiko och en i Dominikanska republiken."),
		day:     "2016-10-20", hour: 14, author: "karin", categories: []string{CategoryTextilesFurniture}},
}

var siteEvents = []tillit.Event{
	// The pages give the times of these two, not their titles.
	{Title: tillit.Translated{SV: "Webbinarium om vägledningen för uppförandekoden", EN: "Webinar on the code of conduct guidance"},
		Description: sv("En genomgång av den nya vägledningen: från uppförandekodens förväntningar till uppföljning och revision."),
		StartsAt:    siteDay("2016-10-31", 11, 0), EndsAt: siteDay("2016-10-31", 12, 0), OnlineURL: "https://www.example.org/webbinarium", Published: true},
	{Title: sv("Utbildningsdag om hållbar upphandling"),
		Description: sv("En heldag för regionernas upphandlare om riskanalys, krav och uppföljning."),
		StartsAt:    siteDay("2016-11-07", 9, 30), EndsAt: siteDay("2016-11-07", 16, 30), Place: "Stockholm", Published: true},
	{Title: sv("Chile Compra besöker Norden"),
		Description: sv("Det nationella kansliet är värd för en dag när Chiles statliga inköpsorganisation besöker de nordiska länderna."),
		StartsAt:    siteDay("2017-10-25", 9, 0), EndsAt: siteDay("2017-10-25", 16, 0), Place: "Stockholm", Published: true},
	{Title: sv("Webbinarium om högriskmineraler i medicinteknisk utrustning"),
		Description: sv("De ansvariga regionerna presenterar sina kartläggningar och resultaten av enkäterna till leverantörer av medicinteknisk utrustning."),
		StartsAt:    siteDay("2022-12-06", 10, 0), EndsAt: siteDay("2022-12-06", 11, 30), OnlineURL: "https://www.example.org/hogriskmineraler", Published: true},
}

var sitePages = []tillit.SitePage{
	{Title: tillit.Translated{SV: "Om samarbetet", EN: "About the collaboration"}, Position: 1, Published: true,
		Summary: tillit.Translated{SV: "Sveriges regioner har samarbetat om hållbar upphandling sedan 2010.", EN: "Sweden's regions have worked together on sustainable procurement since 2010."},
		Body: tillit.Translated{
			SV: "Regionerna ansvarar för hälso- och sjukvård, tandvård och kollektivtrafik, och köper varje år varor och tjänster för stora belopp. Därför vill de att det som köps in tillverkas under hållbara och ansvarsfulla förhållanden.\n\n" +
				"## Visionen\n\nVälfärd – genom världsledande hållbar upphandling.\n\n" +
				"## Så är samarbetet organiserat\n\nEn styrgrupp leder arbetet, ett nationellt kansli samordnar det och regionala samordnare finns i de åtta tidigare sjukvårdsregionerna. Kraven och metoden för uppföljning är gemensamma, liksom uppförandekoden för leverantörer. Resultaten delas mellan regionerna och kostnaderna delas också.\n\n" +
				"Samarbetet har strategiska partner i Adda Inköpscentral, Sykehusinnkjøp i Norge och HUS, Helsingfors universitetssjukhus.",
			EN: "The regions are responsible for health care, dental care and public transport, and each year buy goods and services for large sums. They therefore want what they buy to be produced under sustainable and responsible conditions.\n\n" +
				"## The vision\n\nWelfare – through world-leading sustainable procurement.\n\n" +
				"## How the collaboration is organised\n\nA steering group leads the work, a national office coordinates it, and regional coordinators work in the eight former health-care regions. The requirements and the follow-up method are shared, as is the supplier code of conduct; results and costs are shared between the regions.\n\n" +
				"Its strategic partners are Adda, Sykehusinnkjøp in Norway and HUS, Helsinki University Hospital."}},
	{Title: tillit.Translated{SV: "Så går uppföljningen till", EN: "How follow-up works"}, Position: 2, Published: true,
		Summary: sv("Från självskattning till avslutad revision: stegen i en uppföljning av en leverantör."),
		Body: sv("1. **Självskattning.** Leverantören besvarar ett frågeformulär om hur den lever upp till uppförandekoden.\n" +
			"2. **Granskning.** Kansliet bedömer svaren. Är de bristfälliga rekommenderas en kontorsrevision; 2022 gällde det 22 av 39 granskade svar.\n" +
			"3. **Revision.** En revisor granskar leverantörens rutiner, och vid behov en fabrik. Avvikelser från kraven noteras.\n" +
			"4. **Åtgärdsplan.** Leverantören tar fram en plan för varje avvikelse, med ansvarig och tidpunkt.\n" +
			"5. **Återrevision och avslut.** När avvikelserna är åtgärdade och kontrollerade avslutas uppföljningen, och en kort sammanfattning kan publiceras under Resultat.")},
	{Title: sv("Uppförandekoden för leverantörer – vägledning"), Position: 3, Published: true,
		Summary: sv("Vägledningen för leverantörer och upphandlare om regionernas gemensamma uppförandekod."),
		Body: sv("Regionernas gemensamma uppförandekod samlar de krav på mänskliga rättigheter, arbetsrätt, miljö och antikorruption som ställs på leverantörerna. Vägledningen förklarar hur processen går till, från förväntningarna i koden till uppföljning och eventuell revision, och vänder sig både till leverantörer och till upphandlare.\n\n" +
			"Vägledningen finns som PDF under [Dokument](/documents).")},
}

// siteIntro is the front page's introduction.
var siteIntro = tillit.Translated{
	SV: "Sveriges regioner svarar för att alla som bor i landet har tillgång till god hälso- och sjukvård, tandvård och kollektivtrafik. Det vi köper in för att göra det ska vara producerat under hållbara och ansvarsfulla förhållanden – för människorna som tillverkar det och för miljön.\n\nHär berättar vi om hur regionerna tillsammans ställer krav på leverantörerna och följer upp dem.",
	EN: "Sweden's regions make sure that everyone who lives in the country has good health care, dental care and public transport. What we buy to do so should be produced under sustainable and responsible conditions – for the people who make it and for the environment.\n\nHere we tell how the regions together set requirements for suppliers and follow them up.",
}

// siteResults are the public summaries of follow-ups the 2022 report
// says were closed, by supplier.
var siteResults = map[string]struct {
	light tillit.Light
	text  string
}{
	"Stille":                     {tillit.LightGreen, "Uppföljningen avslutades efter en återrevision som visade att leverantören åtgärdat avvikelserna om vidareförmedling av krav, riskanalyser, uppföljning i leverantörskedjan och systematiskt miljöarbete."},
	"Wingplast":                  {tillit.LightGreen, "Avvikelserna från kontorsrevisionen åtgärdades och bekräftades vid en återrevision, varefter uppföljningen avslutades."},
	"Alcon Nordic":               {tillit.LightGreen, "Leverantören åtgärdade de avvikelser som revisionen hade funnit, och uppföljningen avslutades efter en sista återrevision."},
	"Merit Medical Systems":      {tillit.LightYellow, "Uppföljningen avslutades med öppna avvikelser eftersom revisionen gjordes 2018 och avtalen har löpt ut. De ansvariga regionerna påbörjar en ny uppföljning."},
	"Kanwar Group":               {tillit.LightGreen, "Den största bristen var otillräckliga riskanalyser. De åtgärdades och godkändes efter en återrevision."},
	"Sylak (nu Observe Medical)": {tillit.LightGreen, "Avvikelserna om riskanalyser och uppföljning i leverantörskedjan åtgärdades, vilket en återrevision bekräftade."},
}

// publicSite loads the public site's demo content, as a whole and once:
// not at all when any news item exists. The first article is the claim:
// when two instances load at once, the other one's copy of it breaks the
// guard against publishing an article twice, and that one stops.
func (l *loader) publicSite(ctx context.Context) error {
	existing, err := l.db.FindNewsList(ctx, sqldb.NewsFilter{Limit: 1, WithoutBody: true})
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return nil
	}
	regionIDs := func(codes []string) []int64 {
		var out []int64
		for _, c := range codes {
			if id, ok := l.counties[c]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	cats, err := l.db.FindCategories(ctx)
	if err != nil {
		return err
	}
	catIDs := func(codes []string) []int64 {
		var out []int64
		for _, code := range codes {
			for _, c := range cats {
				if c.Code == code {
					out = append(out, c.ID)
				}
			}
		}
		return out
	}
	authors := map[string]int64{}
	var first *tillit.NewsItem
	for i, dn := range siteNews {
		if i == 1 {
			// The claim is made; now the authors, so that the rest can
			// name them (the first article gets its author below).
			for _, da := range siteAuthors {
				a := da.a
				if err := l.db.SaveAuthor(ctx, actor, &a); err != nil {
					return fmt.Errorf("author %s: %w", a.Name, err)
				}
				authors[da.key] = a.ID
				l.created++
			}
		}
		n := &tillit.NewsItem{Title: dn.title, Summary: dn.summary, Body: dn.body, Status: tillit.NewsPublished,
			PublishAt: siteDay(dn.day, dn.hour, 0), AuthorID: authors[dn.author], RegionIDs: regionIDs(dn.regions), Categories: catIDs(dn.categories)}
		err := l.db.SaveNews(ctx, actor, n)
		if i == 0 && tillit.ErrorCode(err) == tillit.ECONFLICT {
			return nil // another instance is loading the site
		}
		if err != nil {
			return fmt.Errorf("news %q: %w", dn.title.SV, err)
		}
		l.created++
		if i == 0 {
			first = n
		}
	}
	first.AuthorID = authors[siteNews[0].author]
	if err := l.db.SaveNews(ctx, actor, first); err != nil {
		return err
	}
	l.created++
	for _, e := range siteEvents {
		e := e
		if err := l.db.SaveEvent(ctx, actor, &e); err != nil {
			return fmt.Errorf("event %q: %w", e.Title.SV, err)
		}
		l.created++
	}
	for _, p := range sitePages {
		p := p
		if err := l.db.SaveSitePage(ctx, actor, &p); err != nil {
			return fmt.Errorf("page %q: %w", p.Title.SV, err)
		}
		l.created++
	}
	if err := l.db.SaveSiteSettings(ctx, actor, map[string]string{"intro_sv": siteIntro.SV, "intro_en": siteIntro.EN}); err != nil {
		return err
	}
	l.created++
	return l.siteResults(ctx)
}

// siteResults writes and approves the summaries of the closed follow-ups
// siteResults names, with no review window (the demo's year is long
// past), and puts the 2022 annual report on the site.
func (l *loader) siteResults(ctx context.Context) error {
	closed, err := l.db.UnscopedClosedFollowUps(ctx, 1000)
	if err != nil {
		return err
	}
	allow := func(*tillit.ResultSummary) error { return nil }
	for _, c := range closed {
		res, ok := siteResults[c.Supplier]
		if !ok || c.SummaryID != 0 {
			continue
		}
		r := &tillit.ResultSummary{FollowUpID: c.ID, Light: res.light, Summary: sv(res.text)}
		if err := l.db.SaveResultSummary(ctx, actor, r); err != nil {
			return fmt.Errorf("result of %s: %w", c.Supplier, err)
		}
		if _, err := l.db.ApproveResult(ctx, actor, r.ID, 0, allow); err != nil {
			return err
		}
		l.created += 2
	}
	switch err := l.db.PublishReport(ctx, actor, Year); tillit.ErrorCode(err) {
	case "":
		l.created++
	case tillit.ECONFLICT:
	default:
		return err
	}
	return nil
}

// SiteRecords is how many audited records the public site's demo content
// adds to Result.Created: the articles, the authors, the first article's
// author, the events, the pages, the front page's text, each result
// summary with its approval, and the published 2022 report.
func SiteRecords() int {
	return len(siteNews) + len(siteAuthors) + 1 + len(siteEvents) + len(sitePages) + 1 + 2*len(siteResults) + 1
}
