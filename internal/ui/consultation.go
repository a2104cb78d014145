package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Consultations (remisser, issue 9): the list with what is due within two
// weeks first and the overdue marked, one consultation's page, the form
// the office records and answers one with (a multipart form, for the
// answer document), and the document's download. The regions read; the
// office manages.

type consultationLabels struct{ lang tillit.Lang }

func (l consultationLabels) SenderLabel(s tillit.ConsultationSender) string {
	switch s {
	case tillit.SenderEU:
		return T(l.lang, "EU body")
	case tillit.SenderMinistry:
		return T(l.lang, "Ministry")
	case tillit.SenderAuthority:
		return T(l.lang, "Authority")
	case tillit.SenderOtherBody:
		return T(l.lang, "Other body")
	}
	return string(s)
}

func (l consultationLabels) StatusLabel(s tillit.ConsultationStatus) string {
	switch s {
	case tillit.ConsultationReceived:
		return T(l.lang, "Received")
	case tillit.ConsultationDrafting:
		return T(l.lang, "Drafting")
	case tillit.ConsultationSent:
		return T(l.lang, "Answer sent")
	case tillit.ConsultationDeclined:
		return T(l.lang, "Declined")
	}
	return string(s)
}

func mayManageConsultations(r *http.Request) bool {
	return tillit.Can(web.Actor(r.Context()), tillit.ActManageConsultations, tillit.Resource{})
}

func errMayNotManageConsultations() error {
	return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office can record and answer consultations.")
}

// consultationRow is a consultation with how its due date stands today.
type consultationRow struct {
	tillit.Consultation
	Due     string // "Overdue by 3 days", "Due in 10 days", "Due today"
	Overdue bool
}

// consultationSection is one table of the list.
type consultationSection struct {
	ID      string
	Heading string
	Empty   string
	Open    bool // the rows are still to be answered: show how they stand
	Rows    []consultationRow
}

type consultationListPage struct {
	Page
	consultationLabels
	// Overdue or due within two weeks; due later; sent or declined, the
	// latest first.
	Sections  []consultationSection
	CanManage bool
}

// dueText says how a consultation's due date stands today.
func dueText(lang tillit.Lang, c *tillit.Consultation, today time.Time) string {
	if !c.Status.Open() {
		return ""
	}
	switch n := c.DaysLeft(today); {
	case n < -1:
		return fmt.Sprintf(T(lang, "Overdue by %d days"), -n)
	case n == -1:
		return T(lang, "Overdue by one day")
	case n == 0:
		return T(lang, "Due today")
	case n == 1:
		return T(lang, "Due tomorrow")
	default:
		return fmt.Sprintf(T(lang, "Due in %d days"), n)
	}
}

// Consultations serves GET /consultations.
func (u *UI) Consultations() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := consultationListPage{Page: u.page(r, "Consultations"), CanManage: mayManageConsultations(r)}
		p.consultationLabels = consultationLabels{p.Lang}
		open, err := u.DB.FindConsultations(ctx, sqldb.ConsultationFilter{Open: true})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		done, err := u.DB.FindConsultations(ctx, sqldb.ConsultationFilter{Closed: true, Limit: 100})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		days := tillit.ConsultationDueSoonDays
		soon := consultationSection{ID: "soon", Open: true, Heading: fmt.Sprintf(T(p.Lang, "Due within %d days"), days),
			Empty: fmt.Sprintf(T(p.Lang, "Nothing is due within %d days."), days)}
		later := consultationSection{ID: "later", Open: true, Heading: T(p.Lang, "Due later"), Empty: T(p.Lang, "Nothing else is waiting for an answer.")}
		closed := consultationSection{ID: "done", Heading: T(p.Lang, "Answered or declined"), Empty: T(p.Lang, "No consultation has been answered yet.")}
		today := tillit.DateOf(u.changeTime())
		for _, c := range open {
			row := consultationRow{Consultation: c, Due: dueText(p.Lang, &c, today), Overdue: c.Overdue(today)}
			if c.DueSoon(today) {
				soon.Rows = append(soon.Rows, row)
			} else {
				later.Rows = append(later.Rows, row)
			}
		}
		for _, c := range done {
			closed.Rows = append(closed.Rows, consultationRow{Consultation: c})
		}
		p.Sections = []consultationSection{soon, later, closed}
		u.render(w, r, http.StatusOK, "consultations/list", p)
	})
}

type consultationShowPage struct {
	Page
	consultationLabels
	C         *tillit.Consultation
	Due       string
	Overdue   bool
	CanManage bool
}

func (u *UI) loadConsultation(r *http.Request) (*tillit.Consultation, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return u.DB.FindConsultation(r.Context(), id)
}

// ShowConsultation serves GET /consultations/{id}.
func (u *UI) ShowConsultation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := u.loadConsultation(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		today := tillit.DateOf(u.changeTime())
		p := consultationShowPage{Page: u.page(r, "Consultation"), C: c, CanManage: mayManageConsultations(r), Overdue: c.Overdue(today)}
		p.Title = c.Subject
		p.consultationLabels = consultationLabels{p.Lang}
		p.Due = dueText(p.Lang, c, today)
		u.render(w, r, http.StatusOK, "consultations/show", p)
	})
}

