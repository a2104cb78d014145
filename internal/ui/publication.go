package ui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Publication on the public site by those who own what is published: a
// coordinator of a responsible region (or the office) approves the
// summary of a closed follow-up, and the office publishes a year's annual
// report and sets how long suppliers have to review a summary before it
// appears.

// settingReviewDays is the supplier's review window in days.
const settingReviewDays = "result_review_days"

// defaultReviewDays is the window until the office sets another.
const defaultReviewDays = 14

// reviewWindow reads the supplier's review window.
func (u *UI) reviewWindow(r *http.Request) (int, error) {
	settings, err := u.DB.SiteSettings(r.Context())
	if err != nil {
		return 0, err
	}
	if d, err := strconv.Atoi(settings[settingReviewDays]); err == nil && d >= 0 {
		return d, nil
	}
	return defaultReviewDays, nil
}

type approvalRow struct {
	ID       int64
	Supplier string
	Category string
	Closed   string
	Light    string
	Summary  string
	State    string
	Approved bool
	CanAct   bool
}

type reportYearRow struct {
	Year      int
	Published bool
}

type publicationPage struct {
	Page
	Results    []approvalRow
	CanReports bool
	Years      []reportYearRow
	ReviewDays int
	DaysError  string
}

// Publication serves GET /publication.
func (u *UI) Publication() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderPublication(w, r, http.StatusOK, "")
	})
}

func (u *UI) renderPublication(w http.ResponseWriter, r *http.Request, status int, daysError string) {
	ctx := r.Context()
	actor := web.Actor(ctx)
	p := publicationPage{Page: u.page(r, "Publication"), CanReports: tillit.Can(actor, tillit.ActPublishReport, tillit.Resource{}), DaysError: daysError}
	lang := p.Lang
	p.Title = T(lang, "Publication on the public site")
	f := sqldb.ResultFilter{}
	if !tillit.Can(actor, tillit.ActPublishReport, tillit.Resource{}) {
		// A coordinator sees the summaries of their regions' follow-ups.
		for _, m := range actor.Memberships {
			if m.Role == tillit.RoleCoordinator {
				f.ResponsibleRegs = append(f.ResponsibleRegs, m.OrgID)
			}
		}
	}
	rs, err := u.DB.FindResultSummaries(ctx, f)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	now := u.DB.Now()
	for i := range rs {
		s := &rs[i]
		p.Results = append(p.Results, approvalRow{ID: s.ID, Supplier: s.Supplier, Category: s.Category.Text(lang), Closed: formatDate(s.ClosedAt),
			Light: lightLabel(lang, s.Light), Summary: s.Summary.SV, State: resultState(lang, s, now), Approved: !s.ApprovedAt.IsZero(),
			CanAct: tillit.Can(actor, tillit.ActApproveResults, resultResource(s))})
	}
	if p.ReviewDays, err = u.reviewWindow(r); err != nil {
		u.Error(w, r, err)
		return
	}
	if p.CanReports {
		years, err := u.reportYears(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		published, err := u.DB.PublishedReports(ctx)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, y := range years {
			row := reportYearRow{Year: y}
			for _, py := range published {
				row.Published = row.Published || py == y
			}
			p.Years = append(p.Years, row)
		}
	}
	u.render(w, r, status, "publication", p)
}

// resultResource is what the policy needs to decide about a summary: its
// follow-up's responsible regions (never nil, which would mean "any").
func resultResource(s *tillit.ResultSummary) tillit.Resource {
	regs := s.ResponsibleIn
	if regs == nil {
		regs = []int64{}
	}
	return tillit.Resource{ResponsibleRegionIDs: regs}
}

// authoriseResult refuses an actor who may not approve this summary.
func authoriseResult(actor tillit.Actor) func(*tillit.ResultSummary) error {
	return func(s *tillit.ResultSummary) error {
		if !tillit.Can(actor, tillit.ActApproveResults, resultResource(s)) {
			return tillit.Errorf(tillit.EFORBIDDEN, "Only a coordinator of a region responsible for the follow-up, or the national office, can approve its summary.")
		}
		return nil
	}
}

// ApproveResult serves POST /publication/results/{id}/approve.
func (u *UI) ApproveResult() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		days, err := u.reviewWindow(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		actor := web.Actor(r.Context())
		if _, err := u.DB.ApproveResult(r.Context(), actor, id, time.Duration(days)*24*time.Hour, authoriseResult(actor)); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/publication", "The summary is approved. It appears on the public site when the supplier's review window has passed.")
	})
}

// WithdrawResult serves POST /publication/results/{id}/withdraw.
func (u *UI) WithdrawResult() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		actor := web.Actor(r.Context())
		if err := u.DB.WithdrawResult(r.Context(), actor, id, authoriseResult(actor)); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/publication", "The approval is withdrawn; the summary is not public.")
	})
}

// PublishReport serves POST /publication/reports/{year}/publish.
func (u *UI) PublishReport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, err := reportYearParam(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.DB.PublishReport(r.Context(), web.Actor(r.Context()), year); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/publication", "The annual report is on the public site.")
	})
}

// UnpublishReport serves POST /publication/reports/{year}/unpublish.
func (u *UI) UnpublishReport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, err := reportYearParam(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.DB.UnpublishReport(r.Context(), web.Actor(r.Context()), year); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/publication", "The annual report is taken off the public site.")
	})
}

// SaveReviewWindow serves POST /publication/review-window: the office
// sets how many days a supplier has to review a summary.
func (u *UI) SaveReviewWindow() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
		if err != nil || days < 0 || days > 365 {
			u.renderPublication(w, r, http.StatusBadRequest, T(web.Lang(r.Context()), "Enter a number of days between 0 and 365."))
			return
		}
		if err := u.DB.SaveSiteSettings(r.Context(), web.Actor(r.Context()), map[string]string{settingReviewDays: strconv.Itoa(days)}); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/publication", "The review window is saved.")
	})
}
