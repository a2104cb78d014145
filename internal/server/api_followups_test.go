package server

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The JSON API for follow-ups, suppliers, contracts and sites.

var update = flag.Bool("update", false, "rewrite the API golden files in testdata/ from the current output")

// TestAPIGolden compares whole responses with testdata/*.golden.json, so
// any change in the API's output is a reviewed change of those files. Both
// engines must give the same output: ids come from fresh sequences and the
// fixture's clock is fixed. User ids are the one exception: the fixture
// creates its users in map order, so their ids vary from run to run, and
// the test writes them as the user's role.
func TestAPIGolden(t *testing.T) {
	f := newFixture(t)
	admin := f.apiToken(tillit.RoleAdmin)
	for _, tc := range []struct{ name, path string }{
		{"api_followup_a", fmt.Sprintf("/api/v1/followups/%d", f.followUpA.ID)},
		{"api_followups", "/api/v1/followups"},
		{"api_supplier_a", fmt.Sprintf("/api/v1/suppliers/%d", f.orgs["Leverantör A"].ID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.api("GET", tc.path, admin, "")
			wantStatus(t, res, http.StatusOK)
			golden(t, tc.name, f.normaliseUsers(t, res.Body))
		})
	}
}

// golden compares got with testdata/name.golden.json, or rewrites the
// file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/server/ -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the output at line %d:\n got: %s\nwant: %s\n(if the change is intended, run go test ./internal/server/ -run Golden -update and review the diff)", path, i+1, g, w)
			}
		}
	}
}

// normaliseUsers writes the value of every *user_id field as "user:ROLE",
// keeping the response's own order and indentation.
func (f *fixture) normaliseUsers(t *testing.T, body string) []byte {
	t.Helper()
	roles := map[string]string{}
	for role, u := range f.users {
		roles[fmt.Sprint(u.ID)] = "user:" + string(role)
	}
	if !json.Valid([]byte(body)) {
		t.Fatalf("not JSON:\n%s", body)
	}
	return []byte(userIDRe.ReplaceAllStringFunc(body, func(m string) string {
		sub := userIDRe.FindStringSubmatch(m)
		role, ok := roles[sub[2]]
		if !ok {
			t.Fatalf("%s: %s is not a fixture user", sub[1], sub[2])
		}
		return fmt.Sprintf("%q: %q", sub[1], role)
	}))
}

var userIDRe = regexp.MustCompile(`"([a-z_]*user_id)": ([0-9]+)`)

