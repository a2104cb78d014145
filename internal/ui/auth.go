package ui

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Sign-in throttling: enough room for typos, too little for guessing.
// Counted per account and per address, in the database.
const (
	throttleWindow      = 15 * time.Minute
	maxFailuresAccount  = 5
	maxFailuresAddress  = 30
	resetLinkValidity   = time.Hour
	inviteLinkValidity  = 7 * 24 * time.Hour
	maxResetMailsPerDay = 5
)

// dummyHash is verified when no account matches, so a wrong address costs
// as much time as a wrong password and timing does not reveal accounts.
var dummyHash, _ = password.Hash("not a real password", password.Fast)

type signInPage struct {
	Page
	Email string
	Next  string
	Error string
}

// SignInForm serves GET /login.
func (u *UI) SignInForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if web.Actor(r.Context()).UserID != 0 {
			http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
			return
		}
		u.render(w, r, http.StatusOK, "login", signInPage{Page: u.page(r, "Sign in"), Next: safeNext(r.URL.Query().Get("next"))})
	})
}

// SignIn serves POST /login.
func (u *UI) SignIn() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := web.Lang(ctx)
		email := tillit.NormalizeEmail(r.PostFormValue("email"))
		pw := r.PostFormValue("password")
		next := safeNext(r.PostFormValue("next"))
		again := func(status int, msg string) {
			p := signInPage{Page: u.page(r, "Sign in"), Email: email, Next: next, Error: msg}
			u.render(w, r, status, "login", p)
		}
		if email == "" || pw == "" {
			again(http.StatusBadRequest, T(lang, "Enter your e-mail address and your password."))
			return
		}
		keyAccount, keyAddress := "email:"+email, "ip:"+web.ClientIP(r)
		if wait, err := u.throttled(ctx, keyAccount, maxFailuresAccount); err != nil {
			u.Error(w, r, err)
			return
		} else if wait > 0 {
			again(http.StatusTooManyRequests, fmt.Sprintf(T(lang, "Too many failed sign-ins for this account. Wait %d minutes and try again, or reset your password."), minutes(wait)))
			return
		}
		if wait, err := u.throttled(ctx, keyAddress, maxFailuresAddress); err != nil {
			u.Error(w, r, err)
			return
		} else if wait > 0 {
			again(http.StatusTooManyRequests, fmt.Sprintf(T(lang, "Too many failed sign-ins from your network. Wait %d minutes and try again."), minutes(wait)))
			return
		}
		user, hash, err := u.DB.UserPasswordHash(ctx, email)
		if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
			u.Error(w, r, err)
			return
		}
		if user == nil || hash == "" {
			password.Verify(pw, dummyHash)
			err = password.ErrMismatch
		} else {
			err = password.Verify(pw, hash)
		}
		if err != nil {
			if err := u.DB.RecordLoginFailure(ctx, throttleWindow, keyAccount, keyAddress); err != nil {
				u.Error(w, r, err)
				return
			}
			again(http.StatusUnauthorized, T(lang, "The e-mail address or the password is wrong."))
			return
		}
		if err := u.DB.ClearLoginFailures(ctx, keyAccount); err != nil {
			u.Error(w, r, err)
			return
		}
		u.startSession(w, r, user, next, "")
	})
}

// startSession signs the user in: a new session, a new CSRF token (so a
// token planted before sign-in is useless after) and the user's language.
func (u *UI) startSession(w http.ResponseWriter, r *http.Request, user *tillit.User, next, flash string) {
	secret, err := u.DB.CreateSession(r.Context(), user.ID, web.ClientIP(r), r.UserAgent())
	if err != nil {
		u.Error(w, r, err)
		return
	}
	u.Cookies.Set(w, r, web.SessionCookie, secret, 0)
	u.Cookies.Set(w, r, web.CSRFCookie, web.NewCSRFToken(), 0)
	u.Cookies.Set(w, r, web.LangCookie, string(user.Lang), 365*24*time.Hour)
	u.redirect(w, r, next, flash)
}

// throttled returns how long the key must wait, or 0.
func (u *UI) throttled(ctx context.Context, key string, max int) (time.Duration, error) {
	n, oldest, err := u.DB.LoginFailures(ctx, key, throttleWindow)
	if err != nil || n < max {
		return 0, err
	}
	wait := time.Until(oldest.Add(throttleWindow))
	if u.DB.Now != nil {
		wait = oldest.Add(throttleWindow).Sub(u.DB.Now())
	}
	if wait < time.Minute {
		wait = time.Minute
	}
	return wait, nil
}

func minutes(d time.Duration) int { return int(math.Ceil(d.Minutes())) }

// SignOut serves POST /logout: the session row is deleted, so the cookie is
// worthless even if someone copied it.
func (u *UI) SignOut() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s := web.Session(r.Context()); s != "" {
			if err := u.DB.DeleteSession(r.Context(), s); err != nil {
				u.Error(w, r, err)
				return
			}
		}
		u.Cookies.Set(w, r, web.SessionCookie, "", -1)
		u.Cookies.Set(w, r, web.CSRFCookie, web.NewCSRFToken(), 0)
		u.redirect(w, r, "/login", "You have signed out.")
	})
}

type forgotPage struct {
	Page
	Email string
	Sent  bool
	Error string
}

// ForgotForm serves GET /password/forgot.
func (u *UI) ForgotForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.render(w, r, http.StatusOK, "forgot", forgotPage{Page: u.page(r, "Forgot your password?")})
	})
}

