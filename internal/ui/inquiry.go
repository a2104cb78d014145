package ui

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Inquiries (issue 9), the office's side: the list, the form a draft is
// written and changed with, the draft's page showing who its selection
// reaches today (where the recipients are chosen and it is sent), and
// once sent the summary of who answered what, the workbook of the
// answers and closing. The supplier's side is in inquiry_portal.go.

// inquiryLabels names the inquiry vocabulary in the reader's language.
type inquiryLabels struct{ lang tillit.Lang }

func (l inquiryLabels) StatusLabel(s tillit.InquiryStatus) string {
	switch s {
	case tillit.InquiryDraft:
		return T(l.lang, "Draft")
	case tillit.InquirySent:
		return T(l.lang, "Sent")
	case tillit.InquiryClosed:
		return T(l.lang, "Closed")
	}
	return string(s)
}

func (l inquiryLabels) KindLabel(k tillit.InquiryQuestionKind) string {
	switch k {
	case tillit.InquiryText:
		return T(l.lang, "Free text")
	case tillit.InquiryYesNo:
		return T(l.lang, "Yes or no")
	case tillit.InquiryFile:
		return T(l.lang, "File")
	}
	return string(k)
}

func (l inquiryLabels) RequestLabel(s tillit.InquiryRequestStatus) string {
	if s == tillit.InquiryRequestAnswered {
		return T(l.lang, "Answered")
	}
	return T(l.lang, "Not answered")
}

// AnswerText writes an answer for reading: yes and no in the reader's
// language, the text as it is.
func (l inquiryLabels) AnswerText(k tillit.InquiryQuestionKind, a tillit.InquiryAnswer) string {
	switch {
	case k == tillit.InquiryYesNo && a.Value == "yes":
		return T(l.lang, "Yes")
	case k == tillit.InquiryYesNo && a.Value == "no":
		return T(l.lang, "No")
	}
	return a.Value
}

func mayManageInquiries(r *http.Request) bool {
	return tillit.Can(web.Actor(r.Context()), tillit.ActManageInquiries, tillit.Resource{})
}

func errMayNotManageInquiries() error {
	return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office and the regions' staff can send inquiries.")
}

type inquiryListPage struct {
	Page
	inquiryLabels
	Rows      []sqldb.InquiryRow
	CanManage bool
}

// Inquiries serves GET /inquiries: every inquiry, the latest first.
func (u *UI) Inquiries() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := inquiryListPage{Page: u.page(r, "Inquiries"), CanManage: mayManageInquiries(r)}
		p.inquiryLabels = inquiryLabels{p.Lang}
		rows, err := u.DB.FindInquiries(r.Context(), sqldb.InquiryFilter{})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Rows = rows
		u.render(w, r, http.StatusOK, "inquiries/list", p)
	})
}

// inquiryQuestionForm is one question's row of the form, as typed.
type inquiryQuestionForm struct {
	N         int    // counted from 1
	Field     string // "q1"
	Text      string
	Kind      string
	Mandatory bool
	Err       string
}

// inquiryForm is the form as typed, so nothing is lost when it comes back.
type inquiryForm struct {
	Title, Intro, DueOn string
	IncidentID          int64
	Country, Product    string
	CategoryID          int64
	Questions           []inquiryQuestionForm
}

type inquiryFormPage struct {
	Page
	inquiryLabels
	New        bool
	Action     string
	Back       string
	In         inquiryForm
	Incident   *tillit.Incident
	Exposed    []sqldb.InquiryRecipient // the incident's exposed suppliers
	Kinds      []tillit.InquiryQuestionKind
	Categories []incidentCategoryChoice
	Problem    string
	Fields     map[string]string
}

// inquiryFormRows is how many question rows the form offers.
const inquiryFormRows = 5

// inquiryFormOf fills the form from a stored inquiry.
func inquiryFormOf(q *tillit.Inquiry) inquiryForm {
	f := inquiryForm{Title: q.Title, Intro: q.Intro, IncidentID: q.Selection.IncidentID, Country: q.Selection.Country,
		Product: q.Selection.Product, CategoryID: q.Selection.CategoryID}
	if !q.DueOn.IsZero() {
		f.DueOn = q.DueOn.Format(time.DateOnly)
	}
	for _, qu := range q.Questions {
		f.Questions = append(f.Questions, inquiryQuestionForm{Text: qu.Text, Kind: string(qu.Kind), Mandatory: qu.Mandatory})
	}
	return f
}