// followUpOut is the part of a follow-up the tests look at.
type followUpOut struct {
	ID       int64  `json:"id"`
	Status   string `json:"status"`
	Light    string `json:"light"`
	Supplier struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"supplier"`
	ResponsibleRegions []struct {
		ID int64 `json:"id"`
	} `json:"responsible_regions"`
	Overdue []struct {
		Kind        string `json:"kind"`
		DeviationID *int64 `json:"deviation_id"`
		DaysLate    int    `json:"days_late"`
	} `json:"overdue"`
	Closure *struct {
		Reason string `json:"reason"`
	} `json:"closure"`
	Audits []struct {
		ID     int64   `json:"id"`
		Status string  `json:"status"`
		Report *string `json:"report"`
	} `json:"audits"`
	Deviations []struct {
		ID       int64    `json:"id"`
		Status   string   `json:"status"`
		Evidence []string `json:"evidence"`
		Actions  []struct {
			ID       int64  `json:"id"`
			Status   string `json:"status"`
			Progress []struct {
				Text string `json:"text"`
			} `json:"progress"`
		} `json:"actions"`
		Closure *struct {
			VerifiedByAuditID *int64 `json:"verified_by_audit_id"`
		} `json:"closure"`
	} `json:"deviations"`
	Escalations []struct {
		Level string `json:"level"`
	} `json:"escalations"`
	Timeline []struct {
		Type string `json:"type"`
	} `json:"timeline"`
}

type eventOut struct {
	Event struct {
		Type     string `json:"type"`
		ByUserID *int64 `json:"by_user_id"`
		AuditID  int64  `json:"audit_id"`
		Date     string `json:"date"`
	} `json:"event"`
	FollowUp followUpOut `json:"followup"`
}

type followUpListOut struct {
	FollowUps []struct {
		ID       int64 `json:"id"`
		Supplier struct {
			Name string `json:"name"`
		} `json:"supplier"`
		Light string `json:"light"`
	} `json:"followups"`
	Next string `json:"next"`
}

func (l followUpListOut) ids() []int64 {
	var out []int64
	for _, r := range l.FollowUps {
		out = append(out, r.ID)
	}
	return out
}

func eventsPath(id int64) string { return fmt.Sprintf("/api/v1/followups/%d/events", id) }

// event posts an event and decodes the 201 answer.
func (f *fixture) event(t *testing.T, token string, id int64, body string) eventOut {
	t.Helper()
	res := f.api("POST", eventsPath(id), token, body)
	wantStatus(t, res, http.StatusCreated)
	var out eventOut
	decodeJSON(t, res, &out)
	return out
}

func (f *fixture) listFollowUps(t *testing.T, token, query string) followUpListOut {
	t.Helper()
	res := f.api("GET", "/api/v1/followups"+query, token, "")
	wantStatus(t, res, http.StatusOK)
	var out followUpListOut
	decodeJSON(t, res, &out)
	return out
}

// attach stores a PDF and attaches it to the follow-up, as the upload
// page does, and returns its hash.
func (f *fixture) attach(t *testing.T, followUpID int64, name, content string) string {
	t.Helper()
	ctx := context.Background()
	file, err := f.files.Put(ctx, name, strings.NewReader("%PDF-1.7\n"+content+"\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	att := &sqldb.Attachment{Hash: file.Hash, FollowUpID: followUpID, Name: file.Name, Size: file.Size, ContentType: file.ContentType}
	if err := f.db.CreateAttachment(ctx, tillit.SystemActor("test"), att); err != nil {
		t.Fatal(err)
	}
	return file.Hash
}

func TestAPIFollowUpScope(t *testing.T) {
	f := newFixture(t)
	a, b := f.followUpA.ID, f.followUpB.ID
	supA, supB := f.orgs["Leverantör A"].ID, f.orgs["Leverantör B"].ID
	supplier, auditor := f.apiToken(tillit.RoleSupplier), f.apiToken(tillit.RoleAuditor)

	t.Run("office and regions see both", func(t *testing.T) {
		for _, role := range []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff} {
			if got := f.listFollowUps(t, f.apiToken(role), "").ids(); fmt.Sprint(got) != fmt.Sprint([]int64{b, a}) {
				t.Errorf("%s lists %v, want [%d %d]", role, got, b, a)
			}
		}
	})
	for name, token := range map[string]string{"supplier": supplier, "auditor": auditor} {
		t.Run(name+" sees only A", func(t *testing.T) {
			if got := f.listFollowUps(t, token, "").ids(); fmt.Sprint(got) != fmt.Sprint([]int64{a}) {
				t.Errorf("lists %v, want [%d]", got, a)
			}
			wantStatus(t, f.api("GET", fmt.Sprintf("/api/v1/followups/%d", a), token, ""), http.StatusOK)
			e := wantAPIError(t, f.api("GET", fmt.Sprintf("/api/v1/followups/%d", b), token, ""), http.StatusNotFound, tillit.ENOTFOUND)
			if e.Error.Message != fmt.Sprintf("Follow-up %d not found.", b) {
				t.Errorf("message %q", e.Error.Message)
			}
			// A filter cannot widen the scope.
			if got := f.listFollowUps(t, token, fmt.Sprintf("?supplier_id=%d", supB)).ids(); len(got) != 0 {
				t.Errorf("supplier_id=B lists %v", got)
			}
			// Nor can an event: B does not exist for them, whatever the body.
			wantAPIError(t, f.api("POST", eventsPath(b), token, `{"type":"action.submitted","deviation_id":1,"description":"x","owner":"y","deadline":"2026-04-01"}`),
				http.StatusNotFound, tillit.ENOTFOUND)
			wantAPIError(t, f.api("POST", eventsPath(b), token, `not json`), http.StatusNotFound, tillit.ENOTFOUND)

			for _, p := range []string{"/api/v1/suppliers/%d", "/api/v1/suppliers/%d/sites"} {
				wantStatus(t, f.api("GET", fmt.Sprintf(p, supA), token, ""), http.StatusOK)
				wantAPIError(t, f.api("GET", fmt.Sprintf(p, supB), token, ""), http.StatusNotFound, tillit.ENOTFOUND)
			}
			var sups struct {
				Suppliers []struct {
					ID int64 `json:"id"`
				} `json:"suppliers"`
			}
			res := f.api("GET", "/api/v1/suppliers", token, "")
			wantStatus(t, res, http.StatusOK)
			decodeJSON(t, res, &sups)
			if len(sups.Suppliers) != 1 || sups.Suppliers[0].ID != supA {
				t.Errorf("suppliers %+v, want only A", sups.Suppliers)
			}
			res = f.api("GET", "/api/v1/contracts", token, "")
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, "NLL-2025-1")
			wantNoBody(t, res, "RS-2025-9", "Leverantör B")
		})
	}
	t.Run("supplier detail holds only what the scope reads", func(t *testing.T) {
		res := f.api("GET", fmt.Sprintf("/api/v1/suppliers/%d", supA), supplier, "")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"NLL-2025-1"`, `"Fabrik 1"`, `"open": 1`)
		wantNoBody(t, res, "Leverantör B")
	})
	t.Run("editor reads nothing", func(t *testing.T) {
		wantAPIError(t, f.api("GET", "/api/v1/followups", f.apiToken(tillit.RoleEditor), ""), http.StatusForbidden, tillit.EFORBIDDEN)
	})
}

