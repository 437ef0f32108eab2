package openapi

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the project's corpus of real configuration files, when present.
const sharedCorpus = "../../../shared/corpus"

// specs are the copied corpus files and the shared corpus when it is there.
func specs(t testing.TB) map[string][]byte {
	t.Helper()
	files := parsertest.ReadCorpus(t, []string{".tsv"}, filepath.Join("testdata", "corpus"), filepath.Join(sharedCorpus, "openapi"))
	if len(files) == 0 {
		t.Fatal("no OpenAPI files found")
	}
	return files
}

// templates are corpus specs filled in by a script before deployment: their backend
// address is a placeholder, which is reported as not inspected (TOL905), never as an error.
var templates = map[string]string{
	"GoogleCloudPlatform__python-docs-samples__cloud-media-livestream__keypublisher__templates__api-config.template.yml": "CLOUD_FUNCTION_URL",
	"salrashid123__api_gateway_auth__openapi-run.yaml":                                                                   "$ALLOWED_AUDIENCE_URL/todo",
}

// TestCorpusParses reads every real spec: all are valid, so none may yield a parse error,
// and every one is taken by Sniff under its own name.
func TestCorpusParses(t *testing.T) {
	for name, data := range specs(t) {
		rel := "specs/" + parsertest.RealName(name)
		f := parse(data, rel, rel, input.Options{})
		for _, err := range parsertest.YAMLPositionErrors(map[string]string{rel: string(data)}, f) {
			t.Errorf("%s: %v", name, err)
		}
		placeholder, template := templates[filepath.Base(name)]
		for _, d := range f.Diags {
			if d.Kind != graph.NotInspected || !template || !strings.Contains(d.Message, strconv.Quote(placeholder)) {
				t.Errorf("%s: %s: %s", name, d.Pos, d.Message)
			}
		}
		if template && len(f.Diags) != 1 {
			t.Errorf("%s: the placeholder %s is not reported", name, placeholder)
		}
		if !Sniff(rel, data[:min(len(data), input.HeadSize)]) {
			t.Errorf("%s: not taken by Sniff", name)
		}
	}
}

// TestCopiedCorpus pins what the copied real specs produce.
func TestCopiedCorpus(t *testing.T) {
	tests := []struct{ file, summary string }{
		// Cloud Endpoints on App Engine: no x-google-backend, so no gateway hop.
		{"GoogleCloudPlatform__golang-samples__endpoints__getting-started__openapi.yaml", ""},
		{"GoogleCloudPlatform__python-docs-samples__cloud-media-livestream__keypublisher__templates__api-config.template.yml",
			`proxy gcp-api-gateway listen=; backend POST /keys -> request=15s default; diag 31:18 backend URL "CLOUD_FUNCTION_URL" is no URL (a template placeholder?); this backend is not checked`},
		// Lambda (aws_proxy) and AWS service (aws) integrations open no connection tolint models.
		{"aws-samples__serverless-patterns__apigw-cache-invalidation-eventbridge__api.yaml", "proxy aws-apigateway listen="},
		{"aws-samples__serverless-patterns__apigw-http-api-sqs-lambda-sls__api.json", "proxy aws-apigateway listen="},
		// Backend URLs written as CloudFormation Fn::Sub templates: hosts known at deployment.
		{"aws-samples__serverless-patterns__apigw-rest-apigw-rest__api.yaml",
			"proxy aws-apigateway listen=; integration GET /admin/reports -> request=29s default; integration GET /admin/users -> request=29s default"},
		{"aws-samples__serverless-patterns__apigw-rest-vpclink-pvt-alb-sam__api.yaml",
			"proxy aws-apigateway listen=; integration ANY /{proxy+} via VPC link -> request=29s default"},
		{"awslabs__aws-apigateway-importer__tst__resources__swagger__apigateway.json",
			"proxy aws-apigateway listen=api.uber.com:443; integration POST /products/child -> api.github.com:443 request=29s default"},
		{"salrashid123__api_gateway_auth__openapi-run.yaml",
			`proxy gcp-api-gateway listen=; backend GET /todo -> request=15s default; diag 16:18 backend URL "$ALLOWED_AUDIENCE_URL/todo" is no URL (a template placeholder?); this backend is not checked`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "corpus", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rel := parsertest.RealName(tt.file)
			if got := summary(parse(data, rel, rel, input.Options{})); got != tt.summary {
				t.Errorf("got  %s\nwant %s", got, tt.summary)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"api/openapi.yaml", "openapi: 3.0.1\ninfo: {}\n", true},
		{"swagger.json", "{\n  \"swagger\": \"2.0\",\n", true},
		{"swagger.json", "{\"swagger\" : \"2.0\"}", true},
		{"spec/pets-api.yml", "swagger: '2.0'\n", true},
		{"api.openapi.yaml", "openapi: 3.1.0\n", true},
		{"gateway.yaml", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x-google-backend: {address: https://a}\n", true},
		{"infra/spec.json", "{\"openapi\": \"3.0.1\", \"paths\": {\"/\": {\"get\": {\"x-amazon-apigateway-integration\": {}}}}}", true},
		{"indented/openapi-run.yaml", "# comment\n  swagger: '2.0'\n  info: {}\n", true},
		{"\ufeffBOM/openapi.yaml", "\ufeffopenapi: 3.0.0\n", true},
		// An OpenAPI spec by neither extension nor name is an application's own API docs.
		{"docs/petstore.yaml", "openapi: 3.0.0\n", false},
		// The key must be at the top level.
		{"openapi.yaml", "info:\n  openapi: 3\n", false},
		{"api.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  openapi: x\nopenapi: 3.0.0\n", false},
		{"api.yaml", "server:\n  port: 8080\n", false},
		{"openapi.md", "openapi: 3.0.0\n", false},
		{"openapi.yaml", "", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
	dirs, err := os.ReadDir(sharedCorpus)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "openapi" {
			continue
		}
		for name, data := range parsertest.ReadDir(t, filepath.Join(sharedCorpus, d.Name()), ".tsv") {
			head := data[:min(len(data), input.HeadSize)]
			for _, as := range []string{parsertest.RealName(name), "api/openapi.yaml"} {
				if Sniff(as, head) {
					t.Errorf("%s/%s: taken for an OpenAPI spec when named %s", d.Name(), name, as)
				}
			}
		}
	}
}
