package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Inquiries in the supplier portal: the company's requests on the portal's
// home page, and the page where its staff answer one, save drafts and
// submit. Every address names the request by its random public id and
// every read passes the reader's scope, so another company's request is
// "not found", exactly like one that does not exist.

// portalInquiryRow is one request on the portal's home page.
type portalInquiryRow struct {
	sqldb.InquiryRequestRow
	Overdue bool
}

// portalInquiries lists the company's inquiries for the portal's home
// page and adds the open ones to its deadlines.
func (u *UI) portalInquiries(r *http.Request, p *portalPage) error {
	rows, err := u.DB.FindInquiryRequests(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), false)
	if err != nil {
		return err
	}
	today := tillit.DateOf(u.changeTime())
	for _, rq := range rows {
		open := rq.Status == tillit.InquiryRequestSent && rq.InquiryStatus == tillit.InquirySent
		row := portalInquiryRow{InquiryRequestRow: rq, Overdue: open && today.After(rq.DueOn)}
		p.Inquiries = append(p.Inquiries, row)
		if open {
			p.Deadlines = append(p.Deadlines, deadlineRow{Due: rq.DueOn, Overdue: row.Overdue, Href: "/portal/inquiries/" + rq.PublicID,
				Text: T(p.Lang, "Answer the inquiry") + " " + rq.Title})
		}
	}
	return nil
}

// InquiryStatusText says where a request is, for the portal's list.
func (p portalPage) InquiryStatusText(r portalInquiryRow) string {
	switch {
	case r.Status == tillit.InquiryRequestAnswered:
		return T(p.Lang, "Answered")
	case r.InquiryStatus == tillit.InquiryClosed:
		return T(p.Lang, "Closed without an answer")
	}
	return T(p.Lang, "Waiting for your answer")
}

// portalInquiryQuestion is one question of the answer form.
type portalInquiryQuestion struct {
	N         int
	Field     string
	Text      string
	Kind      tillit.InquiryQuestionKind
	Mandatory bool
	Value     string // as stored, or as sent when the form came back
	Shown     string // the answer for reading
	Files     []inquiryFileLink
	Err       string
}

type portalInquiryPage struct {
	Page
	inquiryLabels
	R          *tillit.InquiryRequest
	Q          *tillit.Inquiry
	Intro      []string
	Questions  []portalInquiryQuestion
	Editable   bool
	Overdue    bool
	Problem    string
	MaxFileMiB string
	Store      bool
}

// readPortalInquiry reads the request named in the path within the
// supplier's scope and asks the policy with its company.
func (u *UI) readPortalInquiry(r *http.Request) (*tillit.InquiryRequest, *tillit.Inquiry, error) {
	actor := web.Actor(r.Context())
	rq, q, err := u.DB.FindInquiryRequest(r.Context(), tillit.ScopeOf(actor), r.PathValue("pid"))
	if err != nil {
		return nil, nil, err
	}
	if !tillit.Can(actor, tillit.ActAnswerInquiry, tillit.Resource{SupplierID: rq.SupplierID}) {
		return nil, nil, tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff can answer its inquiries.")
	}
	return rq, q, nil
}

// PortalInquiry serves GET /portal/inquiries/{pid}.
func (u *UI) PortalInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq, q, err := u.readPortalInquiry(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderPortalInquiry(w, r, http.StatusOK, rq, q, nil, nil)
	})
}