func TestAPIFollowUpWritesForbidden(t *testing.T) {
	f := newFixture(t)
	a := f.followUpA.ID
	norrbotten, skane := f.orgs["Region Norrbotten"].ID, f.orgs["Region Skåne"].ID
	supA, supB := f.orgs["Leverantör A"].ID, f.orgs["Leverantör B"].ID
	staff := f.apiToken(tillit.RoleStaff)

	t.Run("staff", func(t *testing.T) {
		for _, w := range []struct{ method, path, body string }{
			{"POST", "/api/v1/followups", fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"requirement_codes":["COC-1"]}`, supB, f.category.ID)},
			{"POST", eventsPath(a), `{"type":"action.approved","action_id":1}`},
			{"POST", eventsPath(a), `{"type":"action.submitted","deviation_id":1,"description":"x","owner":"y","deadline":"2026-04-01"}`},
			{"POST", eventsPath(a), `not even JSON`},
			{"POST", "/api/v1/suppliers", `{"name":"Ny leverantör","country":"SE"}`},
			{"PATCH", fmt.Sprintf("/api/v1/suppliers/%d", supA), `{"former_names":["Gamla A"]}`},
			{"POST", "/api/v1/contracts", fmt.Sprintf(`{"region_id":%d,"supplier_id":%d,"category_id":%d,"reference":"X-1","start":"2026-01-01","end":"2026-12-31"}`, norrbotten, supA, f.category.ID)},
			{"POST", "/api/v1/sites", fmt.Sprintf(`{"supplier_id":%d,"name":"Fabrik 2","city":"Lahore","country":"PK"}`, supA)},
		} {
			wantAPIError(t, f.api(w.method, w.path, staff, w.body), http.StatusForbidden, tillit.EFORBIDDEN)
		}
		// Staff manage their own region's contracts, and no other.
		res := f.api("POST", "/api/v1/contracts", staff, fmt.Sprintf(`{"region_id":%d,"supplier_id":%d,"category_id":%d,"reference":"RS-2026-1","start":"2026-01-01","end":"2026-12-31"}`, skane, supA, f.category.ID))
		wantStatus(t, res, http.StatusCreated)
		wantBody(t, res, `"name": "Region Skåne"`, `"reference": "RS-2026-1"`, `"start": "2026-01-01"`)
	})

	t.Run("supplier", func(t *testing.T) {
		tok := f.apiToken(tillit.RoleSupplier)
		e := wantAPIError(t, f.api("POST", eventsPath(a), tok, `{"type":"action.approved","action_id":1}`), http.StatusForbidden, tillit.EFORBIDDEN)
		if e.Error.Message != "Only the national office and the coordinators of the follow-up's responsible regions can make this change." {
			t.Errorf("message %q", e.Error.Message)
		}
		wantAPIError(t, f.api("POST", eventsPath(a), tok, `{"type":"deviation.recorded","audit_id":1,"requirement_code":"COC-1","severity":"minor","description":"x"}`), http.StatusForbidden, tillit.EFORBIDDEN)
		wantAPIError(t, f.api("POST", "/api/v1/followups", tok, "{}"), http.StatusForbidden, tillit.EFORBIDDEN)
		wantAPIError(t, f.api("POST", "/api/v1/sites", tok, fmt.Sprintf(`{"supplier_id":%d,"name":"Fabrik X","city":"Lahore","country":"PK"}`, supB)), http.StatusForbidden, tillit.EFORBIDDEN)
		res := f.api("POST", "/api/v1/sites", tok, fmt.Sprintf(`{"supplier_id":%d,"name":"Fabrik 2","city":"Lahore","country":"pk","products":["Pincetter"]}`, supA))
		wantStatus(t, res, http.StatusCreated)
		wantBody(t, res, `"country": "PK"`, `"Pincetter"`)
	})

	t.Run("auditor", func(t *testing.T) {
		tok := f.apiToken(tillit.RoleAuditor)
		e := wantAPIError(t, f.api("POST", eventsPath(a), tok, fmt.Sprintf(`{"type":"audit.planned","kind":"office","planned_for":"2026-04-01","auditor_org_id":%d}`, norrbotten)),
			http.StatusForbidden, tillit.EFORBIDDEN)
		if !strings.Contains(e.Error.Message, "coordinators") {
			t.Errorf("message %q", e.Error.Message)
		}
		wantAPIError(t, f.api("POST", eventsPath(a), tok, `{"type":"action.submitted","deviation_id":1,"description":"x","owner":"y","deadline":"2026-04-01"}`), http.StatusForbidden, tillit.EFORBIDDEN)
		// Their own audit's results they may record.
		out := f.event(t, tok, a, `{"type":"deviation.recorded","audit_id":1,"requirement_code":"COC-2","severity":"observation","description":"Otydlig rutin"}`)
		if out.Event.Type != "deviation.recorded" || len(out.FollowUp.Deviations) != 2 {
			t.Errorf("got %+v", out)
		}
	})
}

func TestAPIOpenFollowUp(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	norrbotten, skane := f.orgs["Region Norrbotten"].ID, f.orgs["Region Skåne"].ID
	supB := f.orgs["Leverantör B"].ID
	skaneCat := &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves",
		Responsible: []tillit.Responsibility{{RegionID: skane, ValidFrom: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	if err := f.db.CreateCategory(ctx, tillit.SystemActor("test"), skaneCat); err != nil {
		t.Fatal(err)
	}
	coord := f.apiToken(tillit.RoleCoordinator)

	t.Run("coordinator in own category", func(t *testing.T) {
		res := f.api("POST", "/api/v1/followups", coord, fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"requirement_codes":["COC-1"]}`, supB, f.category.ID))
		wantStatus(t, res, http.StatusCreated)
		var out followUpOut
		decodeJSON(t, res, &out)
		if res.Header.Get("Location") != fmt.Sprintf("/api/v1/followups/%d", out.ID) {
			t.Errorf("Location %q", res.Header.Get("Location"))
		}
		// The responsible regions default to the category's in force today.
		if out.Status != "open" || out.Light != "green" || len(out.ResponsibleRegions) != 1 || out.ResponsibleRegions[0].ID != norrbotten ||
			len(out.Timeline) != 1 || out.Timeline[0].Type != "followup.opened" {
			t.Errorf("opened %+v", out)
		}
	})
	t.Run("coordinator in another region's category", func(t *testing.T) {
		e := wantAPIError(t, f.api("POST", "/api/v1/followups", coord, fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"requirement_codes":["COC-1"]}`, supB, skaneCat.ID)),
			http.StatusForbidden, tillit.EFORBIDDEN)
		if e.Error.Message != "Only the national office and the coordinators of the category's responsible regions can open follow-ups in it." {
			t.Errorf("message %q", e.Error.Message)
		}
		// Naming Norrbotten as responsible does not help: the category decides.
		wantAPIError(t, f.api("POST", "/api/v1/followups", coord, fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"responsible_region_ids":[%d],"requirement_codes":["COC-1"]}`, supB, skaneCat.ID, norrbotten)),
			http.StatusForbidden, tillit.EFORBIDDEN)
	})
	t.Run("office anywhere", func(t *testing.T) {
		wantStatus(t, f.api("POST", "/api/v1/followups", f.apiToken(tillit.RoleOfficer), fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"requirement_codes":["COC-1"]}`, supB, skaneCat.ID)), http.StatusCreated)
	})
	t.Run("bad input", func(t *testing.T) {
		e := wantAPIError(t, f.api("POST", "/api/v1/followups", coord, `{}`), http.StatusBadRequest, tillit.EINVALID)
		for _, field := range []string{"supplier_id", "category_id", "responsible_region_ids", "requirement_codes"} {
			if e.Error.Fields[field] == "" {
				t.Errorf("no message for %s: %+v", field, e.Error.Fields)
			}
		}
		e = wantAPIError(t, f.api("POST", "/api/v1/followups", coord, `{"supplier_id":1,"category_id":999,"requirement_codes":["COC-1"]}`), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["category_id"] != "Choose a procurement category." {
			t.Errorf("fields %+v", e.Error.Fields)
		}
		e = wantAPIError(t, f.api("POST", "/api/v1/followups", coord, fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"requirement_codes":["COC-1"]}`, norrbotten, f.category.ID)), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["supplier_id"] != "Choose a supplier." {
			t.Errorf("fields %+v", e.Error.Fields)
		}
		e = wantAPIError(t, f.api("POST", "/api/v1/followups", coord, `{"supplier":"A"}`), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Message != "The field supplier is not known." {
			t.Errorf("message %q", e.Error.Message)
		}
	})
}

