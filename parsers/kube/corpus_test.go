package kube

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the project's corpus of real configuration files, when present.
const sharedCorpus = "../../../shared/corpus"

// positionErrors checks that every hop, listener, pool, address, route and known setting
// has a position with a line and column (a diagnostic with a line, a column too), and that
// every position lies inside the input (m.yaml), its line and column agreeing with its
// offset.
func positionErrors(src string, frags []*graph.Fragment) []error {
	var errs []error
	for _, fr := range frags {
		errs = append(errs, parsertest.MissingPositions(fr)...)
		errs = append(errs, parsertest.YAMLPositionErrors(map[string]string{"m.yaml": src}, fr)...)
		for _, d := range fr.Diags {
			if d.Pos.Line != 0 && d.Pos.Col < 1 {
				errs = append(errs, fmt.Errorf("diagnostic %s: position %s without a column", d.Message, d.Pos))
			}
		}
	}
	return errs
}

// manifests are the real manifests every corpus test reads: the copied corpus files and
// the shared corpus when it is there.
func manifests(t testing.TB) map[string][]byte {
	t.Helper()
	files := parsertest.ReadCorpus(t, nil, filepath.Join("testdata", "corpus"))
	for name, data := range parsertest.ReadCorpus(t, nil, filepath.Join(sharedCorpus, "kubernetes")) {
		files[name] = data
	}
	if len(files) == 0 {
		t.Fatal("no manifests found")
	}
	return files
}

// TestCorpus: every real manifest is sniffed as one and parses without a parse error,
// with every position inside the file. None of them is invalid.
func TestCorpus(t *testing.T) {
	for name, data := range manifests(t) {
		if !Sniff(filepath.Base(name), data[:min(len(data), 8192)]) {
			t.Errorf("%s: not sniffed as a manifest", name)
		}
		frags := parse(data)
		for _, err := range positionErrors(string(data), frags) {
			t.Errorf("%s: %v", name, err)
		}
		for _, fr := range frags {
			for _, d := range fr.Diags {
				if d.Kind == graph.ParseError {
					t.Errorf("%s: %s %s", name, d.Pos, d.Message)
				}
			}
		}
	}
}

// TestCorpusTogether reads the whole corpus as one scan, as the loader does: objects of
// different repositories meet (several default/app names), without errors.
func TestCorpusTogether(t *testing.T) {
	all := manifests(t)
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	slices.Sort(names)
	var files []string
	for _, n := range names {
		files = append(files, n, string(all[n]))
	}
	hops := 0
	for _, fr := range parseAll(files...) {
		hops += len(fr.Hops)
		for _, d := range fr.Diags {
			if d.Kind == graph.ParseError {
				t.Errorf("%s %s", d.Pos, d.Message)
			}
		}
	}
	if hops == 0 {
		t.Error("no hops")
	}
}

// TestCopiedCorpus pins what some real manifests produce.
func TestCopiedCorpus(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"kubernetes__ingress-nginx__deploy__static__provider__aws__deploy.yaml", []string{
			"hop m.yaml#LoadBalancer/ingress-nginx/ingress-nginx-controller l4 aws-nlb",
			"hop m.yaml#ConfigMap/ingress-nginx/ingress-nginx-controller proxy ingress-nginx",
			"ingress-nginx-controller.ingress-nginx.svc.cluster.local:80",
		}},
		{"kubernetes-sigs__aws-load-balancer-controller__docs__examples__2048__2048_full.yaml", []string{
			"hop m.yaml#Ingress/game-2048/ingress-2048 proxy aws-alb",
			"pool Ingress game-2048/ingress-2048 -> service-2048:80 [service-2048.game-2048:80] idle=60s(default@",
		}},
		{"istio__istio__samples__bookinfo__networking__destination-rule-all.yaml", []string{
			"hop m.yaml#DestinationRule/default/reviews proxy istio",
			"pool reviews [reviews.default.svc.cluster.local:0] idle=3600s(default@",
		}},
		{"aws-samples__eks-workshop-v2__manifests__modules__exposing__load-balancer__nlb__nlb.yaml", []string{
			"l4 aws-nlb",
		}},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", "corpus", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		got := dump(parse(data))
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: missing %q in\n%s", tt.file, w, got)
			}
		}
	}
}

// TestTemplatesNotSniffed: templates of other formats in the shared corpus (and any file
// with template markers) are not taken for manifests.
func TestTemplatesNotSniffed(t *testing.T) {
	for name, data := range parsertest.ReadCorpus(t, nil, filepath.Join(sharedCorpus, "templated")) {
		if Sniff(filepath.Base(name), data[:min(len(data), 8192)]) {
			t.Errorf("%s sniffed as a manifest", name)
		}
	}
	for _, format := range []string{"envoy", "openapi", "nginx", "haproxy", "terraform", "spring", "sysctl"} {
		for name, data := range parsertest.ReadCorpus(t, nil, filepath.Join(sharedCorpus, format)) {
			if Sniff(filepath.Base(name), data[:min(len(data), 8192)]) {
				t.Errorf("%s sniffed as a manifest", name)
			}
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		rel, head string
		want      bool
	}{
		{"k8s/app.yaml", "apiVersion: v1\nkind: Service\n", true},
		{"k8s/app.yml", "# c\n---\nkind: Service\napiVersion: v1\n", true},
		{"<stdin>", "---\napiVersion: v1\nkind: Service\n", true},
		{"list.yaml", "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Service\nkind: List\n", true},
		{"svc.json", `{"apiVersion": "v1", "kind": "Service"}`, true},
		{"svc.JSON", `{"apiVersion": "v1", "kind": "Service"}`, true},
		{"svc.json", `{"kind": "Service"}`, false},
		{"swagger.json", `{"swagger": "2.0", "definitions": {"io.k8s.api.core.v1.Service": {"properties": {"apiVersion": {}, "kind": {}}}}}`, false},
		{"app.yaml", "name: app\nkind: thing\n", false},
		{"app.conf", "apiVersion: v1\nkind: Service\n", false},
		{"tolint.yaml", "apiVersion: v1\nkind: Service\n", false},
		{"chart/templates/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n", false},
		{"api.yaml", "openapi: 3.0.0\ninfo: {}\napiVersion: v1\nkind: x\n", false},
		{"envoy.yaml", "static_resources:\n  listeners: []\napiVersion: v1\nkind: x\n", false},
		{"doc.yaml", "text: 'apiVersion: v1 kind: x'\n", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.rel, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tt.rel, tt.head, got, tt.want)
		}
	}
}
