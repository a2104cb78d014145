package ui

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The training register (issue 9): a year's trainings with a summary of
// the participants per organisation and role, one training's page, the
// form the national office records a training with, and the year as a
// download. The form works without JavaScript: it always offers a few
// empty count rows, and saving gives more.

// trainingEmptyRows is how many empty count rows the form offers.
const trainingEmptyRows = 5

// trainingKindLabel names a kind of training.
func trainingKindLabel(lang tillit.Lang, k tillit.TrainingKind) string {
	switch k {
	case tillit.TrainingCourse:
		return T(lang, "Course")
	case tillit.TrainingWebinar:
		return T(lang, "Webinar")
	case tillit.TrainingELearning:
		return T(lang, "E-learning licences")
	}
	return string(k)
}

// participantRoleLabel names a participant role.
func participantRoleLabel(lang tillit.Lang, r tillit.ParticipantRole) string {
	switch r {
	case tillit.ParticipantProcurementOfficer:
		return T(lang, "Procurement officer")
	case tillit.ParticipantCategorySpecialist:
		return T(lang, "Category or product specialist")
	case tillit.ParticipantSustainabilityStrategist:
		return T(lang, "Sustainability strategist")
	case tillit.ParticipantContractManager:
		return T(lang, "Contract manager")
	case tillit.ParticipantOther:
		return T(lang, "Other role")
	}
	return string(r)
}

// trainingDates shows the date, or the first and last day.
func trainingDates(t *tillit.Training) string {
	if t.EndDate.IsZero() || t.EndDate.Equal(t.Date) {
		return formatDate(t.Date)
	}
	return formatDate(t.Date) + " – " + formatDate(t.EndDate)
}

// trainingYear reads ?year=, the current year when it is left out.
func (u *UI) trainingYear(r *http.Request) (int, error) {
	s := r.URL.Query().Get("year")
	if s == "" {
		return u.changeTime().Year(), nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || y < 2000 || y > 2100 {
		return 0, tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022.")
	}
	return y, nil
}

func mayManageTraining(r *http.Request) bool {
	return tillit.Can(web.Actor(r.Context()), tillit.ActManageTraining, tillit.Resource{})
}

func errMayNotManageTraining() error {
	return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office can record trainings.")
}

type trainingRow struct {
	ID                    int64
	Title, Kind, Dates    string
	Organiser             string
	Counted, Named, Total int
}

type trainingSummaryRow struct {
	Name   string
	Cells  []int
	Total  int
	Region bool
}

type trainingListPage struct {
	Page
	Year       int
	Years      []int
	Trainings  []trainingRow
	Roles      []string
	Summary    []trainingSummaryRow
	RoleTotals []int
	Counted    int
	Named      int
	Total      int
	CanManage  bool
}

// Trainings serves GET /training?year=: the year's trainings, newest
// first, and the participants per organisation and role.
func (u *UI) Trainings() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		year, err := u.trainingYear(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		list, err := u.DB.FindTrainings(ctx, year)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		sum, err := u.DB.TrainingSummary(ctx, year)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		years, err := u.DB.TrainingYears(ctx)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := trainingListPage{Page: u.page(r, "Training"), Year: year, CanManage: mayManageTraining(r),
			RoleTotals: sum.RoleTotals, Counted: sum.Counted, Named: sum.Named, Total: sum.Total}
		p.Title = T(p.Lang, "Training") + " " + strconv.Itoa(year)
		p.Years = trainingYearLinks(years, year, u.changeTime().Year())
		for i := range list {
			t := &list[i]
			p.Trainings = append(p.Trainings, trainingRow{ID: t.ID, Title: t.Title, Kind: trainingKindLabel(p.Lang, t.Kind),
				Dates: trainingDates(t), Organiser: t.Organiser, Counted: t.Total() - len(t.People), Named: len(t.People), Total: t.Total()})
		}
		for _, role := range tillit.ParticipantRoles {
			p.Roles = append(p.Roles, participantRoleLabel(p.Lang, role))
		}
		for _, o := range sum.Orgs {
			p.Summary = append(p.Summary, trainingSummaryRow{Name: o.OrgName, Cells: o.ByRole, Total: o.Total, Region: o.OrgKind == tillit.OrgRegion})
		}
		u.render(w, r, http.StatusOK, "training/list", p)
	})
}

