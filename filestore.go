package dhakira

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// FileInfo describes a file the archive keeps: its bytes are addressed by
// their SHA-256 and never altered, so the three fields never change either.
type FileInfo struct {
	SHA256 string // 64 lowercase hex digits
	Size   int64  // bytes
	Type   string // media type detected from the content (DetectType), never from a name
}

// FileReader reads one stored file. It seeks, so that http.ServeContent
// can answer range requests from it without reading what comes before.
type FileReader interface {
	io.ReadSeekCloser
	Size() int64
}

// FileStore keeps the archive's files: the originals, whole and unaltered,
// under their SHA-256, and beside each original the files derived from it
// (a poster frame, a web copy, page thumbnails, extracted text), which can
// always be made again. A local folder and S3-compatible object storage
// implement it; filestoretest is the behaviour both must have.
//
// Implementations stream: no method holds a whole file in memory, whatever
// its size.
type FileStore interface {
	// Put reads r to its end and stores its bytes under their SHA-256. It
	// is atomic: until it returns nil, no reader can see the file, and a
	// failure or a crash part way leaves nothing under the hash. The same
	// bytes put twice are stored once (the second Put returns the same
	// FileInfo). When r holds more than limit bytes (limit > 0), Put stops
	// reading and returns an EINVALID error naming the limit, keeping
	// nothing; limit <= 0 means no limit.
	Put(ctx context.Context, r io.Reader, limit int64) (FileInfo, error)
	// Stat describes the file with the given hash; ENOTFOUND when there is
	// none, EINVALID when sha is not 64 lowercase hex digits.
	Stat(ctx context.Context, sha string) (FileInfo, error)
	// Open opens the file with the given hash for reading; ENOTFOUND when
	// there is none. The caller closes it.
	Open(ctx context.Context, sha string) (FileReader, error)

	// PutDerived stores r as the derived file name of the original sha,
	// replacing one of that name, atomically. name is a plain file name
	// (ValidDerivedName), e.g. "poster.jpg", "access.mp4",
	// "page-0001.jpg", "text.json". ENOTFOUND when the original is absent.
	PutDerived(ctx context.Context, sha, name string, r io.Reader) error
	// OpenDerived opens a derived file; ENOTFOUND when there is none.
	OpenDerived(ctx context.Context, sha, name string) (FileReader, error)
	// Derived lists the names of the derived files of sha, sorted; none
	// is not an error.
	Derived(ctx context.Context, sha string) ([]string, error)
}

// ValidSHA256 reports whether s is a hash as the archive writes it: 64
// lowercase hex digits.
func ValidSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// CheckSHA256 returns an EINVALID error naming s when it is not a valid
// hash, so that no store builds a path or a key from anything else.
func CheckSHA256(s string) error {
	if !ValidSHA256(s) {
		return Errorf(EINVALID, "file hash %q: not 64 lowercase hex digits", s)
	}
	return nil
}