func TestAPIFollowUpEventErrors(t *testing.T) {
	f := newFixture(t)
	a := f.followUpA.ID
	coord := f.apiToken(tillit.RoleCoordinator)
	for _, tc := range []struct {
		name, body string
		status     int
		code       string
		message    string // whole, or with a trailing … a prefix
		field      string
	}{
		{"not JSON", `{"type";"audit.planned"}`, 400, tillit.EINVALID, "The request body is not valid JSON (at byte 8).", ""},
		{"an array", `[1]`, 400, tillit.EINVALID, "Send exactly one JSON object.", ""},
		{"no type", `{"audit_id":1}`, 400, tillit.EINVALID, "Say what happened in the field type, one of: selfassessment.sent, …", "type"},
		{"type not a string", `{"type":7}`, 400, tillit.EINVALID, "The field type has the wrong type.", "type"},
		{"unknown type", `{"type":"audit.exploded"}`, 400, tillit.EINVALID,
			`Unknown event type "audit.exploded". Use one of: selfassessment.sent, selfassessment.submitted, selfassessment.reviewed, audit.planned, audit.performed, audit.cancelled, audit.report_attached, deviation.recorded, action.submitted, action.approved, action.returned, action.progress, deviation.closed, escalation.reminder, escalation.warning, escalation.sanction_recommended, followup.closed.`, "type"},
		{"opened is not an event to post", `{"type":"followup.opened"}`, 400, tillit.EINVALID, "A follow-up is opened with POST /api/v1/followups, not with an event. …", "type"},
		{"unknown field", `{"type":"action.approved","action_id":1,"colour":"red"}`, 400, tillit.EINVALID, "The field colour is not known.", "colour"},
		{"field of another type", `{"type":"action.approved","action_id":1,"deadline":"2026-04-01"}`, 400, tillit.EINVALID, "The field deadline is not known.", "deadline"},
		{"wrong field type", `{"type":"action.approved","action_id":"1"}`, 400, tillit.EINVALID, "The field action_id has the wrong type.", "action_id"},
		{"bad date", `{"type":"audit.planned","kind":"office","planned_for":"1/4/2026","auditor_org_id":2}`, 400, tillit.EINVALID, "Write the date as YYYY-MM-DD, such as 2026-03-31.", "planned_for"},
		{"domain validation", `{"type":"action.returned","action_id":1}`, 400, tillit.EINVALID, "Write a comment that tells the supplier what to change.", "comment"},
		{"several fields", `{"type":"audit.planned"}`, 400, tillit.EINVALID, "Check the fields marked below.", "auditor_org_id"},
		{"wrong state", `{"type":"audit.performed","audit_id":1,"performed_on":"2026-03-02"}`, 409, tillit.ECONFLICT, "Audit 1 has already been recorded as performed.", ""},
		{"not yet approved", `{"type":"deviation.closed","deviation_id":1,"audit_id":1}`, 409, tillit.ECONFLICT,
			"The corrective action for deviation 1 is waiting for review. Approve it before closing the deviation.", ""},
		{"re-audit order", `{"type":"escalation.warning","note":"x"}`, 409, tillit.ECONFLICT,
			"Nothing in this follow-up is overdue, so there is nothing to escalate. Escalate when a deadline has passed.", ""},
		{"no such action", `{"type":"action.approved","action_id":9}`, 404, tillit.ENOTFOUND, "This follow-up has no corrective action 9.", ""},
		{"site of another supplier", fmt.Sprintf(`{"type":"audit.planned","kind":"site","planned_for":"2026-04-01","auditor_org_id":%d,"site_id":999}`, f.orgs["Revisionsbyrån"].ID),
			400, tillit.EINVALID, "Choose one of the supplier's production sites …", "site_id"},
		{"auditor of another organisation", fmt.Sprintf(`{"type":"audit.planned","kind":"office","planned_for":"2026-04-01","auditor_org_id":%d,"auditor_user_id":%d}`, f.orgs["Region Norrbotten"].ID, f.users[tillit.RoleAuditor].ID),
			400, tillit.EINVALID, "Choose an auditor who works for the organisation that performs the audit, …", "auditor_user_id"},
		{"auditor organisation that cannot audit", fmt.Sprintf(`{"type":"audit.planned","kind":"office","planned_for":"2026-04-01","auditor_org_id":%d}`, f.orgs["Leverantör B"].ID),
			400, tillit.EINVALID, "Choose the organisation that performs the audit: a region, the national office or an audit firm.", "auditor_org_id"},
		{"report not attached", `{"type":"audit.report_attached","audit_id":1,"report":"` + strings.Repeat("ab", 32) + `"}`, 400, tillit.EINVALID,
			"The report is not a file attached to this follow-up. Upload it to the follow-up first and give its hash.", "report"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := wantAPIError(t, f.api("POST", eventsPath(a), coord, tc.body), tc.status, tc.code)
			if prefix, ok := strings.CutSuffix(tc.message, "…"); ok {
				if !strings.HasPrefix(e.Error.Message, prefix) {
					t.Errorf("message %q, want it to start %q", e.Error.Message, prefix)
				}
			} else if e.Error.Message != tc.message {
				t.Errorf("message %q, want %q", e.Error.Message, tc.message)
			}
			if tc.field != "" && e.Error.Fields[tc.field] == "" {
				t.Errorf("no message for field %s: %+v", tc.field, e.Error.Fields)
			}
		})
	}
	t.Run("nothing was written", func(t *testing.T) {
		res := f.api("GET", fmt.Sprintf("/api/v1/followups/%d", a), coord, "")
		var out followUpOut
		decodeJSON(t, res, &out)
		if len(out.Timeline) != 5 {
			t.Errorf("timeline has %d events, want the fixture's 5", len(out.Timeline))
		}
	})
	t.Run("wrong content type", func(t *testing.T) {
		c := f.client()
		res := c.send("POST", eventsPath(a), strings.NewReader(`type=audit.planned`), map[string]string{
			"Authorization": "Bearer " + coord, "Content-Type": "application/x-www-form-urlencoded"})
		e := wantAPIError(t, res, http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Message != "Send the body as JSON with Content-Type: application/json." {
			t.Errorf("message %q", e.Error.Message)
		}
	})
}

