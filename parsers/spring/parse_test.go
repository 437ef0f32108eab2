package spring

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

func TestPropertiesSyntax(t *testing.T) {
	tests := []struct {
		name, src string
		idle      string
		port      int
	}{
		{"equals", "server.tomcat.keep-alive-timeout=15s\n", "15s explicit @1:34 server.tomcat.keep-alive-timeout", 8080},
		{"colon and blanks", "server.tomcat.keep-alive-timeout : 15s\n", "15s explicit @1:36 server.tomcat.keep-alive-timeout", 8080},
		{"whitespace separator", "\tserver.tomcat.keep-alive-timeout   15s\n", "15s explicit @1:37 server.tomcat.keep-alive-timeout", 8080},
		{"comments", "# server.tomcat.keep-alive-timeout=1s\n! server.port=1\nserver.tomcat.keep-alive-timeout=2s\n", "2s explicit @3:34 server.tomcat.keep-alive-timeout", 8080},
		{"comment ending in backslash does not continue", "# note \\\nserver.port=9090\n", "60s default", 9090},
		{"continuation", "server.tomcat.keep-alive-timeout=\\\n    20\\\n  s\n", "20s explicit @2:5 server.tomcat.keep-alive-timeout", 8080},
		{"continuation after value start", "server.tomcat.keep-alive-timeout=2\\\n   5s\n", "25s explicit @1:34 server.tomcat.keep-alive-timeout", 8080},
		{"escaped backslash does not continue", "server.tomcat.keep-alive-timeout=5s\\\\\nserver.port=1\n", "unset-diag", 1},
		{"escaped separator in key", "my\\=key=1\nserver.port=8081\n", "60s default", 8081},
		{"unicode escape", "server.tomcat.keep-alive-timeout=\\u0031\\u0030s\n", "10s explicit @1:34 server.tomcat.keep-alive-timeout", 8080},
		{"CRLF", "server.port=7070\r\nserver.tomcat.keep-alive-timeout=3s\r\n", "3s explicit @2:34 server.tomcat.keep-alive-timeout", 7070},
		// A lone CR ends a line for Java, but positions count LF-terminated lines only.
		{"CR only", "server.port=7070\rserver.tomcat.keep-alive-timeout=3s\r", "3s explicit @1:51 server.tomcat.keep-alive-timeout", 7070},
		{"later line wins", "server.port=1\nserver.port=2\n", "60s default", 2},
		{"no trailing newline", "server.port=9", "60s default", 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseProps(t, tt.src)
			l := f.Hops[0].Listeners[0]
			got := parsertest.Describe(l.Idle, nil)
			if tt.idle == "unset-diag" {
				if len(f.Diags) != 1 {
					t.Errorf("diagnostics %q, want one", parsertest.DiagLines(f))
				}
			} else {
				parsertest.NoDiags(t, f)
				if got != tt.idle {
					t.Errorf("idle %s, want %s", got, tt.idle)
				}
			}
			if l.Addrs[0].Port != tt.port {
				t.Errorf("port %d, want %d", l.Addrs[0].Port, tt.port)
			}
		})
	}
}

func TestPropertiesBadEscape(t *testing.T) {
	f := parseProps(t, "server.port=8081\nserver.tomcat.keep-alive-timeout=\\u00zz\n")
	if d := parsertest.DiagLines(f); len(d) != 1 || !strings.Contains(d[0], "application.properties:2:1: properties syntax: malformed \\uXXXX") {
		t.Errorf("diagnostics %q", d)
	}
	if f.Hops[0].Listeners[0].Addrs[0].Port != 8081 {
		t.Error("the good line before was lost")
	}
}

func TestPropertiesDocuments(t *testing.T) {
	src := "server.port=8080\n#---\nspring.config.activate.on-profile=prod\nserver.port=80\n!---\nserver.tomcat.keep-alive-timeout=4s\n"
	for profile, want := range map[string]int{"": 8080, "prod": 80} {
		f := parseAs(t, "application.properties", src, profile)
		parsertest.NoDiags(t, f)
		if got := f.Hops[0].Listeners[0].Addrs[0].Port; got != want {
			t.Errorf("profile %q: port %d, want %d", profile, got, want)
		}
		if got := parsertest.Describe(f.Hops[0].Listeners[0].Idle, nil); got != "4s explicit @6:34 server.tomcat.keep-alive-timeout" {
			t.Errorf("profile %q: idle %s", profile, got)
		}
	}
}

