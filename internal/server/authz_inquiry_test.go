package server

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tillit-project/tillit"
)

// Who reaches the inquiry routes: those who register and judge incidents
// (the office and the regions' coordinators and staff) write, send and
// close inquiries and read the answers; only suppliers reach the answer
// pages in the portal. The path values (inquiryParams) name a request of
// Leverantör A, whose user is the supplier.
var expectedInquiries = map[string][]tillit.Role{
	"GET /inquiries":                           incidentUsers,
	"GET /inquiries/new":                       incidentUsers,
	"POST /inquiries":                          incidentUsers,
	"GET /inquiries/{id}":                      incidentUsers,
	"GET /inquiries/{id}/edit":                 incidentUsers,
	"POST /inquiries/{id}/edit":                incidentUsers,
	"POST /inquiries/{id}/send":                incidentUsers,
	"POST /inquiries/{id}/close":               incidentUsers,
	"GET /inquiries/{id}/answers.xlsx":         incidentUsers,
	"GET /inquiries/{id}/files/{file}":         incidentUsers,
	"GET /portal/inquiries/{pid}":              supplierOnly,
	"POST /portal/inquiries/{pid}":             supplierOnly,
	"GET /portal/inquiries/{pid}/files/{file}": supplierOnly,
	"GET /api/v1/inquiries":                    incidentUsers,
	"GET /api/v1/inquiries/{id}":               incidentUsers,
}

// inquiryParams points the wildcards at an inquiry sent to Leverantör A
// and B, and {pid} at A's request.
func inquiryParams(f *fixture, path string) map[string]string {
	if !strings.Contains(path, "/inquiries") {
		return nil
	}
	w := f.inquiries(f.t)
	return map[string]string{"{id}": strconv.FormatInt(w.sent.ID, 10), "{pid}": w.pidA, "{file}": "1"}
}

// inqWorld is an inquiry sent to Leverantör A and B, the suppliers with
// contracts in the fixture's category; pidA and pidB name their requests.
type inqWorld struct {
	sent       *tillit.Inquiry
	pidA, pidB string
}

var inqWorlds sync.Map // *fixture → *inqWorld

// inquiries sends the fixture's inquiry the first time it is asked for:
// to every supplier with a contract in the fixture's category (A and B).
func (f *fixture) inquiries(t testing.TB) *inqWorld {
	if w, ok := inqWorlds.Load(f); ok {
		return w.(*inqWorld)
	}
	ctx := context.Background()
	coord := tillit.ActorOf(f.users[tillit.RoleCoordinator])
	q := &tillit.Inquiry{Title: "Arbetsvillkor", DueOn: tillit.DateOf(f.now).AddDate(0, 0, 20),
		Selection: tillit.InquirySelection{CategoryID: f.category.ID},
		Questions: []tillit.InquiryQuestion{{Text: "Har ni en uppförandekod?", Kind: tillit.InquiryYesNo, Mandatory: true},
			{Text: "Berätta mer", Kind: tillit.InquiryText}, {Text: "Bifoga koden", Kind: tillit.InquiryFile}}}
	if err := f.db.CreateInquiry(ctx, coord, q); err != nil {
		t.Fatal(err)
	}
	reqs, err := f.db.SendInquiry(ctx, coord, q.ID, []int64{f.orgs["Leverantör A"].ID, f.orgs["Leverantör B"].ID})
	if err != nil || len(reqs) != 2 {
		t.Fatalf("send: %v %+v", err, reqs)
	}
	w := &inqWorld{sent: q, pidA: reqs[0].PublicID, pidB: reqs[1].PublicID}
	inqWorlds.Store(f, w)
	t.Cleanup(func() { inqWorlds.Delete(f) })
	return w
}
