package web

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Langs are the languages of the site, Arabic first.
var Langs = []string{"ar", "en"}

//go:embed locales/*.toml
var localeFS embed.FS

// translator gives the interface strings of one language.
type translator struct {
	lang string
	loc  *i18n.Localizer
}

// loadTranslators reads locales/*.toml into one translator per language.
func loadTranslators() (map[string]*translator, error) {
	bundle := i18n.NewBundle(language.Arabic)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	out := map[string]*translator{}
	for _, lang := range Langs {
		if _, err := bundle.LoadMessageFileFS(localeFS, "locales/"+lang+".toml"); err != nil {
			return nil, fmt.Errorf("locales/%s.toml: %w", lang, err)
		}
		out[lang] = &translator{lang: lang, loc: i18n.NewLocalizer(bundle, lang)}
	}
	return out, nil
}

// localeKeys lists the message IDs of a locale file, for the test that both
// languages have the same.
func localeKeys(lang string) ([]string, error) {
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

// T returns the message id filled with data (pairs of name, value). A
// missing message shows as its id: visible in a test, harmless on a page.
func (t *translator) T(id string, kv ...any) string {
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: pairs(kv)})
	if err != nil && s == "" {
		return id
	}
	return s
}

// Has reports whether the language has a message id of its own.
func (t *translator) Has(id string) bool {
	_, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id})
	var nf *i18n.MessageNotFoundErr
	return !errors.As(err, &nf) && err == nil
}

// N returns the plural message id for n, with {{.Count}} set to n.
func (t *translator) N(id string, n int) string {
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

// langFromAccept picks "en" when the Accept-Language header prefers English
// to Arabic, else "ar": the archive is Arabic first, so Arabic wins when
// unsure.
func langFromAccept(header string) string {
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
