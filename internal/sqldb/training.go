package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// The training register (issue 9). A training is one row; its counts and
// named people are rewritten whole on every change, since the office edits
// a training as one form. Named people reach the audit trail only as a
// number: the trail cannot be edited, and a person who withdraws consent
// must be removable without a trace of their name left behind.

// trainingAudit is what the audit trail keeps of a training.
type trainingAudit struct {
	Kind        tillit.TrainingKind `json:"kind"`
	Title       string              `json:"title"`
	Date        string              `json:"date"`
	EndDate     string              `json:"end_date,omitempty"`
	Organiser   string              `json:"organiser,omitempty"`
	Audience    string              `json:"audience,omitempty"`
	Description string              `json:"description,omitempty"`
	Counts      []trainingAuditRow  `json:"counts"`
	NamedPeople int                 `json:"named_people"`
}

type trainingAuditRow struct {
	OrgID int64                  `json:"org_id"`
	Role  tillit.ParticipantRole `json:"role"`
	Count int                    `json:"count"`
}

func auditOfTraining(t *tillit.Training) trainingAudit {
	a := trainingAudit{Kind: t.Kind, Title: t.Title, Date: trainingDay(t.Date), EndDate: trainingDay(t.EndDate),
		Organiser: t.Organiser, Audience: t.Audience, Description: t.Description,
		Counts: []trainingAuditRow{}, NamedPeople: len(t.People)}
	for _, c := range t.Counts {
		a.Counts = append(a.Counts, trainingAuditRow{OrgID: c.OrgID, Role: c.Role, Count: c.Count})
	}
	return a
}

func trainingDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// CreateTraining stores a new training and sets its ID and timestamps.
func (db *DB) CreateTraining(ctx context.Context, actor tillit.Actor, t *tillit.Training) error {
	if err := t.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkTrainingOrgs(ctx, t); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO trainings (kind, title, held_on, ends_on, organiser, audience, description, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.Kind, t.Title, dateString(t.Date), dateString(t.EndDate),
			t.Organiser, t.Audience, t.Description, tx.now, tx.now)
		if err != nil {
			return err
		}
		if err := tx.writeTrainingParticipants(ctx, id, t); err != nil {
			return err
		}
		t.ID, t.CreatedAt, t.UpdatedAt = id, tx.now, tx.now
		return tx.audit(ctx, actor, "training.create", "training", id, nil, auditOfTraining(t))
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateTraining: %w", err)
	}
	return nil
}