// consultationForm is the form as typed.
type consultationForm struct {
	SenderKind, Sender, Subject, Reference string
	ReceivedOn, DueOn, SentOn              string
	DrafterID                              int64
	Status, Notes                          string
	Version                                int64
	Document                               tillit.ConsultationDocument // the one stored, when editing
	RemoveDocument                         bool
}

type consultationDrafterGroup struct {
	Organisation string
	People       []listChoice
}

type consultationFormPage struct {
	Page
	New      bool
	ID       int64
	Action   string
	Back     string
	In       consultationForm
	Senders  []incidentChoice
	Statuses []incidentChoice
	Drafters []consultationDrafterGroup
	Problem  string
	Fields   map[string]string
}

func consultationFormOf(c *tillit.Consultation) consultationForm {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return consultationForm{SenderKind: string(c.SenderKind), Sender: c.Sender, Subject: c.Subject, Reference: c.Reference,
		ReceivedOn: day(c.ReceivedOn), DueOn: day(c.DueOn), SentOn: day(c.SentOn), DrafterID: c.DrafterID, Status: string(c.Status),
		Notes: c.Notes, Version: c.Version, Document: c.Document}
}

func (u *UI) renderConsultationForm(w http.ResponseWriter, r *http.Request, status int, id int64, in consultationForm, fail error) {
	p := consultationFormPage{New: id == 0, ID: id, In: in, Fields: map[string]string{}}
	if p.New {
		p.Page = u.page(r, "Record a consultation")
		p.Action, p.Back = "/consultations", "/consultations"
	} else {
		p.Page = u.page(r, "Edit the consultation")
		p.Action, p.Back = "/consultations/"+strconv.FormatInt(id, 10)+"/edit", "/consultations/"+strconv.FormatInt(id, 10)
	}
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	l := consultationLabels{p.Lang}
	for _, s := range tillit.ConsultationSenders {
		p.Senders = append(p.Senders, incidentChoice{Value: string(s), Label: l.SenderLabel(s), Selected: string(s) == in.SenderKind})
	}
	for _, s := range tillit.ConsultationStatuses {
		p.Statuses = append(p.Statuses, incidentChoice{Value: string(s), Label: l.StatusLabel(s), Selected: string(s) == in.Status})
	}
	drafters, err := u.DB.ConsultationDrafters(r.Context())
	if err != nil {
		u.Error(w, r, err)
		return
	}
	for _, d := range drafters {
		if n := len(p.Drafters); n == 0 || p.Drafters[n-1].Organisation != d.Organisation {
			p.Drafters = append(p.Drafters, consultationDrafterGroup{Organisation: d.Organisation})
		}
		g := &p.Drafters[len(p.Drafters)-1]
		g.People = append(g.People, listChoice{ID: d.ID, Name: d.Name, Selected: d.ID == in.DrafterID})
	}
	u.render(w, r, status, "consultations/edit", p)
}

// NewConsultation serves GET /consultations/new.
func (u *UI) NewConsultation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageConsultations(r) {
			u.Error(w, r, errMayNotManageConsultations())
			return
		}
		today := u.changeTime().Format(time.DateOnly)
		u.renderConsultationForm(w, r, http.StatusOK, 0, consultationForm{SenderKind: string(tillit.SenderEU), Status: string(tillit.ConsultationReceived),
			ReceivedOn: today}, nil)
	})
}

// CreateConsultation serves POST /consultations.
func (u *UI) CreateConsultation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { u.saveConsultation(w, r, nil) })
}

// EditConsultation serves GET /consultations/{id}/edit.
func (u *UI) EditConsultation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageConsultations(r) {
			u.Error(w, r, errMayNotManageConsultations())
			return
		}
		c, err := u.loadConsultation(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderConsultationForm(w, r, http.StatusOK, c.ID, consultationFormOf(c), nil)
	})
}

// UpdateConsultation serves POST /consultations/{id}/edit.
func (u *UI) UpdateConsultation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageConsultations(r) {
			u.Error(w, r, errMayNotManageConsultations())
			return
		}
		c, err := u.loadConsultation(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.saveConsultation(w, r, c)
	})
}

