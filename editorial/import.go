package editorial

import (
	"context"
	"fmt"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/ingest"
)

// Import runs an all-or-nothing import of inputs (package ingest) as the
// user in ctx, and keeps it in the audit log: who, when, which files, and
// how many records of each kind it wrote. An import may bring published
// records and reliability grades without reasons, so it takes a reviewer
// or an administrator (the command line acts as one). An import that fails
// writes nothing, and nothing is logged.
func (s *Service) Import(ctx context.Context, inputs []ingest.Input, opt ingest.Options) (*ingest.Summary, error) {
	u, err := dhakira.Authorize(ctx, dhakira.PermPublish)
	if err != nil {
		return nil, err
	}
	if opt.Author == "" {
		opt.Author = u.Email
	}
	sum, err := ingest.Import(ctx, s.store, inputs, opt)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	return sum, s.audit(ctx, u.Email, "import", strings.Join(names, " "), importDetail(sum, u.Email, opt.Author))
}

// importDetail says what an import wrote: "document 3, person 1; 4 new, 0
// updated", with the records left as they were and the revisions' author
// when it is not the user.
func importDetail(sum *ingest.Summary, actor, author string) string {
	var kinds []string
	for _, k := range dhakira.Kinds {
		if n := sum.ByKind[k]; n > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
		}
	}
	if len(kinds) == 0 {
		kinds = append(kinds, "no records")
	}
	d := fmt.Sprintf("%s; %d new, %d updated", strings.Join(kinds, ", "), sum.Created, sum.Updated)
	if sum.Skipped > 0 {
		d += fmt.Sprintf(", %d left as they were", sum.Skipped)
	}
	if author != actor {
		d += "; revisions by " + author
	}
	return d
}
