package web

import (
	"net/http/httptest"
	"testing"

	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/internal/sqlitetest"
)

// TestClientAddrBehindProxy: rate limits count readers, not the proxy in
// front of the nodes, and only a trusted proxy is believed.
func TestClientAddrBehindProxy(t *testing.T) {
	settings := config.Default()
	settings.TrustedProxies = []string{"10.0.0.5", "192.168.1.0/24"}
	s := New(sqlitetest.Open(t), settings)
	for _, c := range []struct {
		remote, forwarded, want string
	}{
		{"203.0.113.7:5000", "", "203.0.113.7"},
		{"203.0.113.7:5000", "1.2.3.4", "203.0.113.7"}, // not a proxy: its header is ignored
		{"10.0.0.5:5000", "198.51.100.9", "198.51.100.9"},
		{"10.0.0.5:5000", "1.2.3.4, 198.51.100.9", "198.51.100.9"},      // the client's own claim comes first
		{"10.0.0.5:5000", "198.51.100.9, 192.168.1.20", "198.51.100.9"}, // through two proxies
		{"10.0.0.5:5000", "", "10.0.0.5"},                               // a proxy's own request
		{"[::ffff:10.0.0.5]:5000", "2001:db8::1", "2001:db8::1"},        // IPv4 mapped in IPv6
		{"10.0.0.6:5000", "198.51.100.9", "10.0.0.6"},                   // not trusted
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.forwarded != "" {
			r.Header.Set("X-Forwarded-For", c.forwarded)
		}
		if got := s.clientAddr(r); got != c.want {
			t.Errorf("from %s forwarding %q: %s, want %s", c.remote, c.forwarded, got, c.want)
		}
	}
	settings.TrustedProxies = []string{"not an address"}
	if _, err := settings.Proxies(); err == nil {
		t.Error("a trusted proxy that is no address: no error")
	}
}