// trainingYearLinks lists the years to link to, newest first: those with
// trainings, the current year (where new ones usually go) and the one
// shown.
func trainingYearLinks(withTrainings []int, shown, current int) []int {
	set := map[int]bool{shown: true, current: true}
	for _, y := range withTrainings {
		set[y] = true
	}
	out := make([]int, 0, len(set))
	for y := range set {
		out = append(out, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out
}

type trainingCountView struct {
	Org, Role string
	Count     int
}

type trainingShowPage struct {
	Page
	T         *tillit.Training
	Kind      string
	Dates     string
	Year      int
	Counts    []trainingCountView
	CanManage bool
}

// loadTraining reads the training of the path's {id}.
func (u *UI) loadTraining(r *http.Request) (*tillit.Training, error) {
	id := pathNum(r, "id")
	if id == 0 {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page.")
	}
	return u.DB.FindTraining(r.Context(), id)
}

// ShowTraining serves GET /training/{id}.
func (u *UI) ShowTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := u.loadTraining(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := trainingShowPage{Page: u.page(r, "Training"), T: t, Dates: trainingDates(t), Year: t.Year(), CanManage: mayManageTraining(r)}
		p.Title = t.Title
		p.Kind = trainingKindLabel(p.Lang, t.Kind)
		for _, c := range t.Counts {
			p.Counts = append(p.Counts, trainingCountView{Org: c.OrgName, Role: participantRoleLabel(p.Lang, c.Role), Count: c.Count})
		}
		u.render(w, r, http.StatusOK, "training/show", p)
	})
}

// trainingInput is the form as typed, so nothing is lost when it comes
// back with problems.
type trainingInput struct {
	Kind, Title, Date, EndDate string
	Organiser, Audience, Desc  string
	Counts                     []trainingCountInput
	People                     string // one person a line: Name; Organisation; e-mail
	Consent                    bool
	ConsentOn                  string
}

type trainingCountInput struct {
	OrgID       int64
	OrgTyped    string
	Role, Count string
}

// trainingLineProblem is a problem with one line of the named people.
type trainingLineProblem struct {
	Line int
	Msg  tillit.Message
}

type trainingChoice struct {
	Value, Label string
	Selected     bool
}

type trainingCountRow struct {
	trainingCountInput
	Index, Number             int
	Regions, Others           []listChoice
	Roles                     []trainingChoice
	OrgErr, RoleErr, CountErr string
}

type trainingFormPage struct {
	Page
	New        bool
	ID         int64
	Action     string
	Back       string
	In         trainingInput
	Kinds      []trainingChoice
	Rows       []trainingCountRow
	Problem    string
	Fields     map[string]string
	LineErrors []string
}

