package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tillit-project/tillit"
)

// The annual activity report as JSON: the same computed figures as the
// report page, PDF and spreadsheet. Amounts are whole kronor (with öre
// beside them in the finance part), dates are YYYY-MM-DD in Swedish time.

type followUpFiguresJSON struct {
	FollowUpsOpened         int `json:"followups_opened"`
	SAQSent                 int `json:"saq_sent"`
	SAQAnswered             int `json:"saq_answered"`
	SAQReviewed             int `json:"saq_reviewed"`
	SAQDeficient            int `json:"saq_deficient"`
	OfficeAuditsStarted     int `json:"office_audits_started"`
	SiteAuditsStarted       int `json:"site_audits_started"`
	ReAudits                int `json:"re_audits"`
	DeskReviews             int `json:"desk_reviews"`
	AuditsClosed            int `json:"audits_closed"`
	FollowUpsClosed         int `json:"followups_closed"`
	FollowUpsOngoingYearEnd int `json:"followups_ongoing_year_end"`
}

func followUpFiguresOf(f tillit.FollowUpFigures) followUpFiguresJSON {
	return followUpFiguresJSON(f)
}

type severityJSON struct {
	Severity tillit.Severity `json:"severity"`
	Opened   int             `json:"opened"`
	Closed   int             `json:"closed"`
}

func severitiesOf(in []tillit.SeverityFigures) []severityJSON {
	out := []severityJSON{}
	for _, s := range in {
		out = append(out, severityJSON(s))
	}
	return out
}

type reportAuditJSON struct {
	Supplier    string           `json:"supplier"`
	Category    string           `json:"category"`
	Kind        tillit.AuditKind `json:"kind"`
	PerformedOn string           `json:"performed_on"`
	FollowUpID  int64            `json:"followup_id"`
}

type reportClosureJSON struct {
	Supplier       string             `json:"supplier"`
	Category       string             `json:"category"`
	ClosedOn       string             `json:"closed_on"`
	Reason         tillit.CloseReason `json:"reason"`
	OpenDeviations int                `json:"open_deviations"`
	FollowUpID     int64              `json:"followup_id"`
}

type categoryReportJSON struct {
	Code             string         `json:"code"`
	Name             string         `json:"name"`
	NameEN           string         `json:"name_en"`
	Responsible      []string       `json:"responsible_regions"`
	Narrative        string         `json:"narrative"`
	FollowUpsOpened  int            `json:"followups_opened"`
	FollowUpsClosed  int            `json:"followups_closed"`
	FollowUpsOngoing int            `json:"followups_ongoing_year_end"`
	AuditsStarted    int            `json:"audits_started"`
	Deviations       []severityJSON `json:"deviations"`
}

type trendJSON struct {
	Year     int                 `json:"year"`
	FollowUp followUpFiguresJSON `json:"followup"`
}

type annualReportJSON struct {
	Year                 int                  `json:"year"`
	Complete             bool                 `json:"complete"`
	ComputedAt           time.Time            `json:"computed_at"`
	FollowUp             followUpFiguresJSON  `json:"followup"`
	Deviations           []severityJSON       `json:"deviations"`
	MedianDaysToClosure  *float64             `json:"median_days_to_closure"`
	RiskAnalysesApproved *int                 `json:"risk_analyses_approved"`
	PeopleTrained        *int                 `json:"people_trained"`
	AuditsStarted        []reportAuditJSON    `json:"audits_started"`
	AuditsClosed         []reportClosureJSON  `json:"audits_closed"`
	Categories           []categoryReportJSON `json:"categories"`
	Finance              *financeJSON         `json:"finance"`
	FinanceProblem       *string              `json:"finance_problem,omitempty"`
	Trend                []trendJSON          `json:"trend"`
}

// swedishDate is the calendar day of t in the report's time zone.
func swedishDate(t time.Time) string {
	if loc, err := time.LoadLocation(tillit.ReportZone); err == nil {
		t = t.In(loc)
	}
	return t.Format(time.DateOnly)
}

// AnnualReport serves GET /api/v1/reports/annual/{year}.
func (a *API) AnnualReport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := r.PathValue("year")
		year, err := strconv.Atoi(s)
		if err != nil || len(s) != 4 || !tillit.ValidReportYear(year) {
			a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022."))
			return
		}
		rep, err := a.DB.AnnualReport(r.Context(), year)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := annualReportJSON{Year: rep.Year, Complete: rep.Complete, ComputedAt: rep.ComputedAt,
			FollowUp: followUpFiguresOf(rep.FollowUp), Deviations: severitiesOf(rep.Deviations),
			MedianDaysToClosure: rep.MedianDaysToClosure, RiskAnalysesApproved: rep.RiskAnalysesApproved, PeopleTrained: rep.PeopleTrained,
			AuditsStarted: []reportAuditJSON{}, AuditsClosed: []reportClosureJSON{}, Categories: []categoryReportJSON{}, Trend: []trendJSON{}}
		for _, v := range rep.AuditsStarted {
			out.AuditsStarted = append(out.AuditsStarted, reportAuditJSON{Supplier: v.Supplier, Category: v.CategorySV, Kind: v.Kind,
				PerformedOn: v.PerformedOn.Format(time.DateOnly), FollowUpID: v.FollowUpID})
		}
		for _, v := range rep.AuditsClosed {
			out.AuditsClosed = append(out.AuditsClosed, reportClosureJSON{Supplier: v.Supplier, Category: v.CategorySV,
				ClosedOn: swedishDate(v.ClosedAt), Reason: v.Reason, OpenDeviations: v.OpenDeviations, FollowUpID: v.FollowUpID})
		}
		for _, c := range rep.Categories {
			resp := c.Responsible
			if resp == nil {
				resp = []string{}
			}
			out.Categories = append(out.Categories, categoryReportJSON{Code: c.Code, Name: c.NameSV, NameEN: c.NameEN,
				Responsible: resp, Narrative: c.Narrative, FollowUpsOpened: c.FollowUpsOpened, FollowUpsClosed: c.FollowUpsClosed,
				FollowUpsOngoing: c.FollowUpsOngoing, AuditsStarted: c.AuditsStarted, Deviations: severitiesOf(c.Deviations)})
		}
		for _, y := range rep.Trend {
			out.Trend = append(out.Trend, trendJSON{Year: y.Year, FollowUp: followUpFiguresOf(y.FollowUp)})
		}
		if rep.Finance != nil {
			f := financeOf(rep.Finance)
			out.Finance = &f
		} else if rep.FinanceProblem != nil {
			msg := rep.FinanceProblem.Msg.String()
			out.FinanceProblem = &msg
		}
		writeJSON(w, http.StatusOK, out)
	})
}