func (u *UI) renderInquiryForm(w http.ResponseWriter, r *http.Request, status int, id int64, in inquiryForm, fail error) {
	p := inquiryFormPage{New: id == 0, In: in, Kinds: tillit.InquiryQuestionKinds, Fields: map[string]string{}}
	if p.New {
		p.Page = u.page(r, "New inquiry")
		p.Action, p.Back = "/inquiries", "/inquiries"
		if in.IncidentID != 0 {
			p.Back = "/incidents/" + strconv.FormatInt(in.IncidentID, 10)
		}
	} else {
		p.Page = u.page(r, "Edit the inquiry")
		p.Action, p.Back = "/inquiries/"+strconv.FormatInt(id, 10)+"/edit", "/inquiries/"+strconv.FormatInt(id, 10)
	}
	p.inquiryLabels = inquiryLabels{p.Lang}
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	// A few empty rows beyond those written, up to the most allowed.
	rows := min(max(inquiryFormRows, len(in.Questions)+1), tillit.MaxInquiryQuestions)
	p.In.Questions = append([]inquiryQuestionForm(nil), in.Questions...)
	for len(p.In.Questions) < rows {
		p.In.Questions = append(p.In.Questions, inquiryQuestionForm{Kind: string(tillit.InquiryText)})
	}
	for i := range p.In.Questions {
		q := &p.In.Questions[i]
		q.N, q.Field = i+1, tillit.InquiryQuestionField(i)
		q.Err = p.Fields[q.Field]
	}
	ctx := r.Context()
	if in.IncidentID != 0 {
		inc, err := u.DB.FindIncident(ctx, in.IncidentID)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Incident = inc
		if p.Exposed, err = u.DB.InquiryRecipients(ctx, tillit.InquirySelection{IncidentID: in.IncidentID}); err != nil {
			u.Error(w, r, err)
			return
		}
	}
	cats, err := u.DB.FindCategories(ctx)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	for _, c := range cats {
		p.Categories = append(p.Categories, incidentCategoryChoice{ID: c.ID, Name: c.Name(string(p.Lang)), Selected: c.ID == in.CategoryID})
	}
	u.render(w, r, status, "inquiries/edit", p)
}

// parseInquiryForm reads the form; rows whose question is empty are
// left out, so unused rows cost nothing.
func parseInquiryForm(r *http.Request) (inquiryForm, *tillit.Inquiry, error) {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	f := inquiryForm{Title: v("title"), Intro: strings.TrimSpace(r.PostFormValue("intro")), DueOn: v("due_on"),
		Country: strings.ToUpper(v("country")), Product: v("product")}
	p := tillit.Problems{}
	f.IncidentID = optionalFormID(v("incident_id"), p, "selection")
	f.CategoryID = optionalFormID(v("category_id"), p, "category_id")
	q := &tillit.Inquiry{Title: f.Title, Intro: f.Intro, Status: tillit.InquiryDraft,
		Selection: tillit.InquirySelection{IncidentID: f.IncidentID, Country: f.Country, CategoryID: f.CategoryID, Product: f.Product}}
	q.DueOn = optionalFormDate(f.DueOn, p, "due_on")
	for i := 0; i < tillit.MaxInquiryQuestions; i++ {
		field := tillit.InquiryQuestionField(i)
		text := strings.TrimSpace(r.PostFormValue(field))
		if text == "" {
			continue
		}
		qf := inquiryQuestionForm{Text: text, Kind: r.PostFormValue(field + "-kind"), Mandatory: r.PostFormValue(field+"-mandatory") != ""}
		f.Questions = append(f.Questions, qf)
		q.Questions = append(q.Questions, tillit.InquiryQuestion{Text: qf.Text, Kind: tillit.InquiryQuestionKind(qf.Kind), Mandatory: qf.Mandatory})
	}
	p.Merge(q.Validate())
	return f, q, formProblems(p)
}

