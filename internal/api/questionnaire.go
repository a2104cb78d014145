package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/questionnaire"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
	"github.com/tillit-project/tillit/internal/yamlio"
)

// Questionnaires for the national office: template versions (list, one,
// export as YAML, import), campaigns that send a published version to
// suppliers, and the requests sent. A template's content is the same
// document as its YAML file, as JSON.

type templateRowJSON struct {
	ID          int64                 `json:"id"`
	Code        string                `json:"code"`
	Version     int                   `json:"version"`
	Status      tillit.TemplateStatus `json:"status"`
	Title       tillit.Text           `json:"title"`
	Questions   int                   `json:"questions"`
	CreatedAt   time.Time             `json:"created_at"`
	PublishedAt *time.Time            `json:"published_at"`
	Requests    int                   `json:"requests"`
}

type templateJSON struct {
	ID          int64                 `json:"id"`
	Version     int                   `json:"version"`
	Status      tillit.TemplateStatus `json:"status"`
	CreatedAt   time.Time             `json:"created_at"`
	PublishedAt *time.Time            `json:"published_at"`
	Template    *tillit.Template      `json:"template"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func templateOf(t *tillit.Template) templateJSON {
	return templateJSON{ID: t.ID, Version: t.Version, Status: t.Status, CreatedAt: t.CreatedAt, PublishedAt: optTime(t.PublishedAt), Template: t}
}

// Templates serves GET /api/v1/questionnaires.
func (a *API) Templates() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rows, err := a.DB.FindTemplates(r.Context())
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := make([]templateRowJSON, 0, len(rows))
		for _, t := range rows {
			out = append(out, templateRowJSON{ID: t.ID, Code: t.Code, Version: t.Version, Status: t.Status, Title: tillit.Text{SV: t.TitleSV, EN: t.TitleEN},
				Questions: t.Questions, CreatedAt: t.CreatedAt, PublishedAt: optTime(t.PublishedAt), Requests: t.Requests})
		}
		writeJSON(w, http.StatusOK, map[string]any{"questionnaires": out})
	})
}

// Template serves GET /api/v1/questionnaires/{id}.
func (a *API) Template() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := a.findTemplate(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, templateOf(t))
	})
}

func (a *API) findTemplate(r *http.Request) (*tillit.Template, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return a.DB.FindTemplate(r.Context(), id)
}

// ExportTemplate serves GET /api/v1/questionnaires/{id}/yaml.
func (a *API) ExportTemplate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := a.findTemplate(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		b, err := questionnaire.Write(t)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(b)
	})
}

// ImportTemplate serves POST /api/v1/questionnaires: the body is the YAML
// file (Content-Type application/yaml), or JSON {"yaml": "…"}. It makes a
// draft version, or replaces the draft of the code.
func (a *API) ImportTemplate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var data []byte
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch ct {
		case "application/yaml", "application/x-yaml", "text/yaml":
			b, err := io.ReadAll(io.LimitReader(r.Body, yamlio.MaxBytes+1))
			if err != nil {
				a.fail(w, r, tillit.Errorf(tillit.EINVALID, "The request body is too large."))
				return
			}
			data = b
		default:
			var in struct {
				YAML string `json:"yaml"`
			}
			if err := decode(r, &in); err != nil {
				a.fail(w, r, err)
				return
			}
			data = []byte(in.YAML)
		}
		t, err := questionnaire.Read(data)
		if err == nil {
			err = a.DB.SaveTemplate(r.Context(), web.Actor(r.Context()), t)
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, templateOf(t))
	})
}

type campaignJSON struct {
	TemplateID  int64                    `json:"template_id"`
	CategoryID  int64                    `json:"category_id"`
	Selection   tillit.CampaignSelection `json:"selection"`
	RegionIDs   []int64                  `json:"region_ids"`
	SupplierIDs []int64                  `json:"supplier_ids"`
	DueOn       string                   `json:"due_on"`
	Reuse       bool                     `json:"reuse"`
}

type outcomeJSON struct {
	SupplierID int64   `json:"supplier_id"`
	Supplier   string  `json:"supplier"`
	FollowUpID int64   `json:"followup_id,omitempty"`
	Opened     bool    `json:"followup_opened"`
	RequestID  string  `json:"request_id,omitempty"`
	ReusedOn   *string `json:"reused_approved_on,omitempty"`
	Skipped    string  `json:"skipped,omitempty"`
}

// CreateCampaign serves POST /api/v1/campaigns.
func (a *API) CreateCampaign() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in campaignJSON
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		due, err := time.Parse(time.DateOnly, in.DueOn)
		if err != nil {
			m := tillit.Msg("Write the date as YYYY-MM-DD, such as 2026-03-31.")
			a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"due_on": m}})
			return
		}
		c, outcomes, err := a.DB.CreateCampaign(r.Context(), web.Actor(r.Context()), tillit.CampaignInput{TemplateID: in.TemplateID, CategoryID: in.CategoryID,
			Selection: in.Selection, RegionIDs: in.RegionIDs, SupplierIDs: in.SupplierIDs, DueOn: due}, in.Reuse)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := make([]outcomeJSON, 0, len(outcomes))
		for _, o := range outcomes {
			j := outcomeJSON{SupplierID: o.SupplierID, Supplier: o.Supplier, FollowUpID: o.FollowUpID, Opened: o.Opened, RequestID: o.PublicID,
				Skipped: o.Skipped.String()}
			if !o.ReusedOn.IsZero() {
				s := o.ReusedOn.Format(time.DateOnly)
				j.ReusedOn = &s
			}
			if o.Skipped.Format == "" {
				j.Skipped = ""
			}
			out = append(out, j)
		}
		writeJSON(w, http.StatusCreated, map[string]any{"campaign_id": c.ID, "due_on": c.DueOn.Format(time.DateOnly), "suppliers": out})
	})
}

type requestJSON struct {
	ID               string                   `json:"id"`
	SupplierID       int64                    `json:"supplier_id"`
	Supplier         string                   `json:"supplier,omitempty"`
	QuestionnaireID  int64                    `json:"questionnaire_id"`
	FollowUpID       int64                    `json:"followup_id"`
	SelfAssessmentID int64                    `json:"self_assessment_id"`
	Status           tillit.RequestStatus     `json:"status"`
	SentAt           time.Time                `json:"sent_at"`
	DueOn            string                   `json:"due_on"`
	SubmittedAt      *time.Time               `json:"submitted_at"`
	ReviewedAt       *time.Time               `json:"reviewed_at"`
	Verdict          tillit.Verdict           `json:"verdict,omitempty"`
	Recommendation   string                   `json:"recommendation,omitempty"`
	Answers          map[string]tillit.Answer `json:"answers,omitempty"`
}

// Requests serves GET /api/v1/questionnaire-requests: every request,
// soonest due first, filtered by ?status= and ?supplier_id=.
func (a *API) Requests() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := sqldb.RequestFilter{Status: tillit.RequestStatus(q.Get("status")), Limit: 1000}
		if f.Status != "" && !f.Status.Valid() {
			a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Use open, submitted, returned or reviewed."))
			return
		}
		if s := q.Get("supplier_id"); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Use a positive whole number, such as 12."))
				return
			}
			f.SupplierID = id
		}
		rows, err := a.DB.FindRequests(r.Context(), tillit.Scope{All: true}, f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := make([]requestJSON, 0, len(rows))
		for _, x := range rows {
			out = append(out, requestJSON{ID: x.PublicID, SupplierID: x.SupplierID, Supplier: x.Supplier, QuestionnaireID: x.TemplateID,
				FollowUpID: x.FollowUpID, SelfAssessmentID: x.SelfAssessmentID, Status: x.Status, SentAt: x.SentAt, DueOn: x.DueOn.Format(time.DateOnly),
				SubmittedAt: optTime(x.SubmittedAt), ReviewedAt: optTime(x.ReviewedAt), Verdict: x.Verdict})
		}
		writeJSON(w, http.StatusOK, map[string]any{"requests": out})
	})
}

// Request serves GET /api/v1/questionnaire-requests/{pid}: one request
// with its answers and their reviews.
func (a *API) Request() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x, err := a.DB.FindRequest(r.Context(), tillit.Scope{All: true}, r.PathValue("pid"))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := requestJSON{ID: x.PublicID, SupplierID: x.SupplierID, QuestionnaireID: x.TemplateID, FollowUpID: x.FollowUpID,
			SelfAssessmentID: x.SelfAssessmentID, Status: x.Status, SentAt: x.SentAt, DueOn: x.DueOn.Format(time.DateOnly),
			SubmittedAt: optTime(x.SubmittedAt), ReviewedAt: optTime(x.ReviewedAt), Verdict: x.Verdict, Answers: x.Answers}
		if x.Status == tillit.RequestReviewed {
			out.Recommendation = string(x.Recommendation)
		}
		writeJSON(w, http.StatusOK, out)
	})
}
