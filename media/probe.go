package media

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
)

// Info is what ffprobe says of a recording (or of an image, which ffmpeg
// reads as a one-frame video).
type Info struct {
	Type       string        // media type detected from the content (dhakira.DetectType)
	Format     string        // ffprobe's format_name: "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "asf"…
	Duration   time.Duration // 0 when unknown
	VideoCodec string        // "h264", "vp9", "wmv2", "mpeg4"…; "" without video
	PixFmt     string        // "yuv420p"…
	Profile    string        // "High", "High 10"…
	Width      int
	Height     int
	AudioCodec string // "aac", "mp3", "opus", "wmav2", "pcm_s16le"…; "" without audio
	Channels   int
	Bitrate    int64 // bits per second, 0 when unknown
}

// HasVideo reports whether the file has a moving picture: a video stream
// that is not a single still (cover art, an image).
func (i Info) HasVideo() bool { return i.VideoCodec != "" && !stillCodec[i.VideoCodec] }

// stillCodecs are image codecs ffmpeg reports as video streams.
var stillCodec = map[string]bool{"mjpeg": true, "png": true, "bmp": true, "gif": true, "tiff": true, "webp": true}

type probeJSON struct {
	Format struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
		BitRate    string `json:"bit_rate"`
	} `json:"format"`
	Streams []struct {
		CodecType   string `json:"codec_type"`
		CodecName   string `json:"codec_name"`
		Profile     string `json:"profile"`
		PixFmt      string `json:"pix_fmt"`
		Width       int    `json:"width"`
		Height      int    `json:"height"`
		Channels    int    `json:"channels"`
		Duration    string `json:"duration"`
		Disposition struct {
			AttachedPic int `json:"attached_pic"`
		} `json:"disposition"`
	} `json:"streams"`
}

// sniff detects the media type of a file from its first bytes.
func sniff(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, dhakira.SniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	return dhakira.DetectType(head[:n]), nil
}

// Probe asks ffprobe what a recording is: its container, duration, the
// codecs and size of its first video and audio streams.
func Probe(ctx context.Context, path string) (Info, error) {
	typ, err := sniff(path)
	if err != nil {
		return Info{}, err
	}
	out, err := run(ctx, ProbeTimeout, maxJSON, path, "ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", path)
	if err != nil {
		return Info{}, err
	}
	var p probeJSON
	if err := json.Unmarshal(out, &p); err != nil {
		return Info{}, fmt.Errorf("%s: ffprobe: %v", filepath.Base(path), err)
	}
	info := Info{Type: typ, Format: p.Format.FormatName}
	info.Duration = seconds(p.Format.Duration)
	info.Bitrate, _ = strconv.ParseInt(p.Format.BitRate, 10, 64)
	for _, s := range p.Streams {
		switch {
		case s.CodecType == "video" && info.VideoCodec == "" && s.Disposition.AttachedPic == 0:
			info.VideoCodec, info.PixFmt, info.Profile = s.CodecName, s.PixFmt, s.Profile
			info.Width, info.Height = s.Width, s.Height
		case s.CodecType == "audio" && info.AudioCodec == "":
			info.AudioCodec, info.Channels = s.CodecName, s.Channels
		}
		if info.Duration == 0 {
			info.Duration = seconds(s.Duration)
		}
	}
	if info.Format == "" {
		return Info{}, fmt.Errorf("%s: ffprobe found no media in it", filepath.Base(path))
	}
	return info, nil
}

func seconds(s string) time.Duration {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}

// Playable reports whether every common browser plays the file as it is,
// in <video> or <audio>, by its container (its detected media type, as
// the archive serves it) and codecs: MP4 with H.264 (8-bit 4:2:0), VP9 or
// AV1 video and AAC, MP3 or Opus audio; WebM with VP8, VP9 or AV1 and Opus
// or Vorbis; MP3, M4A (AAC), Ogg (Vorbis, Opus), WAV (PCM) and FLAC audio.
// Anything else (AVI, WMV, QuickTime, Matroska, 3GP, MPEG, 10-bit or
// 4:4:4 H.264, HEVC…) needs an access copy.
func Playable(i Info) bool {
	video := func(ok ...string) bool {
		if i.VideoCodec == "" {
			return true
		}
		if !slices.Contains(ok, i.VideoCodec) {
			return false
		}
		if i.VideoCodec == "h264" {
			return (i.PixFmt == "yuv420p" || i.PixFmt == "yuvj420p") && !strings.Contains(i.Profile, "10") && !strings.Contains(i.Profile, "4:")
		}
		return true
	}
	audio := func(ok ...string) bool { return i.AudioCodec == "" || slices.Contains(ok, i.AudioCodec) }
	if i.VideoCodec == "" && i.AudioCodec == "" {
		return false
	}
	switch i.Type {
	case "video/mp4", "audio/mp4":
		return video("h264", "vp9", "av1") && audio("aac", "mp3", "opus")
	case "video/webm", "audio/webm":
		return video("vp8", "vp9", "av1") && audio("opus", "vorbis")
	case "audio/mpeg":
		return i.AudioCodec == "mp3" && !i.HasVideo()
	case "audio/ogg":
		return audio("vorbis", "opus") && i.AudioCodec != ""
	case "audio/wav":
		return strings.HasPrefix(i.AudioCodec, "pcm_")
	case "audio/flac":
		return i.AudioCodec == "flac"
	}
	return false
}