// ValidDerivedName reports whether name may name a derived file: 1 to 100
// of a-z, 0-9, '.', '_' and '-', not starting with a dot. Such a name is
// the same file name on every file system and the same key on every object
// store.
func ValidDerivedName(name string) bool {
	if name == "" || len(name) > 100 || name[0] == '.' {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// CheckDerivedName returns an EINVALID error when name is not a valid
// derived file name.
func CheckDerivedName(name string) error {
	if !ValidDerivedName(name) {
		return Errorf(EINVALID, "derived file name %q: want 1 to 100 of a-z 0-9 . _ - not starting with a dot", name)
	}
	return nil
}

// TooLarge is the error a FileStore's Put returns for a file over its
// limit.
func TooLarge(limit int64) error {
	return Errorf(EINVALID, "file larger than the limit of %s (%d bytes)", FormatSize(limit), limit)
}

// FormatSize writes a size in bytes for people: "512 bytes", "1.5 MB",
// "4 GB" (powers of 1000, as file managers and disk makers count).
func FormatSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	s := fmt.Sprintf("%.1f", float64(n)/float64(div))
	s = strings.TrimSuffix(s, ".0")
	return s + " " + "kMGTP"[exp:exp+1] + "B"
}

// SniffLen is how many bytes of the start of a file DetectType looks at.
const SniffLen = 8192

// DetectType returns the media type of a file from its first bytes (the
// first SniffLen, or the whole file when it is shorter). It knows the
// formats an archive of documents, recordings and scans receives, many of
// which net/http.DetectContentType does not (video containers, TIFF, FLAC,
// WMV…): MP4, M4A, QuickTime, 3GP/3G2, WebM, Matroska, AVI, WMV/WMA
// (ASF), MPEG program and transport streams, MP3, AAC, WAV, Ogg
// (Vorbis/Opus/Theora), FLAC, PDF, JPEG, PNG, GIF, WebP, TIFF, BMP,
// HEIC/AVIF, ZIP, WebVTT, and text. Any text that is valid UTF-8 is
// "text/plain; charset=utf-8" (HTML and SVG included, on purpose: the
// archive never serves what it received as a page that runs in its own
// origin). Anything else is "application/octet-stream".
func DetectType(head []byte) string {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	has := func(off int, sig string) bool {
		return len(head) >= off+len(sig) && string(head[off:off+len(sig)]) == sig
	}
	switch {
	case has(0, "%PDF-"):
		return "application/pdf"
	case has(0, "\xff\xd8\xff"):
		return "image/jpeg"
	case has(0, "\x89PNG\r\n\x1a\n"):
		return "image/png"
	case has(0, "GIF87a"), has(0, "GIF89a"):
		return "image/gif"
	case has(0, "II*\x00"), has(0, "MM\x00*"):
		return "image/tiff"
	case has(0, "RIFF") && has(8, "WEBP"):
		return "image/webp"
	case has(0, "RIFF") && has(8, "AVI "):
		return "video/x-msvideo"
	case has(0, "RIFF") && has(8, "WAVE"), has(0, "RF64") && has(8, "WAVE"):
		return "audio/wav"
	case has(4, "ftyp"):
		return ftypType(head)
	case has(4, "moov"), has(4, "mdat"), has(4, "wide"), has(4, "free") && has(12+4, "mdat"):
		return "video/quicktime" // QuickTime files older than the ftyp box
	case has(0, "\x1a\x45\xdf\xa3"):
		return ebmlType(head)
	case has(0, asfHeader):
		switch {
		case bytes.Contains(head, []byte(asfVideoMedia)):
			return "video/x-ms-wmv"
		case bytes.Contains(head, []byte(asfAudioMedia)):
			return "audio/x-ms-wma"
		}
		return "video/x-ms-asf"
	case has(0, "\x00\x00\x01\xba"):
		return "video/mpeg"
	case has(0, "\x00\x00\x01\xb3"):
		return "video/mpeg"
	case len(head) > 188 && head[0] == 0x47 && head[188] == 0x47:
		return "video/mp2t"
	case has(0, "OggS"):
		return oggType(head)
	case has(0, "fLaC"):
		return "audio/flac"
	case has(0, "ID3"):
		return "audio/mpeg"
	case len(head) >= 2 && head[0] == 0xff && head[1]&0xf6 == 0xf0:
		return "audio/aac" // ADTS: sync word, layer 0
	case len(head) >= 2 && head[0] == 0xff && head[1]&0xe0 == 0xe0 && head[1]&0x06 != 0:
		return "audio/mpeg" // MPEG audio frame: sync word, layer I–III
	case has(0, "BM") && len(head) >= 14 && binary.LittleEndian.Uint32(head[6:]) == 0:
		return "image/bmp"
	case has(0, "PK\x03\x04"), has(0, "PK\x05\x06"):
		return "application/zip"
	case has(0, "\xef\xbb\xbfWEBVTT"), has(0, "WEBVTT") && (len(head) == 6 || head[6] == ' ' || head[6] == '\t' || head[6] == '\n' || head[6] == '\r'):
		return "text/vtt"
	case isText(head):
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

// ASF (WMV, WMA) object GUIDs, as they are written on disk.
const (
	asfHeader     = "\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c"
	asfVideoMedia = "\xc0\xef\x19\xbc\x4d\x5b\xcf\x11\xa8\xfd\x00\x80\x5f\x5c\x44\x2b"
	asfAudioMedia = "\x40\x9e\x69\xf8\x4d\x5b\xcf\x11\xa8\xfd\x00\x80\x5f\x5c\x44\x2b"
)

// ftypType reads the brands of an ISO base media file (MP4 and its kin).
func ftypType(head []byte) string {
	if len(head) < 12 {
		return "video/mp4"
	}
	major := string(head[8:12])
	switch {
	case major == "qt  ":
		return "video/quicktime"
	case strings.HasPrefix(major, "3gp"), strings.HasPrefix(major, "3ge"), strings.HasPrefix(major, "3gs"):
		return "video/3gpp"
	case strings.HasPrefix(major, "3g2"):
		return "video/3gpp2"
	case major == "M4A " || major == "M4B " || major == "F4A ":
		return "audio/mp4"
	case major == "heic" || major == "heix" || major == "mif1" && ftypHasBrand(head, "heic"):
		return "image/heic"
	case major == "avif" || major == "avis":
		return "image/avif"
	case major == "crx ":
		return "application/octet-stream" // camera raw
	}
	return "video/mp4"
}

func ftypHasBrand(head []byte, brand string) bool {
	size := int(binary.BigEndian.Uint32(head))
	if size > len(head) {
		size = len(head)
	}
	for i := 16; i+4 <= size; i += 4 {
		if string(head[i:i+4]) == brand {
			return true
		}
	}
	return false
}

// ebmlType tells WebM from other Matroska files by the EBML DocType.
func ebmlType(head []byte) string {
	n := 64
	if len(head) < n {
		n = len(head)
	}
	switch {
	case bytes.Contains(head[:n], []byte("\x42\x82\x84webm")), bytes.Contains(head[:n], []byte("\x42\x82\x88webm")):
		if bytes.Contains(head, []byte("V_VP")) || bytes.Contains(head, []byte("V_AV1")) || !bytes.Contains(head, []byte("A_")) {
			return "video/webm"
		}
		if !bytes.Contains(head, []byte("V_")) {
			return "audio/webm"
		}
		return "video/webm"
	case bytes.Contains(head[:n], []byte("matroska")):
		return "video/x-matroska"
	}
	return "application/octet-stream"
}

// oggType looks at the codec of an Ogg stream's first page.
func oggType(head []byte) string {
	n := 128
	if len(head) < n {
		n = len(head)
	}
	h := head[:n]
	switch {
	case bytes.Contains(h, []byte("\x80theora")), bytes.Contains(h, []byte("\x01video")):
		return "video/ogg"
	case bytes.Contains(h, []byte("OpusHead")):
		return "audio/ogg"
	case bytes.Contains(h, []byte("\x01vorbis")), bytes.Contains(h, []byte("\x7fFLAC")), bytes.Contains(h, []byte("Speex")):
		return "audio/ogg"
	}
	return "application/ogg"
}

// isText reports whether head is UTF-8 text: valid UTF-8 (a rune cut at
// the end forgiven) without control characters other than white space.
func isText(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	for i := 0; i < len(head); {
		c := head[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size <= 1 {
			// A rune cut by the end of the sniffed bytes is fine.
			return len(head)-i < utf8.UTFMax && !utf8.FullRune(head[i:]) && len(head) == SniffLen
		}
		i += size
	}
	return true
}