const profilesYAML = `server:
  port: 8080
  tomcat:
    keep-alive-timeout: 10s
---
spring:
  config:
    activate:
      on-profile: prod
server:
  tomcat:
    keep-alive-timeout: 20s
---
spring:
  profiles: dev | staging
server:
  port: 9000
---
spring:
  config.activate.on-profile: [prod, eu]
server.port: 443
---
spring.config.activate.on-profile: "!prod & !dev"
server.tomcat.connection-timeout: 7s
---
spring:
  profiles:
    active: prod
server.undertow.no-request-timeout: 1s
`

func TestYAMLProfiles(t *testing.T) {
	tests := []struct {
		profile, idle, request string
		port                   int
		software               string
	}{
		{"", "10s explicit @4:25 server.tomcat.keep-alive-timeout", "7s explicit @24:35 server.tomcat.connection-timeout", 8080, "undertow"},
		{"prod", "20s explicit @12:25 server.tomcat.keep-alive-timeout", "unset", 443, "undertow"},
		{"dev", "10s explicit @4:25 server.tomcat.keep-alive-timeout", "unset", 9000, "undertow"},
		{"staging", "10s explicit @4:25 server.tomcat.keep-alive-timeout", "7s explicit @24:35 server.tomcat.connection-timeout", 9000, "undertow"},
		{"eu", "10s explicit @4:25 server.tomcat.keep-alive-timeout", "7s explicit @24:35 server.tomcat.connection-timeout", 443, "undertow"},
		{"prod,dev", "20s explicit @12:25 server.tomcat.keep-alive-timeout", "unset", 443, "undertow"},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			f := parseAs(t, "application.yml", profilesYAML, tt.profile)
			parsertest.NoDiags(t, f)
			// The last document's spring.profiles.active is a map, not a condition, so
			// its undertow key always applies and makes undertow the server; the Tomcat
			// keys are then still read here through the tomcat-only helper below.
			h := f.Hops[0]
			if h.Software != tt.software {
				t.Errorf("software %s", h.Software)
			}
			b := &builder{src: yamlsrc.New("application.yml", []byte(profilesYAML))}
			docs, _ := readYAML(b.src)
			b.p, _ = merge(docs, activeProfiles(tt.profile))
			idle, _ := b.duration("server.tomcat.keepalivetimeout", tomcatNone)
			req, _ := b.duration("server.tomcat.connectiontimeout", tomcatNone)
			if parsertest.Describe(idle, nil) != tt.idle || parsertest.Describe(req, nil) != tt.request {
				t.Errorf("idle %s, request %s; want %s, %s", parsertest.Describe(idle, nil), parsertest.Describe(req, nil), tt.idle, tt.request)
			}
			if got := h.Listeners[0].Addrs[0].Port; got != tt.port {
				t.Errorf("port %d, want %d", got, tt.port)
			}
		})
	}
}

func TestProfileExpressionErrors(t *testing.T) {
	for _, expr := range []string{"prod &", "(prod", "prod)", "a,,b", "!"} {
		f := parseYAML(t, "server.port: 1\n---\nspring.config.activate.on-profile: \""+expr+"\"\nserver.port: 2\n")
		if d := parsertest.DiagLines(f); len(d) != 1 || !strings.Contains(d[0], "application.yml:3:36: profile expression") {
			t.Errorf("%q: diagnostics %q", expr, d)
		}
		if f.Hops[0].Listeners[0].Addrs[0].Port != 1 {
			t.Errorf("%q: a document with a bad condition was applied", expr)
		}
	}
}

