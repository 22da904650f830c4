package media

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira/internal/mediatest"
)

// TestRunBounds: a tool saying more than its limit, or running past its
// time, is stopped with an error that says so.
func TestRunBounds(t *testing.T) {
	mediatest.Need(t, "ffmpeg")
	_, err := run(context.Background(), time.Minute, 10, "x.mp4", "ffmpeg", "-version")
	if err == nil || !strings.Contains(err.Error(), "more than 10 bytes") {
		t.Errorf("output over the limit: %v", err)
	}
	start := time.Now()
	_, err = run(context.Background(), 300*time.Millisecond, 0, "x.mp4", "ffmpeg", "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc", "-f", "null", "-")
	if err == nil || !strings.Contains(err.Error(), "took longer than 300ms") || time.Since(start) > 10*time.Second {
		t.Errorf("endless encoding: %v after %v", err, time.Since(start))
	}
}