// TestAPIFollowUpLifecycle takes a follow-up from opening to closing as
// resolved, each step with the token of the one who takes it.
func TestAPIFollowUpLifecycle(t *testing.T) {
	f := newFixture(t)
	supA := f.orgs["Leverantör A"].ID
	coord, auditor, supplier := f.apiToken(tillit.RoleCoordinator), f.apiToken(tillit.RoleAuditor), f.apiToken(tillit.RoleSupplier)

	res := f.api("POST", "/api/v1/followups", coord, fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"requirement_codes":["COC-1","COC-2"]}`, supA, f.category.ID))
	wantStatus(t, res, http.StatusCreated)
	var fu followUpOut
	decodeJSON(t, res, &fu)
	id := fu.ID
	report := f.attach(t, id, "Revisionsrapport.pdf", "rapport")
	photo := f.attach(t, id, "Bevis.pdf", "bevis")

	step := func(token, body string) followUpOut {
		t.Helper()
		out := f.event(t, token, id, body)
		var want map[string]any
		json.Unmarshal([]byte(body), &want)
		if out.Event.Type != want["type"] {
			t.Fatalf("event %q, want %q", out.Event.Type, want["type"])
		}
		return out.FollowUp
	}
	step(coord, fmt.Sprintf(`{"type":"audit.planned","kind":"office","planned_for":"2026-03-02","auditor_org_id":%d,"auditor_user_id":%d}`,
		f.orgs["Revisionsbyrån"].ID, f.users[tillit.RoleAuditor].ID))
	fu = step(auditor, fmt.Sprintf(`{"type":"audit.performed","audit_id":1,"performed_on":"2026-03-02","report":%q,"findings":"Ingen uppföljning av underleverantörer"}`, report))
	if fu.Audits[0].Status != "performed" || fu.Audits[0].Report == nil || *fu.Audits[0].Report != report {
		t.Fatalf("audit %+v", fu.Audits)
	}
	fu = step(auditor, fmt.Sprintf(`{"type":"deviation.recorded","audit_id":1,"requirement_code":"COC-2","severity":"minor","description":"Kraven förs inte vidare","evidence":[%q],"plan_due_on":"2026-03-09"}`, photo))
	if fu.Light != "yellow" || len(fu.Deviations) != 1 || fu.Deviations[0].Evidence[0] != photo {
		t.Fatalf("after the deviation: %+v", fu)
	}

	// The plan is late: red, listed as overdue, and escalated in order.
	f.advance(10 * 24 * time.Hour)
	res = f.api("GET", fmt.Sprintf("/api/v1/followups/%d", id), coord, "")
	decodeJSON(t, res, &fu)
	if fu.Light != "red" || len(fu.Overdue) != 1 || fu.Overdue[0].Kind != "action_plan" || fu.Overdue[0].DaysLate != 3 {
		t.Fatalf("10 days on: light %s, overdue %+v", fu.Light, fu.Overdue)
	}
	if got := f.listFollowUps(t, coord, "?overdue=true").ids(); fmt.Sprint(got) != fmt.Sprint([]int64{id}) {
		t.Errorf("overdue=true lists %v, want [%d]", got, id)
	}
	e := wantAPIError(t, f.api("POST", eventsPath(id), coord, `{"type":"escalation.warning","deviation_id":1,"note":"Sista varningen"}`), http.StatusConflict, tillit.ECONFLICT)
	if e.Error.Message != "A warning comes after a reminder. Send the supplier a reminder first." {
		t.Errorf("message %q", e.Error.Message)
	}
	step(coord, `{"type":"escalation.reminder","deviation_id":1,"note":"Skicka åtgärdsplanen senast fredag."}`)

	fu = step(supplier, `{"type":"action.submitted","deviation_id":1,"description":"Vi för in kraven i alla avtal","owner":"Inköpschef","deadline":"2026-04-30"}`)
	if fu.Light != "yellow" || fu.Deviations[0].Status != "action_submitted" {
		t.Fatalf("after the action: light %s, deviation %+v", fu.Light, fu.Deviations[0])
	}
	step(coord, `{"type":"action.approved","action_id":1,"comment":"Bra."}`)
	fu = step(supplier, fmt.Sprintf(`{"type":"action.progress","action_id":1,"text":"Klart för 12 av 14 avtal","evidence":[%q]}`, photo))
	if p := fu.Deviations[0].Actions[0].Progress; len(p) != 1 || p[0].Text != "Klart för 12 av 14 avtal" {
		t.Fatalf("progress %+v", p)
	}
	e = wantAPIError(t, f.api("POST", eventsPath(id), coord, `{"type":"followup.closed","reason":"resolved"}`), http.StatusConflict, tillit.ECONFLICT)
	if e.Error.Message != "The follow-up cannot be closed as resolved while 1 deviation is open. Close it, or choose a reason such as expired contracts." {
		t.Errorf("message %q", e.Error.Message)
	}
	step(coord, fmt.Sprintf(`{"type":"audit.planned","kind":"re_audit","planned_for":"2026-03-12","auditor_org_id":%d}`, f.orgs["Region Norrbotten"].ID))
	step(coord, `{"type":"audit.performed","audit_id":2,"performed_on":"2026-03-12"}`)
	fu = step(coord, `{"type":"deviation.closed","deviation_id":1,"audit_id":2,"note":"Verifierat vid återrevision"}`)
	if d := fu.Deviations[0]; d.Status != "closed" || d.Closure == nil || d.Closure.VerifiedByAuditID == nil || *d.Closure.VerifiedByAuditID != 2 {
		t.Fatalf("closed deviation %+v", d)
	}
	fu = step(coord, `{"type":"followup.closed","reason":"resolved"}`)
	if fu.Status != "closed" || fu.Light != "green" || fu.Closure == nil || fu.Closure.Reason != "resolved" || len(fu.Overdue) != 0 {
		t.Fatalf("closed follow-up %+v", fu)
	}
	var types []string
	for _, ev := range fu.Timeline {
		types = append(types, ev.Type)
	}
	want := "followup.opened audit.planned audit.performed deviation.recorded escalation.reminder action.submitted action.approved action.progress audit.planned audit.performed deviation.closed followup.closed"
	if strings.Join(types, " ") != want {
		t.Errorf("timeline %s\nwant     %s", strings.Join(types, " "), want)
	}

	e = wantAPIError(t, f.api("POST", eventsPath(id), coord, `{"type":"selfassessment.sent","due_on":"2026-06-01"}`), http.StatusConflict, tillit.ECONFLICT)
	if e.Error.Message != "This follow-up was closed on 2026-03-12 and can no longer be changed. Open a new follow-up to continue following up the supplier." {
		t.Errorf("message %q", e.Error.Message)
	}
	if got := f.listFollowUps(t, supplier, "?status=closed").ids(); fmt.Sprint(got) != fmt.Sprint([]int64{id}) {
		t.Errorf("the supplier's closed follow-ups: %v", got)
	}
}

func TestAPIFollowUpSelfAssessmentByEvents(t *testing.T) {
	f := newFixture(t)
	a := f.followUpA.ID
	coord, supplier, officer := f.apiToken(tillit.RoleCoordinator), f.apiToken(tillit.RoleSupplier), f.apiToken(tillit.RoleOfficer)
	f.event(t, coord, a, `{"type":"selfassessment.sent","due_on":"2026-03-31"}`)
	// The coordinator does not answer for the supplier; the office may.
	wantAPIError(t, f.api("POST", eventsPath(a), coord, `{"type":"selfassessment.submitted","self_assessment_id":1}`), http.StatusForbidden, tillit.EFORBIDDEN)
	f.event(t, supplier, a, `{"type":"selfassessment.submitted","self_assessment_id":1}`)
	e := wantAPIError(t, f.api("POST", eventsPath(a), officer, `{"type":"selfassessment.reviewed","self_assessment_id":1,"verdict":"deficient"}`), http.StatusBadRequest, tillit.EINVALID)
	if e.Error.Fields["recommendation"] == "" {
		t.Errorf("fields %+v", e.Error.Fields)
	}
	out := f.event(t, officer, a, `{"type":"selfassessment.reviewed","self_assessment_id":1,"verdict":"deficient","recommendation":"office_audit","note":"Saknar riskanalys"}`)
	if out.Event.ByUserID == nil || *out.Event.ByUserID != f.users[tillit.RoleOfficer].ID {
		t.Errorf("event by %v", out.Event.ByUserID)
	}
	// The office enters an action plan the supplier sent by e-mail.
	f.event(t, officer, a, `{"type":"action.returned","action_id":1,"comment":"Ange datum per steg."}`)
	f.event(t, officer, a, `{"type":"action.submitted","deviation_id":1,"description":"Riskanalys per steg","owner":"VD","deadline":"2026-05-01"}`)
}

func TestAPIFollowUpList(t *testing.T) {
	f := newFixture(t)
	admin := f.apiToken(tillit.RoleAdmin)
	a, b := f.followUpA.ID, f.followUpB.ID

	t.Run("pages by opened", func(t *testing.T) {
		p1 := f.listFollowUps(t, admin, "?limit=1")
		if fmt.Sprint(p1.ids()) != fmt.Sprint([]int64{b}) || p1.Next == "" {
			t.Fatalf("page 1 %+v", p1)
		}
		p2 := f.listFollowUps(t, admin, "?limit=1&after="+url.QueryEscape(p1.Next))
		if fmt.Sprint(p2.ids()) != fmt.Sprint([]int64{a}) || p2.Next != "" {
			t.Fatalf("page 2 %+v", p2)
		}
	})
	t.Run("pages by supplier", func(t *testing.T) {
		p1 := f.listFollowUps(t, admin, "?sort=supplier&limit=1")
		if fmt.Sprint(p1.ids()) != fmt.Sprint([]int64{a}) || p1.Next == "" {
			t.Fatalf("page 1 %+v", p1)
		}
		p2 := f.listFollowUps(t, admin, "?sort=supplier&limit=1&after="+p1.Next)
		if fmt.Sprint(p2.ids()) != fmt.Sprint([]int64{b}) || p2.Next != "" {
			t.Fatalf("page 2 %+v", p2)
		}
		// A cursor belongs to its sort order.
		e := wantAPIError(t, f.api("GET", "/api/v1/followups?after="+p1.Next, admin, ""), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["after"] == "" {
			t.Errorf("fields %+v", e.Error.Fields)
		}
	})
	t.Run("filters", func(t *testing.T) {
		for q, want := range map[string][]int64{
			fmt.Sprintf("?supplier_id=%d", f.orgs["Leverantör B"].ID):    {b},
			fmt.Sprintf("?region_id=%d", f.orgs["Region Norrbotten"].ID): {b, a},
			fmt.Sprintf("?region_id=%d", f.orgs["Region Skåne"].ID):      nil,
			fmt.Sprintf("?category_id=%d", f.category.ID):                {b, a},
			"?severity=major": {a},
			"?severity=minor": nil,
			"?light=yellow":   {a},
			"?light=green":    {b},
			"?light=red":      nil,
			"?status=open":    {b, a},
			"?status=closed":  nil,
			"?overdue=true":   nil,
			"?year=2026":      {b, a},
			"?year=2025":      nil,
			"?supplier=" + url.QueryEscape("rantör a"): {a},
		} {
			if got := f.listFollowUps(t, admin, q).ids(); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: %v, want %v", q, got, want)
			}
		}
	})
	t.Run("bad parameters", func(t *testing.T) {
		for q, field := range map[string]string{
			"?limit=500":                 "limit",
			"?limit=0":                   "limit",
			"?status=ajar":               "status",
			"?light=blue":                "light",
			"?severity=huge":             "severity",
			"?overdue=yes":               "overdue",
			"?year=22":                   "year",
			"?sort=name":                 "sort",
			"?category_id=abc":           "category_id",
			"?region_id=-1":              "region_id",
			"?after=!!":                  "after",
			"?after=bm9wZQ":              "after",
			"?catgory_id=1":              "catgory_id",
			"?status=open&status=closed": "status",
		} {
			e := wantAPIError(t, f.api("GET", "/api/v1/followups"+q, admin, ""), http.StatusBadRequest, tillit.EINVALID)
			if e.Error.Fields[field] == "" {
				t.Errorf("%s: no message for %s: %+v", q, field, e.Error)
			}
		}
		e := wantAPIError(t, f.api("GET", "/api/v1/followups?catgory_id=1", admin, ""), http.StatusBadRequest, tillit.EINVALID)
		if !strings.HasPrefix(e.Error.Message, "The parameter catgory_id is not known. Use one of: category_id, ") {
			t.Errorf("message %q", e.Error.Message)
		}
	})
}

func TestAPISuppliers(t *testing.T) {
	f := newFixture(t)
	admin, coord := f.apiToken(tillit.RoleAdmin), f.apiToken(tillit.RoleCoordinator)
	supA := f.orgs["Leverantör A"].ID

	var created struct {
		ID          int64    `json:"id"`
		Name        string   `json:"name"`
		OrgNumber   string   `json:"org_number"`
		FormerNames []string `json:"former_names"`
		ParentOrgID *int64   `json:"parent_org_id"`
		Contacts    []struct {
			Name  string `json:"name"`
			Email string `json:"email"`
		} `json:"contacts"`
		Contracts []any `json:"contracts"`
	}
	t.Run("create", func(t *testing.T) {
		res := f.api("POST", "/api/v1/suppliers", admin, fmt.Sprintf(`{"name":"Observe Medical","country":"se","org_number":"5560360793","former_names":["Sylak"],"parent_org_id":%d,
			"contacts":[{"name":"Eva Ek","email":"eva@observe.example","role":"Hållbarhetschef"}]}`, supA))
		wantStatus(t, res, http.StatusCreated)
		decodeJSON(t, res, &created)
		if created.OrgNumber != "556036-0793" || created.FormerNames[0] != "Sylak" || created.ParentOrgID == nil || *created.ParentOrgID != supA ||
			len(created.Contacts) != 1 || created.Contracts == nil {
			t.Fatalf("created %+v", created)
		}
		if res.Header.Get("Location") != fmt.Sprintf("/api/v1/suppliers/%d", created.ID) {
			t.Errorf("Location %q", res.Header.Get("Location"))
		}
	})
	t.Run("create: bad input", func(t *testing.T) {
		e := wantAPIError(t, f.api("POST", "/api/v1/suppliers", admin, `{"name":"","contacts":[{"name":"Utan kontaktväg"}]}`), http.StatusBadRequest, tillit.EINVALID)
		for _, field := range []string{"name", "country", "contacts[0].email"} {
			if e.Error.Fields[field] == "" {
				t.Errorf("no message for %s: %+v", field, e.Error.Fields)
			}
		}
		e = wantAPIError(t, f.api("POST", "/api/v1/suppliers", admin, `{"name":"X AB","country":"SE","parent_org_id":999}`), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["parent_org_id"] == "" {
			t.Errorf("fields %+v", e.Error.Fields)
		}
		wantAPIError(t, f.api("POST", "/api/v1/suppliers", admin, `{"name":"X AB","country":"SE","kind":"region"}`), http.StatusBadRequest, tillit.EINVALID)
	})
	t.Run("patch the profile", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/suppliers/%d", created.ID)
		res := f.api("PATCH", path, admin, `{"contacts":[{"name":"Per Persson","phone":"+46 8 123 456 78"}]}`)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"Per Persson"`, `"Sylak"`)
		wantNoBody(t, res, "Eva Ek")
		res = f.api("PATCH", path, admin, `{"parent_org_id":0,"former_names":[]}`)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"parent_org_id": null`, `"former_names": []`, `"Per Persson"`)
		e := wantAPIError(t, f.api("PATCH", path, admin, `{"name":"Nytt namn"}`), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Message != "The field name is not known." {
			t.Errorf("message %q", e.Error.Message)
		}
		e = wantAPIError(t, f.api("PATCH", path, admin, `{"former_names":["Observe Medical"]}`), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["former_names[0]"] == "" {
			t.Errorf("fields %+v", e.Error.Fields)
		}
		wantAPIError(t, f.api("PATCH", "/api/v1/suppliers/999", admin, `{}`), http.StatusNotFound, tillit.ENOTFOUND)
		wantAPIError(t, f.api("PATCH", fmt.Sprintf("/api/v1/suppliers/%d", f.orgs["Region Skåne"].ID), admin, `{}`), http.StatusNotFound, tillit.ENOTFOUND)
	})
	t.Run("list and search", func(t *testing.T) {
		type page struct {
			Suppliers []struct {
				Name            string `json:"name"`
				ActiveContracts int    `json:"active_contracts"`
				OpenFollowUps   int    `json:"open_followups"`
			} `json:"suppliers"`
			Next string `json:"next"`
		}
		get := func(q string) page {
			t.Helper()
			res := f.api("GET", "/api/v1/suppliers"+q, coord, "")
			wantStatus(t, res, http.StatusOK)
			var p page
			decodeJSON(t, res, &p)
			return p
		}
		var names []string
		next := ""
		for i := 0; i < 5; i++ {
			p := get("?limit=2&after=" + next)
			for _, s := range p.Suppliers {
				names = append(names, s.Name)
			}
			if next = p.Next; next == "" {
				break
			}
		}
		if strings.Join(names, "|") != "Leverantör A|Leverantör B|Observe Medical" {
			t.Errorf("paged names %v", names)
		}
		if p := get("?search=sylak"); len(p.Suppliers) != 0 {
			t.Errorf("former names were removed, yet search finds %+v", p.Suppliers)
		}
		if p := get("?country=pk"); len(p.Suppliers) != 1 || p.Suppliers[0].Name != "Leverantör B" || p.Suppliers[0].ActiveContracts != 1 || p.Suppliers[0].OpenFollowUps != 1 {
			t.Errorf("country=pk %+v", p.Suppliers)
		}
		for _, q := range []string{"?country=Sweden", "?limit=201", "?after=x", "?q=a"} {
			wantAPIError(t, f.api("GET", "/api/v1/suppliers"+q, coord, ""), http.StatusBadRequest, tillit.EINVALID)
		}
	})
	t.Run("contracts", func(t *testing.T) {
		norrbotten := f.orgs["Region Norrbotten"].ID
		body := func(region int64, ref string) string {
			return fmt.Sprintf(`{"region_id":%d,"supplier_id":%d,"category_id":%d,"reference":%q,"ocid":"ocds-213czf-000-00001","start":"2026-01-01","end":"2028-12-31"}`,
				region, created.ID, f.category.ID, ref)
		}
		res := f.api("POST", "/api/v1/contracts", coord, body(norrbotten, "NLL-2026-7"))
		wantStatus(t, res, http.StatusCreated)
		wantBody(t, res, `"reference": "NLL-2026-7"`, `"name": "Observe Medical"`, `"code": "dental"`, `"end": "2028-12-31"`)
		e := wantAPIError(t, f.api("POST", "/api/v1/contracts", coord, body(f.orgs["Region Skåne"].ID, "RS-1")), http.StatusForbidden, tillit.EFORBIDDEN)
		if e.Error.Message != "You can add contracts only for your own region." {
			t.Errorf("message %q", e.Error.Message)
		}
		e = wantAPIError(t, f.api("POST", "/api/v1/contracts", coord, fmt.Sprintf(`{"region_id":%d,"supplier_id":%d,"category_id":%d,"reference":"R","start":"2026-13-01","end":"2026-01-01"}`, norrbotten, created.ID, f.category.ID)),
			http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["start"] == "" {
			t.Errorf("fields %+v", e.Error.Fields)
		}
		e = wantAPIError(t, f.api("POST", "/api/v1/contracts", coord, fmt.Sprintf(`{"region_id":%d,"supplier_id":%d,"category_id":%d,"reference":"R","start":"2026-02-01","end":"2026-01-01"}`, norrbotten, created.ID, f.category.ID)),
			http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["end"] == "" {
			t.Errorf("fields %+v", e.Error.Fields)
		}
		var list struct {
			Contracts []struct {
				Reference string `json:"reference"`
			} `json:"contracts"`
		}
		res = f.api("GET", fmt.Sprintf("/api/v1/contracts?supplier_id=%d&active_on=2028-06-30", created.ID), coord, "")
		wantStatus(t, res, http.StatusOK)
		decodeJSON(t, res, &list)
		if len(list.Contracts) != 1 || list.Contracts[0].Reference != "NLL-2026-7" {
			t.Errorf("contracts %+v", list.Contracts)
		}
		res = f.api("GET", fmt.Sprintf("/api/v1/contracts?region_id=%d&active_on=2029-01-01", norrbotten), coord, "")
		decodeJSON(t, res, &list)
		if len(list.Contracts) != 0 {
			t.Errorf("in force 2029: %+v", list.Contracts)
		}
		wantAPIError(t, f.api("GET", "/api/v1/contracts?active_on=tomorrow", coord, ""), http.StatusBadRequest, tillit.EINVALID)
	})
	t.Run("sites", func(t *testing.T) {
		e := wantAPIError(t, f.api("POST", "/api/v1/sites", admin, fmt.Sprintf(`{"supplier_id":%d,"name":"Plant 3","city":"Penang","country":"MY","os_hub_id":"x"}`, created.ID)), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["os_hub_id"] == "" {
			t.Errorf("fields %+v", e.Error.Fields)
		}
		wantStatus(t, f.api("POST", "/api/v1/sites", admin, fmt.Sprintf(`{"supplier_id":%d,"name":"Plant 3","city":"Penang","country":"MY","os_hub_id":"MY2020123ABCDEF"}`, created.ID)), http.StatusCreated)
		res := f.api("GET", fmt.Sprintf("/api/v1/suppliers/%d/sites", created.ID), coord, "")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"Plant 3"`, `"MY2020123ABCDEF"`)
	})
}
