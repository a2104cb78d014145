package demo

import (
	"context"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The nine in-depth risk analyses of 2022. The report names what they
// covered (care-related paper and plastics, basic medical equipment,
// surgical instruments, cleaning, nutrition, medical technology's imaging
// and function, incontinence and ostomy, furniture, and food); the
// ratings, notes, countries and product groups below are invented to be
// plausible and are not the regions' actual judgements.

// RiskAnalysesApproved2022 is how many risk analyses were approved in 2022.
const RiskAnalysesApproved2022 = 9

type riskCellSpec struct {
	stage tillit.SupplyChainStage
	area  tillit.SustainabilityArea
	l, s  int
	note  string
}

type riskSpec struct {
	category  string
	title     string
	scope     string
	approved  string // date approved in 2022
	base      int    // likelihood and severity of every cell not listed: 0 leaves it unassessed
	cells     []riskCellSpec
	countries []tillit.CountryConcern
	products  []tillit.ProductGroup
}

var riskAnalyses2022 = []riskSpec{
	{CategoryCareEquipment, "Vårdrelaterat papper och plast", "Engångsartiklar av papper och plast i vården: skyddsförkläden, bäckenskålar, muggar.", "2022-03-18", 1,
		[]riskCellSpec{
			{tillit.StageRawMaterial, tillit.AreaEnvironment, 3, 3, "Oljebaserad plast och massaved från skog med höga naturvärden."},
			{tillit.StageFinalAssembly, tillit.AreaLabourRights, 3, 3, "Långa arbetsdagar och låga löner vid fabriker i Asien."},
			{tillit.StageWaste, tillit.AreaEnvironment, 3, 2, "Förbränns efter en användning."},
		},
		[]tillit.CountryConcern{{Country: "CN", Reason: "Stor del av engångsplasten tillverkas här; begränsad insyn."}, {Country: "MY", Reason: "Migrantarbetare i plastindustrin."}},
		[]tillit.ProductGroup{{Name: "Skyddsförkläden av plast", Priority: 1, Reason: "Stora volymer och fabriker med kända brister."}}},
	{CategoryMedicalTechnology, "Medicinsk grundutrustning", "Blodtrycksmätare, stetoskop, termometrar och liknande.", "2022-04-08", 1,
		[]riskCellSpec{
			{tillit.StageRawMaterial, tillit.AreaHumanRights, 3, 4, "Metaller och mineral från konfliktområden."},
			{tillit.StageComponents, tillit.AreaLabourRights, 3, 3, "Elektronikkomponenter från fabriker med tvångsövertid."},
		},
		[]tillit.CountryConcern{{Country: "CD", Reason: "Kobolt och tenn."}, {Country: "CN", Reason: "Komponenttillverkning."}},
		[]tillit.ProductGroup{{Name: "Digitala termometrar", Priority: 1, Reason: "Elektronik med lång leverantörskedja."}}},
	{CategorySurgicalInstruments, "Kirurgiska instrument", "Instrument för engångs- och flergångsbruk.", "2022-04-29", 1,
		[]riskCellSpec{
			{tillit.StageFinalAssembly, tillit.AreaLabourRights, 4, 4, "Smide och slipning för hand i små verkstäder; barnarbete har rapporterats."},
			{tillit.StageFinalAssembly, tillit.AreaHumanRights, 3, 4, "Farliga arbetsmiljöer utan skyddsutrustning."},
			{tillit.StageProcessing, tillit.AreaEnvironment, 3, 3, "Kemikalier från ytbehandling släpps ut orenat."},
			{tillit.StageFinalAssembly, tillit.AreaAntiCorruption, 2, 3, "Mutor vid tullhantering."},
		},
		[]tillit.CountryConcern{{Country: "PK", Reason: "De flesta instrument smids och slipas i Sialkot."}, {Country: "DE", Reason: "Märks här men tillverkas ofta i Pakistan."}},
		[]tillit.ProductGroup{{Name: "Saxar och peanger", Priority: 1, Reason: "Störst volym."}, {Name: "Engångsinstrument", Priority: 2, Reason: "Växande andel."}}},
	{CategoryCareEquipment, "Lokalvård", "Rengöringsmedel, mopp och städmaterial.", "2022-05-20", 1,
		[]riskCellSpec{
			{tillit.StageRawMaterial, tillit.AreaEnvironment, 3, 3, "Palmolja i tensider."},
			{tillit.StageRawMaterial, tillit.AreaHumanRights, 3, 3, "Markrättigheter vid plantager."},
		},
		[]tillit.CountryConcern{{Country: "ID", Reason: "Palmolja."}, {Country: "MY", Reason: "Palmolja och migrantarbetare."}},
		[]tillit.ProductGroup{{Name: "Rengöringsmedel", Priority: 1, Reason: "Palmoljebaserade råvaror."}}},
	{CategoryFood, "Nutrition", "Kosttillägg och enteral nutrition.", "2022-06-10", 1,
		[]riskCellSpec{
			{tillit.StageRawMaterial, tillit.AreaLabourRights, 3, 3, "Säsongsarbetare i jordbruket."},
			{tillit.StageRawMaterial, tillit.AreaEnvironment, 3, 2, "Sojaodling och avskogning."},
		},
		[]tillit.CountryConcern{{Country: "BR", Reason: "Soja."}},
		[]tillit.ProductGroup{{Name: "Sondnäring", Priority: 1, Reason: "Soja- och mjölkproteiner."}}},
	{CategoryMedicalTechnology, "Medicinteknisk utrustning; bild och funktion", "Röntgen, ultraljud och utrustning för fysiologiska mätningar.", "2022-09-09", 1,
		[]riskCellSpec{
			{tillit.StageRawMaterial, tillit.AreaHumanRights, 4, 4, "Konfliktmineraler och kobolt i elektroniken."},
			{tillit.StageComponents, tillit.AreaLabourRights, 3, 3, "Elektroniktillverkning med studentarbetare och tvångsövertid."},
			{tillit.StageWaste, tillit.AreaEnvironment, 3, 3, "Elektronikavfall exporteras."},
		},
		[]tillit.CountryConcern{{Country: "CD", Reason: "Kobolt."}, {Country: "CN", Reason: "Elektronikkomponenter."}, {Country: "MY", Reason: "Halvledare och migrantarbetare."}},
		[]tillit.ProductGroup{{Name: "Ultraljudsutrustning", Priority: 1, Reason: "Mycket elektronik."}}},
	{CategoryCareEquipment, "Inkontinens och stomi", "Inklusive sjukvårdskemikalier och övnings- och simuleringsutrustning.", "2022-10-14", 1,
		[]riskCellSpec{
			{tillit.StageRawMaterial, tillit.AreaLabourRights, 3, 4, "Bomull och cellulosa; tvångsarbete i bomullsodling."},
			{tillit.StageProcessing, tillit.AreaEnvironment, 3, 3, "Blekning och kemikalier."},
		},
		[]tillit.CountryConcern{{Country: "IN", Reason: "Bomull."}, {Country: "CN", Reason: "Förädling av nonwoven."}},
		[]tillit.ProductGroup{{Name: "Inkontinensskydd", Priority: 1, Reason: "Stora volymer."}}},
	{CategoryTextilesFurniture, "Möbler", "Vårdmöbler och kontorsmöbler; nytt som prioriterad inköpskategori efter översynen av kategoriträdet.", "2022-11-11", 1,
		[]riskCellSpec{
			{tillit.StageProcessing, tillit.AreaLabourRights, 3, 3, "Förädling av trä och metall med brister i arbetsmiljön."},
			{tillit.StageComponents, tillit.AreaLabourRights, 3, 3, "Komponenttillverkning med låga löner."},
			{tillit.StageRawMaterial, tillit.AreaEnvironment, 3, 3, "Trä med okänt ursprung."},
		},
		[]tillit.CountryConcern{{Country: "VN", Reason: "Möbeltillverkning."}, {Country: "CN", Reason: "Komponenter."}},
		[]tillit.ProductGroup{{Name: "Vårdsängar", Priority: 1, Reason: "Metall och elektronik."}, {Name: "Stolar", Priority: 2, Reason: "Trä med okänt ursprung."}}},
	{CategoryFood, "Livsmedel", "Frukt, grönsaker, kaffe, te och kakao.", "2022-12-02", 1,
		[]riskCellSpec{
			{tillit.StageRawMaterial, tillit.AreaLabourRights, 4, 3, "Barnarbete i kakao- och kaffeodling."},
			{tillit.StageRawMaterial, tillit.AreaHumanRights, 3, 3, "Migrantarbetare i grönsaksodling i Sydeuropa."},
			{tillit.StageRawMaterial, tillit.AreaEnvironment, 3, 3, "Bekämpningsmedel och vattenbrist."},
		},
		[]tillit.CountryConcern{{Country: "CI", Reason: "Kakao."}, {Country: "ES", Reason: "Grönsaker odlade av migrantarbetare."}},
		[]tillit.ProductGroup{{Name: "Kakao", Priority: 1, Reason: "Barnarbete."}, {Name: "Kaffe", Priority: 2, Reason: "Låga löner."}}},
}

// riskAnalyses loads the 2022 analyses, approved on their dates. An
// analysis that already exists (same category, year and title) is left as
// it is, so loading twice changes nothing.
func (l *loader) riskAnalyses(ctx context.Context) error {
	if l.category == nil {
		if err := l.loadCategories(ctx); err != nil {
			return err
		}
	}
	existing, err := l.db.FindRiskAnalyses(ctx, sqldb.RiskAnalysisFilter{Year: Year})
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, r := range existing {
		have[r.Title] = true
	}
	for _, spec := range riskAnalyses2022 {
		if have[spec.title] {
			continue
		}
		cat, ok := l.category[spec.category]
		if !ok {
			continue
		}
		a := tillit.NewRiskAnalysis(cat.id, Year, spec.title, spec.scope)
		for i := range a.Cells {
			a.Cells[i].Likelihood, a.Cells[i].Severity = spec.base, spec.base
		}
		for _, c := range spec.cells {
			cell := a.Cell(c.stage, c.area)
			cell.Likelihood, cell.Severity, cell.Note = c.l, c.s, c.note
		}
		a.Countries, a.Products = spec.countries, spec.products
		approved := mustDate(spec.approved).Add(10 * time.Hour) // mid-morning, Swedish time
		l.clock = approved.Add(-14 * 24 * time.Hour)
		if err := l.clocked().CreateRiskAnalysis(ctx, actor, a); err != nil {
			return err
		}
		l.clock = approved
		if _, err := l.clocked().ApproveRiskAnalysis(ctx, actor, a.ID, a.Version); err != nil {
			return err
		}
		l.created += 2 // the draft and its approval, each one entry in the audit trail
	}
	return nil
}