func TestRelaxedBinding(t *testing.T) {
	for _, key := range []string{
		"server.tomcat.keep-alive-timeout", "server.tomcat.keepAliveTimeout", "server.tomcat.keep_alive_timeout",
		"SERVER_TOMCAT_KEEPALIVETIMEOUT", "Server.Tomcat.Keep-Alive-Timeout",
	} {
		f := parseProps(t, key+"=9s\n")
		parsertest.NoDiags(t, f)
		idle := f.Hops[0].Listeners[0].Idle
		if idle.Value != graph.Dur(9*time.Second) || idle.Key != key || idle.Origin != graph.Explicit {
			t.Errorf("%s: idle %s", key, parsertest.Describe(idle, nil))
		}
	}
	// Nested YAML in mixed forms, and a later form overriding an earlier one.
	f := parseYAML(t, "server:\n  tomcat:\n    keepAliveTimeout: 1s\n    keep_alive_timeout: 2s\n")
	if got := parsertest.Describe(f.Hops[0].Listeners[0].Idle, nil); got != "2s explicit @4:25 server.tomcat.keep_alive_timeout" {
		t.Errorf("idle %s", got)
	}
	if got := uniformKey("SPRING_CLOUD_GATEWAY_ROUTES_0_URI"); got != "spring.cloud.gateway.routes[0].uri" {
		t.Errorf("env form %s", got)
	}
	if got := uniformKey("spring.cloud.gateway.routes[0].metadata[Some-Key]"); got != "spring.cloud.gateway.routes[0].metadata[Some-Key]" {
		t.Errorf("bracketed map key %s", got)
	}
}

func TestServerSettings(t *testing.T) {
	tests := []struct {
		name, src     string
		software      string
		idle, request string
		idleNote      string
	}{
		{"tomcat defaults", "spring.application.name=x\n", "tomcat", "60s default", "60s default", "tomcat keepAliveTimeout default"},
		{"tomcat bare ms", "server.tomcat.keep-alive-timeout=20000\n", "tomcat", "20s explicit @1:34 server.tomcat.keep-alive-timeout bare=milliseconds", "60s default", ""},
		{"tomcat ISO", "server.tomcat.keep-alive-timeout=PT1M30S\n", "tomcat", "90s explicit @1:34 server.tomcat.keep-alive-timeout", "60s default", ""},
		{"tomcat falls back to connection-timeout", "server.tomcat.connection-timeout=5s\n", "tomcat",
			"5s explicit @1:34 server.tomcat.connection-timeout", "5s explicit @1:34 server.tomcat.connection-timeout", "falls back to connectionTimeout"},
		{"tomcat -1 is none", "server.tomcat.keep-alive-timeout=-1\n", "tomcat", "none explicit @1:34 server.tomcat.keep-alive-timeout bare=milliseconds", "60s default", "no timeout"},
		{"legacy server.connection-timeout", "server.connection-timeout=3000\n", "tomcat",
			"3s explicit @1:27 server.connection-timeout bare=milliseconds", "3s explicit @1:27 server.connection-timeout bare=milliseconds", ""},
		{"jetty", "server.jetty.connection-idle-timeout=45s\n", "jetty", "45s explicit @1:38 server.jetty.connection-idle-timeout", "unset", ""},
		{"jetty default", "server.jetty.threads.max=10\n", "jetty", "30s default", "unset", ""},
		{"undertow", "server.undertow.no-request-timeout=PT2M\n", "undertow", "120s explicit @1:36 server.undertow.no-request-timeout", "unset", ""},
		{"netty", "server.netty.idle-timeout=75s\n", "reactor-netty", "75s explicit @1:27 server.netty.idle-timeout", "unset", ""},
		{"netty without idle timeout", "server.netty.connection-timeout=2s\n", "reactor-netty", "none default", "unset", "no idle timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseProps(t, tt.src)
			parsertest.NoDiags(t, f)
			h := f.Hops[0]
			l := h.Listeners[0]
			if h.Software != tt.software || h.Kind != graph.Server || h.ID != "application.properties" {
				t.Errorf("hop %s %s %s", h.ID, h.Kind, h.Software)
			}
			if parsertest.Describe(l.Idle, nil) != tt.idle || parsertest.Describe(l.Request, nil) != tt.request {
				t.Errorf("idle %s, request %s", parsertest.Describe(l.Idle, nil), parsertest.Describe(l.Request, nil))
			}
			if !strings.Contains(l.Idle.Note, tt.idleNote) {
				t.Errorf("idle note %q, want %q in it", l.Idle.Note, tt.idleNote)
			}
		})
	}
}

