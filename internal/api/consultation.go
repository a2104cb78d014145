package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Consultations (issue 9) as JSON. The answer document is uploaded on the
// consultation's page; the API shows its name, size and type and keeps it
// when a consultation is replaced.

type consultationDocumentJSON struct {
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

type consultationJSON struct {
	ID         int64                     `json:"id"`
	SenderKind tillit.ConsultationSender `json:"sender_kind"`
	Sender     string                    `json:"sender"`
	Subject    string                    `json:"subject"`
	Reference  string                    `json:"reference"`
	ReceivedOn *string                   `json:"received_on"`
	DueOn      *string                   `json:"due_on"`
	Drafter    *refJSON                  `json:"drafter"`
	Status     tillit.ConsultationStatus `json:"status"`
	SentOn     *string                   `json:"sent_on"`
	Notes      string                    `json:"notes"`
	Document   *consultationDocumentJSON `json:"document"`
	// How the due date stands today, for open consultations.
	DaysLeft  *int       `json:"days_left"`
	Overdue   bool       `json:"overdue"`
	CreatedAt *time.Time `json:"created_at"`
	UpdatedAt *time.Time `json:"updated_at"`
	Version   int64      `json:"version"`
}

func toConsultationJSON(c *tillit.Consultation, today time.Time) consultationJSON {
	out := consultationJSON{ID: c.ID, SenderKind: c.SenderKind, Sender: c.Sender, Subject: c.Subject, Reference: c.Reference,
		ReceivedOn: dateJSON(c.ReceivedOn), DueOn: dateJSON(c.DueOn), Status: c.Status, SentOn: dateJSON(c.SentOn), Notes: c.Notes,
		Overdue: c.Overdue(today), CreatedAt: timeJSON(c.CreatedAt), UpdatedAt: timeJSON(c.UpdatedAt), Version: c.Version}
	if c.DrafterID != 0 {
		out.Drafter = &refJSON{ID: c.DrafterID, Name: c.DrafterName}
	}
	if c.Document.Hash != "" {
		out.Document = &consultationDocumentJSON{Name: c.Document.Name, Size: c.Document.Size, ContentType: c.Document.ContentType}
	}
	if c.Status.Open() {
		n := c.DaysLeft(today)
		out.DaysLeft = &n
	}
	return out
}

// today is the calendar day in Sweden, where the due dates are.
func (a *API) today() time.Time {
	now := a.DB.Now()
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		now = now.In(loc)
	}
	return tillit.DateOf(now)
}

// Consultations serves GET /api/v1/consultations (?status=open|closed):
// open ones by due date, the overdue first; then the closed, latest first.
func (a *API) Consultations() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var f sqldb.ConsultationFilter
		switch r.URL.Query().Get("status") {
		case "":
		case "open":
			f.Open = true
		case "closed":
			f.Closed = true
		default:
			a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("Ask for open or closed consultations, or leave the status out."),
				Fields: map[string]tillit.Message{"status": tillit.Msg("Ask for open or closed consultations, or leave the status out.")}})
			return
		}
		list, err := a.DB.FindConsultations(r.Context(), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		today := a.today()
		out := struct {
			Consultations []consultationJSON `json:"consultations"`
		}{Consultations: []consultationJSON{}}
		for i := range list {
			out.Consultations = append(out.Consultations, toConsultationJSON(&list[i], today))
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// Consultation serves GET /api/v1/consultations/{id}.
func (a *API) Consultation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeConsultation(w, r, http.StatusOK, id)
	})
}

func (a *API) writeConsultation(w http.ResponseWriter, r *http.Request, status int, id int64) {
	c, err := a.DB.FindConsultation(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/consultations/"+strconv.FormatInt(id, 10))
	}
	writeJSON(w, status, toConsultationJSON(c, a.today()))
}

type consultationInput struct {
	SenderKind string `json:"sender_kind"`
	Sender     string `json:"sender"`
	Subject    string `json:"subject"`
	Reference  string `json:"reference"`
	ReceivedOn string `json:"received_on"`
	DueOn      string `json:"due_on"`
	DrafterID  int64  `json:"drafter_id"`
	Status     string `json:"status"`
	SentOn     string `json:"sent_on"`
	Notes      string `json:"notes"`
	Version    int64  `json:"version"`
}

func decodeConsultation(r *http.Request) (*tillit.Consultation, error) {
	var in consultationInput
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	p := tillit.Problems{}
	c := &tillit.Consultation{SenderKind: tillit.ConsultationSender(in.SenderKind), Sender: in.Sender, Subject: in.Subject,
		Reference: in.Reference, ReceivedOn: dateParam(p, "received_on", in.ReceivedOn), DueOn: dateParam(p, "due_on", in.DueOn),
		DrafterID: in.DrafterID, Status: tillit.ConsultationStatus(in.Status), SentOn: dateParam(p, "sent_on", in.SentOn),
		Notes: strings.TrimSpace(in.Notes), Version: in.Version}
	c.Trim()
	if len(p) == 0 {
		return c, nil
	}
	p.Merge(c.Validate())
	return nil, problems(p)
}

// CreateConsultation serves POST /api/v1/consultations.
func (a *API) CreateConsultation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		c, err := decodeConsultation(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.DB.CreateConsultation(ctx, web.Actor(ctx), c); err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeConsultation(w, r, http.StatusCreated, c.ID)
	})
}

// UpdateConsultation serves PUT /api/v1/consultations/{id}: the body
// replaces the consultation; the answer document stays.
func (a *API) UpdateConsultation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		c, err := decodeConsultation(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if c.Version <= 0 {
			a.fail(w, r, errNoVersion())
			return
		}
		stored, err := a.DB.FindConsultation(ctx, id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		c.ID, c.Document = id, stored.Document
		if err := a.DB.UpdateConsultation(ctx, web.Actor(ctx), c); err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeConsultation(w, r, http.StatusOK, id)
	})
}