// parseTrainingForm reads the form into a training. Count rows left
// empty are dropped; the form always offers some.
func parseTrainingForm(r *http.Request) (trainingInput, *tillit.Training, tillit.Problems, []trainingLineProblem) {
	p := tillit.Problems{}
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	in := trainingInput{Kind: v("kind"), Title: v("title"), Date: v("date"), EndDate: v("end_date"),
		Organiser: v("organiser"), Audience: v("audience"), Desc: strings.TrimSpace(r.PostFormValue("description")),
		People: strings.TrimSpace(r.PostFormValue("people")), Consent: r.PostFormValue("consent") != "", ConsentOn: v("consent_on")}
	t := &tillit.Training{Kind: tillit.TrainingKind(in.Kind), Title: in.Title, Organiser: in.Organiser,
		Audience: in.Audience, Description: in.Desc}
	t.Date = optionalFormDate(in.Date, p, "date")
	t.EndDate = optionalFormDate(in.EndDate, p, "end_date")

	at := func(vs []string, i int) string {
		if i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	orgs, roles, counts := r.PostForm["count_org"], r.PostForm["count_role"], r.PostForm["count_n"]
	for i := 0; i < max(len(orgs), len(roles), len(counts)) && len(in.Counts) <= tillit.MaxTrainingCountRows; i++ {
		c := trainingCountInput{OrgTyped: at(orgs, i), Role: at(roles, i), Count: at(counts, i)}
		if c.OrgTyped == "" && c.Count == "" {
			continue // an empty row, whatever role its select shows
		}
		idx := len(in.Counts)
		prefix := "counts[" + strconv.Itoa(idx) + "]."
		if id, err := strconv.ParseInt(c.OrgTyped, 10, 64); err == nil {
			c.OrgID = id
		}
		in.Counts = append(in.Counts, c)
		row := tillit.ParticipantCount{OrgID: c.OrgID, Role: tillit.ParticipantRole(c.Role)}
		n, err := strconv.Atoi(strings.NewReplacer(" ", "", "\u00a0", "").Replace(c.Count))
		if err != nil {
			p.Add(prefix+"count", "Enter a number of participants between 1 and 100 000.")
		}
		row.Count = n
		t.Counts = append(t.Counts, row)
	}

	consentOn := optionalFormDate(in.ConsentOn, p, "consent_on")
	var lines []trainingLineProblem
	var lineOf []int
	for i, line := range strings.Split(in.People, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, ";")
		if len(parts) > 3 {
			lines = append(lines, trainingLineProblem{i + 1, tillit.Msg("Write at most three parts separated by semicolons: name; organisation; e-mail.")})
		}
		part := func(k int) string {
			if k < len(parts) {
				return strings.TrimSpace(parts[k])
			}
			return ""
		}
		t.People = append(t.People, tillit.NamedParticipant{Name: part(0), Organisation: part(1), Email: part(2),
			Consent: in.Consent, ConsentOn: consentOn})
		lineOf = append(lineOf, i+1)
	}

	// The domain's own checks add what the typing did not catch; those
	// about named people are said per line, and consent once.
	if err := t.Validate(); err != nil {
		for k, m := range tillit.ErrorFields(err) {
			var i int
			var field string
			if _, scanErr := fmt.Sscanf(k, "people[%d].", &i); scanErr == nil && i >= 0 && i < len(lineOf) {
				field = k[strings.IndexByte(k, '.')+1:]
			}
			switch {
			case field == "consent":
				p.Add("consent", "Tick the box to confirm that the named people agreed to be recorded, or count them instead.")
			case field == "consent_on":
				if in.ConsentOn == "" {
					p.Add("consent_on", "Enter the date the named people agreed to be recorded.")
				} else {
					p.Add("consent_on", m.Format, m.Args...)
				}
			case field != "":
				lines = append(lines, trainingLineProblem{lineOf[i], m})
			default:
				if _, ok := p[k]; !ok {
					p[k] = m
				}
			}
		}
	}
	if len(lines) > 0 {
		sort.SliceStable(lines, func(a, b int) bool { return lines[a].Line < lines[b].Line })
		p.Add("people", "Fix the lines listed below. Write one person a line: name; organisation; e-mail.")
	}
	return in, t, p, lines
}

// maxLineErrors bounds the line problems a page lists.
const maxLineErrors = 50

