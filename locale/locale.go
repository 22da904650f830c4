// Package locale holds the archive's interface strings in Arabic and English
// (the catalogues locales/*.toml, readable by translators) and the ways of
// writing dates, kinds, types, grades and link types in each language. The
// site, the search index, the archival exports and the citation formats all
// name things the same way through it.
package locale

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/dhakira/dhakira"
)

// Langs are the languages of the archive, Arabic first.
var Langs = []string{"ar", "en"}

//go:embed locales/*.toml
var localeFS embed.FS

// Translator gives the interface strings of one language.
type Translator struct {
	lang string
	loc  *i18n.Localizer
}

// Load reads locales/*.toml into one Translator per language.
func Load() (map[string]*Translator, error) {
	bundle := i18n.NewBundle(language.Arabic)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	out := map[string]*Translator{}
	for _, lang := range Langs {
		if _, err := bundle.LoadMessageFileFS(localeFS, "locales/"+lang+".toml"); err != nil {
			return nil, fmt.Errorf("locales/%s.toml: %w", lang, err)
		}
		out[lang] = &Translator{lang: lang, loc: i18n.NewLocalizer(bundle, lang)}
	}
	return out, nil
}

// shared is Load's answer, read once for those that only look up labels.
var shared = sync.OnceValues(Load)

// Keys lists the message IDs of a locale file, for the test that both
// languages have the same.
func Keys(lang string) ([]string, error) {
	data, err := fs.ReadFile(localeFS, "locales/"+lang+".toml")
	if err != nil {
		return nil, err
	}
	msgs, err := i18n.ParseMessageBytes(data, toml.Unmarshal)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	return ids, nil
}

// Lang is the translator's language, "ar" or "en".
func (t *Translator) Lang() string { return t.lang }

// T returns the message id filled with data (pairs of name, value). A
// missing message shows as its id: visible in a test, harmless on a page.
func (t *Translator) T(id string, kv ...any) string {
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: pairs(kv)})
	if err != nil && s == "" {
		return id
	}
	return s
}

// Has reports whether the language has a message id of its own.
func (t *Translator) Has(id string) bool {
	_, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id})
	var nf *i18n.MessageNotFoundErr
	return !errors.As(err, &nf) && err == nil
}

// HasPlural reports whether the language has id as a plural message (one
// that N fills).
func (t *Translator) HasPlural(id string) bool {
	_, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: 1})
	return err == nil
}

// Known returns the message id and true when id is a plain key (no spaces
// or dots, as a slug from a record may hold) that the language has.
func (t *Translator) Known(id string) (string, bool) {
	if validKey(id) && t.Has(id) {
		return t.T(id), true
	}
	return "", false
}

// N returns the plural message id for n, with {{.Count}} set to n.
func (t *Translator) N(id string, n int) string {
	s, err := t.loc.Localize(&i18n.LocalizeConfig{
		MessageID:    id,
		PluralCount:  n,
		TemplateData: map[string]any{"Count": n},
	})
	if err != nil && s == "" {
		return fmt.Sprintf("%s %d", id, n)
	}
	return s
}

func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// validKey keeps odd slugs (spaces, dots) from being looked up at all.
func validKey(id string) bool {
	return strings.IndexFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) < 0
}

// Dir is the writing direction of a language: "rtl" for Arabic, else "ltr".
func Dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// FromAccept picks "en" when the Accept-Language header prefers English
// to Arabic, else "ar": the archive is Arabic first, so Arabic wins when
// unsure.
func FromAccept(header string) string {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return "ar"
	}
	for _, t := range tags {
		base, _ := t.Base()
		switch strings.ToLower(base.String()) {
		case "ar":
			return "ar"
		case "en":
			return "en"
		}
	}
	return "ar"
}

// Both is a label in both languages, each written by f with that language's
// translator.
func Both(f func(t *Translator) string) dhakira.Text {
	trs, err := shared()
	if err != nil {
		return dhakira.Text{}
	}
	return dhakira.Text{AR: f(trs["ar"]), EN: f(trs["en"])}
}
