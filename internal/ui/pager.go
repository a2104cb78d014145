package ui

import (
	"net/http"
	"strconv"

	"github.com/tillit-project/tillit"
)

// pager is where one page of a long list stands, for a page that shows
// several lists, each paged by its own query parameter (the supplier
// page: contracts and production sites).
type pager struct {
	Total, From, To int    // rows From–To of Total are shown (1-based; 0 when none)
	Prev, Next      string // links to the pages around it, empty at the ends
}

// listPage reads the 1-based page number of the list in parameter name.
func listPage(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 1, nil
	}
	// The cap keeps the row offset far from overflowing (PostgreSQL
	// refuses a negative OFFSET); no list has a million pages.
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, tillit.Errorf(tillit.EINVALID, "The page number must be a whole number from 1 up.")
	}
	return n, nil
}

// checkPage refuses a page past the end of a list of total rows.
func checkPage(page, size, total int) error {
	if pages := max(1, (total+size-1)/size); page > pages {
		return tillit.Errorf(tillit.ENOTFOUND, "The list has %d pages.", pages)
	}
	return nil
}

// newPager describes page of a list of total rows, size to a page, of
// which shown are on this one. The links keep the request's other
// parameters and end at anchor, the list's heading.
func newPager(r *http.Request, name, anchor string, page, size, total, shown int) pager {
	p := pager{Total: total}
	if shown > 0 {
		p.From = (page-1)*size + 1
		p.To = p.From + shown - 1
	}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set(name, strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode() + "#" + anchor
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if p.To > 0 && p.To < total {
		p.Next = link(page + 1)
	}
	return p
}
