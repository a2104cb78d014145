package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/web"
)

// The training register (issue 9) as JSON. PUT replaces a training
// whole, counts and named people included, as the form does.

type trainingCountJSON struct {
	OrgID        int64                  `json:"org_id"`
	Organisation string                 `json:"organisation"`
	Role         tillit.ParticipantRole `json:"role"`
	Count        int                    `json:"count"`
}

type trainingPersonJSON struct {
	Name         string  `json:"name"`
	Organisation string  `json:"organisation"`
	Email        string  `json:"email,omitempty"`
	Consent      bool    `json:"consent"`
	ConsentOn    *string `json:"consent_on"`
}

type trainingJSON struct {
	ID          int64                `json:"id"`
	Kind        tillit.TrainingKind  `json:"kind"`
	Title       string               `json:"title"`
	Date        *string              `json:"date"`
	EndDate     *string              `json:"end_date"`
	Organiser   string               `json:"organiser"`
	Audience    string               `json:"audience"`
	Description string               `json:"description"`
	Counts      []trainingCountJSON  `json:"counts"`
	People      []trainingPersonJSON `json:"people"`
	Total       int                  `json:"total"`
	CreatedAt   *time.Time           `json:"created_at"`
	UpdatedAt   *time.Time           `json:"updated_at"`
}

func toTrainingJSON(t *tillit.Training) trainingJSON {
	out := trainingJSON{ID: t.ID, Kind: t.Kind, Title: t.Title, Date: dateJSON(t.Date), EndDate: dateJSON(t.EndDate),
		Organiser: t.Organiser, Audience: t.Audience, Description: t.Description, Total: t.Total(),
		Counts: []trainingCountJSON{}, People: []trainingPersonJSON{},
		CreatedAt: timeJSON(t.CreatedAt), UpdatedAt: timeJSON(t.UpdatedAt)}
	for _, c := range t.Counts {
		out.Counts = append(out.Counts, trainingCountJSON{OrgID: c.OrgID, Organisation: c.OrgName, Role: c.Role, Count: c.Count})
	}
	for _, n := range t.People {
		out.People = append(out.People, trainingPersonJSON{Name: n.Name, Organisation: n.Organisation, Email: n.Email,
			Consent: n.Consent, ConsentOn: dateJSON(n.ConsentOn)})
	}
	return out
}

type trainingCountInput struct {
	OrgID int64  `json:"org_id"`
	Role  string `json:"role"`
	Count int    `json:"count"`
}

type trainingPersonInput struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	Email        string `json:"email"`
	Consent      bool   `json:"consent"`
	ConsentOn    string `json:"consent_on"`
}

type trainingInput struct {
	Kind        string                `json:"kind"`
	Title       string                `json:"title"`
	Date        string                `json:"date"`
	EndDate     string                `json:"end_date"`
	Organiser   string                `json:"organiser"`
	Audience    string                `json:"audience"`
	Description string                `json:"description"`
	Counts      []trainingCountInput  `json:"counts"`
	People      []trainingPersonInput `json:"people"`
}

// decodeTraining reads the body into a training, with every problem of
// the body and the domain together.
func decodeTraining(r *http.Request) (*tillit.Training, error) {
	var in trainingInput
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	p := tillit.Problems{}
	t := &tillit.Training{Kind: tillit.TrainingKind(in.Kind), Title: strings.TrimSpace(in.Title),
		Date: dateParam(p, "date", in.Date), EndDate: dateParam(p, "end_date", in.EndDate),
		Organiser: strings.TrimSpace(in.Organiser), Audience: strings.TrimSpace(in.Audience), Description: strings.TrimSpace(in.Description)}
	for _, c := range in.Counts {
		t.Counts = append(t.Counts, tillit.ParticipantCount{OrgID: c.OrgID, Role: tillit.ParticipantRole(c.Role), Count: c.Count})
	}
	for i, n := range in.People {
		t.People = append(t.People, tillit.NamedParticipant{Name: strings.TrimSpace(n.Name), Organisation: strings.TrimSpace(n.Organisation),
			Email: strings.TrimSpace(n.Email), Consent: n.Consent,
			ConsentOn: dateParam(p, "people["+strconv.Itoa(i)+"].consent_on", n.ConsentOn)})
	}
	if len(p) == 0 {
		return t, nil
	}
	p.Merge(t.Validate())
	return nil, problems(p)
}

// Trainings serves GET /api/v1/training?year=YYYY: the trainings held in
// the year (the current year when left out), newest first.
func (a *API) Trainings() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The current year in Sweden, where the year of a training counts.
		now := a.DB.Now()
		if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
			now = now.In(loc)
		}
		year := now.Year()
		if s := r.URL.Query().Get("year"); s != "" {
			y, err := strconv.Atoi(s)
			if err != nil || len(s) != 4 || y < 2000 || y > 2100 {
				a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("Write the year with four digits, for example 2022."),
					Fields: map[string]tillit.Message{"year": tillit.Msg("Write the year with four digits, for example 2022.")}})
				return
			}
			year = y
		}
		list, err := a.DB.FindTrainings(r.Context(), year)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := struct {
			Year      int            `json:"year"`
			Total     int            `json:"total"`
			Trainings []trainingJSON `json:"trainings"`
		}{Year: year, Trainings: []trainingJSON{}}
		for i := range list {
			out.Trainings = append(out.Trainings, toTrainingJSON(&list[i]))
			out.Total += list[i].Total()
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// Training serves GET /api/v1/training/{id}.
func (a *API) Training() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		t, err := a.DB.FindTraining(r.Context(), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, toTrainingJSON(t))
	})
}

// CreateTraining serves POST /api/v1/training.
func (a *API) CreateTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		t, err := decodeTraining(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.DB.CreateTraining(ctx, web.Actor(ctx), t); err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeTraining(w, r, http.StatusCreated, t.ID)
	})
}

// UpdateTraining serves PUT /api/v1/training/{id}: the body replaces the
// training whole.
func (a *API) UpdateTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		t, err := decodeTraining(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		t.ID = id
		if err := a.DB.UpdateTraining(ctx, web.Actor(ctx), t); err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeTraining(w, r, http.StatusOK, id)
	})
}

// writeTraining answers with the training as stored, organisation names
// included.
func (a *API) writeTraining(w http.ResponseWriter, r *http.Request, status int, id int64) {
	t, err := a.DB.FindTraining(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/training/"+strconv.FormatInt(id, 10))
	}
	writeJSON(w, status, toTrainingJSON(t))
}

// DeleteTraining serves DELETE /api/v1/training/{id}.
func (a *API) DeleteTraining() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.DB.DeleteTraining(ctx, web.Actor(ctx), id); err != nil {
			a.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
