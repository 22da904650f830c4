package media_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/mediatest"
	"github.com/dhakira/dhakira/media"
)

func TestWebVTT(t *testing.T) {
	s := time.Second
	got := string(media.WebVTT([]media.Cue{
		{Start: 65 * s, End: 3725*s + 450*time.Millisecond, Text: "<b>bold</b> & a --> arrow"},
		{Start: 0, End: 5 * s, Text: "شهادة\n\n\nمن حمص\r\n"},
		{Start: 10 * s, End: 10 * s, Text: "no time at all"},
		{Start: 20 * s, End: 30 * s, Text: "  \n "},
	}))
	want := "WEBVTT\n" +
		"\n1\n00:00:00.000 --> 00:00:05.000\nشهادة\nمن حمص\n" +
		"\n2\n00:01:05.000 --> 01:02:05.450\n&lt;b&gt;bold&lt;/b&gt; &amp; a --&gt; arrow\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// A real parser reads it: ffmpeg's WebVTT demuxer, converting to SRT.
	mediatest.Need(t, "ffmpeg")
	p := filepath.Join(t.TempDir(), "captions.vtt")
	os.WriteFile(p, []byte(got), 0o644)
	out, err := exec.Command("ffmpeg", "-nostdin", "-loglevel", "error", "-i", p, "-f", "srt", "-").CombinedOutput()
	srt := string(out)
	if err != nil || !strings.Contains(srt, "00:01:05,000 --> 01:02:05,450") || !strings.Contains(srt, "من حمص") ||
		!strings.Contains(srt, "<b>bold</b> & a --> arrow") || !strings.Contains(srt, "\n2\n") || strings.Contains(srt, "\n3\n") {
		t.Errorf("ffmpeg reads: %v\n%s", err, srt)
	}
}

func TestSegmentCues(t *testing.T) {
	segs := []dhakira.Segment{
		{Start: "00:00:00", Title: dhakira.Text{AR: "تمهيد", EN: "Introduction"}},
		{Start: "00:02:30", End: "00:03:00", Text: dhakira.Text{AR: "الاعتقال"}},
		{Start: "00:05:00", Text: dhakira.Text{AR: "السجن", EN: "Prison"}},
	}
	cues, err := media.SegmentCues(segs, "en", time.Hour)
	m := time.Minute
	if err != nil || len(cues) != 2 || cues[0] != (media.Cue{0, 2*m + 30*time.Second, "Introduction"}) || cues[1] != (media.Cue{5 * m, time.Hour, "Prison"}) {
		t.Errorf("english: %+v, %v", cues, err)
	}
	cues, _ = media.SegmentCues(segs, "ar", 0)
	if len(cues) != 3 || cues[1].End != 3*m || cues[2].End != 6*m {
		t.Errorf("arabic, length unknown: %+v", cues)
	}
	if _, err := media.SegmentCues([]dhakira.Segment{{Start: "1:75:00"}}, "ar", 0); err == nil || !strings.Contains(err.Error(), "segments[0].start") {
		t.Errorf("bad start: %v", err)
	}
}

func TestParseTimecode(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"00:00:00": 0, "1:02:03": time.Hour + 2*time.Minute + 3*time.Second, "02:03": 2*time.Minute + 3*time.Second,
		"12:00:00.5": 12*time.Hour + 500*time.Millisecond, "100:00:00": 100 * time.Hour,
	} {
		if got, err := media.ParseTimecode(in); got != want || err != nil {
			t.Errorf("%s: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "1:60:00", "00:00:60", "abc", "1:2:3:4"} {
		if _, err := media.ParseTimecode(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
