package sqldb_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestAttachments(t *testing.T) {
	w := newListWorld(t)
	coord := tillit.ActorOf(w.coordinator)
	a := &sqldb.Attachment{Hash: hashOf("report"), FollowUpID: w.a.ID, Name: "Rapport å.pdf", Size: 6, ContentType: "application/pdf"}
	mustOK(t, w.db.CreateAttachment(ctx, coord, a))
	if a.ID == 0 || a.SupplierID != w.supplier.ID || a.UploadedBy != w.coordinator.ID || a.UploadedAt.IsZero() {
		t.Fatalf("created attachment = %+v", a)
	}
	err := w.db.CreateAttachment(ctx, coord, &sqldb.Attachment{Hash: hashOf("x"), FollowUpID: 999999, Name: "x.txt", Size: 1, ContentType: "text/plain"})
	wantCode(t, err, tillit.ENOTFOUND)

	for _, tc := range []struct {
		name  string
		scope tillit.Scope
		id    int64
		code  string
	}{
		{"shared with everyone", tillit.Scope{All: true}, a.ID, ""},
		{"the follow-up's supplier", tillit.Scope{SupplierIDs: []int64{w.supplier.ID}}, a.ID, ""},
		{"another supplier", tillit.Scope{SupplierIDs: []int64{w.supplier2.ID}}, a.ID, tillit.ENOTFOUND},
		{"the auditor assigned", tillit.Scope{AuditorUserID: w.auditor.ID}, a.ID, ""},
		{"an auditor not assigned", tillit.Scope{AuditorUserID: w.coordinator.ID}, a.ID, tillit.ENOTFOUND},
		{"an empty scope", tillit.Scope{}, a.ID, tillit.ENOTFOUND},
		{"no such id", tillit.Scope{All: true}, a.ID + 1000, tillit.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := w.db.FindAttachment(ctx, tc.scope, tc.id)
			if tc.code != "" {
				wantCode(t, err, tc.code)
				return
			}
			mustOK(t, err)
			if got.Hash != a.Hash || got.Name != a.Name || got.Size != 6 || got.ContentType != "application/pdf" ||
				got.FollowUpID != w.a.ID || got.UploadedBy != w.coordinator.ID || !got.UploadedAt.Equal(a.UploadedAt) {
				t.Fatalf("found %+v, created %+v", got, a)
			}
		})
	}

	list, err := w.db.FindAttachments(ctx, tillit.Scope{SupplierIDs: []int64{w.supplier2.ID}}, w.a.ID)
	mustOK(t, err)
	if len(list) != 0 {
		t.Fatalf("another supplier listed %d attachments", len(list))
	}

	// Another attachment, of B: listed with B's supplier.
	b := &sqldb.Attachment{Hash: hashOf("desk review report"), FollowUpID: w.b.ID, Name: "review.pdf", Size: 18, ContentType: "application/pdf"}
	mustOK(t, w.db.CreateAttachment(ctx, coord, b))
	list, err = w.db.FindAttachments(ctx, tillit.Scope{SupplierIDs: []int64{w.supplier2.ID}}, w.b.ID)
	mustOK(t, err)
	if len(list) != 1 || list[0].Hash != b.Hash || list[0].SupplierID != w.supplier2.ID || list[0].FollowUpID != w.b.ID {
		t.Fatalf("attachments of B = %+v", list)
	}
	list, err = w.db.FindAttachments(ctx, tillit.Scope{All: true}, w.a.ID)
	mustOK(t, err)
	if len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("attachments of A = %+v", list)
	}

	evs, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "attachment"})
	mustOK(t, err)
	if len(evs) != 2 || evs[0].Action != "attachment.create" {
		t.Fatalf("audit trail for attachments = %+v", evs)
	}
	v, err := w.db.VerifyAudit(ctx)
	mustOK(t, err)
	if v.BrokenID != 0 {
		t.Fatalf("audit chain broken at %d: %s", v.BrokenID, v.Problem)
	}
}
