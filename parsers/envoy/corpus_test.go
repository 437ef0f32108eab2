package envoy

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the project's corpus of real configuration files, when present.
const sharedCorpus = "../../../shared/corpus"

// notEnvoy are corpus files that are no Envoy configuration although they sit in the
// envoy folder; Sniff rejects them and parsing them yields nothing.
var notEnvoy = map[string]string{
	"envoyproxy__go-control-plane__examples__dyplomat__bootstrap.yaml": "a list of Kubernetes API servers for the dyplomat example",
	"istio__istio__pkg__envoy__testdata__bootstrap.yaml":               "a two-key sample custom bootstrap overlay, no Envoy fields",
}

// invalid are corpus files that really are invalid, with the reason; each must give a
// parse error.
var invalid = map[string]string{
	"envoyproxy__nighthawk__test__integration__configurations__sni_origin.yaml": "its listener has filter_chains (and listener_filters) twice; YAML keys must be unique",
}

// corpusDirs are the folders of real Envoy files: the copies kept here, and the shared
// corpus when it is there.
var corpusDirs = []string{filepath.Join("testdata", "corpus"), filepath.Join(sharedCorpus, "envoy")}

// TestCorpus parses every real file of a folder together, as the loader does for a
// repository: no panic, no hang, positions inside the files, and no parse errors.
func TestCorpus(t *testing.T) {
	for _, dir := range corpusDirs {
		files := parsertest.ReadDir(t, dir)
		if len(files) == 0 {
			if dir == corpusDirs[0] {
				t.Fatal("no copied corpus files")
			}
			continue
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := input.NewTree(abs, abs)
		if err != nil {
			t.Fatal(err)
		}
		var rels []string
		srcs := map[string]string{}
		for name, data := range files {
			rels = append(rels, name)
			srcs[name] = string(data)
		}
		slices.Sort(rels)
		hops, listeners, pools := 0, 0, 0
		failed := map[string]bool{}
		for _, f := range ParseFiles(tree, rels, input.Options{}) {
			for _, err := range parsertest.YAMLPositionErrors(srcs, f) {
				t.Errorf("%s: %v", dir, err)
			}
			for _, d := range f.Diags {
				if d.Kind == graph.ParseError {
					failed[d.Pos.File] = true
					if _, ok := invalid[d.Pos.File]; !ok {
						t.Errorf("%s: %s: %s", dir, d.Pos, d.Message)
					}
				}
			}
			for _, h := range f.Hops {
				hops++
				listeners += len(h.Listeners)
				pools += len(h.Pools)
				if len(h.Listeners)+len(h.Pools) == 0 {
					if _, ok := notEnvoy[h.ID]; !ok && !onlyDynamic(srcs[h.ID]) {
						t.Errorf("%s: nothing read", h.ID)
					}
				}
			}
		}
		for name, reason := range invalid {
			if _, ok := files[name]; ok && !failed[name] {
				t.Errorf("%s: no parse error, although %s", name, reason)
			}
		}
		t.Logf("%s: %d files, %d hops, %d listeners, %d pools", dir, len(files), hops, listeners, pools)
	}
}

// onlyDynamic reports a bootstrap that gets all listeners and clusters from a management
// server (nothing static to read).
func onlyDynamic(src string) bool {
	return !strings.Contains(src, "static_resources") && !strings.Contains(src, "staticResources")
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"envoy.yaml", "static_resources:\n  listeners: []\n", true},
		{"deploy/front.yml", "admin:\n  address: {}\nstaticResources: {}\n", true},
		{"envoy.json", `{"static_resources": {"clusters": []}}`, true},
		{"xds/lds.yaml", "resources:\n- \"@type\": type.googleapis.com/envoy.config.listener.v3.Listener\n", true},
		{"xds/cds.yaml", "resources:\n- \"@type\": type.googleapis.com/envoy.api.v2.Cluster\n", true},
		{"bootstrap.yaml", "node: {id: a}\ndynamic_resources: {}\n", true},
		{"envoy.conf", "static_resources:\n", false},
		{"k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  envoy.yaml: |\n    static_resources:\n", false},
		{"k8s/filter.yaml", "---\napiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nspec:\n  configPatches:\n  - patch:\n      value:\n        typed_config:\n          \"@type\": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n", false},
		{"k8s/cm.json", `{"apiVersion": "v1", "kind": "ConfigMap", "data": {"envoy.yaml": "static_resources:"}}`, false},
		{"api.yaml", "openapi: 3.0.0\npaths:\n  /x:\n    description: static_resources\n", false},
		{"tolint.yaml", "hops:\n- name: envoy\n  config: static_resources\n", false},
		{"app.yaml", "server:\n  port: 8080\nnode: 1\n", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
	for _, dir := range append([]string{filepath.Join("testdata", "valid"), filepath.Join("testdata", "valid", "xds")}, corpusDirs...) {
		for name, data := range parsertest.ReadDir(t, dir) {
			_, other := notEnvoy[name]
			if got := Sniff(name, data[:min(len(data), input.HeadSize)]); got == other {
				t.Errorf("%s/%s: Sniff = %v", dir, name, got)
			}
		}
	}
	for _, format := range []string{"kubernetes", "openapi", "spring", "nginx", "haproxy", "terraform", "sysctl", "templated"} {
		for name, data := range parsertest.ReadDir(t, filepath.Join(sharedCorpus, format)) {
			if Sniff(name, data[:min(len(data), input.HeadSize)]) {
				t.Errorf("%s/%s: taken for Envoy", format, name)
			}
		}
	}
}
