package ui

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Attachments: files kept in the content-addressed file store, each with a
// row that ties it to its follow-up. A file is uploaded first, with the one
// multipart form of the follow-up page; the forms of the changes (an audit
// report, evidence) then name attachments of the follow-up, so they stay
// ordinary forms. A download is authorised exactly as reading the
// follow-up is.
//
// The middleware must have found the CSRF token before the upload handler
// runs: from the X-CSRF-Token header, or from the multipart body once the
// middleware parses multipart forms (see routes_followups.go). The handler
// parses the form itself when the middleware has not.

// uploadMemory is how much of a multipart form is held in memory; larger
// files go to temporary files until they are stored.
const uploadMemory = 8 << 20

// parseUpload makes sure a multipart form is parsed.
func parseUpload(r *http.Request) error {
	if r.MultipartForm != nil {
		return nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		return nil // an ordinary form: no files
	}
	err := r.ParseMultipartForm(uploadMemory)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return tillit.Errorf(tillit.EINVALID, "The files are too large together. Attach fewer or smaller files at a time.")
	case err != nil:
		return tillit.Errorf(tillit.EINVALID, "The upload was incomplete. Choose the files again and send the form again.")
	}
	return nil
}

// storeUploads stores the files sent in the form's file field and returns
// their rows-to-be. A refused file is an EINVALID error on the field; a
// field left empty sends no file.
func (u *UI) storeUploads(ctx context.Context, r *http.Request, field string) ([]sqldb.Attachment, error) {
	var atts []sqldb.Attachment
	if r.MultipartForm == nil {
		return nil, nil
	}
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the browser sends an empty part for a field left empty
		}
		if u.Files == nil {
			return nil, oneFieldError(field, tillit.Msg("Files cannot be attached here: no file store is configured."))
		}
		src, err := fh.Open()
		if err != nil {
			return nil, err
		}
		f, err := u.Files.Put(ctx, fh.Filename, src)
		src.Close()
		if tillit.ErrorCode(err) == tillit.EINVALID {
			return nil, oneFieldError(field, tillit.ErrorMessage(err))
		}
		if err != nil {
			return nil, err
		}
		atts = append(atts, sqldb.Attachment{Hash: f.Hash, Name: f.Name, Size: f.Size, ContentType: f.ContentType})
	}
	return atts, nil
}

// oneFieldError is an EINVALID error about one field.
func oneFieldError(field string, m tillit.Message) error {
	return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{field: m}}
}

// UploadAttachments serves POST /followups/{id}/attachments: files added
// to the follow-up by anyone who may change something in it, to be named
// as a report or evidence, or kept as they are.
func (u *UI) UploadAttachments() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f, err := u.DB.FindFollowUp(ctx, tillit.ScopeOf(actor), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !(followUpRights{actor: actor, f: f}).upload() {
			u.Error(w, r, errMayNotChange())
			return
		}
		if f.Status == tillit.FollowUpClosed {
			u.Error(w, r, tillit.Errorf(tillit.ECONFLICT, "This follow-up is closed, so no files can be added to it. Open a new follow-up to continue following up the supplier."))
			return
		}
		if err := parseUpload(r); err != nil {
			u.Error(w, r, err)
			return
		}
		again := func(err error) {
			lang := web.Lang(ctx)
			u.renderFollowUp(w, r, http.StatusBadRequest, f, followUpForm{Key: "upload", Fields: fieldTexts(lang, err),
				Problem: tillit.ErrorMessage(err).In(translator(lang))})
		}
		atts, err := u.storeUploads(ctx, r, "file")
		if err != nil {
			if tillit.ErrorCode(err) == tillit.EINVALID {
				again(err)
			} else {
				u.Error(w, r, err)
			}
			return
		}
		if len(atts) == 0 {
			again(oneFieldError("file", tillit.Msg("Choose a file to attach.")))
			return
		}
		for i := range atts {
			atts[i].FollowUpID = id
			if err := u.DB.CreateAttachment(ctx, actor, &atts[i]); err != nil {
				u.Error(w, r, err)
				return
			}
		}
		u.redirect(w, r, "/followups/"+strconv.FormatInt(id, 10)+"#upload", "The files are attached.")
	})
}

// DownloadAttachment serves GET /attachments/{id} to those who may read
// its follow-up (404 for anyone else, as if it did not exist), always as a
// download with the type the file store decided from the content.
func (u *UI) DownloadAttachment() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		a, err := u.DB.FindAttachment(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if u.Files == nil {
			u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "The attachment was not found."))
			return
		}
		file, err := u.Files.Open(a.Hash)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		defer file.Close()
		ct := a.ContentType
		if strings.HasPrefix(ct, "text/") {
			ct += "; charset=utf-8"
		}
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("Content-Disposition", filestore.ContentDisposition(a.Name))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "private, no-store")
		// Should a browser render it after all, it runs nothing.
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		http.ServeContent(w, r, "", a.UploadedAt, file)
	})
}
