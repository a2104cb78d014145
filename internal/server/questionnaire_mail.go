package server

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit/internal/sqldb"
)

// Questionnaire mail: when a request is sent the supplier's users are told
// (contacts without an account are invited, with a link to choose a
// password), a week before the due date and the day after it they are
// reminded, and when questions are returned they are told. Each mail is
// claimed in the database before it is sent, so it goes out once however
// many instances run; a failed send gives the claim back for the next run.

func (s *Server) questionnaireMail() supplierMail[sqldb.QuestionnaireMail] {
	return supplierMail[sqldb.QuestionnaireMail]{
		name: "questionnaire", due: s.DB.QuestionnaireMailsDue, claim: s.DB.ClaimQuestionnaireMail, release: s.DB.ReleaseQuestionnaireMail,
		to:      func(m sqldb.QuestionnaireMail) (int64, bool) { return m.SupplierID, m.Kind == sqldb.MailSent },
		compose: s.UI.QuestionnaireMail,
		describe: func(m sqldb.QuestionnaireMail) string {
			return fmt.Sprintf("request %d, %s", m.RequestID, m.Kind)
		},
	}
}

// SendQuestionnaireMails sends the questionnaire mails owed now and
// returns how many went out.
func (s *Server) SendQuestionnaireMails(ctx context.Context) (int, error) {
	return s.questionnaireMail().send(ctx, s)
}

// RunQuestionnaireMailer sends questionnaire mail every interval until ctx
// ends.
func (s *Server) RunQuestionnaireMailer(ctx context.Context, every time.Duration) {
	s.questionnaireMail().run(ctx, s, every)
}
