package tillit

import (
	"testing"
	"time"
)

func TestTitleKeyAndSlug(t *testing.T) {
	for _, tt := range []struct{ in, key, slug string }{
		{"Det nationella kansliet träffar Region Blekinge", "det nationella kansliet träffar region blekinge", "det-nationella-kansliet-traffar-region-blekinge"},
		{"  Det nationella  kansliet träffar Region Blekinge! ", "det nationella kansliet träffar region blekinge", "det-nationella-kansliet-traffar-region-blekinge"},
		{"”Kundkrav gav bättre arbetsvillkor”: Medtech", "kundkrav gav bättre arbetsvillkor medtech", "kundkrav-gav-battre-arbetsvillkor-medtech"},
		{"Ö", "ö", "o"},
		{"!!!", "", "item"},
	} {
		if got := TitleKey(tt.in); got != tt.key {
			t.Errorf("TitleKey(%q) = %q, want %q", tt.in, got, tt.key)
		}
		got := Slugify(tt.in)
		if got != tt.slug {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.slug)
		}
		if !ValidSlug(got) {
			t.Errorf("ValidSlug(%q) = false", got)
		}
	}
	// The decomposed å (a + combining ring) is the same title.
	if TitleKey("Hållbar") != TitleKey("Ha\u030allbar") {
		t.Error("TitleKey does not normalise combining characters")
	}
	for _, bad := range []string{"", "-a", "a-", "A", "a b", "../x", "å"} {
		if ValidSlug(bad) {
			t.Errorf("ValidSlug(%q) = true", bad)
		}
	}
}

func TestSiteValidation(t *testing.T) {
	now := time.Date(2019, 3, 19, 9, 0, 0, 0, time.UTC)
	ok := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	bad := func(name string, err error, field string) {
		t.Helper()
		if ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
			return
		}
		if _, found := ErrorFields(err)[field]; !found {
			t.Errorf("%s: no problem with %s in %v", name, field, ErrorFields(err))
		}
	}
	n := NewsItem{Title: Translated{SV: "Kemkollen"}, Summary: Translated{SV: "Ett webbinarium."}, Status: NewsDraft}
	ok("draft", n.Validate())
	n.Status = NewsPublished
	bad("published without a time", n.Validate(), "publish_at")
	n.PublishAt = now
	ok("published", n.Validate())
	n.Summary.EN = "A webinar."
	bad("English summary without English title", n.Validate(), "title_en")
	if !n.Visible(now) || n.Visible(now.Add(-time.Second)) || !n.Scheduled(now.Add(-time.Second)) {
		t.Error("Visible/Scheduled disagree with PublishAt")
	}

	e := Event{Title: Translated{SV: "Webbinarium"}, StartsAt: now, EndsAt: now.Add(-time.Hour)}
	bad("ends before it starts", e.Validate(), "ends_at")
	e.EndsAt = now.Add(time.Hour)
	bad("neither place nor link", e.Validate(), "place")
	e.OnlineURL = "javascript:alert(1)"
	bad("a script link", e.Validate(), "online_url")
	e.OnlineURL = "https://example.se/webinar"
	ok("online event", e.Validate())

	img := PublicFile{Kind: FileImage, ContentType: "image/png"}
	bad("image without alt text", img.Validate(), "alt_sv")
	img.Alt.SV = "Deltagare vid konferensen"
	ok("image", img.Validate())
	doc := PublicFile{Kind: FileDocument, ContentType: "image/png", Title: Translated{SV: "Vägledning"}}
	bad("document that is not a PDF", doc.Validate(), "file")

	r := ResultSummary{FollowUpID: 1, Light: LightGreen, Summary: Translated{SV: "Avvikelserna är åtgärdade."}}
	ok("result", r.Validate())
	if r.Public(now) {
		t.Error("an unapproved result is public")
	}
	r.ApprovedAt, r.VisibleFrom = now, now.AddDate(0, 0, 14)
	if r.Public(now.AddDate(0, 0, 13)) || !r.Public(now.AddDate(0, 0, 14)) {
		t.Error("the review window is not honoured")
	}

	for in, want := range map[string]string{"Anna@Example.SE": "anna@example.se", " bo@region.se ": "bo@region.se"} {
		if got, err := NormaliseEmail("email", in); err != nil || got != want {
			t.Errorf("NormaliseEmail(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "anna", "anna@localhost", "Anna <anna@example.se>", "åsa@example.se", "a@b.se\r\nBcc: x@y.se"} {
		if _, err := NormaliseEmail("email", in); ErrorCode(err) != EINVALID {
			t.Errorf("NormaliseEmail(%q) = %v, want EINVALID", in, err)
		}
	}
	if s, l := (Translated{SV: "Hej"}).In(English); s != "Hej" || l != Swedish {
		t.Errorf("untranslated text in English = %q, %s", s, l)
	}
}
