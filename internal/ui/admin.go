package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

type usersPage struct {
	Page
	Users     []*tillit.User
	CanManage bool
}

// Users serves GET /admin/users.
func (u *UI) Users() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		users, err := u.DB.FindUsers(r.Context())
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := usersPage{Page: u.page(r, "Users"), Users: users,
			CanManage: tillit.Can(web.Actor(r.Context()), tillit.ActManageUsers, tillit.Resource{})}
		u.render(w, r, http.StatusOK, "users", p)
	})
}

// userForm is the user form's content, kept as typed so nothing is lost
// when the form comes back with errors.
type userForm struct {
	ID          int64
	Email       string
	Name        string
	Lang        tillit.Lang
	Disabled    bool
	Invite      bool
	Memberships []tillit.Membership // the last row may be empty, for adding one
}

type userPage struct {
	Page
	Form      userForm
	New       bool
	CanManage bool
	Orgs      []tillit.Organisation
	Roles     []tillit.Role
	Problem   string
	Fields    map[string]string
}

func (u *UI) renderUser(w http.ResponseWriter, r *http.Request, status int, p userPage) {
	orgs, err := u.DB.FindOrganisations(r.Context(), sqldb.OrganisationFilter{})
	if err != nil {
		u.Error(w, r, err)
		return
	}
	title := "Edit user"
	if p.New {
		title = "New user"
	}
	p.Page, p.Orgs, p.Roles = u.page(r, title), orgs, tillit.Roles
	p.CanManage = tillit.Can(web.Actor(r.Context()), tillit.ActManageUsers, tillit.Resource{})
	if p.CanManage && (len(p.Form.Memberships) == 0 || p.Form.Memberships[len(p.Form.Memberships)-1].OrgID != 0) {
		p.Form.Memberships = append(p.Form.Memberships, tillit.Membership{})
	}
	u.render(w, r, status, "user", p)
}

// NewUser serves GET /admin/users/new.
func (u *UI) NewUser() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderUser(w, r, http.StatusOK, userPage{New: true, Form: userForm{Lang: tillit.Swedish, Invite: true}})
	})
}

// parseUserForm reads the form; memberships come as parallel org/role lists.
func parseUserForm(r *http.Request) (userForm, error) {
	f := userForm{
		Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Lang: tillit.Lang(r.PostFormValue("lang")), Disabled: r.PostFormValue("disabled") == "on",
		Invite: r.PostFormValue("invite") == "on",
	}
	orgs, roles := r.PostForm["org"], r.PostForm["role"]
	if len(orgs) != len(roles) {
		return f, tillit.Errorf(tillit.EINVALID, "The form was incomplete. Reload the page and try again.")
	}
	for i := range orgs {
		if orgs[i] == "" && roles[i] == "" {
			continue
		}
		id, err := strconv.ParseInt(orgs[i], 10, 64)
		if err != nil || id <= 0 {
			return f, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("Choose an organisation for each role."),
				Fields: map[string]tillit.Message{"org": tillit.Msg("Choose an organisation from the list.")}}
		}
		f.Memberships = append(f.Memberships, tillit.Membership{OrgID: id, Role: tillit.Role(roles[i])})
	}
	return f, nil
}

func (f userForm) user() *tillit.User {
	return &tillit.User{ID: f.ID, Email: f.Email, Name: f.Name, Lang: f.Lang, Disabled: f.Disabled, Memberships: f.Memberships}
}

// CreateUser serves POST /admin/users.
func (u *UI) CreateUser() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		f, err := parseUserForm(r)
		if err == nil {
			user := f.user()
			if err = u.DB.CreateUser(ctx, web.Actor(ctx), user, ""); err == nil {
				flash := "The user is created."
				if f.Invite {
					if err := u.sendLink(ctx, web.Actor(ctx), user, sqldb.PurposeInvite); err != nil {
						u.Error(w, r, err)
						return
					}
					flash = "The user is created and an invitation has been sent."
				}
				u.redirect(w, r, "/admin/users/"+strconv.FormatInt(user.ID, 10), flash)
				return
			}
		}
		u.formError(w, r, err, userPage{New: true, Form: f})
	})
}

// formError shows the form again with the problem, or an error page when
// the problem is not the input.
func (u *UI) formError(w http.ResponseWriter, r *http.Request, err error, p userPage) {
	code := tillit.ErrorCode(err)
	if code != tillit.EINVALID && code != tillit.ECONFLICT {
		u.Error(w, r, err)
		return
	}
	lang := web.Lang(r.Context())
	p.Problem, p.Fields = tillit.ErrorMessage(err).In(translator(lang)), fieldTexts(lang, err)
	u.renderUser(w, r, StatusOf(code), p)
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page.")
	}
	return id, nil
}

// ShowUser serves GET /admin/users/{id}.
func (u *UI) ShowUser() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		user, err := u.DB.FindUserByID(r.Context(), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f := userForm{ID: user.ID, Email: user.Email, Name: user.Name, Lang: user.Lang, Disabled: user.Disabled, Memberships: user.Memberships}
		u.renderUser(w, r, http.StatusOK, userPage{Form: f})
	})
}

// UpdateUser serves POST /admin/users/{id}.
func (u *UI) UpdateUser() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f, err := parseUserForm(r)
		f.ID = id
		if err == nil {
			if a := web.Actor(ctx); a.UserID == id && (f.Disabled || !hasRole(f.Memberships, tillit.RoleAdmin)) {
				err = tillit.Errorf(tillit.EINVALID, "You cannot disable yourself or take away your own administrator role; ask another administrator.")
			}
		}
		if err == nil {
			if err = u.DB.UpdateUser(ctx, web.Actor(ctx), f.user()); err == nil {
				u.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "The changes are saved.")
				return
			}
		}
		if tillit.ErrorCode(err) == tillit.ENOTFOUND {
			u.Error(w, r, err)
			return
		}
		if user, ferr := u.DB.FindUserByID(ctx, id); ferr == nil {
			f.Email = user.Email
		}
		u.formError(w, r, err, userPage{Form: f})
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

// InviteUser serves POST /admin/users/{id}/invite: a new invitation link
// (the previous one stops working).
func (u *UI) InviteUser() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		user, err := u.DB.FindUserByID(r.Context(), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if user.Disabled {
			u.Error(w, r, tillit.Errorf(tillit.ECONFLICT, "The user is disabled. Enable the account before sending an invitation."))
			return
		}
		if err := u.sendLink(r.Context(), web.Actor(r.Context()), user, sqldb.PurposeInvite); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "An invitation has been sent.")
	})
}

type auditPage struct {
	Page
	Events []tillit.AuditEvent
	Next   int64 // id to page on from, 0 at the end
}

// AuditTrail serves GET /admin/audit, newest first, paged by id.
func (u *UI) AuditTrail() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
		const pageSize = 50
		evs, err := u.DB.FindAuditEvents(r.Context(), sqldb.AuditFilter{BeforeID: before, Limit: pageSize})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := auditPage{Page: u.page(r, "Audit trail"), Events: evs}
		if len(evs) == pageSize {
			p.Next = evs[len(evs)-1].ID
		}
		u.render(w, r, http.StatusOK, "audit", p)
	})
}