// saveInquiry stores the posted form: create when id is 0, else update.
func (u *UI) saveInquiry(w http.ResponseWriter, r *http.Request, id int64) {
	ctx := r.Context()
	if !mayManageInquiries(r) {
		u.Error(w, r, errMayNotManageInquiries())
		return
	}
	f, q, err := parseInquiryForm(r)
	if err == nil {
		q.ID = id
		if id == 0 {
			err = u.DB.CreateInquiry(ctx, web.Actor(ctx), q)
		} else {
			err = u.DB.UpdateInquiry(ctx, web.Actor(ctx), q)
		}
	}
	switch code := tillit.ErrorCode(err); code {
	case "":
		u.redirect(w, r, "/inquiries/"+strconv.FormatInt(q.ID, 10), "The draft is saved. Check the recipients and send it.")
	case tillit.EINVALID, tillit.ECONFLICT:
		u.renderInquiryForm(w, r, web.StatusOf(code), id, f, err)
	default:
		u.Error(w, r, err)
	}
}

// NewInquiry serves GET /inquiries/new (?incident=ID to ask the suppliers
// the incident reaches).
func (u *UI) NewInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageInquiries(r) {
			u.Error(w, r, errMayNotManageInquiries())
			return
		}
		f := inquiryForm{DueOn: tillit.DateOf(u.changeTime()).AddDate(0, 0, 30).Format(time.DateOnly)}
		if s := r.URL.Query().Get("incident"); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no incident %s.", s))
				return
			}
			f.IncidentID = id
			in, err := u.DB.FindIncident(r.Context(), id)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			f.Title = in.Title
		}
		u.renderInquiryForm(w, r, http.StatusOK, 0, f, nil)
	})
}

// CreateInquiry serves POST /inquiries: a new draft.
func (u *UI) CreateInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { u.saveInquiry(w, r, 0) })
}

func (u *UI) loadInquiry(r *http.Request) (*tillit.Inquiry, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return u.DB.FindInquiry(r.Context(), id)
}

// EditInquiry serves GET /inquiries/{id}/edit, for a draft.
func (u *UI) EditInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageInquiries(r) {
			u.Error(w, r, errMayNotManageInquiries())
			return
		}
		q, err := u.loadInquiry(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !q.Editable() {
			u.Error(w, r, tillit.Errorf(tillit.ECONFLICT, "The inquiry has been sent and can no longer be changed."))
			return
		}
		u.renderInquiryForm(w, r, http.StatusOK, q.ID, inquiryFormOf(q), nil)
	})
}

// UpdateInquiry serves POST /inquiries/{id}/edit.
func (u *UI) UpdateInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.saveInquiry(w, r, id)
	})
}

// inquiryRecipientView is one supplier of the draft's list.
type inquiryRecipientView struct {
	sqldb.InquiryRecipient
	Sites   string
	Checked bool
}

// inquiryQuestionSummary is one question with how it was answered.
type inquiryQuestionSummary struct {
	N         int
	Text      string
	Kind      tillit.InquiryQuestionKind
	Mandatory bool
	Answered  int
	Yes, No   int
}

// inquiryAnswerCell is one answer in the table: the text and the files.
type inquiryAnswerCell struct {
	Text  string
	Files []inquiryFileLink
}

type inquiryFileLink struct {
	ID         int64
	Name, Href string
}

// inquirySupplierRow is one supplier's line of the summary.
type inquirySupplierRow struct {
	R       *tillit.InquiryRequest
	Answers []inquiryAnswerCell
}

type inquiryShowPage struct {
	Page
	inquiryLabels
	Q          *tillit.Inquiry
	Intro      []string
	Incident   *tillit.Incident
	Category   string
	CanManage  bool
	Recipients []inquiryRecipientView // a draft's
	Questions  []inquiryQuestionSummary
	Rows       []inquirySupplierRow
	Silent     []*tillit.InquiryRequest // not answered
	Sent       int
	Answered   int
	Problem    string
	Fields     map[string]string
}

// ShowInquiry serves GET /inquiries/{id}: a draft with the suppliers its
// selection reaches today, or the summary of a sent one.
func (u *UI) ShowInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, err := u.loadInquiry(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderInquiry(w, r, http.StatusOK, q, nil, nil)
	})
}

