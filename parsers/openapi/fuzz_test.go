package openapi

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func FuzzParse(f *testing.F) {
	for _, data := range specs(f) {
		f.Add(data)
	}
	for _, s := range []string{
		"", "openapi: 3.0.0\n", awsV3, "swagger: '2.0'\nhost: ':'\nschemes: [ftp]\n",
		"openapi: 3.0.0\nservers: [{url: 'https://{a}{b', variables: {a: {default: '{'}}}]\n",
		"openapi: 3.0.0\npaths: {/a: {$ref: '#/paths/~1a'}}\n",
		"openapi: 3.0.0\npaths: {/a: {get: {x-amazon-apigateway-integration: {$ref: '#/paths/~1a/get/0'}}}}\n",
		"swagger: '2.0'\nx-google-backend: &b {address: 'h2c://[::1]:1', deadline: 1e308}\npaths: {/a: {get: {x-google-backend: *b}}}\n",
		"openapi: 3.0.0\npaths: {/a: {get: {x-amazon-apigateway-integration: {type: http, uri: 'http://${a}', timeoutInMillis: 99999999999999999999}}}}\n",
		"\ufeffopenapi: 3.0.0\r\npaths:\r\n  /é:\r\n    get:\r\n      x-google-backend: {address: \"https://é\", deadline: 1}\r\n",
		"openapi: 3.0.0\nx: \x85\n", "[\n", "a: &a [*a, *a]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		frag := parse(data, "api.yaml", "api.yaml", input.Options{})
		for _, err := range parsertest.YAMLPositionErrors(map[string]string{"api.yaml": string(data)}, frag) {
			t.Error(err)
		}
		if len(frag.Hops) > 1 || len(frag.Files) != 1 {
			t.Errorf("%d hops, files %v", len(frag.Hops), frag.Files)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
	})
}

// benchSpec is an API Gateway spec of n paths with three operations each: an http_proxy
// integration through a VPC link, one to a backend of its own, and a Lambda integration.
func benchSpec(n int) []byte {
	var b strings.Builder
	b.WriteString("openapi: 3.0.1\ninfo: {title: bench, version: '1'}\nservers:\n  - url: https://{id}.execute-api.eu-west-1.amazonaws.com/{stage}\n    variables: {id: {default: abc}, stage: {default: prod}}\npaths:\n")
	for i := range n {
		fmt.Fprintf(&b, `  /r%d/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        connectionType: VPC_LINK
        connectionId: ${stageVariables.vpcLinkId}
        uri: http://nlb.internal:8080/r%d/{id}
        timeoutInMillis: %d
    post:
      x-amazon-apigateway-integration:
        type: http
        uri: "https://svc%d.internal/r%d"
        requestParameters: {integration.request.path.id: method.request.path.id}
    delete:
      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: "arn:aws:apigateway:eu-west-1:lambda:path/f%d"}
`, i, i, 1000+i, i, i, i)
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := benchSpec(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data, "api.yaml", "api.yaml", input.Options{})
	}
}