func (u *UI) renderPortalInquiry(w http.ResponseWriter, r *http.Request, status int, rq *tillit.InquiryRequest, q *tillit.Inquiry, posted url.Values, fail error) {
	p := portalInquiryPage{Page: u.page(r, "Inquiry"), R: rq, Q: q, Intro: paragraphs(q.Intro), Editable: rq.Answerable(q) == nil, Store: u.Files != nil}
	p.Title = q.Title
	p.inquiryLabels = inquiryLabels{p.Lang}
	p.Overdue = p.Editable && tillit.DateOf(u.changeTime()).After(q.DueOn)
	if u.Files != nil {
		p.MaxFileMiB = strconv.FormatInt(max(u.Files.MaxBytes>>20, 1), 10)
	}
	var fields map[string]string
	if fail != nil {
		p.Problem, fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	base := "/portal/inquiries/" + rq.PublicID + "/files/"
	for i, qu := range q.Questions {
		a := rq.Answer(i)
		v := portalInquiryQuestion{N: i + 1, Field: tillit.InquiryQuestionField(i), Text: qu.Text, Kind: qu.Kind, Mandatory: qu.Mandatory,
			Value: a.Value, Shown: p.AnswerText(qu.Kind, a)}
		v.Err = fields[v.Field]
		if posted != nil && qu.Kind != tillit.InquiryFile {
			v.Value = posted.Get(v.Field)
		}
		for _, f := range a.Files {
			v.Files = append(v.Files, inquiryFileLink{ID: f.ID, Name: f.Name, Href: base + strconv.FormatInt(f.ID, 10)})
		}
		p.Questions = append(p.Questions, v)
	}
	u.render(w, r, status, "inquiries/portal", p)
}

// AnswerPortalInquiry serves POST /portal/inquiries/{pid}: the answers are
// saved as a draft, files uploaded are stored and added, and with
// action=submit the answers are then submitted and locked. A problem
// shows the form again with what was typed.
func (u *UI) AnswerPortalInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		rq, q, err := u.readPortalInquiry(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := rq.Answerable(q); err != nil {
			u.Error(w, r, err)
			return
		}
		if err := parseUpload(r); err != nil {
			u.renderPortalInquiry(w, r, http.StatusBadRequest, rq, q, r.PostForm, err)
			return
		}
		in := make([]tillit.InquiryAnswerInput, len(q.Questions))
		var uploads []sqldb.InquiryUpload
		for i, qu := range q.Questions {
			field := tillit.InquiryQuestionField(i)
			if qu.Kind != tillit.InquiryFile {
				in[i].Value = r.PostFormValue(field)
				continue
			}
			for _, s := range r.PostForm[field+"-keep"] {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					in[i].Files = append(in[i].Files, tillit.InquiryFileRef{ID: id})
				}
			}
			atts, err := u.storeUploads(ctx, r, field+"-file")
			if err != nil {
				if tillit.ErrorCode(err) == tillit.EINVALID {
					u.renderPortalInquiry(w, r, http.StatusBadRequest, rq, q, r.PostForm, oneFieldError(field, tillit.ErrorMessage(err)))
				} else {
					u.Error(w, r, err)
				}
				return
			}
			for _, a := range atts {
				uploads = append(uploads, sqldb.InquiryUpload{Position: i, InquiryFileRef: tillit.InquiryFileRef{Hash: a.Hash, Name: a.Name, Size: a.Size, ContentType: a.ContentType}})
			}
		}
		submit := r.PostFormValue("action") == "submit"
		_, err = u.DB.AnswerInquiry(ctx, actor, tillit.ScopeOf(actor), rq.PublicID, in, uploads, submit)
		switch code := tillit.ErrorCode(err); code {
		case "":
			if submit {
				u.redirect(w, r, "/portal/inquiries/"+rq.PublicID, "Your answers are submitted. Thank you.")
			} else {
				u.redirect(w, r, "/portal/inquiries/"+rq.PublicID, "Your answers are saved as a draft. Submit them when you are done.")
			}
		case tillit.EINVALID, tillit.ECONFLICT:
			if now, nq, ferr := u.DB.FindInquiryRequest(ctx, tillit.ScopeOf(actor), rq.PublicID); ferr == nil {
				rq, q = now, nq
			}
			u.renderPortalInquiry(w, r, web.StatusOf(code), rq, q, r.PostForm, err)
		default:
			u.Error(w, r, err)
		}
	})
}

// PortalInquiryFile serves GET /portal/inquiries/{pid}/files/{file}: a
// file the company gave as an answer.
func (u *UI) PortalInquiryFile() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq, _, err := u.readPortalInquiry(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f, err := u.DB.FindInquiryFile(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), 0, rq.PublicID, pathNum(r, "file"))
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.serveInquiryFile(w, r, f)
	})
}