func TestListenerAddress(t *testing.T) {
	tests := []struct{ src, addr, note string }{
		{"spring.application.name=x\n", "*:8080", "Spring Boot default port 8080"},
		{"server.port=9443\n", "*:9443", ""},
		{"server.port=${PORT:8181}\n", "*:8181", ""},
		{"server.port=${PORT}\n", "*:8080", "Spring Boot default port 8080"},
		{"server.port=0\n", "*", "random free port"},
		{"server.port=9000\nserver.address=10.0.0.7\n", "10.0.0.7:9000", ""},
	}
	for _, tt := range tests {
		f := parseProps(t, tt.src)
		parsertest.NoDiags(t, f)
		a := f.Hops[0].Listeners[0].Addrs[0]
		if a.HostPort() != tt.addr || !strings.Contains(a.PortNote, tt.note) {
			t.Errorf("%q: %s (%s)", tt.src, a.HostPort(), a.PortNote)
		}
	}
	f := parseProps(t, "server.port=http\n")
	if d := parsertest.DiagLines(f); len(d) != 1 || d[0] != `application.properties:1:13: server.port: "http" is not a port number` {
		t.Errorf("diagnostics %q", d)
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct{ value, idle, note string }{
		{"${KEEPALIVE:15s}", "15s", "from the default of ${KEEPALIVE}"},
		{"${A:${B:PT4S}}", "4s", "from the default of ${A}; from the default of ${B}"},
		{"${KEEPALIVE}", "60s", "tomcat keepAliveTimeout default"},
		{"${KEEPALIVE:}", "", ""},
		{"${KEEPALIVE", "60s", "tomcat keepAliveTimeout default"},
	}
	for _, tt := range tests {
		f := parseProps(t, "server.tomcat.keep-alive-timeout="+tt.value+"\n")
		idle := f.Hops[0].Listeners[0].Idle
		if tt.idle == "" {
			if len(f.Diags) != 1 {
				t.Errorf("%s: diagnostics %q, want one", tt.value, parsertest.DiagLines(f))
			}
			continue
		}
		parsertest.NoDiags(t, f)
		if idle.Value.String() != tt.idle || !strings.HasPrefix(idle.Note, tt.note) {
			t.Errorf("%s: %s, note %q", tt.value, parsertest.Describe(idle, nil), idle.Note)
		}
		if strings.HasPrefix(tt.note, "from") && (idle.Raw != tt.value || idle.Origin != graph.Explicit) {
			t.Errorf("%s: raw %q origin %s", tt.value, idle.Raw, idle.Origin)
		}
	}
}

func TestBadValues(t *testing.T) {
	tests := []struct{ src, diag string }{
		{"server.tomcat.keep-alive-timeout=30 seconds\n", `application.properties:1:34: server.tomcat.keep-alive-timeout: "30 seconds" is not a duration`},
		{"server.jetty.connection-idle-timeout=-5s\n", `application.properties:1:38: server.jetty.connection-idle-timeout: "-5s" is negative`},
		{"spring.datasource.hikari.idle-timeout=10m\n", `application.properties:1:39: spring.datasource.hikari.idle-timeout: "10m": this property is a plain number of milliseconds; Spring cannot bind a duration with a unit to it and fails at start-up`},
		{"spring.datasource.hikari.max-lifetime=PT30M\n", `application.properties:1:39: spring.datasource.hikari.max-lifetime: "PT30M": this property is a plain number of milliseconds`},
		{"spring.cloud.gateway.httpclient.connect-timeout=5s\n", `application.properties:1:49: spring.cloud.gateway.httpclient.connect-timeout: "5s": this property is a plain number of milliseconds`},
		{"spring.cloud.gateway.httpclient.pool.max-life-time=forever\n", `application.properties:1:52: spring.cloud.gateway.httpclient.pool.max-life-time: "forever" is not a duration`},
	}
	for _, tt := range tests {
		f := parseProps(t, tt.src)
		if d := parsertest.DiagLines(f); len(d) != 1 || !strings.HasPrefix(d[0], tt.diag) {
			t.Errorf("%q: diagnostics %q\nwant %s", tt.src, d, tt.diag)
		}
	}
}

const gatewayYAML = `server:
  port: 8443
spring:
  cloud:
    gateway:
      httpclient:
        connect-timeout: 2000
        response-timeout: 30s
        pool:
          max-idle-time: 30s
          max-life-time: 5m
      routes:
        - id: backend
          uri: http://10.0.6.10:8080
          predicates:
            - Path=/api/**
        - id: users
          uri: lb://user-service
        - id: secure
          uri: https://pay.example.com/v1
        - id: local
          uri: forward:/fallback
        - id: ws
          uri: ws://chat:9000
`

func TestGateway(t *testing.T) {
	f := parseYAML(t, gatewayYAML)
	parsertest.NoDiags(t, f)
	h := f.Hops[0]
	if h.Kind != graph.Proxy || h.Software != "reactor-netty" {
		t.Errorf("hop %s %s", h.Kind, h.Software)
	}
	p := parsertest.Pool(t, f.Hops[0], "gateway httpclient")
	if got := parsertest.Describe(p.Idle, nil); got != "30s explicit @10:26 spring.cloud.gateway.httpclient.pool.max-idle-time" {
		t.Errorf("idle %s", got)
	}
	if got := parsertest.Describe(p.Connect, nil); got != "2s explicit @7:26 spring.cloud.gateway.httpclient.connect-timeout bare=milliseconds" {
		t.Errorf("connect %s", got)
	}
	if got := parsertest.Describe(p.Request, nil); got != "30s explicit @8:27 spring.cloud.gateway.httpclient.response-timeout" || p.RequestKind != graph.PerRead {
		t.Errorf("request %s, %s", got, p.RequestKind)
	}
	if !p.Reuse.Value || p.Reuse.Origin != graph.Default {
		t.Errorf("reuse %v %s", p.Reuse.Value, p.Reuse.Origin)
	}
	var targets []string
	for _, a := range p.Targets {
		targets = append(targets, a.HostPort()+" "+a.PortNote)
	}
	want := []string{"10.0.6.10:8080 ", "user-service lb:// resolves through service discovery", "pay.example.com:443 https:// default port 443", "chat:9000 "}
	if strings.Join(targets, "|") != strings.Join(want, "|") {
		t.Errorf("targets %q", targets)
	}
	if len(h.Routes) != 4 || h.Routes[0].From != h.Listeners[0] || h.Routes[0].To != p || h.Routes[0].Pos.Line != 14 {
		t.Errorf("routes %d", len(h.Routes))
	}
}

func TestGatewayVariants(t *testing.T) {
	tests := []struct {
		name, src, idle, reuse string
	}{
		{"no idle limit by default", "spring.cloud.gateway.routes[0].uri=http://a:1\n", "none default", "true"},
		{"new prefix", "spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time=3000\n",
			"3s explicit @1:67 spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time bare=milliseconds", "true"},
		{"new prefix wins", "spring.cloud.gateway.httpclient.pool.max-idle-time=9s\nspring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time=3s\n",
			"3s explicit @2:67 spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time", "true"},
		{"pool disabled", "spring.cloud.gateway.httpclient.pool.type=DISABLED\n", "none default", "false"},
		{"env form", "SPRING_CLOUD_GATEWAY_HTTPCLIENT_POOL_MAXIDLETIME=4s\n", "4s explicit @1:50 SPRING_CLOUD_GATEWAY_HTTPCLIENT_POOL_MAXIDLETIME", "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseProps(t, tt.src)
			parsertest.NoDiags(t, f)
			p := parsertest.Pool(t, f.Hops[0], "gateway httpclient")
			if got := parsertest.Describe(p.Idle, nil); got != tt.idle {
				t.Errorf("idle %s", got)
			}
			if p.Idle.Origin == graph.Default && !strings.Contains(p.Idle.Note, "projectreactor.io") {
				t.Errorf("default note %q", p.Idle.Note)
			}
			if got := strings.ToLower(strings.TrimSpace(boolString(p.Reuse.Value))); got != tt.reuse {
				t.Errorf("reuse %s", got)
			}
		})
	}
	// The servlet gateway is a proxy on Tomcat, without the Reactor Netty pool.
	f := parseProps(t, "spring.cloud.gateway.mvc.routes[0].uri=http://a:1\n")
	if h := f.Hops[0]; h.Kind != graph.Proxy || h.Software != "tomcat" || len(h.Pools) != 0 {
		t.Errorf("webmvc gateway: %s %s %d pools", h.Kind, h.Software, len(h.Pools))
	}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestJDBCTargets(t *testing.T) {
	tests := []struct{ url, want string }{
		{"jdbc:mysql://db.internal:3306/shop?useSSL=false", "db.internal:3306"},
		{"jdbc:mysql://db.internal/shop", "db.internal:3306 mysql default port 3306"},
		{"jdbc:mysql://h1:3307,h2/shop", "h1:3307|h2:3306 mysql default port 3306"},
		{"jdbc:mysql:replication://h1,h2/shop", "h1:3306 mysql default port 3306|h2:3306 mysql default port 3306"},
		{"jdbc:mariadb://maria:3310/x", "maria:3310"},
		{"jdbc:postgresql://pg/app", "pg:5432 postgresql default port 5432"},
		{"jdbc:postgresql://pg:6432/app", "pg:6432"},
		{"jdbc:sqlserver://mssql:1433;databaseName=x;encrypt=true", "mssql:1433"},
		{"jdbc:sqlserver://mssql\\inst;databaseName=x", "mssql:1433 sqlserver default port 1433"},
		{"jdbc:oracle:thin:@ora:1521:ORCL", "ora:1521"},
		{"jdbc:oracle:thin:@//ora:1522/svc", "ora:1522"},
		{"jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=x)))", ""},
		{"jdbc:h2:mem:test", ""},
		{"jdbc:postgresql://${DB_HOST:pg.local}:5433/app", "pg.local:5433"},
		{"jdbc:postgresql://${DB_HOST}/app", ""},
	}
	for _, tt := range tests {
		f := parseProps(t, "spring.datasource.url="+strings.ReplaceAll(tt.url, `\`, `\\`)+"\n")
		parsertest.NoDiags(t, f)
		p := parsertest.Pool(t, f.Hops[0], "hikari")
		var got []string
		for _, a := range p.Targets {
			got = append(got, strings.TrimSpace(a.HostPort()+" "+a.PortNote))
			if a.Pos.Line != 1 || a.Pos.Col != 23 {
				t.Errorf("%s: target at %s", tt.url, a.Pos)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%s: targets %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestHikari(t *testing.T) {
	src := "spring:\n  datasource:\n    url: jdbc:mysql://mysql:3306/app\n    hikari:\n      idle-timeout: 300000\n      max-lifetime: 1800000\n      keepalive-time: 60000\n"
	f := parseYAML(t, src)
	parsertest.NoDiags(t, f)
	p := parsertest.Pool(t, f.Hops[0], "hikari")
	// minimum-idle defaults to maximum-pool-size: idle-timeout never applies, the pool's
	// connections stay open until max-lifetime.
	if got := parsertest.Describe(p.Idle, nil); got != "1800s explicit @6:21 spring.datasource.hikari.max-lifetime bare=milliseconds" || !strings.Contains(p.Idle.Note, "minimumIdle") {
		t.Errorf("idle %s %q", got, p.Idle.Note)
	}
	if p.Pos.Line != 3 || !p.Reuse.Value {
		t.Errorf("pool at %s, reuse %v", p.Pos, p.Reuse.Value)
	}
	f = parseYAML(t, src+"      minimum-idle: 0\n")
	if got := parsertest.Describe(parsertest.Pool(t, f.Hops[0], "hikari").Idle, nil); got != "300s explicit @5:21 spring.datasource.hikari.idle-timeout bare=milliseconds" {
		t.Errorf("minimum-idle 0 lets idle-timeout apply: %s", got)
	}
	f = parseProps(t, "spring.datasource.hikari.jdbc-url=jdbc:postgresql://pg/x\n")
	if p := parsertest.Pool(t, f.Hops[0], "hikari"); parsertest.Describe(p.Idle, nil) != "1800s default" || len(p.Targets) != 1 {
		t.Errorf("defaults: idle %s, %d targets", parsertest.Describe(p.Idle, nil), len(p.Targets))
	}
	f = parseProps(t, "spring.datasource.hikari.idle-timeout=0\nspring.datasource.hikari.minimum-idle=0\n")
	if p := parsertest.Pool(t, f.Hops[0], "hikari"); parsertest.Describe(p.Idle, nil) != "1800s default" {
		t.Errorf("idle-timeout 0 still ends at max-lifetime: %s %q", parsertest.Describe(p.Idle, nil), p.Idle.Note)
	}
	f = parseProps(t, "spring.datasource.hikari.max-lifetime=0\nspring.datasource.hikari.minimum-idle=0\nspring.datasource.hikari.idle-timeout=0\n")
	if p := parsertest.Pool(t, f.Hops[0], "hikari"); !p.Idle.Value.None {
		t.Errorf("no idle timeout and no lifetime: %s", parsertest.Describe(p.Idle, nil))
	}
}

func TestFeign(t *testing.T) {
	src := "feign.client.config.default.connect-timeout=5000\nfeign.client.config.default.read-timeout=10000\n" +
		"spring.cloud.openfeign.client.config.payments.readTimeout=2500\nspring.cloud.openfeign.client.config.payments.url=http://payments:8080\n"
	f := parseProps(t, src)
	parsertest.NoDiags(t, f)
	d := parsertest.Pool(t, f.Hops[0], "feign default")
	if parsertest.Describe(d.Connect, nil) != "5s explicit @1:45 feign.client.config.default.connect-timeout bare=milliseconds" ||
		parsertest.Describe(d.Request, nil) != "10s explicit @2:42 feign.client.config.default.read-timeout bare=milliseconds" {
		t.Errorf("default: connect %s, request %s", parsertest.Describe(d.Connect, nil), parsertest.Describe(d.Request, nil))
	}
	p := parsertest.Pool(t, f.Hops[0], "feign payments")
	if parsertest.Describe(p.Request, nil) != "2.5s explicit @3:59 spring.cloud.openfeign.client.config.payments.readTimeout bare=milliseconds" || p.RequestKind != graph.PerRead ||
		len(p.Targets) != 1 || p.Targets[0].HostPort() != "payments:8080" || p.Idle.Known() {
		t.Errorf("payments: request %s, targets %v, idle %s", parsertest.Describe(p.Request, nil), p.Targets, parsertest.Describe(p.Idle, nil))
	}
}

func TestYAMLErrors(t *testing.T) {
	tests := []struct{ src, diag string }{
		{"server:\n  port: 1\n bad: [\n", "application.yml:3:1: YAML syntax error"},
		{"a: *nope\n", "application.yml:1:1: YAML syntax error: unknown anchor"},
		{"server.port: 1\n---\n- [\n", "application.yml:"},
	}
	for _, tt := range tests {
		f := parseYAML(t, tt.src)
		if d := parsertest.DiagLines(f); len(d) != 1 || !strings.HasPrefix(d[0], tt.diag) {
			t.Errorf("%q: diagnostics %q", tt.src, d)
		}
		if len(f.Hops) != 1 || len(f.Hops[0].Listeners) != 1 {
			t.Errorf("%q: no hop", tt.src)
		}
	}
	// Aliases nested into each other stop at the budget instead of exploding.
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + strconv.Itoa(i-1))
		}
		b.WriteString("]\n")
	}
	f := parseYAML(t, b.String())
	if d := parsertest.DiagLines(f); len(d) != 1 || !strings.Contains(d[0], "expands to more than") {
		t.Errorf("alias bomb: %q", d)
	}
}

func TestYAMLPositions(t *testing.T) {
	// A non-ASCII key before the value: yaml.v3 counts characters, positions count bytes.
	src := "ключ: 1\nserver: {port: 9090, tomcat: {keep-alive-timeout: \"15s\"}}\n"
	f := parseYAML(t, src)
	parsertest.NoDiags(t, f)
	l := f.Hops[0].Listeners[0]
	if l.Pos.Line != 2 || l.Pos.Col != 16 || parsertest.Describe(l.Idle, nil) != "15s explicit @2:51 server.tomcat.keep-alive-timeout" {
		t.Errorf("listener at %s, idle %s", l.Pos, parsertest.Describe(l.Idle, nil))
	}
	f = parseYAML(t, "x: é\nserver.tomcat.keep-alive-timeout: é\n")
	if d := parsertest.DiagLines(f); len(d) != 1 || !strings.HasPrefix(d[0], "application.yml:2:35:") {
		t.Errorf("diagnostics %q", d)
	}
}

func TestEmptyAndNull(t *testing.T) {
	for _, src := range []string{"", "\n", "---\n", "server:\n", "server:\n  port:\n", "# only a comment\n", "[1, 2]\n", "just text\n"} {
		f := parseYAML(t, src)
		parsertest.NoDiags(t, f)
		if a := f.Hops[0].Listeners[0].Addrs[0]; a.Port != 8080 {
			t.Errorf("%q: port %d", src, a.Port)
		}
	}
}

func TestPlaceholderFromProperty(t *testing.T) {
	src := "my.idle=${OTHER:12s}\nself=${self}\nserver.tomcat.keep-alive-timeout=${my.idle}\nserver.tomcat.connection-timeout=${self:3s}\n"
	f := parseProps(t, src)
	parsertest.NoDiags(t, f)
	l := f.Hops[0].Listeners[0]
	if l.Idle.Value.String() != "12s" || l.Idle.Note != "from ${my.idle} at application.properties:1:9; from the default of ${OTHER}" {
		t.Errorf("idle %s, note %q", parsertest.Describe(l.Idle, nil), l.Idle.Note)
	}
	// ${self} refers to itself: unknown, so the one that refers to it is unknown too.
	if l.Request.Origin != graph.Default {
		t.Errorf("request %s", parsertest.Describe(l.Request, nil))
	}
}

func TestProfileFilesApplyOnlyToTheirProfile(t *testing.T) {
	for _, tt := range []struct {
		rel, profile string
		hops         int
	}{
		{"application.yml", "", 1},
		{"application-prod.yml", "", 0},
		{"application-prod.yml", "prod", 1},
		{"config/bootstrap-dev.properties", "prod", 0},
	} {
		if got := fileProfile(tt.rel); (got == "") != (tt.rel == "application.yml") {
			t.Errorf("fileProfile(%q) = %q", tt.rel, got)
		}
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(tt.rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, tt.rel), []byte("server.port: 8081\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		tree, err := input.NewTree(dir, dir)
		if err != nil {
			t.Fatal(err)
		}
		if f := Parse(tree, tt.rel, input.Options{Profile: tt.profile}); len(f.Hops) != tt.hops {
			t.Errorf("%s with profile %q: %d hops, want %d", tt.rel, tt.profile, len(f.Hops), tt.hops)
		}
	}
}

// TestYAMLMarksAcrossOtherLineBreaks: yaml.v3 also breaks lines at a lone CR and counts a
// byte order mark as no column; positions still count LF-terminated lines, in bytes.
func TestYAMLMarksAcrossOtherLineBreaks(t *testing.T) {
	for name, tt := range map[string]struct{ src, want string }{
		"CR only": {"server:\r  tomcat:\r    keep-alive-timeout: 3s\r", "3s explicit @1:43 server.tomcat.keep-alive-timeout"},
		"BOM":     {"\ufeffserver.tomcat.keep-alive-timeout: 4s\n", "4s explicit @1:38 server.tomcat.keep-alive-timeout"},
	} {
		f := parseAs(t, "application.yml", tt.src, "")
		parsertest.NoDiags(t, f)
		if got := parsertest.Describe(f.Hops[0].Listeners[0].Idle, nil); got != tt.want {
			t.Errorf("%s: idle %s, want %s", name, got, tt.want)
		}
	}
}