func (u *UI) renderInquiry(w http.ResponseWriter, r *http.Request, status int, q *tillit.Inquiry, checked map[int64]bool, fail error) {
	ctx := r.Context()
	p := inquiryShowPage{Page: u.page(r, "Inquiry"), Q: q, CanManage: mayManageInquiries(r), Fields: map[string]string{}}
	p.Title = q.Title
	p.inquiryLabels = inquiryLabels{p.Lang}
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	p.Intro = paragraphs(q.Intro)
	var err error
	if q.Selection.IncidentID != 0 {
		if p.Incident, err = u.DB.FindIncident(ctx, q.Selection.IncidentID); err != nil {
			u.Error(w, r, err)
			return
		}
	}
	if q.Selection.CategoryID != 0 {
		cats, err := u.DB.FindCategories(ctx)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, c := range cats {
			if c.ID == q.Selection.CategoryID {
				p.Category = c.Name(string(p.Lang))
			}
		}
	}
	for i, qu := range q.Questions {
		p.Questions = append(p.Questions, inquiryQuestionSummary{N: i + 1, Text: qu.Text, Kind: qu.Kind, Mandatory: qu.Mandatory})
	}
	if q.Status == tillit.InquiryDraft {
		rs, err := u.DB.InquiryRecipients(ctx, q.Selection)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, rc := range rs {
			p.Recipients = append(p.Recipients, inquiryRecipientView{InquiryRecipient: rc, Sites: strings.Join(rc.Sites, "; "),
				Checked: checked == nil || checked[rc.SupplierID]})
		}
		u.render(w, r, status, "inquiries/show", p)
		return
	}
	reqs, err := u.DB.InquiryAnswers(ctx, q)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.Sent = len(reqs)
	base := "/inquiries/" + strconv.FormatInt(q.ID, 10) + "/files/"
	for _, rq := range reqs {
		row := inquirySupplierRow{R: rq}
		if rq.Status == tillit.InquiryRequestAnswered {
			p.Answered++
		} else {
			p.Silent = append(p.Silent, rq)
		}
		for i, qu := range q.Questions {
			a := rq.Answer(i)
			cell := inquiryAnswerCell{Text: p.AnswerText(qu.Kind, a)}
			for _, f := range a.Files {
				cell.Files = append(cell.Files, inquiryFileLink{ID: f.ID, Name: f.Name, Href: base + strconv.FormatInt(f.ID, 10)})
			}
			row.Answers = append(row.Answers, cell)
			// Only submitted answers count in the summary; drafts are
			// the supplier's until then.
			if rq.Status != tillit.InquiryRequestAnswered || !a.Answered() {
				continue
			}
			s := &p.Questions[i]
			s.Answered++
			switch a.Value {
			case "yes":
				s.Yes++
			case "no":
				s.No++
			}
		}
		if rq.Status != tillit.InquiryRequestAnswered {
			row.Answers = nil
		}
		p.Rows = append(p.Rows, row)
	}
	u.render(w, r, status, "inquiries/show", p)
}

// SendInquiry serves POST /inquiries/{id}/send: the draft goes to the
// suppliers checked, among those its selection reaches now.
func (u *UI) SendInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !mayManageInquiries(r) {
			u.Error(w, r, errMayNotManageInquiries())
			return
		}
		q, err := u.loadInquiry(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		checked := map[int64]bool{}
		var ids []int64
		for _, s := range r.PostForm["supplier"] {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				continue
			}
			if !checked[id] {
				checked[id] = true
				ids = append(ids, id)
			}
		}
		sent, err := u.DB.SendInquiry(ctx, web.Actor(ctx), q.ID, ids)
		switch code := tillit.ErrorCode(err); code {
		case "":
			if len(sent) == 1 {
				u.redirect(w, r, "/inquiries/"+strconv.FormatInt(q.ID, 10), "The inquiry is sent to the supplier. Its staff are told by e-mail.")
			} else {
				u.redirect(w, r, "/inquiries/"+strconv.FormatInt(q.ID, 10), "The inquiry is sent, one request to each supplier. Their staff are told by e-mail.")
			}
		case tillit.EINVALID, tillit.ECONFLICT:
			u.renderInquiry(w, r, web.StatusOf(code), q, checked, err)
		default:
			u.Error(w, r, err)
		}
	})
}

// CloseInquiry serves POST /inquiries/{id}/close.
func (u *UI) CloseInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !mayManageInquiries(r) {
			u.Error(w, r, errMayNotManageInquiries())
			return
		}
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if _, err := u.DB.CloseInquiry(ctx, web.Actor(ctx), id); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/inquiries/"+strconv.FormatInt(id, 10), "The inquiry is closed. Answers given are kept; no more reminders go out.")
	})
}

