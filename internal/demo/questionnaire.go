package demo

import (
	"context"
	"fmt"

	"github.com/tillit-project/tillit"
	qn "github.com/tillit-project/tillit/internal/questionnaire"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The questionnaires: the default self-assessment as a published
// template, and a self-assessment sent to the first demo supplier's
// company, Mölnlycke Health Care AB, so that supplier@example.org has a
// questionnaire to answer in the portal. It is sent when the demo is
// loaded, due a month later, in Mölnlycke's open follow-up of wound care.

// QuestionnaireRecords counts the records the questionnaires add (each
// one audit event): the template version, its publication, the campaign
// and the request. Sending also records one follow-up event.
const QuestionnaireRecords = 4

// questionnaireSupplier is the company the demo asks.
const questionnaireSupplier = "Mölnlycke Health Care AB"

func (l *loader) questionnaires(ctx context.Context) error {
	rows, err := l.db.FindTemplates(ctx)
	if err != nil {
		return err
	}
	var tplID int64
	for _, r := range rows {
		if r.Code == qn.DefaultCode && r.Status == tillit.TemplatePublished {
			tplID = r.ID
		}
	}
	if tplID == 0 && len(rows) == 0 {
		t, err := qn.Default()
		if err != nil {
			return err
		}
		if err := l.db.SaveTemplate(ctx, actor, t); err != nil {
			return fmt.Errorf("questionnaire: %w", err)
		}
		if _, err := l.db.PublishTemplate(ctx, actor, t.ID); err != nil {
			return fmt.Errorf("questionnaire: %w", err)
		}
		l.created += 2
		tplID = t.ID
	}
	supplier, ok := l.orgs[orgKey{tillit.OrgSupplier, questionnaireSupplier}]
	if tplID == 0 || !ok {
		return nil
	}
	sent, err := l.db.FindRequests(ctx, tillit.Scope{All: true}, sqldb.RequestFilter{SupplierID: supplier, Limit: 1})
	if err != nil || len(sent) > 0 {
		return err
	}
	if l.category == nil {
		if err := l.loadCategories(ctx); err != nil {
			return err
		}
	}
	cat, ok := l.category[CategoryWoundCareDental]
	if !ok {
		return nil
	}
	// Only into the follow-up the demo year gave Mölnlycke: never open one
	// here, which a second loader running beside the first would do before
	// the first has recorded the year.
	open, err := l.db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{SupplierID: supplier, CategoryID: cat.id,
		Status: tillit.FollowUpOpen, Limit: 1})
	if err != nil || len(open) == 0 {
		return err
	}
	due := tillit.DateOf(l.db.Now()).AddDate(0, 1, 0)
	_, out, err := l.db.CreateCampaign(ctx, actor, tillit.CampaignInput{TemplateID: tplID, CategoryID: cat.id,
		Selection: tillit.SelectByHand, SupplierIDs: []int64{supplier}, DueOn: due}, false)
	if err != nil {
		return fmt.Errorf("questionnaire campaign: %w", err)
	}
	l.created++ // the campaign
	for _, o := range out {
		if o.PublicID != "" {
			l.created++ // the request
			l.events++  // the follow-up's self-assessment sent
		}
	}
	return nil
}
