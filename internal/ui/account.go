package ui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/web"
)

type accountPage struct {
	Page
	User    *tillit.User
	Problem string
	Fields  map[string]string
}

// Account serves GET /account.
func (u *UI) Account() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, err := u.DB.FindUserByID(r.Context(), web.Actor(r.Context()).UserID)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "account", accountPage{Page: u.page(r, "My account"), User: user})
	})
}

// SetLang serves POST /lang: anyone may switch language; a signed-in user's
// choice is also saved on their account.
func (u *UI) SetLang() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := tillit.Lang(r.PostFormValue("lang"))
		if !lang.Valid() {
			u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Choose Swedish or English."))
			return
		}
		if a := web.Actor(r.Context()); a.UserID != 0 {
			if err := u.DB.SetUserLang(r.Context(), a, a.UserID, lang); err != nil {
				u.Error(w, r, err)
				return
			}
		}
		u.Cookies.Set(w, r, web.LangCookie, string(lang), 365*24*time.Hour)
		http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	})
}

// ChangePassword serves POST /account/password. The current password is
// asked again so a borrowed, signed-in browser cannot take the account.
func (u *UI) ChangePassword() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		a := web.Actor(ctx)
		user, hash, err := u.DB.UserPasswordHash(ctx, a.Email)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		fail := func(err error) {
			p := accountPage{Page: u.page(r, "My account"), User: user}
			p.Problem, p.Fields = tillit.ErrorMessage(err).In(translator(p.Lang)), fieldTexts(p.Lang, err)
			u.render(w, r, http.StatusBadRequest, "account", p)
		}
		if password.Verify(r.PostFormValue("current"), hash) != nil {
			fail(&tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The password was not changed."),
				Fields: map[string]tillit.Message{"current": tillit.Msg("Your current password is wrong.")}})
			return
		}
		pw := r.PostFormValue("password")
		if err := checkNewPassword(pw, r.PostFormValue("confirm")); err != nil {
			fail(err)
			return
		}
		newHash, err := password.Hash(pw, u.Hash)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.DB.SetPassword(ctx, a, a.UserID, newHash, web.Session(ctx)); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/account", "Your password is changed. Other browsers where you were signed in have been signed out.")
	})
}

type tokensPage struct {
	Page
	Tokens  []tillit.APIToken
	Secret  string // shown once, right after creation
	Name    string
	Problem string
	Fields  map[string]string
}

// Tokens serves GET /account/tokens.
func (u *UI) Tokens() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderTokens(w, r, http.StatusOK, tokensPage{})
	})
}

func (u *UI) renderTokens(w http.ResponseWriter, r *http.Request, status int, p tokensPage) {
	ts, err := u.DB.FindAPITokens(r.Context(), web.Actor(r.Context()).UserID)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.Page, p.Tokens = u.page(r, "API tokens"), ts
	u.render(w, r, status, "tokens", p)
}

// CreateToken serves POST /account/tokens. The secret is shown in the
// response itself (not after a redirect) and never again.
func (u *UI) CreateToken() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := web.Actor(r.Context())
		name := r.PostFormValue("name")
		secret, _, err := u.DB.CreateAPIToken(r.Context(), a, a.UserID, name)
		if tillit.ErrorCode(err) == tillit.EINVALID {
			lang := web.Lang(r.Context())
			u.renderTokens(w, r, http.StatusBadRequest, tokensPage{Name: name, Problem: tillit.ErrorMessage(err).In(translator(lang)), Fields: fieldTexts(lang, err)})
			return
		}
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderTokens(w, r, http.StatusOK, tokensPage{Secret: secret})
	})
}

// RevokeToken serves POST /account/tokens/{id}/revoke.
func (u *UI) RevokeToken() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "Token not found."))
			return
		}
		a := web.Actor(r.Context())
		if err := u.DB.RevokeAPIToken(r.Context(), a, a.UserID, id); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/account/tokens", "The token is revoked.")
	})
}
