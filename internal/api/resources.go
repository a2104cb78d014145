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

type membershipJSON struct {
	OrgID   int64          `json:"org_id"`
	OrgName string         `json:"org_name,omitempty"`
	OrgKind tillit.OrgKind `json:"org_kind,omitempty"`
	Role    tillit.Role    `json:"role"`
}

type userJSON struct {
	ID          int64            `json:"id"`
	Email       string           `json:"email"`
	Name        string           `json:"name"`
	Lang        tillit.Lang      `json:"lang"`
	Disabled    bool             `json:"disabled"`
	CreatedAt   time.Time        `json:"created_at"`
	Memberships []membershipJSON `json:"memberships"`
}

func toUserJSON(u *tillit.User) userJSON {
	out := userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Lang: u.Lang, Disabled: u.Disabled, CreatedAt: u.CreatedAt, Memberships: []membershipJSON{}}
	for _, m := range u.Memberships {
		out.Memberships = append(out.Memberships, membershipJSON{m.OrgID, m.OrgName, m.OrgKind, m.Role})
	}
	return out
}

// Me serves GET /api/v1/me: who the token belongs to.
func (a *API) Me() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := a.DB.FindUserByID(r.Context(), web.Actor(r.Context()).UserID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, toUserJSON(u))
	})
}

type regionJSON struct {
	ID         int64  `json:"id"`
	CountyCode string `json:"county_code"`
	Name       string `json:"name"`
	Population *int64 `json:"population,omitempty"`
	Year       int    `json:"population_year,omitempty"`
}

// Regions serves GET /api/v1/regions[?year=YYYY].
func (a *API) Regions() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		year := 0
		if s := r.URL.Query().Get("year"); s != "" {
			y, err := strconv.Atoi(s)
			if err != nil || y < 2000 || y > 2100 {
				a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The year must be a number between 2000 and 2100."),
					Fields: map[string]tillit.Message{"year": tillit.Msg("Use four digits, for example 2022.")}})
				return
			}
			year = y
		}
		regions, err := a.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if year == 0 {
			if year, err = a.DB.LatestPopulationYear(ctx); err != nil {
				a.fail(w, r, err)
				return
			}
		}
		pops, err := a.DB.Populations(ctx, year)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []regionJSON{}
		for _, o := range regions {
			rj := regionJSON{ID: o.ID, CountyCode: o.CountyCode, Name: o.Name}
			if n, ok := pops[o.ID]; ok {
				rj.Population, rj.Year = &n, year
			}
			out = append(out, rj)
		}
		writeJSON(w, http.StatusOK, map[string]any{"regions": out})
	})
}

// Users serves GET /api/v1/users.
func (a *API) Users() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		users, err := a.DB.FindUsers(r.Context())
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []userJSON{}
		for _, u := range users {
			out = append(out, toUserJSON(u))
		}
		writeJSON(w, http.StatusOK, map[string]any{"users": out})
	})
}

// User serves GET /api/v1/users/{id}.
func (a *API) User() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		u, err := a.DB.FindUserByID(r.Context(), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, toUserJSON(u))
	})
}

type userInput struct {
	Email       *string          `json:"email"`
	Name        *string          `json:"name"`
	Lang        *tillit.Lang     `json:"lang"`
	Disabled    *bool            `json:"disabled"`
	Memberships []membershipJSON `json:"memberships"`
}

func memberships(in []membershipJSON) []tillit.Membership {
	out := []tillit.Membership{}
	for _, m := range in {
		out = append(out, tillit.Membership{OrgID: m.OrgID, Role: m.Role})
	}
	return out
}

// CreateUser serves POST /api/v1/users. The user gets no password; they
// set one through an invitation or reset link.
func (a *API) CreateUser() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in userInput
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		u := &tillit.User{Memberships: memberships(in.Memberships), Lang: tillit.Swedish}
		if in.Email != nil {
			u.Email = strings.TrimSpace(*in.Email)
		}
		if in.Name != nil {
			u.Name = strings.TrimSpace(*in.Name)
		}
		if in.Lang != nil {
			u.Lang = *in.Lang
		}
		if in.Disabled != nil {
			u.Disabled = *in.Disabled
		}
		if err := a.DB.CreateUser(r.Context(), web.Actor(r.Context()), u, ""); err != nil {
			a.fail(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
		writeJSON(w, http.StatusCreated, toUserJSON(u))
	})
}

// UpdateUser serves PATCH /api/v1/users/{id}: fields left out keep their
// value; memberships, when given, replace the old ones.
func (a *API) UpdateUser() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		var in userInput
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		u, err := a.DB.FindUserByID(ctx, id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if in.Email != nil && tillit.NormalizeEmail(*in.Email) != u.Email {
			a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The e-mail address cannot be changed; create a new user instead."),
				Fields: map[string]tillit.Message{"email": tillit.Msg("Leave the e-mail address out.")}})
			return
		}
		if in.Name != nil {
			u.Name = strings.TrimSpace(*in.Name)
		}
		if in.Lang != nil {
			u.Lang = *in.Lang
		}
		if in.Disabled != nil {
			u.Disabled = *in.Disabled
		}
		if in.Memberships != nil {
			u.Memberships = memberships(in.Memberships)
		}
		actor := web.Actor(ctx)
		if actor.UserID == id && (u.Disabled || !hasRole(u.Memberships, tillit.RoleAdmin)) {
			a.fail(w, r, tillit.Errorf(tillit.EINVALID, "You cannot disable yourself or take away your own administrator role; ask another administrator."))
			return
		}
		if err := a.DB.UpdateUser(ctx, actor, u); err != nil {
			a.fail(w, r, err)
			return
		}
		u, err = a.DB.FindUserByID(ctx, id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, toUserJSON(u))
	})
}

func hasRole(ms []tillit.Membership, role tillit.Role) bool {
	for _, m := range ms {
		if m.Role == role {
			return true
		}
	}
	return false
}

type auditJSON struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id,omitempty"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID int64     `json:"entity_id"`
	Before   string    `json:"before,omitempty"`
	After    string    `json:"after,omitempty"`
	Hash     string    `json:"hash"`
}

// AuditEvents serves GET /api/v1/audit?entity=&entity_id=&before=&limit=.
func (a *API) AuditEvents() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := sqldb.AuditFilter{Entity: q.Get("entity")}
		for name, p := range map[string]*int64{"entity_id": &f.EntityID, "before": &f.BeforeID} {
			if s := q.Get(name); s != "" {
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil || n < 0 {
					a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The parameter %s must be a whole number.", name),
						Fields: map[string]tillit.Message{name: tillit.Msg("Use a whole number.")}})
					return
				}
				*p = n
			}
		}
		if s := q.Get("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 500 {
				a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The limit must be between 1 and 500."),
					Fields: map[string]tillit.Message{"limit": tillit.Msg("Use a number between 1 and 500.")}})
				return
			}
			f.Limit = n
		}
		evs, err := a.DB.FindAuditEvents(r.Context(), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []auditJSON{}
		for _, e := range evs {
			out = append(out, auditJSON{e.ID, e.At, e.ActorID, e.ActorLabel, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.Hash})
		}
		writeJSON(w, http.StatusOK, map[string]any{"events": out})
	})
}