// Forgot serves POST /password/forgot. The answer is the same whether or
// not the address has an account, so the form does not reveal who has one.
func (u *UI) Forgot() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		email := tillit.NormalizeEmail(r.PostFormValue("email"))
		p := forgotPage{Page: u.page(r, "Forgot your password?"), Email: email}
		if email == "" || !strings.Contains(email, "@") {
			p.Error = T(p.Lang, "Enter the e-mail address you sign in with.")
			u.render(w, r, http.StatusBadRequest, "forgot", p)
			return
		}
		// Mails per address are limited through the same failure counter,
		// so the form cannot be used to flood someone's inbox.
		key := "reset:" + email
		n, _, err := u.DB.LoginFailures(ctx, key, 24*time.Hour)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		user, err := u.DB.FindUserByEmail(ctx, email)
		switch {
		case tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && user.Disabled:
		case err != nil:
			u.Error(w, r, err)
			return
		case n < maxResetMailsPerDay:
			if err := u.DB.RecordLoginFailure(ctx, 24*time.Hour, key); err != nil {
				u.Error(w, r, err)
				return
			}
			if err := u.sendLink(ctx, tillit.SystemActor("password reset form"), user, sqldb.PurposeReset); err != nil {
				u.Error(w, r, err)
				return
			}
		}
		p.Sent = true
		u.render(w, r, http.StatusOK, "forgot", p)
	})
}

// sendLink creates a one-time link for the user and mails it in their
// language.
func (u *UI) sendLink(ctx context.Context, actor tillit.Actor, user *tillit.User, purpose string) error {
	ttl, path, subject, body := resetLinkValidity, "/password/reset/", mailResetSubject, mailResetBody
	if purpose == sqldb.PurposeInvite {
		ttl, path, subject, body = inviteLinkValidity, "/welcome/", mailInviteSubject, mailInviteBody
	}
	secret, err := u.DB.CreateOneTimeToken(ctx, actor, user.ID, purpose, ttl)
	if err != nil {
		return err
	}
	link := u.PublicURL + path + secret
	m := mail.Message{
		To:      user.Email,
		Subject: T(user.Lang, subject),
		Text:    fmt.Sprintf(T(user.Lang, body), user.Name, link, int(ttl.Hours())),
	}
	if err := u.Mail.Send(ctx, m); err != nil {
		return fmt.Errorf("ui.sendLink: %w", err)
	}
	return nil
}

// Mail texts; the English text is the catalogue key.
const (
	mailResetSubject  = "Reset your tillit password"
	mailResetBody     = "Hello %s,\n\nsomeone (hopefully you) asked to reset the password of your tillit account.\nChoose a new password here:\n\n%s\n\nThe link works once and for %d hours. If you did not ask for it, ignore this message: your password stays as it is.\n\n/ tillit"
	mailInviteSubject = "You have been invited to tillit"
	mailInviteBody    = "Hello %s,\n\nyou have been given an account in tillit, the shared follow-up of sustainable public procurement.\nChoose your password here:\n\n%s\n\nThe link works once and for %d hours. Afterwards you sign in with your e-mail address.\n\n/ tillit"
)

type resetPage struct {
	Page
	Token   string
	Action  string
	Invite  bool
	Email   string
	Problem string
	Fields  map[string]string
}

// ResetForm serves GET /password/reset/{token} and GET /welcome/{token}.
func (u *UI) ResetForm(purpose string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := r.PathValue("token")
		user, err := u.DB.OneTimeTokenUser(r.Context(), token, purpose)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "reset", u.resetPage(r, purpose, token, user.Email))
	})
}

func (u *UI) resetPage(r *http.Request, purpose, token, email string) resetPage {
	p := resetPage{Token: token, Email: email, Invite: purpose == sqldb.PurposeInvite}
	if p.Invite {
		p.Page, p.Action = u.page(r, "Welcome to tillit"), "/welcome/"+token
	} else {
		p.Page, p.Action = u.page(r, "Choose a new password"), "/password/reset/"+token
	}
	return p
}

// Reset serves POST /password/reset/{token} and POST /welcome/{token}.
func (u *UI) Reset(purpose string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		token := r.PathValue("token")
		user, err := u.DB.OneTimeTokenUser(ctx, token, purpose)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		pw, confirm := r.PostFormValue("password"), r.PostFormValue("confirm")
		if err := checkNewPassword(pw, confirm); err != nil {
			p := u.resetPage(r, purpose, token, user.Email)
			p.Problem, p.Fields = tillit.ErrorMessage(err).In(translator(p.Lang)), fieldTexts(p.Lang, err)
			u.render(w, r, http.StatusBadRequest, "reset", p)
			return
		}
		hash, err := password.Hash(pw, u.Hash)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		user, err = u.DB.UseOneTimeToken(ctx, token, purpose, hash)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.startSession(w, r, user, "/", "Your password is set.")
	})
}

func checkNewPassword(pw, confirm string) error {
	if err := password.Check(pw); err != nil {
		return err
	}
	if pw != confirm {
		return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The two passwords are not the same."),
			Fields: map[string]tillit.Message{"confirm": tillit.Msg("Type the same password again.")}}
	}
	return nil
}

// fieldTexts translates an error's field messages for a form.
func fieldTexts(lang tillit.Lang, err error) map[string]string {
	out := map[string]string{}
	for k, m := range tillit.ErrorFields(err) {
		out[k] = m.In(translator(lang))
	}
	return out
}
