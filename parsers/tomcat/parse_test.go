package tomcat

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// shipped is the HTTP connector of the server.xml Tomcat ships.
const shipped = `<?xml version="1.0" encoding="UTF-8"?>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="8080" protocol="HTTP/1.1"
               connectionTimeout="20000"
               redirectPort="8443" />
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="app.internal" appBase="webapps">
        <Alias>www.app.internal</Alias>
      </Host>
    </Engine>
  </Service>
</Server>
`

func parseAs(t *testing.T, src string) *graph.Fragment {
	t.Helper()
	f := parse([]byte(src), "server.xml", "server.xml", input.Options{})
	for _, err := range parsertest.LinePositionErrors(src, "server.xml", f) {
		t.Error(err)
	}
	for _, err := range parsertest.MissingPositions(f) {
		t.Error(err)
	}
	return f
}

// summary prints every listener as "NAME addrs=[...] names=[...] idle=... request=...".
func summary(f *graph.Fragment) []string {
	var out []string
	for _, l := range f.Hops[0].Listeners {
		var addrs []string
		for _, a := range l.Addrs {
			addrs = append(addrs, a.HostPort())
		}
		out = append(out, fmt.Sprintf("%s addrs=%v names=%v idle=%s request=%s", l.Name, addrs, l.Names,
			describe(l.Idle), describe(l.Request)))
	}
	return out
}

func describe(s graph.DurationSetting) string {
	return parsertest.Describe(s, func(s graph.DurationSetting) string {
		return fmt.Sprintf("%s %s @%d:%d", s.Value, s.Origin, s.Pos.Line, s.Pos.Col)
	})
}

func TestConnectors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		diags     []string
	}{
		{
			name: "the shipped server.xml: keepAliveTimeout is connectionTimeout",
			src:  shipped,
			want: []string{"Connector 8080 addrs=[*:8080] names=[app.internal www.app.internal] idle=20s inherited @5:35 request=20s explicit @5:35 connectionTimeout bare=milliseconds"},
		},
		{
			name: "explicit keepAliveTimeout, address, -1 is no timeout",
			src: `<Server><Service name="s">
<Connector port="8443" address="10.0.0.5" keepAliveTimeout="65000" connectionTimeout='-1'/>
</Service></Server>`,
			want: []string{"Connector 8443 addrs=[10.0.0.5:8443] names=[] idle=65s explicit @2:61 keepAliveTimeout bare=milliseconds request=none explicit @2:87 connectionTimeout bare=milliseconds"},
		},
		{
			name: "defaults: 60000 ms",
			src:  "<Server>\n <Service>\n  <Connector port=\"8080\"/>\n </Service>\n</Server>\n",
			want: []string{"Connector 8080 addrs=[*:8080] names=[] idle=60s default @3:4 request=60s default @3:4"},
		},
		{
			name: "maxKeepAliveRequests=1 turns keep-alive off",
			src:  `<Server><Service><Connector port="8080" maxKeepAliveRequests="1" keepAliveTimeout="5000"/></Service></Server>`,
			want: []string{"Connector 8080 addrs=[*:8080] names=[] idle=0s explicit @1:63 maxKeepAliveRequests request=60s default @1:19"},
		},
		{
			name: "AJP connector: only written values, placeholders unknown",
			src:  `<Server><Service><Connector port="${ajp.port}" protocol="AJP/1.3" connectionTimeout="${t}"/></Service></Server>`,
			want: []string{"Connector ${ajp.port} addrs=[] names=[] idle=unset request=unset"},
		},
		{
			name:  "bad values",
			src:   "<Server><Service>\n<Connector port=\"http\" connectionTimeout=\"20s\" maxKeepAliveRequests=\"x\"/>\n</Service></Server>",
			want:  []string{"Connector http addrs=[] names=[] idle=60s default @2:2 request=60s default @2:2"},
			diags: []string{`server.xml:2:18: port "http" is not a port number`, `server.xml:2:43: connectionTimeout "20s" is not a number of milliseconds`, `server.xml:2:70: maxKeepAliveRequests "x" is not a number`},
		},
		{
			name:  "syntax error keeps what was read",
			src:   "<Server><Service><Connector port=\"80\"/>\n<Connector port=80/></Service></Server>",
			want:  []string{"Connector 80 addrs=[*:80] names=[] idle=60s default @1:19 request=60s default @1:19"},
			diags: []string{"server.xml:2:18: XML syntax error: unquoted or missing attribute value in element"},
		},
		{
			name:  "unclosed element",
			src:   "<Server><Service>",
			diags: []string{"server.xml:1:17: XML syntax error: unexpected EOF"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseAs(t, tt.src)
			if got := summary(f); !slices.Equal(got, tt.want) {
				t.Errorf("listeners:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if got := parsertest.DiagLines(f); !slices.Equal(got, tt.diags) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.diags, "\n"))
			}
			if h := f.Hops[0]; h.Software != "tomcat" || h.Kind != graph.Server {
				t.Errorf("hop %+v", h)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		rel, head string
		want      bool
	}{
		{"conf/server.xml", shipped, true},
		{"tomcat/server.xml", "<Server port=\"-1\">", true},
		{"conf/custom-connectors.xml", "<Connector port=\"8080\"/>", true},
		{"WEB-INF/web.xml", "<web-app><servlet/></web-app>", false},
		{"pom.xml", "<project><Server/></project>", false},
		{"server.yaml", "<Connector", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.rel, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %v, want %v", tt.rel, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{shipped, "", "<", "<Server><Service><Connector port='1' keepAliveTimeout='9223372036854775807'/>",
		"<?xml version='1.0' encoding='ISO-8859-1'?><Connector port=\"8080\"\n\tconnectionTimeout\n=\n\"5\"/>", "<Alias>x</Alias>",
		"<Connector a:port='80' xmlns:a='x'/>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		frag := parse(data, "server.xml", "server.xml", input.Options{})
		for _, err := range parsertest.LinePositionErrors(string(data), "server.xml", frag) {
			t.Error(err)
		}
		Sniff("server.xml", data)
	})
}

func BenchmarkParse(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<Server port=\"8005\" shutdown=\"SHUTDOWN\">\n")
	for i := range 2000 {
		fmt.Fprintf(&sb, "  <Service name=\"s%d\">\n    <!-- connector %d -->\n    <Connector port=\"%d\" protocol=\"HTTP/1.1\" connectionTimeout=\"20000\" keepAliveTimeout=\"%d\" maxKeepAliveRequests=\"100\"/>\n", i, i, 1024+i, 5000+i)
		fmt.Fprintf(&sb, "    <Engine name=\"e\" defaultHost=\"h%d\"><Host name=\"h%d.internal\" appBase=\"webapps\"><Alias>a%d</Alias></Host></Engine>\n  </Service>\n", i, i, i)
	}
	sb.WriteString("</Server>\n")
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data, "server.xml", "server.xml", input.Options{})
	}
}