// renderTrainingForm shows the form with what was typed and the problems
// of fail and lines.
func (u *UI) renderTrainingForm(w http.ResponseWriter, r *http.Request, status int, id int64, in trainingInput, fail error, lines []trainingLineProblem) {
	p := trainingFormPage{New: id == 0, ID: id, In: in, Fields: map[string]string{}}
	if p.New {
		p.Page = u.page(r, "Record a training")
		p.Action, p.Back = "/training", "/training"
	} else {
		p.Page = u.page(r, "Edit the training")
		p.Action, p.Back = "/training/"+strconv.FormatInt(id, 10)+"/edit", "/training/"+strconv.FormatInt(id, 10)
	}
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	for i, l := range lines {
		if i == maxLineErrors {
			p.LineErrors = append(p.LineErrors, fmt.Sprintf(T(p.Lang, "And %d more lines to fix."), len(lines)-i))
			break
		}
		p.LineErrors = append(p.LineErrors, fmt.Sprintf(T(p.Lang, "Line %d: %s"), l.Line, l.Msg.In(translator(p.Lang))))
	}
	for _, k := range tillit.TrainingKinds {
		p.Kinds = append(p.Kinds, trainingChoice{Value: string(k), Label: trainingKindLabel(p.Lang, k), Selected: string(k) == in.Kind})
	}
	orgs, err := u.DB.FindOrganisations(r.Context(), sqldb.OrganisationFilter{})
	if err != nil {
		u.Error(w, r, err)
		return
	}
	used := map[int64]bool{}
	for _, c := range in.Counts {
		used[c.OrgID] = true
	}
	rows := append(append([]trainingCountInput{}, in.Counts...), make([]trainingCountInput, trainingEmptyRows)...)
	for i, c := range rows {
		prefix := "counts[" + strconv.Itoa(i) + "]."
		row := trainingCountRow{trainingCountInput: c, Index: i, Number: i + 1,
			OrgErr: p.Fields[prefix+"org_id"], RoleErr: p.Fields[prefix+"role"], CountErr: p.Fields[prefix+"count"]}
		// Suppliers are left out of the choice, there are hundreds; one
		// a saved row names stays choosable.
		for _, o := range orgs {
			ch := listChoice{ID: o.ID, Name: o.Name, Selected: o.ID == c.OrgID}
			switch {
			case o.Kind == tillit.OrgRegion:
				row.Regions = append(row.Regions, ch)
			case o.Kind != tillit.OrgSupplier || used[o.ID]:
				row.Others = append(row.Others, ch)
			}
		}
		for _, role := range tillit.ParticipantRoles {
			row.Roles = append(row.Roles, trainingChoice{Value: string(role), Label: participantRoleLabel(p.Lang, role), Selected: string(role) == c.Role})
		}
		p.Rows = append(p.Rows, row)
	}
	u.render(w, r, status, "training/edit", p)
}

// saveTraining stores the posted form: create when id is 0, else update.
func (u *UI) saveTraining(w http.ResponseWriter, r *http.Request, id int64) {
	ctx := r.Context()
	if !mayManageTraining(r) {
		u.Error(w, r, errMayNotManageTraining())
		return
	}
	in, t, p, lines := parseTrainingForm(r)
	if len(p) > 0 {
		u.renderTrainingForm(w, r, http.StatusBadRequest, id, in, formProblems(p), lines)
		return
	}
	t.ID = id
	var err error
	if id == 0 {
		err = u.DB.CreateTraining(ctx, web.Actor(ctx), t)
	} else {
		err = u.DB.UpdateTraining(ctx, web.Actor(ctx), t)
	}
	switch tillit.ErrorCode(err) {
	case "":
	case tillit.EINVALID, tillit.ECONFLICT:
		u.renderTrainingForm(w, r, web.StatusOf(tillit.ErrorCode(err)), id, in, err, nil)
		return
	default:
		u.Error(w, r, err)
		return
	}
	if id == 0 {
		u.redirect(w, r, "/training/"+strconv.FormatInt(t.ID, 10), "The training is recorded.")
		return
	}
	u.redirect(w, r, "/training/"+strconv.FormatInt(t.ID, 10), "The changes are saved.")
}

// NewTraining serves GET /training/new.
func (u *UI) NewTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageTraining(r) {
			u.Error(w, r, errMayNotManageTraining())
			return
		}
		today := u.changeTime().Format(time.DateOnly)
		u.renderTrainingForm(w, r, http.StatusOK, 0, trainingInput{Kind: string(tillit.TrainingCourse), Date: today}, nil, nil)
	})
}

// CreateTraining serves POST /training.
func (u *UI) CreateTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { u.saveTraining(w, r, 0) })
}

// EditTraining serves GET /training/{id}/edit.
func (u *UI) EditTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageTraining(r) {
			u.Error(w, r, errMayNotManageTraining())
			return
		}
		t, err := u.loadTraining(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderTrainingForm(w, r, http.StatusOK, t.ID, trainingInputOf(t), nil, nil)
	})
}

