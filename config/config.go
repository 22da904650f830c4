// Package config reads an archive's settings: its name, its statement, its
// contact address and the labels of its languages. Every archive running
// dhakira has its own, kept in dhakira.toml in the data folder, with flags
// and environment variables able to override each.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// FileName is the settings file in the data folder.
const FileName = "dhakira.toml"

// Bilingual is a setting with an Arabic and an English value.
type Bilingual struct {
	AR string `toml:"ar"`
	EN string `toml:"en"`
}

// Get returns the value for lang, falling back to the other language.
func (b Bilingual) Get(lang string) string {
	if lang == "ar" && b.AR != "" || b.EN == "" {
		return b.AR
	}
	return b.EN
}

// Settings are what makes one archive its own.
type Settings struct {
	Name      Bilingual `toml:"name"`      // the archive's name, in the header and titles
	Statement Bilingual `toml:"statement"` // the line at the top of every page
	Contact   string    `toml:"contact"`   // an e-mail address readers can write to
	Languages Bilingual `toml:"languages"` // labels of the two languages, for the language switch
	BaseURL   string    `toml:"base_url"`  // the public address, for permanent links (e.g. https://archive.example.org)
	// Database is the PostgreSQL database of an archive that runs on
	// several machines (postgres://…); empty, the archive is the SQLite
	// file in the data folder. --database and $DHAKIRA_DATABASE override it.
	Database string `toml:"database,omitempty"`
	// TrustedProxies are the addresses (IPs or CIDR ranges) of reverse
	// proxies in front of the site. A request from one of them is taken to
	// come from the address it names in X-Forwarded-For: rate limits then
	// count readers, not the proxy.
	TrustedProxies []string `toml:"trusted_proxies,omitempty"`
	// Files is where the archive keeps its files: a folder, or
	// s3://bucket/prefix?endpoint=host:port&region=… for S3-compatible
	// storage (credentials from AWS_ACCESS_KEY_ID and
	// AWS_SECRET_ACCESS_KEY). Empty means the folder files/ in the data
	// folder.
	Files string `toml:"files"`
	// MaxFileSize bounds one file, in bytes, on every way in (import,
	// upload, API). A filmed testimony is several GB.
	MaxFileSize int64 `toml:"max_file_size"`
	// PageCacheMB is the budget, in MiB, of the public pages kept
	// rendered between changes of the archive; 0 turns it off. Unset, it
	// is DefaultPageCacheMB.
	PageCacheMB *int `toml:"page_cache_mb,omitempty"`
}

// DefaultPageCacheMB is the page cache's budget unless page_cache_mb says
// otherwise: about 20,000 pages kept gzipped.
const DefaultPageCacheMB = 128

// PageCacheBytes is the page cache's budget in bytes.
func (s Settings) PageCacheBytes() int64 {
	if s.PageCacheMB == nil {
		return DefaultPageCacheMB << 20
	}
	return int64(*s.PageCacheMB) << 20
}

// Proxies parses TrustedProxies.
func (s Settings) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range s.TrustedProxies {
		if a, err := netip.ParseAddr(p); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		pre, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, fmt.Errorf("trusted_proxies: %q is neither an IP address nor a CIDR range", p)
		}
		out = append(out, pre.Masked())
	}
	return out, nil
}

// DefaultMaxFileSize is the size limit of a file in a new archive: 50 GB.
const DefaultMaxFileSize = 50_000_000_000

// Default returns the settings of a new archive.
func Default() Settings {
	return Settings{
		Name: Bilingual{AR: "أرشيف الذاكرة", EN: "Memory Archive"},
		Statement: Bilingual{
			AR: "هذه الذاكرة ملك لكل الناس. يستند عملنا إلى المعايير العلمية، وينبغي أن تكون المعلومات دقيقة وموثوقة، وألّا تكتسي أيّ صبغة أيديولوجية. أرسلوا إلينا تعليقاتكم لإثراء المحتوى.",
			EN: "This memory belongs to everyone. Our work follows scholarly standards: information must be accurate and reliable, free of any ideological colouring. Send us your comments to enrich the content.",
		},
		Languages:   Bilingual{AR: "العربية", EN: "English"},
		MaxFileSize: DefaultMaxFileSize,
	}
}

// Load reads dir/dhakira.toml, writing the defaults there first when the
// file does not exist, so an archivist finds a file to edit. Unknown keys
// are an error naming them: a misspelt setting must not be silently ignored.
func Load(dir string) (Settings, error) {
	path := filepath.Join(dir, FileName)
	s := Default()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, writeDefault(path, s)
	}
	if err != nil {
		return s, err
	}
	md, err := toml.Decode(string(data), &s)
	if err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		return s, fmt.Errorf("%s: unknown setting %s", path, strings.Join(keys, ", "))
	}
	if _, err := s.Proxies(); err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	if s.PageCacheMB != nil && *s.PageCacheMB < 0 {
		return s, fmt.Errorf("%s: page_cache_mb: %d is negative (0 turns the page cache off)", path, *s.PageCacheMB)
	}
	return s, nil
}

func writeDefault(path string, s Settings) error {
	var buf bytes.Buffer
	buf.WriteString("# Settings of this dhakira archive. Flags of `dhakira serve` and\n# DHAKIRA_* environment variables override them.\n\n")
	if err := toml.NewEncoder(&buf).Encode(s); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// Overrides are settings given on the command line or in the environment;
// empty ones leave the file's value.
type Overrides struct {
	NameAR, NameEN, StatementAR, StatementEN, Contact, BaseURL string
	Files                                                      string
	MaxFileSize                                                int64
}

// FromEnv reads DHAKIRA_NAME_AR, DHAKIRA_NAME_EN, DHAKIRA_STATEMENT_AR,
// DHAKIRA_STATEMENT_EN, DHAKIRA_CONTACT, DHAKIRA_BASE_URL and DHAKIRA_FILES.
func FromEnv(getenv func(string) string) Overrides {
	return Overrides{
		NameAR: getenv("DHAKIRA_NAME_AR"), NameEN: getenv("DHAKIRA_NAME_EN"),
		StatementAR: getenv("DHAKIRA_STATEMENT_AR"), StatementEN: getenv("DHAKIRA_STATEMENT_EN"),
		Contact: getenv("DHAKIRA_CONTACT"), BaseURL: getenv("DHAKIRA_BASE_URL"),
		Files: getenv("DHAKIRA_FILES"),
	}
}

// Apply returns s with every non-empty override put in.
func (o Overrides) Apply(s Settings) Settings {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&s.Name.AR, o.NameAR)
	set(&s.Name.EN, o.NameEN)
	set(&s.Statement.AR, o.StatementAR)
	set(&s.Statement.EN, o.StatementEN)
	set(&s.Contact, o.Contact)
	set(&s.BaseURL, strings.TrimRight(o.BaseURL, "/"))
	set(&s.Files, o.Files)
	if o.MaxFileSize > 0 {
		s.MaxFileSize = o.MaxFileSize
	}
	if s.MaxFileSize <= 0 {
		s.MaxFileSize = DefaultMaxFileSize
	}
	return s
}

// RecordURL is the permanent address of a record: the public address
// followed by /records/CODE, which sends a reader to the page in their
// language. Without a public address it is the bare path, which a web
// handler completes from the request.
func (s Settings) RecordURL(code string) string {
	return strings.TrimRight(s.BaseURL, "/") + "/records/" + code
}
