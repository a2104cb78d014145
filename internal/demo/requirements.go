package demo

import (
	"context"
	"time"

	"github.com/tillit-project/tillit"
)

// The demo's requirements library: the code of conduct by area (with the
// ILO core conventions and the Convention on the Rights of the Child,
// article 32), the contract clause at basic and advanced level, and a few
// harmonised environmental requirements for two categories. The codes
// include those the demo follow-ups record deviations against (UK-1 to
// UK-5, MK-1, MK-2; see Requirements in facts.go), so their deviations
// point at version 1. UK-5 has a version 2 from 2023 (the ILO made a safe
// and healthy working environment a fundamental principle in 2022), so
// the differences page has something to show. The texts are the demo's
// own summaries, not the regions' wording.

type reqVersionSpec struct {
	from             string // effective from, YYYY-MM-DD
	titleSV, titleEN string
	bodySV, bodyEN   string
}

type reqSpec struct {
	code     string
	kind     tillit.RequirementKind
	area     tillit.SustainabilityArea
	category string // a demo category code, for environmental requirements of one category
	versions []reqVersionSpec
}

// codeOfConductFrom is when the demo's first version of the code applies.
const codeOfConductFrom = "2016-01-01"

var requirementsLibrary = []reqSpec{
	// The supplier's own processes, which serve every area.
	{"UK-1", tillit.KindCodeOfConduct, "", "", []reqVersionSpec{{codeOfConductFrom, "Policyåtagande", "Policy commitment",
		"Leverantören ska ha ett av ledningen antaget åtagande att följa uppförandekoden och göra det känt för sina anställda och underleverantörer.",
		"The supplier shall have a commitment, adopted by its management, to meet the code of conduct, and make it known to its employees and sub-suppliers."}}},
	{"UK-2", tillit.KindCodeOfConduct, "", "", []reqVersionSpec{{codeOfConductFrom, "Riskanalys av leveranskedjan", "Risk analysis of the supply chain",
		"Leverantören ska regelbundet kartlägga var i leveranskedjan det finns risk att uppförandekoden inte följs, och prioritera sitt arbete efter riskerna.",
		"The supplier shall regularly map where in its supply chain the code of conduct risks not being met, and prioritise its work by those risks."}}},
	{"UK-3", tillit.KindCodeOfConduct, "", "", []reqVersionSpec{{codeOfConductFrom, "Uppföljning i leveranskedjan", "Follow-up in the supply chain",
		"Leverantören ska följa upp att underleverantörerna uppfyller kraven där riskerna är störst, och se till att brister rättas inom rimlig tid.",
		"The supplier shall check that its sub-suppliers meet the requirements where the risks are highest, and see that shortcomings are corrected within a reasonable time."}}},
	{"UK-4", tillit.KindCodeOfConduct, "", "", []reqVersionSpec{{codeOfConductFrom, "Krav vidare till underleverantörer", "Requirements passed on to sub-suppliers",
		"Leverantören ska föra vidare uppförandekodens krav till sina underleverantörer, skriftligen och på ett sätt som går att följa upp.",
		"The supplier shall pass the requirements of the code of conduct on to its sub-suppliers, in writing and in a way that can be followed up."}}},

	// Human rights.
	{"UK-6", tillit.KindCodeOfConduct, tillit.AreaHumanRights, "", []reqVersionSpec{{codeOfConductFrom, "Mänskliga rättigheter", "Human rights",
		"Leverantören ska respektera de mänskliga rättigheterna enligt FN:s allmänna förklaring och arbeta efter FN:s vägledande principer för företag och mänskliga rättigheter.",
		"The supplier shall respect human rights as set out in the UN Universal Declaration and work by the UN Guiding Principles on Business and Human Rights."}}},

	// Labour rights: the ILO core conventions and child labour.
	{"UK-5", tillit.KindCodeOfConduct, tillit.AreaLabourRights, "", []reqVersionSpec{
		{codeOfConductFrom, "Arbetsvillkor enligt ILO:s kärnkonventioner", "Working conditions under the ILO core conventions",
			"Leverantören ska i hela leveranskedjan följa ILO:s kärnkonventioner och arbetsrätten i tillverkningslandet.\nDär lagen och konventionerna skiljer sig åt gäller det som skyddar arbetstagarna bäst.",
			"The supplier shall, throughout its supply chain, meet the ILO core conventions and the labour law of the country of production.\nWhere the law and the conventions differ, whichever protects the workers better applies."},
		{"2023-01-01", "Arbetsvillkor enligt ILO:s grundläggande principer", "Working conditions under the ILO fundamental principles",
			"Leverantören ska i hela leveranskedjan följa ILO:s kärnkonventioner, arbetsrätten i tillverkningslandet och kraven på en säker och hälsosam arbetsmiljö.\nDär lagen och konventionerna skiljer sig åt gäller det som skyddar arbetstagarna bäst.",
			"The supplier shall, throughout its supply chain, meet the ILO core conventions, the labour law of the country of production and the requirements for a safe and healthy working environment.\nWhere the law and the conventions differ, whichever protects the workers better applies."},
	}},
	{"UK-5.1", tillit.KindCodeOfConduct, tillit.AreaLabourRights, "", []reqVersionSpec{{codeOfConductFrom, "Tvångsarbete", "Forced labour",
		"Inget arbete får utföras under tvång, som straff eller mot skuld (ILO 29 och 105). Arbetstagarna ska kunna sluta efter skälig uppsägningstid och behålla sina id-handlingar.",
		"No work may be done under duress, as punishment or against debt (ILO 29 and 105). Workers shall be free to leave after reasonable notice and keep their identity papers."}}},
	{"UK-5.2", tillit.KindCodeOfConduct, tillit.AreaLabourRights, "", []reqVersionSpec{{codeOfConductFrom, "Föreningsfrihet och kollektiva förhandlingar", "Freedom of association and collective bargaining",
		"Arbetstagarna har rätt att bilda och gå med i fackföreningar och att förhandla kollektivt (ILO 87 och 98), utan att straffas för det.",
		"Workers have the right to form and join trade unions and to bargain collectively (ILO 87 and 98), without being penalised for it."}}},
	{"UK-5.3", tillit.KindCodeOfConduct, tillit.AreaLabourRights, "", []reqVersionSpec{{codeOfConductFrom, "Lika lön och icke-diskriminering", "Equal pay and non-discrimination",
		"Kvinnor och män ska ha lika lön för arbete av lika värde (ILO 100), och ingen får diskrimineras i anställning eller yrke (ILO 111).",
		"Women and men shall be paid equally for work of equal value (ILO 100), and no one may be discriminated against in employment or occupation (ILO 111)."}}},
	{"UK-5.4", tillit.KindCodeOfConduct, tillit.AreaLabourRights, "", []reqVersionSpec{{codeOfConductFrom, "Barnarbete", "Child labour",
		"Ingen under minimiåldern för arbete får anställas (ILO 138), och de värsta formerna av barnarbete är förbjudna (ILO 182). Barn ska skyddas mot arbete som skadar deras hälsa, utveckling eller skolgång (barnkonventionen artikel 32). Hittas barnarbete ska det åtgärdas med barnets bästa för ögonen.",
		"No one under the minimum age for work may be employed (ILO 138), and the worst forms of child labour are forbidden (ILO 182). Children shall be protected from work that harms their health, development or schooling (Convention on the Rights of the Child, article 32). Child labour that is found shall be remedied in the child's best interest."}}},

	// Environment and anti-corruption.
	{"UK-7", tillit.KindCodeOfConduct, tillit.AreaEnvironment, "", []reqVersionSpec{{codeOfConductFrom, "Miljö", "Environment",
		"Leverantören ska följa miljölagstiftningen i tillverkningslandet och arbeta för att minska produkternas negativa miljöpåverkan under hela livscykeln.",
		"The supplier shall meet the environmental law of the country of production and work to reduce the products' negative environmental impact over their whole life cycle."}}},
	{"UK-8", tillit.KindCodeOfConduct, tillit.AreaAntiCorruption, "", []reqVersionSpec{{codeOfConductFrom, "Antikorruption", "Anti-corruption",
		"Leverantören får inte ge, ta emot eller erbjuda mutor eller andra otillbörliga förmåner, i enlighet med FN:s konvention mot korruption.",
		"The supplier shall not give, accept or offer bribes or other improper advantages, in line with the UN Convention against Corruption."}}},

	// The contract clause.
	{"KVB-1", tillit.KindClauseBasic, "", "", []reqVersionSpec{{codeOfConductFrom, "Uppförandekoden under avtalstiden", "The code of conduct during the contract",
		"Leverantören ska under hela avtalstiden uppfylla uppförandekoden för de varor som levereras enligt avtalet, och på begäran visa hur.",
		"Throughout the contract, the supplier shall meet the code of conduct for the goods delivered under it, and on request show how."}}},
	{"KVB-2", tillit.KindClauseBasic, "", "", []reqVersionSpec{{codeOfConductFrom, "Medverkan i uppföljning", "Taking part in follow-up",
		"Leverantören ska besvara självskattningar, ta emot revisioner och åtgärda avvikelser enligt en godkänd åtgärdsplan.",
		"The supplier shall answer self-assessments, receive audits and correct deviations under an approved corrective action plan."}}},
	{"KVA-1", tillit.KindClauseAdvanced, "", "", []reqVersionSpec{{codeOfConductFrom, "Dokumenterad riskhantering", "Documented due diligence",
		"Utöver basnivån ska leverantören kunna visa dokumenterade rutiner för policy, riskanalys, uppföljning och krav på underleverantörer.",
		"Beyond the basic level, the supplier shall be able to show documented routines for its policy, risk analysis, follow-up and requirements on sub-suppliers."}}},
	{"KVA-2", tillit.KindClauseAdvanced, "", "", []reqVersionSpec{{codeOfConductFrom, "Spårbarhet till tillverkningsställe", "Traceability to the production site",
		"Leverantören ska på begäran redovisa tillverkningsställen, med land och ort, för de varor som levereras enligt avtalet.",
		"On request, the supplier shall report the production sites, with country and town, of the goods delivered under the contract."}}},

	// Harmonised environmental requirements.
	{"MK-1", tillit.KindEnvironmental, tillit.AreaEnvironment, "", []reqVersionSpec{{codeOfConductFrom, "Systematiskt miljöarbete", "Systematic environmental work",
		"Leverantören ska bedriva ett systematiskt miljöarbete med mål, ansvar och uppföljning, till exempel enligt ISO 14001 eller motsvarande.",
		"The supplier shall run systematic environmental work with targets, responsibilities and follow-up, for example under ISO 14001 or equivalent."}}},
	{"MK-2", tillit.KindEnvironmental, tillit.AreaEnvironment, "", []reqVersionSpec{{codeOfConductFrom, "Produktspecifika miljökrav", "Product-specific environmental requirements",
		"Varorna ska uppfylla de miljökrav som anges för den inköpskategori avtalet gäller.",
		"The goods shall meet the environmental requirements set for the procurement category of the contract."}}},
	{"MK-3", tillit.KindEnvironmental, tillit.AreaEnvironment, CategorySurgicalInstruments, []reqVersionSpec{{"2020-01-01", "Återanvändbara instrument", "Reusable instruments",
		"För flergångsinstrument ska leverantören ange hur många rengöringar och steriliseringar instrumentet är avsett att klara.",
		"For reusable instruments, the supplier shall state how many cleaning and sterilisation cycles the instrument is meant to withstand."}}},
	{"MK-4", tillit.KindEnvironmental, tillit.AreaEnvironment, CategorySurgicalInstruments, []reqVersionSpec{{"2020-01-01", "Förpackningar utan PVC", "Packaging without PVC",
		"Förpackningar får inte innehålla PVC eller andra halogenerade plaster.",
		"Packaging shall not contain PVC or other halogenated plastics."}}},
	{"MK-5", tillit.KindEnvironmental, tillit.AreaEnvironment, CategoryWoundCareDental, []reqVersionSpec{{"2021-01-01", "Utan tillsatta ftalater", "No added phthalates",
		"Produkterna får inte innehålla tillsatta ftalater som är klassade som reproduktionstoxiska.",
		"The products shall not contain added phthalates classified as toxic for reproduction."}}},
}

