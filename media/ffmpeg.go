package media

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// PosterWidth is the widest a poster frame is made; narrower videos keep
// their size.
const PosterWidth = 1280

// AccessHeight is the tallest an access copy is made (720p); smaller
// videos keep their size.
const AccessHeight = 720

// posterAt is when the poster frame is taken: at a tenth of the
// recording, past the black of its start, or at 1 s when the length is
// unknown, or at the start of one shorter than 1 s.
func posterAt(d time.Duration) time.Duration {
	switch {
	case d <= 0:
		return time.Second
	case d < time.Second:
		return 0
	}
	return d / 10
}

func secs(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }

// ffmpeg runs ffmpeg to write out, removing a partial out on failure.
func ffmpeg(ctx context.Context, timeout time.Duration, in, out string, args ...string) error {
	base := []string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y"}
	if _, err := run(ctx, timeout, 0, in, "ffmpeg", append(base, args...)...); err != nil {
		os.Remove(out)
		return err
	}
	st, err := os.Stat(out)
	if err != nil || st.Size() == 0 {
		os.Remove(out)
		return fmt.Errorf("%s: ffmpeg wrote nothing to %s", filepath.Base(in), filepath.Base(out))
	}
	return nil
}

// Poster writes a JPEG frame of the video in (at posterAt of its length),
// at most PosterWidth wide, to out.
func Poster(ctx context.Context, in, out string) error {
	info, err := Probe(ctx, in)
	if err != nil {
		return err
	}
	if !info.HasVideo() {
		return fmt.Errorf("%s: no video to take a poster frame from", filepath.Base(in))
	}
	at := posterAt(info.Duration)
	err = ffmpeg(ctx, ImageTimeout, in, out,
		"-ss", secs(at), "-i", in, "-frames:v", "1", "-an",
		"-vf", fmt.Sprintf("scale='min(%d,iw)':-2", PosterWidth),
		"-q:v", "3", "-f", "image2", "-c:v", "mjpeg", out)
	if err != nil && at > 0 {
		// Some files seek badly (no index): take the first frame instead.
		err = ffmpeg(ctx, ImageTimeout, in, out, "-i", in, "-frames:v", "1", "-an",
			"-vf", fmt.Sprintf("scale='min(%d,iw)':-2", PosterWidth),
			"-q:v", "3", "-f", "image2", "-c:v", "mjpeg", out)
	}
	return err
}

// Thumbnail writes a JPEG of the image (or the first frame of the video)
// in, width pixels wide at most, to out.
func Thumbnail(ctx context.Context, in, out string, width int) error {
	return ffmpeg(ctx, ImageTimeout, in, out, "-i", in, "-frames:v", "1", "-an",
		"-vf", fmt.Sprintf("scale='min(%d,iw)':-2", width),
		"-q:v", "4", "-f", "image2", "-c:v", "mjpeg", out)
}

// AccessCopy writes to out a copy of the recording in that every browser
// plays: for a video, an MP4 of H.264 (8-bit 4:2:0, at most AccessHeight
// lines, CRF 23) and AAC (128 kb/s stereo); for a sound recording, an M4A
// of AAC. The index is at the start (+faststart) so that playback and
// seeking begin before the whole file has come. ffmpeg uses Threads
// threads. It returns what the copy is.
func AccessCopy(ctx context.Context, in, out string) (Info, error) {
	info, err := Probe(ctx, in)
	if err != nil {
		return Info{}, err
	}
	args := []string{"-i", in, "-map_metadata", "-1", "-threads", strconv.Itoa(Threads)}
	if info.HasVideo() {
		args = append(args, "-map", "0:v:0", "-map", "0:a:0?",
			"-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high", "-pix_fmt", "yuv420p",
			// Even dimensions, no taller than AccessHeight, square pixels.
			"-vf", fmt.Sprintf("scale=-2:'min(%d,trunc(ih/2)*2)',setsar=1", AccessHeight))
	} else if info.AudioCodec != "" {
		args = append(args, "-map", "0:a:0", "-vn")
	} else {
		return Info{}, fmt.Errorf("%s: neither video nor sound to copy", filepath.Base(in))
	}
	format := "mp4"
	if !info.HasVideo() {
		format = "ipod" // an MP4 branded M4A: audio/mp4
	}
	args = append(args, "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-movflags", "+faststart", "-f", format, out)
	if err := ffmpeg(ctx, EncodeTimeout, in, out, args...); err != nil {
		return Info{}, err
	}
	return Probe(ctx, out)
}
