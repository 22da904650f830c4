package web

import (
	"context"
	"net/http"

	"github.com/dhakira/dhakira"
)

// previewStore shows an unsaved record through the archive as if it were
// published: the record page reads it, its links and its place path from
// here, and everything else from the store. Nothing is written anywhere.
type previewStore struct {
	dhakira.Store
	rec  *dhakira.Record
	info *dhakira.RecordInfo
}

func (ps *previewStore) Record(ctx context.Context, code string, a dhakira.Audience) (*dhakira.Record, *dhakira.RecordInfo, error) {
	if code != ps.rec.Code {
		return ps.Store.Record(ctx, code, a)
	}
	cp := *ps.rec
	cp.Status = dhakira.Published
	return &cp, ps.info, nil
}

// Related lists the unsaved record's own links, then the links other
// records make to it as saved.
func (ps *previewStore) Related(ctx context.Context, code string, a dhakira.Audience) ([]dhakira.Related, error) {
	if code != ps.rec.Code {
		return ps.Store.Related(ctx, code, a)
	}
	var out []dhakira.Related
	for _, l := range ps.rec.Links {
		t, _, err := ps.Store.Record(ctx, l.To, a)
		if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, dhakira.Related{Summary: summaryOf(t), Rel: l.Rel, Note: l.Note})
	}
	saved, err := ps.Store.Related(ctx, code, a)
	if err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		return nil, err
	}
	for _, rl := range saved {
		if rl.Inverse {
			out = append(out, rl)
		}
	}
	return out, nil
}

// PlacePath of a place being previewed runs through its unsaved parent.
func (ps *previewStore) PlacePath(ctx context.Context, code string, a dhakira.Audience) ([]dhakira.Summary, error) {
	if code != ps.rec.Code {
		return ps.Store.PlacePath(ctx, code, a)
	}
	var path []dhakira.Summary
	if parent := ps.rec.Attrs.Parent; parent != "" && parent != code {
		p, err := ps.Store.PlacePath(ctx, parent, a)
		if err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			return nil, err
		}
		path = p
	}
	sm := summaryOf(ps.rec)
	sm.Status = dhakira.Published
	return append(path, sm), nil
}

// IsPreview reports whether the page shows an unsaved record.
func (p *page) IsPreview() bool {
	_, ok := p.s.store.(*previewStore)
	return ok
}

// adminPreview renders rec, unsaved, with the public record page. A new
// record without a code shows under a placeholder one.
func (s *Server) adminPreview(w http.ResponseWriter, r *http.Request, lang string, rec *dhakira.Record, info *dhakira.RecordInfo) {
	cp := *rec
	cp.Normalize()
	if !dhakira.ValidCode(cp.Code) {
		cp.Code = cp.Kind.Prefix() + "-NEW"
	}
	ps := &previewStore{Store: s.store, rec: &cp, info: info}
	view := *s
	view.store = ps
	r = r.Clone(r.Context())
	r.SetPathValue("code", cp.Code)
	view.handleRecord(w, r, lang)
}