// UpdateTraining replaces a stored training, its counts and its named
// people with t; ENOTFOUND when there is no training t.ID.
func (db *DB) UpdateTraining(ctx context.Context, actor tillit.Actor, t *tillit.Training) error {
	if err := t.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		before, err := tx.findTraining(ctx, t.ID, true)
		if err != nil {
			return err
		}
		if err := tx.checkTrainingOrgs(ctx, t); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE trainings SET kind = ?, title = ?, held_on = ?, ends_on = ?, organiser = ?, audience = ?,
			description = ?, updated_at = ? WHERE id = ?`, t.Kind, t.Title, dateString(t.Date), dateString(t.EndDate),
			t.Organiser, t.Audience, t.Description, tx.now, t.ID); err != nil {
			return err
		}
		for _, table := range []string{"training_counts", "training_people"} {
			if _, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE training_id = ?", t.ID); err != nil {
				return err
			}
		}
		if err := tx.writeTrainingParticipants(ctx, t.ID, t); err != nil {
			return err
		}
		t.CreatedAt, t.UpdatedAt = before.CreatedAt, tx.now
		return tx.audit(ctx, actor, "training.update", "training", t.ID, auditOfTraining(before), auditOfTraining(t))
	})
	if err != nil {
		return fmt.Errorf("sqldb.UpdateTraining: %w", err)
	}
	return nil
}

// DeleteTraining removes a training with its counts and named people.
func (db *DB) DeleteTraining(ctx context.Context, actor tillit.Actor, id int64) error {
	err := db.write(ctx, func(tx *Tx) error {
		before, err := tx.findTraining(ctx, id, true)
		if err != nil {
			return err
		}
		// The participants go with the training (ON DELETE CASCADE).
		if _, err := tx.exec(ctx, "DELETE FROM trainings WHERE id = ?", id); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "training.delete", "training", id, auditOfTraining(before), nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.DeleteTraining: %w", err)
	}
	return nil
}

// checkTrainingOrgs makes sure every count row names an organisation that
// exists, so the message says which row to fix rather than a foreign-key
// failure.
func (tx *Tx) checkTrainingOrgs(ctx context.Context, t *tillit.Training) error {
	p := tillit.Problems{}
	known := map[int64]bool{}
	for i, c := range t.Counts {
		ok, seen := known[c.OrgID]
		if !seen {
			var one int
			err := tx.queryRow(ctx, "SELECT 1 FROM organisations WHERE id = ?", c.OrgID).Scan(&one)
			if err != nil && !isNoRows(err) {
				return err
			}
			ok = err == nil
			known[c.OrgID] = ok
		}
		if !ok {
			p.Add(fmt.Sprintf("counts[%d].org_id", i), "Choose one of the organisations; organisation %d does not exist.", c.OrgID)
		}
	}
	return p.Err()
}

// writeTrainingParticipants inserts the counts and named people of t in
// batches, so a training with two thousand named people is a few
// statements rather than two thousand.
func (tx *Tx) writeTrainingParticipants(ctx context.Context, id int64, t *tillit.Training) error {
	var counts, people [][]any
	for i, c := range t.Counts {
		counts = append(counts, []any{id, i, c.OrgID, c.Role, c.Count})
	}
	for i, n := range t.People {
		people = append(people, []any{id, i, n.Name, n.Organisation, n.Email, dateString(n.ConsentOn)})
	}
	if err := tx.insertTrainingRows(ctx, "INSERT INTO training_counts (training_id, position, org_id, role, participants) VALUES ", counts); err != nil {
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.EINVALID, "Two rows count the same role from the same organisation; add the numbers together on one row.")
		}
		return err
	}
	return tx.insertTrainingRows(ctx, "INSERT INTO training_people (training_id, position, name, organisation, email, consent_on) VALUES ", people)
}

// insertTrainingRows runs prefix with one "(?, …)" group per row, 200 rows at a
// time, well below either engine's limit on bound parameters.
func (tx *Tx) insertTrainingRows(ctx context.Context, prefix string, rows [][]any) error {
	const batch = 200
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		group := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(chunk[0])), ", ") + ")"
		var b strings.Builder
		b.WriteString(prefix)
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(group)
			args = append(args, r...)
		}
		if _, err := tx.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// FindTraining returns one training with its counts (with organisation
// names) and named people, or ENOTFOUND.
func (db *DB) FindTraining(ctx context.Context, id int64) (*tillit.Training, error) {
	var t *tillit.Training
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		t, err = tx.findTraining(ctx, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindTraining: %w", err)
	}
	return t, nil
}

const trainingColumns = "id, kind, title, held_on, ends_on, organiser, audience, description, created_at, updated_at"

func scanTraining(s interface{ Scan(...any) error }) (tillit.Training, error) {
	var t tillit.Training
	var on, ends dateScan
	err := s.Scan(&t.ID, &t.Kind, &t.Title, &on, &ends, &t.Organiser, &t.Audience, &t.Description, &t.CreatedAt, &t.UpdatedAt)
	t.Date, t.EndDate = on.t, ends.t
	return t, err
}

// findTraining loads a training; lock takes its row on PostgreSQL, so two
// changes of one training apply one after the other.
func (tx *Tx) findTraining(ctx context.Context, id int64, lock bool) (*tillit.Training, error) {
	q := "SELECT " + trainingColumns + " FROM trainings WHERE id = ?"
	if lock && tx.dialect == Postgres {
		q += " FOR UPDATE"
	}
	t, err := scanTraining(tx.queryRow(ctx, q, id))
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "There is no training %d. It may have been deleted.", id)
	}
	if err != nil {
		return nil, err
	}
	list := []tillit.Training{t}
	if err := tx.loadTrainingParticipants(ctx, list, "t.id = ?", id); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// loadTrainingParticipants fills in the counts and named people of list,
// whose trainings are those matching where (on trainings t).
func (tx *Tx) loadTrainingParticipants(ctx context.Context, list []tillit.Training, where string, args ...any) error {
	idx := make(map[int64]int, len(list))
	for i := range list {
		idx[list[i].ID] = i
	}
	rows, err := tx.query(ctx, `SELECT c.training_id, c.org_id, o.name, c.role, c.participants
		FROM training_counts c JOIN trainings t ON t.id = c.training_id JOIN organisations o ON o.id = c.org_id
		WHERE `+where+` ORDER BY c.training_id, c.position`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var c tillit.ParticipantCount
		if err := rows.Scan(&id, &c.OrgID, &c.OrgName, &c.Role, &c.Count); err != nil {
			rows.Close()
			return err
		}
		if i, ok := idx[id]; ok {
			list[i].Counts = append(list[i].Counts, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.query(ctx, `SELECT p.training_id, p.name, p.organisation, p.email, p.consent_on
		FROM training_people p JOIN trainings t ON t.id = p.training_id
		WHERE `+where+` ORDER BY p.training_id, p.position`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n tillit.NamedParticipant
		var on dateScan
		if err := rows.Scan(&id, &n.Name, &n.Organisation, &n.Email, &on); err != nil {
			return err
		}
		// Only people who agreed are ever stored, so consent is implied
		// by the row; the date is what the row records.
		n.Consent, n.ConsentOn = true, on.t
		if i, ok := idx[id]; ok {
			list[i].People = append(list[i].People, n)
		}
	}
	return rows.Err()
}

// trainingYearBounds returns the first day of year and of the next year.
func trainingYearBounds(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}

// FindTrainings returns the trainings held in a calendar year, newest
// first, each with its counts and named people (so Total works).
func (db *DB) FindTrainings(ctx context.Context, year int) ([]tillit.Training, error) {
	from, to := trainingYearBounds(year)
	var out []tillit.Training
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, "SELECT "+trainingColumns+" FROM trainings WHERE held_on >= ? AND held_on < ? ORDER BY held_on DESC, id DESC",
			[]any{dateString(from), dateString(to)}, func(r *sql.Rows) (tillit.Training, error) { return scanTraining(r) })
		if err != nil || len(out) == 0 {
			return err
		}
		return tx.loadTrainingParticipants(ctx, out, "t.held_on >= ? AND t.held_on < ?", dateString(from), dateString(to))
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindTrainings: %w", err)
	}
	return out, nil
}

// TrainingYears returns the years any training was held in, newest first.
// It reads the distinct dates rather than asking each engine for the year
// of a date in its own dialect; there are a few dozen dates a year.
func (db *DB) TrainingYears(ctx context.Context) ([]int, error) {
	var out []int
	err := db.read(ctx, func(tx *Tx) error {
		days, err := collect(ctx, tx, "SELECT DISTINCT held_on FROM trainings ORDER BY held_on DESC", nil,
			func(r *sql.Rows) (time.Time, error) {
				var d dateScan
				err := r.Scan(&d)
				return d.t, err
			})
		for _, d := range days {
			if len(out) == 0 || out[len(out)-1] != d.Year() {
				out = append(out, d.Year())
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.TrainingYears: %w", err)
	}
	return out, nil
}

// PeopleTrained returns the number of participants, counted and named, of
// the trainings whose date falls in [from, to), compared as calendar
// dates. recorded is false when no training was held in the period, so
// the annual report can say "not recorded" rather than zero.
func (db *DB) PeopleTrained(ctx context.Context, from, to time.Time) (n int, recorded bool, err error) {
	err = db.read(ctx, func(tx *Tx) error {
		n, recorded, err = tx.peopleTrained(ctx, from, to)
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("sqldb.PeopleTrained: %w", err)
	}
	return n, recorded, nil
}

// peopleTrained is PeopleTrained inside a transaction, so the annual report
// counts it in the same snapshot as the rest.
func (tx *Tx) peopleTrained(ctx context.Context, from, to time.Time) (n int, recorded bool, err error) {
	var trainings int
	err = tx.queryRow(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(
			(SELECT COALESCE(SUM(c.participants), 0) FROM training_counts c WHERE c.training_id = t.id) +
			(SELECT COUNT(*) FROM training_people p WHERE p.training_id = t.id)), 0) AS BIGINT)
		FROM trainings t WHERE t.held_on >= ? AND t.held_on < ?`, dateString(from), dateString(to)).Scan(&trainings, &n)
	return n, trainings > 0, err
}

