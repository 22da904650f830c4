package media

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
)

// Cue is one caption: a text shown from Start to End.
type Cue struct {
	Start, End time.Duration
	Text       string
}

// WebVTT writes cues as a WebVTT file (https://www.w3.org/TR/webvtt1/),
// for <track> elements: ordered by start time as the format requires,
// cues ending no later than they start or without text left out, the
// text escaped (&, <, >, which also keeps "-->" out of it) and blank
// lines in it closed up, since a blank line ends a cue.
func WebVTT(cues []Cue) []byte {
	cues = slices.Clone(cues)
	slices.SortStableFunc(cues, func(a, b Cue) int { return int((a.Start - b.Start) / time.Millisecond) })
	var b bytes.Buffer
	b.WriteString("WEBVTT\n")
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r\n", "\n", "\r", "\n")
	n := 0
	for _, c := range cues {
		var lines []string
		for _, l := range strings.Split(esc.Replace(c.Text), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if c.Start < 0 || c.End/time.Millisecond <= c.Start/time.Millisecond || len(lines) == 0 {
			continue
		}
		n++
		fmt.Fprintf(&b, "\n%d\n%s --> %s\n%s\n", n, vttTime(c.Start), vttTime(c.End), strings.Join(lines, "\n"))
	}
	return b.Bytes()
}

// vttTime writes a WebVTT timestamp, hours always: 01:02:03.450.
func vttTime(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3_600_000, ms/60_000%60, ms/1000%60, ms%1000)
}

var timecode = regexp.MustCompile(`^(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?$`)

// ParseTimecode reads "H:MM:SS", "HH:MM:SS", "MM:SS", optionally with
// ".mmm", as a testimony's segments write their times.
func ParseTimecode(s string) (time.Duration, error) {
	m := timecode.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("timecode %q: want HH:MM:SS", s)
	}
	h := 0
	if m[1] != "" {
		h, _ = strconv.Atoi(m[1])
	}
	min, _ := strconv.Atoi(m[2])
	sec, _ := strconv.Atoi(m[3])
	if min > 59 || sec > 59 {
		return 0, fmt.Errorf("timecode %q: minutes and seconds go up to 59", s)
	}
	ms := 0
	if m[4] != "" {
		ms, _ = strconv.Atoi((m[4] + "00")[:3])
	}
	return time.Duration(h)*time.Hour + time.Duration(min)*time.Minute + time.Duration(sec)*time.Second + time.Duration(ms)*time.Millisecond, nil
}

// SegmentCues makes the captions of a testimony in lang from its
// time-coded segments: each segment's text in lang (its title when it has
// no text in lang), shown from its start to its end, or, without an end,
// to the next segment's start, or to the end of the recording (length)
// for the last, or for a minute when the length is unknown (0). Segments
// with nothing in lang give no cue.
func SegmentCues(segs []dhakira.Segment, lang string, length time.Duration) ([]Cue, error) {
	starts := make([]time.Duration, len(segs))
	for i, s := range segs {
		d, err := ParseTimecode(s.Start)
		if err != nil {
			return nil, fmt.Errorf("segments[%d].start: %v", i, err)
		}
		starts[i] = d
	}
	var cues []Cue
	for i, s := range segs {
		text := strings.TrimSpace(s.Text.Get(lang))
		if text == "" {
			text = strings.TrimSpace(s.Title.Get(lang))
		}
		if text == "" {
			continue
		}
		end := length
		if s.End != "" {
			d, err := ParseTimecode(s.End)
			if err != nil {
				return nil, fmt.Errorf("segments[%d].end: %v", i, err)
			}
			end = d
		} else {
			// The next start after this one.
			for j := range segs {
				if starts[j] > starts[i] && (end <= starts[i] || starts[j] < end) {
					end = starts[j]
				}
			}
		}
		if end <= starts[i] && s.End == "" {
			end = starts[i] + time.Minute
		}
		cues = append(cues, Cue{Start: starts[i], End: end, Text: text})
	}
	return cues, nil
}
