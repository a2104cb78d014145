package tillit

import (
	"slices"
	"sync"
	"time"
)

// The annual activity report (issue 4) is computed from the follow-ups'
// events and rows, the registers and the finances; nothing in it is typed
// in except the narrative text per category. The same computation feeds
// the national office's dashboard, so the dashboard and the report agree.

// ReportZone is the time zone a report year is counted in: the
// collaboration is Swedish, so an event at 23:30 UTC on 31 December
// belongs to the next year.
const ReportZone = "Europe/Stockholm"

// ReportYearBounds returns the first instant of year and of the year
// after, in the report's time zone. It falls back to UTC when the zone
// database is missing (the binary embeds it; see cmd/tillit).
func ReportYearBounds(year int) (from, to time.Time) {
	from = time.Date(year, 1, 1, 0, 0, 0, 0, reportLocation())
	return from, from.AddDate(1, 0, 0)
}

// reportLocation loads ReportZone once: loading parses the zone data, which
// was a sixth of the report's time when done per deviation.
var reportLocation = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation(ReportZone)
	if err != nil {
		return time.UTC
	}
	return loc
})

// ValidReportYear reports whether year is one tillit can report on.
func ValidReportYear(year int) bool { return year >= 2000 && year <= 2100 }

// FollowUpFigures are a year's counts of the follow-up process, in the
// order of the process.
type FollowUpFigures struct {
	FollowUpsOpened int // follow-ups opened during the year
	SAQSent         int // self-assessments sent to suppliers
	SAQAnswered     int // self-assessments the suppliers submitted
	SAQReviewed     int // self-assessments the national office reviewed
	SAQDeficient    int // of those, judged deficient
	// OfficeAuditsStarted and SiteAuditsStarted count first audits
	// performed during the year (the day the auditor was there), by kind.
	OfficeAuditsStarted int
	SiteAuditsStarted   int
	ReAudits            int // re-audits performed during the year
	DeskReviews         int // desk reviews of evidence performed during the year
	// AuditsClosed counts follow-ups closed during the year after at least
	// one performed audit: the report's "audits closed". FollowUpsClosed
	// also counts those closed without an audit.
	AuditsClosed            int
	FollowUpsClosed         int
	FollowUpsOngoingYearEnd int // opened before the year ended and not closed by then
}

// SeverityFigures counts the deviations of one severity recorded and
// closed during a year.
type SeverityFigures struct {
	Severity Severity
	Opened   int
	Closed   int
}

// ReportAudit is one audit in the list of audits started.
type ReportAudit struct {
	FollowUpID  int64
	AuditID     int64
	Supplier    string
	CategoryID  int64
	CategorySV  string
	CategoryEN  string
	Kind        AuditKind
	PerformedOn time.Time
}

// ReportClosure is one follow-up in the list of audits closed.
type ReportClosure struct {
	FollowUpID     int64
	Supplier       string
	CategoryID     int64
	CategorySV     string
	CategoryEN     string
	ClosedAt       time.Time
	Reason         CloseReason
	OpenDeviations int // still open at closure, e.g. when the contracts expired
}

// CategoryFigures is one procurement category's part of the report.
type CategoryFigures struct {
	CategoryID int64
	Code       string
	NameSV     string
	NameEN     string
	// Responsible are the regions responsible for the category on the last
	// day of the year (or today, for the current year), in county order.
	Responsible []string
	// Narrative is the text the national office writes for the category;
	// the only part of the report that is typed in.
	Narrative          string
	NarrativeUpdatedAt time.Time
	FollowUpsOpened    int
	FollowUpsClosed    int
	FollowUpsOngoing   int // at year end
	AuditsStarted      int
	Deviations         []SeverityFigures // in Severities order
}

// Name returns the category's name in lang.
func (c CategoryFigures) Name(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.NameSV
}

// DeviationsOpened sums the category's deviations recorded in the year.
func (c CategoryFigures) DeviationsOpened() int {
	n := 0
	for _, s := range c.Deviations {
		n += s.Opened
	}
	return n
}

// YearFigures are one earlier year's follow-up figures, for comparison.
type YearFigures struct {
	Year     int
	FollowUp FollowUpFigures
}

// AnnualReport is everything the activity report for a year shows.
type AnnualReport struct {
	Year int
	// Complete is false while the year is not over: the figures are then
	// those so far, as the dashboard shows them.
	Complete   bool
	ComputedAt time.Time
	FollowUp   FollowUpFigures
	Deviations []SeverityFigures // in Severities order
	// MedianDaysToClosure is the median number of days from recording to
	// closing of the deviations closed during the year; nil when none were.
	MedianDaysToClosure *float64
	// RiskAnalysesApproved and PeopleTrained are nil while tillit has no
	// register for them: the report then says "not recorded" rather than 0.
	RiskAnalysesApproved *int
	PeopleTrained        *int
	AuditsStarted        []ReportAudit   // office and site audits performed during the year
	AuditsClosed         []ReportClosure // follow-ups closed during the year after an audit
	Categories           []CategoryFigures
	// Finance is nil when no finances are entered for the year;
	// FinanceProblem then says why (or why the statement cannot be made).
	Finance        *FinanceStatement
	FinanceProblem *Error
	// Trend holds the follow-up figures of up to four earlier years and
	// this one, oldest first, for the year-over-year chart.
	Trend []YearFigures
}

// Median returns the median of values, or nil for none. It sorts values.
func Median(values []float64) *float64 {
	if len(values) == 0 {
		return nil
	}
	slices.Sort(values)
	n := len(values)
	m := values[n/2]
	if n%2 == 0 {
		m = (values[n/2-1] + values[n/2]) / 2
	}
	return &m
}

// DaysBetween is the number of days from a to b, counted in the report's
// time zone by calendar day, so a deviation recorded in the evening and
// closed the next morning took one day.
func DaysBetween(a, b time.Time) float64 {
	loc := reportLocation()
	da := DateOf(a.In(loc))
	db := DateOf(b.In(loc))
	return float64(db.Sub(da).Hours() / 24)
}

// Limits of the narrative text.
const maxNarrativeLen = 10000

// ValidateNarrative checks a category narrative before it is stored.
func ValidateNarrative(text string) error {
	p := Problems{}
	if len([]rune(text)) > maxNarrativeLen {
		p.Add("narrative", "The text can be at most %d characters.", maxNarrativeLen)
	}
	return p.Err()
}
