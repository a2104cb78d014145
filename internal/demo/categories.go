package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// Categories over time. The 2022 report says that from 2023 the product
// group "imaging and function" (bild och funktion) moves from medical
// technology to ICT: the demo records the group in medical technology from
// ResponsibleFrom and its move, and a scope for each of the two categories
// before and after. The responsible regions stay as they were. The scope
// texts are the demo's own words.

// ImagingFunction is the code of the product group that moves in 2023.
const ImagingFunction = "imaging-function"

// ImagingFunctionMoves is the day the group belongs to ICT from.
var ImagingFunctionMoves = mustDate("2023-01-01")

type scopeSpec struct {
	category       string
	from           time.Time
	textSV, textEN string
}

var categoryScopes = []scopeSpec{
	{CategoryMedicalTechnology, ResponsibleFrom,
		"Medicinteknisk utrustning och förbrukningsmaterial som används med den, bland annat utrustning för bild- och funktionsdiagnostik.",
		"Medical technology equipment and the consumables used with it, including equipment for imaging and functional diagnostics."},
	{CategoryMedicalTechnology, ImagingFunctionMoves,
		"Medicinteknisk utrustning och förbrukningsmaterial som används med den. Bild och funktion hör från 2023 till informationsteknik och kommunikation.",
		"Medical technology equipment and the consumables used with it. From 2023 imaging and function belongs to information and communication technology."},
	{CategoryICT, ResponsibleFrom,
		"Datorer, telefoner, nätverksutrustning och annan utrustning för informationsteknik och kommunikation.",
		"Computers, phones, network equipment and other information and communication technology."},
	{CategoryICT, ImagingFunctionMoves,
		"Datorer, telefoner, nätverksutrustning och annan utrustning för informationsteknik och kommunikation, från 2023 även utrustning för bild och funktion.",
		"Computers, phones, network equipment and other information and communication technology, and from 2023 also imaging and function equipment."},
}

// CategoryRecords is how many records categoriesOverTime creates in an
// empty database: the scope versions, the group and its move.
var CategoryRecords = len(categoryScopes) + 2

// categoriesOverTime adds what is missing of the scopes and of the group
// and its move; a group that exists is left as it is, moves and all.
func (l *loader) categoriesOverTime(ctx context.Context) error {
	reg, err := l.db.FindCategoryRegister(ctx)
	if err != nil {
		return err
	}
	for _, s := range categoryScopes {
		c, ok := reg.Category(s.category)
		if !ok {
			return fmt.Errorf("scope: category %s not found", s.category)
		}
		if have, ok := c.ScopeOn(s.from); ok && have.ValidFrom.Equal(s.from) {
			continue
		}
		err := l.db.AddScopeVersion(ctx, actor, &tillit.ScopeVersion{CategoryID: c.ID, ValidFrom: s.from, TextSV: s.textSV, TextEN: s.textEN})
		switch tillit.ErrorCode(err) {
		case "":
			l.created++
		case tillit.ECONFLICT: // added meanwhile by another loader
		default:
			return fmt.Errorf("scope of %s: %w", s.category, err)
		}
	}
	if _, ok := reg.Group(ImagingFunction); ok {
		return nil
	}
	med, _ := reg.Category(CategoryMedicalTechnology)
	ict, _ := reg.Category(CategoryICT)
	g := &tillit.CategoryGroup{Code: ImagingFunction, NameSV: "Bild och funktion", NameEN: "Imaging and function",
		Placements: []tillit.GroupPlacement{{CategoryID: med.ID, ValidFrom: ResponsibleFrom}}}
	err = l.db.CreateCategoryGroup(ctx, actor, g)
	switch tillit.ErrorCode(err) {
	case "":
		l.created++
	case tillit.ECONFLICT: // created meanwhile by another loader, which moves it too
		return nil
	default:
		return fmt.Errorf("product group %s: %w", ImagingFunction, err)
	}
	if _, err := l.db.MoveCategoryGroup(ctx, actor, g.ID, ict.ID, ImagingFunctionMoves); err != nil {
		return fmt.Errorf("moving %s: %w", ImagingFunction, err)
	}
	l.created++
	return nil
}
