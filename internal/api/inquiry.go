package api

import (
	"net/http"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Inquiries (issue 9) as JSON: the list, and one inquiry with every
// supplier's request and its submitted answers. Inquiries are written and
// sent on their pages, where the recipients are shown before sending.

type inquiryRowJSON struct {
	ID         int64                `json:"id"`
	Title      string               `json:"title"`
	Status     tillit.InquiryStatus `json:"status"`
	DueOn      *string              `json:"due_on"`
	IncidentID *int64               `json:"incident_id"`
	CreatedAt  *time.Time           `json:"created_at"`
	SentAt     *time.Time           `json:"sent_at"`
	Requests   int                  `json:"requests"`
	Answered   int                  `json:"answered"`
}

type inquirySelectionJSON struct {
	IncidentID *int64  `json:"incident_id"`
	Country    *string `json:"country"`
	CategoryID *int64  `json:"category_id"`
	Product    *string `json:"product"`
}

type inquiryFileJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	SHA256      string `json:"sha256"`
}

type inquiryAnswerJSON struct {
	Value *string           `json:"value"`
	Files []inquiryFileJSON `json:"files"`
}

type inquiryRequestJSON struct {
	SupplierID int64                       `json:"supplier_id"`
	Supplier   string                      `json:"supplier"`
	Status     tillit.InquiryRequestStatus `json:"status"`
	SentAt     *time.Time                  `json:"sent_at"`
	AnsweredAt *time.Time                  `json:"answered_at"`
	AnsweredBy string                      `json:"answered_by"`
	Reminders  int                         `json:"reminders"`
	// Answers are given once submitted, one per question in order;
	// drafts stay the supplier's.
	Answers []inquiryAnswerJSON `json:"answers"`
}

type inquiryJSON struct {
	ID        int64                    `json:"id"`
	Title     string                   `json:"title"`
	Intro     string                   `json:"intro"`
	Status    tillit.InquiryStatus     `json:"status"`
	DueOn     *string                  `json:"due_on"`
	Selection inquirySelectionJSON     `json:"selection"`
	Questions []tillit.InquiryQuestion `json:"questions"`
	CreatedAt *time.Time               `json:"created_at"`
	CreatedBy string                   `json:"created_by"`
	SentAt    *time.Time               `json:"sent_at"`
	ClosedAt  *time.Time               `json:"closed_at"`
	Requests  []inquiryRequestJSON     `json:"requests"`
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Inquiries serves GET /api/v1/inquiries: every inquiry, the latest first.
func (a *API) Inquiries() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rows, err := a.DB.FindInquiries(r.Context(), sqldb.InquiryFilter{Limit: 500})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := struct {
			Inquiries []inquiryRowJSON `json:"inquiries"`
		}{Inquiries: []inquiryRowJSON{}}
		for _, v := range rows {
			out.Inquiries = append(out.Inquiries, inquiryRowJSON{ID: v.ID, Title: v.Title, Status: v.Status, DueOn: dateJSON(v.DueOn),
				IncidentID: idJSON(v.IncidentID), CreatedAt: timeJSON(v.CreatedAt), SentAt: timeJSON(v.SentAt), Requests: v.Requests, Answered: v.Answered})
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// Inquiry serves GET /api/v1/inquiries/{id}: the inquiry with each
// supplier's request and its submitted answers.
func (a *API) Inquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		q, err := a.DB.FindInquiry(r.Context(), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		reqs, err := a.DB.InquiryAnswers(r.Context(), q)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		s := q.Selection
		out := inquiryJSON{ID: q.ID, Title: q.Title, Intro: q.Intro, Status: q.Status, DueOn: dateJSON(q.DueOn),
			Selection: inquirySelectionJSON{IncidentID: idJSON(s.IncidentID), Country: optString(s.Country), CategoryID: idJSON(s.CategoryID), Product: optString(s.Product)},
			Questions: q.Questions, CreatedAt: timeJSON(q.CreatedAt), CreatedBy: q.CreatedBy, SentAt: timeJSON(q.SentAt), ClosedAt: timeJSON(q.ClosedAt),
			Requests: []inquiryRequestJSON{}}
		for _, rq := range reqs {
			x := inquiryRequestJSON{SupplierID: rq.SupplierID, Supplier: rq.Supplier, Status: rq.Status, SentAt: timeJSON(rq.SentAt),
				AnsweredAt: timeJSON(rq.AnsweredAt), AnsweredBy: rq.AnsweredBy, Reminders: rq.Reminders, Answers: []inquiryAnswerJSON{}}
			if rq.Status == tillit.InquiryRequestAnswered {
				for i := range q.Questions {
					ans := rq.Answer(i)
					aj := inquiryAnswerJSON{Value: optString(ans.Value), Files: []inquiryFileJSON{}}
					for _, f := range ans.Files {
						aj.Files = append(aj.Files, inquiryFileJSON{ID: f.ID, Name: f.Name, Size: f.Size, ContentType: f.ContentType, SHA256: f.Hash})
					}
					x.Answers = append(x.Answers, aj)
				}
			}
			out.Requests = append(out.Requests, x)
		}
		writeJSON(w, http.StatusOK, out)
	})
}