// RequirementRecords is what loading the library into an empty database
// writes to the audit trail: each version is written and then published
// (the first with its requirement).
func RequirementRecords() int {
	n := 0
	for _, r := range requirementsLibrary {
		n += 2 * len(r.versions)
	}
	return n
}

// requirements loads the library. What is there is left as it is: a code
// that exists keeps its versions, and only versions it lacks are added
// and published, each on the day it takes effect. Two loaders at once
// may race; a conflict means the other one did it.
func (l *loader) requirements(ctx context.Context) error {
	if l.category == nil {
		if err := l.loadCategories(ctx); err != nil {
			return err
		}
	}
	for _, spec := range requirementsLibrary {
		if err := l.requirement(ctx, spec); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) requirement(ctx context.Context, spec reqSpec) error {
	input := func(v reqVersionSpec) (tillit.VersionInput, time.Time) {
		from, err := time.Parse(time.DateOnly, v.from)
		if err != nil {
			panic(err) // the table above is wrong
		}
		return tillit.VersionInput{Title: tillit.Text{SV: v.titleSV, EN: v.titleEN}, Body: tillit.Text{SV: v.bodySV, EN: v.bodyEN}, EffectiveFrom: from}, from
	}
	conflict := func(err error) bool { return tillit.ErrorCode(err) == tillit.ECONFLICT }
	req, err := l.db.FindRequirement(ctx, spec.code)
	if tillit.ErrorCode(err) == tillit.ENOTFOUND {
		r := &tillit.Requirement{Code: spec.code, Kind: spec.kind, Area: spec.area}
		if spec.category != "" {
			cat, ok := l.category[spec.category]
			if !ok {
				return nil // the office removed the category: leave the requirement out
			}
			r.CategoryID = cat.id
		}
		in, from := input(spec.versions[0])
		err = l.db.WithClock(func() time.Time { return from.Add(-24 * time.Hour) }).CreateRequirement(ctx, actor, r, in)
		if err != nil && !conflict(err) {
			return err
		}
		if err == nil {
			l.created++
		}
		req, err = l.db.FindRequirement(ctx, spec.code)
	}
	if err != nil {
		return err
	}
	for i, vs := range spec.versions {
		n := i + 1
		in, from := input(vs)
		// Written the day before it applies and published that day, as
		// the office would.
		db := l.db.WithClock(func() time.Time { return from.Add(-16 * time.Hour) })
		v := req.Version(n)
		if v == nil {
			_, err := db.AddRequirementDraft(ctx, actor, spec.code, in)
			if err != nil && !conflict(err) {
				return err
			}
			if err == nil {
				l.created++
			}
		}
		if v == nil || v.Status == tillit.RequirementDraft && v.Title.EN == vs.titleEN {
			_, err := db.PublishRequirementVersion(ctx, actor, spec.code, n)
			if err != nil && !conflict(err) {
				return err
			}
			if err == nil {
				l.created++
			}
		}
		if req, err = l.db.FindRequirement(ctx, spec.code); err != nil {
			return err
		}
	}
	return nil
}