// saveConsultation stores the posted form: a new consultation when stored
// is nil. The fields are checked before the document is stored, so a
// form with problems leaves no file behind.
func (u *UI) saveConsultation(w http.ResponseWriter, r *http.Request, stored *tillit.Consultation) {
	ctx := r.Context()
	if !mayManageConsultations(r) {
		u.Error(w, r, errMayNotManageConsultations())
		return
	}
	if err := parseUpload(r); err != nil {
		u.Error(w, r, err)
		return
	}
	var id int64
	if stored != nil {
		id = stored.ID
	}
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	f := consultationForm{SenderKind: v("sender_kind"), Sender: v("sender"), Subject: v("subject"), Reference: v("reference"),
		ReceivedOn: v("received_on"), DueOn: v("due_on"), SentOn: v("sent_on"), Status: v("status"), Notes: v("notes"),
		RemoveDocument: r.PostFormValue("remove_document") != ""}
	f.Version, _ = strconv.ParseInt(v("version"), 10, 64)
	p := tillit.Problems{}
	f.DrafterID = optionalFormID(v("drafter_id"), p, "drafter_id")
	c := &tillit.Consultation{ID: id, SenderKind: tillit.ConsultationSender(f.SenderKind), Sender: f.Sender, Subject: f.Subject,
		Reference: f.Reference, DrafterID: f.DrafterID, Status: tillit.ConsultationStatus(f.Status), Notes: f.Notes, Version: f.Version}
	c.ReceivedOn = optionalFormDate(f.ReceivedOn, p, "received_on")
	c.DueOn = optionalFormDate(f.DueOn, p, "due_on")
	c.SentOn = optionalFormDate(f.SentOn, p, "sent_on")
	if stored != nil {
		f.Document = stored.Document
		if !f.RemoveDocument {
			c.Document = stored.Document
		}
	}
	if err := c.Validate(); err != nil {
		for k, m := range tillit.ErrorFields(err) {
			p.Add(k, m.Format, m.Args...)
		}
	}
	again := func(err error) {
		code := tillit.ErrorCode(err)
		if code != tillit.EINVALID && code != tillit.ECONFLICT {
			u.Error(w, r, err)
			return
		}
		u.renderConsultationForm(w, r, web.StatusOf(code), id, f, err)
	}
	if len(p) > 0 {
		if r.MultipartForm != nil && len(r.MultipartForm.File["document"]) > 0 && r.MultipartForm.File["document"][0].Filename != "" {
			p.Add("document", "Choose the answer document again after fixing the other fields.")
		}
		again(formProblems(p))
		return
	}
	doc, err := u.storeConsultationDocument(r)
	if err != nil {
		again(err)
		return
	}
	if doc != nil {
		c.Document = *doc
	}
	if stored == nil {
		err = u.DB.CreateConsultation(ctx, web.Actor(ctx), c)
	} else {
		err = u.DB.UpdateConsultation(ctx, web.Actor(ctx), c)
	}
	if err != nil {
		again(err)
		return
	}
	if stored == nil {
		u.redirect(w, r, "/consultations/"+strconv.FormatInt(c.ID, 10), "The consultation is recorded.")
		return
	}
	u.redirect(w, r, "/consultations/"+strconv.FormatInt(c.ID, 10), "The changes are saved.")
}

// storeConsultationDocument stores the form's answer document, nil when
// none was chosen. Only PDF, Word (DOCX) and OpenDocument text are taken,
// judged from the content; the file store's size limit applies.
func (u *UI) storeConsultationDocument(r *http.Request) (*tillit.ConsultationDocument, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	fh := r.MultipartForm.File["document"]
	if len(fh) == 0 || fh[0].Filename == "" && fh[0].Size == 0 {
		return nil, nil
	}
	if len(fh) > 1 {
		return nil, oneFieldError("document", tillit.Msg("Choose one answer document."))
	}
	if u.Files == nil {
		return nil, oneFieldError("document", tillit.Msg("Files cannot be attached here: no file store is configured."))
	}
	src, err := fh[0].Open()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	ct, err := filestore.Sniff(src, fh[0].Size, fh[0].Filename)
	if err == nil && !consultationDocumentType(ct) {
		err = tillit.Errorf(tillit.EINVALID, "The answer must be a PDF, Word (DOCX) or OpenDocument text (ODT) file.")
	}
	if tillit.ErrorCode(err) == tillit.EINVALID {
		return nil, oneFieldError("document", tillit.ErrorMessage(err))
	}
	if err != nil {
		return nil, err
	}
	if _, err := src.Seek(0, 0); err != nil {
		return nil, err
	}
	f, err := u.Files.Put(r.Context(), fh[0].Filename, src)
	if tillit.ErrorCode(err) == tillit.EINVALID {
		return nil, oneFieldError("document", tillit.ErrorMessage(err))
	}
	if err != nil {
		return nil, err
	}
	return &tillit.ConsultationDocument{Hash: f.Hash, Name: f.Name, Size: f.Size, ContentType: f.ContentType}, nil
}

func consultationDocumentType(ct string) bool {
	for _, t := range tillit.ConsultationDocumentTypes {
		if t == ct {
			return true
		}
	}
	return false
}

// ConsultationDocument serves GET /consultations/{id}/document: the
// answer, always as a download with the type decided from its content.
func (u *UI) ConsultationDocument() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := u.loadConsultation(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if c.Document.Hash == "" || u.Files == nil {
			u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "The consultation has no answer document."))
			return
		}
		file, err := u.Files.Open(c.Document.Hash)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		defer file.Close()
		h := w.Header()
		h.Set("Content-Type", c.Document.ContentType)
		h.Set("Content-Disposition", filestore.ContentDisposition(c.Document.Name))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "private, no-store")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		http.ServeContent(w, r, "", c.UpdatedAt, file)
	})
}