// TrainingSummary returns a year's participants per organisation and per
// role, and the named people, for the summary table of the register.
func (db *DB) TrainingSummary(ctx context.Context, year int) (*tillit.TrainingSummary, error) {
	from, to := trainingYearBounds(year)
	s := &tillit.TrainingSummary{Year: year, RoleTotals: make([]int, len(tillit.ParticipantRoles))}
	roleIdx := map[tillit.ParticipantRole]int{}
	for i, r := range tillit.ParticipantRoles {
		roleIdx[r] = i
	}
	err := db.read(ctx, func(tx *Tx) error {
		args := []any{dateString(from), dateString(to)}
		err := tx.queryRow(ctx, `SELECT COUNT(*), (SELECT COUNT(*) FROM training_people p JOIN trainings t ON t.id = p.training_id
			WHERE t.held_on >= ? AND t.held_on < ?) FROM trainings WHERE held_on >= ? AND held_on < ?`,
			append(args, args...)...).Scan(&s.Trainings, &s.Named)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT c.org_id, o.name, o.kind, COALESCE(o.county_code, ''), c.role, SUM(c.participants)
			FROM training_counts c JOIN trainings t ON t.id = c.training_id JOIN organisations o ON o.id = c.org_id
			WHERE t.held_on >= ? AND t.held_on < ?
			GROUP BY c.org_id, o.name, o.kind, o.county_code, c.role`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		byOrg := map[int64]int{}
		for rows.Next() {
			var o tillit.TrainingOrgTotal
			var role tillit.ParticipantRole
			var n int
			if err := rows.Scan(&o.OrgID, &o.OrgName, &o.OrgKind, &o.CountyCode, &role, &n); err != nil {
				return err
			}
			i, ok := byOrg[o.OrgID]
			if !ok {
				o.ByRole = make([]int, len(tillit.ParticipantRoles))
				s.Orgs = append(s.Orgs, o)
				i = len(s.Orgs) - 1
				byOrg[o.OrgID] = i
			}
			if r, ok := roleIdx[role]; ok {
				s.Orgs[i].ByRole[r] += n
				s.RoleTotals[r] += n
			}
			s.Orgs[i].Total += n
			s.Counted += n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.TrainingSummary: %w", err)
	}
	// Regions first in county-code order, as the report lists them, then
	// the national office and other organisations by name.
	sort.Slice(s.Orgs, func(i, j int) bool {
		a, b := s.Orgs[i], s.Orgs[j]
		if (a.OrgKind == tillit.OrgRegion) != (b.OrgKind == tillit.OrgRegion) {
			return a.OrgKind == tillit.OrgRegion
		}
		if a.CountyCode != b.CountyCode {
			return a.CountyCode < b.CountyCode
		}
		return a.OrgName < b.OrgName
	})
	s.Total = s.Counted + s.Named
	return s, nil
}
