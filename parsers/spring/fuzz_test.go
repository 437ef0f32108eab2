package spring

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func FuzzParse(f *testing.F) {
	for name, data := range springFiles(&testing.T{}) {
		f.Add(data, strings.HasSuffix(name, ".properties"))
	}
	for _, s := range []string{
		"", "\n", "a=\\", "a=\\u12", "a\\\n", "#---\n!---\n", "server.port=${", "server.port=${a:${b:", "x=${x}",
		"server:\n  port: [\n", "a: &a [*a]\n", "spring.config.activate.on-profile: ((((a\n",
		"spring.cloud.gateway.routes[0].uri=lb://\n", "spring.datasource.url=jdbc:mysql://[::1\n",
		"server.tomcat.keep-alive-timeout=P1DT\n", "server.tomcat.keep-alive-timeout=PT-1.5S\n",
		"spring.cloud.gateway.httpclient.pool.max-idle-time=99999999999999999999\n",
	} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, props bool) {
		start := time.Now()
		rel := "application.yml"
		if props {
			rel = "application.properties"
		}
		for _, profile := range []string{"", "prod"} {
			frag := parse(data, rel, rel, input.Options{Profile: profile})
			for _, err := range parsertest.LinePositionErrors(string(data), rel, frag) {
				t.Error(err)
			}
			if len(frag.Hops) != 1 || len(frag.Hops[0].Listeners) != 1 {
				t.Errorf("%d hops", len(frag.Hops))
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
	})
}

// benchConfig is an application.yml of n gateway routes, a datasource, Feign clients and
// n profile documents.
func benchConfig(n int) []byte {
	var b strings.Builder
	b.WriteString("server:\n  port: 8080\n  tomcat:\n    keep-alive-timeout: 20s\nspring:\n  datasource:\n    url: jdbc:mysql://db:3306/app\n    hikari:\n      idle-timeout: 300000\n  cloud:\n    gateway:\n      httpclient:\n        connect-timeout: 2000\n        pool:\n          max-idle-time: PT3S\n      routes:\n")
	for i := range n {
		fmt.Fprintf(&b, "        - id: r%d\n          uri: http://10.%d.%d.10:8080\n          predicates:\n            - Path=/r%d/**\n          filters:\n            - StripPrefix=1\n", i, i/250, i%250, i)
	}
	for i := range n {
		fmt.Fprintf(&b, "---\nspring.config.activate.on-profile: p%d | q%d\nfeign.client.config.c%d.read-timeout: %d\n", i, i, i, 1000+i)
	}
	return []byte(b.String())
}

func benchProperties(n int) []byte {
	var b strings.Builder
	b.WriteString("# generated\nserver.port=8080\nserver.tomcat.keep-alive-timeout=20s\nspring.datasource.url=jdbc:postgresql://pg/app\n")
	for i := range n {
		fmt.Fprintf(&b, "spring.cloud.gateway.routes[%d].id=r%d\nspring.cloud.gateway.routes[%d].uri=http://10.%d.%d.10:8080\n", i, i, i, i/250, i%250)
		fmt.Fprintf(&b, "spring.cloud.gateway.routes[%d].predicates[0]=Path=/r%d/**, \\\n    /s%d/**\n! comment %d\n", i, i, i, i)
	}
	return []byte(b.String())
}

func BenchmarkParseYAML(b *testing.B) {
	data := benchConfig(500)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data, "application.yml", "application.yml", input.Options{Profile: "p7"})
	}
}

func BenchmarkParseProperties(b *testing.B) {
	data := benchProperties(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data, "application.properties", "application.properties", input.Options{})
	}
}
