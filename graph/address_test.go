package graph

import (
	"strings"
	"testing"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in       string
		defPort  int
		host     string
		port     int
		portNote string
		wantErr  string
	}{
		{"10.0.0.5:8080", 0, "10.0.0.5", 8080, "", ""},
		{"API.Internal.:443", 0, "api.internal", 443, "", ""},
		{"80", 0, "", 80, "", ""},
		{"*:80", 0, "", 80, "", ""},
		{"0.0.0.0:80", 0, "", 80, "", ""},
		{"[::]:443", 0, "", 443, "", ""},
		{"[2001:db8::1]:8443", 0, "2001:db8::1", 8443, "", ""},
		{"2001:db8::1", 0, "2001:db8::1", 0, "", ""},
		{"backend", 80, "backend", 80, "", ""},
		{"http://10.0.0.5/api", 0, "10.0.0.5", 80, "http:// default port 80", ""},
		{"https://user@api.internal/x?y", 0, "api.internal", 443, "https:// default port 443", ""},
		{"http://10.0.0.5:9000", 0, "10.0.0.5", 9000, "", ""},
		{"", 0, "", 0, "", "empty address"},
		{"host:99999", 0, "", 0, "", "bad port"},
		{"[::1", 0, "", 0, "", "missing ']'"},
	}
	for _, tt := range tests {
		a, err := ParseAddress(tt.in, tt.defPort)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseAddress(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || a.Host != tt.host || a.Port != tt.port || a.PortNote != tt.portNote {
			t.Errorf("ParseAddress(%q) = %+v, %v; want host %q port %d note %q", tt.in, a, err, tt.host, tt.port, tt.portNote)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.24", "1.29.7", -1},
		{"1.29.7", "1.29.7", 0},
		{"1.30", "1.29.7", 1},
		{"1.30.0", "1.30", 0},
		{"", "1.31", 1},
		{"1.31", "", -1},
		{"1.29.10", "1.29.7", 1},
		{"2.8-dev", "2.8", 0},
	}
	for _, tt := range tests {
		if got := CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCatalogueHasSources(t *testing.T) {
	for _, e := range Defaults() {
		if !strings.HasPrefix(e.Source, "https://") || e.Key == "" {
			t.Errorf("default %s %s lacks a key or an https source: %+v", e.Software, e.Setting, e)
		}
	}
	if e, _ := LookupDefault("nginx", "1.24", PoolReuse); e.Bool {
		t.Error("nginx 1.24 must not reuse upstream connections by default")
	}
	if e, _ := LookupDefault("nginx", "", PoolReuse); !e.Bool {
		t.Error("the newest nginx reuses upstream connections by default")
	}
}

func TestHostPort(t *testing.T) {
	for _, tt := range []struct {
		a    Address
		want string
	}{
		{Address{Port: 80}, "*:80"},
		{Address{Host: "10.0.0.1", Port: 8080}, "10.0.0.1:8080"},
		{Address{Host: "fd00::1", Port: 443}, "[fd00::1]:443"},
		{Address{Host: "api.internal"}, "api.internal"},
		{Address{Host: strings.Repeat("long-name.", 10), Port: 1}, strings.Repeat("long-name.", 10) + ":1"},
	} {
		if got := tt.a.HostPort(); got != tt.want {
			t.Errorf("HostPort() = %q, want %q", got, tt.want)
		}
		if got := string(tt.a.AppendHostPort([]byte("to "))); got != "to "+tt.want {
			t.Errorf("AppendHostPort = %q, want %q", got, "to "+tt.want)
		}
	}
}