// ExportInquiry serves GET /inquiries/{id}/answers.xlsx: a sheet of the
// answers, a supplier a row, and a sheet summing up each question.
func (u *UI) ExportInquiry() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, err := u.loadInquiry(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		reqs, err := u.DB.InquiryAnswers(r.Context(), q)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		var buf bytes.Buffer
		if err := export.WriteXLSX(&buf, inquiryTables(lang, q, reqs)...); err != nil {
			u.Error(w, r, err)
			return
		}
		writeDownload(w, T(lang, "inquiry")+"-"+strconv.FormatInt(q.ID, 10)+"-"+formatDate(u.changeTime())+".xlsx", export.ContentTypeXLSX, buf.Bytes())
	})
}

// inquiryTables lays the answers out as spreadsheet tables.
func inquiryTables(lang tillit.Lang, q *tillit.Inquiry, reqs []*tillit.InquiryRequest) []export.Table {
	l := inquiryLabels{lang}
	col := func(h string, k export.Kind) export.Column { return export.Column{Header: h, Kind: k} }
	answers := export.Table{Title: T(lang, "Answers"), Columns: []export.Column{col(T(lang, "Supplier"), export.Text), col(T(lang, "Status"), export.Text),
		col(T(lang, "Answered on"), export.Date), col(T(lang, "Answered by"), export.Text)}}
	for i, qu := range q.Questions {
		answers.Columns = append(answers.Columns, col(strconv.Itoa(i+1)+". "+qu.Text, export.Text))
	}
	summary := export.Table{Title: T(lang, "Questions"), Columns: []export.Column{col(T(lang, "Question"), export.Text), col(T(lang, "Answered with"), export.Text),
		col(T(lang, "Mandatory"), export.Text), col(T(lang, "Answered"), export.Integer), col(T(lang, "Yes"), export.Integer), col(T(lang, "No"), export.Integer)}}
	counts := make([][3]int64, len(q.Questions))
	for _, rq := range reqs {
		row := []export.Cell{export.TextCell(rq.Supplier), export.TextCell(l.RequestLabel(rq.Status)), export.DateCell(rq.AnsweredAt), export.TextCell(rq.AnsweredBy)}
		for i, qu := range q.Questions {
			if rq.Status != tillit.InquiryRequestAnswered {
				row = append(row, export.TextCell(""))
				continue
			}
			a := rq.Answer(i)
			text := l.AnswerText(qu.Kind, a)
			var names []string
			for _, f := range a.Files {
				names = append(names, f.Name)
			}
			if len(names) > 0 {
				text = strings.Join(names, ", ")
			}
			row = append(row, export.TextCell(text))
			if a.Answered() {
				counts[i][0]++
			}
			switch a.Value {
			case "yes":
				counts[i][1]++
			case "no":
				counts[i][2]++
			}
		}
		answers.Rows = append(answers.Rows, row)
	}
	for i, qu := range q.Questions {
		mandatory := T(lang, "No")
		if qu.Mandatory {
			mandatory = T(lang, "Yes")
		}
		summary.Rows = append(summary.Rows, []export.Cell{export.TextCell(strconv.Itoa(i+1) + ". " + qu.Text), export.TextCell(l.KindLabel(qu.Kind)),
			export.TextCell(mandatory), export.IntCell(counts[i][0]), export.IntCell(counts[i][1]), export.IntCell(counts[i][2])})
	}
	return []export.Table{answers, summary}
}

// InquiryFile serves GET /inquiries/{id}/files/{file}: a file a supplier
// gave as an answer.
func (u *UI) InquiryFile() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f, err := u.DB.FindInquiryFile(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), id, "", pathNum(r, "file"))
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.serveInquiryFile(w, r, f)
	})
}

// serveInquiryFile sends the file as an attachment download, as
// DownloadAttachment does.
func (u *UI) serveInquiryFile(w http.ResponseWriter, r *http.Request, f *sqldb.InquiryFile) {
	if u.Files == nil {
		u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "The file was not found."))
		return
	}
	file, err := u.Files.Open(f.Hash)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	defer file.Close()
	ct := f.ContentType
	if strings.HasPrefix(ct, "text/") {
		ct += "; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", filestore.ContentDisposition(f.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, "", f.UploadedAt, file)
}
