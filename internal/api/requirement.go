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

// The requirements library as JSON: the list with one version per
// requirement (the latest published, or the one in force on ?on=), and
// one requirement with every version. Drafts are shown only to those who
// may manage the library, as on the pages.

type requirementVersionJSON struct {
	Number        int                      `json:"number"`
	Status        tillit.RequirementStatus `json:"status"`
	EffectiveFrom *string                  `json:"effective_from"`
	Title         tillit.Text              `json:"title"`
	Text          tillit.Text              `json:"text"`
	PublishedAt   *time.Time               `json:"published_at"`
	PublishedBy   string                   `json:"published_by,omitempty"`
}

type requirementJSON struct {
	Code       string                    `json:"code"`
	Kind       tillit.RequirementKind    `json:"kind"`
	Area       tillit.SustainabilityArea `json:"area"`
	CategoryID *int64                    `json:"category_id"`
	// Version is the version listed: null when none was in force on the
	// day asked for.
	Version  *requirementVersionJSON  `json:"version,omitempty"`
	Versions []requirementVersionJSON `json:"versions,omitempty"`
}

func versionJSON(v tillit.RequirementVersion) requirementVersionJSON {
	return requirementVersionJSON{Number: v.Number, Status: v.Status, EffectiveFrom: dateJSON(v.EffectiveFrom),
		Title: v.Title, Text: v.Body, PublishedAt: timeJSON(v.PublishedAt), PublishedBy: v.PublishedBy}
}

func requirementCategoryJSON(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// Requirements serves GET /api/v1/requirements (?kind=, ?area=,
// ?category=, ?q=, ?on=YYYY-MM-DD).
func (a *API) Requirements() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q := r.URL.Query()
		f := sqldb.RequirementFilter{Kind: tillit.RequirementKind(q.Get("kind")), Area: tillit.SustainabilityArea(q.Get("area")),
			Query: strings.TrimSpace(q.Get("q")), Drafts: tillit.Can(web.Actor(ctx), tillit.ActManageRequirements, tillit.Resource{})}
		if f.Kind != "" && !f.Kind.Valid() {
			a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Give the kind as code_of_conduct, contract_clause_basic, contract_clause_advanced or environmental."))
			return
		}
		if s := q.Get("category"); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Give the category as its number."))
				return
			}
			f.CategoryID = id
		}
		if s := q.Get("on"); s != "" {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil {
				a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Write the date as YYYY-MM-DD, for example 2022-06-30."))
				return
			}
			f.On = d
		}
		rows, err := a.DB.FindRequirements(ctx, f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []requirementJSON{}
		for _, row := range rows {
			j := requirementJSON{Code: row.Code, Kind: row.Kind, Area: row.Area, CategoryID: requirementCategoryJSON(row.CategoryID)}
			if row.Version.Number > 0 {
				v := versionJSON(row.Version)
				j.Version = &v
			}
			out = append(out, j)
		}
		writeJSON(w, http.StatusOK, map[string]any{"requirements": out})
	})
}

// Requirement serves GET /api/v1/requirements/{code}: every version,
// oldest first.
func (a *API) Requirement() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		code := r.PathValue("code")
		req, err := a.DB.FindRequirement(ctx, code)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		manage := tillit.Can(web.Actor(ctx), tillit.ActManageRequirements, tillit.Resource{})
		out := requirementJSON{Code: req.Code, Kind: req.Kind, Area: req.Area, CategoryID: requirementCategoryJSON(req.CategoryID), Versions: []requirementVersionJSON{}}
		for _, v := range req.Versions {
			if v.Status == tillit.RequirementPublished || manage {
				out.Versions = append(out.Versions, versionJSON(v))
			}
		}
		if len(out.Versions) == 0 {
			a.fail(w, r, tillit.Errorf(tillit.ENOTFOUND, "Requirement %s is not in the library.", code))
			return
		}
		writeJSON(w, http.StatusOK, out)
	})
}
