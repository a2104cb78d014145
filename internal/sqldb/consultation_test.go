package sqldb_test

import (
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func TestConsultationStored(t *testing.T) {
	f := newFixture(t)
	officer := createUser(t, f.db, "officer@kansli.se", "h", tillit.Membership{OrgID: f.office.ID, Role: tillit.RoleOfficer})
	supplierUser := createUser(t, f.db, "eva@instrument.se", "h", tillit.Membership{OrgID: f.supplier.ID, Role: tillit.RoleSupplier})
	actor := tillit.ActorOf(officer)
	c := &tillit.Consultation{SenderKind: tillit.SenderEU, Sender: " Europeiska kommissionen ", Subject: "Förbud mot produkter tillverkade med tvångsarbete",
		Reference: "COM(2022) 453", ReceivedOn: day("2022-09-20"), DueOn: day("2022-11-30"), DrafterID: officer.ID, Status: tillit.ConsultationDrafting}
	mustOK(t, f.db.CreateConsultation(ctx, actor, c))
	if c.ID == 0 || c.Sender != "Europeiska kommissionen" || c.Version != 1 {
		t.Fatalf("created %+v", c)
	}
	late := &tillit.Consultation{SenderKind: tillit.SenderMinistry, Sender: "Finansdepartementet", Subject: "Ny upphandlingslag",
		ReceivedOn: day("2022-06-01"), DueOn: day("2022-08-01"), Status: tillit.ConsultationReceived}
	mustOK(t, f.db.CreateConsultation(ctx, actor, late))

	// Only the office's and the regions' people draft.
	bad := *late
	bad.DrafterID = supplierUser.ID
	wantFields(t, f.db.UpdateConsultation(ctx, actor, &bad), "drafter_id")

	got, err := f.db.FindConsultation(ctx, c.ID)
	mustOK(t, err)
	if got.DrafterName != "officer" || got.Reference != "COM(2022) 453" || !got.DueOn.Equal(day("2022-11-30")) || got.Status != tillit.ConsultationDrafting {
		t.Errorf("read back %+v", got)
	}
	stale := *got
	got.Status, got.SentOn = tillit.ConsultationSent, day("2022-11-28")
	got.Document = tillit.ConsultationDocument{Hash: strings.Repeat("ab", 32), Name: "svar.pdf", Size: 1234, ContentType: "application/pdf"}
	mustOK(t, f.db.UpdateConsultation(ctx, actor, got))
	stale.Notes = "gammal"
	wantCode(t, f.db.UpdateConsultation(ctx, actor, &stale), tillit.ECONFLICT)
	again, err := f.db.FindConsultation(ctx, c.ID)
	mustOK(t, err)
	if again.Document.Name != "svar.pdf" || again.Document.Size != 1234 || !again.SentOn.Equal(day("2022-11-28")) || again.Version != 2 {
		t.Errorf("after the update %+v", again)
	}

	open, err := f.db.FindConsultations(ctx, sqldb.ConsultationFilter{Open: true})
	mustOK(t, err)
	if len(open) != 1 || open[0].ID != late.ID {
		t.Errorf("open: %+v", open)
	}
	all, err := f.db.FindConsultations(ctx, sqldb.ConsultationFilter{})
	mustOK(t, err)
	if len(all) != 2 || all[0].ID != late.ID || all[1].ID != c.ID {
		t.Errorf("all: %+v", all)
	}
	drafters, err := f.db.ConsultationDrafters(ctx)
	mustOK(t, err)
	if len(drafters) != 2 || drafters[0].Name != "officer" || drafters[1].Name != "staff" {
		t.Errorf("drafters: %+v", drafters)
	}
	_, err = f.db.FindConsultation(ctx, 999999)
	wantCode(t, err, tillit.ENOTFOUND)
}