// trainingInputOf fills the form from a stored training. The form takes
// one consent date for all the named people, so it shows the latest.
func trainingInputOf(t *tillit.Training) trainingInput {
	in := trainingInput{Kind: string(t.Kind), Title: t.Title, Date: t.Date.Format(time.DateOnly),
		Organiser: t.Organiser, Audience: t.Audience, Desc: t.Description}
	if !t.EndDate.IsZero() {
		in.EndDate = t.EndDate.Format(time.DateOnly)
	}
	for _, c := range t.Counts {
		in.Counts = append(in.Counts, trainingCountInput{OrgID: c.OrgID, OrgTyped: strconv.FormatInt(c.OrgID, 10),
			Role: string(c.Role), Count: strconv.Itoa(c.Count)})
	}
	var b strings.Builder
	var latest time.Time
	for _, n := range t.People {
		b.WriteString(n.Name + "; " + n.Organisation)
		if n.Email != "" {
			b.WriteString("; " + n.Email)
		}
		b.WriteByte('\n')
		if n.ConsentOn.After(latest) {
			latest = n.ConsentOn
		}
	}
	in.People = b.String()
	if len(t.People) > 0 {
		in.Consent, in.ConsentOn = true, latest.Format(time.DateOnly)
	}
	return in
}

// UpdateTraining serves POST /training/{id}/edit.
func (u *UI) UpdateTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := pathNum(r, "id")
		if id == 0 {
			u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page."))
			return
		}
		u.saveTraining(w, r, id)
	})
}

// ConfirmDeleteTraining serves GET /training/{id}/delete: the question
// before the training and its participants are removed.
func (u *UI) ConfirmDeleteTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageTraining(r) {
			u.Error(w, r, errMayNotManageTraining())
			return
		}
		t, err := u.loadTraining(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := trainingShowPage{Page: u.page(r, "Delete the training"), T: t, Dates: trainingDates(t), Year: t.Year(), CanManage: true}
		p.Kind = trainingKindLabel(p.Lang, t.Kind)
		u.render(w, r, http.StatusOK, "training/delete", p)
	})
}

// DeleteTraining serves POST /training/{id}/delete.
func (u *UI) DeleteTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !mayManageTraining(r) {
			u.Error(w, r, errMayNotManageTraining())
			return
		}
		t, err := u.loadTraining(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.DB.DeleteTraining(ctx, web.Actor(ctx), t.ID); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/training?year="+strconv.Itoa(t.Year()), "The training is deleted.")
	})
}

// ExportTrainings serves GET /training/export.csv and .xlsx?year=: one
// row per count row and per named person. E-mail addresses stay out: a
// download is copied around, and the count is what it is for.
func (u *UI) ExportTrainings(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, err := u.trainingYear(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		list, err := u.DB.FindTrainings(r.Context(), year)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		t := export.Table{Title: T(lang, "Training") + " " + strconv.Itoa(year), Columns: []export.Column{
			{Header: T(lang, "Date"), Kind: export.Date},
			{Header: T(lang, "End date"), Kind: export.Date},
			{Header: T(lang, "Kind"), Kind: export.Text},
			{Header: T(lang, "Title"), Kind: export.Text},
			{Header: T(lang, "Organiser"), Kind: export.Text},
			{Header: T(lang, "Organisation"), Kind: export.Text},
			{Header: T(lang, "Role"), Kind: export.Text},
			{Header: T(lang, "Participants"), Kind: export.Integer},
			{Header: T(lang, "Name"), Kind: export.Text},
		}}
		// Oldest first, as a year is read in a spreadsheet.
		for i := len(list) - 1; i >= 0; i-- {
			tr := &list[i]
			head := []export.Cell{export.DateCell(tr.Date), export.DateCell(tr.EndDate), export.TextCell(trainingKindLabel(lang, tr.Kind)),
				export.TextCell(tr.Title), export.TextCell(tr.Organiser)}
			row := func(cells ...export.Cell) {
				t.Rows = append(t.Rows, append(append([]export.Cell{}, head...), cells...))
			}
			for _, c := range tr.Counts {
				row(export.TextCell(c.OrgName), export.TextCell(participantRoleLabel(lang, c.Role)), export.IntCell(int64(c.Count)), export.TextCell(""))
			}
			for _, n := range tr.People {
				row(export.TextCell(n.Organisation), export.TextCell(""), export.IntCell(1), export.TextCell(n.Name))
			}
			if tr.Total() == 0 {
				row(export.TextCell(""), export.TextCell(""), export.IntCell(0), export.TextCell(""))
			}
		}
		u.writeExport(w, r, format, T(lang, "training")+"-"+strconv.Itoa(year), t)
	})
}
