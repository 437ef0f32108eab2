package openapi

import (
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
)

const awsV3 = `openapi: 3.0.1
info: {title: orders, version: "1"}
servers:
  - url: https://{api}.execute-api.eu-west-1.amazonaws.com/{stage}
    variables:
      api: {default: abc123}
      stage: {default: prod}
  - url: /relative
paths:
  /orders:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://orders.internal:8080/orders
        timeoutInMillis: 5000
    post:
      x-amazon-apigateway-integration:
        type: HTTP_PROXY
        uri: "http://orders.internal:8080/orders"
        timeoutInMillis: 5000
  /orders/{id}:
    delete:
      x-amazon-apigateway-integration:
        type: http
        uri: http://orders.internal:8080/orders/{id}
  /fn:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/f/invocations
`

func TestAWSOpenAPI3(t *testing.T) {
	f := parseSpec(t, "api/openapi.yaml", awsV3)
	want := "proxy aws-apigateway listen=abc123.execute-api.eu-west-1.amazonaws.com:443; " +
		"integration GET /orders -> orders.internal:8080 request=5s explicit; " +
		"integration DELETE /orders/{id} -> orders.internal:8080 request=29s default"
	if got := summary(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	h := f.Hops[0]
	if h.ID != "api/openapi.yaml" || h.Pos.Line != 1 || h.Pos.Col != 1 {
		t.Errorf("hop %s at %v", h.ID, h.Pos)
	}
	l := h.Listeners[0]
	if a := l.Addrs[0]; a.Pos.Line != 4 || a.Pos.Col != 10 || a.PortNote != "https:// default port 443" {
		t.Errorf("address %+v", a)
	}
	if strings.Join(l.Names, ",") != "abc123.execute-api.eu-west-1.amazonaws.com" {
		t.Errorf("names %v", l.Names)
	}
	p := h.Pools[0]
	if got := show(p.Request); got != "5s explicit @16:26 timeoutInMillis bare=milliseconds" || p.RequestKind != graph.WholeResponse {
		t.Errorf("request %s, %s", got, p.RequestKind)
	}
	if p.Pos.Line != 12 || p.Pos.Col != 7 || p.Targets[0].Pos.Line != 15 || p.Targets[0].Pos.Col != 14 {
		t.Errorf("pool at %v, target at %v", p.Pos, p.Targets[0].Pos)
	}
	if p.Idle.Known() || p.Reuse.Known() {
		t.Errorf("API Gateway's idle pooling is not documented: idle %s reuse %v", p.Idle.Describe(), p.Reuse.Describe())
	}
	d := h.Pools[1].Request
	if d.Pos.Line != 24 || d.Pos.Col != 7 || d.Key != "timeoutInMillis" || !strings.Contains(d.Note, "29000 ms") || !strings.Contains(d.Note, "(https://docs.aws.amazon.com/") {
		t.Errorf("default %+v", d)
	}
	if len(h.Routes) != 2 || h.Routes[0].From != l || h.Routes[0].To != p || h.Routes[0].Pos.Line != 15 {
		t.Errorf("routes %+v", h.Routes)
	}
}

func TestSwagger2(t *testing.T) {
	f := parseSpec(t, "swagger.json", `{
  "swagger": "2.0",
  "host": "api.example.com",
  "schemes": ["https", "http"],
  "paths": {
    "/a": {"get": {"x-amazon-apigateway-integration": {"type": "http", "uri": "https://backend.example.com/a", "timeoutInMillis": "10000"}}}
  }
}`)
	want := "proxy aws-apigateway listen=api.example.com:443,api.example.com:80; integration GET /a -> backend.example.com:443 request=10s explicit"
	if got := summary(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if a := f.Hops[0].Listeners[0].Addrs[1]; a.Pos.Line != 3 || a.Pos.Col != 11 || a.Raw != "api.example.com" {
		t.Errorf("address %+v", a)
	}
	if got := show(f.Hops[0].Pools[0].Request); got != "10s explicit @6:131 timeoutInMillis bare=milliseconds" {
		t.Errorf("request %s", got)
	}
}

func TestSwagger2HostWithoutSchemes(t *testing.T) {
	f := parseSpec(t, "api.yaml", "swagger: '2.0'\nhost: 10.0.0.7:8443\npaths:\n  /:\n    get:\n      x-amazon-apigateway-integration: {type: http_proxy, uri: 'http://10.0.0.9'}\n")
	want := "proxy aws-apigateway listen=10.0.0.7:8443; integration GET / -> 10.0.0.9:80 request=29s default"
	if got := summary(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if n := f.Hops[0].Listeners[0].Names; len(n) != 0 {
		t.Errorf("an IP is no name: %v", n)
	}
}

func TestStageVariablesAndVPCLink(t *testing.T) {
	f := parseSpec(t, "api/openapi.yaml", `openapi: 3.0.1
paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        uri: http://${stageVariables.backend}/a
        timeoutInMillis: 29000
  /b:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        connectionType: VPC_LINK
        connectionId: ${stageVariables.vpcLinkId}
        uri: http://nlb.internal:8080/b
  /c:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        uri: http://orders.internal:8080/${stageVariables.path}
`)
	want := "proxy aws-apigateway listen=; integration GET /a -> request=29s explicit; " +
		"integration GET /b via VPC link ${stageVariables.vpcLinkId} -> request=29s default; " +
		"integration GET /c -> orders.internal:8080 request=29s default"
	if got := summary(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestHTTPAPIDefault(t *testing.T) {
	f := parseSpec(t, "api.yaml", `openapi: 3.0.1
paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        payloadFormatVersion: "1.0"
        uri: https://example.com
`)
	r := f.Hops[0].Pools[0].Request
	if r.Value != graph.Dur(30*time.Second) || r.Origin != graph.Default || !strings.Contains(r.Note, "HTTP API") {
		t.Errorf("request %+v", r)
	}
}

func TestSharedIntegration(t *testing.T) {
	f := parseSpec(t, "api.yaml", `openapi: 3.0.1
x-amazon-apigateway-integrations:
  orders: &orders
    type: http_proxy
    uri: http://orders:8080
    timeoutInMillis: 3000
paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        $ref: '#/x-amazon-apigateway-integrations/orders'
  /b:
    get:
      x-amazon-apigateway-integration: *orders
  /c:
    get:
      x-amazon-apigateway-integration:
        $ref: '#/x-amazon-apigateway-integrations/missing'
  /d:
    get:
      x-amazon-apigateway-integration:
        $ref: 'integrations.yaml#/orders'
`)
	want := "proxy aws-apigateway listen=; integration GET /a -> orders:8080 request=3s explicit; " +
		"diag 18:15 $ref #/x-amazon-apigateway-integrations/missing names nothing in this spec; the integration is not read; " +
		"diag 22:15 $ref integrations.yaml#/orders points into another file, which is not read; the integration is not checked"
	if got := summary(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if f.Diags[1].Kind != graph.NotInspected {
		t.Errorf("an external $ref is not inspected, not an error")
	}
}

func TestGoogleBackend(t *testing.T) {
	f := parseSpec(t, "openapi-run.yaml", `swagger: '2.0'
info: {title: pets, version: 1.0.0}
host: pets.apigateway.example.cloud.goog
x-google-backend:
  address: https://pets-abc-uc.a.run.app
  protocol: h2
paths:
  /pets:
    get:
      operationId: list
    post:
      operationId: add
      x-google-backend:
        address: https://writer-abc-uc.a.run.app
        deadline: 60.5
        path_translation: APPEND_PATH_TO_ADDRESS
`)
	want := "proxy gcp-api-gateway listen=pets.apigateway.example.cloud.goog:443; " +
		"backend GET /pets -> pets-abc-uc.a.run.app:443 request=15s default; " +
		"backend POST /pets -> writer-abc-uc.a.run.app:443 request=1m0.5s explicit"
	if got := summary(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if got := show(f.Hops[0].Pools[1].Request); got != "1m0.5s explicit @15:19 deadline bare=seconds" {
		t.Errorf("deadline %s", got)
	}
	if d := f.Hops[0].Pools[0].Request; d.Pos.Line != 4 || d.Key != "deadline" || !strings.Contains(d.Note, "#deadline") {
		t.Errorf("default %+v", d)
	}
}

func TestGoogleTopLevelOnly(t *testing.T) {
	f := parseSpec(t, "api.yaml", "swagger: '2.0'\nx-google-backend: {address: 'grpcs://backend.example.com', deadline: 5}\npaths: {}\n")
	want := "proxy gcp-api-gateway listen=; backend ANY / -> backend.example.com:443 request=5s explicit"
	if got := summary(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestFirstExtensionNamesTheSoftware(t *testing.T) {
	f := parseSpec(t, "api.yaml", `openapi: 3.0.0
paths:
  /g:
    get:
      x-google-backend: {address: "https://g.example.com"}
  /a:
    get:
      x-amazon-apigateway-integration: {type: http, uri: "https://a.example.com"}
`)
	want := "proxy gcp-api-gateway listen=; backend GET /g -> g.example.com:443 request=15s default; " +
		"integration GET /a -> a.example.com:443 request=29s default"
	if got := summary(f); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestNoGatewayNoHop(t *testing.T) {
	f := parseSpec(t, "openapi.yaml", "openapi: 3.1.0\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /a: {get: {responses: {'200': {description: ok}}}}\n")
	if len(f.Hops) != 0 || len(f.Diags) != 0 || f.Files[0] != "openapi.yaml" {
		t.Errorf("a spec without gateway extension is an application's API, not a gateway: %s", summary(f))
	}
}

func TestBadValues(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"timeout with unit", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http, uri: 'http://a:1', timeoutInMillis: 5s}\n",
			`integration GET /a -> a:1 request=unset; diag 5:89 timeoutInMillis "5s" is not a whole number of milliseconds; the timeout is not known`},
		{"timeout mapping", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http, uri: 'http://a:1', timeoutInMillis: {a: 1}}\n",
			`integration GET /a -> a:1 request=unset; diag 5:89 timeoutInMillis "" is not a whole number of milliseconds; the timeout is not known`},
		{"bad port", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http, uri: 'http://a:99999/x'}\n",
			`integration GET /a -> request=29s default; diag 5:58 backend URL "http://a:99999/x": address "http://a:99999/x": bad port "99999"; this backend is not checked`},
		{"no scheme", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http, uri: 'a.example.com'}\n",
			`integration GET /a -> request=29s default; diag 5:58 backend URL "a.example.com" is no URL (a template placeholder?); this backend is not checked`},
		{"no uri", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http}\n",
			`diag 5:7 an http integration needs a uri, the backend it calls; this one is not checked`},
		{"bad deadline", "swagger: '2.0'\nx-google-backend: {address: 'https://b', deadline: -3, protocol: h3, path_translation: x}\n",
			`backend ANY / -> b:443 request=unset; diag 2:52 deadline "-3" is not a positive number of seconds; the timeout is not known; ` +
				`diag 2:66 x-google-backend protocol "h3" is not one of http/1.1, h2; diag 2:88 x-google-backend path_translation "x" is not one of APPEND_PATH_TO_ADDRESS, CONSTANT_ADDRESS`},
		{"no address", "swagger: '2.0'\nx-google-backend: {deadline: 3}\n",
			`diag 2:1 x-google-backend needs an address, the backend it calls; this one is not checked`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(parseSpec(t, "api.yaml", tt.src))
			_, got, _ = strings.Cut(got, "; ")
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"openapi: 3.0.0\npaths:\n  /a: [\n", "diag 4:1 YAML syntax error: did not find expected node content"},
		{"{\"openapi\": \"3.0.0\",\n \"paths\": {\"/a\": {]}\n}", "diag 2:1 YAML syntax error: did not find expected node content"},
		{"- openapi\n", "diag 1:1 an OpenAPI spec is a mapping of keys (openapi, paths ...) at the top level"},
		{"openapi: 3.0.0\nx: *nope\n", "diag 2:4 YAML alias *nope refers to an anchor &nope that is not defined before it"},
		{"openapi: 3.0.0\ninfo: \x01\n", "diag 2:7 character U+0001 is not allowed in YAML"},
		{"{\n  \"swagger\": \"2.0\",\n  \"x-google-backend\": {\"address\": \"https:\\/\\/b\"}\n}\n",
			`diag 3:42 the JSON escape \/ cannot be read (tolint reads JSON as YAML, which has no such escape); write / instead`},
		{"", ""},
	}
	for _, tt := range tests {
		f := parseSpec(t, "api.yaml", tt.src)
		if got := summary(f); got != tt.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.src, got, tt.want)
		}
		for _, d := range f.Diags {
			if d.Kind != graph.ParseError {
				t.Errorf("%q: %v is no parse error", tt.src, d)
			}
		}
	}
}
