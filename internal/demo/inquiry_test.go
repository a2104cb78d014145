package demo_test

import (
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// The demo's inquiry goes from the glove alert to the two suppliers it
// exposes, and one of them has answered.
func TestDemoInquiry(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	rows, err := db.FindInquiries(ctx, sqldb.InquiryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Status != tillit.InquirySent || rows[0].Requests != 2 || rows[0].Answered != 1 || rows[0].IncidentID == 0 {
		t.Fatalf("demo inquiries %+v", rows)
	}
	q, err := db.FindInquiry(ctx, rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	reqs, err := db.InquiryAnswers(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if reqs[0].Supplier != "Handskgrossisten Exempel AB" || reqs[0].Status != tillit.InquiryRequestSent ||
		reqs[1].Supplier != "Procurator AB" || reqs[1].Status != tillit.InquiryRequestAnswered || reqs[1].Answers[0].Value != "no" {
		t.Errorf("requests %+v %+v", reqs[0], reqs[1])
	}
	if res := load(t, db); res.Created != 0 {
		t.Errorf("a second load created %d", res.Created)
	}
}
